"""Deleting an application moves it to a trash for 30 days, with undo."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Interview
from applications.trash import (
    TRASH_DAYS,
    application_restore,
    application_trash,
    trash_empty,
    trash_purge_expired,
)
from feedback.models import Reflection, Rejection
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    ReflectionFactory,
    RejectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trashed(user):
    application = ApplicationFactory(owner=user, title="Data analyst")
    InterviewFactory(application=application)
    rejection = RejectionFactory(owner=user, application=application)
    ReflectionFactory(owner=user, rejection=rejection)
    application_trash(application=application)
    return application


def test_trash_hides_the_application_and_everything_under_it(user, trashed):
    assert not Application.objects.owned_by(user).exists()
    assert list(Application.objects.in_trash_of(user)) == [trashed]
    assert not Interview.objects.owned_by(user).exists()
    assert not Rejection.objects.owned_by(user).exists()
    assert not Reflection.objects.owned_by(user).exists()
    # Nothing is deleted yet.
    assert Interview.objects.filter(application=trashed).count() == 1


def test_restore_brings_everything_back_as_it_was(user, trashed):
    updated_at = Application.objects.get(pk=trashed.pk).updated_at
    application_restore(application=trashed)
    restored = Application.objects.owned_by(user).get()
    assert restored.updated_at == updated_at
    assert Interview.objects.owned_by(user).count() == 1
    assert Reflection.objects.owned_by(user).count() == 1


def test_emptying_the_trash_deletes_only_that_persons_trash(user, other_user, trashed):
    kept = ApplicationFactory(owner=user)
    theirs = ApplicationFactory(owner=other_user)
    application_trash(application=theirs)
    assert trash_empty(owner=user) == 1
    assert not Application.objects.filter(pk=trashed.pk).exists()
    assert not Interview.objects.filter(application_id=trashed.pk).exists()
    assert Application.objects.filter(pk=kept.pk).exists()
    assert Application.objects.in_trash_of(other_user).get() == theirs


def test_purge_deletes_what_has_been_in_the_trash_for_30_days(user):
    now = timezone.now()
    old = ApplicationFactory(owner=user)
    recent = ApplicationFactory(owner=user)
    application_trash(application=old, now=now - timedelta(days=TRASH_DAYS, minutes=1))
    application_trash(application=recent, now=now - timedelta(days=TRASH_DAYS - 1))
    assert trash_purge_expired(now=now) == 1
    assert not Application.objects.filter(pk=old.pk).exists()
    assert Application.objects.filter(pk=recent.pk).exists()


def test_purge_trash_command(user, capsys):
    old = ApplicationFactory(owner=user)
    application_trash(application=old, now=timezone.now() - timedelta(days=TRASH_DAYS + 1))
    call_command("purge_trash")
    assert "Deleted 1 application" in capsys.readouterr().out
    assert not Application.objects.filter(pk=old.pk).exists()


# Views


def test_trash_page_lists_only_the_persons_trashed_applications(
    client_logged_in, other_user, trashed
):
    ApplicationFactory(owner=trashed.owner, title="Still here")
    theirs = ApplicationFactory(owner=other_user, title="Someone else's job")
    application_trash(application=theirs)
    response = client_logged_in.get(reverse("applications:trash"))
    assert response.status_code == 200
    assert "Data analyst" in response.text
    assert "Still here" not in response.text
    assert "Someone else" not in response.text
    assert reverse("applications:trash_restore", args=[trashed.pk]) in response.text


def test_restore_view_restores_and_opens_the_application(client_logged_in, user, trashed):
    response = client_logged_in.post(reverse("applications:trash_restore", args=[trashed.pk]))
    assert response.status_code == 302
    assert response.url == trashed.get_absolute_url()
    assert Application.objects.owned_by(user).filter(pk=trashed.pk).exists()
    page = client_logged_in.get(response.url)
    assert "Restored Data analyst" in page.text


def test_restore_needs_a_post(client_logged_in, trashed):
    url = reverse("applications:trash_restore", args=[trashed.pk])
    assert client_logged_in.get(url).status_code == 405
    assert Application.objects.in_trash_of(trashed.owner).exists()


def test_restoring_an_application_that_is_not_in_the_trash_is_not_found(client_logged_in, user):
    application = ApplicationFactory(owner=user)
    url = reverse("applications:trash_restore", args=[application.pk])
    assert client_logged_in.post(url).status_code == 404


def test_another_person_cannot_restore_or_see_it(other_client, trashed):
    url = reverse("applications:trash_restore", args=[trashed.pk])
    assert other_client.post(url).status_code == 404
    assert Application.objects.in_trash_of(trashed.owner).exists()
    assert "Data analyst" not in other_client.get(reverse("applications:trash")).text


def test_empty_asks_first_then_deletes(client_logged_in, user, trashed):
    url = reverse("applications:trash_empty")
    confirm = client_logged_in.get(url)
    assert confirm.status_code == 200
    assert "Delete 1 application for good" in confirm.text
    assert Application.objects.in_trash_of(user).exists()

    response = client_logged_in.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("applications:trash")
    assert "Deleted 1 application for good" in response.text
    assert not Application.objects.filter(pk=trashed.pk).exists()


def test_another_persons_empty_leaves_this_trash_alone(other_client, trashed):
    other_client.post(reverse("applications:trash_empty"))
    assert Application.objects.in_trash_of(trashed.owner).exists()


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("applications:trash", [], "get"),
        ("applications:trash_empty", [], "get"),
        ("applications:trash_empty", [], "post"),
        ("applications:trash_restore", [1], "post"),
    ],
)
def test_anonymous_visitors_are_sent_to_login(client, name, args, method):
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
