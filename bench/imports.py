"""Rows per second for the CSV import and the JSON import, measured in-process.

    .venv/bin/python bench/imports.py                    # on the bench database
    DATABASE_URL=postgres://... .venv/bin/python bench/imports.py --csv-rows 2000 --json-records 5000
    .venv/bin/python bench/imports.py --json             # one JSON object, for scripts

Or from Python (bench/run.py, a notebook), before or without Django being set up:

    from bench.imports import measure_imports
    figures = measure_imports(database_url="postgres://...", csv_rows=2000, json_records=5000)

Each import runs the way its page runs it, without the HTTP around it: the CSV
file is read and checked (the preview), then checked again and saved (the
confirm); the JSON file is parsed, checked and saved. The people it creates are
deleted afterwards. The defaults are the documented limits: 2,000 CSV rows with a
History column, and an export of about 5,000 records.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/rebound_bench"
STEPS = ("Applied", "Screening", "Interviewing", "Rejected")


def _setup(database_url: str | None) -> None:
    from django.conf import settings

    if settings.configured:
        return
    os.environ["DATABASE_URL"] = database_url or os.environ.get("DATABASE_URL", DEFAULT_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("DEBUG", "false")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def csv_file(rows: int) -> bytes:
    """A spreadsheet of `rows` applications at 300 companies, each with four steps
    of history, as Rebound's own export writes it."""
    lines = ["Company,Job title,Status,Date applied,Location,Salary,Source,Notes,History"]
    for n in range(rows):
        day = date(2026, 1, 5) + timedelta(days=n % 240)
        history = "; ".join(
            f"{(day + timedelta(days=7 * step)).isoformat()} {status}"
            for step, status in enumerate(STEPS)
        )
        lines.append(
            f"Bench company {n % 300},Bench role {n},Rejected,{day.isoformat()},Leeds,"
            f'£40k-£50k,LinkedIn,"Notes about role {n}, with a comma","{history}"'
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def _person(prefix: str):
    from accounts.models import User

    return User.objects.create_user(
        email=f"{prefix}-{secrets.token_hex(6)}@bench.example", password=None
    )


def _import_csv(owner, raw: bytes) -> dict:
    from django.utils import timezone

    from applications import csv_checks, csv_io
    from applications.services import ImportedApplication, applications_import

    with timezone.override(owner.zone):
        started = time.perf_counter()
        parsed = csv_io.parse_csv_bytes(raw)
        read = time.perf_counter()
        results = csv_checks.check_rows(owner, parsed.rows)
        checked = time.perf_counter()
        saved = applications_import(
            owner=owner,
            items=[ImportedApplication(r.values, r.history) for r in results if r.will_import],
            key=secrets.token_urlsafe(16),
        )
        done = time.perf_counter()
    rows = len(parsed.rows)
    assert saved.added == rows, (saved.added, rows)
    return {
        "rows": rows,
        "read_seconds": round(read - started, 3),
        "check_seconds": round(checked - read, 3),
        "save_seconds": round(done - checked, 3),
        # The confirm request checks the rows again, then saves them.
        "confirm_rows_per_second": round(rows / (done - read)),
        "rows_per_second": round(rows / (done - started)),
    }


def _import_json(raw: bytes) -> dict:
    from portability.services import data_import, parse_export

    newcomer = _person("bench-json-to")
    try:
        started = time.perf_counter()
        summary = data_import(user=newcomer, data=parse_export(raw))
        done = time.perf_counter()
    finally:
        newcomer.delete()
    return {
        "records": summary.total,
        "seconds": round(done - started, 3),
        "records_per_second": round(summary.total / (done - started)),
    }


def measure_imports(
    *, database_url: str | None = None, csv_rows: int = 2000, json_records: int = 5000
) -> dict:
    """Import a CSV file of `csv_rows` rows and an export of about `json_records`
    records; return the timings and rows per second of each."""
    _setup(database_url)
    from portability.services import data_export_json

    figures = {}
    person = _person("bench-csv")
    try:
        figures["csv"] = _import_csv(person, csv_file(csv_rows))
    finally:
        person.delete()
    # An application with four steps is five records; its companies make the rest.
    source = _person("bench-json-from")
    try:
        _import_csv(source, csv_file(max(1, (json_records - 300) // 5)))
        raw = data_export_json(user=source)
    finally:
        source.delete()
    figures["json"] = _import_json(raw)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=None, help=f"default: $DATABASE_URL or {DEFAULT_DB}"
    )
    parser.add_argument("--csv-rows", type=int, default=2000)
    parser.add_argument("--json-records", type=int, default=5000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures = measure_imports(
        database_url=args.database_url, csv_rows=args.csv_rows, json_records=args.json_records
    )
    if args.json:
        print(json.dumps(figures))
        return
    c, j = figures["csv"], figures["json"]
    print(
        f"CSV import, {c['rows']:,} rows with history: {c['rows_per_second']:,} rows/s "
        f"(read {c['read_seconds']} s, check {c['check_seconds']} s, save {c['save_seconds']} s; "
        f"the confirm request: {c['confirm_rows_per_second']:,} rows/s)"
    )
    print(
        f"JSON import, {j['records']:,} records: {j['records_per_second']:,} records/s "
        f"({j['seconds']} s)"
    )


if __name__ == "__main__":
    main()
