"""What the feedback loop adds to an application's timeline. Three queries,
however long the history."""

from __future__ import annotations

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from applications.timeline import TimelineEntry

from .models import FeedbackCall, FeedbackRequest, Rejection


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def entries_for(application) -> list[TimelineEntry]:
    rejection = (
        Rejection.objects.filter(application=application)
        .select_related("reflection")
        .prefetch_related("reason_tags")
        .first()
    )
    if rejection is None:
        return []
    entries = [
        TimelineEntry(
            when=_start_of(rejection.received_on),
            day=rejection.received_on,
            kind="rejection",
            title=f"Rejected: {rejection.stage_label.lower()}",
            detail=rejection.reason,
            url=rejection.get_absolute_url(),
        )
    ]
    reflection = getattr(rejection, "reflection", None)
    if reflection is not None:
        entries.append(
            TimelineEntry(
                when=reflection.completed_at or reflection.updated_at,
                kind="reflection",
                title="Reflection finished" if reflection.is_complete else "Reflection started",
                url=reverse("feedback:reflection_edit", args=[rejection.pk]),
            )
        )
    for request in FeedbackRequest.objects.filter(rejection=rejection, sent_at__isnull=False):
        entries.append(
            TimelineEntry(
                when=request.sent_at,
                kind="feedback",
                title="Feedback requested",
                detail=request.get_outcome_display(),
                url=reverse("feedback:request_detail", args=[request.pk]),
            )
        )
    now = timezone.now()
    for call in FeedbackCall.objects.filter(rejection=rejection):
        when = call.scheduled_at
        if call.is_done:
            # Done is done, even when marked before the time first booked.
            when = min(when, call.updated_at or when)
            title = "Feedback call done"
        elif when > now:
            title = "Feedback call booked"
        else:
            title = "Feedback call (past, not marked done yet)"
        entries.append(
            TimelineEntry(
                when=when,
                kind="feedback",
                title=title,
                detail=call.takeaways[:200] if call.takeaways else "",
                url=reverse("feedback:call_notes", args=[call.pk]),
            )
        )
    return entries
