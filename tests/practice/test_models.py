import pytest
from django.db import IntegrityError

from feedback.rubric import AREA_KEYS
from practice.models import (
    COMPETENCY_LABELS,
    Category,
    PlanItem,
    Question,
    Story,
    next_interval,
)
from practice.question_bank import AREA_ACTIONS, QUESTIONS, STARTER_QUESTION_KEYS
from tests.factories import (
    InterviewQuestionFactory,
    PlanFactory,
    PlanItemFactory,
    QuestionFactory,
    StoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_bank_has_80_plus_questions_in_every_category_with_valid_tags():
    assert len(QUESTIONS) >= 80
    categories = {q.category for q in QUESTIONS}
    assert categories == set(Category.values) - {Category.OTHER}
    for q in QUESTIONS:
        assert q.areas and set(q.areas) <= set(AREA_KEYS), q.key
        assert q.competencies and set(q.competencies) <= set(COMPETENCY_LABELS), q.key
        assert q.tip and q.text.endswith(("?", ".")), q.key
    assert len({q.key for q in QUESTIONS}) == len(QUESTIONS)
    assert len({q.text for q in QUESTIONS}) == len(QUESTIONS)
    assert set(STARTER_QUESTION_KEYS) <= {q.key for q in QUESTIONS}
    assert set(AREA_ACTIONS) == set(AREA_KEYS)


def test_data_migration_ships_the_bank_to_a_fresh_database():
    shipped = Question.objects.shipped()
    assert shipped.count() == len(QUESTIONS)
    one = shipped.get(bank_key="tell-me-about-yourself")
    assert one.owner is None and "fit" in one.areas and one.tip


def test_visible_to_shows_shipped_and_own_but_not_someone_elses(user, other_user):
    mine = QuestionFactory(owner=user)
    theirs = QuestionFactory(owner=other_user)
    visible = Question.objects.visible_to(user)
    assert mine in visible and theirs not in visible
    assert visible.filter(owner__isnull=True).count() == len(QUESTIONS)
    assert list(Question.objects.owned_by(user)) == [mine]


def test_with_area_matches_whole_keys_only(user):
    question = QuestionFactory(owner=user, areas=["questions"])
    assert question in Question.objects.with_area("questions")
    # "questions" must not match a question tagged only "answers" and vice versa.
    assert question not in Question.objects.with_area("answers")


def test_story_strength_rule(user):
    strong = StoryFactory(owner=user, strength=4)
    unrated = StoryFactory(owner=user, strength=None)
    missing_result = StoryFactory(owner=user, strength=5, result="")
    assert strong.is_strong and not unrated.is_strong and not missing_result.is_strong
    assert missing_result.missing_parts == ["Result"]
    assert list(Story.objects.strong()) == [strong]


def test_question_flagged_until_a_strong_story_answers_it(user, other_user):
    question = QuestionFactory(owner=user)
    StoryFactory(owner=user, strength=2, questions=[question])
    StoryFactory(owner=other_user, strength=5, questions=[question])  # not theirs to count
    annotated = Question.objects.with_strong_story(user).get(pk=question.pk)
    assert annotated.needs_story and not annotated.has_strong_story
    StoryFactory(owner=user, strength=4, questions=[question])
    assert Question.objects.with_strong_story(user).get(pk=question.pk).has_strong_story


def test_shipped_question_cannot_come_from_an_interview():
    interview_question = InterviewQuestionFactory()
    with pytest.raises(IntegrityError):
        Question.objects.create(owner=None, text="?", interview_question=interview_question)


def test_plan_item_needs_a_question_or_text(user):
    plan = PlanFactory(owner=user)
    with pytest.raises(IntegrityError):
        PlanItem.objects.create(plan=plan, kind="research", text="")


def test_a_question_appears_once_per_plan(user):
    item = PlanItemFactory(plan__owner=user)
    with pytest.raises(IntegrityError):
        PlanItem.objects.create(plan=item.plan, kind="question", question=item.question)


@pytest.mark.parametrize(
    ("rating", "previous", "expected"),
    [
        (1, 10, 1),
        (2, 0, 1),
        (3, 8, 2),
        (4, 0, 4),
        (4, 4, 8),
        (4, 8, 16),
        (5, 0, 7),
        (5, 7, 21),
        (5, 40, 60),
    ],
)
def test_next_interval(rating, previous, expected):
    assert next_interval(rating=rating, previous_days=previous) == expected


def test_plan_percent_done(user):
    plan = PlanFactory(owner=user)
    PlanItemFactory(plan=plan, done=True)
    PlanItemFactory(plan=plan, kind="research", question=None, text="Read their blog")
    PlanItemFactory(plan=plan, kind="ask", question=None, text="Ask about the team", done=True)
    PlanItemFactory(plan=plan, kind="cv", question=None, text="Shorten the summary")
    assert plan.percent_done == 50
    assert type(plan).objects.with_progress().get(pk=plan.pk).percent_done == 50


def test_strings_and_urls(user):
    question = QuestionFactory(owner=user, text="Why us?")
    story = StoryFactory(owner=user, title="Billing move")
    item = PlanItemFactory(plan__owner=user, question=question)
    assert str(question) == "Why us?" and str(story) == "Billing move"
    assert str(item) == "Why us?"
    assert question.get_absolute_url() == f"/practice/questions/{question.pk}/"
    assert story.get_absolute_url() == f"/practice/stories/{story.pk}/"
    assert item.plan.get_absolute_url() == f"/practice/plans/{item.plan.pk}/"
    assert UserFactory()  # factories stay usable together
