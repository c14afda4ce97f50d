"""A person's latest change, read in one query, for HTTP conditional requests.

A calendar feed or an export worked out from a person's rows stays the same as
long as none of those rows is added, changed or deleted. `latest_change`
reads, for each table such a response is built from, how many of the person's
rows there are, the highest id and, for each date-time column, how many rows
have one and the latest, all in one query, and turns them into a short tag: a
new row raises the highest id, a deleted one lowers the count, a save moves
`updated_at` (every owned model has `auto_now`), a move to the trash or a
status change moves `deleted_at` or `last_news_at`. Nothing is stored, so there is nothing to invalidate: the tag is
worked out from the rows themselves on each request.

A change that keeps all of these as they were (a raw SQL `UPDATE` of a text
column, or `QuerySet.update()` of one without `updated_at`) is not seen until
the next change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.apps import apps
from django.conf import settings
from django.db.models import (
    Count,
    DateTimeField,
    Func,
    Max,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce

# A source: given OuterRef("pk") (the person), the rows of theirs a response reads.
Source = Callable[[OuterRef], QuerySet]


def owned_sources() -> list[Source]:
    """Every table with an `owner` column pointing at the person: together they
    hold everything a person can change in Rebound."""
    sources: list[Source] = []
    for model in apps.get_models():
        field = next((f for f in model._meta.concrete_fields if f.name == "owner"), None)
        target = getattr(field, "related_model", None)
        if target is not None and target._meta.label == settings.AUTH_USER_MODEL:
            sources.append(_owned_by(model))
    return sources


def _owned_by(model: type[Model]) -> Source:
    return lambda person: model._default_manager.filter(owner=person)


class _Joined(Func):
    """Text values joined with `||`, flat: Concat nests a function per value,
    deeper than SQLite's parser allows for a table with several date-times."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()


def _summary(queryset: QuerySet) -> Subquery:
    """`count/highest id` of the rows, then for each date-time column how many
    rows have one and the latest, as one text value."""
    text = TextField()

    def latest(name: str) -> Coalesce:
        return Coalesce(Cast(Max(name), text), Value("", output_field=text))

    parts = [Cast(Count("pk"), text), Value("/", output_field=text), latest("pk")]
    # updated_at moves on a save; deleted_at, last_news_at and the like are also
    # set by `QuerySet.update()` (the trash, status changes) without updated_at.
    for field in queryset.model._meta.concrete_fields:
        if isinstance(field, DateTimeField):
            parts += [
                Value("/", output_field=text),
                Cast(Count(field.name), text),
                Value("@", output_field=text),
                latest(field.name),
            ]
    # Grouping by a constant leaves no GROUP BY: one row, whatever the count.
    summary = (
        queryset.order_by()
        .annotate(whole=Value(1))
        .values("whole")
        .annotate(summary=_Joined(*parts))
        .values("summary")
    )
    return Subquery(summary, output_field=text)


class LatestChange:
    """The person found by `lookup` (`people(value)`) and a tag of their latest
    change to the rows in `sources()`, read in one query.

    Django takes longer to compile this query (a subquery per table) than
    PostgreSQL takes to answer it, so it is compiled once per process, with a
    stand-in for the person's key, and run as raw SQL with the real one.
    `also` names the person's own fields the response depends on (their time
    zone, say), which go into the tag too.
    """

    def __init__(
        self,
        people: Callable[[object], QuerySet],
        sources: Callable[[], list[Source]],
        *,
        key: object,
        also: Iterable[str] = (),
    ):
        self.people, self.sources, self.key, self.also = people, sources, key, tuple(also)
        self._compiled: tuple[QuerySet, str, list, int, list[str]] | None = None

    def _compile(self) -> tuple[QuerySet, str, list, int, list[str]]:
        annotations = {
            f"change_{index}": _summary(source(OuterRef("pk")))
            for index, source in enumerate(self.sources())
        }
        queryset = self.people(self.key).annotate(**annotations)[:1]
        sql, params = queryset.query.sql_with_params()
        params = list(params)
        return queryset, sql, params, params.index(self.key), [*annotations, *self.also]

    def read(self, value: object) -> tuple[Model, str] | None:
        """The person and the tag; None when no one matches `value`."""
        if self._compiled is None:
            self._compiled = self._compile()
        queryset, sql, params, at, names = self._compiled
        params = [*params[:at], value, *params[at + 1 :]]
        # The statement is Django's own, compiled from the querysets above; only the
        # person's key changes. https://docs.djangoproject.com/en/6.1/topics/db/sql/
        person = next(iter(queryset.model.objects.raw(sql, params)), None)
        if person is None:
            return None
        values = [str(getattr(person, name)) for name in names]
        return person, hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]
