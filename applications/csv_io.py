"""Reading and writing applications as CSV files.

Export: one row per application with its whole status history in one column,
so each line is a complete record (what a benefits office or an adviser asks
for). Import, in three steps: this module reads a file into rows of cells
(that export, and the usual columns of spreadsheets and other trackers);
`csv_checks` checks each row with the application form; and
`services.applications_import` saves them, all or nothing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import batched

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from accounts.changes import Source

from .models import Application, Company, Status, StatusChange

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# A cell may be as long as the file allows (long notes, a pasted job description):
# Python's csv module stops at 131,072 characters unless told otherwise.
csv.field_size_limit(max(csv.field_size_limit(), MAX_UPLOAD_BYTES))

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXPORT_HEADERS = [
    "Company",
    "Job title",
    "Status",
    "Date applied",
    "Job URL",
    "Location",
    "Work mode",
    "Salary from",
    "Salary to",
    "Currency",
    "Source",
    "Notes",
    "History",
]

# Column names we recognise, in any letter case, for each field.
COLUMN_ALIASES = {
    "company": ["company", "company name", "employer", "organisation", "organization"],
    "title": ["job title", "title", "position", "role", "job", "job position", "position title"],
    "status": ["status", "stage", "application status"],
    "date_applied": [
        "date applied",
        "applied",
        "applied on",
        "applied date",
        "application date",
        "date",
    ],
    "posting_url": ["job url", "url", "link", "job link", "posting url", "job posting link"],
    "location": ["location", "city", "place"],
    "work_mode": ["work mode", "remote/hybrid", "working pattern"],
    "salary": ["salary", "salary range", "pay", "compensation"],
    "salary_min": ["salary from", "salary min", "min salary", "minimum salary"],
    "salary_max": ["salary to", "salary max", "max salary", "maximum salary"],
    "salary_currency": ["currency", "salary currency"],
    "source": ["source", "found via", "where found"],
    "notes": ["notes", "note", "comments", "comment"],
    "history": ["history", "status history"],
}
ALIAS_TO_FIELD = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says what to do."""


# Writing ---------------------------------------------------------------------


