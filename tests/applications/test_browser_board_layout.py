import pytest
from playwright.sync_api import expect

from applications.models import Application, Status
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1400, 1280, 900, 390])
def test_board_lines_up_with_the_nav_and_fits_the_page(logged_in_page, user, width):
    page = logged_in_page
    ApplicationFactory(owner=user, status=Status.INTERESTED, title="Interaction designer")
    ApplicationFactory(owner=user, status=Status.SCREENING, title="Service designer")
    ApplicationFactory(owner=user, status=Status.REJECTED, title="Content designer")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/applications/board/")
    brand = page.locator(".navbar-brand").bounding_box()
    heading = page.get_by_role("heading", level=1).bounding_box()
    board = page.locator("[data-board]").bounding_box()
    assert abs(brand["x"] - heading["x"]) <= 1
    assert abs(board["x"] - heading["x"]) <= 1
    # The page itself never scrolls sideways; only the board may, on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width >= 1280:
        # The open stages and the closed lane all fit, without scrolling the board.
        assert page.locator("[data-board]").evaluate("b => b.scrollWidth <= b.clientWidth")
    # A card's stage buttons show their names whole.
    card = page.locator("[data-application]").filter(has_text="Service designer")
    card.locator("summary").click()
    for button in card.locator(".rb-move-menu button:visible").all():
        assert button.evaluate("b => b.scrollWidth <= b.clientWidth")


def test_on_a_phone_the_columns_scroll_sideways_with_every_count_in_view(logged_in_page, user):
    page = logged_in_page
    for status in (Status.APPLIED, Status.APPLIED, Status.OFFER):
        ApplicationFactory(owner=user, status=status)
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/applications/board/")
    board = page.locator("[data-board]")
    assert board.evaluate("b => getComputedStyle(b).scrollSnapType").startswith("x")
    assert board.evaluate("b => b.scrollWidth > b.clientWidth")
    stages = page.get_by_role("navigation", name="Stages")
    for text in ("Interested 0", "Applied 2", "Offer 1", "Closed 0"):
        link = stages.get_by_role("link", name=text)
        assert link.is_visible()
        assert link.evaluate("a => a.getBoundingClientRect().right <= 390")
    # A stage's link brings its column into view.
    stages.get_by_role("link", name="Offer 1").click()
    offer = page.locator(".rb-board-column[data-status='offer']")
    page.wait_for_function(
        "() => { const r = document.querySelector(\".rb-board-column[data-status='offer']\")"
        ".getBoundingClientRect(); return r.left >= 0 && r.right <= 390; }"
    )
    assert offer.is_visible()


def test_on_a_wide_screen_the_closed_lane_runs_under_the_stages_and_takes_a_drop(
    logged_in_page, user
):
    page = logged_in_page
    card = ApplicationFactory(owner=user, status=Status.OFFER, title="Copywriter")
    ApplicationFactory(owner=user, status=Status.INTERESTED)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/applications/board/")
    columns = page.locator("[data-board] > .rb-board-column")
    tops = {round(c.bounding_box()["y"]) for c in columns.all()}
    assert columns.count() == 5 and len(tops) == 1  # one row of open stages
    lane = page.locator("[data-closed-lane]").bounding_box()
    board = page.locator("[data-board]").bounding_box()
    assert lane["y"] > max(tops) and abs(lane["width"] - board["width"]) <= 1

    # Dragged with the mouse, the lane opens and its Withdrawn stage takes the card.
    box = page.locator(f"[data-application='{card.pk}'] [data-card-title]").bounding_box()
    page.mouse.move(box["x"] + box["width"] + 20, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] + 30, box["y"] + 20, steps=3)
    withdrawn = page.locator(".rb-board-column[data-status='withdrawn']")
    expect(withdrawn).to_be_visible()
    target = withdrawn.bounding_box()
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 30, steps=8)
    page.mouse.up()
    expect(page.locator("[data-board-status]")).to_contain_text("Moved Copywriter to Withdrawn.")
    expect(withdrawn.locator(f"[data-application='{card.pk}']")).to_be_visible()
    assert Application.objects.get(pk=card.pk).status == Status.WITHDRAWN
