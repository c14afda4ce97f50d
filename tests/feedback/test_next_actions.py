import datetime as dt

import pytest
from django.utils import timezone

from feedback import next_actions
from feedback.loop import DONE, READY, SKIPPED, WAITING, loop_steps, next_step, with_loop
from feedback.models import Rejection
from feedback.services import reflection_save, rubric_ratings_save
from feedback.timeline import entries_for
from tests.factories import (
    FeedbackCallFactory,
    FeedbackRequestFactory,
    ReflectionFactory,
    RejectionFactory,
)

pytestmark = pytest.mark.django_db


def keys(actions):
    return [a.key.split(":")[0] for a in actions]


def steps_for(rejection, today):
    fresh = with_loop(Rejection.objects.filter(pk=rejection.pk)).get()
    return {s.key: s for s in loop_steps(fresh, today)}


def test_reflection_waits_two_days_but_is_never_blocked(user):
    rejection = RejectionFactory(owner=user, received_on=dt.date(2026, 3, 2))
    steps = steps_for(rejection, dt.date(2026, 3, 3))
    assert steps["rejection"].state == DONE
    assert steps["reflection"].state == WAITING
    assert steps["reflection"].until == dt.date(2026, 3, 4)
    assert steps["reflection"].url  # the button is there anyway
    assert steps["reflection"].state_label == "Waiting until Wed 4 Mar"
    assert steps_for(rejection, dt.date(2026, 3, 4))["reflection"].state == READY


def test_steps_follow_the_loop(user):
    rejection = RejectionFactory(owner=user)
    today = timezone.localdate()
    reflection_save(rejection=rejection, ratings={"fit": (4, "")}, finish=True)
    request = FeedbackRequestFactory(rejection=rejection, outcome="declined")
    steps = steps_for(rejection, today)
    assert steps["reflection"].state == DONE
    assert steps["request"].state == SKIPPED
    assert steps["call"].state == SKIPPED
    assert steps["comparison"].state == SKIPPED
    assert steps["practice"].state == READY
    request.outcome = "feedback_given"
    request.save()
    rubric_ratings_save(rejection=rejection, source="feedback", values={"fit": (3, "")})
    steps = steps_for(rejection, today)
    assert steps["request"].state == DONE
    assert steps["comparison"].state == DONE
    assert next_step(list(steps.values())).key == "practice"


def test_collect_reflect_action_is_due_two_days_later(user):
    rejection = RejectionFactory(owner=user, received_on=timezone.localdate())
    now = timezone.now()
    actions = next_actions.collect(user, now)
    reflect = next(a for a in actions if a.key == f"reflect:rejection:{rejection.pk}")
    assert not reflect.is_due(now)
    assert reflect.is_due(now + dt.timedelta(days=3))
    assert reflect.url == f"/feedback/rejections/{rejection.pk}/reflection/"
    # Feedback is asked for promptly.
    assert "request" in keys(actions)


def test_collect_after_finishing_the_reflection(user, other_user):
    rejection = RejectionFactory(owner=user, stage="after_applying", interview_round=None)
    ReflectionFactory(rejection=rejection, status="complete", completed_at=timezone.now())
    RejectionFactory(owner=other_user)
    actions = next_actions.collect(user, timezone.now())
    assert "reflect" not in keys(actions)
    assert "request" not in keys(actions)  # rarely useful before any interview
    assert all(str(rejection.pk) in a.key for a in actions)


def test_collect_follow_up_and_call(user):
    rejection = RejectionFactory(owner=user)
    FeedbackRequestFactory(
        rejection=rejection, sent_at=timezone.now(), follow_up_due=timezone.localdate()
    )
    assert "request-follow-up" in keys(next_actions.collect(user, timezone.now()))
    FeedbackCallFactory(rejection=rejection)
    assert "call-prepare" in keys(next_actions.collect(user, timezone.now()))


def test_old_rejections_stay_quiet(user):
    RejectionFactory(owner=user, received_on=timezone.localdate() - dt.timedelta(days=120))
    assert next_actions.collect(user, timezone.now()) == []


def test_collect_uses_a_constant_number_of_queries(user, django_assert_max_num_queries):
    for _ in range(3):
        RejectionFactory(owner=user)
    with django_assert_max_num_queries(8) as few:
        next_actions.collect(user, timezone.now())
    for _ in range(10):
        FeedbackRequestFactory(rejection=RejectionFactory(owner=user))
    with django_assert_max_num_queries(len(few.captured_queries)):
        next_actions.collect(user, timezone.now())


def test_timeline_entries(user):
    rejection = RejectionFactory(owner=user, reason="More experience needed.")
    ReflectionFactory(rejection=rejection)
    FeedbackRequestFactory(rejection=rejection, sent_at=timezone.now())
    FeedbackCallFactory(rejection=rejection, status="done")
    entries = entries_for(rejection.application)
    assert [e.kind for e in entries] == ["rejection", "reflection", "feedback", "feedback"]
    assert entries[0].url == rejection.get_absolute_url()
    assert entries[0].detail == "More experience needed."


def test_timeline_without_a_rejection(user):
    from tests.factories import ApplicationFactory

    assert entries_for(ApplicationFactory(owner=user)) == []


def test_no_reflection_reminder_without_an_interview(user):
    RejectionFactory(owner=user, stage="after_applying", interview_round=None)
    assert "reflect" not in keys(next_actions.collect(user, timezone.now()))
