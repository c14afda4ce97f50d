"""Issue 15, case 4, in Chromium: dates agree with each other.

A rejection "heard" five days before the application was sent was accepted
without a word. Now heard >= applied and interview >= applied (and, as before,
follow-up > sent): a refused date gets a message beside its field, and
everything typed is kept. (Follow-up after sent was already refused beside
its field: MarkSentForm.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Interview
from feedback.models import Rejection
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


def test_a_rejection_heard_before_applying_is_refused_beside_the_date(logged_in_page, user):
    page = logged_in_page
    application = ApplicationFactory(owner=user, date_applied=_days_ago(3))
    page.goto(reverse("feedback:rejection_create", args=[application.pk]))
    page.get_by_label("When you heard").fill(_days_ago(8).isoformat())
    page.get_by_label("How it came").select_option("phone")
    page.get_by_label("Reason they gave").fill("They chose someone who lives nearer.")
    page.get_by_role("button", name="Record the rejection").click()

    beside = page.locator("#div_id_received_on")
    expect(beside).to_contain_text("on or after the day you applied")
    expect(page.get_by_label("When you heard")).to_have_value(_days_ago(8).isoformat())
    expect(page.get_by_label("Reason they gave")).to_have_value(
        "They chose someone who lives nearer."
    )
    expect(page.get_by_label("How it came")).to_have_value("phone")
    assert not Rejection.objects.filter(application=application).exists()

    page.get_by_label("When you heard").fill(_days_ago(1).isoformat())
    page.get_by_role("button", name="Record the rejection").click()
    expect(page.get_by_text("Rejection recorded")).to_be_visible()
    assert Rejection.objects.get(application=application).received_on == _days_ago(1)


def test_an_interview_before_applying_is_refused_beside_the_date(logged_in_page, user):
    page = logged_in_page
    application = ApplicationFactory(owner=user, date_applied=_days_ago(3))
    page.goto(reverse("applications:interview_create", args=[application.pk]))
    page.get_by_label("Date and time").fill(f"{_days_ago(6).isoformat()}T10:30")
    page.get_by_label("Questions they asked").fill("Why this team?")
    page.get_by_role("button", name="Add the interview").click()

    beside = page.locator("#div_id_starts_at")
    expect(beside).to_contain_text("on or after the day you applied")
    expect(page.get_by_label("Date and time")).to_have_value(f"{_days_ago(6).isoformat()}T10:30")
    expect(page.get_by_label("Questions they asked")).to_have_value("Why this team?")
    assert not Interview.objects.filter(application=application).exists()


def test_moving_the_date_applied_after_an_interview_is_refused(logged_in_page, user):
    page = logged_in_page
    application = ApplicationFactory(owner=user, date_applied=_days_ago(10))
    InterviewFactory(
        application=application,
        starts_at=timezone.now() - dt.timedelta(days=5),
    )
    page.goto(reverse("applications:application_update", args=[application.pk]))
    page.get_by_label("Date applied").fill(_days_ago(2).isoformat())
    page.get_by_label("Notes").fill("Met the team lead at a meetup.")
    page.get_by_role("button", name="Save changes").click()

    expect(page.locator("#div_id_date_applied")).to_contain_text("on or before")
    expect(page.get_by_label("Notes")).to_have_value("Met the team lead at a meetup.")
    application.refresh_from_db()
    assert application.date_applied == _days_ago(10)
