"""Reading and writing applications as CSV.

Export: one row per application with its whole status history in one column,
so each line is a complete record (what a benefits office or an adviser asks
for). Import: reads that export back, and the usual columns of spreadsheets
and other trackers. Nothing is saved until every row is readable.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import batched

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.changes import Source

from .models import Application, Company, Status, StatusChange
from .services import application_change_status, application_create

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000

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

STATUS_WORDS = {
    **{value: value for value in Status.values},
    **{label.lower(): value for value, label in Status.choices},
    "wishlist": Status.INTERESTED,
    "saved": Status.INTERESTED,
    "bookmarked": Status.INTERESTED,
    "to apply": Status.INTERESTED,
    "submitted": Status.APPLIED,
    "sent": Status.APPLIED,
    "screen": Status.SCREENING,
    "phone screen": Status.SCREENING,
    "interview": Status.INTERVIEWING,
    "interviewed": Status.INTERVIEWING,
    "offered": Status.OFFER,
    "hired": Status.ACCEPTED,
    "rejection": Status.REJECTED,
    "unsuccessful": Status.REJECTED,
    "withdrew": Status.WITHDRAWN,
    "ghosted": Status.NO_RESPONSE,
    "no reply": Status.NO_RESPONSE,
    "no answer": Status.NO_RESPONSE,
    "no response": Status.NO_RESPONSE,
}
SOURCE_WORDS = {
    **{value: value for value in Application.Source.values},
    **{label.lower(): value for value, label in Application.Source.choices},
    "linkedin": Application.Source.JOB_BOARD,
    "indeed": Application.Source.JOB_BOARD,
    "glassdoor": Application.Source.JOB_BOARD,
    "reed": Application.Source.JOB_BOARD,
    "totaljobs": Application.Source.JOB_BOARD,
    "job site": Application.Source.JOB_BOARD,
    "careers page": Application.Source.COMPANY_SITE,
    "company site": Application.Source.COMPANY_SITE,
    "website": Application.Source.COMPANY_SITE,
    "referred": Application.Source.REFERRAL,
    "agency": Application.Source.RECRUITER,
}
WORK_MODE_WORDS = {
    **{value: value for value in Application.WorkMode.values},
    **{label.lower(): value for value, label in Application.WorkMode.choices},
    "onsite": Application.WorkMode.ON_SITE,
    "office": Application.WorkMode.ON_SITE,
    "in office": Application.WorkMode.ON_SITE,
}
CURRENCY_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR"}
DATE_FORMATS = [
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d.%m.%Y",
    "%d-%m-%Y",
    "%Y/%m/%d",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    # Last, for files from a US spreadsheet: only used when day-first cannot work.
    "%m/%d/%Y",
]
MAX_LENGTHS = {"company": 200, "title": 200, "location": 200, "posting_url": 1000}
HISTORY_ENTRY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(.+?)\s*$")


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
    "company__name",
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
    rows = applications.values_list(*EXPORT_FIELDS).iterator(chunk_size=EXPORT_CHUNK_ROWS)
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
        table = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
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


# Reading one row -----------------------------------------------------------------


def parse_date(text: str) -> date:
    text = text.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]", text):
        text = text[:10]
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
        except ValueError:
            continue
    raise ValueError(text)


_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([kK])?")


def parse_salary(text: str) -> tuple[int | None, int | None, str]:
    """ "40000-50000", "£40k–£50k", "£40,000 to £50,000 per annum" -> (min, max, currency)."""
    currency = ""
    for symbol, code in CURRENCY_SYMBOLS.items():
        if symbol in text:
            currency = code
    code = re.search(r"\b([A-Z]{3})\b", text)
    if code:
        currency = code.group(1)
    parts = [part for part in re.split(r"\s*(?:-|–|—|\bto\b)\s*", text) if part.strip()]
    numbers = []
    for part in parts:
        match = _NUMBER.search(part)
        if match is None:
            continue
        value = float(match.group(1).replace(",", ""))
        numbers.append((value, bool(match.group(2))))
    if not numbers or len(numbers) > 2:
        raise ValueError(text)
    if len(numbers) == 2 and numbers[1][1] and not numbers[0][1] and numbers[0][0] < 1000:
        numbers[0] = (numbers[0][0], True)  # "40-50k"
    values = [round(value * 1000 if thousands else value) for value, thousands in numbers]
    low, high = (values[0], values[-1])
    if low > high or high > 2_000_000_000:
        raise ValueError(text)
    return low, high, currency


def _parse_amount(text: str) -> int:
    low, high, _currency = parse_salary(text)
    if low != high:
        raise ValueError(text)
    return low


def _parse_history(text: str) -> list[tuple[date, str]]:
    entries = []
    for chunk in text.split(";"):
        if not chunk.strip():
            continue
        match = HISTORY_ENTRY.match(chunk)
        if match is None:
            raise ValueError(chunk)
        status = STATUS_WORDS.get(match.group(2).strip().lower())
        if status is None:
            raise ValueError(chunk)
        entries.append((date.fromisoformat(match.group(1)), status))
    return entries


@dataclass
class RowResult:
    line: int
    raw: dict
    values: dict = field(default_factory=dict)
    history: list[tuple[date, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skip_reason: str = ""

    @property
    def will_import(self) -> bool:
        return not self.errors and not self.skip_reason

    @property
    def status_label(self) -> str:
        status = self.values.get("status")
        return Status(status).label if status else self.raw.get("status", "")

    def duplicate_key(self) -> tuple[str, str, date | None]:
        return (
            self.values["company"].casefold(),
            self.values["title"].casefold(),
            self.values.get("date_applied"),
        )


def check_row(raw: dict, today: date) -> RowResult:
    """Clean one row: values ready for the model, and messages that say what to fix."""
    result = RowResult(line=raw["line"], raw=raw)
    values = result.values
    notes_extra = []

    def text(key: str) -> str:
        return (raw.get(key) or "").strip()

    for key, label in [("company", "company"), ("title", "job title")]:
        if not text(key):
            result.errors.append(f"Add the {label}.")
        else:
            values[key] = text(key)
    for key, limit in MAX_LENGTHS.items():
        if len(text(key)) > limit:
            result.errors.append(f"Shorten the {key.replace('_', ' ')} to {limit} characters.")

    if text("date_applied"):
        try:
            applied = parse_date(text("date_applied"))
        except ValueError:
            result.errors.append(
                f"The date applied “{text('date_applied')}” is not a date. Write it as "
                f"2026-03-31 or 31/03/2026."
            )
        else:
            if applied > today:
                result.errors.append(
                    "The date applied is in the future. Enter a date in the past or today."
                )
            else:
                values["date_applied"] = applied

    if text("status"):
        status = STATUS_WORDS.get(re.sub(r"\s+", " ", text("status").lower()))
        if status is None:
            labels = ", ".join(label for _value, label in Status.choices)
            result.errors.append(
                f"The status “{text('status')}” is not one we know. Use one of: {labels}."
            )
        else:
            values["status"] = status
    else:
        values["status"] = Status.APPLIED if values.get("date_applied") else Status.INTERESTED

    url = text("posting_url")
    if url:
        if not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
            url = "https://" + url
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            result.errors.append(
                f"The link “{text('posting_url')}” is not a web address. Use the full address "
                f"starting with https://, or leave the cell empty."
            )
        else:
            values["posting_url"] = url

    if text("location"):
        values["location"] = text("location")

    if text("work_mode"):
        mode = WORK_MODE_WORDS.get(text("work_mode").lower())
        if mode:
            values["work_mode"] = mode
        else:
            notes_extra.append(f"Work mode: {text('work_mode')}")
            result.warnings.append("The work mode is not one we know; it is kept in the notes.")

    _check_salary(result, text, notes_extra)

    if text("source"):
        source = SOURCE_WORDS.get(text("source").lower())
        if source is None:
            values["source"] = Application.Source.OTHER
            notes_extra.append(f"Source: {text('source')}")
        else:
            values["source"] = source

    if text("history"):
        try:
            result.history = _parse_history(text("history"))
        except ValueError:
            result.warnings.append(
                "The history could not be read, so it starts with the status in this row."
            )
        else:
            if any(day > today for day, _status in result.history):
                result.history = []
                result.warnings.append(
                    "The history has dates in the future, so it starts with the status in this row."
                )

    notes = text("notes")
    if notes_extra:
        notes = "\n".join([notes, *notes_extra]).strip()
    if notes:
        values["notes"] = notes
    return result


def _check_salary(result: RowResult, text, notes_extra: list[str]) -> None:
    values = result.values
    if text("salary"):
        try:
            low, high, currency = parse_salary(text("salary"))
        except ValueError:
            notes_extra.append(f"Salary: {text('salary')}")
            result.warnings.append(
                f"The salary “{text('salary')}” is not a number or a range like 40000-50000, "
                f"so it is kept in the notes."
            )
        else:
            values["salary_min"], values["salary_max"] = low, high
            if currency:
                values["salary_currency"] = currency
    for key, label in [("salary_min", "salary from"), ("salary_max", "salary to")]:
        if text(key):
            try:
                values[key] = _parse_amount(text(key))
            except ValueError:
                result.errors.append(
                    f"The {label} “{text(key)}” is not a number. Write it like 45000."
                )
    if text("salary_currency"):
        currency = text("salary_currency").upper()
        if re.fullmatch(r"[A-Z]{3}", currency):
            values["salary_currency"] = currency
        else:
            result.errors.append("Write the currency as a three-letter code, such as GBP or EUR.")
    low, high = values.get("salary_min"), values.get("salary_max")
    if low is not None and high is not None and low > high:
        result.errors.append("The salary from is higher than the salary to. Swap them.")


def check_rows(owner, rows: list[dict], today: date | None = None) -> list[RowResult]:
    """Every row cleaned, with duplicates (in the account or earlier in the file) marked."""
    today = today or timezone.localdate()
    existing = {
        (company.casefold(), title.casefold(), applied)
        for company, title, applied in Application.objects.owned_by(owner).values_list(
            "company__name", "title", "date_applied"
        )
    }
    seen: dict[tuple, int] = {}
    results = []
    for raw in rows:
        result = check_row(raw, today)
        if not result.errors:
            key = result.duplicate_key()
            if key in existing:
                result.skip_reason = (
                    "You already have this application (same company, job title and date "
                    "applied), so it is skipped."
                )
            elif key in seen:
                result.skip_reason = f"Repeats line {seen[key]}, so it is skipped."
            else:
                seen[key] = result.line
        results.append(result)
    return results


# Saving --------------------------------------------------------------------------


def _noon(day: date, tz) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=tz)


@transaction.atomic
def application_create_with_history(
    *, application: Application, history: list[tuple[datetime, str]]
) -> Application:
    """Create an application whose history happened in the past (an import, the
    demo data): it opens with the first status at its date, then each change is
    recorded through the usual service."""
    first_when, first_status = history[0]
    application.status = first_status
    application_create(application=application)
    application.status_changes.update(changed_at=first_when)
    Application.objects.filter(pk=application.pk).update(last_news_at=first_when)
    application.last_news_at = first_when
    for when, status in history[1:]:
        application_change_status(application=application, to_status=status, when=when)
    return application


def _time_zone(owner):
    return owner.zone


@transaction.atomic
def applications_import(*, owner, results: list[RowResult]) -> list[Application]:
    """Save the rows that passed `check_rows`, all or nothing."""
    if any(result.errors for result in results):
        raise ValueError("Rows with errors cannot be imported.")
    tz = _time_zone(owner)
    now = timezone.now()
    companies = {company.name.casefold(): company for company in Company.objects.owned_by(owner)}
    created = []
    for result in results:
        if not result.will_import:
            continue
        values = dict(result.values)
        name = values.pop("company")
        company = companies.get(name.casefold())
        if company is None:
            company = Company.objects.create(owner=owner, name=name)
            companies[name.casefold()] = company
        status = values.pop("status")
        application = Application(owner=owner, company=company, **values)
        if result.history:
            history = [(_noon(day, tz), step) for day, step in result.history]
            if history[-1][1] != status:
                history.append((now, status))
        else:
            start = values.get("date_applied")
            history = [(_noon(start, tz) if start else now, status)]
        created.append(application_create_with_history(application=application, history=history))
    return created


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
