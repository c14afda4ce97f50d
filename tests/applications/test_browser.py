import pytest
from playwright.sync_api import expect

from applications.models import Application, Status
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _card(page, title):
    return page.locator("[data-application]").filter(has_text=title)


def test_add_move_through_the_board_and_schedule_an_interview(logged_in_page, user):
    page = logged_in_page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    page.get_by_role("link", name="Add your first application").click()

    page.get_by_label("Job title").fill("Platform engineer")
    page.get_by_label("Or add a new company").fill("Lighthouse Labs")
    page.get_by_label("How much you want it").select_option("4")
    page.get_by_role("button", name="Add the application").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Platform engineer")
    expect(page.get_by_text("Added Platform engineer at Lighthouse Labs.")).to_be_visible()
    application = Application.objects.get(owner=user)
    assert application.company.name == "Lighthouse Labs"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Board").click()
    applied = page.locator(".rb-board-column[data-status='applied']")
    expect(_card(applied, "Platform engineer")).to_be_visible()
    for stage, label in [("screening", "Screening"), ("interviewing", "Interviewing")]:
        # The card's own "Move to…" lists the other stages.
        card = _card(page, "Platform engineer")
        card.locator("summary", has_text="Move to…").click()
        card.get_by_role("button", name=label, exact=True).click()
        column = page.locator(f".rb-board-column[data-status='{stage}']")
        expect(_card(column, "Platform engineer")).to_be_visible()
        expect(page.get_by_text(f"Moved Platform engineer to {label}.")).to_be_visible()

    # The card now also offers to add the interview; its title leads to its page.
    _card(page, "Platform engineer").get_by_role(
        "link", name="Platform engineer", exact=True
    ).click()
    page.get_by_role("link", name="Add an interview").first.click()
    page.get_by_label("Date and time").fill("2030-04-02T10:30")
    page.get_by_label("Add an interviewer").fill("Morgan Lee")
    page.get_by_label("Questions they asked").fill(
        "Walk me through an outage you handled.\nWhy Lighthouse?"
    )
    page.get_by_role("button", name="Add the interview").click()

    expect(page.get_by_text("Interview saved for Tuesday 2 April at 10:30.")).to_be_visible()
    interviews = page.locator("section[aria-labelledby='interviews-heading']")
    expect(interviews.get_by_text("With Morgan Lee")).to_be_visible()
    interviews.get_by_text("2 questions they asked").click()
    expect(interviews.get_by_text("Why Lighthouse?")).to_be_visible()
    timeline = page.locator(".rb-timeline")
    expect(timeline.get_by_text("Interview, round 1 (Video)")).to_be_visible()
    expect(timeline.get_by_text("Screening → Interviewing")).to_be_visible()
    expect(timeline.get_by_text("Applied → Screening")).to_be_visible()
    expect(timeline.get_by_text("Added as Applied")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    assert application.interviews.get().questions.count() == 2


def test_drag_a_card_to_another_column(logged_in_page, user):
    ApplicationFactory(owner=user, title="Data analyst", status=Status.APPLIED)
    page = logged_in_page
    page.goto("/applications/board/")
    card = _card(page, "Data analyst")
    target = page.locator(".rb-board-column[data-status='offer']")
    card.drag_to(target)
    expect(_card(target, "Data analyst")).to_be_visible()
    expect(target.locator("[data-count]")).to_have_text("1")
    page.wait_for_function("document.querySelector('[data-board-status]').textContent !== ''")
    assert Application.objects.get(owner=user).status == Status.OFFER
    # The column it left counts one fewer, including the cards it does not show.
    expect(page.locator(".rb-board-column[data-status='applied'] [data-count]")).to_have_text("0")
    # Its menu now offers the stages from its new column: moving it on from there
    # works without reloading the page.
    card.locator("summary", has_text="Move to…").click()
    expect(card.get_by_role("button", name="Offer", exact=True)).to_be_hidden()
    expect(card.get_by_role("button", name="Applied", exact=True)).to_be_visible()
    card.get_by_role("button", name="Accepted", exact=True).click()
    expect(page.get_by_text("Moved Data analyst to Accepted.")).to_be_visible()
    assert Application.objects.get(owner=user).status == Status.ACCEPTED


def test_list_shows_cards_on_a_phone(phone_page, live_server, user):
    from django.conf import settings
    from django.test import Client

    ApplicationFactory(owner=user, title="Support lead", status=Status.SCREENING)
    client = Client()
    client.force_login(user)
    phone_page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    phone_page.goto("/applications/")
    expect(phone_page.locator(".rb-cards").get_by_text("Support lead")).to_be_visible()
    expect(phone_page.locator("table")).to_be_hidden()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.goto("/applications/board/")
    expect(phone_page.get_by_role("heading", name="Board")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
