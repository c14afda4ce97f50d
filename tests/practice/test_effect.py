"""Practice beside what happened next: counts, a threshold, never a cause."""

import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Status
from practice.effect import MIN_GROUP, effect_for
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    InterviewFactory,
    PlanFactory,
    PlanItemFactory,
    QuestionFactory,
    RejectionFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)


def practise(user, when, areas=("evidence",), focus=("evidence",)):
    plan = PlanFactory(owner=user, focus_areas=list(focus))
    item = PlanItemFactory(plan=plan, question=QuestionFactory(owner=user, areas=list(areas)))
    AttemptFactory(item=item, created_at=when)


def interview(user, days_ago, status, *, later=False):
    application = ApplicationFactory(owner=user, status=status)
    first = InterviewFactory(application=application, starts_at=NOW - dt.timedelta(days=days_ago))
    if later:
        InterviewFactory(application=application, starts_at=NOW - dt.timedelta(days=days_ago - 3))
    return first


def test_interviews_with_and_without_practice_in_the_14_days_before(user):
    practise(user, NOW - dt.timedelta(days=35))  # 5 days before the interview 30 days ago
    practise(user, NOW - dt.timedelta(days=100), areas=("fit",))  # not a focus area
    interview(user, 30, Status.REJECTED, later=True)  # moved on to a second round, then no
    interview(user, 60, Status.NO_RESPONSE)  # no practice within 14 days
    interview(user, 10, Status.OFFER)  # no practice: moved on
    interview(user, 5, Status.INTERVIEWING)  # no outcome yet: left out
    interview(user, -2, Status.INTERVIEWING)  # still to come: left out
    effect = effect_for(user, NOW)
    practised, none = effect.interviews.practised, effect.interviews.none
    # Practised: the first round 30 days ago (moved on to a second round) and that
    # second round 27 days ago (then rejected), both within 14 days of the practice.
    assert (practised.total, practised.moved_on) == (2, 1)
    assert (none.total, none.moved_on) == (2, 1)
    assert effect.interviews.too_small


def test_practice_after_the_interview_does_not_count(user):
    practise(user, NOW - dt.timedelta(days=29))
    interview(user, 30, Status.REJECTED)
    effect = effect_for(user, NOW)
    assert (effect.interviews.practised.total, effect.interviews.none.total) == (0, 1)


def test_enough_in_both_groups_is_no_longer_too_small(user):
    for n in range(MIN_GROUP):
        practise(user, NOW - dt.timedelta(days=200 + 20 * n + 2))
        interview(user, 200 + 20 * n, Status.REJECTED)
        interview(user, 20 + n, Status.NO_RESPONSE)
    effect = effect_for(user, NOW)
    assert effect.interviews.practised.total == MIN_GROUP
    assert effect.interviews.none.total == MIN_GROUP
    assert not effect.interviews.too_small


def test_rejections_at_a_later_stage_than_the_one_before(user):
    day = dt.date(2026, 6, 1)
    RejectionFactory(owner=user, received_on=day, stage="after_applying", interview_round=None)
    practise(user, dt.datetime(2026, 6, 25, tzinfo=dt.UTC))
    RejectionFactory(
        owner=user, received_on=dt.date(2026, 7, 1), stage="after_interview", interview_round=1
    )
    RejectionFactory(
        owner=user, received_on=dt.date(2026, 8, 1), stage="after_screening", interview_round=None
    )
    effect = effect_for(user, NOW)
    assert (effect.rejections.practised.total, effect.rejections.practised.moved_on) == (1, 1)
    assert (effect.rejections.none.total, effect.rejections.none.moved_on) == (1, 0)


def test_the_page_shows_counts_says_too_small_and_claims_no_cause(client_logged_in, user):
    practise(user, dt.datetime.now(dt.UTC) - dt.timedelta(days=33))
    application = ApplicationFactory(owner=user, status=Status.REJECTED)
    InterviewFactory(
        application=application, starts_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    )
    html = client_logged_in.get(reverse("applications:stats")).content.decode()
    assert "data-practice-effect" in html
    assert "not what practice caused" in html
    assert html.count("data-too-small") == 2
    assert "at least 10" in html
