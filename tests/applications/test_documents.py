"""Documents per application: the CV or cover letter that was sent.

Files go through Django's storage (a folder of its own per test, see
conftest.py); nothing here mocks the storage or the type checks.
"""

import base64
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.services import account_delete
from applications.documents import detect_type
from applications.models import Application, Document
from applications.trash import application_trash, trash_empty, trash_purge_expired
from portability.services import (
    ImportRefused,
    data_export,
    data_export_json,
    data_import,
    parse_export,
)
from tests.factories import PDF_BYTES, ApplicationFactory, DocumentFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("applications:document_create")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8\xff")
    return buffer.getvalue()


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def stored_files() -> list[str]:
    if not default_storage.exists("documents"):
        return []
    names = []
    for folder in default_storage.listdir("documents")[0]:
        names += [
            f"documents/{folder}/{n}" for n in default_storage.listdir(f"documents/{folder}")[1]
        ]
    return names


# What a file is, from its bytes ----------------------------------------------


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (PDF_BYTES, "pdf"),
        (docx_bytes(), "docx"),
        (odt_bytes(), "odt"),
        (b"Sam Taylor\nProduct designer, Leeds\n", "txt"),
        ("\ufeffCV – Zoë Müller\r\n".encode(), "txt"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", None),  # A Windows program
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
        (b"<!doctype html><script>alert(1)</script>", None),
        (b"  <svg onload=alert(1)>", None),
        (zip_bytes(), None),  # A zip that is not a document
        (b"PK\x03\x04 not really a zip", None),
        (b"\x00\x00\x00", None),
        ("Latin-1 caf\xe9".encode("latin-1"), None),
    ],
)
def test_the_type_comes_from_the_content(data, found):
    assert detect_type(io.BytesIO(data)) == found


# Uploading -------------------------------------------------------------------


@pytest.fixture
def application(user):
    return ApplicationFactory(owner=user, title="Data Engineer")


