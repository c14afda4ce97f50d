import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts import registry
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

    # In place of feedback's own events, as the only other app adding to the feed.
    monkeypatch.setattr(
        registry.calendar_events,
        "_sources",
        [s for s in registry.calendar_events if s.__module__ != "feedback.calendar_events"]
        + [events_for],
    )
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


# Building the feed quickly, caching it, answering conditional requests --------------


def _icalendar_reference(items, absolute_url, now) -> bytes:
    """The feed as the icalendar package writes it (what build_calendar replaced)."""
    from icalendar import Event

    calendar = Calendar()
    calendar.add("prodid", "-//Rebound//Job search calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Rebound")
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now)
        start = item.start.astimezone(dt.UTC) if isinstance(item.start, dt.datetime) else item.start
        end = item.end or (
            start + dt.timedelta(hours=1)
            if isinstance(start, dt.datetime)
            else start + dt.timedelta(days=1)
        )
        event.add("dtstart", start)
        event.add("dtend", end.astimezone(dt.UTC) if isinstance(end, dt.datetime) else end)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        description = item.description
        if item.path:
            link = absolute_url(item.path)
            event.add("url", link)
            description = f"{description}\n\nIn Rebound: {link}".strip()
        if description:
            event.add("description", description)
        if item.updated_at is not None:
            event.add("last-modified", item.updated_at.astimezone(dt.UTC))
        event.add("class", "PRIVATE")
        event.add("transp", "OPAQUE" if isinstance(item.start, dt.datetime) else "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def test_build_calendar_writes_what_the_icalendar_package_writes():
    now = dt.datetime(2026, 3, 1, 8, 15, 42, 1234, tzinfo=dt.UTC)
    items = [
        CalendarEvent(
            uid="interview-1@rebound",
            summary="Interview: Designer, UX; research \\ Zürich café " * 3,
            start=dt.datetime(2026, 3, 2, 9, 30, tzinfo=NEW_YORK),
            end=dt.datetime(2026, 3, 2, 10, 15, 7, 99, tzinfo=NEW_YORK),
            location="Room 4; floor 2, " + "é" * 70,
            description="Line one\r\nLine two\rLine three\nLiteral \\N and \\n " + "\\" * 90,
            path="/applications/interviews/1/?a=1,b;c^^" + "^" * 80,
            updated_at=now,
        ),
        CalendarEvent(uid="action-abc@rebound", summary="x" * 74, start=dt.date(2026, 3, 3)),
        CalendarEvent(uid="y", summary="x" * 75, start=dt.date(2026, 3, 4), path="/home/"),
    ]

    def absolute_url(path):
        return "https://rebound.example" + path

    ours = build_calendar(items, absolute_url=absolute_url, now=now)
    assert ours == _icalendar_reference(items, absolute_url, now)
    assert max(len(line) for line in ours.split(b"\r\n")) <= 75
    [first, *_] = Calendar.from_ical(ours).walk("VEVENT")
    assert str(first["SUMMARY"]) == items[0].summary
    assert str(first["LOCATION"]) == items[0].location


def test_unchanged_feed_answers_304(client, user, interview):
    first = client.get(feed_url(user))
    assert first["ETag"].startswith('W/"')
    response = client.get(feed_url(user), HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    other = client.get(feed_url(user), HTTP_IF_NONE_MATCH='W/"something-else"')
    assert other.status_code == 200


def test_rebuilt_feed_with_the_same_events_keeps_its_etag(client, user, interview):
    first = client.get(feed_url(user))
    again = client.get(feed_url(user), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_change_shows_at_once(client, user, interview):
    first = client.get(feed_url(user))
    later = InterviewFactory(
        application=ApplicationFactory(owner=user, title="Content strategist"),
        starts_at=interview.starts_at + dt.timedelta(days=1),
    )
    changed = client.get(feed_url(user), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Content strategist" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]

    interview.location = "Head office, 3rd floor"
    interview.save()
    assert "Head office" in client.get(feed_url(user)).content.decode()

    dana = ContactFactory(owner=user, name="Dana Okafor")
    client.get(feed_url(user))
    interview.interviewers.add(dana)
    assert "Dana Okafor" in client.get(feed_url(user)).content.decode()

    later.delete()
    assert "Content strategist" not in client.get(feed_url(user)).content.decode()


def test_reset_token_stops_the_old_url(client, user, interview):
    old_url = feed_url(user)
    assert client.get(old_url).status_code == 200
    # Even a change that bypasses Django's signals cannot bring the old link back.
    type(user).objects.filter(pk=user.pk).update(calendar_token="a-brand-new-token")
    assert client.get(old_url).status_code == 404
    assert client.get(old_url, HTTP_IF_NONE_MATCH="*").status_code == 404
    fresh = client.get(reverse("applications:calendar_feed", args=["a-brand-new-token"]))
    assert fresh.status_code == 200


def test_feed_events_match_the_single_interview_event(user, interview):
    from applications.calendar import interview_event, interview_events_for

    interview.interviewers.add(ContactFactory(owner=user, name="anna Berg", job_title=""))
    interview.interviewers.add(ContactFactory(owner=user, name="Zed Quinn", job_title="CTO"))
    [from_rows] = interview_events_for(user)
    assert from_rows == interview_event(interview)
    assert from_rows.description.endswith(
        "Meeting: anna Berg; Priya Northcott, Head of design; Zed Quinn, CTO"
    )


def test_a_polling_calendar_gets_a_304_from_one_query(client, user, interview):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    etag = client.get(feed_url(user))["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(feed_url(user), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert len(queries) == 1
    assert response["Cache-Control"] == "private, no-cache"


def _changes_etag(client, user, change) -> bool:
    etag = client.get(feed_url(user))["ETag"]
    change()
    return client.get(feed_url(user), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_every_kind_of_change_moves_the_etag(client, user, interview):
    from applications import trash

    dana = ContactFactory(owner=user, name="Dana Okafor")
    assert _changes_etag(client, user, lambda: interview.interviewers.add(dana))
    assert _changes_etag(client, user, lambda: interview.interviewers.remove(dana))
    assert _changes_etag(
        client,
        user,
        lambda: Application.objects.filter(pk=interview.application_id).update(
            last_news_at=timezone.now()
        ),
    )
    assert _changes_etag(
        client, user, lambda: trash.application_trash(application=interview.application)
    )
    assert "Service designer" not in client.get(feed_url(user)).content.decode()
    assert _changes_etag(
        client, user, lambda: type(user).objects.filter(pk=user.pk).update(time_zone="Asia/Tokyo")
    )


def test_the_etag_moves_at_the_persons_midnight(client, user, interview):
    import time_machine

    evening = dt.datetime.combine(timezone.localdate(), dt.time(23, 0), tzinfo=user.zone)
    with time_machine.travel(evening, tick=False):
        etag = client.get(feed_url(user))["ETag"]
        assert client.get(feed_url(user), HTTP_IF_NONE_MATCH=etag).status_code == 304
    with time_machine.travel(evening + dt.timedelta(hours=2), tick=False):
        assert client.get(feed_url(user), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_feed_holds_upcoming_events_and_the_last_90_days(client, user):
    now = timezone.now()
    for title, days in (("Long ago", -100), ("Last month", -30), ("Next week", 7)):
        InterviewFactory(
            application=ApplicationFactory(owner=user, title=title),
            starts_at=now + dt.timedelta(days=days),
        )
    body = client.get(feed_url(user)).content.decode()
    assert "Last month" in body
    assert "Next week" in body
    assert "Long ago" not in body


RAW_CONTROLS = "\x0b\x0c\x85\u2028\u2029\x1b\x7f\x9b"


def test_no_raw_control_character_reaches_the_feed(client, user, soon):
    """Issue 15, case 17: text typed or pasted with VT, FF, NEL or U+2028 in it."""
    application = ApplicationFactory(
        owner=user, title="Designer\x0bLead", company__name="Copper\u2028leaf"
    )
    InterviewFactory(
        application=application,
        starts_at=soon,
        location="Room\x0c4\x85Floor 2\x1b[31m\x7f\x9b",
    )
    body = client.get(feed_url(user)).content.decode()
    assert not set(body) & set(RAW_CONTROLS)
    [event] = events(Calendar.from_ical(body))
    assert str(event["SUMMARY"]) == "Interview: Designer\nLead at Copper\nleaf"
    assert str(event["LOCATION"]) == "Room\n4\nFloor 2[31m"


def test_build_calendar_writes_no_control_character_but_line_endings():
    every_control = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029])
    body = build_calendar(
        [
            CalendarEvent(
                uid="x@rebound",
                summary=f"a{every_control}b",
                description=every_control,
                location=every_control,
                start=dt.date(2026, 3, 3),
            )
        ]
    ).decode()
    controls = {ch for ch in body if ch in every_control}
    assert controls <= {"\r", "\n", "\t"}  # tab is allowed in RFC 5545 TEXT
    # Line endings only where the format puts them: between content lines.
    assert all(line and "\r" not in line for line in body.split("\r\n")[:-1])
