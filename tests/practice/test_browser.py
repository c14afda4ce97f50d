import re

import pytest
from playwright.sync_api import expect

from practice.models import Plan
from tests.practice.conftest import make_compared_rejection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _rate(page, label: str, note: str = "") -> None:
    page.locator("label.rb-rating-choice", has_text=label).click()
    if note:
        page.get_by_label("Note for next time").fill(note)
    page.get_by_role("button", name="Save rating").click()


def test_from_a_compared_call_to_a_ready_question(logged_in_page, user):
    page = logged_in_page
    rejection = make_compared_rejection(user)

    # The comparison ends by offering the practice plan.
    page.goto(f"/feedback/rejections/{rejection.pk}/comparison/")
    page.get_by_role("link", name=re.compile("practice plan", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Make a practice plan from this rejection"
    )
    expect(page.get_by_text("Use numbers in your examples.")).to_be_visible()
    page.get_by_role("button", name="Create the practice plan").click()

    plan = Plan.objects.get(owner=user)
    page.wait_for_url(f"**/practice/plans/{plan.pk}/")
    expect(page.get_by_text("Evidence, Questions", exact=True)).to_be_visible()
    question = "How would you cut our onboarding time?"
    expect(page.get_by_role("link", name=question, exact=True)).to_be_visible()

    # Practise the question from the real interview, with the timer.
    page.locator(".rb-plan-item", has_text=question).get_by_role(
        "link", name=re.compile("^Practise")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(question)
    timer = page.get_by_role("timer")
    expect(timer).to_have_text("2:00")
    page.get_by_role("button", name="Start the timer").click()
    expect(page.locator("[data-rb-timer-status]")).to_have_text("Timer started: 2 minutes.")
    expect(timer).to_have_text(re.compile(r"1:5\d"), timeout=5000)
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    _rate(page, "4 – good", note="Lead with the number.")
    expect(page.get_by_text("Rating saved. This question comes back")).to_be_visible()

    # Back to the plan: one good answer of two.
    page.goto(plan.get_absolute_url())
    row = page.locator(".rb-plan-item", has_text=question)
    expect(row).to_contain_text("1 of 2 good answers")

    # A second good answer makes it ready.
    row.get_by_role("link", name=re.compile("^Practise")).click()
    expect(page.get_by_text("Lead with the number.")).to_be_visible()  # last note shown
    _rate(page, "5 – I would be happy")
    expect(page.get_by_text(f"“{question}” is now ready")).to_be_visible()
    page.goto(plan.get_absolute_url())
    row = page.locator(".rb-plan-item", has_text=question)
    expect(row.get_by_text("Ready", exact=True)).to_be_visible()
    expect(row.get_by_role("button", name=re.compile("^Done. Untick"))).to_be_visible()
    progress = page.locator("progress.rb-progress")
    assert int(progress.get_attribute("value")) > 0


def test_practice_screen_works_at_phone_width(logged_in_page, user):
    from tests.factories import PlanItemFactory

    item = PlanItemFactory(plan__owner=user)
    page = logged_in_page
    page.set_viewport_size({"width": 375, "height": 740})
    for url in (
        f"/practice/items/{item.pk}/practise/",
        item.plan.get_absolute_url(),
        "/practice/questions/",
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
    page.goto(f"/practice/items/{item.pk}/practise/")
    expect(page.get_by_role("button", name="Start the timer")).to_be_visible()


def test_practising_works_without_javascript(browser, live_server, user):
    from tests.factories import PlanItemFactory

    item = PlanItemFactory(plan__owner=user, question__text="Why this team?")
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto(f"/practice/items/{item.pk}/practise/")
        expect(page.get_by_text("Aim for about two minutes")).to_be_visible()
        expect(page.get_by_role("timer")).to_be_hidden()
        expect(page.get_by_role("button", name="Start recording")).to_be_hidden()
        expect(page.get_by_role("button", name="Transcribe on this device")).to_be_hidden()
        page.get_by_label("Your answer, as text").fill("I asked the team what slowed them down.")
        _rate(page, "4 – good")
        expect(page.get_by_text("Rating saved.")).to_be_visible()
        attempt = item.attempts.get()
        assert attempt.rating == 4
        assert attempt.transcript == "I asked the team what slowed them down."
    finally:
        context.close()
