"""Account deletion leaves nothing that names the person or holds their words
(issue 15, case 15): not in any table (the admin's history, background tasks
included), not in the cache, and the browser is told to drop its stored drafts.

The person has a row in every owned model with a unique marker in every free
text (tests/world.py), a staff member has worked on their rows in the admin,
a digest and a mail wait in or have gone through the task queue, and failed
logins and a reset request are counted in the cache. After the deletion every
text and JSON column of every table, and every cache key, is searched."""

import datetime as dt
import hashlib

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.ownership import owned_models
from accounts.tasks import mail_send_later
from applications.models import Application
from reminders.models import ReminderPreference
from tests.factories import UserFactory
from tests.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

TAG = "qzxleft"


def cache_keys() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM rebound_cache")
        return {row[0] for row in cursor.fetchall()}


def text_left(needles: list[str]) -> dict[str, int]:
    """Rows of any table whose text or JSON columns hold one of `needles`."""
    found = {}
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        query = models.Q()
        for f in fields:
            for needle in needles:
                query |= models.Q(**{f"{f.name}__icontains": needle})
        if fields:
            count = model._default_manager.filter(query).count()
            if count:
                found[model._meta.label] = count
    return found


def test_deleting_the_account_leaves_nothing_that_names_them(client, password):
    person = UserFactory(email=f"{TAG}.person@example.org", password=password)
    world = build_world(person, tag=TAG)
    former = {
        (owned.model, str(pk))
        for owned in owned_models()
        for pk in owned.rows_of(person).values_list("pk", flat=True)
    }
    keys_before = cache_keys()

    # A staff member deletes one of the person's applications in the admin and
    # the admin's history records changes to all their rows.
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    trashed = world.trashed_application
    response = client.post(
        reverse("admin:applications_application_changelist"),
        {"action": "delete_selected", "_selected_action": [trashed.pk], "post": "yes"},
    )
    assert response.status_code == 302
    for owned in owned_models():
        LogEntry.objects.log_actions(
            user_id=staff.pk,
            queryset=owned.rows_of(person),
            action_flag=CHANGE,
            change_message="Changed by support",
        )
    LogEntry.objects.log_actions(
        user_id=staff.pk,
        queryset=type(person).objects.filter(pk=person.pk),
        action_flag=CHANGE,
    )
    assert LogEntry.objects.filter(object_repr__icontains=TAG).count() > 10
    client.logout()

    # A digest sent through the worker, another queued, and a mail waiting.
    ReminderPreference.objects.filter(owner=person).update(
        email_enabled=True, send_at=dt.time(0, 0)
    )
    call_command("enqueue_digests")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    call_command("enqueue_digests")
    mail_send_later(message=EmailMultiAlternatives("Hello", "Body", to=[person.email]))
    assert DBTaskResult.objects.count() >= 2

    # Counters in the cache: failed logins and a reset request for their address.
    for _ in range(2):
        client.post(reverse("account_login"), {"login": person.email, "password": "wrong-1"})
    client.post(reverse("account_reset_password"), {"email": person.email})
    assert cache_keys() - keys_before

    # The person deletes their account.
    client.force_login(person)
    response = client.post(reverse("delete_account"), {"password": password})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'

    assert text_left([TAG, person.email]) == {}
    # Of the admin's history about their rows, only the record that the staff
    # member deleted one stays, and it says no more than the kind of row and its id.
    left = [
        (entry.action_flag, entry.object_repr)
        for entry in LogEntry.objects.select_related("content_type")
        if (entry.content_type.model_class(), entry.object_id) in former
        or (entry.content_type.model_class() is type(person) and entry.object_id == str(person.pk))
    ]
    assert left == [(DELETION, f"application {trashed.pk}")]
    digest_tasks = DBTaskResult.objects.filter(task_path="reminders.tasks.send_digest")
    assert not [t for t in digest_tasks if person.pk in t.args_kwargs["args"]]
    # Only per-IP counters are left: they name an address on the network, not a person.
    hashed = {hashlib.sha256(person.email.encode()).hexdigest()}
    left = [k for k in cache_keys() - keys_before if ":ip:" not in k]
    assert left == [], f"cache keys left: {left} (hashes of the address: {hashed})"
    assert not Application.objects.filter(pk=trashed.pk).exists()


def test_logging_out_tells_the_browser_to_drop_stored_drafts(client_logged_in):
    response = client_logged_in.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'
    assert client_logged_in.get(reverse("home")).status_code == 302
