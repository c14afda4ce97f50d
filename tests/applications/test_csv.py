import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import csv_checks, csv_io
from applications.csv_checks import parse_salary
from applications.csv_io import neutralise, parse_csv_bytes, restore
from applications.exports import IMPORT_SESSION_KEY
from applications.models import Application, Company, Status, StatusChange
from applications.services import application_create_with_history
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "applications:import_csv"
CONFIRM_URL = "applications:import_confirm"


def upload(client, content, name="applications.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, data)})


def preview(client, content, name="applications.csv"):
    response = upload(client, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response.url)


def confirm(client, **extra):
    preview_id = client.session[IMPORT_SESSION_KEY]["preview_id"]
    return client.post(reverse(CONFIRM_URL), {"preview_id": preview_id}, **extra)


def export_rows(client) -> list[dict]:
    response = client.get(reverse("applications:export_csv"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def with_history(user, *, company, title, steps, **fields):
    application = Application(
        owner=user, company=CompanyFactory(owner=user, name=company), title=title, **fields
    )
    tz = timezone.get_current_timezone()
    return application_create_with_history(
        application=application,
        history=[(dt.datetime.combine(day, dt.time(12), tzinfo=tz), s) for day, s in steps],
    )


# Export -------------------------------------------------------------------------


def test_export_has_one_row_per_application_with_history(client_logged_in, user):
    with_history(
        user,
        company="Tidewell Analytics",
        title="UX researcher",
        steps=[(dt.date(2026, 9, 1), Status.APPLIED), (dt.date(2026, 9, 9), Status.REJECTED)],
        date_applied=dt.date(2026, 9, 1),
        posting_url="https://tidewell.example/jobs/1",
        location="Leeds",
        salary_min=40000,
        salary_max=50000,
        source=Application.Source.JOB_BOARD,
        notes="Asked for a portfolio.",
    )
    [row] = export_rows(client_logged_in)
    assert row == {
        "Company": "Tidewell Analytics",
        "Job title": "UX researcher",
        "Status": "Rejected",
        "Date applied": "2026-09-01",
        "Job URL": "https://tidewell.example/jobs/1",
        "Location": "Leeds",
        "Work mode": "",
        "Salary from": "40000",
        "Salary to": "50000",
        "Currency": "GBP",
        "Source": "Job board",
        "Notes": "Asked for a portfolio.",
        "History": "2026-09-01 Applied; 2026-09-09 Rejected",
    }


def test_export_neutralises_formula_cells(client_logged_in, user):
    ApplicationFactory(
        owner=user,
        company=CompanyFactory(owner=user, name='=HYPERLINK("http://evil.example","x")'),
        title="+44 role",
        location="@SUM(A1)",
        notes="-2 people on the team",
    )
    [row] = export_rows(client_logged_in)
    assert row["Company"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["Job title"] == "'+44 role"
    assert row["Location"] == "'@SUM(A1)"
    assert row["Notes"] == "'-2 people on the team"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@x", "\tx", "\rx"])
def test_neutralise_and_restore(value):
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


def test_plain_cells_are_left_alone():
    assert neutralise("Acme") == "Acme"
    assert restore("'quoted on purpose") == "'quoted on purpose"


def test_export_holds_only_your_own_applications(client_logged_in, user, other_user):
    ApplicationFactory(owner=user, title="Mine")
    ApplicationFactory(owner=other_user, title="Theirs")
    trashed = ApplicationFactory(owner=user, title="Binned")
    Application.objects.filter(pk=trashed.pk).update(deleted_at=timezone.now())
    assert [row["Job title"] for row in export_rows(client_logged_in)] == ["Mine"]


def test_export_query_count_does_not_grow(client_logged_in, user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for more in (3, 30):
        for _ in range(more):
            ApplicationFactory(owner=user)
        with CaptureQueriesContext(connection) as queries:
            client_logged_in.get(reverse("applications:export_csv"))
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # Two for the export itself; the rest are the session, the person and the
    # cache (the database cache here, Redis in production).
    assert counts[1] <= 12


def test_export_keeps_each_history_with_its_row_in_the_persons_time_zone(client_logged_in, user):
    user.time_zone = "Pacific/Auckland"
    user.save()
    later = with_history(
        user,
        company="Brightside",
        title="Later",
        steps=[(dt.date(2026, 3, 2), Status.APPLIED)],
        date_applied=dt.date(2026, 3, 2),
        work_mode=Application.WorkMode.HYBRID,
        salary_currency="EUR",
    )
    earlier = with_history(
        user,
        company="Acorn",
        title="Earlier",
        steps=[(dt.date(2026, 2, 1), Status.APPLIED), (dt.date(2026, 2, 3), Status.SCREENING)],
        date_applied=dt.date(2026, 2, 1),
        salary_max=60000,
        salary_currency="EUR",
    )
    # 23:30 in London on 10 February is already 11 February in Auckland.
    earlier.status_changes.create(
        from_status=Status.SCREENING,
        to_status=Status.INTERVIEWING,
        changed_at=dt.datetime(2026, 2, 10, 23, 30, tzinfo=dt.UTC),
    )
    rows = export_rows(client_logged_in)
    assert [row["Job title"] for row in rows] == ["Earlier", "Later"]
    first, second = rows
    assert first["History"].endswith("; 2026-02-11 Interviewing")
    assert first["History"].count(";") == 2
    assert (first["Salary from"], first["Salary to"], first["Currency"]) == ("", "60000", "EUR")
    assert second["History"].count(";") == 0 and "Applied" in second["History"]
    assert (second["Work mode"], second["Currency"]) == ("Hybrid", "")
    assert later.pk != earlier.pk


# Reading -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40000-50000", (40000, 50000, "")),
        ("£40k–£50k", (40000, 50000, "GBP")),
        ("£40,000 - £50,000 per annum", (40000, 50000, "GBP")),
        ("40-50k", (40000, 50000, "")),
        ("45000", (45000, 45000, "")),
        ("$60,000 to $70,000", (60000, 70000, "USD")),
        ("55000 EUR", (55000, 55000, "EUR")),
        ("€45.5k", (45500, 45500, "EUR")),
    ],
)
def test_parse_salary(text, expected):
    assert parse_salary(text) == expected


@pytest.mark.parametrize("text", ["Competitive", "50000-40000", "", "1-2-3"])
def test_parse_salary_refuses(text):
    with pytest.raises(ValueError):
        parse_salary(text)


def test_alias_column_names_in_any_case():
    parsed = parse_csv_bytes(
        b"EMPLOYER,role,Stage,Applied On,Link,Salary,Comments,Mood\n"
        b"Acme,Designer,Interview,31/03/2026,acme.example/jobs,\xc2\xa340k\xe2\x80\x93\xc2\xa350k,hi,ok\n"
    )
    [row] = parsed.rows
    assert row["company"] == "Acme"
    assert row["title"] == "Designer"
    assert row["status"] == "Interview"
    assert row["date_applied"] == "31/03/2026"
    assert parsed.ignored_columns == ["Mood"]
    result = csv_checks.check_row(row, today=dt.date(2026, 11, 1))
    assert result.errors == []
    assert result.values["status"] == Status.INTERVIEWING
    assert result.values["date_applied"] == dt.date(2026, 3, 31)
    assert result.values["posting_url"] == "https://acme.example/jobs"
    assert (result.values["salary_min"], result.values["salary_max"]) == (40000, 50000)
    assert result.values["salary_currency"] == "GBP"


@pytest.mark.parametrize(
    "header", ["Position", "Job Title", "Title", "Role", "job_title", "JOB TITLE"]
)
def test_title_aliases(header):
    parsed = parse_csv_bytes(f"Company,{header}\nAcme,Designer\n".encode())
    assert parsed.rows[0]["title"] == "Designer"


def test_semicolon_separated_file():
    parsed = parse_csv_bytes(b"Company;Job title;Date applied\nAcme;Designer;2026-03-01\n")
    assert parsed.rows[0]["date_applied"] == "2026-03-01"


# Import through the pages ---------------------------------------------------------


GOOD_FILE = (
    "Company,Job title,Status,Date applied,Salary\n"
    "Brambleway Foods,Content designer,Applied,2026-10-01,£35k-£40k\n"
    "Saltmarsh Software,UX designer,Rejected,2026-09-12,\n"
)


def test_import_preview_then_confirm(client_logged_in, user):
    response = preview(client_logged_in, GOOD_FILE)
    html = response.content.decode()
    assert "Check your import" in html
    assert "Brambleway Foods" in html
    assert "Add 2 applications" in html
    assert Application.objects.count() == 0  # nothing until confirmed

    response = confirm(client_logged_in)
    assert response.status_code == 302
    assert response.url == reverse("applications:application_list")
    applications = Application.objects.owned_by(user).order_by("title")
    assert [(a.company.name, a.title, a.status) for a in applications] == [
        ("Brambleway Foods", "Content designer", Status.APPLIED),
        ("Saltmarsh Software", "UX designer", Status.REJECTED),
    ]
    first = applications[0]
    assert (first.salary_min, first.salary_max, first.salary_currency) == (35000, 40000, "GBP")
    # History opened through the service, on the date applied.
    [change] = first.status_changes.all()
    assert change.to_status == Status.APPLIED
    assert timezone.localdate(change.changed_at) == dt.date(2026, 10, 1)
    assert IMPORT_SESSION_KEY not in client_logged_in.session


def test_a_bad_row_blocks_the_whole_import(client_logged_in, user):
    content = (
        "Company,Job title,Status,Date applied\n"
        "Brambleway Foods,Content designer,Applied,2026-10-01\n"
        ",Designer,Applied,2026-10-02\n"
        "Ostrand Engineering,UX designer,Maybe,yesterday\n"
    )
    response = preview(client_logged_in, content)
    html = response.content.decode()
    assert "2 rows need fixing" in html
    assert "Add the company." in html
    assert "The status “Maybe” is not one we know" in html
    assert "The date applied “yesterday” is not a date" in html
    assert "Add 1 application" not in html
    response = confirm(client_logged_in)
    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert Company.objects.count() == 0


def test_import_is_all_or_nothing_when_saving_fails(client_logged_in, user, monkeypatch):
    preview(client_logged_in, GOOD_FILE)

    def histories_fail(*args, **kwargs):
        # After the companies and applications are in: the database goes away.
        assert Application.objects.owned_by(user).count() == 2
        raise RuntimeError("database went away")

    monkeypatch.setattr(StatusChange.objects, "bulk_create", histories_fail)
    client_logged_in.raise_request_exception = True
    with pytest.raises(RuntimeError):
        confirm(client_logged_in)
    assert Application.objects.count() == 0
    assert Company.objects.count() == 0
    assert StatusChange.objects.count() == 0


def test_duplicates_in_the_account_and_in_the_file_are_skipped(client_logged_in, user):
    ApplicationFactory(
        owner=user,
        company=CompanyFactory(owner=user, name="Brambleway Foods"),
        title="Content Designer",
        date_applied=dt.date(2026, 10, 1),
    )
    content = (
        "Company,Job title,Date applied\n"
        "brambleway foods,content designer,2026-10-01\n"
        "Halden Bay Water,Service designer,2026-10-03\n"
        "Halden Bay Water,Service designer,2026-10-03\n"
    )
    html = preview(client_logged_in, content).content.decode()
    assert "You already have this application" in html
    assert "Repeats line 3, so it is skipped." in html
    assert "Add 1 application" in html
    confirm(client_logged_in)
    assert Application.objects.owned_by(user).count() == 2
    # The existing company is reused, whatever the letter case in the file.
    assert Company.objects.owned_by(user).filter(name__iexact="brambleway foods").count() == 1


def test_importing_the_same_file_twice_adds_nothing_new(client_logged_in, user):
    preview(client_logged_in, GOOD_FILE)
    confirm(client_logged_in)
    html = preview(client_logged_in, GOOD_FILE).content.decode()
    assert "Every row is already in Rebound" in html
    confirm(client_logged_in)
    assert Application.objects.owned_by(user).count() == 2


def test_unreadable_salary_is_kept_in_the_notes(client_logged_in, user):
    preview(client_logged_in, "Company,Title,Salary,Source\nAcme,Designer,Competitive,LinkedIn\n")
    confirm(client_logged_in)
    application = Application.objects.owned_by(user).get()
    assert application.salary_min is None
    assert "Salary: Competitive" in application.notes
    assert application.source == Application.Source.JOB_BOARD


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "Choose a CSV file"),
        (b"   \n\n", "blank.csv", "The file is empty"),
        (b"PK\x03\x04rest-of-a-zip", "book.xlsx", "spreadsheet workbook, not a CSV file"),
        ("Company,Job title\nCaf\xe9 Nord,Designer\n".encode("latin-1"), "a.csv", "UTF-8"),
        (b"\x00\x01\x02binary", "x.csv", "does not look like a CSV file"),
        (b"Name,Age\nSam,40\n", "people.csv", "could not find a column for Company or Job title"),
        (b"Company,Job title\n", "header.csv", "no applications under them"),
    ],
)
def test_bad_files_get_a_message_beside_the_field(client_logged_in, content, name, message):
    response = client_logged_in.post(
        reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "invalid-feedback" in html or "is-invalid" in html


def test_too_many_rows(client_logged_in, monkeypatch):
    monkeypatch.setattr(csv_io, "MAX_ROWS", 3)
    content = "Company,Job title\n" + "".join(f"C{n},T{n}\n" for n in range(4))
    response = upload(client_logged_in, content)
    assert response.status_code == 200
    assert "Split it into smaller files" in response.content.decode()


def test_too_large_file(client_logged_in, monkeypatch):
    monkeypatch.setattr(csv_io, "MAX_UPLOAD_BYTES", 100)
    content = "Company,Job title\n" + "Acme,Designer\n" * 20
    response = upload(client_logged_in, content)
    assert response.status_code == 200
    assert "larger than 2 MB" in response.content.decode()


def test_confirm_without_a_preview_asks_for_the_file_again(client_logged_in):
    response = client_logged_in.post(reverse(CONFIRM_URL), follow=True)
    assert response.redirect_chain[-1][0] == reverse(IMPORT_URL)
    assert "That preview has expired" in response.content.decode()


def test_confirm_needs_post(client_logged_in):
    assert client_logged_in.get(reverse(CONFIRM_URL)).status_code == 405


def test_import_form_page(client_logged_in):
    response = client_logged_in.get(reverse(IMPORT_URL))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "One row per application" in html or "one row per application" in html
    assert "style=" not in html


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "applications:export_csv"),
        ("get", IMPORT_URL),
        ("post", CONFIRM_URL),
    ],
)
def test_anonymous_is_sent_to_login(client, method, name):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_a_preview_is_private_to_its_session(client_logged_in, other_client, other_user):
    preview(client_logged_in, GOOD_FILE)
    response = other_client.post(reverse(CONFIRM_URL))
    assert response.status_code == 302
    assert Application.objects.count() == 0


