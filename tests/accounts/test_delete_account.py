"""Issue 6: deleting the account removes every row the person owned and ends
their sessions, leaving other people untouched."""

import datetime as dt
import uuid
from collections import deque
from pathlib import Path

import factory
import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"
PROJECT_DIR = Path(settings.BASE_DIR).resolve()


def path_to_user(model: type[models.Model]) -> str | None:
    """The shortest chain of forward foreign keys from `model` to the user,
    as a lookup ("owner", "application__owner"), or None if it has none."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if model is user_model:
        return None
    queue = deque([(model, [])])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        for field in current._meta.get_fields():
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                continue
            if field.related_model is user_model:
                return "__".join([*path, field.name])
            if field.related_model not in seen and len(path) < 4:
                seen.add(field.related_model)
                queue.append((field.related_model, [*path, field.name]))
    return None


def owned_models() -> dict[type[models.Model], str]:
    """Every installed model that belongs to a person, found afresh each run so
    a model added later is covered without touching this test."""
    found = {}
    for model in apps.get_models():
        path = path_to_user(model)
        if path is not None:
            found[model] = path
    return found


def is_project_model(model: type[models.Model]) -> bool:
    app_path = Path(model._meta.app_config.path).resolve()
    return PROJECT_DIR in app_path.parents and ".venv" not in app_path.parts


def model_factories() -> list[type[factory.django.DjangoModelFactory]]:
    return [
        value
        for value in vars(factories).values()
        if isinstance(value, type)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value._meta.model is not None
        and value is not factories.UserFactory
    ]


def plain_value(field: models.Field):
    """A valid value for a required field, for models without a factory."""
    if field.choices:
        return field.flatchoices[0][0]
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return timezone.localdate()
    if isinstance(field, models.TimeField):
        return dt.time(9, 0)
    if isinstance(field, models.DurationField):
        return dt.timedelta(minutes=30)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(field, models.EmailField):
        return "someone@example.org"
    if isinstance(field, models.URLField):
        return "https://example.org/"
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.CharField | models.TextField):
        return "x" * min(field.max_length or 10, 10)
    raise TypeError(f"no plain value for {field!r}")


def build_row(model: type[models.Model], user) -> models.Model:
    """One row of `model` owned by `user`, for models that have no factory yet."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.has_default() or field.null:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation:
            related = field.related_model
            if related is User:
                values[field.name] = user
                continue
            lookup = path_to_user(related)
            existing = related._default_manager.filter(**{lookup: user}).first() if lookup else None
            values[field.name] = existing or build_row(related, user)
        elif field.blank and isinstance(field, models.CharField | models.TextField):
            continue
        else:
            values[field.name] = plain_value(field)
    return model._default_manager.create(**values)


def give_everything_to(user) -> list[str]:
    """One of every kind of thing a person can keep: built with the factories,
    or field by field for a model that has none. Returns what could not be built."""
    problems = []
    for model_factory in model_factories():
        model = model_factory._meta.get_model_class()
        path = path_to_user(model)
        if path is None:
            continue
        try:
            with transaction.atomic():
                model_factory(**{path: user})
        except Exception as exc:  # reported below if it leaves a model uncovered
            problems.append(f"{model_factory.__name__}: {exc!r}")
    for model, path in owned_models().items():
        if not is_project_model(model) or model._default_manager.filter(**{path: user}).exists():
            continue
        try:
            with transaction.atomic():
                build_row(model, user)
        except Exception as exc:
            problems.append(f"{model._meta.label}: {exc!r}")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return problems


def rows_of(user_pk: int) -> dict[str, set]:
    rows = {}
    for model, path in owned_models().items():
        rows[model._meta.label] = set(
            model._default_manager.filter(**{f"{path}__pk": user_pk}).values_list("pk", flat=True)
        )
    return rows


def session_user_ids() -> list[str]:
    return [str(s.get_decoded().get("_auth_user_id")) for s in Session.objects.all()]


@pytest.fixture
def two_people(user, other_user):
    problems = give_everything_to(user) + give_everything_to(other_user)
    return user, other_user, problems


def test_every_owned_model_is_covered_by_this_test(two_people):
    user, _, problems = two_people
    rows = rows_of(user.pk)
    uncovered = [
        model._meta.label
        for model in owned_models()
        if is_project_model(model) and not rows[model._meta.label]
    ]
    assert not uncovered, (
        f"No rows built for {uncovered}: add a factory to tests/factories.py. {problems}"
    )


def test_deleting_the_account_removes_their_rows_and_sessions_only(two_people):
    user, other_user, _ = two_people
    user_pk = user.pk
    browser = Client()
    browser.force_login(user)
    phone, laptop = Client(), Client()
    phone.force_login(user)
    laptop.force_login(user)
    someone_else = Client()
    someone_else.force_login(other_user)

    mine_before = rows_of(user_pk)
    theirs_before = rows_of(other_user.pk)
    assert sum(len(pks) for pks in mine_before.values()) > 10
    assert session_user_ids().count(str(user_pk)) == 3

    response = browser.post(reverse("delete_account"), {"password": PASSWORD}, follow=True)

    # A calm goodbye on the landing page, logged out.
    assert response.redirect_chain[-1][0] == reverse("landing")
    assert "Your account and everything in it have been deleted" in response.text
    assert browser.get(reverse("home")).status_code == 302

    # Every row they owned is gone, in every app.
    assert not User.objects.filter(pk=user_pk).exists()
    for label, pks in mine_before.items():
        model = apps.get_model(label)
        assert not model._default_manager.filter(pk__in=pks).exists(), label

    # Every session of theirs is gone; the phone and the laptop are logged out.
    assert str(user_pk) not in session_user_ids()
    assert phone.get(reverse("home")).status_code == 302
    assert laptop.get(reverse("home")).status_code == 302

    # The other person keeps everything, and stays logged in.
    assert rows_of(other_user.pk) == theirs_before
    assert User.objects.filter(pk=other_user.pk).exists()
    assert someone_else.get(reverse("home")).status_code == 200


def test_a_wrong_password_deletes_nothing(client_logged_in, user):
    response = client_logged_in.post(reverse("delete_account"), {"password": "not-it"})
    assert response.status_code == 200
    assert "That password is not right. Type the password you log in with." in response.text
    assert User.objects.filter(pk=user.pk).exists()
    assert client_logged_in.get(reverse("home")).status_code == 200


def test_an_empty_password_deletes_nothing(client_logged_in, user):
    response = client_logged_in.post(reverse("delete_account"), {})
    assert response.status_code == 200
    assert "Type your password to confirm." in response.text
    assert User.objects.filter(pk=user.pk).exists()


def test_opening_the_page_deletes_nothing(client_logged_in, user):
    response = client_logged_in.get(reverse("delete_account"))
    assert response.status_code == 200
    assert "Delete my account and everything in it" in response.text
    assert User.objects.filter(pk=user.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    url = reverse("delete_account")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.post(url, {"password": PASSWORD}).status_code == 302


def test_the_deleted_address_can_sign_up_again(client_logged_in, user, mailoutbox):
    email = user.email
    client_logged_in.post(reverse("delete_account"), {"password": PASSWORD})
    response = Client().post(
        reverse("account_signup"),
        {"email": email, "password1": "calm-and-practical-7", "password2": "calm-and-practical-7"},
    )
    assert response.status_code == 302
    assert User.objects.filter(email=email).exists()
