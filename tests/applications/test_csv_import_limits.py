"""The CSV import at its documented limits, under retries, and with files from
every spreadsheet (issue 14: rows checked by the application form; issue 15:
cases 9, 10 and 17)."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import csv_checks, csv_io
from applications.exports import IMPORT_SESSION_KEY
from applications.forms import ApplicationForm
from applications.models import Application, SpreadsheetImport, StatusChange
from tests.applications.test_csv import CONFIRM_URL, confirm, preview, upload

pytestmark = pytest.mark.django_db

HEADER = "Company,Job title,Status,Date applied,Salary,Notes,History\n"


def rows_with_history(count: int) -> str:
    """`count` rows, each with four steps of history, spread over 300 companies."""
    lines = []
    for n in range(count):
        day = dt.date(2026, 1, 5) + dt.timedelta(days=n % 200)
        steps = [
            (day, "Applied"),
            (day + dt.timedelta(days=3), "Screening"),
            (day + dt.timedelta(days=9), "Interviewing"),
            (day + dt.timedelta(days=20), "Rejected"),
        ]
        history = "; ".join(f"{when.isoformat()} {status}" for when, status in steps)
        lines.append(
            f"Company {n % 300},Role {n},Rejected,{day.isoformat()},£40k-£50k,"
            f'"Notes for role {n}","{history}"\n'
        )
    return HEADER + "".join(lines)


# Issue 14: one rule, one place --------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "field", "value"),
    [
        ("Acme,Designer,Applied,2099-01-01,,,", "date_applied", "2099-01-01"),
        (f"Acme,{'T' * 201},Applied,2026-03-01,,,", "title", "T" * 201),
        ("Acme,Designer,Applied,2026-03-01,,,", "salary_currency", "EURO"),
    ],
)
def test_each_row_gets_the_application_forms_own_message(
    client_logged_in, user, cells, field, value
):
    """The preview says what the "Add an application" page says for the same value,
    because the row is checked by that form, not by a second checker."""
    header = HEADER
    if field == "salary_currency":
        header = HEADER.replace("Salary,", "Salary,Currency,")
        cells = cells.replace(",,,", ",,EURO,,")
    form = ApplicationForm(
        data={
            "new_company_name": "Acme",
            "title": "Designer",
            "status": "applied",
            "date_applied": "2026-03-01",
            field: value,
        },
        owner=user,
    )
    assert not form.is_valid()
    [page_message] = form.errors[field]
    html = preview(client_logged_in, header + cells + "\n").content.decode()
    assert "1 row needs fixing" in html
    assert page_message in html.replace("&#x27;", "'")


def test_one_rows_problems_do_not_carry_over_to_the_next(client_logged_in, user):
    """One form checks every row in turn; each row is judged on its own."""
    html = preview(
        client_logged_in,
        "Company,Job title,Status,Date applied,Currency\n"
        "Acme,Designer,Applied,2026-03-01,EURO\n"
        "Brightside,Writer,Interested,,\n"
        "Copperleaf,Researcher,Applied,2099-01-01,\n"
        "Dunmore,Editor,Applied,2026-03-02,EUR\n",
    ).content.decode()
    assert "2 rows need fixing" in html
    results = csv_checks.check_rows(user, client_logged_in.session[IMPORT_SESSION_KEY]["rows"])
    assert [bool(r.errors) for r in results] == [True, False, True, False]
    assert results[1].values["date_applied"] is None
    assert results[3].values["salary_currency"] == "EUR"


# Issue 15, case 9: imports within the documented limits --------------------------


def test_saving_an_import_takes_the_same_queries_for_5_or_50_rows(client_logged_in, user):
    """Bulk work, not one save (and its queries) per row."""
    counts = []
    for first, count in ((0, 5), (5, 50)):
        content = rows_with_history(first + count).splitlines(keepends=True)
        preview(client_logged_in, HEADER + "".join(content[1 + first :]))
        with CaptureQueriesContext(connection) as queries:
            response = confirm(client_logged_in)
        assert response.status_code == 302
        counts.append(len(queries))
    assert Application.objects.owned_by(user).count() == 55
    assert counts[0] == counts[1], counts


def test_the_largest_documented_file_imports_completely(client_logged_in, user):
    content = rows_with_history(csv_io.MAX_ROWS)
    assert len(content.encode()) < csv_io.MAX_UPLOAD_BYTES
    html = preview(client_logged_in, content).content.decode()
    assert f"Add {csv_io.MAX_ROWS:,} applications".replace(",", "") in html.replace(",", "")
    assert confirm(client_logged_in).status_code == 302
    assert Application.objects.owned_by(user).count() == csv_io.MAX_ROWS
    assert StatusChange.objects.filter(application__owner=user).count() == 4 * csv_io.MAX_ROWS
    application = Application.objects.owned_by(user).get(title="Role 7")
    steps = [
        (timezone.localdate(c.changed_at), c.from_status, c.to_status)
        for c in application.status_changes.all()
    ]
    assert steps == [
        (dt.date(2026, 1, 12), "", "applied"),
        (dt.date(2026, 1, 15), "applied", "screening"),
        (dt.date(2026, 1, 21), "screening", "interviewing"),
        (dt.date(2026, 2, 1), "interviewing", "rejected"),
    ]
    assert application.last_news_at == application.status_changes.last().changed_at
    assert (application.salary_min, application.salary_max) == (40000, 50000)


def test_a_row_without_a_date_is_dated_by_the_first_sent_step_of_its_history(
    client_logged_in, user
):
    preview(
        client_logged_in,
        "Company,Job title,Status,History\n"
        'Acme,Designer,Screening,"2026-02-01 Interested; 2026-02-04 Applied; '
        '2026-02-10 Screening"\n',
    )
    confirm(client_logged_in)
    application = Application.objects.owned_by(user).get()
    assert application.date_applied == dt.date(2026, 2, 4)
    assert application.status == "screening"


# Issue 15, case 10: confirming twice imports once ---------------------------------


def test_confirming_again_after_the_import_points_at_what_was_imported(client_logged_in, user):
    content = rows_with_history(3)
    preview(client_logged_in, content)
    preview_id = client_logged_in.session[IMPORT_SESSION_KEY]["preview_id"]
    client_logged_in.post(reverse(CONFIRM_URL), {"preview_id": preview_id})
    # Back, and the same button again (or a retry after the answer was lost).
    response = client_logged_in.post(reverse(CONFIRM_URL), {"preview_id": preview_id}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("applications:application_list")
    html = response.content.decode()
    assert "You already added applications.csv" in html
    assert "3 applications" in html and "Nothing was added twice" in html
    assert Application.objects.owned_by(user).count() == 3
    assert SpreadsheetImport.objects.owned_by(user).get().added == 3


def test_the_import_key_belongs_to_its_owner(client_logged_in, user, other_client, other_user):
    preview(client_logged_in, rows_with_history(2))
    preview_id = client_logged_in.session[IMPORT_SESSION_KEY]["preview_id"]
    confirm(client_logged_in)
    response = other_client.post(reverse(CONFIRM_URL), {"preview_id": preview_id}, follow=True)
    assert "You already added" not in response.content.decode()
    assert Application.objects.owned_by(other_user).count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_the_same_moment_import_once(user):
    first = Client()
    first.force_login(user)
    preview(first, rows_with_history(150))
    preview_id = first.session[IMPORT_SESSION_KEY]["preview_id"]
    second = Client()
    second.cookies = first.cookies  # The same browser: a double click.
    start = threading.Barrier(2)
    answers = []

    def click(client):
        start.wait()
        try:
            answers.append(client.post(reverse(CONFIRM_URL), {"preview_id": preview_id}))
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [302, 302]
    assert Application.objects.owned_by(user).count() == 150
    assert StatusChange.objects.filter(application__owner=user).count() == 600


# Issue 15, case 17: files from every spreadsheet ---------------------------------


def test_a_file_with_cr_line_endings_is_read(client_logged_in, user):
    """Excel's "CSV (Macintosh)" ends each line with CR alone."""
    content = 'Company,Job title,Notes\rAcme,Designer,"Two\rlines"\rBrightside,Writer,\r'
    preview(client_logged_in, content)
    confirm(client_logged_in)
    applications = Application.objects.owned_by(user).order_by("title")
    assert [(a.company.name, a.title) for a in applications] == [
        ("Acme", "Designer"),
        ("Brightside", "Writer"),
    ]
    assert applications[0].notes in ("Two\rlines", "Two\nlines")


