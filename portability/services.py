"""The person's data is theirs: everything they own, out as one JSON file and
back into an empty account exactly as it was.

The models come from `accounts.ownership`, so a model added later is
exported and imported without changes here. Ids in the file are the ids the
rows had; on import they are mapped to new ids, so the file can be loaded into
any empty account on any Rebound installation of the same version.
"""

from __future__ import annotations

import base64
import binascii
import csv
import datetime as dt
import decimal
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts import registry
from accounts.ownership import OwnedModel, owned_models

from . import validation
from .validation import ImportRefused

FORMAT = "rebound-export"
VERSION = 1

# The person's own settings travel with their data. Everything else on the
# account (sign-in details, tokens, flags) stays with the account. A test fails
# when a new field of the user model is in neither list.
ACCOUNT_FIELDS = ("name", "time_zone", "no_response_days", "transcribe_on_server")
ACCOUNT_FIELDS_KEPT_WITH_THE_ACCOUNT = (
    "id",
    "password",
    "last_login",
    "is_superuser",
    "is_staff",
    "is_active",
    "date_joined",
    "email",
    "calendar_token",
)


@dataclass
class ImportSummary:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# Export


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return value


def _exported_fields(owned: OwnedModel) -> list[models.Field]:
    return [
        f
        for f in owned.model._meta.concrete_fields
        if not f.primary_key and f is not owned.direct_owner_field
    ]


def _exported_m2m(owned: OwnedModel) -> list[models.ManyToManyField]:
    # A many-to-many with its own "through" model is exported as that model.
    return [f for f in owned.model._meta.many_to_many if f.remote_field.through._meta.auto_created]


def _is_other_account(f: models.Field) -> bool:
    """A key to an account that is not the owner's (the coach who took up an
    invitation): that account is someone else's, so it is exported empty and
    an import leaves it empty; the invitation then waits for its address again."""
    return f.is_relation and f.related_model is get_user_model()


def _file_content(field_file) -> dict[str, Any]:
    """An uploaded file travels inside the export, as base64: the stored name is
    this installation's business, the content is the person's."""
    if not field_file:
        return {"content_base64": None}
    with field_file.open("rb") as handle:
        return {"content_base64": base64.b64encode(handle.read()).decode("ascii")}


