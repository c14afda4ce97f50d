"""The practice part of the demo account (see applications' demo_data command):
a few STAR stories, a plan learned from a rejection with some practice already
done and a mock interview, and a plan for the next upcoming interview."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from applications.models import Interview
from feedback.models import Rejection

from . import services
from .models import Attempt, MockInterview, Plan, Question, Story

OWN_QUESTIONS = (
    (
        "Walk me through a piece of design work from first sketch to launch.",
        "behavioural",
        ["evidence", "fit"],
        ["problem_solving", "communication"],
    ),
    (
        "How do you decide when research is good enough to act on?",
        "situational",
        ["answers", "fit"],
        ["decision_making"],
    ),
)

STORIES = (
    {
        "title": "The checkout redesign that halved drop-offs",
        "situation": "Our checkout lost almost half of the people who started it.",
        "task": "I was asked to find out why and fix it within one quarter.",
        "action": "I watched twelve sessions, mapped where people hesitated, prototyped a "
        "shorter flow and tested it with five customers before we built it.",
        "result": "Drop-offs fell from 46% to 22% in the first month after launch.",
        "competencies": ["problem_solving", "customer_focus"],
        "strength": 5,
        "questions": ["difficult-problem", "improved-a-process"],
    },
    {
        "title": "Disagreeing with engineering about the date picker",
        "situation": "An engineer wanted to reuse an old component that failed accessibility checks.",
        "task": "We needed one answer before the sprint started.",
        "action": "I sat with him, tested both options with a screen reader together and "
        "offered to pair on the new one.",
        "result": "",
        "competencies": ["conflict", "communication"],
        "strength": 3,
        "questions": ["disagreed-with-colleague"],
    },
    {
        "title": "Learning service design in a month",
        "situation": "I moved from a product team to a public-service project.",
        "task": "",
        "action": "",
        "result": "",
        "competencies": ["learning", "adaptability"],
        "strength": None,
        "questions": ["learned-quickly"],
    },
)


def clear(user) -> None:
    Plan.objects.filter(owner=user).delete()
    Story.objects.filter(owner=user).delete()
    Question.objects.filter(owner=user).delete()


def populate(user, rng: random.Random, today: date) -> None:
    now = timezone.now()
    for text, category, areas, competencies in OWN_QUESTIONS:
        Question.objects.create(
            owner=user, text=text, category=category, areas=areas, competencies=competencies
        )
    by_key = {q.bank_key: q for q in Question.objects.shipped()}
    for spec in STORIES:
        spec = dict(spec)
        keys = spec.pop("questions")
        story = Story.objects.create(owner=user, **spec)
        story.questions.set([by_key[k] for k in keys if k in by_key])

    rejection = (
        Rejection.objects.owned_by(user)
        .filter(stage__in=["after_interview", "final_round"])
        .order_by("-received_on")
        .first()
    )
    practised = None
    if rejection is not None:
        practised = services.plan_create_from_rejection(owner=user, rejection=rejection)

    interview = (
        Interview.objects.owned_by(user).upcoming(now).first()
        or Interview.objects.owned_by(user).order_by("-starts_at").first()
    )
    if interview is not None:
        plan = services.plan_create_for_interview(
            owner=user, interview=interview, focus_areas=["preparation", "questions"]
        )
        practised = practised or plan
    if practised is not None:
        _practise_some(practised, rng=rng, today=today, now=now)


def _practise_some(plan: Plan, *, rng: random.Random, today: date, now) -> None:
    """Two weeks of practice: one question ready, one weak and due, a mock interview."""
    items = list(plan.items.questions().order_by("position"))
    if not items:
        return
    history = [(items[0], 4, 6), (items[0], 5, 2)]  # (item, rating, days ago)
    if len(items) > 1:
        history += [(items[1], 2, 3)]
    if len(items) > 2:
        history += [(items[2], 3, 5), (items[2], 4, 1)]
    for item, rating, days_ago in history:
        services.attempt_record(
            item=item,
            rating=rating,
            note=rng.choice(["Too long at the start.", "Clear ending.", "Add a number.", ""]),
            seconds_taken=rng.randint(70, 150),
            today=today - timedelta(days=days_ago),
            now=now - timedelta(days=days_ago),
        )
    mock = services.mock_start(plan=plan, count=min(3, len(items)), today=today)
    for slot in mock.slots.select_related("item"):
        Attempt.objects.create(
            item=slot.item,
            mock=mock,
            rating=rng.choice([3, 4, 4, 5]),
            note="From the mock interview.",
            seconds_taken=rng.randint(80, 140),
            created_at=now - timedelta(hours=2),
        )
    MockInterview.objects.filter(pk=mock.pk).update(finished_at=now - timedelta(hours=1))
