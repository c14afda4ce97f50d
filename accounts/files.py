"""Files a person uploaded, kept through Django's storage API: found from the
models (any FileField of an owned model) and removed with the rows that name them."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.db import models, transaction

from .ownership import owned_models

log = logging.getLogger(__name__)


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def owned_file_names(*, user) -> list[str]:
    """The stored name of every file the person's rows hold (trash included)."""
    names: list[str] = []
    for owned in owned_models():
        for f in file_fields(owned.model):
            names += owned.rows_of(user).exclude(**{f.name: ""}).values_list(f.name, flat=True)
    return names


def files_delete_on_commit(names: list[str]) -> None:
    """Remove stored files once the rows that named them are gone for good.

    After the commit, so a rolled-back deletion keeps its files; a store that
    fails to delete is logged, never turned into a failed request."""
    names = [n for n in names if n]
    if not names:
        return

    def delete() -> None:
        for name in names:
            try:
                default_storage.delete(name)
            except Exception:  # noqa: BLE001 - any storage failure; the rows are gone
                log.warning("a stored file could not be removed")

    transaction.on_commit(delete)
