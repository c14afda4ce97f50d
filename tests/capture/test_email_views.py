"""An employer's email in one paste: read, matched, recorded with one button."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Interview, StatusChange
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db

PASTE = reverse("capture:email_paste")
RECORD = reverse("capture:email_record")

INVITE = (
    "From: Priya Shah <priya@northwind.example>\n"
    "Hi Sam, we'd love to invite you to a second interview for the Senior Product Designer "
    "role. Would Tuesday 14:00 work for you?"
)
REJECT = (
    "Dear Sam, thank you for attending the final round interview. Unfortunately we will not "
    "be moving forward with your application. Kind regards, Northwind Health"
)


def _read(client, text, **extra):
    response = client.post(PASTE, {"text": text, **extra})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page


def test_anonymous_is_sent_to_login(client):
    for response in (client.get(PASTE), client.post(RECORD, {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@time_machine.travel("2026-03-09 09:00:00+00:00", tick=False)
def test_an_invitation_is_matched_by_sender_domain_and_recorded_with_its_date(
    client_logged_in, northwind
):
    page = _read(client_logged_in, INVITE)
    html = page.content.decode()
    assert "They invited you to a second interview on Tuesday 10 March at 14:00." in html
    form = page.context["record_form"]
    assert form.initial["application"] == northwind.pk
    assert Interview.objects.count() == 0  # Nothing recorded until the button.
    key = page.context["kept"].key
    response = client_logged_in.post(
        RECORD,
        {"reading": key, "application": northwind.pk, "starts_at": "2026-03-10T14:00"},
    )
    assert response.status_code == 302
    interview = Interview.objects.get(application=northwind)
    assert interview.round == 2
    assert timezone.localtime(interview.starts_at).replace(tzinfo=None) == datetime(2026, 3, 10, 14)
    assert interview.notes == ""  # The text was not asked to be kept.
    northwind.refresh_from_db()
    assert northwind.status == "interviewing"


def test_a_rejection_keeps_the_text_only_when_asked_and_opens_the_rejection_loop(
    client_logged_in, northwind
):
    page = _read(client_logged_in, REJECT)
    assert "This is a rejection after the final round." in page.content.decode()
    response = client_logged_in.post(
        RECORD,
        {"reading": page.context["kept"].key, "application": northwind.pk, "keep_text": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:rejection_create", args=[northwind.pk])
    change = StatusChange.objects.get(application=northwind, to_status="rejected")
    assert "Unfortunately we will not be moving forward" in change.note


def test_without_the_box_the_email_text_is_not_kept(client_logged_in, northwind):
    page = _read(client_logged_in, REJECT)
    client_logged_in.post(
        RECORD, {"reading": page.context["kept"].key, "application": northwind.pk}
    )
    assert StatusChange.objects.get(application=northwind, to_status="rejected").note == ""


def test_an_invitation_needs_a_start_time(client_logged_in, northwind):
    page = _read(
        client_logged_in, "We'd like to invite you to an interview. Let us know your availability."
    )
    response = client_logged_in.post(
        RECORD, {"reading": page.context["kept"].key, "application": northwind.pk}
    )
    assert response.status_code == 200
    assert "Enter when the interview starts." in response.content.decode()
    assert Interview.objects.count() == 0


def test_an_unmatched_email_asks_which_application(client_logged_in, northwind):
    page = _read(
        client_logged_in,
        "Hi, we are pleased to offer you the position. The offer letter is attached.",
    )
    assert page.context["record_form"].initial["application"] is None
    assert "could not tell which application" in page.content.decode()


def test_another_persons_applications_are_never_matched_or_accepted(
    client_logged_in, other_user, user
):
    theirs = ApplicationFactory(
        owner=other_user,
        company=CompanyFactory(owner=other_user, name="Northwind Health"),
        title="Senior Product Designer",
    )
    page = _read(client_logged_in, REJECT)
    assert page.context["record_form"].initial["application"] is None
    response = client_logged_in.post(
        RECORD, {"reading": page.context["kept"].key, "application": theirs.pk}
    )
    assert response.status_code == 200
    assert "Choose one of your open applications." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == "applied"
    # Nor offered as a choice when named in the address.
    form = client_logged_in.get(f"{PASTE}?application={theirs.pk}").context["form"]
    assert form["application"].value() is None


def test_a_reading_from_another_session_records_nothing(
    client_logged_in, client, other_user, northwind
):
    page = _read(client_logged_in, REJECT)
    client.force_login(other_user)
    response = client.post(
        RECORD, {"reading": page.context["kept"].key, "application": northwind.pk}
    )
    assert response.status_code == 302
    northwind.refresh_from_db()
    assert northwind.status == "screening"


def test_other_emails_offer_no_button(client_logged_in, northwind):
    page = _read(client_logged_in, "Could you send us two references? Thanks, HR.")
    assert page.context["record_form"] is None
    assert "nothing to record" in page.content.decode()


def test_an_acknowledgement_only_moves_an_application_not_yet_sent(client_logged_in, user):
    interested = ApplicationFactory(owner=user, status="interested", title="Data Engineer")
    page = _read(
        client_logged_in,
        "Thank you for applying. We have received your application for Data Engineer.",
    )
    key = page.context["kept"].key
    client_logged_in.post(RECORD, {"reading": key, "application": interested.pk})
    interested.refresh_from_db()
    assert interested.status == "applied"
    page = _read(client_logged_in, "We have received your application. Our team will review it.")
    response = client_logged_in.post(
        RECORD, {"reading": page.context["kept"].key, "application": interested.pk}
    )
    assert "nothing to record" in response.content.decode()


def test_the_application_page_links_to_pasting_an_email(client_logged_in, northwind):
    html = client_logged_in.get(northwind.get_absolute_url()).content.decode()
    assert f"{PASTE}?application={northwind.pk}" in html
    form = client_logged_in.get(f"{PASTE}?application={northwind.pk}").context["form"]
    assert form["application"].value() == northwind.pk


def test_hostile_email_text_is_shown_as_text(client_logged_in, northwind):
    page = _read(
        client_logged_in, "<script>alert(1)</script> Unfortunately we regret to inform you"
    )
    assert "<script>alert(1)" not in page.content.decode()
    assert Application.objects.get(pk=northwind.pk).status == "screening"


@time_machine.travel("2026-03-09 09:00:00+00:00", tick=False)
def test_an_invitation_to_the_office_is_recorded_on_site(client_logged_in, northwind):
    page = _read(
        client_logged_in,
        "From: priya@northwind.example\nWe'd love to invite you to a second interview at our "
        "London office. Would Tuesday 14:00 work for you?",
    )
    form = page.context["record_form"]
    assert form.initial["interview_kind"] == "on_site"
    response = client_logged_in.post(
        RECORD,
        {
            "reading": page.context["kept"].key,
            "application": northwind.pk,
            "starts_at": "2026-03-10T14:00",
            "interview_kind": "on_site",
        },
    )
    assert response.status_code == 302
    assert Interview.objects.get(application=northwind).kind == "on_site"


@time_machine.travel("2026-03-09 09:00:00+00:00", tick=False)
def test_the_person_can_change_the_kind_of_interview_before_recording(client_logged_in, northwind):
    page = _read(client_logged_in, INVITE)
    assert page.context["record_form"].initial["interview_kind"] == "video"
    client_logged_in.post(
        RECORD,
        {
            "reading": page.context["kept"].key,
            "application": northwind.pk,
            "starts_at": "2026-03-10T14:00",
            "interview_kind": "phone_screen",
        },
    )
    assert Interview.objects.get(application=northwind).kind == "phone_screen"
