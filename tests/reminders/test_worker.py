"""Digests go through the real tasks framework: enqueued in the database and sent
by the `db_worker` command, even when a worker stops halfway."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from reminders.models import DigestSend, ReminderPreference
from tests.factories import UserFactory

from .conftest import make_action

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def five_people(fixed_actions):
    people = [UserFactory(time_zone="UTC") for _ in range(5)]
    for person in people:
        ReminderPreference.objects.create(owner=person, email_enabled=True, send_at=dt.time(0, 0))
        fixed_actions.append(make_action(person, "a", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)))
    return people


def test_worker_interrupted_midway_sends_no_duplicate_and_skips_no_one(five_people):
    call_command("enqueue_digests")
    assert DBTaskResult.objects.count() == 5
    # The first worker stops after two tasks, as if it were restarted.
    call_command("db_worker", batch=True, max_tasks=2, no_startup_delay=True, verbosity=0)
    assert len(mail.outbox) == 2
    # Cron runs again before the new worker starts: the same people are queued again.
    call_command("enqueue_digests")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(p.email for p in five_people)
    assert DigestSend.objects.count() == 5
    # And a later run the same day queues nobody.
    call_command("enqueue_digests")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mail.outbox) == 5
