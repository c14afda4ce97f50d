"""The stats, calendar and import pages in a real browser (the CSP is enforced there)."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Application
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stats_page_draws_the_chart(logged_in_page, user):
    today = timezone.localdate()
    for days in (1, 2, 9):
        ApplicationFactory(owner=user, date_applied=today - dt.timedelta(days=days))
    page = logged_in_page
    page.get_by_role("link", name="Stats").click()
    page.wait_for_url("**/applications/stats/")
    assert page.get_by_role("heading", name="Your numbers").is_visible()
    chart = page.get_by_role("img", name="Bar chart of applications sent per week, last 12 weeks")
    assert chart.is_visible()
    assert chart.locator("rect").count() == 12


def test_calendar_page_copy_button_and_reset(logged_in_page, user):
    page = logged_in_page
    page.goto("/applications/calendar/")
    old_token = user.calendar_token
    assert old_token in page.get_by_label("Your private calendar link").input_value()
    assert page.get_by_role("button", name="Copy link").is_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Make a new link").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your calendar link has changed").is_visible()
    user.refresh_from_db()
    assert user.calendar_token != old_token
    assert user.calendar_token in page.get_by_label("Your private calendar link").input_value()


def test_import_preview_and_confirm(logged_in_page, user, tmp_path):
    csv_file = tmp_path / "tracker.csv"
    csv_file.write_text(
        "Company,Role,Status,Applied On\n"
        "Fernbrook Health,Service designer,Applied,2026-03-02\n"
        "Pennant Mobility,UX designer,Rejected,2026-03-04\n",
        encoding="utf-8",
    )
    page = logged_in_page
    page.goto("/applications/import/")
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("heading", name="Check your import").wait_for()
    page.get_by_role("button", name="Add 2 applications").click()
    page.wait_for_url("**/applications/")
    assert page.get_by_text("Added 2 applications").is_visible()
    assert Application.objects.owned_by(user).count() == 2
