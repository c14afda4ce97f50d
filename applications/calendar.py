"""Calendar events for the person's private feed and one-off .ics downloads.

Other apps add their own events (feedback calls, follow-up dates, practice
sessions) the same way they add next actions: a module
`<app>/calendar_events.py` with a function

    def events_for(user) -> Iterable[CalendarEvent | dict]:
        ...

Each item is a `CalendarEvent` (or a dict with the same keys):

- ``uid``: stable and unique across Rebound, e.g. ``"feedback-call-12@rebound"``;
  calendar apps use it to update an event rather than duplicate it.
- ``summary``: the one line a calendar shows, e.g. "Feedback call with Acme".
- ``start``: an aware ``datetime`` (written in UTC) or a ``date`` for an
  all-day item such as a follow-up date.
- ``end``: optional; an aware ``datetime`` or a ``date`` (exclusive, as in
  RFC 5545). Defaults to one hour after a timed start, or the next day.
- ``location``, ``description``: optional plain text. Calendar feeds are
  stored by calendar providers, so give only what the person needs to turn up
  prepared; never private notes, ratings or reflections.
- ``path``: optional path inside Rebound (``reverse(...)``); the feed turns
  it into a full link.
- ``updated_at``: optional aware ``datetime`` of the last change.

The feed is a secret link that works without signing in, so keep each app's
`events_for` to the person's own rows and to what is worth a reminder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

from accounts.contributions import contributing_modules

from .models import Interview

# Apps whose `<app>.calendar_events.events_for(user)` adds events to the feed.
CONTRIBUTING_APPS = ("feedback", "practice", "reminders")
PRODID = "-//Rebound//Job search calendar//EN"
# How far back the feed goes: recent past events stay visible, old ones drop off.
FEED_PAST_DAYS = 180


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: datetime | date
    end: datetime | date | None = None
    location: str = ""
    description: str = ""
    path: str = ""
    updated_at: datetime | None = None


def interview_event(interview: Interview) -> CalendarEvent:
    """An interview as a calendar event: when, where, the role and who you meet.

    Notes, questions and how it felt stay in Rebound.
    """
    application = interview.application
    lines = [
        f"{application.title} at {application.company.name}",
        f"Round {interview.round}: {interview.get_kind_display()}",
    ]
    interviewers = [
        f"{person.name}, {person.job_title}" if person.job_title else person.name
        for person in interview.interviewers.all()
    ]
    if interviewers:
        lines.append("Meeting: " + "; ".join(interviewers))
    return CalendarEvent(
        uid=f"interview-{interview.pk}@rebound",
        summary=f"Interview: {application.title} at {application.company.name}",
        start=interview.starts_at,
        end=interview.ends_at,
        location=interview.location,
        description="\n".join(lines),
        path=interview.get_absolute_url(),
        updated_at=interview.updated_at,
    )


def interview_events_for(user, since: datetime | None = None) -> list[CalendarEvent]:
    since = since or timezone.now() - timedelta(days=FEED_PAST_DAYS)
    interviews = (
        Interview.objects.owned_by(user)
        .filter(starts_at__gte=since)
        .select_related("application__company")
        .prefetch_related("interviewers")
        .order_by("starts_at")
    )
    return [interview_event(interview) for interview in interviews]


def _contributed_events(user) -> list[CalendarEvent]:
    events: list[CalendarEvent] = []
    for module in contributing_modules(CONTRIBUTING_APPS, "calendar_events"):
        for item in module.events_for(user):
            events.append(item if isinstance(item, CalendarEvent) else CalendarEvent(**item))
    return events


def events_for(user) -> list[CalendarEvent]:
    """Everything in the person's feed: interviews, then what other apps add.

    Next actions (from reminders) are left out where another event already
    stands for the same page on the same day, so nothing shows twice.
    """
    events = interview_events_for(user) + _contributed_events(user)
    precise = {
        (e.path, _day(e.start)) for e in events if e.path and not e.uid.startswith("action-")
    }
    events = [
        e
        for e in events
        if not (e.uid.startswith("action-") and (e.path, _day(e.start)) in precise)
    ]
    return sorted(events, key=_sort_key)


def _day(start: datetime | date) -> date:
    return start.date() if isinstance(start, datetime) else start


def _sort_key(event: CalendarEvent) -> datetime:
    start = event.start
    if isinstance(start, datetime):
        return start.astimezone(UTC)
    return datetime(start.year, start.month, start.day, tzinfo=UTC)


def _as_utc(moment: datetime | date) -> datetime | date:
    if isinstance(moment, datetime):
        if timezone.is_naive(moment):
            raise ValueError("Calendar times must be timezone-aware.")
        return moment.astimezone(UTC)
    return moment


def _default_end(start: datetime | date) -> datetime | date:
    if isinstance(start, datetime):
        return start + timedelta(hours=1)
    return start + timedelta(days=1)


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    absolute_url: Callable[[str], str] | None = None,
    name: str = "Rebound",
    now: datetime | None = None,
) -> bytes:
    """An RFC 5545 calendar holding `events`, with every time in UTC."""
    stamp = (now or timezone.now()).astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # Ask subscribing calendar apps to check for changes every hour.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", _as_utc(item.start))
        event.add("dtend", _as_utc(item.end or _default_end(item.start)))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        description = item.description
        if item.path and absolute_url is not None:
            link = absolute_url(item.path)
            event.add("url", link)
            description = f"{description}\n\nIn Rebound: {link}".strip()
        if description:
            event.add("description", description)
        if item.updated_at is not None:
            event.add("last-modified", _as_utc(item.updated_at))
        event.add("class", "PRIVATE")
        # A timed event blocks the time; an all-day reminder does not.
        event.add("transp", "OPAQUE" if isinstance(item.start, datetime) else "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
