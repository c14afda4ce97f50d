"""Account workflows that span several models."""

from __future__ import annotations

from collections import deque
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import User
from .security import record


def sessions_end_for(*, user_id: int) -> int:
    """Delete every stored session that belongs to this person; returns how many.

    Sessions are signed blobs, so their owner cannot be found with a query: each
    unexpired row is decoded. Account deletion is rare, so a scan is acceptable,
    and unlike allauth.usersessions it also finds sessions made outside allauth
    (the admin login, Django's own login, sessions older than the tracking).
    With a session engine that keeps no rows there is nothing to scan; those
    sessions end anyway, because Django finds no user behind them any more.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store_class, DatabaseSessionStore):
        return 0
    model = store_class.get_model_class()
    keys = [
        session.session_key
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id)
    ]
    for key in keys:
        store_class(session_key=key).delete()
    return len(keys)


def owner_lookup(model: type[models.Model]) -> str | None:
    """The shortest chain of forward foreign keys from `model` to the user, as a
    lookup ("owner", "application__owner"); None when the model has none."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    queue: deque[tuple[type[models.Model], list[str]]] = deque([(model, [])])
    seen = {model}
    while queue:
        current, path = queue.popleft()
        for field in current._meta.concrete_fields:
            if not field.is_relation:
                continue
            if field.related_model is user_model:
                return "__".join([*path, field.name])
            if field.related_model not in seen and len(path) < 4:
                seen.add(field.related_model)
                queue.append((field.related_model, [*path, field.name]))
    return None


def _delete_rows_that_protect_others(user: User) -> None:
    """A PROTECT foreign key (an application protects its company) would stop
    the cascade from the user even though both rows go. Delete the person's
    protecting rows first; a protected row of someone else's still stops it."""
    for model in apps.get_models():
        protects = any(
            field.is_relation and field.remote_field.on_delete is models.PROTECT
            for field in model._meta.concrete_fields
        )
        lookup = owner_lookup(model) if protects else None
        if lookup:
            model._default_manager.filter(**{lookup: user}).delete()


def account_delete(*, user: User, request: HttpRequest | None = None) -> None:
    """Delete the person, everything they own, and all their sessions.

    Every model that belongs to a person points at the user with
    on_delete=CASCADE (directly or through its parent), so deleting the user
    removes their rows and leaves everyone else's alone.
    tests/accounts/test_delete_account.py checks this for every model.
    """
    with transaction.atomic():
        record("account_deleted", request=request, user=user)
        sessions_end_for(user_id=user.pk)
        _delete_rows_that_protect_others(user)
        user.delete()
