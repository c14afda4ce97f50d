import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.next_actions import collect_for
from feedback import calendar_events
from feedback.models import SubjectAccessRequest, one_month_after
from feedback.services import subject_access_request_save
from tests.factories import RejectionFactory, SubjectAccessRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejection(user):
    return RejectionFactory(owner=user, application__company__name="Acme Ltd")


@pytest.fixture
def sar(rejection):
    return SubjectAccessRequestFactory(rejection=rejection, body="Please send my data.")


def urls(sar):
    return {
        "sar_create": reverse("feedback:sar_create", args=[sar.rejection_id]),
        "sar_detail": reverse("feedback:sar_detail", args=[sar.pk]),
        "sar_update": reverse("feedback:sar_update", args=[sar.pk]),
    }


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        (dt.date(2026, 2, 3), dt.date(2026, 3, 3)),
        (dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
    ],
)
def test_due_date_is_one_calendar_month_later(sar, sent, due):
    assert one_month_after(sent) == due
    sar.sent_on = sent
    subject_access_request_save(sar=sar)
    sar.refresh_from_db()
    assert sar.due_on == due


@pytest.mark.parametrize("name", ["sar_create", "sar_detail", "sar_update"])
def test_another_person_gets_404_on_get_and_post(other_client, sar, name):
    url = urls(sar)[name]
    assert other_client.get(url).status_code == 404
    response = other_client.post(
        url,
        {"organisation_name": "Hijack", "law": "uk", "body": "x", "sent_on": "2026-01-01"},
    )
    assert response.status_code == 404
    sar.refresh_from_db()
    assert sar.organisation_name == "Acme Ltd"
    assert SubjectAccessRequest.objects.count() == 1


@pytest.mark.parametrize("name", ["sar_create", "sar_detail", "sar_update"])
def test_anonymous_is_sent_to_login(client, sar, name):
    response = client.get(urls(sar)[name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_create_drafts_the_letter_and_says_where_it_applies(client_logged_in, rejection, user):
    url = reverse("feedback:sar_create", args=[rejection.pk])
    page = client_logged_in.get(url)
    assert "not legal advice" in page.text
    assert "only applies where such a right exists" in page.text
    response = client_logged_in.post(
        url, {"organisation_name": "Acme Ltd", "addressed_to": "", "law": "uk"}
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    assert response.url == sar.get_absolute_url()
    assert sar.owner == user
    assert sar.application == rejection.application
    assert "Data Protection Act 2018" in sar.body
    assert "interview" in sar.body
    assert user.display_name in sar.body
    assert sar.due_on is None
    detail = client_logged_in.get(response.url)
    assert "not legal advice" in detail.text
    assert "mailto:" in detail.text


def test_create_needs_an_organisation(client_logged_in, rejection):
    response = client_logged_in.post(
        reverse("feedback:sar_create", args=[rejection.pk]),
        {"organisation_name": "", "addressed_to": "Jo Data", "law": "eu"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation_name"]
    assert 'value="Jo Data"' in response.text


def test_update_sets_the_due_date_from_the_date_sent(client_logged_in, sar, user):
    sent = user.local_today() - dt.timedelta(days=2)
    response = client_logged_in.post(
        reverse("feedback:sar_update", args=[sar.pk]),
        {
            "organisation_name": "Acme Ltd",
            "addressed_to": "",
            "body": "Please send my data.",
            "sent_on": sent.isoformat(),
        },
    )
    assert response.status_code == 302
    sar.refresh_from_db()
    assert sar.sent_on == sent
    assert sar.due_on == one_month_after(sent)


def test_update_refuses_a_future_date_and_keeps_the_text(client_logged_in, sar, user):
    tomorrow = user.local_today() + dt.timedelta(days=1)
    response = client_logged_in.post(
        reverse("feedback:sar_update", args=[sar.pk]),
        {"organisation_name": "Acme Ltd", "body": "My edited letter", "sent_on": tomorrow},
    )
    assert response.status_code == 200
    assert "Enter a date in the past or today" in response.text
    assert "My edited letter" in response.text
    sar.refresh_from_db()
    assert sar.sent_on is None


def test_received_before_sent_is_refused(client_logged_in, sar, user):
    today = user.local_today()
    response = client_logged_in.post(
        reverse("feedback:sar_update", args=[sar.pk]),
        {
            "organisation_name": "Acme Ltd",
            "body": "x",
            "sent_on": today.isoformat(),
            "received_on": (today - dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"]


def test_next_actions_say_when_the_answer_is_due(sar, user):
    sar.sent_on = dt.date(2026, 2, 3)
    subject_access_request_save(sar=sar)
    now = dt.datetime(2026, 2, 10, 12, tzinfo=dt.UTC)
    titles = [a.title for a in collect_for(user, now)]
    assert "The answer from Acme Ltd is due on 3 March" in titles
    later = dt.datetime(2026, 3, 5, 12, tzinfo=dt.UTC)
    assert "The answer from Acme Ltd was due on 3 March" in [
        a.title for a in collect_for(user, later)
    ]
    sar.received_on = dt.date(2026, 3, 1)
    sar.save()
    assert not [a for a in collect_for(user, later) if a.key.startswith("sar-")]


def test_next_actions_remind_to_send_a_drafted_letter(sar, user, other_user):
    SubjectAccessRequestFactory(rejection=RejectionFactory(owner=other_user))
    keys = [a.key for a in collect_for(user, timezone.now()) if a.key.startswith("sar-")]
    assert keys == [f"sar-send:sar:{sar.pk}"]


def test_calendar_has_the_due_date_as_an_all_day_event(sar, user):
    sar.sent_on = timezone.localdate()
    subject_access_request_save(sar=sar)
    events = [e for e in calendar_events.events_for(user) if e.uid.startswith("subject-access")]
    assert len(events) == 1
    assert events[0].start == sar.due_on


def test_the_sar_panel_for_the_rejection_page_shows_the_due_date(sar, user):
    from django.template.loader import render_to_string

    sar.sent_on = dt.date(2026, 2, 3)
    subject_access_request_save(sar=sar)
    html = render_to_string(
        "feedback/includes/sar_panel.html", {"rejection": sar.rejection, "user": user}
    )
    assert "the answer from Acme Ltd is due on 3 March" in html
    assert reverse("feedback:sar_detail", args=[sar.pk]) in html