# Round trip ------------------------------------------------------------------------


def test_export_then_import_into_another_account(client_logged_in, user, other_client, other_user):
    with_history(
        user,
        company="Copperleaf Energy",
        title="Service designer",
        steps=[
            (dt.date(2026, 8, 3), Status.APPLIED),
            (dt.date(2026, 8, 10), Status.SCREENING),
            (dt.date(2026, 8, 20), Status.INTERVIEWING),
            (dt.date(2026, 9, 1), Status.REJECTED),
        ],
        date_applied=dt.date(2026, 8, 3),
        posting_url="https://copperleaf.example/careers/42",
        location="Glasgow",
        work_mode=Application.WorkMode.HYBRID,
        salary_min=42000,
        salary_max=52000,
        salary_currency="GBP",
        source=Application.Source.REFERRAL,
        notes='- ask about the team\n=not a formula, "quoted", commas',
    )
    with_history(
        user,
        company="Larkspur Learning",
        title="Content designer",
        steps=[(dt.date(2026, 10, 20), Status.INTERESTED)],
    )
    exported = b"".join(client_logged_in.get(reverse("applications:export_csv")).streaming_content)

    response = other_client.post(
        reverse(IMPORT_URL), {"file": SimpleUploadedFile("export.csv", exported)}
    )
    assert response.status_code == 302
    other_client.get(response.url)
    assert confirm(other_client).status_code == 302

    def snapshot(owner):
        rows = []
        for a in Application.objects.owned_by(owner).select_related("company").order_by("title"):
            rows.append(
                (
                    a.company.name,
                    a.title,
                    a.status,
                    a.date_applied,
                    a.posting_url,
                    a.location,
                    a.work_mode,
                    a.salary_min,
                    a.salary_max,
                    a.salary_currency if a.salary_min else "",
                    a.source,
                    a.notes,
                    [
                        (c.from_status, c.to_status, timezone.localdate(c.changed_at))
                        for c in a.status_changes.all()
                    ],
                )
            )
        return rows

    assert snapshot(other_user) == snapshot(user)
    assert Application.objects.owned_by(user).count() == 2


