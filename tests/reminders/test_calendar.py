"""The calendar feed carries the same next actions as the home page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from reminders.services import action_set_state, actions_for
from tests.factories import FeedbackRequestFactory, ReflectionFactory, RejectionFactory

pytestmark = pytest.mark.django_db


def feed(client, user) -> Calendar:
    response = client.get(reverse("applications:calendar_feed", args=[user.calendar_token]))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def summaries(calendar: Calendar) -> list[str]:
    return [str(e["summary"]) for e in calendar.walk("VEVENT")]


def test_next_actions_appear_as_all_day_items_and_follow_snooze_and_dismiss(client, user):
    RejectionFactory(owner=user, received_on=timezone.localdate() - dt.timedelta(days=5))
    actions = actions_for(user)
    assert actions, "a recent rejection should give at least one next action"
    first = actions[0]
    summary = f"Rebound: {first.button}"
    events = {str(e["summary"]): e for e in feed(client, user).walk("VEVENT")}
    assert summary in events
    assert isinstance(events[summary].decoded("dtstart"), dt.date)

    until = timezone.localdate() + dt.timedelta(days=10)
    action_set_state(user=user, key=first.key, op="snooze", until=until)
    events = {str(e["summary"]): e for e in feed(client, user).walk("VEVENT")}
    assert events[summary].decoded("dtstart") == until

    action_set_state(user=user, key=first.key, op="dismiss")
    assert summary not in summaries(feed(client, user))


def test_next_actions_in_the_feed_do_not_name_the_company(client, user):
    rejection = RejectionFactory(
        owner=user, received_on=timezone.localdate() - dt.timedelta(days=5)
    )
    company = rejection.application.company.name
    action_lines = [
        e for e in feed(client, user).walk("VEVENT") if str(e["uid"]).startswith("action-")
    ]
    assert action_lines
    for event in action_lines:
        shown = f"{event['summary']} {event['uid']}"
        assert company not in shown
        assert "reject" not in shown.lower()


def test_an_action_already_in_the_feed_as_its_own_event_is_not_repeated(client, user):
    today = timezone.localdate()
    request = FeedbackRequestFactory(
        owner__time_zone="UTC",
        sent_at=timezone.now() - dt.timedelta(days=8),
        follow_up_due=today,
        rejection__owner=user,
        owner=user,
    )
    ReflectionFactory(rejection=request.rejection, owner=user, status="complete")
    follow_up_path = reverse("feedback:request_follow_up", args=[request.pk])
    # The follow-up is a next action on that page today, and also the feedback app's own event.
    assert any(a.url == follow_up_path for a in actions_for(user)), [
        a.key for a in actions_for(user)
    ]
    events = feed(client, user).walk("VEVENT")
    on_that_page_today = [
        e
        for e in events
        if str(e.get("url", "")).endswith(follow_up_path) and e.decoded("dtstart") == today
    ]
    assert len(on_that_page_today) == 1
