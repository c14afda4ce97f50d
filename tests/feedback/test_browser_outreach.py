"""The outreach part of the loop in a real browser: draft and send the feedback
request, book the call, take notes (autosaved) and the interviewer's view, and
reach the comparison."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import CallQuestion, FeedbackCall, FeedbackRequest, RubricRating
from tests.factories import ContactFactory, RejectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_until(page, condition, timeout_ms=5000):
    """Poll the database while the page's scripts run."""
    for _ in range(timeout_ms // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    assert condition()


@pytest.fixture
def rejection(user):
    rejection = RejectionFactory(
        owner=user, application__title="Service designer", application__company__name="Acme Ltd"
    )
    ContactFactory(
        owner=user,
        company=rejection.application.company,
        name="Sam Okafor",
        role="hiring_manager",
        email="sam@acme.example",
    )
    ContactFactory(
        owner=user, company=rejection.application.company, name="Rae Recruiter", role="recruiter"
    )
    return rejection


def test_request_to_call_notes_to_comparison(logged_in_page, rejection, user):
    page = logged_in_page
    page.goto(f"/feedback/rejections/{rejection.pk}/request/new/")
    warning = page.get_by_text("This person is not marked as the hiring manager")
    expect(warning).to_be_hidden()
    page.get_by_label("Rae Recruiter").check()
    expect(warning).to_be_visible()
    page.get_by_label("Sam Okafor").check()
    expect(warning).to_be_hidden()
    page.get_by_label("Brief email").check()
    page.get_by_label("Evidence").check()
    page.get_by_role("button", name="Draft the message").click()

    expect(page.get_by_role("heading", name="Feedback request to Sam Okafor")).to_be_visible()
    expect(page.locator("#request-body")).to_contain_text(user.display_name)
    expect(page.locator("#request-body")).to_contain_text(
        "which of my examples convinced you least"
    )
    mailto = page.get_by_role("link", name="Open in your email program")
    expect(mailto).to_have_attribute("href", re.compile(r"^mailto:sam@acme\.example\?subject="))
    expect(page.get_by_role("button", name="Copy the message")).to_be_visible()

    page.get_by_role("button", name="Mark it sent").click()
    expect(page.get_by_text("Marked as sent.")).to_be_visible()
    feedback_request = FeedbackRequest.objects.get()
    assert feedback_request.is_sent and feedback_request.follow_up_due

    page.get_by_label("A call is booked").check()
    page.get_by_role("button", name="Save what happened").click()
    expect(page.get_by_role("heading", name="Add a feedback call")).to_be_visible()
    page.get_by_label("When is the call?").fill("2030-03-04T14:30")
    page.get_by_role("button", name="Book the call and prepare questions").click()
    expect(page.get_by_role("heading", name="Prepare for the call with Sam Okafor")).to_be_visible()

    page.get_by_role("link", name="Go to the notes page").click()
    call = FeedbackCall.objects.get()
    first = call.questions.first()
    box = page.locator(f"#id_answer_{first.pk}")
    box.fill("They wanted results with numbers.")
    saved = page.locator("[data-rb-saved-state]")
    expect(saved).to_have_text(re.compile(r"^Saved \d\d:\d\d$"))
    assert CallQuestion.objects.get(pk=first.pk).answer == "They wanted results with numbers."

    page.locator("#id_rating_evidence").select_option("2")
    page.locator("#id_note_evidence").fill("Examples lacked a result.")
    wait_until(
        page,
        lambda: RubricRating.objects.filter(
            source="feedback", area="evidence", rating=2, note="Examples lacked a result."
        ).exists(),
    )
    expect(saved).to_have_text(re.compile(r"^Saved \d\d:\d\d$"))

    comparison = page.get_by_role("link", name="Compare with your reflection")
    expect(comparison).to_have_attribute("href", f"/feedback/rejections/{rejection.pk}/comparison/")
    comparison.click()
    expect(page).to_have_url(re.compile(rf"/feedback/rejections/{rejection.pk}/comparison/$"))


def test_notes_typed_after_the_session_ended_come_back_after_logging_in(
    logged_in_page, rejection, user, password
):
    from feedback.services import feedback_call_create

    call = feedback_call_create(rejection=rejection, user=user, scheduled_at=rejection.created_at)
    first = call.questions.first()
    page = logged_in_page
    page.goto(f"/feedback/calls/{call.pk}/notes/")
    # The session ends (the CSRF cookie stays, as it would after a session expiry).
    context = page.context
    cookies = [c for c in context.cookies() if c["name"] != "sessionid"]
    context.clear_cookies()
    context.add_cookies(cookies)

    page.locator(f"#id_answer_{first.pk}").fill("Typed while logged out.")
    expect(page.locator("[data-rb-saved-state]")).to_contain_text("you have been logged out")
    assert CallQuestion.objects.get(pk=first.pk).answer == ""

    page.goto(f"/accounts/login/?next=/feedback/calls/{call.pk}/notes/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(re.compile(rf"/feedback/calls/{call.pk}/notes/$"))
    expect(page.locator(f"#id_answer_{first.pk}")).to_have_value("Typed while logged out.")
    wait_until(
        page,
        lambda: CallQuestion.objects.get(pk=first.pk).answer == "Typed while logged out.",
    )
    expect(page.locator("[data-rb-saved-state]")).to_have_text(re.compile(r"^Saved \d\d:\d\d$"))


def test_outreach_pages_pass_axe_in_both_themes(browser, live_server):
    """The site crawl stops at a page budget, so check these pages directly."""
    from django.urls import reverse

    from feedback.models import Rejection, SubjectAccessRequest
    from tests.crawl import (
        DEMO_EMAIL,
        DEMO_PASSWORD,
        _run_axe,
        _wait_for_theme,
        create_demo_person,
        log_in,
        new_context,
    )

    person = create_demo_person()
    request = FeedbackRequest.objects.owned_by(person).order_by("pk").first()
    call = FeedbackCall.objects.owned_by(person).order_by("pk").first()
    sar = SubjectAccessRequest.objects.owned_by(person).order_by("pk").first()
    rejection = Rejection.objects.owned_by(person).order_by("pk").first()
    if sar is None:
        from feedback.services import subject_access_request_create

        sar = subject_access_request_create(
            rejection=rejection,
            user=person,
            organisation_name=rejection.application.company.name,
            addressed_to="",
            law="uk",
        )
    assert request and call and rejection
    paths = [
        reverse("feedback:request_create", args=[rejection.pk]),
        reverse("feedback:request_detail", args=[request.pk]),
        reverse("feedback:request_update", args=[request.pk]),
        reverse("feedback:request_follow_up", args=[request.pk]),
        reverse("feedback:call_create", args=[rejection.pk]),
        reverse("feedback:call_detail", args=[call.pk]),
        reverse("feedback:call_prepare", args=[call.pk]),
        reverse("feedback:call_notes", args=[call.pk]),
        reverse("feedback:call_thank_you", args=[call.pk]),
        reverse("feedback:sar_create", args=[rejection.pk]),
        reverse("feedback:sar_detail", args=[sar.pk]),
        reverse("feedback:sar_update", args=[sar.pk]),
    ]
    context = new_context(browser, live_server.url)
    log_in(context, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        for theme in ("light", "dark"):
            page.emulate_media(color_scheme=theme)
            _wait_for_theme(page, theme)
            for violation in _run_axe(page):
                problems.append(f"{path} ({theme}): {violation['id']}: {violation['help']}")
        page.emulate_media(color_scheme="light")
    context.close()
    assert problems == []
    assert errors == []
