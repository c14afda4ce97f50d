"""Account workflows that span several models."""

from __future__ import annotations

import logging
from importlib import import_module

from allauth.account import app_settings as allauth_settings
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.files import files_delete_on_commit, owned_file_names
from accounts.ownership import owned_models

from .models import User
from .security import record

log = logging.getLogger(__name__)


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


def admin_log_forget(*, user: User) -> int:
    """Delete the admin's history entries about the person and their rows.

    An entry keeps the row's `str()` (`object_repr`: a job title, an email
    address) after the row is gone; the entries the person made as staff go
    with their user row. Returns how many were deleted."""
    targets = [(User, [user.pk])] + [
        (owned.model, list(owned.rows_of(user).values_list("pk", flat=True)))
        for owned in owned_models()
    ]
    deleted = 0
    for model, pks in targets:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        for start in range(0, len(pks), 1000):
            ids = [str(pk) for pk in pks[start : start + 1000]]
            deleted += LogEntry.objects.filter(
                content_type=content_type, object_id__in=ids
            ).delete()[0]
    return deleted


def task_results_forget(*, user: User, emails: list[str]) -> int:
    """Delete queued and finished background tasks that name the person: their
    reminder digests (by id) and mail to any of their addresses."""
    names_them = Q(task_path="reminders.tasks.send_digest") & (
        Q(args_kwargs__args__0=user.pk) | Q(args_kwargs__kwargs__user_id=user.pk)
    )
    for email in emails:
        names_them |= Q(args_kwargs__icontains=email) | Q(return_value__icontains=email)
    return DBTaskResult.objects.filter(names_them).delete()[0]


def rate_limits_forget(*, user: User, emails: list[str], request: HttpRequest | None) -> None:
    """Delete allauth's rate-limit counters kept under the person's addresses
    (a plain hash of each) or their id. Counters per IP address name nobody and stay."""
    site = get_current_site(request) if request is not None else None
    logins = [email.lower() for email in emails]
    keys = logins + ([f"{site.domain}:{login}" for login in logins] if site else [])
    cache_keys = []
    for action, rates in allauth_settings.RATE_LIMITS.items():
        for rate in ratelimit.parse_rates(rates):
            if rate.per == "user":
                cache_keys.append(
                    ratelimit.get_cache_key(
                        request, app="allauth.account", action=action, rate=rate, user=user
                    )
                )
            elif rate.per == "key":
                cache_keys += [
                    ratelimit.get_cache_key(
                        request, app="allauth.account", action=action, rate=rate, key=key
                    )
                    for key in keys
                ]
    cache.delete_many(cache_keys)


def account_delete(*, user: User, request: HttpRequest | None = None) -> None:
    """Delete the person, everything they own, all their sessions, and what
    else names them: the admin's history of their rows, their background
    tasks and their rate-limit counters.

    Every model that belongs to a person points at the user with
    on_delete=CASCADE (directly or through its parent), so deleting the user
    removes their rows and leaves everyone else's alone.
    tests/accounts/test_delete_account.py checks this for every model, and
    tests/accounts/test_delete_leaves_nothing.py what is left elsewhere.
    Files the person uploaded are removed from storage after the commit.
    """
    emails = sorted({user.email, *user.emailaddress_set.values_list("email", flat=True)})
    with transaction.atomic():
        record("account_deleted", request=request, user=user)
        sessions_end_for(user_id=user.pk)
        admin_log_forget(user=user)
        task_results_forget(user=user, emails=emails)
        # Uploaded documents are files as well as rows: gone once the rows are.
        files_delete_on_commit(owned_file_names(user=user))
        user.delete()
    # The cache is not part of the transaction; a cache that is down leaves
    # counters that expire by themselves within a day, and fails nothing.
    try:
        rate_limits_forget(user=user, emails=emails, request=request)
    except Exception:  # noqa: BLE001 - any cache failure; the deletion has happened
        log.warning("rate-limit counters of a deleted account could not be removed")
