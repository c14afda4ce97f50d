import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from applications.models import Application, Company, Interview, Status
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    ContactFactory,
    InterviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_strings_and_urls():
    application = ApplicationFactory(title="Designer", company__name="Acme")
    contact = ContactFactory(name="Sam", company=application.company, owner=application.owner)
    interview = InterviewFactory(application=application, round=2, kind="panel")
    assert str(application) == "Designer at Acme"
    assert str(contact) == "Sam (Hiring manager / decision maker, Acme)"
    assert str(interview) == "Round 2 (Panel) for Designer at Acme"
    assert application.get_absolute_url() == f"/applications/{application.pk}/"
    assert (
        application.company.get_absolute_url()
        == f"/applications/companies/{application.company.pk}/"
    )
    assert contact.get_absolute_url() == f"/applications/contacts/{contact.pk}/"
    assert interview.get_absolute_url() == f"/applications/interviews/{interview.pk}/"


def test_owned_by_only_returns_the_persons_rows():
    mine = ApplicationFactory()
    ApplicationFactory()
    assert list(Application.objects.owned_by(mine.owner)) == [mine]
    assert list(Company.objects.owned_by(mine.owner)) == [mine.company]
    interview = InterviewFactory(application=mine)
    InterviewFactory()
    assert list(Interview.objects.owned_by(mine.owner)) == [interview]


def test_company_names_are_unique_per_person_whatever_the_case():
    person = UserFactory()
    CompanyFactory(owner=person, name="Acme")
    CompanyFactory(name="Acme")  # someone else may have one too
    with pytest.raises(IntegrityError):
        CompanyFactory(owner=person, name="ACME")


def test_interest_outside_1_to_5_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        ApplicationFactory(interest=6)


def test_salary_range_must_be_ordered():
    with pytest.raises(IntegrityError):
        ApplicationFactory(salary_min=50000, salary_max=40000)


def test_search_matches_title_company_and_notes():
    person = UserFactory()
    by_title = ApplicationFactory(owner=person, title="Data engineer")
    by_company = ApplicationFactory(owner=person, company__name="Engine Works")
    by_notes = ApplicationFactory(owner=person, notes="Great engineering culture")
    ApplicationFactory(owner=person, title="Gardener", company__name="Leaf", notes="")
    found = set(Application.objects.owned_by(person).search("ENGINE"))
    assert found == {by_title, by_company, by_notes}


def test_setbacks_at_only_counts_recent_rejections_and_silences_at_that_company():
    person = UserFactory()
    company = CompanyFactory(owner=person)
    now = timezone.now()
    rejected = ApplicationFactory(owner=person, company=company, status=Status.REJECTED)
    ApplicationFactory(
        owner=person,
        company=company,
        status=Status.NO_RESPONSE,
        last_news_at=now - dt.timedelta(days=300),
    )
    ApplicationFactory(owner=person, company=company, status=Status.APPLIED)
    ApplicationFactory(owner=person, status=Status.REJECTED)
    since = now - dt.timedelta(days=183)
    assert list(Application.objects.owned_by(person).setbacks_at(company, since)) == [rejected]


def test_suggest_no_response_only_for_waiting_statuses_after_the_quiet_period():
    now = timezone.now()
    old = now - dt.timedelta(days=30)
    assert ApplicationFactory(status=Status.APPLIED, last_news_at=old).suggest_no_response(21, now)
    assert not ApplicationFactory(status=Status.APPLIED).suggest_no_response(21, now)
    assert not ApplicationFactory(status=Status.OFFER, last_news_at=old).suggest_no_response(
        21, now
    )
    assert not ApplicationFactory(status=Status.INTERESTED, last_news_at=old).suggest_no_response(
        21, now
    )
