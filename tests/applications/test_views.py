import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from applications.models import Application, Company, Contact, Interview, Status, StatusChange
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    ContactFactory,
    InterviewFactory,
    InterviewQuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(user):
    """One of each of `user`'s objects, keyed by what the URL names need."""
    application = ApplicationFactory(owner=user, status=Status.APPLIED)
    contact = ContactFactory(owner=user, company=application.company)
    interview = InterviewFactory(application=application)
    return {
        "application": application,
        "company": application.company,
        "contact": contact,
        "interview": interview,
    }


# name, the object whose pk is in the URL (or None), does a POST change something
OWNED_PAGES = [
    ("application_detail", "application"),
    ("application_update", "application"),
    ("application_delete", "application"),
    ("company_detail", "company"),
    ("company_update", "company"),
    ("company_delete", "company"),
    ("contact_detail", "contact"),
    ("contact_update", "contact"),
    ("contact_delete", "contact"),
    ("interview_create", "application"),
    ("interview_detail", "interview"),
    ("interview_update", "interview"),
    ("interview_delete", "interview"),
]
POST_ONLY = [
    ("application_status", "application"),
    ("application_keep_waiting", "application"),
]
ALL_PAGES = [
    ("application_list", None),
    ("application_board", None),
    ("application_create", None),
    ("company_list", None),
    ("company_create", None),
    ("contact_list", None),
    ("contact_create", None),
    *OWNED_PAGES,
    *POST_ONLY,
]


def _url(name, key, objects):
    args = [objects[key].pk] if key else []
    return reverse(f"applications:{name}", args=args)


def _snapshot(objects):
    application = Application.objects.get(pk=objects["application"].pk)
    return (
        application.status,
        application.title,
        application.deleted_at,
        StatusChange.objects.count(),
        Company.objects.filter(pk=objects["company"].pk).values_list("name", flat=True).first(),
        Contact.objects.filter(pk=objects["contact"].pk).values_list("name", flat=True).first(),
        Interview.objects.filter(pk=objects["interview"].pk).count(),
    )


@pytest.mark.parametrize(("name", "key"), ALL_PAGES)
def test_anonymous_visitors_are_sent_to_login(client, objects, name, key):
    url = _url(name, key, objects)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "key"), OWNED_PAGES + POST_ONLY)
def test_another_person_gets_404_and_changes_nothing(other_client, objects, name, key):
    url = _url(name, key, objects)
    before = _snapshot(objects)
    if (name, key) not in POST_ONLY:
        assert other_client.get(url).status_code == 404
    data = {
        "title": "Taken over",
        "name": "Taken over",
        "to_status": "offer",
        "new_company_name": "Elsewhere",
        "starts_at": "2026-12-01T10:00",
        "round": 1,
        "kind": "video",
        "duration_minutes": 30,
        "time_zone": "Europe/London",
        "status": "offer",
        "role": "other",
        "new_contact_role": "other",
    }
    # Detail pages take no POST at all; everything else answers "not found".
    expected = 405 if name.endswith("_detail") else 404
    assert other_client.post(url, data).status_code == expected
    assert _snapshot(objects) == before


@pytest.mark.parametrize(("name", "key"), [p for p in ALL_PAGES if p not in POST_ONLY])
def test_every_page_opens_for_its_owner(client_logged_in, objects, name, key):
    response = client_logged_in.get(_url(name, key, objects))
    assert response.status_code == 200
    assert b"<h1" in response.content


@pytest.mark.parametrize(("name", "key"), POST_ONLY)
def test_single_actions_need_a_post(client_logged_in, objects, name, key):
    assert client_logged_in.get(_url(name, key, objects)).status_code == 405


# Applications ---------------------------------------------------------------


def test_add_an_application_with_a_new_company_and_contact(client_logged_in, user):
    response = client_logged_in.post(
        reverse("applications:application_create"),
        {
            "title": "Service designer",
            "new_company_name": "Harbour Health",
            "status": "applied",
            "new_contact_name": "Ana Ruiz",
            "new_contact_role": "hiring_manager",
            "salary_currency": "gbp",
            "interest": "5",
        },
    )
    application = Application.objects.get(owner=user)
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.company.name == "Harbour Health"
    assert application.salary_currency == "GBP"
    assert application.date_applied == timezone.localdate()
    assert application.contacts.get().name == "Ana Ruiz"
    assert application.status_changes.get().to_status == "applied"
    page = client_logged_in.get(response["Location"])
    assert "Added Service designer at Harbour Health." in page.content.decode()


