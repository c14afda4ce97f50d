import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice import services
from practice.models import Attempt, MockInterview, Plan, PlanItem, Question, Story
from tests.factories import (
    InterviewFactory,
    InterviewQuestionFactory,
    PlanFactory,
    PlanItemFactory,
    QuestionFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def _owned_objects(user):
    """One of each owned object, keyed by the URL names that take its pk."""
    question = QuestionFactory(owner=user)
    story = StoryFactory(owner=user, questions=[question])
    plan = PlanFactory(owner=user)
    item = PlanItemFactory(plan=plan, question=question)
    mock = services.mock_start(plan=plan, count=1, today=timezone.localdate())
    return {
        "question_detail": question,
        "question_update": question,
        "question_delete": question,
        "story_detail": story,
        "story_update": story,
        "story_delete": story,
        "plan_detail": plan,
        "plan_delete": plan,
        "plan_item_add": plan,
        "session_start": plan,
        "mock_start": plan,
        "session_question": item,
        "mock_summary": mock,
    }


POST_ONLY = ["plan_item_toggle", "plan_item_delete", "attempt_create"]


@pytest.mark.parametrize(
    "name",
    [
        "question_detail",
        "question_update",
        "question_delete",
        "story_detail",
        "story_update",
        "story_delete",
        "plan_detail",
        "plan_delete",
        "plan_item_add",
        "session_start",
        "mock_start",
        "session_question",
        "mock_summary",
    ],
)
def test_another_person_gets_404(client_logged_in, other_user, name):
    obj = _owned_objects(other_user)[name]
    response = client_logged_in.get(reverse(f"practice:{name}", args=[obj.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("name", POST_ONLY)
def test_another_person_gets_404_on_post_actions(client_logged_in, other_user, name):
    item = PlanItemFactory(plan__owner=other_user)
    response = client_logged_in.post(reverse(f"practice:{name}", args=[item.pk]), {"rating": 4})
    assert response.status_code == 404
    assert PlanItem.objects.filter(pk=item.pk, done=False).exists()
    assert not Attempt.objects.exists()


def test_another_persons_rejection_gets_404(client_logged_in, other_user):
    from tests.practice.conftest import make_compared_rejection

    rejection = make_compared_rejection(other_user)
    url = reverse("practice:plan_create_from_rejection", args=[rejection.pk])
    assert client_logged_in.get(url).status_code == 404
    assert client_logged_in.post(url).status_code == 404
    assert not Plan.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/practice/",
        "/practice/questions/",
        "/practice/questions/new/",
        "/practice/questions/1/",
        "/practice/stories/",
        "/practice/stories/new/",
        "/practice/plans/new/",
        "/practice/plans/1/",
        "/practice/plans/from-rejection/1/",
        "/practice/items/1/practise/",
        "/practice/mock/1/",
    ],
)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_post_only_actions_refuse_get(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user)
    for name in POST_ONLY:
        assert client_logged_in.get(reverse(f"practice:{name}", args=[item.pk])).status_code == 405


# The bank ---------------------------------------------------------------


def test_bank_lists_shipped_own_and_interview_questions_but_not_others(
    client_logged_in, user, other_user
):
    QuestionFactory(owner=user, text="What keeps you in this field?")
    QuestionFactory(owner=other_user, text="Someone else's private question?")
    InterviewQuestionFactory(
        interview__application__owner=user,
        interview__application__company__name="Acme",
        text="How would you sell ice to a penguin?",
    )
    response = client_logged_in.get(reverse("practice:question_list"), {"source": ""})
    body = response.content.decode()
    assert "What keeps you in this field?" in body
    assert "Someone else" not in body
    assert response.context["paginator"].count == 82 + 2
    response = client_logged_in.get(reverse("practice:question_list"), {"source": "interviews"})
    assert "How would you sell ice to a penguin?" in response.content.decode()
    assert "Asked at Acme" in response.content.decode()


def test_bank_search_and_filters(client_logged_in):
    url = reverse("practice:question_list")
    response = client_logged_in.get(url, {"category": "closing"})
    assert {q.category for q in response.context["questions"]} == {"closing"}
    response = client_logged_in.get(url, {"area": "practicalities"})
    assert all("practicalities" in q.areas for q in response.context["questions"])
    response = client_logged_in.get(url, {"q": "salary"})
    assert [q.bank_key for q in response.context["questions"]] == ["salary-expectations"]
    response = client_logged_in.get(url, {"category": "not-a-category"})
    assert response.status_code == 200  # bad filters are ignored, never a 500


def test_bank_flags_questions_without_a_strong_story(client_logged_in, user):
    question = QuestionFactory(owner=user, text="Tell me about a hard client?")
    response = client_logged_in.get(reverse("practice:question_list"), {"source": "mine"})
    assert "No strong story yet" in response.content.decode()
    StoryFactory(owner=user, strength=5, questions=[question])
    response = client_logged_in.get(reverse("practice:question_list"), {"source": "mine"})
    assert "No strong story yet" not in response.content.decode()


def test_bank_query_count_is_constant(client_logged_in, user):
    def queries_for(n):
        for _ in range(n):
            q = QuestionFactory(owner=user)
            StoryFactory(owner=user, questions=[q])
            InterviewQuestionFactory(interview__application__owner=user)
        client_logged_in.get(reverse("practice:question_list"))  # the sync happens once
        with CaptureQueriesContext(connection) as ctx:
            client_logged_in.get(reverse("practice:question_list"), {"source": "mine"})
        return len(ctx.captured_queries)

    assert queries_for(3) == queries_for(30)


def test_shipped_questions_are_read_only(client_logged_in):
    shipped = Question.objects.shipped().first()
    assert (
        client_logged_in.get(reverse("practice:question_detail", args=[shipped.pk])).status_code
        == 200
    )
    assert (
        client_logged_in.get(reverse("practice:question_update", args=[shipped.pk])).status_code
        == 404
    )
    assert (
        client_logged_in.post(reverse("practice:question_delete", args=[shipped.pk])).status_code
        == 404
    )
    assert Question.objects.filter(pk=shipped.pk).exists()


def test_create_question_keeps_input_on_error_and_sets_owner(client_logged_in, user):
    url = reverse("practice:question_create")
    response = client_logged_in.post(
        url, {"text": "   ", "category": "motivation", "tip": "Be brief"}
    )
    assert response.status_code == 200
    assert "Write the question as you expect to hear it." in response.content.decode()
    assert "Be brief" in response.content.decode()
    response = client_logged_in.post(
        url,
        {
            "text": "Why now?",
            "category": "motivation",
            "areas": ["fit", "enthusiasm"],
            "competencies": ["motivation"],
        },
        follow=True,
    )
    question = Question.objects.get(text="Why now?")
    assert question.owner == user and question.areas == ["fit", "enthusiasm"]
    assert "Question added to your bank" in response.content.decode()


def test_update_and_delete_own_question(client_logged_in, user):
    question = QuestionFactory(owner=user)
    response = client_logged_in.post(
        reverse("practice:question_update", args=[question.pk]),
        {"text": "Changed?", "category": "closing"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "Changed?"
    client_logged_in.post(reverse("practice:question_delete", args=[question.pk]))
    assert not Question.objects.filter(pk=question.pk).exists()


def test_questions_from_interviews_are_not_deleted(client_logged_in, user):
    InterviewQuestionFactory(interview__application__owner=user)
    services.question_bank_sync(owner=user)
    question = Question.objects.get(owner=user)
    response = client_logged_in.post(
        reverse("practice:question_delete", args=[question.pk]), follow=True
    )
    assert Question.objects.filter(pk=question.pk).exists()
    assert "comes from your interview notes" in response.content.decode()


def test_add_a_bank_question_to_a_plan_from_its_page(client_logged_in, user):
    plan = PlanFactory(owner=user)
    shipped = Question.objects.get(bank_key="why-this-job")
    response = client_logged_in.get(reverse("practice:question_detail", args=[shipped.pk]))
    assert f"Add to {plan.title}" in response.content.decode()
    client_logged_in.post(
        reverse("practice:plan_item_add", args=[plan.pk]),
        {"kind": "question", "question": shipped.pk},
    )
    assert plan.items.filter(question=shipped).exists()


# Stories ----------------------------------------------------------------


def test_story_crud(client_logged_in, user, other_user):
    question = Question.objects.get(bank_key="difficult-problem")
    not_mine = QuestionFactory(owner=other_user)
    url = reverse("practice:story_create")
    response = client_logged_in.post(url, {"title": "", "questions": [not_mine.pk]})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Give the story a short name" in body
    assert "Choose questions from your bank." in body

    response = client_logged_in.post(
        url,
        {
            "title": "The outage at the depot",
            "situation": "S",
            "task": "T",
            "action": "A",
            "result": "",
            "strength": "5",
            "competencies": ["problem_solving"],
            "questions": [question.pk],
        },
        follow=True,
    )
    story = Story.objects.get(owner=user)
    assert list(story.questions.all()) == [question]
    assert "fill in result" in response.content.decode()
    assert not story.is_strong

    client_logged_in.post(
        reverse("practice:story_update", args=[story.pk]),
        {
            "title": story.title,
            "situation": "S",
            "task": "T",
            "action": "A",
            "result": "R",
            "strength": "5",
            "questions": [question.pk],
        },
    )
    story.refresh_from_db()
    assert story.is_strong
    response = client_logged_in.get(reverse("practice:story_list"))
    assert "Strong" in response.content.decode()
    client_logged_in.post(reverse("practice:story_delete", args=[story.pk]))
    assert not Story.objects.exists()


# Plans ------------------------------------------------------------------


def test_plan_create_for_an_upcoming_interview(client_logged_in, user, other_user):
    mine = InterviewFactory(
        application__owner=user, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    theirs = InterviewFactory(
        application__owner=other_user, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    url = reverse("practice:plan_create")
    response = client_logged_in.get(url)
    assert str(mine.application.company) in response.content.decode()
    assert str(theirs.application.company) not in response.content.decode()

    response = client_logged_in.post(
        url,
        {
            "interview": theirs.pk,
            "focus_areas": ["fit", "answers", "evidence", "presence"],
            "title": "Kept title",
        },
    )
    body = response.content.decode()
    assert "Choose one of your upcoming interviews." in body
    assert "Choose up to three areas" in body
    assert "Kept title" in body

    response = client_logged_in.post(url, {"interview": mine.pk, "focus_areas": ["evidence"]})
    plan = Plan.objects.get(owner=user)
    assert response.url == plan.get_absolute_url()
    assert plan.interview == mine


def test_plan_create_without_interviews_says_what_to_do(client_logged_in):
    response = client_logged_in.get(reverse("practice:plan_create"))
    assert "You have no upcoming interviews yet" in response.content.decode()


def test_plan_from_rejection_preview_then_create(client_logged_in, user, compared_rejection):
    url = reverse("practice:plan_create_from_rejection", args=[compared_rejection.pk])
    response = client_logged_in.get(url)
    body = response.content.decode()
    assert "Evidence" in body and "Use numbers in your examples." in body
    response = client_logged_in.post(url)
    plan = Plan.objects.get(owner=user)
    assert response.url == plan.get_absolute_url()
    assert plan.rejection == compared_rejection


def test_plan_detail_shows_progress_and_groups(client_logged_in, user):
    plan = PlanFactory(owner=user)
    PlanItemFactory(plan=plan)
    PlanItemFactory(
        plan=plan, kind="research", question=None, text="Read their annual report", done=True
    )
    response = client_logged_in.get(plan.get_absolute_url())
    body = response.content.decode()
    assert '<progress class="rb-progress"' in body and 'value="50"' in body
    assert "Read their annual report" in body
    assert "Questions to ask the interviewer" in body
    assert "style=" not in body


def test_plan_detail_links_and_counts_each_item(client_logged_in, user):
    plan = PlanFactory(owner=user)
    question = PlanItemFactory(plan=plan, done=True)
    story = PlanItemFactory(plan=plan, kind="story", question=None, text="The rota rescue")
    PlanItemFactory(plan=PlanFactory(owner=user))  # another plan's item counts for nothing
    body = client_logged_in.get(plan.get_absolute_url()).content.decode()
    assert "50% done: 1 of 2 items, 0 of 1 question ready" in body
    for item in (question, story):
        assert f'action="{reverse("practice:plan_item_toggle", args=[item.pk])}"' in body
        assert f'action="{reverse("practice:plan_item_delete", args=[item.pk])}"' in body
    assert f'href="{reverse("practice:session_question", args=[question.pk])}"' in body
    assert f'href="{question.question.get_absolute_url()}" class="rb-item-text"' in body
    assert reverse("practice:session_question", args=[story.pk]) not in body
    assert f'href="{reverse("practice:story_create")}?title=The%20rota%20rescue"' in body
    add = reverse("practice:plan_item_add", args=[plan.pk])
    assert f'href="{add}?kind=question"' in body and f'href="{add}?kind=cv"' in body


def test_plan_pages_query_count_is_constant(client_logged_in, user):
    plan = PlanFactory(owner=user)

    def queries_for(n):
        for _ in range(n):
            item = PlanItemFactory(plan=plan)
            StoryFactory(owner=user, questions=[item.question])
            services.attempt_record(item=item, rating=4, today=timezone.localdate())
            PlanItemFactory(plan=plan, kind="ask", question=None, text="Ask about the team")
            PlanFactory(owner=user)
        counts = []
        for url in (plan.get_absolute_url(), reverse("practice:plan_list")):
            with CaptureQueriesContext(connection) as ctx:
                assert client_logged_in.get(url).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    assert queries_for(2) == queries_for(15)


def test_items_can_be_ticked_added_and_removed(client_logged_in, user):
    plan = PlanFactory(owner=user)
    add_url = reverse("practice:plan_item_add", args=[plan.pk])
    response = client_logged_in.post(add_url, {"kind": "cv", "text": ""})
    assert "Write what you want to do, in a sentence." in response.content.decode()
    response = client_logged_in.post(add_url, {"kind": "question"})
    assert "Choose the question you want to practise." in response.content.decode()
    client_logged_in.post(add_url, {"kind": "cv", "text": "Lead with the logistics project"})
    item = plan.items.get()
    client_logged_in.post(reverse("practice:plan_item_toggle", args=[item.pk]))
    item.refresh_from_db()
    assert item.done
    client_logged_in.post(reverse("practice:plan_item_delete", args=[item.pk]))
    assert not plan.items.exists()


# Practising -------------------------------------------------------------


def test_session_start_goes_to_the_question_due_first(client_logged_in, user):
    plan = PlanFactory(owner=user)
    first = PlanItemFactory(plan=plan, position=0)
    response = client_logged_in.get(reverse("practice:session_start", args=[plan.pk]))
    assert response.url == reverse("practice:session_question", args=[first.pk])
    page = client_logged_in.get(response.url).content.decode()
    assert "data-rb-timer" in page and "js/practice.js" in page
    # A recording is sent only with the rating, and only when the person asks.
    assert (
        "Your recording stays in this browser unless you choose to have it turned into text" in page
    )
    assert "Turn my recording into text when I save my rating" in page


def test_session_start_with_nothing_due(client_logged_in, user):
    plan = PlanFactory(owner=user)
    item = PlanItemFactory(plan=plan)
    services.attempt_record(item=item, rating=5, today=timezone.localdate())
    response = client_logged_in.get(reverse("practice:session_start", args=[plan.pk]))
    assert response.status_code == 200
    assert "Nothing left to practise today" in response.content.decode()


def test_rating_needs_a_value_and_keeps_the_note(client_logged_in, user):
    item = PlanItemFactory(plan__owner=user)
    response = client_logged_in.post(
        reverse("practice:attempt_create", args=[item.pk]), {"note": "Slow start"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose a rating from 1 to 5." in body and "Slow start" in body
    assert not Attempt.objects.exists()


def test_two_good_ratings_make_a_question_ready(client_logged_in, user):
    plan = PlanFactory(owner=user)
    item = PlanItemFactory(plan=plan)
    url = reverse("practice:attempt_create", args=[item.pk])
    client_logged_in.post(url, {"rating": 4, "note": "Good", "seconds_taken": 95})
    attempt = Attempt.objects.get()
    assert attempt.seconds_taken == 95 and attempt.note == "Good"
    response = client_logged_in.post(url, {"rating": 5}, follow=True)
    assert f"“{item.question.text}” is now ready" in response.content.decode()
    item.refresh_from_db()
    assert item.done


def test_mock_interview_flow(client_logged_in, user):
    plan = PlanFactory(owner=user)
    items = [PlanItemFactory(plan=plan, position=i) for i in range(3)]
    response = client_logged_in.post(reverse("practice:mock_start", args=[plan.pk]), {"count": 3})
    mock = MockInterview.objects.get()
    assert (
        response.url
        == reverse("practice:session_question", args=[items[0].pk]) + f"?mock={mock.pk}"
    )
    page = client_logged_in.get(response.url).content.decode()
    assert "question 1 of 3" in page
    for position, item in enumerate(items):
        response = client_logged_in.post(
            reverse("practice:attempt_create", args=[item.pk]), {"rating": 3, "mock": mock.pk}
        )
        # Each answer's page, then the next question of the mock.
        assert response.url == Attempt.objects.get(item=item, mock=mock).get_absolute_url()
        page = client_logged_in.get(response.url).content.decode()
        if position < 2:
            next_url = reverse("practice:session_question", args=[items[position + 1].pk])
            assert f'href="{next_url}?mock={mock.pk}">Next question</a>' in page
    assert f'href="{mock.get_absolute_url()}">See how the mock went</a>' in page
    summary = client_logged_in.get(mock.get_absolute_url()).content.decode()
    assert "You answered 3 of 3 questions" in summary


def test_mock_id_of_another_person_is_404(client_logged_in, user, other_user):
    item = PlanItemFactory(plan__owner=user)
    other_plan = PlanFactory(owner=other_user)
    PlanItemFactory(plan=other_plan)
    other_mock = services.mock_start(plan=other_plan, today=timezone.localdate())
    url = reverse("practice:session_question", args=[item.pk])
    assert client_logged_in.get(url, {"mock": other_mock.pk}).status_code == 404
    assert client_logged_in.get(url, {"mock": "x"}).status_code == 404


def test_home_page_shows_what_is_due_to_practise(client_logged_in, user):
    plan = PlanFactory(owner=user)
    for _ in range(3):
        PlanItemFactory(plan=plan)
    body = client_logged_in.get(reverse("home")).content.decode()
    assert "3 questions to practise" in body
    assert reverse("practice:session_start", args=[plan.pk]) in body


def test_delete_a_plan_keeps_questions_and_stories(client_logged_in, user, other_user):
    plan = PlanFactory(owner=user)
    item = PlanItemFactory(plan=plan)
    StoryFactory(owner=user, questions=[item.question])
    other = PlanFactory(owner=other_user)
    assert (
        client_logged_in.post(reverse("practice:plan_delete", args=[other.pk])).status_code == 404
    )
    response = client_logged_in.post(reverse("practice:plan_delete", args=[plan.pk]), follow=True)
    assert "Plan deleted." in response.content.decode()
    assert not Plan.objects.filter(pk=plan.pk).exists()
    assert Plan.objects.filter(pk=other.pk).exists()
    assert Question.objects.filter(pk=item.question.pk).exists() and Story.objects.exists()


def test_story_item_prefills_the_story_title(client_logged_in):
    response = client_logged_in.get(reverse("practice:story_create"), {"title": "The outage"})
    assert 'value="The outage"' in response.content.decode()


def test_a_plan_from_a_rejection_shows_no_research_and_offers_more(
    client_logged_in, user, compared_rejection, other_user
):
    from practice import services

    plan = services.plan_create_from_rejection(owner=user, rejection=compared_rejection)
    body = client_logged_in.get(plan.get_absolute_url()).content.decode()
    assert "Research Acme" not in body and "Company research" not in body
    assert "Add more questions for these areas" in body
    count = plan.items.questions().count()
    url = reverse("practice:plan_add_more", args=[plan.pk])
    response = client_logged_in.post(url, follow=True)
    assert "Added 3 questions to practise, due today." in response.content.decode()
    assert plan.items.questions().count() == count + 3
    assert client_logged_in.get(url).status_code == 405

    from tests.practice.conftest import make_compared_rejection

    theirs = services.plan_create_from_rejection(
        owner=other_user, rejection=make_compared_rejection(other_user)
    )
    other_url = reverse("practice:plan_add_more", args=[theirs.pk])
    assert client_logged_in.post(other_url).status_code == 404
