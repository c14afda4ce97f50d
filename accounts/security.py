"""Security events, written to the "rebound.security" logger.

Each receiver only records that something happened, to whom and from where:
never a password, a code, or anything the person wrote. Connected in
AccountsConfig.ready(). Records carry `event` and `user_id` as extra fields so
a log pipeline can filter on them.
"""

from __future__ import annotations

import logging

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

log = logging.getLogger("rebound.security")


def client_ip(request: HttpRequest | None) -> str:
    """The address allauth uses for its rate limits (proxy-aware only when configured)."""
    if request is None:
        return "-"
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # allauth found no address; a log line must not fail
        return request.META.get("REMOTE_ADDR", "-")


def _clean(value) -> str:
    """One log line per event: control characters (a newline could forge a
    second line) are written as escapes, and long values are cut."""
    text = str(value)[:254]
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def login_fingerprint(login: str) -> str:
    """A keyed hash of what was typed in the email box: repeated attempts at one
    account can be matched, but the text itself (people sometimes type their
    password there) never reaches the log."""
    return salted_hmac(
        "rebound.security.login", login.strip().lower(), algorithm="sha256"
    ).hexdigest()[:16]


def record(event: str, *, request: HttpRequest | None = None, user=None, **details) -> None:
    user_id = getattr(user, "pk", None)
    parts = [f"event={event}", f"user_id={user_id or '-'}", f"ip={_clean(client_ip(request))}"]
    parts += [f"{key}={_clean(value)}" for key, value in details.items()]
    log.info(" ".join(parts), extra={"event": event, "user_id": user_id})


def login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django masks the password in `credentials`; of the address typed, only a keyed hash is kept.
    login = str(credentials.get("email") or credentials.get("username") or "")
    record("login_failed", request=request, login=login_fingerprint(login) if login else "-")


def logged_in(sender, request, user, **kwargs) -> None:
    record("login", request=request, user=user)


def password_changed(sender, request, user, **kwargs) -> None:
    record("password_changed", request=request, user=user)


def password_set(sender, request, user, **kwargs) -> None:
    record("password_set", request=request, user=user)


def password_reset(sender, request, user, **kwargs) -> None:
    record("password_reset", request=request, user=user)


def email_changed(sender, request, user, from_email_address=None, to_email_address=None, **kwargs):
    record("email_changed", request=request, user=user)


def email_added(sender, request, user, email_address, **kwargs) -> None:
    record("email_added", request=request, user=user)


def email_removed(sender, request, user, email_address, **kwargs) -> None:
    record("email_removed", request=request, user=user)


def authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    record("mfa_added", request=request, user=user, kind=authenticator.type)


def authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    record("mfa_removed", request=request, user=user, kind=authenticator.type)


def authenticator_reset(sender, request, user, authenticator, **kwargs) -> None:
    record("mfa_reset", request=request, user=user, kind=authenticator.type)


def mfa_failed(sender, request, user, authenticator=None, **kwargs) -> None:
    record("mfa_failed", request=request, user=user)


def connect() -> None:
    auth_signals.user_login_failed.connect(login_failed, dispatch_uid="rebound.login_failed")
    pairs = [
        (account_signals.user_logged_in, logged_in),
        (account_signals.password_changed, password_changed),
        (account_signals.password_set, password_set),
        (account_signals.password_reset, password_reset),
        (account_signals.email_changed, email_changed),
        (account_signals.email_added, email_added),
        (account_signals.email_removed, email_removed),
        (mfa_signals.authenticator_added, authenticator_added),
        (mfa_signals.authenticator_removed, authenticator_removed),
        (mfa_signals.authenticator_reset, authenticator_reset),
        (mfa_signals.authentication_failed, mfa_failed),
    ]
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"rebound.{receiver.__name__}")
