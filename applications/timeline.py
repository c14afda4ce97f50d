"""One timeline per application: its status changes and interviews, plus what
other apps (rejections, reflections, feedback, practice) add about it.

Other apps register `entries_for(application) -> list[TimelineEntry]` in their
`AppConfig.ready()` with `registry.timeline_entries.register(...)`; each uses
a fixed number of queries, so the page's query count does not grow with the
history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import prefetch_related_objects

from accounts import registry

from .models import Application, Status


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # "status", "interview" or the contributing app's own kinds
    title: str
    detail: str = ""
    url: str = ""
    # Set for what happened on a day, not at a time (a rejection heard on a
    # date): the page shows the date only, and never "coming up" once it has come.
    day: date | None = None


def _status_entries(application: Application) -> list[TimelineEntry]:
    entries = []
    for change in application.status_changes.all():
        to_label = Status(change.to_status).label
        if change.from_status:
            title = f"{Status(change.from_status).label} → {to_label}"
        else:
            title = f"Added as {to_label}"
        entries.append(
            TimelineEntry(when=change.changed_at, kind="status", title=title, detail=change.note)
        )
    return entries


def _interview_entries(application: Application) -> list[TimelineEntry]:
    entries = []
    for interview in application.interviews.all():
        questions = len(interview.questions.all())
        detail_parts = []
        if interview.location:
            detail_parts.append(interview.location)
        if questions:
            detail_parts.append(f"{questions} question{'s' if questions != 1 else ''} noted")
        entries.append(
            TimelineEntry(
                when=interview.starts_at,
                kind="interview",
                title=f"Interview, round {interview.round} ({interview.get_kind_display()})",
                detail=" · ".join(detail_parts),
                url=interview.get_absolute_url(),
            )
        )
    return entries


def _other_app_entries(application: Application) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for source in registry.timeline_entries:
        entries.extend(source(application))
    return entries


def build_timeline(application: Application) -> list[TimelineEntry]:
    """Everything that happened to the application, newest first."""
    # A no-op when the view already prefetched these.
    prefetch_related_objects([application], "status_changes", "interviews__questions")
    entries = [
        *_status_entries(application),
        *_interview_entries(application),
        *_other_app_entries(application),
    ]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
