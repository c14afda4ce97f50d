"""Issue 15, case 3, in Chromium: a create form sent twice saves once.

Two clicks or two presses of Enter on "Add the application" made two
applications; so did Back and sending the form again. The button now shows it
is working and ignores a second press, and the server saves one submission once
even with JavaScript off (accounts/once.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.once import ALREADY_SAVED_MESSAGE
from applications.models import Application
from tests.conftest import signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_application(page) -> list[str]:
    """Open the form and fill it in; returns the list the form's POSTs are counted into."""
    page.goto("/applications/new/")
    page.get_by_label("Job title").fill("Platform engineer")
    page.get_by_label("Or add a new company").fill("Lighthouse Labs")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    # Note how the pressed button looked just after the form was sent (the page
    # that follows reads it back from sessionStorage).
    page.evaluate(
        """() => document.querySelector("input[name=once_token]").form.addEventListener(
            "submit", (event) => {
                const button = event.submitter;
                if (button) sessionStorage.setItem("pressed",
                    button.textContent.trim() + "|" + button.getAttribute("aria-disabled"));
            })"""
    )
    return posts


def test_double_click_adds_one_application_and_the_button_shows_it_is_working(logged_in_page, user):
    page = logged_in_page
    posts = _fill_application(page)
    page.get_by_role("button", name="Add the application").dblclick(delay=100)

    expect(page.get_by_role("heading", level=1)).to_have_text("Platform engineer")
    page.wait_for_load_state("networkidle")
    assert len(posts) == 1
    assert Application.objects.filter(owner=user).count() == 1
    assert page.evaluate("sessionStorage.getItem('pressed')") == "Saving…|true"


def test_enter_pressed_twice_adds_one_application(logged_in_page, user):
    page = logged_in_page
    posts = _fill_application(page)
    page.get_by_label("Job title").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Platform engineer")
    page.wait_for_load_state("networkidle")
    assert len(posts) == 1
    assert Application.objects.filter(owner=user).count() == 1


@pytest.fixture
def no_script_page(browser, live_server, user):
    """Chromium with JavaScript turned off, with `user` signed in."""
    context = signed_in_context(browser, live_server, user, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_the_same_form_sent_again_without_javascript_leads_to_what_was_added(no_script_page, user):
    page = no_script_page
    page.goto("/applications/new/")
    page.get_by_label("Job title").fill("Platform engineer")
    page.get_by_label("Or add a new company").fill("Lighthouse Labs")
    page.get_by_role("button", name="Add the application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Platform engineer")
    first_url = page.url

    page.go_back()
    # The browser asks for the page again and puts back what was typed.
    expect(page.get_by_label("Job title")).to_have_value("Platform engineer")
    page.get_by_role("button", name="Add the application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Platform engineer")
    expect(page.get_by_text(ALREADY_SAVED_MESSAGE)).to_be_visible()
    assert page.url == first_url
    assert Application.objects.filter(owner=user).count() == 1
