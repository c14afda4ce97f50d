"""Feedback calls, follow-up dates and access-request deadlines in the person's
calendar feed (the interface is described in applications/calendar.py).

Only what helps the person turn up prepared goes in: never notes, ratings or
the messages themselves, since calendar providers keep a copy of the feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.utils import timezone

from accounts.links import url_for_pk
from applications.calendar import FEED_PAST_DAYS, CalendarEvent

from .models import FeedbackCall, FeedbackRequest, SubjectAccessRequest

CALL_MINUTES = 30


def events_for(user) -> Iterable[CalendarEvent]:
    """Read as plain rows, only the columns the events show, with one `reverse`
    per kind of link (a long search has hundreds of calls)."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    events: list[CalendarEvent] = []

    call_path = url_for_pk("feedback:call_notes")
    calls = (
        FeedbackCall.objects.owned_by(user)
        .filter(scheduled_at__gte=since)
        .values_list(
            "pk",
            "scheduled_at",
            "updated_at",
            "rejection__application__title",
            "rejection__application__company__name",
            "request__contact__name",
        )
    )
    for pk, scheduled_at, updated_at, title, company, contact in calls:
        who = f" with {contact}" if contact else ""
        events.append(
            CalendarEvent(
                uid=f"feedback-call-{pk}@rebound",
                summary=f"Feedback call{who} ({company})",
                start=scheduled_at,
                end=scheduled_at + timedelta(minutes=CALL_MINUTES),
                description=(
                    f"About your interview for {title} at {company}. Your prepared "
                    "questions and the notes page are in Rebound."
                ),
                path=call_path(pk),
                updated_at=updated_at,
            )
        )

    follow_up_path = url_for_pk("feedback:request_follow_up")
    requests = (
        FeedbackRequest.objects.owned_by(user)
        .awaiting_follow_up()
        .filter(follow_up_due__gte=since.date())
        .values_list(
            "pk",
            "follow_up_due",
            "updated_at",
            "rejection__application__company__name",
            "contact__name",
        )
    )
    for pk, follow_up_due, updated_at, company, contact in requests:
        who = f" {contact}" if contact else ""
        events.append(
            CalendarEvent(
                uid=f"feedback-request-follow-up-{pk}@rebound",
                summary=f"Follow up with{who or ' them'} at {company} if there is no answer",
                start=follow_up_due,
                description="One short, friendly follow-up. Rebound has a draft ready.",
                path=follow_up_path(pk),
                updated_at=updated_at,
            )
        )

    sar_path = url_for_pk("feedback:sar_detail")
    access_requests = (
        SubjectAccessRequest.objects.owned_by(user)
        .filter(due_on__isnull=False, received_on__isnull=True, due_on__gte=since.date())
        .values_list("pk", "organisation_name", "due_on", "updated_at")
    )
    for pk, organisation_name, due_on, updated_at in access_requests:
        events.append(
            CalendarEvent(
                uid=f"subject-access-request-{pk}@rebound",
                summary=f"Answer from {organisation_name} due (your data request)",
                start=due_on,
                description="The organisation should normally answer within one month.",
                path=sar_path(pk),
                updated_at=updated_at,
            )
        )
    return events
