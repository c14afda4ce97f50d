"""Home at a glance, beside the next actions: the pipeline as counts per stage,
this week's interviews and feedback calls, each open rejection's loop as a small
stepper, and practice progress. A fixed number of queries whatever the amount of
data (tests/test_query_budgets.py): one aggregate for the counts, one query for
each list, three for the loops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.urls import reverse

from applications.models import Application, Interview, Status
from feedback.loop import loop_steps, next_step
from feedback.models import FeedbackCall, Rejection
from feedback.next_actions import RECENT_DAYS
from practice.models import Attempt, Plan

LOOPS_SHOWN = 3
WEEK_SHOWN = 6


@dataclass(frozen=True)
class WeekEvent:
    when: datetime
    what: str
    url: str


def glance_for(user, now: datetime) -> dict:
    today = user.local_today(now)
    counts = Application.objects.owned_by(user).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Status.values}
    )
    list_url = reverse("applications:application_list")
    pipeline = [
        {"label": status.label, "count": counts[status], "url": f"{list_url}?status={status}"}
        for status in Status
    ]
    total = sum(counts.values())
    if total == 0:
        return {"total": 0}

    week_end = now + timedelta(days=7)
    interviews = (
        Interview.objects.owned_by(user)
        .filter(starts_at__gte=now, starts_at__lt=week_end)
        .select_related("application__company")
        .only("pk", "starts_at", "round", "application__title", "application__company__name")
        .order_by("starts_at")[:WEEK_SHOWN]
    )
    calls = (
        FeedbackCall.objects.owned_by(user)
        .filter(scheduled_at__gte=now, scheduled_at__lt=week_end)
        .select_related("rejection__application__company")
        .only("pk", "scheduled_at", "rejection__application__company__name")
        .order_by("scheduled_at")[:WEEK_SHOWN]
    )
    week = sorted(
        [
            WeekEvent(
                i.starts_at,
                f"Interview, round {i.round}: {i.application.title} at "
                f"{i.application.company.name}",
                reverse("applications:interview_detail", args=[i.pk]),
            )
            for i in interviews
        ]
        + [
            WeekEvent(
                c.scheduled_at,
                f"Feedback call with {c.rejection.application.company.name}",
                reverse("feedback:call_notes", args=[c.pk]),
            )
            for c in calls
        ],
        key=lambda e: e.when,
    )[:WEEK_SHOWN]

    loops = []
    rejections = (
        Rejection.objects.owned_by(user)
        .filter(received_on__gte=today - timedelta(days=RECENT_DAYS))
        .for_loop()
        .newest_first()
    )
    for rejection in rejections:
        steps = loop_steps(rejection, today)
        current = next_step(steps)
        if current is not None:
            loops.append({"rejection": rejection, "steps": steps, "next": current})
        if len(loops) == LOOPS_SHOWN:
            break

    plan = Plan.objects.owned_by(user).with_progress().order_by("-updated_at").first()
    practised = Attempt.objects.owned_by(user).filter(created_at__gte=now - timedelta(days=7))
    return {
        "total": total,
        "pipeline": pipeline,
        "week": week,
        "loops": loops,
        "plan": plan,
        "practised_this_week": practised.count(),
    }
