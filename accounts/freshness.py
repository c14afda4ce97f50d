"""Each person's data version, so pages can keep what they work out from a
person's rows in the shared cache until those rows change.

The version moves on (`data_changed`) after every request that can change
something (any POST by a signed-in person, whatever the view does with the
database, including `QuerySet.update()`), and whenever one of the person's rows
is saved or deleted through Django outside a request (the worker, the admin,
management commands; see `applications.calendar.connect_signals`). What is kept
under a version also expires after a few minutes, which bounds what time alone
changes (an application falling quiet, an interview coming within the horizon)
and any change made behind Django's back.

The cache is shared by every app server (Redis or the database), so a change
made through one server is seen by all.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable

from django.core.cache import caches
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

# How long a version lives without a change; a lost version only costs a rebuild.
VERSION_SECONDS = 7 * 24 * 3600
# How long a page may keep what it worked out under one version.
KEEP_SECONDS = 5 * 60

log = logging.getLogger(__name__)

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def _cache():
    """The cache of what pages keep (settings.CACHES["pages"])."""
    return caches["pages"]


def _version_key(person_id: int) -> str:
    return f"data-version:{person_id}"


def data_version(person_id: int) -> str:
    """The person's current data version (made on first use)."""
    key = _version_key(person_id)
    version = _cache().get(key)
    if version is None:
        version = secrets.token_hex(8)
        if not _cache().add(key, version, VERSION_SECONDS):
            version = _cache().get(key) or version
    return version


def data_changed(person_id: int) -> None:
    """Something of the person's changed: what was kept for them is stale.

    Inside a transaction the version moves now and again once it commits, so
    that a page worked out meanwhile from the rows as they were is not kept."""
    _new_version(person_id)
    if not transaction.get_autocommit():
        transaction.on_commit(lambda: _new_version(person_id))


def _new_version(person_id: int) -> None:
    _cache().set(_version_key(person_id), secrets.token_hex(8), VERSION_SECONDS)


def kept[T](
    person_id: int,
    name: str,
    build: Callable[[], T],
    *,
    vary: Iterable[object] = (),
    seconds: int = KEEP_SECONDS,
) -> T:
    """`build()`, or what it returned for this person, this data version and
    these `vary` values within the last `seconds`."""
    varies = hashlib.sha256("\x1f".join(str(v) for v in vary).encode()).hexdigest()[:32]
    try:
        key = f"{name}:{person_id}:{data_version(person_id)}:{varies}"
        value = _cache().get(key)
    except Exception:  # noqa: BLE001 - a cache that is down only costs speed
        log.warning("Page cache unavailable; working %s out afresh", name, exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            _cache().set(key, value, seconds)
        except Exception:  # noqa: BLE001
            log.warning("Page cache unavailable; %s not kept", name, exc_info=True)
    return value


# Written into kept HTML in place of the form token, so that no copy in the
# cache ever holds a real one; `with_form_token` puts the request's own in.
FORM_TOKEN_PLACEHOLDER = "rebound-form-token-placeholder"  # noqa: S105 (not a secret)


def with_form_token(request, html: str) -> str:
    """Kept HTML with the request's CSRF token where the placeholder stands."""
    return mark_safe(html.replace(FORM_TOKEN_PLACEHOLDER, get_token(request)))  # noqa: S308


class DataVersionMiddleware:
    """After any request that may change a signed-in person's data, move their
    version on, so the next page they see is worked out afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        person_id = None
        if request.method in UNSAFE_METHODS:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                person_id = user.pk
        response = self.get_response(request)
        if person_id is not None:
            data_changed(person_id)
        return response
