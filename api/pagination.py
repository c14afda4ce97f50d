"""Keyset pagination for the API's lists: the cursor holds the ordering values of
the last row sent (the id always among them), so the next page starts right after
that row. Rows added or removed meanwhile never shift a page, as an offset would.

The ordering is a list of field names as `ApplicationQuerySet.sorted_by` takes
them ("-" for descending), where empty values sort last both ways."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core import signing
from django.db.models import F, Q, QuerySet
from django.utils.dateparse import parse_date, parse_datetime

_SALT = "api.keyset.cursor"


class BadCursor(ValueError):
    pass


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "t" in value:
            return parse_datetime(value["t"])
        if "d" in value:
            return parse_date(value["d"])
        raise BadCursor
    return value


def _value(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, dict) else getattr(row, name)


def ordered(rows: QuerySet, ordering: list[str]) -> QuerySet:
    """`rows` in `ordering`, empty values last both ways (as `after_cursor` expects)."""
    return rows.order_by(
        *[
            F(name[1:]).desc(nulls_last=True)
            if name.startswith("-")
            else F(name).asc(nulls_last=True)
            for name in ordering
        ]
    )


def keyset_page(
    rows: QuerySet, *, ordering: list[str], sort: str, cursor: str, limit: int
) -> tuple[list[Any], str | None]:
    """One page of `rows` (ordered by `ordering`) after the cursor's row, and the
    cursor of the next page (None on the last)."""
    if cursor:
        rows = after_cursor(rows, cursor, ordering=ordering, sort=sort)
    page = list(rows[: limit + 1])
    if len(page) <= limit:
        return page, None
    return page[:limit], cursor_for(page[limit - 1], ordering=ordering, sort=sort)


def cursor_for(row: Any, *, ordering: list[str], sort: str) -> str:
    """An opaque, signed cursor for the row after `row` (a dict or a model
    instance) in `ordering`."""
    values = [_encode(_value(row, name.lstrip("-"))) for name in ordering]
    return signing.dumps({"sort": sort, "after": values}, salt=_SALT)


def after_cursor(rows: QuerySet, cursor: str, *, ordering: list[str], sort: str) -> QuerySet:
    """`rows` (ordered by `ordering`) from the row after the cursor's on. A cursor
    that was tampered with or made for another sort is `BadCursor`."""
    try:
        data = signing.loads(cursor, salt=_SALT)
        values = [_decode(v) for v in data["after"]]
        if data["sort"] != sort or len(values) != len(ordering):
            raise BadCursor
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise BadCursor from None
    return rows.filter(_after(ordering, values))


def _after(ordering: list[str], values: list[Any]) -> Q:
    """Rows strictly after `values`: equal on the first fields, then further on
    the next one. Empty values come last, and are equal to each other."""
    after = Q(pk__in=[])  # nothing
    equal_so_far = Q()
    for name, value in zip(ordering, values, strict=True):
        field = name.lstrip("-")
        if value is None:
            further = Q(pk__in=[])  # nothing sorts after an empty value
            same = Q(**{f"{field}__isnull": True})
        else:
            lookup = "lt" if name.startswith("-") else "gt"
            further = Q(**{f"{field}__{lookup}": value}) | Q(**{f"{field}__isnull": True})
            same = Q(**{field: value})
        after |= equal_so_far & further
        equal_so_far &= same
    return after
