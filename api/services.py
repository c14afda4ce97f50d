"""Making, checking and revoking personal access tokens."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import AccessToken

log = logging.getLogger(__name__)

PREFIX = "rbt_"
RATE_WINDOW = 60
# last_used_at is written at most this often, so reads stay reads.
LAST_USED_GRANULARITY = timedelta(minutes=1)


def _digest(pk: int, secret: str) -> str:
    message = f"{pk}:{secret}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: AccessToken
    plain: str  # shown once, never stored


@transaction.atomic
def token_create(*, owner, name: str, scope: str, expires_at: datetime | None = None) -> NewToken:
    """A new token; the plain text is returned once and only its HMAC is kept."""
    secret = secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        owner=owner, name=name, scope=scope, expires_at=expires_at, key_prefix="", key_digest=""
    )
    plain = f"{PREFIX}{token.pk}_{secret}"
    token.key_prefix = plain[: len(f"{PREFIX}{token.pk}_") + 4]
    token.key_digest = _digest(token.pk, secret)
    token.save(update_fields=["key_prefix", "key_digest"])
    return NewToken(token=token, plain=plain)


@transaction.atomic
def token_revoke(*, token: AccessToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def token_for(plain: str, now: datetime | None = None) -> AccessToken | None:
    """The usable token `plain` stands for, or None. Revocation and expiry are
    read from the database on every call, so they work on the next request."""
    now = now or timezone.now()
    if not plain.startswith(PREFIX):
        return None
    pk_text, _, secret = plain[len(PREFIX) :].partition("_")
    if not pk_text.isdigit() or not secret or len(pk_text) > 18:
        return None
    token = AccessToken.objects.usable(now).select_related("owner").filter(pk=int(pk_text)).first()
    if token is None or not token.owner.is_active:
        return None
    if not hmac.compare_digest(token.key_digest, _digest(token.pk, secret)):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_within_rate_limit(token: AccessToken) -> bool:
    """Counts the request; False past settings.API_RATE_LIMIT a minute. A cache that fails
    lets the request through: a lost counter costs accuracy, never access."""
    key = f"api-rate:{token.pk}:{int(timezone.now().timestamp()) // RATE_WINDOW}"
    try:
        if cache.add(key, 1, RATE_WINDOW * 2):
            return True
        return cache.incr(key) <= settings.API_RATE_LIMIT
    except Exception:  # noqa: BLE001 - any cache failure degrades to no limit
        log.warning("API rate limit not counted: the cache is unreachable")
        return True


def tokens_revoke_imported(model, objects: list, now: datetime) -> None:
    """Access tokens in an export file come into the new account revoked: a key
    belongs to the account it was made for. The new account still shows them, by
    name, as revoked, and the person makes new ones in Settings. (The HMAC covers
    the old id, but a server sharing the secret key could give a row that same id.)"""
    if model is not AccessToken:
        return
    for token in objects:
        if token.revoked_at is None:
            token.revoked_at = now