def test_upload_keeps_the_file_and_links_it_to_the_application(client_logged_in, application):
    response = client_logged_in.post(
        CREATE,
        {
            "upload": upload(docx_bytes(), "My CV (final).pdf"),
            "title": "",
            "kind": "cv",
            "applications": [application.pk],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    document = Document.objects.get()
    # Its type from its content, whatever its name said; the title from its name.
    assert (document.file_type, document.file_name) == ("docx", "My CV (final).docx")
    assert document.title == "My CV (final)"
    assert document.owner == application.owner
    assert list(document.applications.all()) == [application]
    assert document.file.name.startswith(f"documents/{application.owner_id}/")
    assert "My CV" not in document.file.name  # Stored under a random name.
    with default_storage.open(document.file.name) as handle:
        assert handle.read() == docx_bytes()
    page = client_logged_in.get(application.get_absolute_url()).content.decode()
    assert "What you sent" in page
    assert reverse("applications:document_download", args=[document.pk]) in page


def test_a_file_that_lies_about_its_type_is_refused_beside_the_field(client_logged_in, application):
    response = client_logged_in.post(
        CREATE,
        {
            "upload": upload(b"MZ\x90\x00\x03\x00binary", "cv.pdf"),
            "title": "CV for data roles",
            "kind": "cv",
            "applications": [application.pk],
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "whatever its name says" in form.errors["upload"][0]
    html = response.content.decode()
    assert 'value="CV for data roles"' in html  # What was typed is kept.
    assert Document.objects.count() == 0
    assert stored_files() == []


def test_a_file_over_the_limit_is_refused_with_the_limit_named(
    client_logged_in, settings, application
):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    response = client_logged_in.post(
        CREATE,
        {"upload": upload(b"%PDF-1.4\n" + b"0" * (1024 * 1024), "cv.pdf"), "kind": "cv"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["upload"] == [
        "This file is just over the 1 MB limit. Save a smaller copy (a PDF without large "
        "images usually is) and upload that."
    ]
    response = client_logged_in.post(
        CREATE,
        {"upload": upload(b"%PDF-1.4\n" + b"0" * (2_500_000), "cv.pdf"), "kind": "cv"},
    )
    assert "This file is 2.4 MB; the limit is 1 MB." in response.content.decode()
    assert Document.objects.count() == 0 and stored_files() == []


def test_an_empty_or_missing_file_asks_for_one(client_logged_in):
    response = client_logged_in.post(CREATE, {"kind": "cv", "title": "CV"})
    assert response.context["form"].errors["upload"] == ["Choose the file you sent."]
    response = client_logged_in.post(CREATE, {"kind": "cv", "upload": upload(b"", "cv.txt")})
    assert "empty" in response.context["form"].errors["upload"][0]


def test_another_persons_application_cannot_be_chosen(client_logged_in, other_user):
    theirs = ApplicationFactory(owner=other_user)
    response = client_logged_in.post(
        CREATE,
        {"upload": upload(PDF_BYTES, "cv.pdf"), "kind": "cv", "applications": [theirs.pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["applications"] == ["Choose from your own applications."]
    assert Document.objects.count() == 0


def test_the_form_starts_with_the_application_it_was_opened_from(client_logged_in, application):
    response = client_logged_in.get(f"{CREATE}?application={application.pk}")
    assert response.context["form"].initial["applications"] == [application.pk]


# Reuse -----------------------------------------------------------------------


def test_one_document_goes_with_several_applications(client_logged_in, user):
    document = DocumentFactory(owner=user)
    first, second = ApplicationFactory.create_batch(2, owner=user)
    for application in (first, second):
        response = client_logged_in.post(
            reverse("applications:document_attach", args=[application.pk]),
            {"document": document.pk},
        )
        assert response.status_code == 302
    assert set(document.applications.all()) == {first, second}
    page = client_logged_in.get(document.get_absolute_url()).content.decode()
    assert first.title in page and second.title in page
    client_logged_in.post(reverse("applications:document_detach", args=[first.pk, document.pk]))
    assert list(document.applications.all()) == [second]
    assert Document.objects.filter(pk=document.pk).exists()  # Unlinked, not deleted.


def test_editing_keeps_links_to_applications_in_the_trash(client_logged_in, user):
    document = DocumentFactory(owner=user)
    kept, trashed = ApplicationFactory.create_batch(2, owner=user)
    document.applications.set([kept, trashed])
    application_trash(application=trashed)
    response = client_logged_in.post(
        reverse("applications:document_update", args=[document.pk]),
        {"title": "CV, spring", "kind": "cv", "applications": [kept.pk]},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "CV, spring"
    assert set(document.applications.all()) == {kept, trashed}


def test_another_persons_document_cannot_be_attached(client_logged_in, user, other_user):
    application = ApplicationFactory(owner=user)
    theirs = DocumentFactory(owner=other_user)
    client_logged_in.post(
        reverse("applications:document_attach", args=[application.pk]), {"document": theirs.pk}
    )
    assert not theirs.applications.exists()


# Downloads -------------------------------------------------------------------


def test_the_owner_downloads_the_file_as_an_attachment(client_logged_in, user):
    document = DocumentFactory(owner=user, file_name="Sam Taylor CV.pdf")
    response = client_logged_in.get(reverse("applications:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Sam Taylor CV.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_another_persons_document_is_not_found(client_logged_in, other_user):
    theirs = DocumentFactory(owner=other_user)
    for name in ("document_download", "document_detail", "document_update", "document_delete"):
        response = client_logged_in.get(reverse(f"applications:{name}", args=[theirs.pk]))
        assert response.status_code == 404, name


def test_anonymous_is_sent_to_login(client, user):
    document = DocumentFactory(owner=user)
    response = client.get(reverse("applications:document_download", args=[document.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_stored_file_has_no_public_address(client, user):
    document = DocumentFactory(owner=user)
    assert client.get("/media/" + document.file.name).status_code == 404
    assert client.get("/" + document.file.name).status_code == 404


# Removal: document, trash, account ---------------------------------------------


def test_deleting_a_document_removes_its_file(
    client_logged_in, user, django_capture_on_commit_callbacks
):
    document = DocumentFactory(owner=user)
    name = document.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client_logged_in.post(
            reverse("applications:document_delete", args=[document.pk])
        )
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not default_storage.exists(name)


@pytest.mark.parametrize("how", ["empty", "purge"])
def test_the_trash_takes_documents_sent_only_with_what_it_deletes(
    user, how, django_capture_on_commit_callbacks
):
    gone, stays = ApplicationFactory.create_batch(2, owner=user)
    only_gone = DocumentFactory(owner=user)
    only_gone.applications.set([gone])
    shared = DocumentFactory(owner=user)
    shared.applications.set([gone, stays])
    unlinked = DocumentFactory(owner=user)
    application_trash(application=gone, now=timezone.now() - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        if how == "empty":
            trash_empty(owner=user)
        else:
            trash_purge_expired()
    assert not Application.objects.filter(pk=gone.pk).exists()
    assert set(Document.objects.all()) == {shared, unlinked}
    assert not default_storage.exists(only_gone.file.name)
    assert default_storage.exists(shared.file.name)
    assert list(shared.applications.all()) == [stays]


def test_deleting_the_account_removes_the_files_too(
    user, other_user, django_capture_on_commit_callbacks
):
    mine = DocumentFactory(owner=user)
    theirs = DocumentFactory(owner=other_user)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=user)
    assert not default_storage.exists(mine.file.name)
    assert default_storage.exists(theirs.file.name)


# Export and import -------------------------------------------------------------


def test_the_export_holds_the_file_and_an_import_brings_it_back(user):
    application = ApplicationFactory(owner=user)
    document = DocumentFactory(owner=user, title="Cover letter", kind="cover_letter")
    document.applications.set([application])
    data = data_export(user=user)
    [row] = data["models"]["applications.document"]
    assert base64.b64decode(row["file"]["content_base64"]) == PDF_BYTES
    assert document.file.name not in json.dumps(data)  # The stored name stays here.

    newcomer = UserFactory()
    data_import(user=newcomer, data=parse_export(data_export_json(user=user)))
    copy = Document.objects.get(owner=newcomer)
    assert (copy.title, copy.kind, copy.file_type) == ("Cover letter", "cover_letter", "pdf")
    assert copy.file.name != document.file.name
    assert copy.file.name.startswith(f"documents/{newcomer.pk}/")
    with copy.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    assert copy.applications.get().owner == newcomer


def test_an_import_with_a_file_that_is_not_a_document_stores_nothing(user):
    DocumentFactory(owner=user)
    data = data_export(user=user)
    row = data["models"]["applications.document"][0]
    row["file"] = {"content_base64": base64.b64encode(b"MZ\x90\x00binary").decode()}
    newcomer = UserFactory()
    with pytest.raises(ImportRefused, match="whatever its name says"):
        data_import(user=newcomer, data=data)
    assert not Document.objects.filter(owner=newcomer).exists()
    assert not default_storage.exists(f"documents/{newcomer.pk}")


def test_an_import_with_damaged_file_content_is_refused(user):
    DocumentFactory(owner=user)
    data = data_export(user=user)
    data["models"]["applications.document"][0]["file"] = {"content_base64": "not base64!"}
    with pytest.raises(ImportRefused, match="damaged"):
        data_import(user=UserFactory(), data=data)


@pytest.mark.parametrize(
    ("name", "kept_as"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\sam\\CV.txt", "CV.txt"),
        ('<script>alert(1)</script>".txt', "script.txt"),
        ("cv\u202etxt.exe", "cvtxt.txt"),
        ("....txt", "document.txt"),
    ],
)
def test_hostile_file_names_never_reach_a_path_or_a_header(client_logged_in, name, kept_as):
    response = client_logged_in.post(
        CREATE, {"upload": upload(b"Sam Taylor, designer", name), "kind": "cv"}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.file_name == kept_as
    assert ".." not in document.file.name and "\\" not in document.file.name
    download = client_logged_in.get(reverse("applications:document_download", args=[document.pk]))
    assert "\n" not in download["Content-Disposition"]
    page = client_logged_in.get(document.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page


def test_removing_a_document_from_an_application_asks_first(client_logged_in, user):
    document = DocumentFactory(owner=user, title="CV, autumn")
    application = ApplicationFactory(owner=user)
    document.applications.add(application)
    url = reverse("applications:document_detach", args=[application.pk, document.pk])
    page = client_logged_in.get(application.get_absolute_url()).content.decode()
    assert f'href="{url}"' in page
    assert "Remove from this application" in page
    assert "Not sent with this" not in page

    confirm = client_logged_in.get(url)
    assert confirm.status_code == 200
    content = confirm.content.decode()
    assert "Remove “CV, autumn” from" in content
    assert "Keep it listed" in content
    assert list(document.applications.all()) == [application]  # Asking changes nothing.

    response = client_logged_in.post(url)
    assert response.status_code == 302
    assert list(document.applications.all()) == []
    assert Document.objects.filter(pk=document.pk).exists()


def test_another_persons_application_is_not_found_when_removing(client_logged_in, user, other_user):
    document = DocumentFactory(owner=user)
    theirs = ApplicationFactory(owner=other_user)
    url = reverse("applications:document_detach", args=[theirs.pk, document.pk])
    assert client_logged_in.get(url).status_code == 404
    assert client_logged_in.post(url).status_code == 404
