"""Home at a glance, beside the next actions: the pipeline as counts per stage,
this week's interviews and feedback calls, each open rejection's loop as a small
stepper, and practice progress. A fixed number of queries whatever the amount of
data (tests/test_query_budgets.py). The counts, the interviews, the loops and
the plans are the reads the next actions make (`shared_read`): on the home
page, inside one `reading_once()` block, they are made once for both; the
glance adds the week's feedback calls and the count of answers practised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse

from applications.models import Status
from applications.next_actions import pipeline_figures, upcoming_interviews
from feedback.loop import loop_steps, next_step
from feedback.models import FeedbackCall
from feedback.next_actions import recent_loops
from practice.models import Attempt
from practice.next_actions import plans_with_progress

LOOPS_SHOWN = 3
WEEK_SHOWN = 6


@dataclass(frozen=True)
class WeekEvent:
    when: datetime
    what: str
    url: str


def glance_for(user, now: datetime) -> dict:
    today = user.local_today(now)
    # The next actions read these too: inside the home page's reading_once()
    # block, each is read once for both.
    figures = pipeline_figures(user, now)
    counts = {status: figures[status] for status in Status.values}
    list_url = reverse("applications:application_list")
    pipeline = [
        {"label": status.label, "count": counts[status], "url": f"{list_url}?status={status}"}
        for status in Status
    ]
    total = sum(counts.values())
    if total == 0:
        return {"total": 0}

    week_end = now + timedelta(days=7)
    interviews = [i for i in upcoming_interviews(user, now) if i.starts_at < week_end][:WEEK_SHOWN]
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
    for rejection, state in recent_loops(user, now):
        steps = loop_steps(rejection, today, state)
        current = next_step(steps)
        if current is not None:
            loops.append({"rejection": rejection, "steps": steps, "next": current})
        if len(loops) == LOOPS_SHOWN:
            break

    plan = max(plans_with_progress(user, now), key=lambda p: p.updated_at, default=None)
    practised = Attempt.objects.owned_by(user).filter(created_at__gte=now - timedelta(days=7))
    return {
        "total": total,
        "pipeline": pipeline,
        "week": week,
        "loops": loops,
        "plan": plan,
        "practised_this_week": practised.count(),
    }
