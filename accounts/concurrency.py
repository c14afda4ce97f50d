"""No lost work when the same record is edited in two tabs (optimistic concurrency).

An edit form carries a hidden `loaded_version`: a short digest of the row as it
was when the page was opened. On save, the form compares it with the row as it
is now. When they differ, someone (usually the same person, in another tab or on
their phone) saved in the meantime: the form refuses the save, keeps everything
that was typed, and shows the saved text beside each field that differs, so the
person can merge the two by hand. The re-shown form carries the new version, so
saving it again keeps what is in the boxes: nothing is overwritten without the
person having seen both versions.

The digest covers every concrete column, so it also notices changes made with
`QuerySet.update()` (status changes, "keep waiting") that a comparison of
`updated_at` alone could miss when two saves land in the same clock tick.

Usage, on any ModelForm that edits existing rows::

    class ReflectionForm(OptimisticConcurrencyMixin, forms.ModelForm): ...

Pages that save through JavaScript (autosave) read the new version from the
`X-Rebound-Version` response header set by `version_header()` and put it back in
the hidden field, so the next save of the same page is not refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django import forms
from django.db import models, transaction
from django.utils import timezone

VERSION_FIELD = "loaded_version"
# The version of a row that did not exist yet when the page was opened.
NEW_ROW = "new"
VERSION_HEADER = "X-Rebound-Version"

CONFLICT_MESSAGE = (
    "Someone (perhaps you, in another tab) saved this after you opened it, so nothing was "
    "saved just now. Your text is still in the boxes below, and the version saved in the "
    "meantime is shown under each box that differs. Copy what you need, then save again "
    "to keep what is in the boxes."
)

# For pages that save as you type: the page's Save button then shows both versions.
CONFLICT_AUTOSAVE_MESSAGE = (
    "Not saved: this was saved in another tab after you opened it. Press Save to see "
    "both versions side by side; your text is kept in this browser meanwhile."
)


def _column_values(
    model: type[models.Model], pk: Any, fields: tuple[str, ...] | None = None
) -> dict[str, Any] | None:
    if fields is None:
        names = [f.attname for f in model._meta.concrete_fields]
    else:  # The row's existence, and the columns named.
        names = [model._meta.pk.attname, *(model._meta.get_field(f).attname for f in fields)]
    return model._default_manager.filter(pk=pk).values(*names).first()


def row_version(instance: models.Model, fields: tuple[str, ...] | None = None) -> str:
    """A digest of the row as stored now ("" when it does not exist): of every
    column, or of the `fields` named."""
    if instance.pk is None:
        return ""
    # __class__, not type(): request.user is a SimpleLazyObject.
    values = _column_values(instance.__class__, instance.pk, fields)
    if values is None:
        return ""
    text = repr(sorted((name, repr(value)) for name, value in values.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def version_of(
    instance: models.Model | None,
    *related: models.QuerySet,
    fields: tuple[str, ...] | None = None,
) -> str:
    """The row's version, combined with the rows of `related` querysets (the
    answers and ratings a call's notes page edits alongside the call)."""
    if instance is None:
        return ""
    version = row_version(instance, fields)
    if not related or not version:
        return version
    parts = [version]
    for queryset in related:
        names = [f.attname for f in queryset.model._meta.concrete_fields]
        parts.append(repr(list(queryset.order_by("pk").values_list(*names))))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def version_header(response, instance: models.Model, *related: models.QuerySet):
    """Tell a script that saved `instance` which version the page now holds."""
    response[VERSION_HEADER] = version_of(instance, *related)
    return response


@contextmanager
def one_save_at_a_time(row: models.Model) -> Iterator[None]:
    """Check the version and save inside one transaction that holds `row` locked.

    Two tabs saving at the same moment then take turns, so the second sees the
    first's save and is refused, instead of both passing the check before
    either has written (a first reflection has no row of its own to lock yet,
    so its rejection is locked).
    """
    with transaction.atomic():
        row.__class__._default_manager.select_for_update().filter(pk=row.pk).values_list(
            "pk", flat=True
        ).first()
        yield


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    return str(value)


