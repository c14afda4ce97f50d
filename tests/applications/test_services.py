import datetime as dt
from unittest import mock

import pytest
from django.db import DatabaseError
from django.db.models import QuerySet
from django.utils import timezone

from applications import services
from applications.models import Application, Company, Contact, Status, StatusChange
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    ContactFactory,
    InterviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_change_status_records_history_and_moves_the_application():
    application = ApplicationFactory(status=Status.APPLIED)
    change = services.application_change_status(
        application=application, to_status=Status.SCREENING, note="Recruiter called"
    )
    application.refresh_from_db()
    assert application.status == Status.SCREENING
    assert (change.from_status, change.to_status, change.note) == (
        Status.APPLIED,
        Status.SCREENING,
        "Recruiter called",
    )
    assert application.last_news_at == change.changed_at


def test_change_to_the_same_status_records_nothing():
    application = ApplicationFactory(status=Status.APPLIED)
    assert services.application_change_status(application=application, to_status="applied") is None
    assert not StatusChange.objects.filter(application=application).exists()


def test_unknown_status_is_refused():
    application = ApplicationFactory()
    with pytest.raises(ValueError):
        services.application_change_status(application=application, to_status="hired")


def test_a_failure_midway_leaves_nothing_changed():
    application = ApplicationFactory(status=Status.APPLIED)
    # The history row is written first; the application's update then fails.
    with (
        mock.patch.object(QuerySet, "update", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        services.application_change_status(application=application, to_status=Status.OFFER)
    application.refresh_from_db()
    assert application.status == Status.APPLIED
    assert not StatusChange.objects.filter(application=application).exists()


def test_reaching_applied_fills_in_the_date_applied():
    application = ApplicationFactory(status=Status.INTERESTED, date_applied=None)
    services.application_change_status(application=application, to_status=Status.APPLIED)
    application.refresh_from_db()
    assert application.date_applied == timezone.localdate()


def test_create_opens_the_history_and_adds_a_new_company_and_contact():
    person = UserFactory()
    application = Application(owner=person, title="Analyst", status=Status.APPLIED)
    services.application_create(
        application=application,
        new_company_name="  Northwind ",
        new_contact_name="Priya",
        new_contact_role=Contact.Role.RECRUITER,
    )
    application.refresh_from_db()
    assert application.company.name == "Northwind"
    assert application.company.owner == person
    assert application.date_applied == timezone.localdate()
    contact = application.contacts.get()
    assert (contact.name, contact.role, contact.company) == (
        "Priya",
        "recruiter",
        application.company,
    )
    change = application.status_changes.get()
    assert (change.from_status, change.to_status) == ("", Status.APPLIED)


def test_create_reuses_a_company_with_the_same_name_in_any_case():
    person = UserFactory()
    existing = CompanyFactory(owner=person, name="Northwind")
    application = Application(owner=person, title="Analyst")
    services.application_create(application=application, new_company_name="NORTHWIND")
    assert application.company == existing
    assert Company.objects.owned_by(person).count() == 1


def test_create_failing_midway_leaves_no_company_behind():
    person = UserFactory()
    application = Application(owner=person, title="Analyst")
    with (
        mock.patch.object(StatusChange.objects, "create", side_effect=DatabaseError("boom")),
        pytest.raises(DatabaseError),
    ):
        services.application_create(application=application, new_company_name="Ghost Ltd")
    assert not Company.objects.filter(name="Ghost Ltd").exists()
    assert not Application.objects.filter(title="Analyst").exists()


def test_update_routes_a_status_change_through_the_history():
    application = ApplicationFactory(status=Status.APPLIED)
    application.status = Status.INTERVIEWING
    application.title = "Lead designer"
    change = services.application_update(application=application)
    application.refresh_from_db()
    assert application.title == "Lead designer"
    assert application.status == Status.INTERVIEWING
    assert (change.from_status, change.to_status) == (Status.APPLIED, Status.INTERVIEWING)


def test_keep_waiting_restarts_the_quiet_period():
    old = timezone.now() - dt.timedelta(days=40)
    application = ApplicationFactory(status=Status.APPLIED, last_news_at=old)
    services.application_keep_waiting(application=application)
    application.refresh_from_db()
    assert not application.suggest_no_response(21)


def test_parse_questions_drops_blank_lines():
    assert services.parse_questions("  Why us? \n\n Tell me about a failure.\n") == [
        "Why us?",
        "Tell me about a failure.",
    ]


def test_set_questions_keeps_rows_that_stay_and_orders_them():
    interview = InterviewFactory()
    services.interview_set_questions(interview=interview, questions=["A?", "B?"])
    kept = interview.questions.get(text="B?")
    services.interview_set_questions(interview=interview, questions=["B?", "C?"])
    assert [q.text for q in interview.questions.all()] == ["B?", "C?"]
    assert interview.questions.get(text="B?").pk == kept.pk


def test_interview_save_adds_an_interviewer_and_moves_to_interviewing():
    application = ApplicationFactory(status=Status.SCREENING)
    known = ContactFactory(owner=application.owner, company=application.company)
    interview = InterviewFactory.build(application=application)
    services.interview_save(
        interview=interview,
        interviewers=[known],
        questions=["Why this role?"],
        new_interviewer_name="Jo",
        move_to_interviewing=True,
    )
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    assert {c.name for c in interview.interviewers.all()} == {known.name, "Jo"}
    assert application.contacts.filter(name="Jo", role="interviewer").exists()
    assert [q.text for q in interview.questions.all()] == ["Why this role?"]
