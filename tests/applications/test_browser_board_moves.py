"""Moving a card on the board: with the keyboard alone, by touch on a phone, and
with no script at all; the board passes axe in both themes while a card is carried."""

import json

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from applications.models import Application, Status
from tests.crawl import axe_both_themes, log_in, new_context
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _verified(user) -> None:
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _status(pk: int) -> str:
    return Application.objects.values_list("status", flat=True).get(pk=pk)


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_move_a_card_with_the_keyboard_alone(logged_in_page, user):
    company = CompanyFactory(owner=user, name="Northwind")
    card = ApplicationFactory(owner=user, company=company, status=Status.APPLIED, title="Analyst")
    page = logged_in_page
    page.goto("/applications/board/")
    live = page.locator("[data-board-status]")
    handle = f"[data-application='{card.pk}'] .rb-grab"

    _tab_to(page, handle)
    expect(page.locator(handle)).to_have_accessible_name("Drag Analyst")
    # Picked up, moved one column right, then cancelled: nothing changes.
    page.keyboard.press("Space")
    expect(live).to_contain_text("Picked up Analyst in Applied")
    page.keyboard.press("ArrowRight")
    expect(live).to_have_text("Over Screening. Space to drop Analyst here.")
    page.keyboard.press("Escape")
    expect(live).to_have_text("Analyst stays in Applied.")
    assert _status(card.pk) == Status.APPLIED

    # Picked up again, two columns right, dropped.
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(live).to_contain_text("Over Interviewing.")
    page.keyboard.press("Space")
    expect(live).to_contain_text("Moved Analyst to Interviewing.")
    expect(live.get_by_role("link", name="Add the interview")).to_be_visible()
    interviewing = page.locator(".rb-board-column[data-status='interviewing']")
    expect(interviewing.locator(f"[data-application='{card.pk}']")).to_be_visible()
    expect(interviewing.locator("[data-count]")).to_have_text("1")
    assert _status(card.pk) == Status.INTERVIEWING
    # The focus stays on the card's handle, ready for the next move.
    assert page.evaluate(f"document.activeElement.matches({json.dumps(handle)})")

    # The card's own "Move to…" works from the keyboard too.
    _tab_to(page, f"[data-application='{card.pk}'] summary")
    page.keyboard.press("Enter")
    _tab_to(page, f"[data-application='{card.pk}'] button[value='offer']", limit=10)
    page.keyboard.press("Enter")
    expect(live).to_contain_text("Moved Analyst to Offer.")
    assert _status(card.pk) == Status.OFFER


def test_each_card_moves_without_javascript(browser, live_server, user, password):
    _verified(user)
    card = ApplicationFactory(owner=user, status=Status.APPLIED, title="Writer")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.goto("/applications/board/")
    row = page.locator(f"[data-application='{card.pk}']")
    row.locator("summary").click()
    row.get_by_role("button", name="Screening", exact=True).click()
    expect(page.get_by_text("Moved Writer to Screening.")).to_be_visible()
    assert page.url.endswith("/applications/board/")
    screening = page.locator(".rb-board-column[data-status='screening']")
    expect(screening.locator(f"[data-application='{card.pk}']")).to_be_visible()
    context.close()


def _touch(cdp, kind: str, x: float, y: float) -> None:
    points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def test_drag_a_card_by_touch_on_a_phone(browser, live_server, user, password):
    _verified(user)
    card = ApplicationFactory(owner=user, status=Status.INTERESTED, title="Courier")
    context = new_context(browser, live_server.url, phone=True)
    log_in(context, live_server.url, user.email, password)
    page = context.new_page()
    page.goto("/applications/board/")
    handle = page.locator(f"[data-application='{card.pk}'] .rb-grab")
    expect(handle).to_be_visible()
    handle.scroll_into_view_if_needed()
    start = handle.bounding_box()
    # The next column (Applied) peeks in at the right edge of the phone.
    applied = page.locator(".rb-board-column[data-status='applied']").bounding_box()
    target_x = (applied["x"] + min(applied["x"] + applied["width"], 375)) / 2
    target_y = applied["y"] + 40
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    cdp = context.new_cdp_session(page)
    _touch(cdp, "touchStart", x, y)
    steps = 6
    for i in range(1, steps + 1):
        _touch(cdp, "touchMove", x + (target_x - x) * i / steps, y + (target_y - y) * i / steps)
    _touch(cdp, "touchEnd", target_x, target_y)
    expect(page.locator("[data-board-status]")).to_contain_text("Moved Courier to Applied.")
    assert _status(card.pk) == Status.APPLIED
    # The board scrolls sideways; the page does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_the_board_passes_axe_in_both_themes(browser, live_server, user, password):
    _verified(user)
    company = CompanyFactory(owner=user, name="Fabrikam")
    for status in (Status.APPLIED, Status.INTERVIEWING, Status.REJECTED, Status.ACCEPTED):
        ApplicationFactory(owner=user, company=company, status=status, interest=4)
    context = new_context(browser, live_server.url)
    log_in(context, live_server.url, user.email, password)
    page = context.new_page()
    page.goto("/applications/board/")
    # A menu open and the closed lane open, so their contents are checked too.
    page.locator("[data-application] summary").first.click()
    page.locator("[data-closed-lane] > summary").click()
    page.locator(".rb-grab").first.focus()
    page.keyboard.press("Space")
    assert axe_both_themes(page) == []
    context.close()


def test_quick_add_from_the_board(logged_in_page, user):
    CompanyFactory(owner=user, name="Tailspin Toys")
    ApplicationFactory(owner=user, status=Status.INTERESTED, title="Buyer")
    page = logged_in_page
    page.goto("/applications/board/")
    quick = page.get_by_role("form", name="Quick add")
    quick.get_by_label("Job title").fill("Toy designer")
    quick.get_by_label("Company").fill("Tailspin Toys")
    quick.get_by_role("button", name="Quick add").click()
    expect(page.get_by_text("Added Toy designer at Tailspin Toys.")).to_be_visible()
    assert page.url.endswith("/applications/board/")
    applied = page.locator(".rb-board-column[data-status='applied']")
    expect(applied.get_by_role("link", name="Toy designer")).to_be_visible()
    # The full form is one click away.
    page.get_by_role("form", name="Quick add").get_by_role("link", name="Full form").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add")