class OptimisticConcurrencyMixin:
    """Refuse to save over changes made since the form was opened (see module doc)."""

    conflict_message = CONFLICT_MESSAGE
    # The columns whose change counts; None for all of them. A form that edits a
    # few columns of a row others write to as well (Settings: the user row, whose
    # last_login moves at each login) names its own, so those writes are no conflict.
    version_fields: tuple[str, ...] | None = None

    def __init__(
        self,
        *args,
        versioned: models.Model | None = None,
        versioned_with: tuple[models.QuerySet, ...] = (),
        autosaved: bool = False,
        **kwargs,
    ):
        """`versioned`: the row a plain (non-model) form edits; a ModelForm uses its
        instance. `versioned_with`: querysets of other rows the form edits too.

        `autosaved`: for a writing page that saves as you type (a reflection,
        call notes). Opened before its row existed (a first reflection), the
        page carries NEW_ROW, so a row saved meanwhile from another tab counts as
        a change; create forms leave this off, as a second row of the same kind
        is no conflict. And a save whose every field already matches what is
        saved now goes through: the same words got there first (a beacon sent
        on the way out, or a browser's copy saved twice), so there is nothing
        to choose between.
        """
        super().__init__(*args, **kwargs)
        self.versioned_with = versioned_with
        self.fields[VERSION_FIELD] = forms.CharField(
            required=False, widget=forms.HiddenInput, max_length=64
        )
        self.has_conflict = False
        self.autosaved = autosaved
        self.versioned = versioned if versioned is not None else getattr(self, "instance", None)
        instance = self.versioned
        if not self.is_bound:
            if instance is not None and instance.pk is not None:
                self.initial[VERSION_FIELD] = self.current_version()
            elif autosaved:
                self.initial[VERSION_FIELD] = NEW_ROW

    def current_version(self) -> str:
        return version_of(self.versioned, *self.versioned_with, fields=self.version_fields)

    def clean(self):
        cleaned = super().clean()
        instance = self.versioned
        loaded = (self.cleaned_data.get(VERSION_FIELD) or "").strip()
        # A form opened before this check existed (or a create form) has no version.
        if instance is None or instance.pk is None or not loaded:
            return cleaned
        current = self.current_version()
        if current == loaded:
            return cleaned
        differences = self._saved_values_that_differ(instance)
        if self.autosaved and not differences:
            return cleaned
        self.has_conflict = True
        for name, saved in differences.items():
            self.add_error(name, f"Saved in the meantime: {saved}")
        # The form is shown again carrying the new version: the person has now
        # seen both, so saving again is a deliberate choice.
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = current
        raise forms.ValidationError(self.conflict_message, code="edit_conflict")

    def _saved_values_that_differ(self, instance: models.Model) -> dict[str, str]:
        """For each field that differs, the value saved in the meantime, as shown.

        The form's initial values are read from the row as it is now (the view
        loads it when the form is posted), so this covers model fields and the
        form's own fields (such as an interview's questions) alike.
        """
        fresh = instance.__class__._default_manager.filter(pk=instance.pk).first()
        columns = {f.name: f for f in instance._meta.concrete_fields}
        differences = {}
        for name, field in self.fields.items():
            if name == VERSION_FIELD or isinstance(field.widget, forms.HiddenInput):
                continue
            if name in self.initial or name not in columns or fresh is None:
                saved = self.get_initial_for_field(field, name)
            else:  # A plain form given no initial values: read the row itself.
                saved = columns[name].value_from_object(fresh)
            typed = self.cleaned_data.get(name, self.data.get(self.add_prefix(name)))
            if _same(typed, saved):
                continue
            differences[name] = _shown(_display(field, saved))
        return differences


def _same(typed: Any, saved: Any) -> bool:
    if typed == saved:
        return True
    if isinstance(typed, models.QuerySet) or isinstance(saved, models.QuerySet | list | tuple):
        return sorted(_pks(typed)) == sorted(_pks(saved))
    typed = getattr(typed, "pk", typed)
    saved = getattr(saved, "pk", saved)
    if isinstance(saved, datetime):
        saved = saved.replace(second=0, microsecond=0)
        typed = typed.replace(second=0, microsecond=0) if isinstance(typed, datetime) else typed
        return typed == saved
    return _normalise(typed) == _normalise(saved)


def _pks(values: Any) -> list[str]:
    return [str(getattr(v, "pk", v)) for v in (values or [])]


def _display(field: forms.Field, value: Any) -> Any:
    if isinstance(value, models.QuerySet | list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(field, forms.ModelChoiceField):
        obj = value if isinstance(value, models.Model) else None
        if obj is None and value not in (None, ""):
            obj = field.queryset.filter(pk=value).first()
        return obj
    if isinstance(field, forms.ChoiceField):
        return {str(k): v for k, v in field.choices}.get(str(value), value)
    if isinstance(field, forms.BooleanField):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%-d %B %Y, %H:%M")
    return value


def _normalise(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip().replace("\r\n", "\n")