def data_export(*, user) -> dict[str, Any]:
    """Everything the person owns, as plain JSON-ready data."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {"email": user.email}
        | {name: _jsonable(getattr(user, name)) for name in ACCOUNT_FIELDS},
        "models": {},
    }
    for owned in owned_models():
        fields = _exported_fields(owned)
        m2m = _exported_m2m(owned)
        queryset = owned.rows_of(user).order_by("pk")
        if m2m:
            queryset = queryset.prefetch_related(*(f.name for f in m2m))
        rows = []
        for obj in queryset:
            row = {"id": obj.pk}
            for f in fields:
                if isinstance(f, models.FileField):
                    row[f.name] = _file_content(getattr(obj, f.name))
                    continue
                row[f.name] = None if _is_other_account(f) else _jsonable(f.value_from_object(obj))
            for f in m2m:
                row[f.name] = sorted(o.pk for o in getattr(obj, f.name).all())
            rows.append(row)
        data["models"][owned.label] = rows
    return data


def data_export_json(*, user) -> bytes:
    return json.dumps(data_export(user=user), ensure_ascii=False, indent=1).encode()


def _csv_cell(value: Any) -> Any:
    """Spreadsheets run cells that start with these characters as formulas."""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def data_export_csv_zip(*, user) -> bytes:
    """One CSV file per kind of record, in a zip, for spreadsheets."""
    data = data_export(user=user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, rows in data["models"].items():
            owned = next(o for o in owned_models() if o.label == label)
            header = ["id"] + [f.name for f in _exported_fields(owned)]
            header += [f.name for f in _exported_m2m(owned)]
            file_fields = [
                f.name for f in _exported_fields(owned) if isinstance(f, models.FileField)
            ]
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(header)
            for row in rows:
                for name in file_fields:
                    # The file itself goes next to the CSV; the cell names it.
                    content = (row.get(name) or {}).get("content_base64")
                    path = f"files/{label.replace('.', '-')}-{row['id']}-{name}"
                    if content is not None:
                        archive.writestr(path, base64.b64decode(content))
                    row = {**row, name: path if content is not None else ""}
                writer.writerow([_csv_cell(row.get(name)) for name in header])
            archive.writestr(f"{label.replace('.', '-')}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()


# Import


def owned_row_count(*, user) -> int:
    return sum(owned.rows_of(user).count() for owned in owned_models())


def _check_text(value: Any, where: str) -> None:
    if isinstance(value, str) and "\x00" in value:
        raise ImportRefused(
            f"{where} contains a NUL character, which cannot be stored. "
            "Remove it from the file and try again."
        )
    if isinstance(value, list):
        for item in value:
            _check_text(item, where)
    if isinstance(value, dict):
        for key, item in value.items():
            _check_text(key, where)
            _check_text(item, where)


def _describe(owned: OwnedModel, row_id: Any) -> str:
    return f"{owned.model._meta.verbose_name.capitalize()} {row_id} in the file"


def parse_export(raw: bytes) -> dict[str, Any]:
    """Read and check the outline of an export file."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRefused(
            "This file could not be read as a Rebound export. Choose the .json file "
            "that Rebound's export gave you."
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused(
            "This file is not a Rebound export. Choose the .json file that Rebound's export "
            "gave you."
        )
    if data.get("version") != VERSION:
        raise ImportRefused(
            f"This export was made by another version of Rebound (format {data.get('version')!r}); "
            f"this one reads format {VERSION}."
        )
    if not isinstance(data.get("models"), dict) or not isinstance(data.get("account", {}), dict):
        raise ImportRefused("This export file is incomplete. Export your data again and retry.")
    known = {o.label for o in owned_models()}
    unknown = sorted(set(data["models"]) - known)
    if unknown:
        raise ImportRefused(
            "This export holds kinds of records this version of Rebound does not know "
            f"({', '.join(unknown)}). Import it into the version it came from."
        )
    for label, rows in data["models"].items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) and "id" in r for r in rows):
            raise ImportRefused(f"The {label} part of this file is damaged. Export it again.")
        ids = [r["id"] for r in rows]
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids) or len(
            set(ids)
        ) != len(ids):
            raise ImportRefused(
                f"The {label} part of this file has ids that are not numbers, or the same id "
                "twice. Export your data again and retry."
            )
    _check_text(data, "The file")
    return data


def data_import(*, user, data: dict[str, Any]) -> ImportSummary:
    """Create everything in `data` (from `parse_export`) for `user`, or nothing.

    Files in the export (uploaded documents) are stored as their rows are
    inserted; when the import is refused or fails, they are removed again.
    """
    stored: list[Any] = []
    try:
        return _data_import(user=user, data=data, stored=stored)
    except BaseException:
        for field_file in stored:
            if field_file._committed and field_file.name:
                default_storage.delete(field_file.name)
        raise


