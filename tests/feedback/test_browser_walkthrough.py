"""Phone layout of the comparison (walkthrough fix)."""

import pytest
from playwright.sync_api import expect

from feedback.services import reflection_save, rubric_ratings_save
from tests.factories import RejectionFactory
from tests.feedback.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_comparison_fits_a_phone_without_sideways_scrolling(phone_page, user, password):
    page = phone_page
    rejection = RejectionFactory(owner=user)
    reflection_save(
        rejection=rejection, ratings={"fit": (4, ""), "rapport": (5, "Went well")}, finish=True
    )
    rubric_ratings_save(
        rejection=rejection,
        source="feedback",
        values={"fit": (4, ""), "rapport": (2, "Hard to read at times.")},
    )
    log_in(page, user, password)
    page.goto(f"/feedback/rejections/{rejection.pk}/comparison/")
    card = page.locator(".rb-comparison-cards li").filter(has_text="Rapport")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Blind spot")
    expect(page.locator("table.rb-comparison")).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    badge = card.locator(".rb-verdict").bounding_box()
    assert badge["x"] + badge["width"] <= 375


def test_the_active_call_tab_is_teal(logged_in_page, user):
    from tests.factories import FeedbackCallFactory

    call = FeedbackCallFactory(rejection=RejectionFactory(owner=user))
    page = logged_in_page
    page.goto(f"/feedback/calls/{call.pk}/notes/")
    active = page.locator('nav[aria-label="This call"] .nav-link.active')
    expect(active).to_have_css("background-color", "rgb(15, 94, 99)")
    expect(active).to_have_css("color", "rgb(255, 255, 255)")
