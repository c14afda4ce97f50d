"""Checking the rows of an imported CSV file, one by one, with the application form.

A spreadsheet says things its own way ("Ghosted", "31/03/2026", "£40k–£50k",
"LinkedIn"): `form_data` turns a row into what the "Add an application" page
would have been sent, and `ApplicationForm` then decides whether it is a valid
application, with the same rules and messages as that page. What is left to
this module is what only a file has: words to translate, a history column, and
rows that repeat each other or what the person already has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from .forms import ApplicationForm, last_currency
from .models import Application, Status

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
HISTORY_ENTRY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})\s+(.+?)\s*$")


# The form fields a row fills in, and how the preview names them.
FORM_FIELDS = {
    "new_company_name": "Company",
    "title": "Job title",
    "status": "Status",
    "date_applied": "Date applied",
    "posting_url": "Job URL",
    "location": "Location",
    "work_mode": "Work mode",
    "salary_min": "Salary from",
    "salary_max": "Salary to",
    "salary_currency": "Currency",
    "source": "Source",
    "notes": "Notes",
}


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
    # The form's cleaned values, company name included, ready to save.
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


def form_data(raw: dict, result: RowResult, today: date) -> dict[str, str]:
    """What the "Add an application" page would be sent for this row.

    Words only a spreadsheet uses are translated here; a word that cannot be
    translated is an error (status, date) or is kept in the notes (work mode,
    source, a salary in words), with a warning."""
    notes_extra = []

    def text(key: str) -> str:
        return (raw.get(key) or "").strip()

    data = dict.fromkeys(FORM_FIELDS, "")
    data["new_company_name"] = text("company")
    if not text("company"):
        result.errors.append("Add the company.")
    data["title"] = text("title")
    data["location"] = text("location")

    if text("date_applied"):
        try:
            data["date_applied"] = parse_date(text("date_applied")).isoformat()
        except ValueError:
            result.errors.append(
                f"The date applied “{text('date_applied')}” is not a date. Write it as "
                f"2026-03-31 or 31/03/2026."
            )

    if text("status"):
        status = STATUS_WORDS.get(re.sub(r"\s+", " ", text("status").lower()))
        if status is None:
            labels = ", ".join(label for _value, label in Status.choices)
            result.errors.append(
                f"The status “{text('status')}” is not one we know. Use one of: {labels}."
            )
        else:
            data["status"] = status
    else:
        data["status"] = Status.APPLIED if data["date_applied"] else Status.INTERESTED

    url = text("posting_url")
    if url and not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        url = "https://" + url
    data["posting_url"] = url

    if text("work_mode"):
        mode = WORK_MODE_WORDS.get(text("work_mode").lower())
        if mode:
            data["work_mode"] = mode
        else:
            notes_extra.append(f"Work mode: {text('work_mode')}")
            result.warnings.append("The work mode is not one we know; it is kept in the notes.")

    _salary_data(data, text, result, notes_extra)

    if text("source"):
        source = SOURCE_WORDS.get(text("source").lower())
        if source is None:
            data["source"] = Application.Source.OTHER
            notes_extra.append(f"Source: {text('source')}")
        else:
            data["source"] = source

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

    data["notes"] = "\n".join([text("notes"), *notes_extra]).strip()
    return data


def _salary_data(data: dict, text, result: RowResult, notes_extra: list[str]) -> None:
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
            data["salary_min"], data["salary_max"] = str(low), str(high)
            data["salary_currency"] = currency
    for key, label in [("salary_min", "salary from"), ("salary_max", "salary to")]:
        if text(key):
            try:
                data[key] = str(_parse_amount(text(key)))
            except ValueError:
                result.errors.append(
                    f"The {label} “{text(key)}” is not a number. Write it like 45000."
                )
    if text("salary_currency"):
        data["salary_currency"] = text("salary_currency").upper()


class ApplicationRowForm(ApplicationForm):
    """The "Add an application" form, checking the rows of a file one after another.

    Every field and rule is the page's. Two things differ, for a file of 2,000
    rows to be checked in a few seconds: one form checks every row (`check_data`)
    instead of building a form, and copying its fields, per row; and the model's
    check constraints are not asked of the database once per row (two queries a
    row): the one a row can break, salary from ≤ salary to, is also the form's
    own rule, with its own message, and the database still holds both when the
    rows are saved."""

    def validate_constraints(self):
        pass

    def check_data(self, data: dict) -> bool:
        """Check `data` as if it had been posted to a new form."""
        self.data = data
        self.is_bound = True
        self.instance = Application()
        self._errors = None
        self._bound_fields_cache.clear()
        self.__dict__.pop("changed_data", None)
        return self.is_valid()


def check_row(raw: dict, today: date, form: ApplicationRowForm | None = None) -> RowResult:
    """One row, checked by the application form as if typed into the page, with
    messages that say what to fix in the spreadsheet."""
    if form is None:
        form = row_form(owner=None)
    result = RowResult(line=raw["line"], raw=raw)
    data = form_data(raw, result, today)
    data["salary_currency"] = data["salary_currency"] or form.initial["salary_currency"]
    if form.check_data(data):
        values = {name: form.cleaned_data[name] for name in FORM_FIELDS}
        values["company"] = values.pop("new_company_name")
        result.values = values
        return result
    for name, messages in form.errors.items():
        # Errors on fields a row does not fill in (none today) are not the file's to fix.
        if name != "__all__" and name not in FORM_FIELDS:
            continue
        label = FORM_FIELDS.get(name)
        for message in messages:
            text = f"{label}: {message}" if label else message
            if text not in result.errors:
                result.errors.append(text)
    return result


def row_form(*, owner) -> ApplicationRowForm:
    # A date given in the file is meant, even when it is today's (the page treats
    # an unchanged date as its own default and drops it for "Interested"). A row
    # without a currency gets the one the page would offer.
    return ApplicationRowForm(
        data={},
        owner=owner,
        initial={"date_applied": None, "salary_currency": last_currency(owner)},
    )


def check_rows(owner, rows: list[dict], today: date | None = None) -> list[RowResult]:
    """Every row checked, with duplicates (in the account or earlier in the file) marked."""
    today = today or timezone.localdate()
    existing = {
        (company.casefold(), title.casefold(), applied)
        for company, title, applied in Application.objects.owned_by(owner).values_list(
            "company__name", "title", "date_applied"
        )
    }
    form = row_form(owner=owner)
    seen: dict[tuple, int] = {}
    results = []
    for raw in rows:
        result = check_row(raw, today, form)
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
