"""Next actions speak the person's local time, even where no request has set it
(the digest worker, the anonymous calendar feed)."""

import datetime as dt

import pytest
from django.utils import timezone

from reminders.services import actions_for
from tests.factories import ApplicationFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_interview_times_in_actions_are_local_without_an_active_time_zone():
    person = UserFactory(time_zone="America/Los_Angeles")
    # 03:00 UTC is the evening before in Los Angeles: the weekday differs.
    day = timezone.now().date() + dt.timedelta(days=2)
    starts = dt.datetime.combine(day, dt.time(3, 0), tzinfo=dt.UTC)
    InterviewFactory(application=ApplicationFactory(owner=person), starts_at=starts)
    timezone.deactivate()  # as in the worker or the feed: UTC is active
    (action,) = [a for a in actions_for(person) if "interview" in a.title.lower()]
    text = f"{action.title} {action.detail}"

    def label(moment, today):  # how the rules name a day: today, tomorrow, or its weekday
        days = (moment.date() - today).days
        return {0: "today", 1: "tomorrow"}.get(days, moment.strftime("%A"))

    local_label = label(
        starts.astimezone(person.zone), timezone.now().astimezone(person.zone).date()
    )
    utc_label = label(starts, timezone.now().astimezone(dt.UTC).date())
    assert local_label in text
    if utc_label != local_label:
        assert utc_label not in text
    assert timezone.get_current_timezone_name() == "UTC"  # restored afterwards


def test_user_zone_falls_back_to_utc_for_an_unknown_name():
    person = UserFactory.build(time_zone="Mars/Olympus_Mons")
    assert str(person.zone) == "UTC"
    assert person.local_today(dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 1, 1)
