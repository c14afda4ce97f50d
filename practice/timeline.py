"""What practice adds to an application's timeline: plans made for it and mock
interviews practised for it. Three queries, whatever the history."""

from __future__ import annotations

from applications.timeline import TimelineEntry

from .models import MockInterview, Plan


def entries_for(application) -> list[TimelineEntry]:
    plans = list(Plan.objects.filter(application=application).with_progress())
    mocks = (
        MockInterview.objects.filter(plan__application=application, finished_at__isnull=False)
        .select_related("plan")
        .prefetch_related("attempts")
    )
    entries = [
        TimelineEntry(
            when=plan.created_at,
            kind="practice",
            title="Practice plan made",
            detail=f"{plan.title} · {plan.percent_done}% done",
            url=plan.get_absolute_url(),
        )
        for plan in plans
    ]
    for mock in mocks:
        ratings = [attempt.rating for attempt in mock.attempts.all()]
        detail = f"{len(ratings)} question{'s' if len(ratings) != 1 else ''} answered"
        if ratings:
            detail += f", average rating {sum(ratings) / len(ratings):.1f} out of 5"
        entries.append(
            TimelineEntry(
                when=mock.finished_at,
                kind="practice",
                title="Mock interview practised",
                detail=detail,
                url=mock.get_absolute_url(),
            )
        )
    return entries
