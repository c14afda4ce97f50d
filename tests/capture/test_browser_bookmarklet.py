"""The bookmarklet from Settings, on a local job page, and the installed app offline."""

from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from applications.models import Application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = Path(__file__).parent / "pages"
JOB_PAGE = "https://jobs.example.test/postings/412"


def _bookmarklet_code(page) -> str:
    page.goto("/settings/")
    href = page.locator("#rb-bookmarklet").get_attribute("href")
    assert href.startswith("javascript:")
    return unquote(href.removeprefix("javascript:"))


def test_the_bookmarklet_opens_the_add_form_filled_in_from_a_strict_csp_job_page(
    logged_in_page, user
):
    page = logged_in_page
    code = _bookmarklet_code(page)
    # A job site of its own origin, whose policy forbids every script of its own.
    page.context.route(
        "https://jobs.example.test/**",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": "default-src 'none'; script-src 'none'"},
            body=(PAGES / "jsonld_graph.html").read_text(encoding="utf-8"),
        ),
    )
    page.goto(JOB_PAGE)
    # Playwright runs the bookmark's code the way the browser runs a clicked
    # bookmarklet: outside the page's Content Security Policy.
    with page.context.expect_page() as opened:
        page.evaluate(code)
    rebound = opened.value
    rebound.wait_for_url("**/applications/new/?posting=*")
    expect(rebound.get_by_label("Job title")).to_have_value("Senior Product Designer")
    expect(rebound.get_by_label("Or add a new company")).to_have_value("Northwind Health & Care")
    expect(rebound.get_by_label("Job posting link")).to_have_value(JOB_PAGE)
    expect(rebound.get_by_label("Salary to")).to_have_value("72000")
    # The fragment was sent by Rebound's own page, and is gone from the address.
    assert "#" not in rebound.url
    assert Application.objects.filter(owner=user).count() == 0
    rebound.get_by_role("button", name="Add the application").click()
    expect(rebound.get_by_role("heading", level=1)).to_have_text("Senior Product Designer")
    assert Application.objects.get(owner=user).posting_url == JOB_PAGE


def test_what_the_bookmark_sent_cannot_be_read_says_so_and_offers_paste(logged_in_page):
    page = logged_in_page
    page.goto("/capture/posting/#%7Bnot-json")
    expect(page.get_by_text("Rebound could not read what the bookmark sent")).to_be_visible()
    expect(page.get_by_label("The page's text or HTML")).to_have_value("")


def test_the_installed_app_shows_the_offline_page_without_a_connection(phone_page, user, password):
    # On a phone, where the app is installed. (The phone page does not fail on console
    # errors: going offline logs the failed request, as it should.)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page = phone_page
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/home/")
    # An installed app registers the worker itself (static/js/webapp.js); a test tab does not.
    page.evaluate(
        "async () => { await navigator.serviceWorker.register('/sw.js');"
        " await navigator.serviceWorker.ready; }"
    )
    page.reload()  # Now controlled by the worker.
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    try:
        page.goto("/applications/")
        expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    finally:
        page.context.set_offline(False)
    page.goto("/applications/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("You are offline")