def neutralise(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo `neutralise`, so our own export reads back unchanged."""
    if len(value) > 1 and value[0] == "'" and value.startswith(FORMULA_STARTS, 1):
        return value[1:]
    return value


# What each exported row is read from, in the order of EXPORT_HEADERS (History aside).
EXPORT_FIELDS = (
    "pk",
    "company_name",
    "title",
    "status",
    "date_applied",
    "posting_url",
    "location",
    "work_mode",
    "salary_min",
    "salary_max",
    "salary_currency",
    "source",
    "notes",
)
_FORMULA_FIRST = frozenset(FORMULA_STARTS)


# Rows read, and their histories fetched, at a time: the export's memory stays
# the same for 30 or 3,000 applications.
EXPORT_CHUNK_ROWS = 500


def _histories(application_ids: list[int], tz) -> dict[int, str]:
    """Each application's status history as one cell, "2026-01-05 Applied; ...",
    dated in `tz`, from one query."""
    labels = dict(Status.choices)
    steps: dict[int, list[str]] = {}
    changes = (
        StatusChange.objects.filter(application_id__in=application_ids)
        .order_by("application_id", "changed_at", "pk")
        .values_list("application_id", "changed_at", "to_status")
    )
    for application_id, changed_at, to_status in changes:
        step = f"{changed_at.astimezone(tz).date().isoformat()} {labels.get(to_status, to_status)}"
        steps.setdefault(application_id, []).append(step)
    return {application_id: "; ".join(texts) for application_id, texts in steps.items()}


def export_rows(applications: QuerySet[Application], tz) -> Iterator[list[str]]:
    """The header, then one row per application in the queryset's order, each
    cell neutralised. Read `EXPORT_CHUNK_ROWS` at a time: one query for the
    applications and one for each chunk's histories."""
    yield EXPORT_HEADERS
    statuses = dict(Status.choices)
    work_modes = dict(Application.WorkMode.choices)
    sources = dict(Application.Source.choices)
    formula_first = _FORMULA_FIRST
    rows = (
        applications.with_company_name()
        .values_list(*EXPORT_FIELDS)
        .iterator(chunk_size=EXPORT_CHUNK_ROWS)
    )
    for chunk in batched(rows, EXPORT_CHUNK_ROWS, strict=False):
        histories = _histories([row[0] for row in chunk], tz)
        for (
            pk,
            company,
            title,
            status,
            date_applied,
            posting_url,
            location,
            work_mode,
            salary_min,
            salary_max,
            currency,
            source,
            notes,
        ) in chunk:
            cells = [
                company,
                title,
                statuses.get(status, status),
                date_applied.isoformat() if date_applied else "",
                posting_url,
                location,
                work_modes.get(work_mode, work_mode) if work_mode else "",
                "" if salary_min is None else str(salary_min),
                "" if salary_max is None else str(salary_max),
                currency if salary_min is not None or salary_max is not None else "",
                sources.get(source, source) if source else "",
                notes,
                histories.get(pk, ""),
            ]
            # As `neutralise`, inlined: this runs for every cell of a long export.
            yield ["'" + cell if cell and cell[0] in formula_first else cell for cell in cells]


def export_sources() -> list[Source]:
    """What the export is worked out from, for its ETag (`accounts.changes`)."""
    return [
        lambda person: Application.objects.filter(owner=person),
        lambda person: Company.objects.filter(owner=person),
        lambda person: StatusChange.objects.filter(application__owner=person),
    ]


def export_chunks(applications: QuerySet[Application], tz) -> Iterator[str]:
    """The CSV file for `applications` (a queryset, in the order wanted), as
    pieces of text to stream, `EXPORT_CHUNK_ROWS` rows each."""
    buffer = io.StringIO()
    # The byte order mark tells Excel the file is UTF-8, so "£" and accents survive.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for rows in batched(export_rows(applications, tz), EXPORT_CHUNK_ROWS, strict=False):
        writer.writerows(rows)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


# Reading the file ----------------------------------------------------------------


def normalise_header(header: str) -> str:
    text = restore((header or "").strip().lstrip("\ufeff")).lower()
    text = re.sub(r"[_\s]+", " ", text).strip(" :*")
    return text


@dataclass
class ParsedFile:
    rows: list[dict]
    ignored_columns: list[str]

    def to_session(self) -> dict:
        return {"rows": self.rows, "ignored_columns": self.ignored_columns}


def read_upload(upload) -> ParsedFile:
    """Turn an uploaded file into rows keyed by field name, or raise ImportFileError."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            "This file is larger than 2 MB. Split it into smaller files and import them one by one."
        )
    raw = upload.read(MAX_UPLOAD_BYTES + 1)
    return parse_csv_bytes(raw)


def parse_csv_bytes(raw: bytes) -> ParsedFile:
    if len(raw) > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            "This file is larger than 2 MB. Split it into smaller files and import them one by one."
        )
    if not raw.strip():
        raise ImportFileError(
            "The file is empty. Choose a CSV file with column names in the first row and one "
            "application per row."
        )
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ImportFileError(
            "This is a spreadsheet workbook, not a CSV file. In your spreadsheet choose "
            "File, then Save as or Download, then CSV, and upload that file."
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(raw, "utf-16")
    else:
        if b"\x00" in raw:
            raise ImportFileError(
                "This does not look like a CSV file. Choose a CSV file (it ends in .csv)."
            )
        text = _decode(raw, "utf-8-sig")

    delimiter = _delimiter(text)
    try:
        # newline="": lines may end in CR LF (Windows), LF, or CR alone (Excel's
        # "CSV (Macintosh)"); the csv module tells them apart from line breaks in cells.
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        table = [row for row in reader if any(row)]
    except csv.Error as exc:
        raise ImportFileError(
            "This file could not be read as CSV. Save it again as CSV from your spreadsheet."
        ) from exc
    if not table:
        raise ImportFileError("The file is empty. Choose a CSV file with your applications.")

    header, body = table[0], table[1:]
    columns: dict[int, str] = {}
    ignored = []
    for index, name in enumerate(header):
        key = ALIAS_TO_FIELD.get(normalise_header(name))
        if key and key not in columns.values():
            columns[index] = key
        elif name.strip():
            ignored.append(name.strip())
    missing = [
        label
        for key, label in [("company", "Company"), ("title", "Job title")]
        if key not in columns.values()
    ]
    if missing:
        raise ImportFileError(
            f"The first row must hold the column names, and we could not find a column for "
            f"{' or '.join(missing)}. Name the columns, for example: Company, Job title, Status, "
            f"Date applied."
        )
    if not body:
        raise ImportFileError(
            "The file has column names but no applications under them. Add one row per "
            "application and upload it again."
        )
    if len(body) > MAX_ROWS:
        raise ImportFileError(
            f"This file has {len(body):,} applications; Rebound imports up to {MAX_ROWS:,} at a "
            f"time. Split it into smaller files and import them one by one."
        )
    rows = []
    # Line numbers as a spreadsheet shows them: the header is line 1.
    for line, cells in enumerate(body, start=2):
        row = {"line": line}
        for index, key in columns.items():
            row[key] = restore(cells[index].strip()) if index < len(cells) else ""
        rows.append(row)
    return ParsedFile(rows=rows, ignored_columns=ignored)


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab some spreadsheets use, judged from the header
    row alone: cells below it (a History column, notes) may hold any of them."""
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] > counts[","] else ","


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "This file is not saved as UTF-8, so some letters could not be read. In your "
            "spreadsheet save it as CSV UTF-8 and upload it again."
        ) from exc


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "One application per row, with column names in the first row. Up to 2 MB or "
            f"{MAX_ROWS:,} rows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Choose a CSV file to import.",
            "empty": "The file is empty. Choose a CSV file with your applications.",
        },
    )

    parsed: ParsedFile | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.parsed = read_upload(upload)
        except ImportFileError as exc:
            raise ValidationError(str(exc), code="unreadable") from exc
        return upload