def test_bad_input_is_shown_beside_the_field_and_kept(client_logged_in, user):
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client_logged_in.post(
        reverse("applications:application_create"),
        {
            "title": "Kept title",
            "status": "applied",
            "date_applied": future,
            "salary_min": "60000",
            "salary_max": "50000",
            "salary_currency": "pounds",
            "new_contact_role": "other",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a date in the past or today." in html
    assert "Choose the company" in html
    assert "at least as big as the lower one" in html
    assert "three-letter currency code" in html
    assert 'value="Kept title"' in html
    assert not Application.objects.filter(owner=user).exists()


def test_another_persons_company_is_a_form_error(client_logged_in, user, other_user):
    theirs = CompanyFactory(owner=other_user)
    response = client_logged_in.post(
        reverse("applications:application_create"),
        {"title": "X", "company": theirs.pk, "status": "applied", "new_contact_role": "other"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Application.objects.filter(owner=user).exists()


def test_edit_with_a_new_status_keeps_the_history(client_logged_in, user):
    application = ApplicationFactory(owner=user, status=Status.APPLIED)
    response = client_logged_in.post(
        reverse("applications:application_update", args=[application.pk]),
        {
            "title": "Renamed",
            "company": application.company.pk,
            "status": "screening",
            "new_contact_role": "other",
            "salary_currency": "EUR",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.title, application.status) == ("Renamed", "screening")
    assert application.status_changes.get().from_status == "applied"


def test_status_change_moves_it_and_returns_to_the_board(client_logged_in, user):
    application = ApplicationFactory(owner=user, status=Status.APPLIED)
    board = reverse("applications:application_board")
    response = client_logged_in.post(
        reverse("applications:application_status", args=[application.pk]),
        {"to_status": "interviewing", "next": board},
    )
    assert response["Location"] == board
    application.refresh_from_db()
    assert application.status == "interviewing"


def test_status_change_ignores_a_next_on_another_site(client_logged_in, user):
    application = ApplicationFactory(owner=user, status=Status.APPLIED)
    response = client_logged_in.post(
        reverse("applications:application_status", args=[application.pk]),
        {"to_status": "screening", "next": "https://evil.example.com/"},
    )
    assert response["Location"] == application.get_absolute_url()


def test_status_change_with_an_unknown_status_changes_nothing(client_logged_in, user):
    application = ApplicationFactory(owner=user, status=Status.APPLIED)
    response = client_logged_in.post(
        reverse("applications:application_status", args=[application.pk]), {"to_status": "hired"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "applied"


def test_status_change_answers_json_for_the_board_script(client_logged_in, user):
    application = ApplicationFactory(owner=user, status=Status.APPLIED)
    response = client_logged_in.post(
        reverse("applications:application_status", args=[application.pk]),
        {"to_status": "offer"},
        headers={"accept": "application/json"},
    )
    data = response.json()
    assert data["ok"] is True
    assert data["status"] == "offer"
    assert data["redirect"] == ""


def _rejection_target(application):
    try:
        return reverse("feedback:rejection_create", args=[application.pk])
    except NoReverseMatch:
        return application.get_absolute_url()


def test_rejected_leads_straight_to_recording_the_rejection(client_logged_in, user):
    application = ApplicationFactory(owner=user, status=Status.INTERVIEWING)
    response = client_logged_in.post(
        reverse("applications:application_status", args=[application.pk]),
        {"to_status": "rejected"},
    )
    assert response.status_code == 302
    assert response["Location"] == _rejection_target(application)
    application.refresh_from_db()
    assert application.status == "rejected"


def test_delete_asks_first_then_moves_to_the_trash(client_logged_in, user):
    application = ApplicationFactory(owner=user)
    url = reverse("applications:application_delete", args=[application.pk])
    assert "Move to the trash" in client_logged_in.get(url).content.decode()
    response = client_logged_in.post(url)
    assert response["Location"] == reverse("applications:application_list")
    assert not Application.objects.owned_by(user).exists()


# The "no response" suggestion and the warning -------------------------------


def test_no_response_is_suggested_with_a_one_click_button(client_logged_in, user):
    quiet = ApplicationFactory(
        owner=user,
        status=Status.APPLIED,
        last_news_at=timezone.now() - dt.timedelta(days=user.no_response_days + 1),
    )
    html = client_logged_in.get(quiet.get_absolute_url()).content.decode()
    assert "Mark as no response" in html
    quiet.refresh_from_db()
    assert quiet.status == "applied"  # suggested, never applied on its own

    client_logged_in.post(
        reverse("applications:application_status", args=[quiet.pk]), {"to_status": "no_response"}
    )
    quiet.refresh_from_db()
    assert quiet.status == "no_response"


def test_no_suggestion_for_recent_news(client_logged_in, user):
    fresh = ApplicationFactory(owner=user, status=Status.APPLIED)
    assert (
        "Mark as no response" not in client_logged_in.get(fresh.get_absolute_url()).content.decode()
    )


def test_keep_waiting_hides_the_suggestion(client_logged_in, user):
    quiet = ApplicationFactory(
        owner=user, status=Status.APPLIED, last_news_at=timezone.now() - dt.timedelta(days=60)
    )
    client_logged_in.post(reverse("applications:application_keep_waiting", args=[quiet.pk]))
    assert (
        "Mark as no response" not in client_logged_in.get(quiet.get_absolute_url()).content.decode()
    )


def test_warning_when_the_company_recently_rejected_you(client_logged_in, user):
    company = CompanyFactory(owner=user, name="Globex")
    ApplicationFactory(owner=user, company=company, status=Status.REJECTED, title="Analyst")
    form_page = client_logged_in.get(
        reverse("applications:application_create") + f"?company={company.pk}"
    )
    assert "Globex turned down your application for Analyst" in form_page.content.decode()
    response = client_logged_in.post(
        reverse("applications:application_create"),
        {
            "title": "Senior analyst",
            "company": company.pk,
            "status": "applied",
            "new_contact_role": "other",
        },
        follow=True,
    )
    assert Application.objects.filter(owner=user, title="Senior analyst").exists()  # not a block
    assert "Worth knowing: Globex turned down" in response.content.decode()


def test_no_warning_for_an_old_silence(client_logged_in, user):
    company = CompanyFactory(owner=user)
    ApplicationFactory(
        owner=user,
        company=company,
        status=Status.NO_RESPONSE,
        last_news_at=timezone.now() - dt.timedelta(days=400),
    )
    response = client_logged_in.post(
        reverse("applications:application_create"),
        {"title": "Again", "company": company.pk, "status": "applied", "new_contact_role": "other"},
        follow=True,
    )
    assert "Worth knowing" not in response.content.decode()


# Interviews -----------------------------------------------------------------


def test_schedule_an_interview_in_the_persons_time_zone(client_logged_in, user):
    user.time_zone = "America/New_York"
    user.save()
    application = ApplicationFactory(owner=user, status=Status.SCREENING)
    response = client_logged_in.post(
        reverse("applications:interview_create", args=[application.pk]),
        {
            "round": 1,
            "kind": "video",
            "starts_at": "2030-03-05T14:30",
            "duration_minutes": 45,
            "time_zone": "America/New_York",
            "questions": "Why us?\n\nWhat is your biggest project?\n",
            "new_interviewer_name": "Lee",
            "move_to_interviewing": "on",
        },
    )
    assert response["Location"] == application.get_absolute_url()
    interview = application.interviews.get()
    assert interview.starts_at == dt.datetime(2030, 3, 5, 19, 30, tzinfo=dt.UTC)
    assert [q.text for q in interview.questions.all()] == [
        "Why us?",
        "What is your biggest project?",
    ]
    application.refresh_from_db()
    assert application.status == "interviewing"
    page = client_logged_in.get(application.get_absolute_url()).content.decode()
    assert "What is your biggest project?" in page
    assert "Interview, round 1 (Video)" in page  # on the timeline
    assert "14:30" in page


def test_interview_form_defaults_to_the_persons_time_zone(client_logged_in, user):
    user.time_zone = "Asia/Tokyo"
    user.save()
    application = ApplicationFactory(owner=user)
    html = client_logged_in.get(
        reverse("applications:interview_create", args=[application.pk])
    ).content.decode()
    assert '<option value="Asia/Tokyo" selected>' in html


def test_edit_an_interview_replaces_its_questions(client_logged_in, user):
    interview = InterviewFactory(application__owner=user)
    InterviewQuestionFactory(interview=interview, text="Old question?")
    url = reverse("applications:interview_update", args=[interview.pk])
    assert "Old question?" in client_logged_in.get(url).content.decode()
    client_logged_in.post(
        url,
        {
            "round": 2,
            "kind": "panel",
            "starts_at": "2030-01-01T09:00",
            "duration_minutes": 60,
            "time_zone": "Europe/London",
            "questions": "New question?",
            "gut_rating": 4,
        },
    )
    interview.refresh_from_db()
    assert interview.round == 2
    assert interview.gut_rating == 4
    assert [q.text for q in interview.questions.all()] == ["New question?"]


def test_another_persons_contact_cannot_be_an_interviewer(client_logged_in, user, other_user):
    application = ApplicationFactory(owner=user)
    theirs = ContactFactory(owner=other_user)
    response = client_logged_in.post(
        reverse("applications:interview_create", args=[application.pk]),
        {
            "round": 1,
            "kind": "video",
            "starts_at": "2030-01-01T09:00",
            "duration_minutes": 60,
            "time_zone": "Europe/London",
            "interviewers": [theirs.pk],
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not application.interviews.exists()


# Companies and contacts -----------------------------------------------------


def test_add_edit_and_delete_a_company(client_logged_in, user):
    response = client_logged_in.post(
        reverse("applications:company_create"), {"name": "Initech", "website": ""}
    )
    company = Company.objects.get(owner=user)
    assert response["Location"] == company.get_absolute_url()
    duplicate = client_logged_in.post(reverse("applications:company_create"), {"name": "INITECH"})
    assert "You already have a company called INITECH" in duplicate.content.decode()
    client_logged_in.post(
        reverse("applications:company_update", args=[company.pk]), {"name": "Initech Ltd"}
    )
    company.refresh_from_db()
    assert company.name == "Initech Ltd"
    client_logged_in.post(reverse("applications:company_delete", args=[company.pk]))
    assert not Company.objects.filter(pk=company.pk).exists()


def test_a_company_with_applications_is_not_deleted(client_logged_in, user):
    application = ApplicationFactory(owner=user)
    response = client_logged_in.post(
        reverse("applications:company_delete", args=[application.company.pk]), follow=True
    )
    assert Company.objects.filter(pk=application.company.pk).exists()
    assert "still has applications" in response.content.decode()


def test_add_a_contact_and_another_persons_company_is_refused(client_logged_in, user, other_user):
    mine = CompanyFactory(owner=user)
    theirs = CompanyFactory(owner=other_user)
    refused = client_logged_in.post(
        reverse("applications:contact_create"),
        {"name": "Kim", "role": "recruiter", "company": theirs.pk},
    )
    assert "Select a valid choice" in refused.content.decode()
    client_logged_in.post(
        reverse("applications:contact_create"),
        {"name": "Kim", "role": "recruiter", "company": mine.pk},
    )
    contact = Contact.objects.get(owner=user)
    assert (contact.name, contact.company) == ("Kim", mine)
    client_logged_in.post(reverse("applications:contact_delete", args=[contact.pk]))
    assert not Contact.objects.filter(pk=contact.pk).exists()


# Pages do not do a query per row -------------------------------------------


def _fill(user, count):
    for _ in range(count):
        application = ApplicationFactory(owner=user)
        ContactFactory(owner=user, company=application.company).applications.add(application)


@pytest.mark.parametrize(
    "name", ["application_list", "application_board", "company_list", "contact_list"]
)
def test_list_pages_query_count_does_not_grow(
    client_logged_in, user, name, django_assert_num_queries
):
    url = reverse(f"applications:{name}")
    _fill(user, 3)
    client_logged_in.get(url)  # warm up sessions and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client_logged_in.get(url)
    _fill(user, 20)
    with CaptureQueriesContext(connection) as many:
        client_logged_in.get(url)
    assert len(many) == len(few)


def test_application_page_query_count_does_not_grow(client_logged_in, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = ApplicationFactory(owner=user)

    def add_more():
        for _ in range(3):
            interview = InterviewFactory(application=application)
            InterviewQuestionFactory(interview=interview)
            contact = ContactFactory(owner=user, company=application.company)
            interview.interviewers.add(contact)
            application.contacts.add(contact)
            StatusChange.objects.create(
                application=application, from_status="applied", to_status="screening"
            )

    add_more()
    client_logged_in.get(application.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client_logged_in.get(application.get_absolute_url())
    add_more()
    add_more()
    with CaptureQueriesContext(connection) as many:
        client_logged_in.get(application.get_absolute_url())
    assert len(many) == len(few)


def test_a_recorded_rejection_is_one_click_from_the_application(client_logged_in, user):
    from tests.factories import RejectionFactory

    application = ApplicationFactory(owner=user, status=Status.REJECTED)
    rejection = RejectionFactory(application=application, owner=user)
    html = client_logged_in.get(application.get_absolute_url()).content.decode()
    assert "Open the rejection" in html
    assert rejection.get_absolute_url() in html
    assert "Record the rejection" not in html


def test_an_open_application_offers_to_record_a_rejection(client_logged_in, user):
    application = ApplicationFactory(owner=user, status=Status.INTERVIEWING)
    html = client_logged_in.get(application.get_absolute_url()).content.decode()
    assert "Record a rejection" in html
    assert reverse("feedback:rejection_create", args=[application.pk]) in html


def test_missing_answers_say_what_to_enter(client_logged_in, user):
    application = ApplicationFactory(owner=user)
    response = client_logged_in.post(
        reverse("applications:interview_create", args=[application.pk]),
        {"round": 1, "kind": "video", "duration_minutes": 60, "time_zone": "Europe/London"},
    )
    assert "Enter the date and time it starts." in response.content.decode()
    response = client_logged_in.post(
        reverse("applications:application_create"), {"status": "applied"}
    )
    assert "Enter the job title, as the posting names it." in response.content.decode()
