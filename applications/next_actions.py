"""The applications app's part of the home page's next actions."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Max, Min
from django.urls import reverse
from django.utils.timesince import timesince

from accounts.links import url_for_pk
from accounts.next_actions import NextAction, shared_read

from .models import Application, Interview, Status, silent_since

# How far ahead upcoming interviews are listed.
INTERVIEW_HORIZON = timedelta(days=14)
# A quiet spell this long earns a nudge to keep the pipeline moving.
QUIET_SPELL = timedelta(days=14)
# Up to this many quiet applications get a nudge each; more share one nudge.
QUIET_ONE_BY_ONE = 3
# The list filter that shows waiting applications with no news for a while.
QUIET_FILTER = "quiet"
# Keys of the shared nudge: this prefix and the day the newest quiet spell began.
QUIET_SERIES = "no-response:many:"


def _no_response_suggestions(user, now: datetime, summary: dict) -> list[NextAction]:
    """One nudge per quiet application while there are only a few; past that, one
    nudge for all of them, pointing at the list of quiet applications, so a long
    search does not bury the home page under the same sentence."""
    if not summary["quiet_count"]:
        return []
    wait = timedelta(days=user.no_response_days)
    if summary["quiet_count"] > QUIET_ONE_BY_ONE:
        return [
            NextAction(
                # Keyed on the newest quiet spell, in a series: dismissing or snoozing
                # the nudge holds until another application goes quiet.
                key=f"{QUIET_SERIES}{summary['quiet_latest'] + wait:%Y-%m-%d}",
                title=f"{summary['quiet_count']} applications have had no news for a while",
                detail=(
                    f"Each has been quiet for {user.no_response_days} days or more. "
                    "Mark the ones you have stopped waiting for as no response."
                ),
                url=f"{reverse('applications:application_list')}?status={QUIET_FILTER}",
                button="Review them",
                due=summary["quiet_earliest"] + wait,
                kind="no_response",
                priority=60,
                extra={"series": QUIET_SERIES},
            )
        ]
    quiet = (
        Application.objects.owned_by(user)
        .silent_since(now - wait, now, user)
        .with_company()
        .only("pk", "title", "last_news_at", "company__name")
        .order_by("last_news_at", "pk")[:QUIET_ONE_BY_ONE]
    )
    application_path = url_for_pk("applications:application_detail")
    return [
        NextAction(
            key=f"no-response:application:{application.pk}",
            title=f"No news from {application.company.name} about {application.title}",
            detail=(
                f"Nothing has happened for {timesince(application.last_news_at, now)}. "
                "Mark it as no response, or keep waiting if you expect to hear."
            ),
            url=application_path(application.pk),
            button="Review it",
            due=application.last_news_at + wait,
            kind="no_response",
            priority=60,
        )
        for application in quiet
    ]


def upcoming_interviews(user, now: datetime) -> tuple[Interview, ...]:
    """The interviews of the next INTERVIEW_HORIZON, soonest first, read once for
    every rule and page part that lists some of them (see `shared_read`)."""
    return shared_read(
        ("upcoming_interviews", user.pk, now),
        lambda: tuple(Interview.objects.owned_by(user).to_prepare_for(now, INTERVIEW_HORIZON)),
    )


def _interview_preparation(user, now: datetime) -> list[NextAction]:
    upcoming = upcoming_interviews(user, now)
    interview_path = url_for_pk("applications:interview_detail")
    actions = []
    for interview in upcoming:
        local_start = user.local_now(interview.starts_at)
        application = interview.application
        actions.append(
            NextAction(
                key=f"prepare:interview:{interview.pk}",
                title=f"Prepare for your interview at {application.company.name}",
                detail=(
                    f"{application.title}, round {interview.round} "
                    f"({interview.get_kind_display().lower()}), "
                    f"{local_start:%A %-d %B at %H:%M}."
                ),
                url=interview_path(interview.pk),
                button="See the interview",
                due=interview.starts_at - timedelta(days=1),
                kind="interview",
                priority=10,
                extra={"starts_at": interview.starts_at},
            )
        )
    return actions


def _quiet_spell(now: datetime, summary: dict) -> list[NextAction]:
    latest = summary["latest_added"]
    if latest is None or latest > now - QUIET_SPELL:
        return []
    return [
        NextAction(
            key="apply:quiet-spell",
            title=f"You have not added an application for {timesince(latest, now)}",
            detail="Keeping something in the pipeline makes each answer matter less.",
            url=reverse("applications:application_create"),
            button="Add an application",
            due=latest + QUIET_SPELL,
            kind="pipeline",
            priority=80,
        )
    ]


def pipeline_figures(user, now: datetime) -> dict:
    """The figures the pipeline rules and home's counts read, in one query: how
    many applications are at each status (keyed by status), when the newest was
    added, and how many are quiet and since when."""

    def read() -> dict:
        silent = silent_since(now - timedelta(days=user.no_response_days), now, user)
        # One row per status, summed here: a filtered count per status would
        # cost Django more to compile than PostgreSQL takes to answer.
        rows = list(
            Application.objects.owned_by(user)
            .values("status")
            .annotate(
                count=Count("pk"),
                latest_added=Max("created_at"),
                quiet_count=Count("pk", filter=silent),
                quiet_latest=Max("last_news_at", filter=silent),
                quiet_earliest=Min("last_news_at", filter=silent),
            )
            .order_by()
        )
        figures = dict.fromkeys(Status.values, 0)
        figures.update({row["status"]: row["count"] for row in rows})
        return {
            **figures,
            "latest_added": max((r["latest_added"] for r in rows), default=None),
            "quiet_count": sum(r["quiet_count"] for r in rows),
            "quiet_latest": max(
                (r["quiet_latest"] for r in rows if r["quiet_latest"]), default=None
            ),
            "quiet_earliest": min(
                (r["quiet_earliest"] for r in rows if r["quiet_earliest"]), default=None
            ),
        }

    return shared_read(("pipeline_figures", user.pk, now), read)


def collect(user, now: datetime) -> list[NextAction]:
    summary = pipeline_figures(user, now)
    return [
        *_interview_preparation(user, now),
        *_no_response_suggestions(user, now, summary),
        *_quiet_spell(now, summary),
    ]
