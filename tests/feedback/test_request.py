import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Contact
from feedback.models import FeedbackRequest
from feedback.services import feedback_request_mark_sent
from tests.factories import (
    ContactFactory,
    FeedbackRequestFactory,
    InterviewFactory,
    RejectionFactory,
    RubricRatingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejection(user):
    return RejectionFactory(
        owner=user, application__title="Service designer", application__company__name="Acme Ltd"
    )


@pytest.fixture
def feedback_request(rejection):
    contact = ContactFactory(owner=rejection.owner, company=rejection.application.company)
    return FeedbackRequestFactory(rejection=rejection, contact=contact)


def request_urls(feedback_request):
    pk = feedback_request.pk
    return {
        "request_detail": reverse("feedback:request_detail", args=[pk]),
        "request_update": reverse("feedback:request_update", args=[pk]),
        "request_follow_up": reverse("feedback:request_follow_up", args=[pk]),
        "request_mark_sent": reverse("feedback:request_mark_sent", args=[pk]),
        "request_outcome": reverse("feedback:request_outcome", args=[pk]),
        "request_create": reverse("feedback:request_create", args=[feedback_request.rejection_id]),
    }


POST_ONLY = {"request_mark_sent", "request_outcome"}


@pytest.mark.parametrize(
    "name",
    [
        "request_detail",
        "request_update",
        "request_follow_up",
        "request_mark_sent",
        "request_outcome",
        "request_create",
    ],
)
def test_another_person_gets_404_on_get_and_post(other_client, feedback_request, name):
    url = request_urls(feedback_request)[name]
    if name not in POST_ONLY:
        assert other_client.get(url).status_code == 404
    before = FeedbackRequest.objects.count()
    response = other_client.post(
        url,
        {"sent_on": "2026-01-01", "outcome": "declined", "subject": "x", "body": "x"},
    )
    assert response.status_code == 404
    assert FeedbackRequest.objects.count() == before
    feedback_request.refresh_from_db()
    assert feedback_request.sent_at is None
    assert feedback_request.outcome == "pending"


@pytest.mark.parametrize(
    "name",
    [
        "request_detail",
        "request_update",
        "request_follow_up",
        "request_mark_sent",
        "request_outcome",
        "request_create",
    ],
)
def test_anonymous_is_sent_to_login(client, feedback_request, name):
    url = request_urls(feedback_request)[name]
    response = client.post(url) if name in POST_ONLY else client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(POST_ONLY))
def test_single_actions_refuse_get(client_logged_in, feedback_request, name):
    assert client_logged_in.get(request_urls(feedback_request)[name]).status_code == 405


def test_create_offers_only_the_persons_contacts_at_that_company(
    client_logged_in, rejection, other_user
):
    company = rejection.application.company
    mine = ContactFactory(owner=rejection.owner, company=company, name="Sam Okafor")
    ContactFactory(owner=rejection.owner, name="Elsewhere Person")  # another company
    ContactFactory(owner=other_user, name="Not Yours")
    response = client_logged_in.get(reverse("feedback:request_create", args=[rejection.pk]))
    assert response.status_code == 200
    assert "Sam Okafor" in response.text
    assert "Elsewhere Person" not in response.text
    assert "Not Yours" not in response.text
    assert response.context["form"].initial["contact"] == mine


