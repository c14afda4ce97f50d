"""The rows the list and the board read: `quiet` worked out in SQL says what
`Application.suggest_no_response` says, and the filter form applies each filter."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.forms import ApplicationFilterForm
from applications.models import Application, Status
from tests.factories import ApplicationFactory, CompanyFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def _aged(application, days):
    Application.objects.filter(pk=application.pk).update(
        last_news_at=timezone.now() - dt.timedelta(days=days)
    )
    application.refresh_from_db()
    return application


def test_quiet_in_sql_agrees_with_the_rule_on_the_model(user):
    now = timezone.now()
    cases = [
        _aged(ApplicationFactory(owner=user, status=Status.APPLIED), 40),  # quiet
        _aged(ApplicationFactory(owner=user, status=Status.APPLIED), 3),  # recent news
        _aged(ApplicationFactory(owner=user, status=Status.OFFER), 40),  # not waiting
        _aged(ApplicationFactory(owner=user, status=Status.INTERVIEWING), 40),  # interview ahead
        _aged(ApplicationFactory(owner=user, status=Status.SCREENING), 40),  # past interview only
    ]
    InterviewFactory(application=cases[3], starts_at=now + dt.timedelta(days=2))
    InterviewFactory(application=cases[4], starts_at=now - dt.timedelta(days=30))
    rows = {
        row.pk: row.quiet
        for row in Application.objects.owned_by(user).list_rows(days=user.no_response_days, now=now)
    }
    expected = {a.pk: a.suggest_no_response(user.no_response_days, now) for a in cases}
    assert rows == expected
    assert list(rows.values()).count(True) == 2


def test_rows_carry_only_what_a_row_shows(user):
    application = ApplicationFactory(owner=user, company__name="Northgate", notes="private")
    (row,) = Application.objects.owned_by(user).list_rows(
        days=user.no_response_days, now=timezone.now()
    )
    assert row.company_name == "Northgate"
    assert row["title"] == application.title
    assert "notes" not in row
    with pytest.raises(AttributeError):
        row.notes  # noqa: B018


def test_the_filter_form_applies_each_filter_and_sorts(user, other_user):
    company = CompanyFactory(owner=user, name="Acme")
    ApplicationFactory(owner=user, company=company, title="b designer", source="referral")
    ApplicationFactory(owner=user, company=company, title="A designer", source="job_board")
    ApplicationFactory(owner=user, title="Analyst", source="referral")
    owned = Application.objects.owned_by(user)
    form = ApplicationFilterForm(
        {"q": "designer", "company": company.pk, "sort": "title"}, owner=user
    )
    titles = [a.title for a in form.apply(owned, now=timezone.now())]
    assert titles == ["A designer", "b designer"]
    form = ApplicationFilterForm({"source": "referral", "sort": "title"}, owner=user)
    assert [a.title for a in form.apply(owned, now=timezone.now())] == ["Analyst", "b designer"]


def test_another_persons_company_is_no_filter_choice(user, other_user):
    theirs = CompanyFactory(owner=other_user)
    form = ApplicationFilterForm({"company": theirs.pk}, owner=user)
    assert not form.is_valid()
    assert "company" in form.errors
    assert [value for value, _, _ in form.options()["company"]] == [""]