def test_a_cell_longer_than_131072_characters_is_read(client_logged_in, user):
    description = "A long pasted job description. " * 6000  # 186,000 characters
    response = upload(client_logged_in, f'Company,Job title,Notes\nAcme,Designer,"{description}"\n')
    assert response.status_code == 302, response.content.decode()[:500]
    client_logged_in.get(response.url)
    confirm(client_logged_in)
    assert Application.objects.owned_by(user).get().notes == description.strip()


def test_the_import_page_states_the_limits(client_logged_in):
    html = client_logged_in.get(reverse("applications:import_csv")).content.decode()
    assert "2 MB" in html and "2,000 rows" in html


@pytest.mark.django_db(transaction=True)
def test_an_import_in_progress_does_not_hold_up_another_persons_import_or_pages(user, other_user):
    """The import locks only its own person's row: while one person's import is
    still inside its transaction, another person imports and browses."""
    from django.db import transaction

    from applications.csv_checks import check_rows
    from applications.services import ImportedApplication, applications_import

    parsed = csv_io.parse_csv_bytes(rows_with_history(40).encode())
    inside, release = threading.Event(), threading.Event()
    failures = []

    def first_persons_import():
        try:
            with transaction.atomic():
                applications_import(
                    owner=user,
                    items=[
                        ImportedApplication(r.values, r.history)
                        for r in check_rows(user, parsed.rows)
                    ],
                    key="first",
                )
                inside.set()
                release.wait(timeout=60)
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            failures.append(exc)
        finally:
            inside.set()
            connection.close()

    thread = threading.Thread(target=first_persons_import)
    thread.start()
    try:
        assert inside.wait(timeout=60)
        other = Client()
        other.force_login(other_user)
        preview(other, rows_with_history(40))
        assert confirm(other).status_code == 302
        assert other.get(reverse("applications:application_list")).status_code == 200
        assert Application.objects.owned_by(other_user).count() == 40
        # The first import is not committed yet.
        assert Application.objects.owned_by(user).count() == 0
    finally:
        release.set()
        thread.join()
    assert failures == []
    assert Application.objects.owned_by(user).count() == 40
