"""The practice app's part of the home page's next actions: questions due
today, plans in progress, and upcoming interviews to practise for. Home shows
at most one practice action a day (accounts.next_actions.ONE_A_DAY_KINDS)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse

from accounts.links import url_for_pk
from accounts.next_actions import NextAction, shared_read
from applications.next_actions import upcoming_interviews

from .models import Plan, PlanItem

# Interviews this close get a "practise the plan" (or "make a plan") action.
INTERVIEW_HORIZON = timedelta(days=7)


def _start_of(day, user) -> datetime:
    return datetime.combine(day, time.min, tzinfo=user.zone)


def _weekday(moment: datetime, now: datetime, user) -> str:
    local, today = user.local_now(moment), user.local_today(now)
    if local.date() == today:
        return "today"
    if local.date() == today + timedelta(days=1):
        return "tomorrow"
    return f"on {local:%A}"


def _due_count(today) -> Count:
    return Count(
        "items",
        filter=Q(items__kind=PlanItem.Kind.QUESTION, items__done=False)
        & (Q(items__due_on__isnull=True) | Q(items__due_on__lte=today)),
        distinct=True,
    )


def plans_with_progress(user, now: datetime) -> tuple[Plan, ...]:
    """Every plan with its progress, what is due today and next, and whose it is:
    one query, read once for the rules and home's practice corner (see
    `shared_read`)."""
    return shared_read(("plans_with_progress", user.pk, now), lambda: _read_plans(user, now))


def _read_plans(user, now: datetime) -> tuple[Plan, ...]:
    today = user.local_today(now)
    return tuple(
        Plan.objects.owned_by(user)
        .with_progress()
        # Only what the actions name: the plan, its interview and whose it is.
        .select_related("application__company", "interview__application__company")
        .only(
            "pk",
            "title",
            "interview_id",
            "updated_at",
            "application__company__name",
            "interview__application__company__name",
        )
        .annotate(
            due_today=_due_count(today),
            next_due=Min(
                "items__due_on",
                filter=Q(items__kind=PlanItem.Kind.QUESTION, items__done=False),
            ),
        )
    )


def collect(user, now: datetime) -> list[NextAction]:
    today = user.local_today(now)
    plans = plans_with_progress(user, now)
    actions: list[NextAction] = []

    due_total = sum(plan.due_today for plan in plans)
    if due_total:
        busiest = max(plans, key=lambda plan: plan.due_today)
        several = sum(1 for plan in plans if plan.due_today) > 1
        actions.append(
            NextAction(
                key=f"practice:due:{today.isoformat()}",
                # No "today": a snoozed action shows under "Coming up".
                title=f"{due_total} question{'s' if due_total != 1 else ''} to practise",
                detail=(
                    "Across your plans. Weak answers come back sooner, so a few minutes a day is enough."
                    if several
                    else f"From {busiest.title}. A few minutes out loud is enough."
                ),
                url=reverse("practice:plan_list")
                if several
                else reverse("practice:session_start", args=[busiest.pk]),
                button="Practise now",
                due=_start_of(today, user),
                kind="practice",
                priority=30,
            )
        )

    plan_path = url_for_pk("practice:plan_detail")
    upcoming = [i for i in upcoming_interviews(user, now) if i.starts_at < now + INTERVIEW_HORIZON]
    plan_for_interview = {plan.interview_id: plan for plan in plans if plan.interview_id}
    for interview in upcoming:
        when = _weekday(interview.starts_at, now, user)
        company = interview.application.company.name
        plan = plan_for_interview.get(interview.pk)
        if plan is not None:
            actions.append(
                NextAction(
                    key=f"practice:interview:{interview.pk}",
                    title=f"Interview {when}: practise the plan for {company}",
                    detail=(
                        f"{user.local_now(interview.starts_at):%A %-d %B at %H:%M}. "
                        f"The plan is {plan.percent_done}% done."
                    ),
                    url=plan_path(plan.pk),
                    button="Open the plan",
                    due=_start_of(today, user),
                    kind="practice",
                    priority=20,
                    extra={"replaces": f"prepare:interview:{interview.pk}"},
                )
            )
        else:
            actions.append(
                NextAction(
                    key=f"practice:plan-for:{interview.pk}",
                    title=f"Interview {when} at {company}: make a practice plan",
                    detail="A short plan: the questions to expect, stories to tell and questions to ask.",
                    url=f"{reverse('practice:plan_create')}?interview={interview.pk}",
                    button="Make a plan",
                    due=_start_of(today, user),
                    kind="practice",
                    priority=25,
                    extra={"replaces": f"prepare:interview:{interview.pk}"},
                )
            )

    for plan in plans:
        if plan.due_today or plan.interview_id in {i.pk for i in upcoming}:
            continue
        if not plan.item_count or plan.percent_done >= 100 or plan.next_due is None:
            continue
        name = plan.company.name if plan.company else plan.title
        actions.append(
            NextAction(
                key=f"practice:plan:{plan.pk}",
                title=f"Plan for {name}: {plan.percent_done}% ready",
                detail="The next questions come back for practice on this day.",
                url=plan_path(plan.pk),
                button="Open the plan",
                due=_start_of(plan.next_due, user),
                kind="practice",
                priority=70,
            )
        )
    return actions
