import datetime as dt
import types
import zoneinfo

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from accounts import registry
from accounts.models import User
from applications.models import (
    Application,
    Company,
    Contact,
    Interview,
    InterviewQuestion,
    Status,
    StatusChange,
)
from applications.stats import stats_for

pytestmark = pytest.mark.django_db

EMAIL = "demo@example.com"
PASSWORD = "rebound-demo"


def run(**options):
    call_command("demo_data", email=EMAIL, password=PASSWORD, verbosity=0, **options)
    return User.objects.get(email=EMAIL)


def snapshot(user):
    return sorted(
        (a.company.name, a.title, a.status, a.date_applied)
        for a in Application.objects.owned_by(user).select_related("company")
    )


def test_creates_a_verified_person_with_a_realistic_search():
    user = run()
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.filter(user=user, email=EMAIL, verified=True, primary=True).exists()

    applications = Application.objects.owned_by(user)
    assert 30 <= applications.count() <= 50
    assert set(applications.values_list("status", flat=True)) >= {
        Status.INTERESTED,
        Status.APPLIED,
        Status.SCREENING,
        Status.INTERVIEWING,
        Status.OFFER,
        Status.REJECTED,
        Status.WITHDRAWN,
        Status.NO_RESPONSE,
    }
    assert Company.objects.owned_by(user).count() >= 20
    assert Contact.objects.owned_by(user).count() >= 10
    interviews = Interview.objects.owned_by(user)
    assert interviews.count() >= 5
    assert interviews.filter(starts_at__gt=timezone.now()).exists()
    assert InterviewQuestion.objects.filter(interview__in=interviews).count() >= 10

    # Histories spread over about three months, none in the future.
    changes = StatusChange.objects.filter(application__owner=user)
    oldest = min(changes.values_list("changed_at", flat=True))
    newest = max(changes.values_list("changed_at", flat=True))
    assert timezone.now() - oldest > dt.timedelta(days=60)
    assert timezone.now() - oldest < dt.timedelta(days=100)
    assert newest <= timezone.now()
    for application in applications:
        history = list(application.status_changes.all())
        assert history[0].from_status == ""
        assert history[-1].to_status == application.status

    # Enough for every part of the stats page to show something.
    stats = stats_for(user)
    assert stats.interviews > 0
    assert stats.rejections
    assert stats.stage_times
    assert stats.weeks_total > 0


def test_running_again_refreshes_without_duplicating():
    first = run()
    before = snapshot(first)
    counts = (Company.objects.count(), Contact.objects.count(), Interview.objects.count())
    first.set_password("changed-by-someone")
    first.save()

    second = run()
    assert second.pk == first.pk
    assert second.check_password(PASSWORD)
    assert snapshot(second) == before
    assert (Company.objects.count(), Contact.objects.count(), Interview.objects.count()) == counts
    assert EmailAddress.objects.filter(user=second).count() == 1


def test_seed_changes_the_data_and_the_same_seed_repeats_it():
    assert snapshot(run(seed=1)) == snapshot(run(seed=1))
    assert snapshot(run(seed=1)) != snapshot(run(seed=2))


def test_other_people_are_left_alone(user):
    from tests.factories import ApplicationFactory

    ApplicationFactory(owner=user, title="Mine")
    run()
    run()
    assert Application.objects.owned_by(user).count() == 1


def test_other_apps_add_their_part(monkeypatch):
    calls = []
    module = types.ModuleType("feedback.demo")

    def clear(user):
        calls.append(("clear", user.email))

    def populate(user, rng, today):
        calls.append(("populate", user.email, Application.objects.owned_by(user).count() > 0))
        assert today == timezone.localdate(timezone=zoneinfo.ZoneInfo("Europe/London"))
        rng.random()

    module.clear = clear
    module.populate = populate
    # In place of feedback's own demo data, as the registry would hold it.
    monkeypatch.setattr(
        registry.demo_data,
        "_sources",
        [module if m.__name__ == "feedback.demo" else m for m in registry.demo_data],
    )
    run()
    assert calls == [("clear", EMAIL), ("populate", EMAIL, True)]


def test_updated_dates_are_realistic_and_no_job_appears_twice():
    user = run()
    applications = list(Application.objects.owned_by(user).select_related("company"))
    updated_days = {timezone.localdate(a.updated_at) for a in applications}
    assert len(updated_days) > 5
    assert all(a.updated_at <= timezone.now() for a in applications)
    jobs = [(a.company.name, a.title) for a in applications]
    assert len(jobs) == len(set(jobs))


def test_it_prints_how_to_sign_in(capsys):
    call_command("demo_data", email=EMAIL, password=PASSWORD)
    out = capsys.readouterr().out
    assert f"Sign in with {EMAIL} and the password {PASSWORD}" in out