def test_semicolons_in_cells_do_not_change_the_delimiter():
    rows = "".join(
        f'Acme {n},Designer,Rejected,2026-09-0{n},"2026-09-0{n} Applied; 2026-09-0{n} Rejected"\n'
        for n in range(1, 8)
    )
    parsed = parse_csv_bytes(("Company,Job title,Status,Date applied,History\n" + rows).encode())
    assert len(parsed.rows) == 7
    assert parsed.rows[0]["history"] == "2026-09-01 Applied; 2026-09-01 Rejected"


def test_tab_separated_file():
    parsed = parse_csv_bytes(b"Company\tJob title\nAcme\tDesigner, senior\n")
    assert parsed.rows[0]["title"] == "Designer, senior"


def test_confirming_an_older_preview_shows_the_newer_one(client_logged_in, user):
    preview(client_logged_in, GOOD_FILE)
    old_id = client_logged_in.session[IMPORT_SESSION_KEY]["preview_id"]
    preview(client_logged_in, "Company,Job title\nAcme,Designer\n")  # another tab
    response = client_logged_in.post(reverse(CONFIRM_URL), {"preview_id": old_id}, follow=True)
    assert "You opened another file since that preview" in response.content.decode()
    assert "Acme" in response.content.decode()
    assert Application.objects.count() == 0