@transaction.atomic
def _data_import(*, user, data: dict[str, Any], stored: list[Any]) -> ImportSummary:
    """Create everything in `data` for `user`, or nothing.

    Only into an account that holds nothing yet, so an import never mixes with
    or duplicates what is there. Every value is checked first, with the form of
    the page that edits it where there is one (`portability.validation`), then
    each kind of record is inserted in one statement per batch (a 5,000-record
    file takes seconds, not minutes).
    """
    user_model = get_user_model()
    # Two imports at once into the same account would both see it empty.
    user_model.objects.select_for_update().filter(pk=user.pk).first()
    if owned_row_count(user=user):
        raise ImportRefused(
            "Your account already holds applications or notes. Import into a new, empty "
            "account, so nothing is duplicated or mixed up."
        )
    _import_account(user=user, account=data.get("account", {}))

    now = timezone.now()
    new_ids: dict[str, dict[Any, Any]] = {}
    deferred: list[tuple[models.Model, models.Field, OwnedModel, Any]] = []
    summary = ImportSummary()
    for owned in owned_models():
        rows = data["models"].get(owned.label, [])
        new_ids[owned.label] = {}
        checker = validation.RowChecker(owned=owned, user=user)
        objects = [
            _build(
                owned=owned, row=row, user=user, new_ids=new_ids, deferred=deferred, stored=stored
            )
            for row in rows
        ]
        for obj, row in zip(objects, rows, strict=True):
            checker.check(obj, row, where=_describe(owned, row["id"]))
        for adjust in registry.imported_rows:
            adjust(owned.model, objects, now)
        _insert(owned=owned, objects=objects, rows=rows)
        new_ids[owned.label] = {row["id"]: obj.pk for obj, row in zip(objects, rows, strict=True)}
        summary.counts[owned.label] = len(rows)

    fills: dict[tuple[type[models.Model], str], list[models.Model]] = {}
    for obj, f, target, old_id in deferred:
        mapped = new_ids.get(target.label, {}).get(old_id)
        if mapped is None:
            raise ImportRefused(
                f"{obj._meta.verbose_name.capitalize()} “{obj}” refers to a "
                f"{target.model._meta.verbose_name} that is not in the file. "
                "Export your data again and retry."
            )
        setattr(obj, f.attname, mapped)
        fills.setdefault((type(obj), f.attname), []).append(obj)
    for (model, attname), objects in fills.items():
        model._default_manager.bulk_update(objects, [attname], batch_size=500)

    for owned in owned_models():
        m2m = _exported_m2m(owned)
        if not m2m:
            continue
        for f in m2m:
            through = f.remote_field.through
            source_column = f.m2m_field_name() + "_id"
            target_column = f.m2m_reverse_field_name() + "_id"
            target = _owned_target(f)
            links = []
            for row in data["models"].get(owned.label, []):
                ids = row.get(f.name) or []
                source = new_ids[owned.label][row["id"]]
                for old in dict.fromkeys(ids):
                    value = _map_reference(f, target, old, new_ids, owned, row)
                    links.append(through(**{source_column: source, target_column: value}))
            through._default_manager.bulk_create(links, batch_size=1000)
    return summary


def _import_account(*, user, account: dict[str, Any]) -> None:
    """The person's own settings from the file, checked by the Settings page's form."""
    values = validation.account_settings(user=user, account=account)
    for name, value in values.items():
        setattr(user, name, value)
    user.save(update_fields=list(ACCOUNT_FIELDS))


def _insert(*, owned: OwnedModel, objects: list[models.Model], rows: list[dict]) -> None:
    """Insert one kind of record in bulk. The database still enforces its unique
    and check constraints: when one refuses, the rows are tried one by one to
    name the record and say which rule it breaks."""
    model = owned.model
    auto = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    # `bulk_create` stamps these with the current time; the file's times are the true ones.
    file_times = [{f.attname: getattr(obj, f.attname) for f in auto} for obj in objects]
    try:
        with transaction.atomic():
            model._default_manager.bulk_create(objects, batch_size=500)
    except IntegrityError as exc:
        for obj in objects:
            obj.pk = None
        _find_refused_row(owned=owned, objects=objects, rows=rows)
        raise ImportRefused(
            f"Some {model._meta.verbose_name_plural} in the file contradict each other, so "
            "they cannot be stored. Export your data again and retry."
        ) from exc
    restore = [f for f in auto if any(times[f.attname] is not None for times in file_times)]
    if restore:
        for obj, times in zip(objects, file_times, strict=True):
            for f in restore:
                if times[f.attname] is not None:
                    setattr(obj, f.attname, times[f.attname])
        model._default_manager.bulk_update(objects, [f.attname for f in restore], batch_size=500)


