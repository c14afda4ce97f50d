"""Feedback calls, follow-up dates and access-request deadlines in the person's
calendar feed (the interface is described in applications/calendar.py).

Only what helps the person turn up prepared goes in: never notes, ratings or
the messages themselves, since calendar providers keep a copy of the feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from applications.calendar import FEED_PAST_DAYS, CalendarEvent

from .models import FeedbackCall, FeedbackRequest, SubjectAccessRequest

CALL_MINUTES = 30


def events_for(user) -> Iterable[CalendarEvent]:
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    events: list[CalendarEvent] = []

    calls = (
        FeedbackCall.objects.owned_by(user)
        .filter(scheduled_at__gte=since)
        .select_related("rejection__application__company", "request__contact")
    )
    for call in calls:
        application = call.rejection.application
        contact = call.request.contact if call.request_id and call.request.contact_id else None
        who = f" with {contact.name}" if contact else ""
        events.append(
            CalendarEvent(
                uid=f"feedback-call-{call.pk}@rebound",
                summary=f"Feedback call{who} ({application.company.name})",
                start=call.scheduled_at,
                end=call.scheduled_at + timedelta(minutes=CALL_MINUTES),
                description=(
                    f"About your interview for {application.title} at "
                    f"{application.company.name}. Your prepared questions and the "
                    "notes page are in Rebound."
                ),
                path=reverse("feedback:call_notes", args=[call.pk]),
                updated_at=call.updated_at,
            )
        )

    requests = (
        FeedbackRequest.objects.owned_by(user)
        .awaiting_follow_up()
        .filter(follow_up_due__gte=since.date())
        .select_related("rejection__application__company", "contact")
    )
    for request in requests:
        company = request.rejection.application.company.name
        who = f" {request.contact.name}" if request.contact_id else ""
        events.append(
            CalendarEvent(
                uid=f"feedback-request-follow-up-{request.pk}@rebound",
                summary=f"Follow up with{who or ' them'} at {company} if there is no answer",
                start=request.follow_up_due,
                description="One short, friendly follow-up. Rebound has a draft ready.",
                path=reverse("feedback:request_follow_up", args=[request.pk]),
                updated_at=request.updated_at,
            )
        )

    access_requests = SubjectAccessRequest.objects.owned_by(user).filter(
        due_on__isnull=False, received_on__isnull=True, due_on__gte=since.date()
    )
    for sar in access_requests:
        events.append(
            CalendarEvent(
                uid=f"subject-access-request-{sar.pk}@rebound",
                summary=f"Answer from {sar.organisation_name} due (your data request)",
                start=sar.due_on,
                description="The organisation should normally answer within one month.",
                path=sar.get_absolute_url(),
                updated_at=sar.updated_at,
            )
        )
    return events