def test_export_streams_and_keeps_each_history_with_its_row_across_chunks(
    client_logged_in, user, monkeypatch
):
    monkeypatch.setattr(csv_io, "EXPORT_CHUNK_ROWS", 2)
    for n in range(5):
        with_history(
            user,
            company=f"Company {n}",
            title=f"Role {n}",
            steps=[(dt.date(2026, 9, 1 + n), Status.APPLIED)],
            date_applied=dt.date(2026, 9, 1 + n),
        )
    response = client_logged_in.get(reverse("applications:export_csv"))
    assert response.streaming
    pieces = list(response.streaming_content)
    assert len(pieces) == 3  # the header and five rows, two rows a piece
    rows = list(csv.DictReader(io.StringIO(b"".join(pieces).decode().lstrip("\ufeff"))))
    assert [(row["Job title"], row["History"]) for row in rows] == [
        (f"Role {n}", f"2026-09-0{1 + n} Applied") for n in range(5)
    ]


def test_unchanged_export_answers_304_and_any_change_moves_its_etag(client_logged_in, user):
    from applications import trash
    from applications.services import application_change_status

    url = reverse("applications:export_csv")
    application = ApplicationFactory(owner=user, title="Archivist", company__name="Fernhill")
    first = client_logged_in.get(url)
    etag = first["ETag"]
    assert client_logged_in.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    def changed(change) -> bool:
        before = client_logged_in.get(url)["ETag"]
        change()
        after = client_logged_in.get(url, HTTP_IF_NONE_MATCH=before)
        return after.status_code == 200 and after["ETag"] != before

    assert changed(
        lambda: application_change_status(application=application, to_status="screening")
    )
    company = application.company
    company.name = "Fernhill Ltd"
    assert changed(company.save)
    assert changed(lambda: trash.application_trash(application=application))
    assert export_rows(client_logged_in) == []
    assert changed(lambda: trash.application_restore(application=application))
    [row] = export_rows(client_logged_in)
    assert row["Company"] == "Fernhill Ltd"
