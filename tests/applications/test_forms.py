import datetime as dt

import pytest
from django.utils import timezone

from applications.forms import ApplicationFilterForm, ApplicationForm, ContactForm, InterviewForm
from tests.factories import ApplicationFactory, CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db


def _application_data(**overrides):
    return {"title": "Designer", "status": "applied", "new_contact_role": "other", **overrides}


def test_another_persons_company_is_not_a_choice(user, other_user):
    theirs = CompanyFactory(owner=other_user)
    form = ApplicationForm(_application_data(company=theirs.pk), owner=user)
    assert not form.is_valid()
    assert "company" in form.errors


def test_another_persons_contact_is_not_a_choice(user, other_user):
    mine = CompanyFactory(owner=user)
    theirs = ContactFactory(owner=other_user)
    form = ApplicationForm(_application_data(company=mine.pk, contacts=[theirs.pk]), owner=user)
    assert not form.is_valid()
    assert "contacts" in form.errors


def test_a_new_company_name_is_enough(user):
    form = ApplicationForm(_application_data(new_company_name="Fresh Co"), owner=user)
    assert form.is_valid(), form.errors


def test_a_company_is_needed_one_way_or_the_other(user):
    form = ApplicationForm(_application_data(), owner=user)
    assert not form.is_valid()
    assert "Choose the company" in form.errors["company"][0]


def test_date_applied_in_the_future_is_refused(user):
    company = CompanyFactory(owner=user)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form = ApplicationForm(
        _application_data(company=company.pk, date_applied=tomorrow.isoformat()), owner=user
    )
    assert form.errors["date_applied"] == ["Enter a date in the past or today."]


def test_new_application_starts_as_applied(user):
    assert ApplicationForm(owner=user).fields["status"].initial == "applied"


def test_contact_form_offers_only_the_persons_companies(user, other_user):
    mine = CompanyFactory(owner=user)
    CompanyFactory(owner=other_user)
    assert list(ContactForm(owner=user).fields["company"].queryset) == [mine]


def test_interview_form_offers_the_next_round_and_the_persons_time_zone(user):
    user.time_zone = "Europe/Paris"
    application = ApplicationFactory(owner=user)
    from tests.factories import InterviewFactory

    InterviewFactory(application=application, round=1)
    form = InterviewForm(owner=user, application=application)
    assert form.fields["round"].initial == 2
    assert form.fields["time_zone"].initial == "Europe/Paris"


def test_filter_form_refuses_an_upside_down_date_range(user):
    form = ApplicationFilterForm(
        {"applied_from": "2026-05-01", "applied_to": "2026-04-01"}, owner=user
    )
    assert not form.is_valid()
    assert "applied_to" in form.errors


def test_date_applied_defaults_to_today_but_not_for_interested(user):
    company = CompanyFactory(owner=user)
    today = timezone.localdate()
    assert ApplicationForm(owner=user).fields["date_applied"].initial == today
    applied = ApplicationForm(
        _application_data(company=company.pk, date_applied=today.isoformat()), owner=user
    )
    assert applied.is_valid()
    assert applied.cleaned_data["date_applied"] == today
    interested = ApplicationForm(
        _application_data(company=company.pk, status="interested", date_applied=today.isoformat()),
        owner=user,
    )
    assert interested.is_valid()
    assert interested.cleaned_data["date_applied"] is None
