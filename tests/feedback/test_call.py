import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback import calendar_events
from feedback.models import CallQuestion, FeedbackCall, RubricRating
from feedback.rubric import AREA_BY_KEY, AREA_KEYS, CLOSING_CALL_QUESTIONS
from feedback.services import CALL_AREA_QUESTIONS, feedback_call_create, prepared_questions
from tests.factories import (
    ContactFactory,
    FeedbackCallFactory,
    FeedbackRequestFactory,
    RejectionFactory,
    RubricRatingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejection(user):
    return RejectionFactory(owner=user, application__company__name="Acme Ltd")


@pytest.fixture
def call(rejection, user):
    contact = ContactFactory(owner=user, company=rejection.application.company, name="Sam Okafor")
    request = FeedbackRequestFactory(rejection=rejection, contact=contact)
    return feedback_call_create(
        rejection=rejection,
        user=user,
        scheduled_at=timezone.now() + dt.timedelta(days=2),
        request=request,
    )


NAMES = [
    "call_create",
    "call_detail",
    "call_prepare",
    "call_notes",
    "call_autosave",
    "call_thank_you",
]


def url_for(name, call):
    pk = call.rejection_id if name == "call_create" else call.pk
    return reverse(f"feedback:{name}", args=[pk])


@pytest.mark.parametrize("name", NAMES)
def test_another_person_gets_404_on_get_and_post(other_client, call, name):
    url = url_for(name, call)
    if name != "call_autosave":
        assert other_client.get(url).status_code == 404
    question = call.questions.first()
    response = other_client.post(
        url,
        {
            f"answer_{question.pk}": "Written by a stranger",
            "takeaways": "stranger",
            "scheduled_at": "2030-01-01T10:00",
            "thank_you_body": "stranger",
            "sent": "1",
        },
    )
    assert response.status_code == 404
    question.refresh_from_db()
    call.refresh_from_db()
    assert question.answer == ""
    assert call.takeaways == ""
    assert call.thank_you_sent_at is None
    assert FeedbackCall.objects.count() == 1


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_is_sent_to_login(client, call, name):
    url = url_for(name, call)
    response = client.post(url) if name == "call_autosave" else client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_autosave_refuses_get(client_logged_in, call):
    assert client_logged_in.get(url_for("call_autosave", call)).status_code == 405


def test_prepared_questions_put_the_weakest_areas_first(rejection):
    reflection_rating = RubricRatingFactory(reflection__rejection=rejection, area="fit", rating=4)
    reflection = reflection_rating.reflection
    RubricRatingFactory(reflection=reflection, area="questions", rating=1)
    RubricRatingFactory(reflection=reflection, area="rapport", rating=2)
    RubricRatingFactory(reflection=reflection, area="evidence", rating=3)
    questions = prepared_questions(rejection=rejection)
    areas = [area for area, _ in questions]
    # Only the three weakest fit a short call, then the closing questions.
    assert areas[:3] == ["questions", "rapport", "evidence"]
    assert [a for a in areas if a] == ["questions", "rapport", "evidence"]
    assert len(questions) == CALL_AREA_QUESTIONS + len(CLOSING_CALL_QUESTIONS) == 5
    assert [text for area, text in questions if not area] == list(CLOSING_CALL_QUESTIONS)
    assert questions[0][1] == AREA_BY_KEY["questions"].ask_them


def test_without_a_reflection_questions_follow_the_rubric(rejection):
    areas = [area for area, _ in prepared_questions(rejection=rejection)]
    assert areas == [*AREA_KEYS[:CALL_AREA_QUESTIONS], "", ""]


def test_create_books_the_call_and_marks_the_request(client_logged_in, rejection, user):
    request = FeedbackRequestFactory(rejection=rejection)
    url = reverse("feedback:call_create", args=[rejection.pk])
    page = client_logged_in.get(f"{url}?request={request.pk}")
    assert page.context["form"].initial["request"] == request
    assert 'type="datetime-local"' in page.text
    response = client_logged_in.post(
        url, {"scheduled_at": "2030-03-04T14:30", "request": request.pk}
    )
    call = FeedbackCall.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("feedback:call_prepare", args=[call.pk])
    # Entered in the person's time zone (London: GMT in March before the switch).
    assert call.scheduled_at == dt.datetime(2030, 3, 4, 14, 30, tzinfo=dt.UTC)
    assert call.owner == user
    assert call.questions.count() == CALL_AREA_QUESTIONS + len(CLOSING_CALL_QUESTIONS)
    request.refresh_from_db()
    assert request.outcome == "call_booked"


def test_create_reads_the_time_in_the_persons_time_zone(client_logged_in, rejection, user):
    user.time_zone = "America/New_York"
    user.save()
    client_logged_in.post(
        reverse("feedback:call_create", args=[rejection.pk]), {"scheduled_at": "2030-01-10T09:00"}
    )
    call = FeedbackCall.objects.get()
    assert call.scheduled_at == dt.datetime(2030, 1, 10, 14, 0, tzinfo=dt.UTC)


def test_create_keeps_bad_input_with_a_message(client_logged_in, rejection):
    response = client_logged_in.post(
        reverse("feedback:call_create", args=[rejection.pk]), {"scheduled_at": "next Tuesday"}
    )
    assert response.status_code == 200
    assert "Enter the date and time of the call" in response.text
    assert not FeedbackCall.objects.exists()


def test_create_refuses_another_persons_request(client_logged_in, rejection, other_user):
    FeedbackRequestFactory(rejection=rejection)
    theirs = FeedbackRequestFactory(rejection=RejectionFactory(owner=other_user))
    response = client_logged_in.post(
        reverse("feedback:call_create", args=[rejection.pk]),
        {"scheduled_at": "2030-03-04T14:30", "request": theirs.pk},
    )
    assert not FeedbackCall.objects.exists()
    assert response.status_code == 200
    assert response.context["form"].errors["request"]
    theirs.refresh_from_db()
    assert theirs.outcome == "pending"


def test_prepare_removes_rewords_reorders_and_adds(client_logged_in, call):
    questions = list(call.questions.all())
    url = reverse("feedback:call_prepare", args=[call.pk])
    data = {
        "call-scheduled_at": "2030-03-04T15:00",
        "q-TOTAL_FORMS": str(len(questions) + 2),
        "q-INITIAL_FORMS": str(len(questions)),
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "1000",
    }
    for i, q in enumerate(questions):
        data[f"q-{i}-id"] = q.pk
        data[f"q-{i}-text"] = q.text
        data[f"q-{i}-position"] = i + 1
    data["q-0-text"] = "Reworded first question"
    data["q-1-delete"] = "on"
    data["q-2-position"] = "0"  # move the third question to the top
    n = len(questions)
    data[f"q-{n}-text"] = "Is there anyone else I should talk to?"
    data[f"q-{n}-position"] = ""
    data[f"q-{n + 1}-text"] = ""
    response = client_logged_in.post(url, data)
    assert response.status_code == 302
    texts = list(call.questions.values_list("text", flat=True))
    assert texts[0] == questions[2].text
    assert texts[1] == "Reworded first question"
    assert questions[1].text not in texts
    assert texts[-1] == "Is there anyone else I should talk to?"
    assert len(texts) == n
    call.refresh_from_db()
    assert call.scheduled_at == dt.datetime(2030, 3, 4, 15, 0, tzinfo=dt.UTC)


def test_prepare_ignores_question_ids_of_another_call(client_logged_in, call, other_user):
    stranger_call = feedback_call_create(
        rejection=RejectionFactory(owner=other_user),
        user=other_user,
        scheduled_at=timezone.now(),
    )
    theirs = stranger_call.questions.first()
    data = {
        "call-scheduled_at": "2030-03-04T15:00",
        "q-TOTAL_FORMS": "1",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "1000",
        "q-0-id": theirs.pk,
        "q-0-text": "Hijacked",
        "q-0-position": "1",
    }
    client_logged_in.post(reverse("feedback:call_prepare", args=[call.pk]), data)
    theirs.refresh_from_db()
    assert theirs.text != "Hijacked"
    assert theirs.call == stranger_call


def test_notes_page_has_one_box_per_question_and_autosave(client_logged_in, call):
    response = client_logged_in.get(reverse("feedback:call_notes", args=[call.pk]))
    assert response.status_code == 200
    for question in call.questions.all():
        assert f'name="answer_{question.pk}"' in response.text
    assert (
        f'data-rb-autosave="{reverse("feedback:call_autosave", args=[call.pk])}"' in response.text
    )
    assert "js/autosave.js" in response.text
    assert 'aria-live="polite"' in response.text
    assert "rb-no-print" in response.text


def test_autosave_saves_answers_ratings_and_takeaways(client_logged_in, call):
    question = call.questions.first()
    response = client_logged_in.post(
        reverse("feedback:call_autosave", args=[call.pk]),
        {
            f"answer_{question.pk}": "They wanted more numbers in my examples.",
            "rating_evidence": "2",
            "note_evidence": "Examples lacked results.",
            "takeaways": "Quantify results.",
            "has_future_opportunity": "1",
            "future_opportunity_mentioned": "on",
        },
    )
    assert response.status_code == 200
    assert "saved_at" in json.loads(response.content)
    question.refresh_from_db()
    call.refresh_from_db()
    assert question.answer == "They wanted more numbers in my examples."
    assert call.takeaways == "Quantify results."
    assert call.future_opportunity_mentioned is True
    rating = RubricRating.objects.get(rejection=call.rejection, source="feedback", area="evidence")
    assert (rating.rating, rating.note, rating.call) == (2, "Examples lacked results.", call)
    assert rating.owner == call.owner


def test_autosave_of_one_box_leaves_the_others_alone(client_logged_in, call):
    first, second = list(call.questions.all())[:2]
    CallQuestion.objects.filter(pk=second.pk).update(answer="Kept")
    FeedbackCall.objects.filter(pk=call.pk).update(
        takeaways="Kept too", future_opportunity_mentioned=True
    )
    client_logged_in.post(
        reverse("feedback:call_autosave", args=[call.pk]), {f"answer_{first.pk}": "New"}
    )
    second.refresh_from_db()
    call.refresh_from_db()
    assert second.answer == "Kept"
    assert call.takeaways == "Kept too"
    assert call.future_opportunity_mentioned is True


def test_autosave_rejects_a_bad_rating_with_a_message(client_logged_in, call):
    response = client_logged_in.post(
        reverse("feedback:call_autosave", args=[call.pk]), {"rating_fit": "9"}
    )
    assert response.status_code == 400
    assert "1 to 5" in json.loads(response.content)["message"]
    assert not RubricRating.objects.exists()


def test_autosave_ignores_questions_of_another_call(client_logged_in, call, other_user):
    stranger_call = feedback_call_create(
        rejection=RejectionFactory(owner=other_user), user=other_user, scheduled_at=timezone.now()
    )
    theirs = stranger_call.questions.first()
    client_logged_in.post(
        reverse("feedback:call_autosave", args=[call.pk]), {f"answer_{theirs.pk}": "Stranger"}
    )
    theirs.refresh_from_db()
    assert theirs.answer == ""


def test_finishing_the_call_leads_to_the_thank_you(client_logged_in, call):
    response = client_logged_in.post(
        reverse("feedback:call_notes", args=[call.pk]),
        {"takeaways": "Shorter answers.", "finish": "1", "has_future_opportunity": "1"},
    )
    assert response.status_code == 302
    assert response.url == reverse("feedback:call_thank_you", args=[call.pk])
    call.refresh_from_db()
    assert call.status == "done"
    assert call.takeaways == "Shorter answers."


def test_thank_you_draft_and_mark_sent(client_logged_in, call, user):
    url = reverse("feedback:call_thank_you", args=[call.pk])
    page = client_logged_in.get(url)
    assert page.status_code == 200
    body = (
        page.context["form"].initial.get("thank_you_body")
        or page.context["form"]["thank_you_body"].value()
    )
    assert "Sam" in body
    assert user.display_name in body
    assert "mailto:" in page.text
    response = client_logged_in.post(url, {"thank_you_body": "Thank you, Sam.", "sent": "1"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.thank_you_sent_at is not None
    assert call.thank_you_body == "Thank you, Sam."
    assert call.status == "done"


def test_thank_you_save_keeps_it_unsent(client_logged_in, call):
    url = reverse("feedback:call_thank_you", args=[call.pk])
    client_logged_in.post(url, {"thank_you_body": "Draft thanks", "save": "1"})
    call.refresh_from_db()
    assert call.thank_you_body == "Draft thanks"
    assert call.thank_you_sent_at is None


def test_detail_shows_the_interviewers_view(client_logged_in, call):
    RubricRatingFactory(
        reflection=None,
        rejection=call.rejection,
        owner=call.owner,
        source="feedback",
        call=call,
        area="presence",
        rating=5,
        note="Calm and clear.",
    )
    response = client_logged_in.get(reverse("feedback:call_detail", args=[call.pk]))
    assert "Calm and clear." in response.text


def test_calendar_has_the_call_and_the_follow_up_date(call, user, other_user):
    request = call.request
    request.sent_at = timezone.now()
    request.outcome = "pending"
    request.follow_up_due = timezone.localdate() + dt.timedelta(days=7)
    request.save()
    FeedbackCallFactory(rejection=RejectionFactory(owner=other_user))
    events = list(calendar_events.events_for(user))
    uids = {e.uid for e in events}
    assert f"feedback-call-{call.pk}@rebound" in uids
    assert f"feedback-request-follow-up-{request.pk}@rebound" in uids
    assert len(events) == 2
    follow_up = next(e for e in events if e.uid.startswith("feedback-request-follow-up"))
    assert follow_up.start == request.follow_up_due
    assert not isinstance(follow_up.start, dt.datetime)  # an all-day event
    call_event = next(e for e in events if e.uid.startswith("feedback-call"))
    assert call_event.start == call.scheduled_at


def test_the_feed_includes_feedback_events(call, user):
    from applications.calendar import events_for

    assert any(e.uid == f"feedback-call-{call.pk}@rebound" for e in events_for(user))
