import pytest

from applications.models import Status
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1400, 900, 390])
def test_board_heading_lines_up_with_the_nav_and_stage_names_fit(logged_in_page, user, width):
    page = logged_in_page
    ApplicationFactory(owner=user, status=Status.INTERESTED, title="Interaction designer")
    ApplicationFactory(owner=user, status=Status.SCREENING, title="Service designer")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/applications/board/")
    brand = page.locator(".navbar-brand").bounding_box()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert abs(brand["x"] - heading["x"]) <= 1
    # The Move select is wide enough for the stage it offers ("Interviewing").
    select = page.locator(".rb-board-column[data-status='screening'] select[name='to_status']")
    fits = select.evaluate("s => s.scrollWidth <= s.clientWidth && s.clientWidth > 110")
    assert fits
