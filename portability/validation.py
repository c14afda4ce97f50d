"""Checking every value of an imported export with the same rules as the pages.

An export file can be edited by hand, damaged, or made up. Before anything is
saved, each value is checked three ways:

1. its JSON type (`check_type`): a list where an id or a date belongs is refused
   with the record and field named, not passed on to break something later;
2. the form of the page that edits that kind of record (`PAGE_FORMS`), so a
   story's competencies, a rejection's date or a setting such as
   `no_response_days` follow exactly the rules the person meets on the page;
3. the model's own field rules (`Model.clean_fields`: lengths, choices, ranges).

Unique and check constraints are left to the database when the rows are
inserted; `services._insert` names the record a constraint refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.utils import ErrorDict

from accounts.forms import SettingsForm
from accounts.ownership import OwnedModel
from applications.forms import ApplicationForm, CompanyForm, ContactForm
from feedback.forms import RejectionForm
from practice.forms import QuestionForm, StoryForm
from reminders.forms import ReminderPreferenceForm


class ImportRefused(Exception):
    """The file cannot be imported; the message says why and what to do."""


# The page form for each kind of record, given the importing person. Records
# without a page form of their own (a status change, an interview's questions)
# are checked by their model's field rules alone.
PAGE_FORMS: dict[str, Callable[[Any], forms.Form]] = {
    "applications.company": lambda user: CompanyForm(owner=user),
    "applications.contact": lambda user: ContactForm(owner=user),
    # The currency given: the form would otherwise look up the one used last.
    "applications.application": lambda user: ApplicationForm(
        owner=user, initial={"salary_currency": "GBP"}
    ),
    "feedback.rejection": lambda user: RejectionForm(),
    "practice.question": lambda user: QuestionForm(),
    "practice.story": lambda user: StoryForm(owner=user),
    "reminders.reminderpreference": lambda user: ReminderPreferenceForm(),
}

_INTEGER_FIELDS = (models.IntegerField, models.AutoField)
_TEXT_FIELDS = (
    models.CharField,
    models.TextField,
    models.DateField,  # DateTimeField too
    models.TimeField,
    models.UUIDField,
    models.GenericIPAddressField,
)


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "empty"


def _expected(f: models.Field, value: Any) -> str | None:
    """What `value` should have been for `f`, or None when it is the right type."""
    if value is None:
        return None if (f.null or f.many_to_many) else "a value"
    if f.many_to_many:
        ok = isinstance(value, list) and all(_is_id(item) for item in value)
        return None if ok else "a list of record ids"
    if f.is_relation:
        return None if _is_id(value) else "a record id"
    if isinstance(f, models.JSONField):
        return None
    if isinstance(f, models.FileField):
        ok = isinstance(value, dict) and isinstance(value.get("content_base64"), str | None)
        return None if ok else "an object holding the file's content"
    if isinstance(f, models.BooleanField):
        return None if isinstance(value, bool) else "true or false"
    if isinstance(f, _INTEGER_FIELDS):
        return None if _is_id(value) else "a whole number"
    if isinstance(f, models.FloatField | models.DecimalField | models.DurationField):
        ok = isinstance(value, int | float | str) and not isinstance(value, bool)
        return None if ok else "a number"
    if isinstance(f, models.DateTimeField):
        return None if isinstance(value, str) else "a date and time like 2026-03-31T09:30:00"
    if isinstance(f, models.DateField):
        return None if isinstance(value, str) else "a date like 2026-03-31"
    if isinstance(f, _TEXT_FIELDS):
        return None if isinstance(value, str) else "text"
    return None


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_type(f: models.Field, value: Any, *, where: str) -> None:
    expected = _expected(f, value)
    if expected is not None:
        raise ImportRefused(
            f"{where} is not valid: {f.verbose_name}: this should be {expected}, "
            f"not {_json_type(value)}. Export your data again and retry."
        )


def check_reference(f: models.Field, value: Any, *, where: str) -> None:
    if not _is_id(value):
        raise ImportRefused(
            f"{where} is not valid: {f.verbose_name}: this should be a record id, "
            f"not {_json_type(value)}. Export your data again and retry."
        )


def _form_value(value: Any) -> Any:
    """A JSON value as a browser would have posted it to the form."""
    if value is None:
        return ""
    if isinstance(value, bool | list):
        return value
    return str(value)


def _prepare(form: forms.Form) -> forms.Form:
    # Ids are mapped and checked by the import itself (each must be one of the
    # file's own records): the form's choice of the person's records, with a query
    # per row, is not asked again.
    for name, field in list(form.fields.items()):
        if isinstance(field, forms.ModelChoiceField):
            form.fields[name] = forms.Field(required=False)
    return form


def form_errors(form: forms.Form, values: dict[str, Any]) -> dict[str, list[str]]:
    """Run the form's own checks (each field, its `clean_<field>` hooks and its
    `clean()`) on `values`, without saving or asking the database for the
    model's constraints. The same form is reused for every row of a kind."""
    form.data = {name: _form_value(values[name]) for name in form.fields if name in values}
    form.is_bound = True
    form._errors = ErrorDict()
    form.cleaned_data = {}
    form._bound_fields_cache.clear()
    form.__dict__.pop("changed_data", None)
    form._clean_fields()
    form._clean_form()
    return {
        name: list(messages)
        for name, messages in form._errors.items()
        if name in values or name == NON_FIELD_ERRORS
    }


class RowChecker:
    """Checks the records of one kind with its page form and its model's rules."""

    def __init__(self, *, owned: OwnedModel, user):
        factory = PAGE_FORMS.get(owned.label)
        self.form = _prepare(factory(user)) if factory else None
        self.relations = [f.name for f in owned.model._meta.concrete_fields if f.is_relation]

    def check(self, obj: models.Model, row: dict[str, Any], *, where: str) -> None:
        problems: dict[str, list[str]] = {}
        if self.form is not None:
            problems = form_errors(self.form, row)
        try:
            obj.clean_fields(exclude=self.relations)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                problems.setdefault(name, []).extend(
                    m for m in messages if m not in problems.get(name, [])
                )
        if problems:
            raise ImportRefused(f"{where} is not valid: {_describe(obj, problems)}")


def _describe(obj: models.Model, problems: dict[str, list[str]]) -> str:
    parts = []
    for name, messages in problems.items():
        if name == NON_FIELD_ERRORS:
            parts.append(" ".join(messages))
            continue
        try:
            label = obj._meta.get_field(name).verbose_name
        except Exception:  # noqa: BLE001 (a form-only field keeps its own name)
            label = name
        parts.append(f"{label}: {' '.join(messages)}")
    return "; ".join(parts)


def account_settings(*, user, account: dict[str, Any]) -> dict[str, Any]:
    """The settings in the file, checked by the Settings page's form."""
    from .services import ACCOUNT_FIELDS

    given = {name: account[name] for name in ACCOUNT_FIELDS if name in account}
    user_model = get_user_model()
    for name, value in given.items():
        check_type(user_model._meta.get_field(name), value, where="Your settings in the file")
    form = SettingsForm(instance=user)
    current = {name: form.initial.get(name) for name in ACCOUNT_FIELDS}
    errors = form_errors(form, current | given)
    errors = {name: messages for name, messages in errors.items() if name in given}
    if errors:
        name, messages = next(iter(errors.items()))
        label = user_model._meta.get_field(name).verbose_name
        raise ImportRefused(
            f"Your setting “{label}” in the file is not valid: {' '.join(messages)}"
        )
    return {name: form.cleaned_data[name] for name in given}
