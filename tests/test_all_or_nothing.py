"""Workflows that touch several tables are all-or-nothing: when one step fails
midway, nothing of the earlier steps is left behind.

Each test lets the workflow run up to a late step, makes that step fail, and
compares every row the person owns before and after (tests/world.py snapshot).
The import's own test is in tests/portability/test_services.py.
"""

import datetime as dt

import pytest

import applications.services as application_services
import feedback.services as feedback_services
from applications.models import Application, Company, Contact, Status, StatusChange
from feedback.models import Rejection
from tests.factories import ApplicationFactory, CompanyFactory
from tests.world import snapshot

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def _history_write_then_fail(monkeypatch):
    """StatusChange rows are written, then the workflow fails right after."""
    real_create = StatusChange.objects.create

    def create_then_fail(**kwargs):
        real_create(**kwargs)
        raise Boom("the database went away")

    monkeypatch.setattr(StatusChange.objects, "create", create_then_fail)


def test_application_create_leaves_nothing_when_the_history_write_fails(user, monkeypatch):
    CompanyFactory(owner=user, name="Existing")
    before = snapshot(user)
    _history_write_then_fail(monkeypatch)
    application = Application(owner=user, title="Analyst", status=Status.APPLIED)
    with pytest.raises(Boom):
        application_services.application_create(
            application=application,
            new_company_name="Brand new company",
            new_contact_name="A new contact",
            new_contact_role="recruiter",
        )
    assert snapshot(user) == before
    assert not Company.objects.filter(name="Brand new company").exists()
    assert not Contact.objects.filter(name="A new contact").exists()


def test_application_create_saves_everything_when_nothing_fails(user):
    application = Application(owner=user, title="Analyst", status=Status.APPLIED)
    application_services.application_create(
        application=application, new_company_name="Brand new company", new_contact_name="Sam"
    )
    assert Application.objects.owned_by(user).count() == 1
    assert StatusChange.objects.filter(application=application).count() == 1
    assert Contact.objects.filter(owner=user, name="Sam").exists()


def test_status_change_leaves_nothing_when_it_fails_after_the_history_write(user, monkeypatch):
    application = ApplicationFactory(owner=user, status=Status.APPLIED, date_applied=None)
    before = snapshot(user)
    real_update = Application.objects.filter

    def filter_then_fail(*args, **kwargs):
        queryset = real_update(*args, **kwargs)
        if kwargs.get("pk") == application.pk and not args:
            queryset.update = lambda **fields: (_ for _ in ()).throw(Boom("lost connection"))
        return queryset

    monkeypatch.setattr(Application.objects, "filter", filter_then_fail)
    with pytest.raises(Boom):
        application_services.application_change_status(
            application=application, to_status=Status.INTERVIEWING
        )
    monkeypatch.undo()
    assert snapshot(user) == before
    assert not StatusChange.objects.filter(application=application).exists()
    assert Application.objects.get(pk=application.pk).status == Status.APPLIED


def test_status_change_leaves_nothing_when_the_history_write_fails(user, monkeypatch):
    application = ApplicationFactory(owner=user, status=Status.APPLIED)
    before = snapshot(user)
    _history_write_then_fail(monkeypatch)
    with pytest.raises(Boom):
        application_services.application_change_status(
            application=application, to_status=Status.OFFER
        )
    assert snapshot(user) == before


def test_recording_a_rejection_leaves_nothing_when_the_status_change_fails(user, monkeypatch):
    application = ApplicationFactory(owner=user, status=Status.INTERVIEWING)
    before = snapshot(user)
    _history_write_then_fail(monkeypatch)
    with pytest.raises(Boom):
        feedback_services.rejection_record(
            application=application,
            received_on=dt.date(2026, 5, 1),
            stage=Rejection.Stage.AFTER_INTERVIEW,
            interview_round=2,
            reason="More experience with dashboards",
            reason_tags=["experience"],
        )
    assert snapshot(user) == before
    assert not Rejection.objects.filter(application=application).exists()
    assert Application.objects.get(pk=application.pk).status == Status.INTERVIEWING


def test_recording_a_rejection_keeps_everything_together_when_nothing_fails(user):
    application = ApplicationFactory(owner=user, status=Status.INTERVIEWING)
    rejection = feedback_services.rejection_record(
        application=application, received_on=dt.date(2026, 5, 1), reason_tags=["experience"]
    )
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert rejection.reason_tags.count() == 1
    assert StatusChange.objects.filter(application=application, to_status="rejected").exists()
