import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.next_actions import collect_for
from practice import services
from practice.models import Attempt, MockInterview, PlanItem, Question
from practice.next_actions import collect
from practice.timeline import entries_for
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    PlanFactory,
    PlanItemFactory,
    QuestionFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)  # a Monday


# The bank --------------------------------------------------------------


def test_interview_questions_flow_into_the_bank_once(user, other_user):
    asked = InterviewQuestionFactory(interview__application__owner=user, text="Why logistics?")
    InterviewQuestionFactory(interview__application__owner=other_user)
    trashed = InterviewQuestionFactory(
        interview__application__owner=user,
        interview__application__deleted_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    assert services.question_bank_sync(owner=user) == 1
    question = Question.objects.get(interview_question=asked)
    assert question.owner == user and question.text == "Why logistics?"
    assert question.is_from_interview
    assert not Question.objects.filter(interview_question=trashed).exists()
    assert services.question_bank_sync(owner=user) == 0


def test_bank_sync_query_count_does_not_grow(user):
    def queries_for(n):
        for _ in range(n):
            InterviewQuestionFactory(interview__application__owner=user)
        with CaptureQueriesContext(connection) as ctx:
            services.question_bank_sync(owner=user)
        return len(ctx.captured_queries)

    assert queries_for(2) == queries_for(20)


# Plans ------------------------------------------------------------------


def test_plan_for_interview_brings_in_its_questions_and_the_focus_areas(user):
    application = ApplicationFactory(owner=user, company__name="Birch")
    earlier = InterviewFactory(application=application, round=1)
    InterviewQuestionFactory(interview=earlier, text="What would you change in our app?")
    upcoming = InterviewFactory(application=application, round=2)

    plan = services.plan_create_for_interview(
        owner=user, interview=upcoming, focus_areas=["questions", "nonsense", "preparation"]
    )

    assert plan.interview == upcoming and plan.application == application
    assert plan.focus_areas == ["questions", "preparation"]
    assert plan.title.startswith("Birch:")
    questions = [i.question for i in plan.items.questions()]
    assert questions[0].text == "What would you change in our app?"
    bank = [q for q in questions if q.is_shipped]
    assert bank and all("questions" in q.areas or "preparation" in q.areas for q in bank)
    kinds = set(plan.items.values_list("kind", flat=True))
    assert {"question", "research", "ask", "cv"} <= kinds


def test_plan_without_focus_areas_starts_with_common_questions(user):
    plan = services.plan_create_for_interview(
        owner=user, interview=InterviewFactory(application__owner=user)
    )
    keys = [i.question.bank_key for i in plan.items.questions()]
    assert keys[0] == "tell-me-about-yourself"
    assert "any-questions-for-us" in keys


def test_plan_asks_for_stories_only_where_no_strong_story_exists(user):
    covered = Question.objects.get(bank_key="difficult-problem")
    StoryFactory(owner=user, strength=5, questions=[covered])
    plan = services.plan_create_for_interview(
        owner=user, interview=InterviewFactory(application__owner=user)
    )
    stories = list(plan.items.filter(kind="story").values_list("text", flat=True))
    assert not any(covered.text in text for text in stories)
    assert any("disagreed with a colleague" in text for text in stories)


def test_plan_from_rejection_uses_the_comparison_and_the_interviewers_suggestions(
    user, compared_rejection
):
    plan = services.plan_create_from_rejection(
        owner=user, rejection=compared_rejection, today=TODAY
    )

    assert plan.rejection == compared_rejection
    # The blind spot first, then the area both sides rated low.
    assert plan.focus_areas == ["evidence", "questions"]
    assert "Use numbers in your examples." in plan.interviewer_suggestions
    advice = list(plan.items.filter(kind="advice").values_list("text", flat=True))
    assert advice == ["Use numbers in your examples.", "Ask sharper questions about the team."]
    items = list(plan.items.questions().select_related("question"))
    assert items[0].question.text == "How would you cut our onboarding time?"  # asked there
    chosen = [item.question for item in items[1:]]
    assert services.FOCUS_QUESTIONS_MIN <= len(chosen) <= services.FOCUS_QUESTIONS_MAX
    assert all(q.is_shipped for q in chosen)
    # Taken in turn from the focus areas, the blind spot first.
    assert "evidence" in chosen[0].areas and "questions" in chosen[1].areas


def test_plan_from_rejection_starts_small_and_never_researches_that_company(
    user, compared_rejection
):
    plan = services.plan_create_from_rejection(
        owner=user, rejection=compared_rejection, today=TODAY
    )
    kinds = list(plan.items.values_list("kind", flat=True))
    assert "research" not in kinds
    assert "ask" not in kinds and "cv" not in kinds
    assert kinds.count("story") == 1
    assert len(kinds) <= 1 + services.FOCUS_QUESTIONS_MAX + 1 + services.MAX_SUGGESTION_ITEMS
    # Three questions due today; the others come on the next days.
    due = list(plan.items.questions().values_list("due_on", flat=True))
    assert due.count(TODAY) == services.NEW_QUESTIONS_A_DAY
    assert all(day > TODAY for day in due if day != TODAY)
    assert services.plans_due_counts(owner=user, today=TODAY) == {
        plan.pk: services.NEW_QUESTIONS_A_DAY
    }


def test_plan_from_rejection_sharpens_a_story_the_person_already_has(user, compared_rejection):
    services.question_bank_sync(owner=user)
    asked = services._interview_questions_for(
        owner=user, application_id=compared_rejection.application_id
    )
    story = StoryFactory(owner=user, title="Onboarding rebuild", result="", strength=3)
    story.questions.add(asked[0])
    plan = services.plan_create_from_rejection(
        owner=user, rejection=compared_rejection, today=TODAY
    )
    assert list(plan.items.filter(kind="story").values_list("text", flat=True)) == [
        "Sharpen your story “Onboarding rebuild”: add the result"
    ]


def test_plan_from_rejection_without_a_comparison_starts_with_three_common_questions(user):
    from tests.factories import RejectionFactory

    rejection = RejectionFactory(owner=user, application__owner=user)
    plan = services.plan_create_from_rejection(owner=user, rejection=rejection, today=TODAY)
    assert plan.focus_areas == []
    assert plan.items.questions().count() == services.FOCUS_QUESTIONS_MIN
    assert plan.items.filter(kind="story").count() == 1
    assert not plan.items.filter(kind="research").exists()


def test_more_questions_on_request_come_from_the_focus_areas(user, compared_rejection):
    plan = services.plan_create_from_rejection(
        owner=user, rejection=compared_rejection, today=TODAY
    )
    before = set(plan.items.questions().values_list("question_id", flat=True))
    added = services.plan_add_more(plan=plan, today=TODAY)
    assert len(added) == services.MORE_QUESTIONS
    assert not {item.question_id for item in added} & before
    assert all({"evidence", "questions"} & set(item.question.areas) for item in added), (
        "more questions for the same areas"
    )
    assert all(item.due_on == TODAY for item in added)


def test_plan_item_add_keeps_a_question_once_and_rejects_empty_text(user):
    plan = PlanFactory(owner=user)
    question = QuestionFactory(owner=user)
    first = services.plan_item_add(plan=plan, kind="question", question=question)
    again = services.plan_item_add(plan=plan, kind="question", question=question)
    assert first == again and plan.items.count() == 1
    research = services.plan_item_add(plan=plan, kind="research", text="  Read their report ")
    assert research.text == "Read their report" and research.position > first.position
    with pytest.raises(ValueError):
        services.plan_item_add(plan=plan, kind="cv", text="   ")


def test_plan_item_toggle_ticks_and_unticks(user):
    item = PlanItemFactory(plan__owner=user, kind="research", question=None, text="Read")
    services.plan_item_toggle(item=item)
    item.refresh_from_db()
    assert item.done and item.done_at
    services.plan_item_toggle(item=item)
    item.refresh_from_db()
    assert not item.done and item.done_at is None


# Readiness and spaced repetition ----------------------------------------


def test_question_is_ready_after_two_ratings_of_four_or_more(user):
    item = PlanItemFactory(plan__owner=user)
    services.attempt_record(item=item, rating=4, today=TODAY)
    item.refresh_from_db()
    assert not item.done
    services.attempt_record(item=item, rating=3, today=TODAY)
    item.refresh_from_db()
    assert not item.done  # two attempts, but only one good one
    services.attempt_record(item=item, rating=5, today=TODAY)
    item.refresh_from_db()
    assert item.done and item.done_at
    annotated = PlanItem.objects.with_practice(user).get(pk=item.pk)
    assert annotated.is_ready and annotated.good_count == 2


def test_ratings_schedule_the_next_turn(user):
    item = PlanItemFactory(plan__owner=user)
    services.attempt_record(item=item, rating=2, today=TODAY)
    item.refresh_from_db()
    assert item.due_on == TODAY + dt.timedelta(days=1)
    services.attempt_record(item=item, rating=4, today=TODAY)
    item.refresh_from_db()
    assert (item.interval_days, item.due_on) == (4, TODAY + dt.timedelta(days=4))
    services.attempt_record(item=item, rating=4, today=TODAY)
    item.refresh_from_db()
    assert item.interval_days == 8
    services.attempt_record(item=item, rating=1, today=TODAY)
    item.refresh_from_db()
    assert item.due_on == TODAY + dt.timedelta(days=1)


def test_attempt_rejects_non_questions_and_bad_ratings(user):
    research = PlanItemFactory(plan__owner=user, kind="research", question=None, text="Read")
    with pytest.raises(ValueError):
        services.attempt_record(item=research, rating=4, today=TODAY)
    with pytest.raises(ValueError):
        services.attempt_record(item=PlanItemFactory(plan__owner=user), rating=6, today=TODAY)
    assert not Attempt.objects.exists()


def test_weak_questions_come_back_first(user):
    plan = PlanFactory(owner=user)
    never = PlanItemFactory(plan=plan, position=0)
    weak = PlanItemFactory(plan=plan, position=1)
    strong = PlanItemFactory(plan=plan, position=2)
    services.attempt_record(item=weak, rating=1, today=TODAY - dt.timedelta(days=3))
    services.attempt_record(item=strong, rating=5, today=TODAY)

    assert services.next_item_to_practise(plan=plan, today=TODAY) == weak
    assert services.next_item_to_practise(plan=plan, today=TODAY, exclude_pk=weak.pk) == never
    # The strong answer is not due for a week.
    never.done = True
    never.save()
    assert services.next_item_to_practise(plan=plan, today=TODAY, exclude_pk=weak.pk) is None
    later = TODAY + dt.timedelta(days=7)
    assert services.next_item_to_practise(plan=plan, today=later, exclude_pk=weak.pk) == strong


def test_mock_interview_asks_due_questions_back_to_back_then_finishes(user):
    plan = PlanFactory(owner=user)
    items = [PlanItemFactory(plan=plan, position=i) for i in range(4)]
    services.attempt_record(item=items[0], rating=5, today=TODAY)  # not due for a week

    mock = services.mock_start(plan=plan, count=3, today=TODAY)
    asked = [slot.item for slot in mock.slots.all()]
    assert asked == items[1:]
    for item in asked:
        assert services.mock_next_item(mock=mock) == item
        services.attempt_record(item=item, rating=4, mock=mock, today=TODAY)
    assert services.mock_next_item(mock=mock) is None
    assert MockInterview.objects.get(pk=mock.pk).finished_at is not None


def test_mock_needs_questions(user):
    with pytest.raises(ValueError):
        services.mock_start(plan=PlanFactory(owner=user), today=TODAY)


# Next actions and timeline ----------------------------------------------


def _at(day, hour=9):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def test_next_actions_count_questions_due_today(user, other_user):
    plan = PlanFactory(owner=user, application__company__name="Acme")
    for _ in range(3):
        PlanItemFactory(plan=plan)
    PlanItemFactory(plan__owner=other_user)
    actions = collect(user, _at(TODAY))
    due = [a for a in actions if a.key.startswith("practice:due:")]
    assert len(due) == 1
    assert due[0].title == "3 questions to practise"
    assert due[0].url == f"/practice/plans/{plan.pk}/practise/"
    assert due[0].is_due(_at(TODAY))


def test_next_actions_show_plan_progress_when_nothing_is_due(user):
    plan = PlanFactory(owner=user, application__company__name="Acme")
    item = PlanItemFactory(plan=plan)
    PlanItemFactory(plan=plan, kind="research", question=None, text="Read", done=True)
    services.attempt_record(item=item, rating=4, today=TODAY)
    actions = collect(user, _at(TODAY))
    assert [a.title for a in actions] == ["Plan for Acme: 50% ready"]
    assert actions[0].due.date() == TODAY + dt.timedelta(days=4)


def test_next_actions_for_an_upcoming_interview(user):
    soon = InterviewFactory(
        application__owner=user,
        application__company__name="Acme",
        starts_at=_at(TODAY + dt.timedelta(days=1), 14),
    )
    other = InterviewFactory(
        application__owner=user,
        application__company__name="Birch",
        starts_at=_at(TODAY + dt.timedelta(days=3), 10),
    )
    PlanFactory(owner=user, interview=soon, application=soon.application)
    titles = {a.title for a in collect(user, _at(TODAY))}
    assert "Interview tomorrow: practise the plan for Acme" in titles
    assert "Interview on Thursday at Birch: make a practice plan" in titles
    # Home shows one practice action a day: the nearer interview's plan.
    practice = [a.title for a in collect_for(user, _at(TODAY)) if a.kind == "practice"]
    assert practice == ["Interview tomorrow: practise the plan for Acme"]
    # The other interview keeps its own reminder on home, from applications.
    keys = {a.key for a in collect_for(user, _at(TODAY))}
    assert f"prepare:interview:{other.pk}" in keys
    assert f"prepare:interview:{soon.pk}" not in keys
    # Once Acme's interview is over, Birch's gets the offer of a plan.
    after = _at(TODAY + dt.timedelta(days=2), 9)
    practice = [a.title for a in collect_for(user, after) if a.kind == "practice"]
    assert practice == ["Interview tomorrow at Birch: make a practice plan"]


def test_home_shows_at_most_one_practice_action_a_day(user):
    # Two plans with questions due, a plan whose questions come back on
    # Thursday, and an interview without a plan: four candidates for today.
    for name in ("Acme", "Birch"):
        plan = PlanFactory(owner=user, application__company__name=name)
        PlanItemFactory(plan=plan)
    later = PlanFactory(owner=user, application__company__name="Cedar")
    item = PlanItemFactory(plan=later)
    services.attempt_record(item=item, rating=3, today=TODAY)  # back in two days
    InterviewFactory(
        application__owner=user,
        application__company__name="Dune",
        starts_at=_at(TODAY + dt.timedelta(days=4), 10),
    )
    actions = [a for a in collect_for(user, _at(TODAY)) if a.kind == "practice"]
    days = [a.due.date() for a in actions]
    assert len(days) == len(set(days)), "one practice action a day"
    today = [a for a in actions if a.due.date() <= TODAY]
    assert [a.title for a in today] == ["Interview on Friday at Dune: make a practice plan"]
    assert [a.title for a in actions if a.due.date() > TODAY] == ["Plan for Cedar: 0% ready"]


def test_next_actions_join_the_home_page_list(user):
    PlanItemFactory(plan__owner=user)
    assert any(a.key.startswith("practice:") for a in collect_for(user, _at(TODAY)))


def test_next_actions_query_count_is_constant(user):
    def queries_for(n):
        for _ in range(n):
            plan = PlanFactory(owner=user)
            PlanItemFactory(plan=plan)
            InterviewFactory(
                application=plan.application, starts_at=_at(TODAY + dt.timedelta(days=2))
            )
        with CaptureQueriesContext(connection) as ctx:
            collect(user, _at(TODAY))
        return len(ctx.captured_queries)

    assert queries_for(2) == queries_for(12)


def test_timeline_entries_for_an_application(user):
    plan = PlanFactory(owner=user, title="Learning from Acme")
    item = PlanItemFactory(plan=plan)
    mock = services.mock_start(plan=plan, count=1, today=TODAY)
    AttemptFactory(item=item, mock=mock, rating=4)
    MockInterview.objects.filter(pk=mock.pk).update(finished_at=_at(TODAY))
    entries = entries_for(plan.application)
    titles = [e.title for e in entries]
    assert titles == ["Practice plan made", "Mock interview practised"]
    assert entries[0].url == plan.get_absolute_url()
    assert "average rating 4.0" in entries[1].detail
    assert all(hasattr(e, a) for e in entries for a in ("when", "kind", "title", "detail", "url"))


def test_one_practice_action_a_day_whichever_app_suggests_it(user):
    from accounts.next_actions import NextAction, _one_a_day

    def action(key, due, priority, kind="practice"):
        return NextAction(
            key=key, title=key, url="/", button="Go", due=due, kind=kind, priority=priority
        )

    now = _at(TODAY, 9)
    # Feedback's "make a practice plan", due since yesterday, counts for today.
    make_plan = action("plan:rejection:1", now - dt.timedelta(days=1), 60)
    due = action("practice:due", _at(TODAY, 0), 30)
    later = action("practice:plan:2", _at(TODAY + dt.timedelta(days=2), 0), 70)
    feedback = action("request:rejection:1", now, 40, kind="feedback")
    kept = _one_a_day([make_plan, due, later, feedback], user, now)
    assert [a.key for a in kept] == ["practice:due", "practice:plan:2", "request:rejection:1"]
