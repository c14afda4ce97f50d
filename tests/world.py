"""A "world": one person's rows in every owned model, each text field holding a
unique marker string, built from tests/factories.py.

The owned models are found by `accounts.ownership.owned_models()` (every
model of Rebound's apps with a chain of foreign keys to the user), so a model
added later is part of the world the day it appears; a model without a factory
makes the world fail to build, with a message saying which factory to add.

Used by the access test (another person must never see a marker), the hostile
input test and the export/import round trip.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, models, transaction

from accounts.ownership import OwnedModel, owned_models
from tests import factories

# Text fields that hold structured values rather than the person's words: a
# marker there would not be valid input (a time zone name, a currency code,
# the key of a shipped question, which is unique across everyone).
NOT_FREE_TEXT = ("time_zone", "currency", "token", "key")

# Ids of each person's world start here, one block per model, so that an id
# guessed for the wrong model does not exist (the access test relies on it).
PK_BLOCK = 1000


@dataclass
class World:
    person: models.Model
    tag: str
    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)
    markers: list[str] = field(default_factory=list)
    trashed_application: models.Model | None = None

    def first(self, model: type[models.Model]) -> models.Model | None:
        found = self.rows.get(model) or []
        return found[0] if found else None

    def pks(self, model: type[models.Model]) -> set[int]:
        return {obj.pk for obj in self.rows.get(model, [])}

    def leaked_markers(self, text: str) -> list[str]:
        lowered = text.lower()
        found = [m for m in self.markers if m in lowered]
        if self.person.email.lower() in lowered:
            found.append(self.person.email)
        return found


def factory_for(model: type[models.Model]):
    return getattr(factories, f"{model.__name__}Factory", None)


def missing_factories() -> list[str]:
    return [o.model._meta.label for o in owned_models() if factory_for(o.model) is None]


def _fks(model) -> list[models.ForeignKey]:
    return [
        f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)
    ]


def _create(owned: OwnedModel, world: World, pk: int) -> models.Model:
    user_model = get_user_model()
    model = owned.model
    required: dict = {"pk": pk}
    optional: dict = {}
    for f in _fks(model):
        if f.related_model is user_model:
            required[f.name] = world.person
            continue
        target = world.first(f.related_model)
        if target is None:
            continue
        (optional if f.null else required)[f.name] = target
    factory_cls = factory_for(model)
    # Linking the optional keys too makes a richer world (a plan tied to its
    # application); a check constraint may forbid a combination, then without.
    attempts = [required | optional]
    attempts += [required | {k: v for k, v in optional.items() if k != skip} for skip in optional]
    attempts += [required]
    for attempt in attempts:
        try:
            with transaction.atomic():
                return factory_cls(**attempt)
        except IntegrityError:
            continue
    raise AssertionError(f"{factory_cls.__name__} could not build a row for {model._meta.label}")


def _free_text_fields(model) -> list[models.Field]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and not f.primary_key
        and not any(part in f.name for part in NOT_FREE_TEXT)
        and (f.max_length is None or f.max_length >= 24)
    ]


def _marker_value(f: models.Field, marker: str) -> str:
    if isinstance(f, models.EmailField):
        return f"{marker}@example.com"
    if isinstance(f, models.URLField):
        return f"https://example.com/{marker}"
    return marker


def _mark_all_rows(world: World) -> None:
    counter = 0
    for owned in owned_models():
        text_fields = _free_text_fields(owned.model)
        if not text_fields:
            continue
        for pk in owned.rows_of(world.person).values_list("pk", flat=True):
            values = {}
            for f in text_fields:
                counter += 1
                marker = f"{world.tag}{counter:04d}mk"
                world.markers.append(marker)
                values[f.attname] = _marker_value(f, marker)
            owned.model._default_manager.filter(pk=pk).update(**values)
    world.person.name = f"{world.tag}0000mk"
    world.markers.append(world.person.name)
    world.person.save(update_fields=["name"])


def _ids_above_explicit_ones(floor: int) -> None:
    """PostgreSQL's id sequences are not rolled back with a test's transaction, so
    after many tests a row made without an explicit id (the trashed application,
    a factory's related row) could be given one of the explicit ids below. Move
    every sequence past them first."""
    if connection.vendor != "postgresql":
        return  # SQLite numbers new rows after the largest id in the table.
    with connection.cursor() as cursor:
        for owned in owned_models():
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)", [owned.model._meta.db_table, "id"]
            )
            (sequence,) = cursor.fetchone()
            if sequence:
                cursor.execute(
                    f"SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM {sequence})))",  # noqa: S608
                    [sequence, floor],
                )


def build_world(person, *, tag: str, pk_offset: int = 0) -> World:
    """Rows for `person` in every owned model, every free text a marker.

    `tag` starts every marker (lowercase letters, e.g. "qzxa"); `pk_offset`
    keeps two people's explicit ids apart.
    """
    missing = missing_factories()
    assert not missing, (
        f"Add a factory to tests/factories.py for each owned model: {', '.join(missing)}"
    )
    world = World(person=person, tag=tag)
    _ids_above_explicit_ones(PK_BLOCK * (len(owned_models()) + 2))
    for index, owned in enumerate(owned_models()):
        pk = PK_BLOCK * (index + 1) + pk_offset
        world.rows[owned.model] = [_create(owned, world, pk)]
    # Many-to-many links between the person's own rows (contacts of an
    # application, interviewers, questions a story answers).
    for owned in owned_models():
        for m2m in owned.model._meta.many_to_many:
            if not m2m.remote_field.through._meta.auto_created:
                continue
            target = world.first(m2m.related_model)
            if target is not None:
                getattr(world.first(owned.model), m2m.name).add(target)
    # A second application, in the trash, with an interview under it.
    application_model = next(o.model for o in owned_models() if o.label.endswith(".application"))
    trashed = factories.ApplicationFactory(
        owner=person,
        company=world.first(application_model._meta.get_field("company").related_model),
    )
    factories.InterviewFactory(application=trashed)
    from applications.trash import application_trash

    application_trash(application=trashed)
    world.trashed_application = trashed
    _mark_all_rows(world)
    for objs in world.rows.values():
        for obj in objs:
            obj.refresh_from_db()
    world.person.refresh_from_db()
    return world


# Snapshots: nothing of a person changes when someone else acts.


def _row_digest(values: dict) -> str:
    return hashlib.sha256(
        repr(sorted((k, repr(v)) for k, v in values.items())).encode()
    ).hexdigest()


def snapshot(person) -> dict[str, dict]:
    """Every row the person owns (all columns, many-to-many links) and their account."""
    result: dict[str, dict] = {}
    for owned in owned_models():
        names = [f.attname for f in owned.model._meta.concrete_fields]
        rows = {
            values["id"] if "id" in values else repr(values): _row_digest(values)
            for values in owned.rows_of(person).values(*names)
        }
        for m2m in owned.model._meta.many_to_many:
            links = sorted(
                owned.rows_of(person)
                .values_list("pk", f"{m2m.name}__pk")
                .exclude(**{f"{m2m.name}__pk__isnull": True})
            )
            rows[f"m2m:{m2m.name}"] = _row_digest({"links": links})
        result[owned.label] = rows
    user_model = get_user_model()
    account = user_model._default_manager.filter(pk=person.pk).values().get()
    account.pop("last_login", None)
    result["account"] = {"row": _row_digest(account)}
    return result


def foreign_references(person) -> list[str]:
    """Rows of `person` that point at a row owned by someone else (should be none)."""
    by_model = {o.model: o for o in owned_models()}
    problems = []
    for owned in owned_models():
        own_rows = owned.rows_of(person)
        for f in _fks(owned.model):
            target = by_model.get(f.related_model)
            if target is None:
                continue
            bad = (
                own_rows.exclude(**{f"{f.name}__isnull": True})
                .exclude(**{f"{f.name}__{target.owner_path}": person})
                .exclude(**{f"{f.name}__{target.owner_path}__isnull": True})
            )
            problems += [
                f"{owned.label}.{f.name} of row {pk}" for pk in bad.values_list("pk", flat=True)
            ]
        for m2m in owned.model._meta.many_to_many:
            target = by_model.get(m2m.related_model)
            if target is None:
                continue
            through = m2m.remote_field.through
            source_name = m2m.m2m_field_name()
            target_name = m2m.m2m_reverse_field_name()
            bad = (
                through._default_manager.filter(**{f"{source_name}__{owned.owner_path}": person})
                .exclude(**{f"{target_name}__{target.owner_path}": person})
                .exclude(**{f"{target_name}__{target.owner_path}__isnull": True})
            )
            problems += [
                f"{owned.label}.{m2m.name} link {pk}" for pk in bad.values_list("pk", flat=True)
            ]
    return problems
