import datetime as dt
import sys
import types
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from applications.calendar import CalendarEvent, build_calendar
from applications.models import Application
from tests.factories import ApplicationFactory, ContactFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def feed_url(user) -> str:
    return reverse("applications:calendar_feed", args=[user.calendar_token])


def parse(response) -> Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list:
    """The feed's events, without the next-action reminders (tests/reminders/test_calendar.py)."""
    return [e for e in calendar.walk("VEVENT") if not str(e["UID"]).startswith("action-")]


@pytest.fixture
def soon() -> dt.datetime:
    """Ten days ahead, 14:30 in New York, whatever today is."""
    day = timezone.localdate() + dt.timedelta(days=10)
    return dt.datetime.combine(day, dt.time(14, 30), tzinfo=NEW_YORK)


@pytest.fixture
def interview(user, soon):
    application = ApplicationFactory(
        owner=user, title="Service designer", company__name="Copperleaf Energy"
    )
    interview = InterviewFactory(
        application=application,
        starts_at=soon,
        duration_minutes=45,
        location="Video call",
        notes="Secret: felt nervous about the salary question",
        round=2,
    )
    interview.interviewers.add(
        ContactFactory(owner=user, name="Priya Northcott", job_title="Head of design")
    )
    return interview


def test_feed_is_valid_and_holds_the_interview_in_utc(client, user, interview, soon):
    user.time_zone = "America/New_York"
    user.save()
    response = client.get(feed_url(user))  # no login: calendar apps cannot sign in
    assert response.status_code == 200
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0"
    assert "Rebound" in str(calendar["PRODID"])
    [event] = events(calendar)
    assert str(event["UID"]) == f"interview-{interview.pk}@rebound"
    assert "DTSTAMP" in event
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.utcoffset() == dt.timedelta(0)
    assert start == soon.astimezone(dt.UTC)
    assert end - start == dt.timedelta(minutes=45)
    raw = response.content.decode()
    expected = soon.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{expected}" in raw
    assert str(event["SUMMARY"]) == "Interview: Service designer at Copperleaf Energy"
    assert str(event["LOCATION"]) == "Video call"
    description = str(event["DESCRIPTION"])
    assert "Round 2" in description
    assert "Priya Northcott, Head of design" in description
    assert interview.get_absolute_url() in description


def test_feed_keeps_private_notes_out(client, user, interview):
    raw = client.get(feed_url(user)).content.decode()
    assert "Secret" not in raw
    assert "nervous" not in raw


def test_feed_leaves_out_other_people_and_the_trash(client, user, other_user, interview):
    InterviewFactory(application=ApplicationFactory(owner=other_user, title="Not mine"))
    trashed = InterviewFactory(application=ApplicationFactory(owner=user, title="Binned role"))
    Application.objects.filter(pk=trashed.application_id).update(deleted_at=timezone.now())
    calendar = parse(client.get(feed_url(user)))
    assert [str(e["UID"]) for e in events(calendar)] == [f"interview-{interview.pk}@rebound"]


def test_unknown_token_is_404(client, user):
    response = client.get(reverse("applications:calendar_feed", args=["not-a-real-token"]))
    assert response.status_code == 404


def test_inactive_person_has_no_feed(client, user):
    user.is_active = False
    user.save()
    assert client.get(feed_url(user)).status_code == 404


def test_reset_token_invalidates_the_old_url(client_logged_in, user):
    old_url = feed_url(user)
    assert client_logged_in.get(old_url).status_code == 200
    response = client_logged_in.post(reverse("applications:calendar_reset"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert client_logged_in.get(old_url).status_code == 404
    assert client_logged_in.get(feed_url(user)).status_code == 200


def test_reset_needs_post(client_logged_in, user):
    token = user.calendar_token
    assert client_logged_in.get(reverse("applications:calendar_reset")).status_code == 405
    user.refresh_from_db()
    assert user.calendar_token == token


def test_settings_page_shows_the_feed_url_and_reset_form(client_logged_in, user):
    response = client_logged_in.get(reverse("applications:calendar_settings"))
    html = response.content.decode()
    assert response.status_code == 200
    assert user.calendar_token in html
    assert "webcal://" in html
    assert reverse("applications:calendar_reset") in html
    assert "style=" not in html


@pytest.mark.parametrize("name", ["applications:calendar_settings", "applications:calendar_reset"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.post(reverse(name)) if "reset" in name else client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_interview_ics_download(client_logged_in, interview, soon):
    response = client_logged_in.get(reverse("applications:interview_ics", args=[interview.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    [event] = events(parse(response))
    assert event.decoded("DTSTART") == soon.astimezone(dt.UTC)
    assert "Secret" not in response.content.decode()


def test_interview_ics_is_404_for_another_person(other_client, interview):
    response = other_client.get(reverse("applications:interview_ics", args=[interview.pk]))
    assert response.status_code == 404


def test_interview_ics_anonymous_is_sent_to_login(client, interview):
    response = client.get(reverse("applications:interview_ics", args=[interview.pk]))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_other_apps_add_events_to_the_feed(client, user, interview, monkeypatch):
    follow_up = timezone.localdate() + dt.timedelta(days=3)
    module = types.ModuleType("feedback.calendar_events")

    def events_for(person):
        assert person == user
        return [
            {
                "uid": "follow-up-1@rebound",
                "summary": "Follow up with Copperleaf Energy",
                "start": follow_up,
                "path": "/home/",
            }
        ]

    module.events_for = events_for
    monkeypatch.setitem(sys.modules, "feedback.calendar_events", module)
    calendar = parse(client.get(feed_url(user)))
    by_uid = {str(e["UID"]): e for e in events(calendar)}
    assert set(by_uid) == {f"interview-{interview.pk}@rebound", "follow-up-1@rebound"}
    all_day = by_uid["follow-up-1@rebound"]
    assert all_day.decoded("DTSTART") == follow_up
    assert all_day.decoded("DTEND") == follow_up + dt.timedelta(days=1)


def test_build_calendar_refuses_naive_times():
    event = CalendarEvent(uid="x@rebound", summary="x", start=dt.datetime(2026, 1, 1, 9))  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        build_calendar([event])


def test_feed_answers_the_right_person_only(client, user):
    someone = UserFactory()
    InterviewFactory(application=ApplicationFactory(owner=someone, title="Their role"))
    assert "Their role" not in client.get(feed_url(user)).content.decode()
    assert "Their role" in client.get(feed_url(someone)).content.decode()
