"""Calendar events for the person's private feed and one-off .ics downloads.

Other apps add their own events (feedback calls, follow-up dates, next
actions) the same way they add next actions: a function

    def events_for(user) -> Iterable[CalendarEvent | dict]:
        ...

registered in the app's `AppConfig.ready()` with
`registry.calendar_events.register(events_for)`.

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

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils import timezone

from accounts import registry
from accounts.changes import LatestChange, Source, owned_sources
from accounts.links import url_for_pk

from .models import ENDED_STATUSES, Interview

PRODID = "-//Rebound//Job search calendar//EN"
# How far back the feed goes: recent past events stay visible, old ones drop off.
FEED_PAST_DAYS = 90
# RFC 5545: content lines longer than 75 octets are folded.
FOLD_AT = 75


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


def _interview_event(
    *,
    pk: int,
    title: str,
    company: str,
    round_: int,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    location: str,
    interviewers: Iterable[tuple[str, str]],
    path: str,
    updated_at: datetime | None,
) -> CalendarEvent:
    lines = [f"{title} at {company}", f"Round {round_}: {kind}"]
    people = [f"{name}, {job_title}" if job_title else name for name, job_title in interviewers]
    if people:
        lines.append("Meeting: " + "; ".join(people))
    return CalendarEvent(
        uid=f"interview-{pk}@rebound",
        summary=f"Interview: {title} at {company}",
        start=starts_at,
        end=ends_at,
        location=location,
        description="\n".join(lines),
        path=path,
        updated_at=updated_at,
    )


def interview_event(interview: Interview) -> CalendarEvent:
    """An interview as a calendar event: when, where, the role and who you meet.

    Notes, questions and how it felt stay in Rebound.
    """
    application = interview.application
    return _interview_event(
        pk=interview.pk,
        title=application.title,
        company=application.company.name,
        round_=interview.round,
        kind=interview.get_kind_display(),
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
        location=interview.location,
        interviewers=[(person.name, person.job_title) for person in interview.interviewers.all()],
        path=interview.get_absolute_url(),
        updated_at=interview.updated_at,
    )


def interview_events_for(user, since: datetime | None = None) -> list[CalendarEvent]:
    """The same events as `interview_event` for each of the person's interviews
    since `since`, read as plain rows in two queries (a long search has thousands).
    An interview still ahead of an application that has ended (rejected,
    withdrawn, no response, accepted) is left out: it is no longer coming up."""
    now = timezone.now()
    since = since or now - timedelta(days=FEED_PAST_DAYS)
    interviews = (
        Interview.objects.owned_by(user)
        .filter(starts_at__gte=since)
        .exclude(starts_at__gte=now, application__status__in=ENDED_STATUSES)
    )
    rows = interviews.order_by("starts_at", "pk").values_list(
        "pk",
        "application__title",
        "application__company__name",
        "round",
        "kind",
        "starts_at",
        "duration_minutes",
        "location",
        "updated_at",
    )
    meeting: dict[int, list[tuple[str, str]]] = {}
    for interview_id, name, job_title in (
        Interview.interviewers.through.objects.filter(interview__in=interviews.values("pk"))
        .order_by("interview_id", Lower("contact__name"), "contact_id")
        .values_list("interview_id", "contact__name", "contact__job_title")
    ):
        meeting.setdefault(interview_id, []).append((name, job_title))
    kinds = dict(Interview.Kind.choices)
    interview_path = url_for_pk("applications:interview_detail")
    return [
        _interview_event(
            pk=pk,
            title=title,
            company=company,
            round_=round_,
            kind=kinds.get(kind, kind),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=duration),
            location=location,
            interviewers=meeting.get(pk, ()),
            path=interview_path(pk),
            updated_at=updated_at,
        )
        for pk, title, company, round_, kind, starts_at, duration, location, updated_at in rows
    ]


def _contributed_events(user) -> list[CalendarEvent]:
    events: list[CalendarEvent] = []
    for source in registry.calendar_events:
        for item in source(user):
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


# Characters other programs read as the end of a line: written as a line break.
_LINE_BREAKS = dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), "\n")
# Every other control character (C0 but tab and line endings, DEL, C1): dropped.
_CONTROLS = dict.fromkeys(
    [c for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n\r"], None
)
_CALENDAR_TEXT = {**_CONTROLS, **_LINE_BREAKS}


def calendar_text(value: str) -> str:
    """Text as a calendar may hold it: RFC 5545 allows no control character in
    TEXT but tab, and line separators (VT, FF, NEL, U+2028...) would break a
    calendar app's line handling. Line-like ones become a line break, the rest
    are dropped. Call it on every text a feed or .ics file writes."""
    if value.isprintable():
        # Every character changed here is a control or line separator, none of
        # them printable: most texts pass unchanged, without the copy.
        return value
    return value.translate(_CALENDAR_TEXT)


def _text(value: str) -> str:
    """RFC 5545 TEXT escaping (the same rules as the icalendar package)."""
    return (
        calendar_text(value)
        .replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str) -> str:
    """Fold a content line to at most 75 octets per line, as RFC 5545 asks,
    never splitting a backslash escape (the same folds as the icalendar package)."""
    if line.isascii():
        # One octet a character: cut every FOLD_AT - 1 characters, a piece one
        # shorter where it would end on the first character of an escape.
        cuts, start = [], 0
        while len(line) - start >= FOLD_AT:
            end = start + FOLD_AT - 1
            if line[end - 1] in "\\^":
                end -= 1
            cuts.append(line[start:end])
            start = end
        cuts.append(line[start:])
        return "\r\n ".join(cuts)
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = 1 if char < "\x80" else len(char.encode())
        if current and size + width >= FOLD_AT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, size = [carried], len(carried.encode())
            else:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _moment(value: datetime | date) -> str:
    """`:20260105T143000Z` for a time (in UTC), `;VALUE=DATE:20260105` for a day."""
    if isinstance(value, datetime):
        return f":{_as_utc(value):%Y%m%dT%H%M%SZ}"
    return f";VALUE=DATE:{value:%Y%m%d}"


def _utc_stamp(now: datetime) -> str:
    return f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    absolute_url: Callable[[str], str] | None = None,
    name: str = "Rebound",
    now: datetime | None = None,
) -> bytes:
    """An RFC 5545 calendar holding `events`, with every time in UTC.

    Written directly rather than through the icalendar package, which took 13
    to 60 times as long for the same events in the benchmark
    (`bench/profile_pages.py`: 48 ms against 3.7 ms for the 106 events of a
    person with 300 applications, far over the 2 ms allowed; 850 ms against
    14 ms for 1,087 events at 3,000); the output is the same, property order
    included (tests/applications/test_calendar.py compares the two byte for
    byte and reads the result back with icalendar).
    """
    stamp = _utc_stamp(now or timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _fold(f"PRODID:{_text(PRODID)}"),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        _fold(f"X-WR-CALNAME:{_text(name)}"),
        # Ask subscribing calendar apps to check for changes every hour.
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ]
    add = lines.append
    for item in events:
        add("BEGIN:VEVENT")
        add(_fold(f"SUMMARY:{_text(item.summary)}"))
        add(f"DTSTART{_moment(item.start)}")
        add(f"DTEND{_moment(item.end or _default_end(item.start))}")
        add(f"DTSTAMP:{stamp}")
        add(_fold(f"UID:{_text(item.uid)}"))
        add("CLASS:PRIVATE")
        description, link = item.description, ""
        if item.path and absolute_url is not None:
            link = absolute_url(item.path)
            description = f"{description}\n\nIn Rebound: {link}".strip()
        if description:
            add(_fold(f"DESCRIPTION:{_text(description)}"))
        if item.updated_at is not None:
            add(f"LAST-MODIFIED{_moment(item.updated_at)}")
        if item.location:
            add(_fold(f"LOCATION:{_text(item.location)}"))
        # A timed event blocks the time; an all-day reminder does not.
        add("TRANSP:OPAQUE" if isinstance(item.start, datetime) else "TRANSP:TRANSPARENT")
        if link:
            add(_fold(f"URL:{link}"))
        add("END:VEVENT")
    add("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


# The feed ------------------------------------------------------------------------


def feed_sources() -> list[Source]:
    """What the feed is worked out from: every table the person owns (the next
    actions read most of them) and who they meet at each interview."""
    meetings = Interview.interviewers.through.objects
    return [*owned_sources(), lambda person: meetings.filter(interview__owner=person)]


# The person a feed link belongs to and their latest change, in one query.
FEED_CHANGES = LatestChange(
    lambda token: get_user_model().objects.filter(calendar_token=token, is_active=True),
    feed_sources,
    key="\x1fcalendar-token\x1f",
    also=("time_zone", "no_response_days"),
)


def feed_version(
    token: str, *, site: str, now: datetime | None = None
) -> tuple[object, str] | None:
    """The person whose feed link this is and the feed's ETag, from one query;
    None when no active person has this link.

    The ETag is weak (the body's DTSTAMP is the build time) and changes when
    any of the person's rows changes, when their time zone or reminder timing
    changes, and at their midnight, since time alone moves events out of the
    last `FEED_PAST_DAYS` and brings next actions due.
    """
    found = FEED_CHANGES.read(token)
    if found is None:
        return None
    person, change = found
    today = person.local_today(now)
    digest = hashlib.sha256(f"{change}|{today}|{site}".encode()).hexdigest()[:32]
    return person, f'W/"{digest}"'


def feed_for(person, absolute_url: Callable[[str], str], now: datetime | None = None) -> bytes:
    """The person's feed, worked out afresh: upcoming events and those of the
    last `FEED_PAST_DAYS`."""
    return build_calendar(events_for(person), absolute_url=absolute_url, now=now)
