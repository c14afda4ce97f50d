"""Account workflows that span several models."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import transaction
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
        user.delete()
