"""Fixes from the new-user walkthrough of the rejection loop."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from feedback import next_actions
from feedback.loop import DONE, loop_steps, with_loop
from feedback.models import Rejection
from feedback.services import RejectionAlreadyRecorded, rejection_record
from tests.factories import (
    ApplicationFactory,
    ContactFactory,
    FeedbackCallFactory,
    FeedbackRequestFactory,
    InterviewFactory,
    RejectionFactory,
)

pytestmark = pytest.mark.django_db


def steps_for(rejection, today=None):
    fresh = with_loop(Rejection.objects.filter(pk=rejection.pk)).get()
    return {s.key: s for s in loop_steps(fresh, today or timezone.localdate())}


def test_a_second_draft_does_not_undo_a_sent_request(user):
    rejection = RejectionFactory(owner=user)
    FeedbackRequestFactory(rejection=rejection, sent_at=timezone.now())
    FeedbackCallFactory(rejection=rejection, status="done")
    FeedbackRequestFactory(rejection=rejection)  # a second, unsent draft
    step = steps_for(rejection)["request"]
    assert step.state == DONE
    assert "ready to finish" not in step.detail
    keys = [a.key for a in next_actions.collect(user, timezone.now())]
    assert not any(k.startswith("request-send") for k in keys)


def test_a_sent_request_counts_as_done(user):
    rejection = RejectionFactory(owner=user)
    FeedbackRequestFactory(rejection=rejection, sent_at=timezone.now())
    assert steps_for(rejection)["request"].state == DONE


def test_send_action_names_the_recipient(user):
    rejection = RejectionFactory(owner=user)
    contact = ContactFactory(owner=user, company=rejection.application.company, name="Dana Ito")
    FeedbackRequestFactory(rejection=rejection, contact=contact)
    action = next(
        a for a in next_actions.collect(user, timezone.now()) if a.key.startswith("request-send")
    )
    assert action.title == (
        f"Send your feedback request to Dana Ito at {rejection.application.company.name}"
    )


def _record(client, application, received_on):
    url = reverse("feedback:rejection_create", args=[application.pk])
    data = {"received_on": received_on.isoformat(), "channel": "email", "stage": "after_screening"}
    response = client.post(url, data)
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_reflection_message_says_ready_now_when_the_day_has_passed(client_logged_in, user):
    received = timezone.localdate() - dt.timedelta(days=5)
    # Sent before the news came (a rejection heard before the application went is refused).
    application = ApplicationFactory(owner=user, date_applied=received - dt.timedelta(days=10))
    (message,) = _record(client_logged_in, application, received)
    assert "ready to write now" in message
    assert "(from" not in message


def test_reflection_message_gives_weekday_and_date_when_later(client_logged_in, user):
    application = ApplicationFactory(owner=user)
    today = timezone.localdate()
    (message,) = _record(client_logged_in, application, today)
    later = today + dt.timedelta(days=2)
    assert f"from {later:%A} {later.day} {later:%B}" in message


def test_stage_defaults_to_final_round_after_a_final_interview(client_logged_in, user):
    application = ApplicationFactory(owner=user)
    InterviewFactory(application=application, round=1, kind="video")
    InterviewFactory(application=application, round=2, kind="final")
    url = reverse("feedback:rejection_create", args=[application.pk])
    form = client_logged_in.get(url).context["form"]
    assert form.initial["stage"] == Rejection.Stage.FINAL_ROUND
    assert form.initial["interview_round"] == 2


def test_recording_twice_finds_the_first(user):
    application = ApplicationFactory(owner=user)
    first = rejection_record(application=application, received_on=timezone.localdate())
    with pytest.raises(RejectionAlreadyRecorded) as already:
        rejection_record(application=application, received_on=timezone.localdate())
    assert already.value.rejection == first
    assert Rejection.objects.count() == 1


def test_a_second_quick_submit_goes_to_the_first_rejection(client_logged_in, user, monkeypatch):
    application = ApplicationFactory(owner=user)
    first = rejection_record(application=application, received_on=timezone.localdate())
    # The second submit passed the view's early check before the first was saved.
    from feedback import views

    real = views.Rejection.objects.filter
    calls = []

    def first_check_misses(**kwargs):
        calls.append(kwargs)
        return real(pk=0) if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(views.Rejection.objects, "filter", first_check_misses)
    url = reverse("feedback:rejection_create", args=[application.pk])
    response = client_logged_in.post(
        url,
        {
            "received_on": timezone.localdate().isoformat(),
            "channel": "email",
            "stage": "after_applying",
        },
    )
    assert response.status_code == 302
    assert response.url == first.get_absolute_url()


def test_timeline_shows_a_done_call_as_done_not_coming_up(user):
    from feedback.timeline import entries_for

    rejection = RejectionFactory(owner=user)
    later = timezone.now() + dt.timedelta(days=2)
    FeedbackCallFactory(rejection=rejection, status="done", scheduled_at=later)
    FeedbackCallFactory(rejection=rejection, scheduled_at=timezone.now() - dt.timedelta(days=1))
    calls = [e for e in entries_for(rejection.application) if "call" in e.title]
    done = next(e for e in calls if "done" in e.title and "not" not in e.title)
    assert done.when <= timezone.now()  # not "coming up"
    assert any("past" in e.title for e in calls)


def test_an_unsent_draft_says_so_and_hides_the_outcome_form(client_logged_in, user):
    draft = FeedbackRequestFactory(rejection=RejectionFactory(owner=user))
    content = client_logged_in.get(draft.get_absolute_url()).content.decode()
    assert "Draft, not sent yet" in content
    assert "Waiting for an answer" not in content
    assert reverse("feedback:request_outcome", args=[draft.pk]) not in content
    draft.sent_at = timezone.now()
    draft.save()
    content = client_logged_in.get(draft.get_absolute_url()).content.decode()
    assert "Waiting for an answer" in content
    assert reverse("feedback:request_outcome", args=[draft.pk]) in content


@pytest.mark.parametrize("kind", ["brief", "warm", "phone_script"])
def test_drafts_are_signed_with_a_placeholder_not_the_email(kind):
    from feedback import drafts
    from tests.factories import UserFactory

    nameless = UserFactory(name="", email="newbie@example.com")
    application = ApplicationFactory(owner=nameless)
    args = {"user": nameless, "contact": None, "application": application}
    texts = [
        drafts.feedback_request_draft(kind=kind, interview_date=None, area_keys=[], **args),
        drafts.follow_up_draft(sent_on=None, **args),
        drafts.thank_you_draft(call_date=None, future_opportunity=False, **args),
        drafts.sar_draft(
            organisation="Acme", addressed_to="", interview_date=None, law="uk", **args
        ),
    ]
    for draft in texts:
        text = (draft.subject + draft.body).replace("newbie@example.com", "")
        assert "newbie" not in text
        assert "[Your name]" in draft.subject + draft.body
    nameless.name = "Noor Haddad"
    named = drafts.thank_you_draft(call_date=None, future_opportunity=False, **args)
    assert "Noor Haddad" in named.body


def test_the_draft_page_says_where_to_add_a_name(client_logged_in, user):
    user.name = ""
    user.save()
    draft = FeedbackRequestFactory(rejection=RejectionFactory(owner=user))
    content = client_logged_in.get(draft.get_absolute_url()).content.decode()
    assert "and Rebound signs your drafts with it" in content
    assert reverse("settings") in content
    user.name = "Noor"
    user.save()
    assert (
        "signs your drafts" not in client_logged_in.get(draft.get_absolute_url()).content.decode()
    )


def test_comparison_waits_for_both_views_and_says_what_is_missing(client_logged_in, user):
    from feedback.loop import WAITING
    from feedback.services import reflection_save

    rejection = RejectionFactory(owner=user)
    step = steps_for(rejection)["comparison"]
    assert step.state == WAITING
    assert "your reflection and their view" in step.detail
    url = reverse("feedback:comparison", args=[rejection.pk])
    content = client_logged_in.get(url).content.decode()
    assert "<table" not in content  # no table of dashes
    assert reverse("feedback:reflection_edit", args=[rejection.pk]) in content
    assert 'href="#their-view-heading"' in content
    reflection_save(rejection=rejection, ratings={"fit": (4, "")}, finish=True)
    assert "their view" in steps_for(rejection)["comparison"].detail
    content = client_logged_in.get(url).content.decode()
    assert "Your view: done" in content
    assert "Add their view" in content


def test_no_interview_skips_reflection_call_and_comparison(client_logged_in, user):
    from feedback.loop import SKIPPED

    rejection = RejectionFactory(owner=user, stage="after_applying", interview_round=None)
    steps = steps_for(rejection)
    assert steps["reflection"].state == SKIPPED
    assert steps["call"].state == SKIPPED
    assert steps["comparison"].state == SKIPPED
    page = client_logged_in.get(reverse("feedback:reflection_edit", args=[rejection.pk]))
    content = page.content.decode()
    assert "no interview to reflect on" in content
    assert reverse("feedback:patterns") in content
    assert "Area by area" not in content
    detail = client_logged_in.get(rejection.get_absolute_url())
    assert detail.status_code == 200
    assert detail.content.decode().count("Skipped") >= 3


def test_patterns_wording_is_plain_and_plural_aware(client_logged_in, user):
    from feedback.services import rubric_ratings_save

    for _ in range(2):
        rejection = RejectionFactory(owner=user, stage="final_round")
        rubric_ratings_save(rejection=rejection, source="feedback", values={"evidence": (1, "")})
    content = client_logged_in.get(reverse("feedback:patterns")).content.decode()
    assert "evidence is rated lowest" in content
    assert "rate lowest" not in content
    assert "You have done it twice." in content
    assert "reached the final round twice" in content
    assert " 1 time" not in content and " 2 times" not in content


def test_patterns_say_once(client_logged_in, user):
    RejectionFactory(owner=user, stage="final_round")
    content = client_logged_in.get(reverse("feedback:patterns")).content.decode()
    assert "You have done it once." in content
    assert "Your latest rejection" in content


def test_summary_names_an_area_you_both_rated_weak(user):
    from feedback.services import (
        comparison_summary,
        reflection_save,
        rejection_compare,
        rubric_ratings_save,
    )

    rejection = RejectionFactory(owner=user)
    reflection_save(
        rejection=rejection, ratings={"enthusiasm": (5, ""), "evidence": (2, "")}, finish=True
    )
    rubric_ratings_save(
        rejection=rejection,
        source="feedback",
        values={"enthusiasm": (2, ""), "evidence": (2, "")},
    )
    fresh = Rejection.objects.get(pk=rejection.pk)
    summary = comparison_summary(rejection_compare(rejection=fresh))
    assert "You both rated evidence low" in summary
    assert "practise that next" in summary


def _prepare_data(call, **extra):
    data = {
        "call-scheduled_at": "2030-03-04T15:00",
        "q-TOTAL_FORMS": "1",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "1000",
        "q-0-text": "What would have made my examples stronger?",
        "q-0-position": "1",
    }
    data.update(extra)
    return data


def test_prepare_questions_are_one_line_and_show_their_errors(client_logged_in, user):
    call = FeedbackCallFactory(rejection=RejectionFactory(owner=user))
    url = reverse("feedback:call_prepare", args=[call.pk])
    page = client_logged_in.get(url).content.decode()
    assert "<textarea" not in page
    assert 'type="text" name="q-0-text"' in page
    response = client_logged_in.post(url, _prepare_data(call, **{"q-0-text": "Why? " * 100}))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'aria-describedby="id_q-0-text-error"' in content
    assert 'id="id_q-0-text-error"' in content
    assert "Keep the question under 300 characters" in content
    assert "Why? Why?" in content  # what was typed is kept
    assert not call.questions.exists()


def test_prepare_saves_the_time_and_questions_together(user, monkeypatch):
    from feedback import services

    call = FeedbackCallFactory(rejection=RejectionFactory(owner=user))
    before = call.scheduled_at

    def broken(**kwargs):
        raise RuntimeError("the questions could not be saved")

    monkeypatch.setattr(services, "feedback_call_save_questions", broken)
    with pytest.raises(RuntimeError):
        services.feedback_call_prepare_save(
            call=call,
            scheduled_at=before + dt.timedelta(days=7),
            rows=[{"id": None, "text": "A question", "position": 1, "delete": False}],
        )
    call.refresh_from_db()
    assert call.scheduled_at == before  # the time was not saved on its own


def test_no_interview_message_points_to_patterns(client_logged_in, user):
    application = ApplicationFactory(owner=user)
    url = reverse("feedback:rejection_create", args=[application.pk])
    data = {"received_on": timezone.localdate().isoformat(), "channel": "email"}
    response = client_logged_in.post(url, data | {"stage": "after_applying"})
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "no interview to reflect on" in message
