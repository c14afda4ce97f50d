"""Issue 15: create forms, a rejection recorded in two tabs, and the save sent as
a tab closes keep every word, in a real Chromium against the live server."""

import re
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from applications.models import Application, Interview
from feedback.models import Reflection, Rejection
from practice.models import PlanItem, Question, Story
from tests.factories import ApplicationFactory, PlanFactory, RejectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait_for(page, condition):
    """Poll the database while the page's scripts run."""
    for _ in range(100):
        if condition():
            return
        page.wait_for_timeout(100)
    assert condition()


def _copies(page) -> list[str]:
    return page.evaluate(
        "Object.keys(localStorage).filter((key) => key.startsWith('rb-autosave:'))"
    )


@dataclass
class CreatePage:
    name: str
    # Given the test's user, sets up what the page needs and returns its URL.
    url: Any
    # Fields filled before the text under test, so the form is valid (selector, value).
    required: tuple[tuple[str, str], ...]
    field: str
    button: str
    saved: Any  # Returns the saved text, or None while nothing is saved.
    # False where the page, once used, leads to what it made (one rejection per application).
    opens_again: bool = True


def _first(queryset, name):
    row = queryset.first()
    return getattr(row, name) if row else None


CREATE_PAGES = [
    CreatePage(
        "rejection",
        lambda user: (
            f"/feedback/applications/{ApplicationFactory(owner=user, date_applied=None).pk}"
            "/rejection/new/"
        ),
        (),
        "#id_reason",
        "Record the rejection",
        lambda: _first(Rejection.objects.all(), "reason"),
        opens_again=False,
    ),
    CreatePage(
        "story",
        lambda user: "/practice/stories/new/",
        (("#id_title", "The redesign"),),
        "#id_action",
        "Save story",
        lambda: _first(Story.objects.all(), "action"),
    ),
    CreatePage(
        "question",
        lambda user: "/practice/questions/new/",
        (),
        "#id_text",
        "Save question",
        lambda: _first(Question.objects.filter(owner__isnull=False), "text"),
    ),
    CreatePage(
        "application",
        lambda user: "/applications/new/",
        (("#id_title", "Product designer"), ("#id_new_company_name", "Northwind")),
        "#id_notes",
        "Add the application",
        lambda: _first(Application.objects.all(), "notes"),
    ),
    CreatePage(
        "interview",
        lambda user: (
            f"/applications/{ApplicationFactory(owner=user, date_applied=None).pk}/interviews/new/"
        ),
        (("#id_round", "1"), ("#id_starts_at", "2026-12-20T10:30")),
        "#id_notes",
        "Add the interview",
        lambda: _first(Interview.objects.all(), "notes"),
    ),
    CreatePage(
        "plan item",
        lambda user: f"/practice/plans/{PlanFactory(owner=user).pk}/items/new/?kind=advice",
        (),
        "#id_text",
        "Add to the plan",
        lambda: _first(PlanItem.objects.filter(kind="advice"), "text"),
    ),
]


@pytest.mark.parametrize("create", CREATE_PAGES, ids=lambda c: c.name)
def test_a_create_page_keeps_what_is_typed(logged_in_page, user, password, create):
    """A reload mid-typing, the Back button and a session that ended before the
    Save: the words come back each time, and the copy kept in the browser goes
    once the record is saved."""
    page = logged_in_page
    url = create.url(user)
    page.goto(url)
    for selector, value in create.required:
        page.locator(selector).fill(value)
    page.locator(create.field).fill("Words typed before a reload.")

    page.reload()
    expect(page.locator(create.field)).to_have_value("Words typed before a reload.")
    for selector, value in create.required:
        expect(page.locator(selector)).to_have_value(value)

    page.locator(create.field).fill("Words typed before leaving the page.")
    page.goto("/home/")
    page.go_back()
    page.wait_for_url(f"**{url}")
    expect(page.locator(create.field)).to_have_value("Words typed before leaving the page.")

    page.locator(create.field).fill("Words typed after the session ended.")
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name=create.button, exact=True).click()
    page.wait_for_url("**/accounts/login/**")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"**{url}")
    expect(page.locator(create.field)).to_have_value("Words typed after the session ended.")
    expect(page.get_by_text("Restored what you typed here before")).to_be_visible()
    assert create.saved() is None

    page.get_by_role("button", name=create.button, exact=True).click()
    _wait_for(page, lambda: create.saved() == "Words typed after the session ended.")
    page.wait_for_load_state()
    _wait_for(page, lambda: _copies(page) == [])
    # Opened again, the create page is empty: the copy went with the save.
    if not create.opens_again:
        return
    page.goto(url)
    expect(page.locator(create.field)).to_have_value("")
    expect(page.get_by_text("Restored what you typed")).to_have_count(0)


def test_a_rejection_recorded_in_two_tabs_keeps_the_second_tabs_words(logged_in_page, user):
    """Tab one records the rejection while tab two is still typing: tab two's
    words are kept, beside what tab one saved, and the person chooses."""
    application = ApplicationFactory(owner=user, date_applied=None)
    url = f"/feedback/applications/{application.pk}/rejection/new/"
    tab_one = logged_in_page
    tab_two = tab_one.context.new_page()
    tab_one.goto(url)
    tab_two.goto(url)

    tab_one.locator("#id_reason").fill("Written in tab one.")
    tab_one.get_by_role("button", name="Record the rejection").click()
    tab_one.wait_for_url(re.compile(r"/feedback/rejections/\d+/$"))
    rejection = Rejection.objects.get()

    tab_two.locator("#id_reason").fill("Written in tab two.")
    tab_two.locator("#id_message").fill("Their whole email, pasted in tab two.")
    tab_two.get_by_role("button", name="Record the rejection").click()
    expect(tab_two.get_by_text("already recorded this rejection")).to_be_visible()
    expect(tab_two.locator("#id_reason")).to_have_value("Written in tab two.")
    expect(tab_two.locator("#id_message")).to_have_value("Their whole email, pasted in tab two.")
    expect(
        tab_two.get_by_text("Saved in the meantime: Written in tab one.", exact=True)
    ).to_be_visible()
    assert Rejection.objects.get().reason == "Written in tab one."

    # Saving keeps what is in the boxes, on the one rejection.
    tab_two.get_by_role("button", name="Save changes").click()
    tab_two.wait_for_url(f"**{rejection.get_absolute_url()}")
    rejection = Rejection.objects.get()
    assert rejection.reason == "Written in tab two."
    assert rejection.message == "Their whole email, pasted in tab two."
    _wait_for(tab_two, lambda: _copies(tab_two) == [])


def test_the_save_sent_as_the_page_closes_is_kept(logged_in_page, user):
    """Leaving a writing page before the autosave's pause is over sends what was
    typed with navigator.sendBeacon on `pagehide`; Django's CSRF check lets it in."""
    page = logged_in_page
    rejection = RejectionFactory(owner=user)

    def only_the_beacon(route):
        # The autosave's own fetch is refused, so only the beacon can save. (Playwright
        # does not see beacons at all: they go straight through.)
        if route.request.resource_type == "fetch":
            route.abort()
        else:
            route.continue_()

    page.route("**/reflection/autosave/", only_the_beacon)
    page.goto(f"/feedback/rejections/{rejection.pk}/reflection/")
    page.get_by_label("What went well?").fill("Typed just before leaving.")
    page.goto("/home/")
    _wait_for(
        page,
        lambda: Reflection.objects.filter(went_well="Typed just before leaving.").exists(),
    )
