"""Issue 15, case 7, in Chromium: "Time in each stage" for an application
entered after the fact.

Everything typed in one sitting used to be stamped with the moment it was
saved, so every stage lasted 0 days. The history now takes the dates the
person gave: the date applied, the interview's date and the day they heard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _days_ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def _stage_row(page, label: str):
    table = page.locator("section[aria-labelledby='stages-heading'] table")
    return table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=label))


def test_time_in_each_stage_uses_the_dates_given(logged_in_page, user):
    page = logged_in_page
    page.goto("/applications/new/")
    page.get_by_label("Job title").fill("Platform engineer")
    page.get_by_label("Or add a new company").fill("Lighthouse Labs")
    page.get_by_label("Date applied").fill(_days_ago(21))
    page.get_by_role("button", name="Add the application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Platform engineer")

    page.get_by_role("link", name="Add an interview").first.click()
    page.get_by_label("Date and time").fill(f"{_days_ago(14)}T00:00")
    expect(page.get_by_label("Move the application to Interviewing")).to_be_checked()
    page.get_by_role("button", name="Add the interview").click()
    expect(page.get_by_text("Interview saved for")).to_be_visible()

    application = Application.objects.get(owner=user)
    assert application.status == Status.INTERVIEWING
    page.goto(reverse("feedback:rejection_create", args=[application.pk]))
    page.get_by_label("When you heard").fill(_days_ago(7))
    page.get_by_role("button", name="Record the rejection").click()
    expect(page.get_by_text("Rejection recorded")).to_be_visible()

    page.goto("/applications/stats/")
    expect(_stage_row(page, "Applied").get_by_role("cell").first).to_have_text("7")
    expect(_stage_row(page, "Interviewing").get_by_role("cell").first).to_have_text("7")