def _find_refused_row(*, owned: OwnedModel, objects: list[models.Model], rows: list[dict]):
    """Raise ImportRefused for the first row the database refuses."""
    with transaction.atomic():
        for obj, row in zip(objects, rows, strict=True):
            where = _describe(owned, row["id"])
            try:
                obj.full_clean(validate_unique=True, validate_constraints=True)
            except ValidationError as exc:
                raise ImportRefused(f"{where} is not valid: {_problems(exc)}") from exc
            try:
                with transaction.atomic():
                    obj.save(force_insert=True)
            except IntegrityError as exc:
                raise ImportRefused(
                    f"{where} repeats or contradicts another record in the file, so it cannot "
                    "be stored. Export your data again and retry."
                ) from exc
        # Every row went in one by one: roll them back; the caller re-raises.
        transaction.set_rollback(True)


def _problems(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())


def _owned_target(f: models.Field) -> OwnedModel | None:
    return next((o for o in owned_models() if o.model is f.related_model), None)


def _map_reference(f, target: OwnedModel | None, old_id, new_ids, owned, row):
    """The id in this installation of the record that `old_id` pointed to."""
    validation.check_reference(f, old_id, where=_describe(owned, row.get("id")))
    if target is not None and old_id in new_ids.get(target.label, {}):
        return new_ids[target.label][old_id]
    related = f.related_model
    # A record everyone shares (a question from Rebound's own bank) keeps its id,
    # if it is there and belongs to no one.
    shared = related._default_manager.filter(pk=old_id)
    if target is not None:
        shared = shared.filter(**{f"{target.owner_path}__isnull": True})
    if shared.exists():
        return old_id
    raise ImportRefused(
        f"{_describe(owned, row.get('id'))} refers to a {related._meta.verbose_name} "
        "that is not in the file. Export your data again and retry."
    )


def _build(*, owned: OwnedModel, row: dict, user, new_ids, deferred, stored) -> models.Model:
    """The record of `row`, not saved yet, its references mapped to new ids."""
    model = owned.model
    obj = model()
    where = _describe(owned, row["id"])
    known = {f.name for f in _exported_fields(owned)} | {f.name for f in _exported_m2m(owned)}
    unknown = sorted(set(row) - known - {"id"})
    if unknown:
        raise ImportRefused(
            f"{where} has fields this version of Rebound does not know ({', '.join(unknown)})."
        )
    for f in _exported_m2m(owned):
        if f.name in row:
            validation.check_type(f, row[f.name], where=where)
    if owned.direct_owner_field is not None:
        setattr(obj, owned.direct_owner_field.attname, user.pk)
    user_model = get_user_model()
    for f in _exported_fields(owned):
        if f.name not in row:
            continue  # A field added after the export was made: its default applies.
        value = row[f.name]
        validation.check_type(f, value, where=where)
        if f.is_relation:
            if value is None:
                setattr(obj, f.attname, None)
            elif f.related_model is user_model:
                setattr(obj, f.attname, None)  # Another account: see _is_other_account.
            else:
                target = _owned_target(f)
                # A record of the same kind, or of a kind created later (a loop of
                # references): filled in once everything exists.
                not_created_yet = target is not None and (
                    target.label not in new_ids or target.model is model
                )
                if not_created_yet and f.null:
                    setattr(obj, f.attname, None)
                    deferred.append((obj, f, target, value))
                else:
                    setattr(obj, f.attname, _map_reference(f, target, value, new_ids, owned, row))
            continue
        if isinstance(f, models.FileField):
            _build_file(obj, f, value, where=where)
            stored.append(getattr(obj, f.name))
            continue
        try:
            python_value = f.to_python(value)
        except ValidationError as exc:
            raise ImportRefused(
                f"{where} is not valid: {f.verbose_name}: {' '.join(exc.messages)}"
            ) from exc
        setattr(obj, f.attname, python_value)
    return obj


def _build_file(obj: models.Model, f: models.FileField, value: dict, *, where: str) -> None:
    """The file from the export, checked by the field's own validators with the
    row; stored under a new name when the row is inserted."""
    content = value.get("content_base64")
    if content is None:
        return  # No file: the field's own check says it is required.
    try:
        data = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImportRefused(
            f"{where} is not valid: {f.verbose_name}: the file's content is damaged. "
            "Export your data again and retry."
        ) from exc
    setattr(obj, f.name, ContentFile(data, name=f"{uuid.uuid4().hex}.bin"))
