"""Proof of the search: the printable report and its PDF."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from applications.models import Application, Status
from applications.report import report_for
from applications.stats import stats_for
from tests.applications.test_stats import NOW, days_ago, make
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
RANGE = {"start": "2026-10-01", "end": "2026-10-31"}


@pytest.fixture
def october(user):
    user.name = "Sam Carter"
    user.save(update_fields=["name"])
    applied = make(
        user,
        [(48, Status.APPLIED), (40, Status.INTERVIEWING), (30, Status.REJECTED)],
        title="Service designer",
        applied_days_ago=48,  # 1 October 2026
    )
    Application.objects.filter(pk=applied.pk).update(source=Application.Source.REFERRAL)
    InterviewFactory(
        application=applied, round=1, kind="video", starts_at=NOW - dt.timedelta(days=39)
    )
    make(
        user,
        [(40, Status.APPLIED), (10, Status.NO_RESPONSE)],
        title="UX researcher",
        applied_days_ago=40,
    )
    make(user, [(15, Status.APPLIED)], title="Too late", applied_days_ago=15)  # 3 November
    make(user, [(60, Status.APPLIED)], title="Too early", applied_days_ago=60)
    return applied


def test_the_report_holds_the_applications_in_the_range_oldest_first(user, october):
    found = report_for(user, start=START, end=dt.date(2026, 10, 28))
    assert [a.title for a in found.applications] == ["Service designer", "UX researcher"]
    assert (found.sent, found.interviews, found.heard_back) == (2, 1, 1)
    assert (found.rejected, found.no_response, found.in_progress) == (1, 1, 0)


def test_the_printable_page_shows_rows_summary_and_the_persons_name(client_logged_in, october):
    response = client_logged_in.get(reverse("applications:report"), RANGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sam Carter" in html
    assert "css/report.css" in html and 'media="print"' in html
    rows = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    assert "Service designer" in rows and "UX researcher" in rows
    assert "Too early" not in rows and "Too late" not in rows
    assert "Referral" in rows
    assert "Interviewing, " in rows and "Rejected, " in rows
    assert "Round 1, video" in rows
    assert "2 applications sent" in html
    assert "report.pdf?start=2026-10-01&amp;end=2026-10-31" in html


def test_the_pdf_is_made_on_the_server_and_holds_the_same_text(client_logged_in, october):
    response = client_logged_in.get(reverse("applications:report_pdf"), RANGE)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "rebound-search-2026-10-01-to-2026-10-31.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    for expected in (
        "Job search record",
        "Sam Carter",
        "2 applications sent",
        "Service designer",
        "UX researcher",
        "Referral",
        "Round 1, video",
        "Page 1 of",
    ):
        assert expected in text, expected
    assert "Too early" not in text


def test_a_range_that_ends_before_it_starts_is_explained_next_to_the_field(
    client_logged_in, october
):
    bad = {"start": "2026-10-31", "end": "2026-10-01"}
    response = client_logged_in.get(reverse("applications:report"), bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_end-error"' in html and "on or after the start" in html
    assert 'value="2026-10-31"' in html and 'value="2026-10-01"' in html  # kept as typed
    pdf = client_logged_in.get(reverse("applications:report_pdf"), bad)
    assert pdf.status_code == 400
    assert "on or after the start" in pdf.content.decode()


def test_nonsense_dates_are_explained_not_a_500(client_logged_in):
    response = client_logged_in.get(
        reverse("applications:report_pdf"), {"start": "soon", "end": ""}
    )
    assert response.status_code == 400
    assert 'value="soon"' in response.content.decode()


def test_another_persons_applications_never_appear(other_client, october):
    html = other_client.get(reverse("applications:report"), RANGE).content.decode()
    assert "Service designer" not in html and "Sam Carter" not in html
    assert "0 applications sent" in html


def test_anonymous_is_sent_to_login(client):
    for name in ("applications:report", "applications:report_pdf"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response.url


def test_the_report_and_the_stats_page_count_interviews_by_one_rule(
    client_logged_in, user, october
):
    """The walk-through found the report saying "0 interviews" while the stats page
    said "1 in 3": the report counted interviews written down, the stats page the
    applications that reached the interview stage. Now both read one rule."""
    # Moved to interviewing, the interview itself never written down.
    make(
        user,
        [(35, Status.APPLIED), (30, Status.INTERVIEWING)],
        title="Researcher",
        applied_days_ago=35,
    )
    # An interview on record, the status left at applied.
    on_record = make(user, [(33, Status.APPLIED)], title="Analyst", applied_days_ago=33)
    InterviewFactory(application=on_record, starts_at=NOW - dt.timedelta(days=25))
    # Two interviews for one application still count as one application interviewed.
    InterviewFactory(application=october, round=2, starts_at=NOW - dt.timedelta(days=36))
    InterviewFactory(application=on_record, round=2, starts_at=NOW - dt.timedelta(days=20))

    stats = stats_for(user, now=NOW)
    everything = report_for(user, start=dt.date(2026, 1, 1), end=NOW.date())
    assert (everything.sent, everything.interviews) == (stats.sent, stats.interviews) == (6, 3)

    stats_page = client_logged_in.get(reverse("applications:stats")).content.decode()
    report_page = client_logged_in.get(
        reverse("applications:report"), {"start": "2026-01-01", "end": "2026-11-18"}
    ).content.decode()
    assert "3 of 6 applications reached the interview stage" in stats_page
    assert "6 applications sent" in report_page
    assert "3 of 6 applications reached the interview stage" in report_page


def _words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_stats_and_report_say_what_they_count_on_the_same_data(client_logged_in, user):
    """The walk-through: one interview written down (Brightwater), another application
    moved to Interviewing on the board with none written down. The stats page said
    "1 in 1 … 2 interviews from 2 applications", practice counted 1 interview and the
    report said "2 reached an interview" beside "None". Each label now names its count."""
    brightwater = make(
        user,
        [(30, Status.APPLIED), (20, Status.INTERVIEWING), (10, Status.REJECTED)],
        title="Brightwater analyst",
        applied_days_ago=30,
    )
    InterviewFactory(application=brightwater, round=1, kind="video", starts_at=days_ago(18))
    make(
        user,
        [(25, Status.APPLIED), (15, Status.INTERVIEWING)],
        title="Harbour planner",
        applied_days_ago=25,
    )

    stats_page = _words(client_logged_in.get(reverse("applications:stats")).content.decode())
    assert "1 in 1 " in stats_page
    assert "2 of 2 applications reached the interview stage" in stats_page
    assert "1 interview written down" in stats_page
    assert "interviews from" not in stats_page
    # The practice section counts interviews held, and says so.
    assert "It counts interviews held" in stats_page
    assert "Interviews held" in stats_page

    report = client_logged_in.get(
        reverse("applications:report"), {"start": "2026-01-01", "end": "2026-12-31"}
    ).content.decode()
    rows = re.search(r"<tbody>(.*?)</tbody>", report, re.S).group(1).split("</tr>")
    harbour = next(row for row in rows if "Harbour planner" in row)
    assert "Reached the interview stage; no interview written down" in harbour
    bright = next(row for row in rows if "Brightwater analyst" in row)
    assert "Round 1, video" in bright and "no interview written down" not in bright
    words = _words(report)
    assert "2 of 2 applications reached the interview stage" in words
    assert "1 interview written down" in words
    assert "reached an interview" not in words

    pdf = client_logged_in.get(
        reverse("applications:report_pdf"), {"start": "2026-01-01", "end": "2026-12-31"}
    )
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    )
    assert "2 of 2 applications reached the interview stage" in text
    assert "1 interview written down" in text
    assert "no interview written down" in text


def test_a_range_too_long_for_a_pdf_says_so_and_offers_printing(
    client_logged_in, october, monkeypatch
):
    # A PDF of a very long range would take WeasyPrint past the app server's time
    # limit: above the limit the page explains, and the print route stays.
    from applications import report

    monkeypatch.setattr(report, "PDF_MAX_ROWS", 1)
    page = client_logged_in.get(reverse("applications:report"), RANGE).content.decode()
    assert "This range holds 2 applications, more than the 1 a PDF" in page
    assert reverse("applications:report_pdf") not in page
    assert "Service designer" in page  # the page itself still shows every row
    response = client_logged_in.get(reverse("applications:report_pdf"), RANGE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert 'choose "Save as PDF"' in response.content.decode()
    # Within the limit, the PDF is made as before.
    monkeypatch.setattr(report, "PDF_MAX_ROWS", 2)
    response = client_logged_in.get(reverse("applications:report_pdf"), RANGE)
    assert response["Content-Type"] == "application/pdf"