def test_create_refuses_another_persons_contact(client_logged_in, rejection, other_user):
    ContactFactory(owner=rejection.owner, company=rejection.application.company)
    theirs = ContactFactory(owner=other_user, company=rejection.application.company)
    response = client_logged_in.post(
        reverse("feedback:request_create", args=[rejection.pk]),
        {"contact": theirs.pk, "style": "warm", "new_contact_role": "hiring_manager"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contact"]
    assert not FeedbackRequest.objects.exists()


def test_create_drafts_from_the_persons_data_and_chosen_areas(client_logged_in, rejection, user):
    contact = ContactFactory(
        owner=user, company=rejection.application.company, name="Sam Okafor", role="hiring_manager"
    )
    InterviewFactory(
        application=rejection.application, starts_at=dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC)
    )
    response = client_logged_in.post(
        reverse("feedback:request_create", args=[rejection.pk]),
        {
            "contact": contact.pk,
            "style": "brief",
            "areas": ["evidence", "questions"],
            "new_contact_role": "hiring_manager",
        },
    )
    feedback_request = FeedbackRequest.objects.get()
    assert response.status_code == 302
    assert response.url == feedback_request.get_absolute_url()
    assert feedback_request.owner == user
    assert feedback_request.contact == contact
    assert feedback_request.areas_to_ask == ["evidence", "questions"]
    assert "3 March" in feedback_request.body
    assert user.display_name in feedback_request.body
    assert "Service designer" in feedback_request.subject
    page = client_logged_in.get(response.url)
    assert "Sam Okafor" in page.text
    assert "mailto:" in page.text
    assert "not marked as the hiring manager" not in page.text


def test_create_suggests_the_weakest_areas_of_the_reflection(client_logged_in, rejection):
    RubricRatingFactory(reflection__rejection=rejection, area="fit", rating=5)
    reflection = rejection.reflection
    RubricRatingFactory(reflection=reflection, area="evidence", rating=1)
    RubricRatingFactory(reflection=reflection, area="questions", rating=2)
    response = client_logged_in.get(reverse("feedback:request_create", args=[rejection.pk]))
    assert response.context["form"].initial["areas"] == ["evidence", "questions"]


def test_create_allows_up_to_three_areas(client_logged_in, rejection):
    contact = ContactFactory(owner=rejection.owner, company=rejection.application.company)
    response = client_logged_in.post(
        reverse("feedback:request_create", args=[rejection.pk]),
        {
            "contact": contact.pk,
            "style": "warm",
            "areas": ["fit", "answers", "rapport", "presence"],
            "new_contact_role": "hiring_manager",
        },
    )
    assert response.status_code == 200
    assert "up to three" in response.context["form"].errors["areas"][0]
    assert not FeedbackRequest.objects.exists()


def test_warns_when_the_contact_is_not_the_decision_maker(client_logged_in, rejection, user):
    recruiter = ContactFactory(
        owner=user, company=rejection.application.company, name="Rae Recruiter", role="recruiter"
    )
    create = client_logged_in.get(reverse("feedback:request_create", args=[rejection.pk]))
    assert "None of your contacts at Acme Ltd is marked as the hiring manager" in create.text
    client_logged_in.post(
        reverse("feedback:request_create", args=[rejection.pk]),
        {"contact": recruiter.pk, "style": "warm", "new_contact_role": "hiring_manager"},
    )
    detail = client_logged_in.get(FeedbackRequest.objects.get().get_absolute_url())
    assert "Rae Recruiter is not marked as the hiring manager or decision maker" in detail.text


def test_adding_a_contact_on_the_spot(client_logged_in, rejection, user):
    response = client_logged_in.post(
        reverse("feedback:request_create", args=[rejection.pk]),
        {
            "new_contact_name": "Dana Lead",
            "new_contact_role": "hiring_manager",
            "new_contact_email": "dana@acme.example",
            "style": "warm",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get(name="Dana Lead")
    assert contact.owner == user
    assert contact.company == rejection.application.company
    assert contact.email == "dana@acme.example"
    assert rejection.application.contacts.filter(pk=contact.pk).exists()
    assert FeedbackRequest.objects.get().contact == contact


def test_choosing_and_adding_a_contact_at_once_is_refused(client_logged_in, rejection):
    contact = ContactFactory(owner=rejection.owner, company=rejection.application.company)
    response = client_logged_in.post(
        reverse("feedback:request_create", args=[rejection.pk]),
        {
            "contact": contact.pk,
            "new_contact_name": "Dana Lead",
            "new_contact_role": "hiring_manager",
            "style": "warm",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_contact_name"]
    assert 'value="Dana Lead"' in response.text
    assert not Contact.objects.filter(name="Dana Lead").exists()


def test_a_failed_request_adds_no_contact(client_logged_in, rejection, monkeypatch):
    from feedback import drafts

    def broken(**kwargs):
        raise RuntimeError("drafting failed")

    monkeypatch.setattr(drafts, "feedback_request_draft", broken)
    with pytest.raises(RuntimeError):
        client_logged_in.post(
            reverse("feedback:request_create", args=[rejection.pk]),
            {"new_contact_name": "Dana Lead", "new_contact_role": "recruiter", "style": "warm"},
        )
    assert not Contact.objects.filter(name="Dana Lead").exists()


def test_update_saves_the_edited_message(client_logged_in, feedback_request):
    url = reverse("feedback:request_update", args=[feedback_request.pk])
    form = client_logged_in.get(url).context["form"]
    response = client_logged_in.post(
        url,
        {
            "subject": "My own subject",
            "body": "My own words.",
            "loaded_version": form.initial["loaded_version"],
        },
    )
    assert response.status_code == 302
    feedback_request.refresh_from_db()
    assert feedback_request.subject == "My own subject"
    assert feedback_request.body == "My own words."


def test_update_keeps_what_was_typed_when_the_body_is_empty(client_logged_in, feedback_request):
    url = reverse("feedback:request_update", args=[feedback_request.pk])
    response = client_logged_in.post(url, {"subject": "Kept subject", "body": "  "})
    assert response.status_code == 200
    assert "Kept subject" in response.text
    assert response.context["form"].errors["body"]


def test_mark_sent_sets_the_follow_up_a_week_later(client_logged_in, feedback_request, user):
    today = user.local_today()
    response = client_logged_in.post(
        reverse("feedback:request_mark_sent", args=[feedback_request.pk]),
        {"sent_on": today.isoformat(), "follow_up_due": ""},
    )
    assert response.status_code == 302
    feedback_request.refresh_from_db()
    assert feedback_request.is_sent
    assert feedback_request.follow_up_due == today + dt.timedelta(days=7)


def test_mark_sent_takes_a_chosen_follow_up_date(client_logged_in, feedback_request, user):
    today = user.local_today()
    client_logged_in.post(
        reverse("feedback:request_mark_sent", args=[feedback_request.pk]),
        {
            "sent_on": (today - dt.timedelta(days=1)).isoformat(),
            "follow_up_due": (today + dt.timedelta(days=3)).isoformat(),
        },
    )
    feedback_request.refresh_from_db()
    assert feedback_request.follow_up_due == today + dt.timedelta(days=3)
    local_sent = timezone.localtime(feedback_request.sent_at).date()
    assert abs((local_sent - today).days) <= 2


def test_mark_sent_refuses_a_future_date(client_logged_in, feedback_request, user):
    tomorrow = user.local_today() + dt.timedelta(days=1)
    response = client_logged_in.post(
        reverse("feedback:request_mark_sent", args=[feedback_request.pk]),
        {"sent_on": tomorrow.isoformat()},
    )
    assert response.status_code == 400
    assert "Enter a date in the past or today" in response.text
    feedback_request.refresh_from_db()
    assert feedback_request.sent_at is None


def test_follow_up_is_offered_once_the_date_passes(client_logged_in, feedback_request, user):
    today = user.local_today()
    feedback_request_mark_sent(
        request=feedback_request, sent_on=today - dt.timedelta(days=8), follow_up_due=None
    )
    detail = client_logged_in.get(feedback_request.get_absolute_url())
    follow_up_url = reverse("feedback:request_follow_up", args=[feedback_request.pk])
    assert follow_up_url in detail.text
    page = client_logged_in.get(follow_up_url)
    assert page.status_code == 200
    assert "following up" in page.context["form"].initial["body"]
    response = client_logged_in.post(
        follow_up_url, {"subject": "Following up", "body": "Just checking in."}
    )
    assert response.status_code == 302
    feedback_request.refresh_from_db()
    assert feedback_request.followed_up_at is not None
    assert feedback_request.follow_up_body == "Just checking in."
    # Only one follow-up is offered.
    again = client_logged_in.get(feedback_request.get_absolute_url()).text
    assert follow_up_url not in again
    assert "Followed up on" in again


def test_follow_up_is_not_offered_before_the_date(client_logged_in, feedback_request, user):
    feedback_request_mark_sent(request=feedback_request, sent_on=user.local_today())
    detail = client_logged_in.get(feedback_request.get_absolute_url())
    assert "Write the follow-up" not in detail.text
    # The draft can still be read ahead of time.
    assert "Read the follow-up draft now" in detail.text


def test_outcome_no_answer_suggests_relying_on_the_reflection(client_logged_in, feedback_request):
    response = client_logged_in.post(
        reverse("feedback:request_outcome", args=[feedback_request.pk]),
        {"outcome": "no_answer"},
        follow=True,
    )
    feedback_request.refresh_from_db()
    assert feedback_request.outcome == "no_answer"
    assert "Rely on your own reflection" in response.text


def test_outcome_call_booked_leads_to_booking_the_call(client_logged_in, feedback_request):
    response = client_logged_in.post(
        reverse("feedback:request_outcome", args=[feedback_request.pk]), {"outcome": "call_booked"}
    )
    assert response.status_code == 302
    assert response.url.startswith(
        reverse("feedback:call_create", args=[feedback_request.rejection_id])
    )
    feedback_request.refresh_from_db()
    assert feedback_request.outcome == "call_booked"


def test_outcome_must_be_one_of_the_choices(client_logged_in, feedback_request):
    response = client_logged_in.post(
        reverse("feedback:request_outcome", args=[feedback_request.pk]), {"outcome": "won"}
    )
    assert response.status_code == 400
    feedback_request.refresh_from_db()
    assert feedback_request.outcome == "pending"


def test_without_contacts_the_person_must_name_someone(client_logged_in, rejection):
    url = reverse("feedback:request_create", args=[rejection.pk])
    page = client_logged_in.get(url)
    assert "You have no contacts at Acme Ltd yet" in page.text
    response = client_logged_in.post(url, {"style": "warm", "new_contact_role": "recruiter"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_contact_name"] == [
        "Enter the name of the person to ask."
    ]
    assert not FeedbackRequest.objects.exists()


def test_detail_offers_the_access_request(client_logged_in, feedback_request):
    page = client_logged_in.get(feedback_request.get_absolute_url())
    assert reverse("feedback:sar_create", args=[feedback_request.rejection_id]) in page.text


def test_an_answer_keeps_when_it_came(feedback_request, user):
    """answered_at: set when an answer is recorded, kept through a later answer to
    the same request, cleared when the person says no answer came after all."""
    from feedback.services import feedback_request_set_outcome

    feedback_request_mark_sent(request=feedback_request, sent_on=dt.date(2026, 10, 1))
    assert feedback_request.answered_at is None
    before = timezone.now()
    feedback_request_set_outcome(request=feedback_request, outcome="call_booked")
    feedback_request.refresh_from_db()
    first = feedback_request.answered_at
    assert first is not None and first >= before
    feedback_request_set_outcome(request=feedback_request, outcome="feedback_given")
    feedback_request.refresh_from_db()
    assert feedback_request.answered_at == first
    feedback_request_set_outcome(request=feedback_request, outcome="no_answer")
    feedback_request.refresh_from_db()
    assert feedback_request.answered_at is None


def test_the_person_can_say_which_day_the_answer_came(client_logged_in, feedback_request, user):
    feedback_request_mark_sent(request=feedback_request, sent_on=dt.date(2026, 10, 1))
    client_logged_in.post(
        reverse("feedback:request_outcome", args=[feedback_request.pk]),
        {"outcome": "declined", "answered_on": "2026-10-06"},
    )
    feedback_request.refresh_from_db()
    assert feedback_request.outcome == "declined"
    assert feedback_request.answered_at.astimezone(user.zone).date() == dt.date(2026, 10, 6)


def test_an_answer_before_the_request_went_is_refused_beside_the_field(
    client_logged_in, feedback_request
):
    feedback_request_mark_sent(request=feedback_request, sent_on=dt.date(2026, 10, 1))
    response = client_logged_in.post(
        reverse("feedback:request_outcome", args=[feedback_request.pk]),
        {"outcome": "declined", "answered_on": "2026-09-20"},
    )
    assert response.status_code == 400
    assert "on or after the day you sent the request (1 October 2026)" in response.text
    assert 'value="2026-09-20"' in response.text  # what was typed is kept
    feedback_request.refresh_from_db()
    assert (feedback_request.outcome, feedback_request.answered_at) == ("pending", None)


def test_the_migration_fills_answers_recorded_before_answered_at_existed(rejection):
    """Rows from before the field get the earlier of the first call booked from the
    request and the row's last save, never before the request went; requests with
    no answer stay empty."""
    import importlib

    from django.apps import apps

    from tests.factories import FeedbackCallFactory

    migration = importlib.import_module("feedback.migrations.0002_feedbackrequest_answered_at")
    sent = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)
    saved = dt.datetime(2026, 10, 20, 9, 0, tzinfo=dt.UTC)
    with_call = FeedbackRequestFactory(rejection=rejection, sent_at=sent, outcome="call_booked")
    FeedbackCallFactory(rejection=rejection, request=with_call)
    booked = dt.datetime(2026, 10, 4, 9, 0, tzinfo=dt.UTC)
    with_call.calls.update(created_at=booked)
    feedback = FeedbackRequestFactory(rejection=rejection, sent_at=sent, outcome="feedback_given")
    odd = FeedbackRequestFactory(rejection=rejection, sent_at=saved, outcome="declined")
    silent = FeedbackRequestFactory(rejection=rejection, sent_at=sent, outcome="no_answer")
    FeedbackRequest.objects.update(updated_at=saved, answered_at=None)
    FeedbackRequest.objects.filter(pk=odd.pk).update(updated_at=sent)  # saved before it went

    migration.fill_answered_at(apps, None)

    found = dict(FeedbackRequest.objects.values_list("pk", "answered_at"))
    assert found[with_call.pk] == booked
    assert found[feedback.pk] == saved
    assert found[odd.pk] == saved  # not before the request went
    assert found[silent.pk] is None
