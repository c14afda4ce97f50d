"""Proof of the search: every application sent in a date range, with its status
changes and interviews, for a person to hand to an adviser (a job centre's work
search record, the German "Bewerbungsnachweis").

One query for the applications and one each for their status changes and
interviews, however many rows; the summary is counted from those same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.contrib.staticfiles import finders
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q

from .models import (
    IN_PROGRESS_STATUSES,
    REACHED_SCREENING,
    Application,
    Interview,
    Status,
    StatusChange,
    has_interview,
    reached,
    reached_interview,
)

DEFAULT_DAYS = 30
LONGEST_RANGE_DAYS = 3 * 366


class ReportRangeForm(forms.Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    @classmethod
    def for_request(cls, data, today: date) -> ReportRangeForm:
        """Bound to the query string when it names a range; otherwise the last 30 days."""
        if data.get("start") or data.get("end"):
            return cls(data)
        return cls({"start": today - timedelta(days=DEFAULT_DAYS), "end": today})

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "Choose a day on or after the start of the range.")
            elif (end - start).days > LONGEST_RANGE_DAYS:
                self.add_error("end", "Choose a range of three years or less.")
        return cleaned


# The most rows a PDF made on the server holds. WeasyPrint takes about 15 ms a row
# on the benchmark machine (11-14 s for 900 rows), so this keeps a PDF within a
# few seconds and far from the app server's 30-second limit; a longer range is
# printed from the page by the browser instead.
PDF_MAX_ROWS = 500


@dataclass
class SearchReport:
    start: date
    end: date
    applications: list[Application]

    @property
    def sent(self) -> int:
        return len(self.applications)

    @property
    def fits_a_pdf(self) -> bool:
        return self.sent <= PDF_MAX_ROWS

    @property
    def interviews(self) -> int:
        """Applications that got an interview, by the stats page's rule
        (`applications.models.reached_interview`), not interviews on record: an
        interview the person moved the status for but never wrote down counts too."""
        return sum(1 for a in self.applications if a.got_interview)

    @property
    def interviews_written(self) -> int:
        """Interviews written down for these applications, each round its own
        (read from the prefetched rows: no query of its own)."""
        return sum(len(a.interviews.all()) for a in self.applications)

    def _now(self, *statuses: str) -> int:
        return sum(1 for a in self.applications if a.status in statuses)

    @property
    def heard_back(self) -> int:
        """Any answer at all: moved on, or turned down."""
        return sum(1 for a in self.applications if a.heard_back)

    @property
    def rejected(self) -> int:
        return self._now(Status.REJECTED)

    @property
    def no_response(self) -> int:
        return self._now(Status.NO_RESPONSE)

    @property
    def in_progress(self) -> int:
        return self._now(*IN_PROGRESS_STATUSES)


def report_for(user, *, start: date, end: date) -> SearchReport:
    """The applications the person sent between `start` and `end` (both included),
    oldest first, with their history and interviews."""
    applications = (
        Application.objects.owned_by(user)
        .filter(date_applied__gte=start, date_applied__lte=end)
        .select_related("company")
        .only("pk", "title", "status", "source", "date_applied", "company__name", "posting_url")
        .annotate(
            got_interview=ExpressionWrapper(reached_interview(), output_field=BooleanField()),
            heard_back=ExpressionWrapper(
                Q(status=Status.REJECTED) | reached(REACHED_SCREENING) | has_interview(),
                output_field=BooleanField(),
            ),
        )
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.only(
                    "pk", "application_id", "to_status", "changed_at"
                ).order_by("changed_at", "pk"),
            ),
            Prefetch(
                "interviews",
                queryset=Interview.objects.only(
                    "pk", "application_id", "round", "kind", "starts_at"
                ).order_by("starts_at", "pk"),
            ),
        )
        .order_by("date_applied", "pk")
    )
    return SearchReport(start=start, end=end, applications=list(applications))


REPORT_CSS = "css/report.css"


def _fetch_nothing(url: str, *args, **kwargs):
    raise ValueError(f"A report's PDF fetches nothing: {url}")


def pdf_for(html: str) -> bytes:
    """The report as a PDF, made on the server from the same HTML as the printable
    page, styled by one local stylesheet; nothing is fetched from the network."""
    from weasyprint import CSS, HTML  # loads Pango: only when a PDF is asked for

    stylesheet = CSS(filename=finders.find(REPORT_CSS))
    return HTML(string=html, url_fetcher=_fetch_nothing, base_url=".").write_pdf(
        stylesheets=[stylesheet]
    )
