"""The trash: deleting an application keeps it (with everything under it) for
30 days, so a slip of the finger can be undone.

An application in the trash has `deleted_at` set. `Application.objects.owned_by`
leaves it out, and so do the `owned_by` querysets of everything that hangs
under it (interviews, the rejection and its reflection, feedback requests and
calls), so all their pages answer "not found" until it is restored. Companies,
contacts, practice plans, stories and subject access requests stand on their
own and stay visible; emptying the trash unlinks them rather than deleting them.
Documents are the exception: one that went only with applications deleted for
good goes with them, file and all (a CV also sent elsewhere stays).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from .models import Application
from .services import documents_delete_with

TRASH_DAYS = 30


def trash_expires_at(application: Application) -> datetime | None:
    """When an application in the trash will be deleted for good (the trash list
    works out the same in SQL)."""
    if application.deleted_at is None:
        return None
    return application.deleted_at + timedelta(days=TRASH_DAYS)


@transaction.atomic
def application_trash(*, application: Application, now: datetime | None = None) -> Application:
    """Move the application, with everything under it, to the trash."""
    now = now or timezone.now()
    # `update()` keeps `updated_at` as it was: restoring brings back the same row.
    Application.objects.filter(pk=application.pk, deleted_at__isnull=True).update(deleted_at=now)
    application.deleted_at = now
    return application


@transaction.atomic
def application_restore(*, application: Application) -> Application:
    """Take the application out of the trash, as it was."""
    Application.objects.filter(pk=application.pk).update(deleted_at=None)
    application.deleted_at = None
    return application


@transaction.atomic
def trash_empty(*, owner) -> int:
    """Delete everything in the person's trash for good. Returns how many applications."""
    trashed = Application.objects.in_trash_of(owner)
    count = trashed.count()
    documents_delete_with(applications=trashed)
    trashed.delete()
    return count


@transaction.atomic
def trash_purge_expired(*, now: datetime | None = None) -> int:
    """Delete, for everyone, applications that have been in the trash for 30 days."""
    now = now or timezone.now()
    expired = Application.objects.filter(deleted_at__lt=now - timedelta(days=TRASH_DAYS))
    count = expired.count()
    documents_delete_with(applications=expired)
    expired.delete()
    return count
