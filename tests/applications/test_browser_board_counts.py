"""After a card moves in place (no reload), every count the board shows follows it:
the column's, the row of stages on a phone, the closed lane's total and its
per-stage summary. A move to Interviewing offers to add the interview, clearly
and to screen readers too."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from applications.models import Application, Status
from tests.crawl import axe_both_themes, log_in, new_context
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _phone_board(browser, live_server, user, password):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    context = new_context(browser, live_server.url, phone=True)
    log_in(context, live_server.url, user.email, password)
    page = context.new_page()
    page.goto("/applications/board/")
    return context, page


def _move_with_menu(page, pk: int, stage: str) -> None:
    card = page.locator(f"[data-application='{pk}']")
    card.locator("summary").click()
    card.get_by_role("button", name=stage, exact=True).click()


def test_on_a_phone_the_row_of_stages_follows_a_move(browser, live_server, user, password):
    company = CompanyFactory(owner=user, name="Contoso")
    first = ApplicationFactory(owner=user, company=company, status=Status.APPLIED, title="Planner")
    ApplicationFactory(owner=user, company=company, status=Status.APPLIED, title="Buyer")
    context, page = _phone_board(browser, live_server, user, password)
    stages = page.get_by_role("navigation", name="Stages")
    expect(stages.get_by_role("link", name="Applied 2")).to_be_visible()

    _move_with_menu(page, first.pk, "Screening")
    expect(page.locator("[data-board-status]")).to_contain_text("Moved Planner to Screening.")
    expect(stages.get_by_role("link", name="Applied 1")).to_be_visible()
    expect(stages.get_by_role("link", name="Screening 1")).to_be_visible()
    screening = page.locator(".rb-board-column[data-status='screening']")
    expect(screening.locator("[data-count]")).to_have_text("1")
    # The focus stays on the moved card, on its own Move to…
    assert page.evaluate(
        f"document.activeElement.closest('[data-application]')?.dataset.application === '{first.pk}'"
    )
    context.close()


def test_the_closed_lane_s_total_and_summary_follow_moves(browser, live_server, user, password):
    card = ApplicationFactory(owner=user, status=Status.OFFER, title="Editor")
    ApplicationFactory(owner=user, status=Status.NO_RESPONSE)
    context, page = _phone_board(browser, live_server, user, password)
    lane = page.locator("[data-closed-lane]")
    summary = lane.locator(":scope > summary")
    stages = page.get_by_role("navigation", name="Stages")
    expect(summary).to_contain_text("Withdrawn 0 · No response 1")
    expect(stages.get_by_role("link", name="Closed 1")).to_be_visible()

    _move_with_menu(page, card.pk, "Withdrawn")
    expect(page.locator("[data-board-status]")).to_contain_text("Moved Editor to Withdrawn.")
    expect(summary).to_contain_text("Withdrawn 1 · No response 1")
    expect(summary.locator("[data-count-of='closed']")).to_have_text("2")
    expect(stages.get_by_role("link", name="Closed 2")).to_be_visible()
    expect(stages.get_by_role("link", name="Offer 0")).to_be_visible()

    # And back out of the lane, with the keyboard alone.
    summary.click()
    page.locator(f"[data-application='{card.pk}'] .rb-grab").focus()
    page.keyboard.press("Space")
    for _ in range(4):  # Withdrawn -> No response -> Interested -> Applied -> Screening
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    expect(page.locator("[data-board-status]")).to_contain_text("Moved Editor to Screening.")
    expect(summary).to_contain_text("Withdrawn 0 · No response 1")
    expect(stages.get_by_role("link", name="Closed 1")).to_be_visible()
    expect(stages.get_by_role("link", name="Screening 1")).to_be_visible()
    assert Application.objects.get(pk=card.pk).status == Status.SCREENING
    context.close()


def test_a_move_to_interviewing_offers_the_interview_clearly(browser, live_server, user, password):
    company = CompanyFactory(owner=user, name="Litware")
    card = ApplicationFactory(owner=user, company=company, status=Status.SCREENING, title="Tester")
    # Enough cards below for the page to scroll.
    for _ in range(8):
        ApplicationFactory(owner=user, company=company, status=Status.SCREENING)
    context, page = _phone_board(browser, live_server, user, password)
    status = page.get_by_role("status").filter(has_text="Moved")
    _move_with_menu(page, card.pk, "Interviewing")

    # Said in the live region, with the offer as a button-styled link in it.
    expect(status).to_contain_text("Moved Tester to Interviewing.")
    offer = status.get_by_role("link", name="Add the interview for Tester")
    expect(offer).to_be_visible()
    assert "btn" in offer.get_attribute("class")
    assert offer.get_attribute("href") == f"/applications/{card.pk}/interviews/new/"
    # The card carries the offer too, next to the focus.
    moved = page.locator(f"[data-application='{card.pk}']")
    expect(moved.get_by_role("link", name="Add the interview for Tester")).to_be_visible()

    # The message stays in view while the page scrolls down the board.
    page.mouse.wheel(0, 900)
    page.wait_for_function("() => window.scrollY > 300")
    box = page.locator("[data-board-status-box]").bounding_box()
    assert 0 <= box["y"] < 100
    expect(offer).to_be_in_viewport()

    assert axe_both_themes(page) == []

    # Dismissed: the message goes and the focus returns to the card's handle.
    close = page.locator("[data-board-status-close]")
    expect(close).to_have_accessible_name("Dismiss this message")
    close.click()
    expect(page.locator("[data-board-status]")).to_have_text("")
    expect(close).to_be_hidden()
    assert page.evaluate(
        f"document.activeElement.matches(\"[data-application='{card.pk}'] .rb-grab\")"
    )

    # A further move takes the offer off the card.
    _move_with_menu(page, card.pk, "Offer")
    expect(status).to_contain_text("Moved Tester to Offer.")
    expect(moved.get_by_role("link", name="Add the interview for Tester")).to_have_count(0)
    expect(status.get_by_role("link")).to_have_count(0)
    context.close()


def test_without_javascript_the_offer_is_a_button_in_the_message(
    browser, live_server, user, password
):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    card = ApplicationFactory(owner=user, status=Status.SCREENING, title="Analyst")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.goto("/applications/board/")
    _move_with_menu(page, card.pk, "Interviewing")
    message = page.get_by_role("status").filter(has_text="Moved Analyst to Interviewing.")
    offer = message.get_by_role("link", name="Add the interview")
    expect(offer).to_be_visible()
    assert "btn" in offer.get_attribute("class")
    context.close()
