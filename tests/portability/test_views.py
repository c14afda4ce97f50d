import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portability.services import data_export, owned_row_count
from tests.factories import ApplicationFactory, UserFactory
from tests.world import build_world

pytestmark = pytest.mark.django_db


def test_export_page_offers_both_downloads_and_is_linked_from_the_account_menu(
    client_logged_in, user
):
    ApplicationFactory(owner=user)
    response = client_logged_in.get(reverse("export_json"))
    assert response.status_code == 200
    assert reverse("export_json_file") in response.text
    assert reverse("export_csv_zip") in response.text
    settings_page = client_logged_in.get(reverse("settings"))
    assert reverse("export_json") in settings_page.text
    assert reverse("import_json") in settings_page.text


def test_json_download_is_the_persons_export(client_logged_in, user):
    world = build_world(user, tag="qzxa")
    response = client_logged_in.get(reverse("export_json_file"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["format"] == "rebound-export"
    assert world.markers[0] in response.content.decode()


def test_csv_zip_download(client_logged_in, user):
    build_world(user, tag="qzxa")
    response = client_logged_in.get(reverse("export_csv_zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_import_page_brings_everything_into_an_empty_account(client, user):
    build_world(user, tag="qzxa")
    exported = json.dumps(data_export(user=user)).encode()
    newcomer = UserFactory()
    client.force_login(newcomer)
    upload = SimpleUploadedFile("rebound.json", exported, content_type="application/json")
    response = client.post(reverse("import_json"), {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Imported" in response.text
    assert owned_row_count(user=newcomer) == owned_row_count(user=user)


def test_import_page_explains_when_the_account_is_not_empty(client_logged_in, user):
    ApplicationFactory(owner=user)
    before = owned_row_count(user=user)
    response = client_logged_in.get(reverse("import_json"))
    assert "new, empty account" in response.text
    upload = SimpleUploadedFile("rebound.json", b"{}", content_type="application/json")
    response = client_logged_in.post(reverse("import_json"), {"file": upload})
    assert response.status_code == 200
    assert owned_row_count(user=user) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"hello", "could not be read"),
        (b'{"format": "rebound-export", "version": 1, "models": {"x.y": []}}', "does not know"),
    ],
)
def test_a_wrong_file_is_an_error_beside_the_field(client_logged_in, content, message):
    upload = SimpleUploadedFile("rebound.json", content, content_type="application/json")
    response = client_logged_in.post(reverse("import_json"), {"file": upload})
    assert response.status_code == 200
    assert message in response.text
    assert "is-invalid" in response.text


def test_import_without_a_file_asks_for_one(client_logged_in):
    response = client_logged_in.post(reverse("import_json"), {})
    assert response.status_code == 200
    assert "Choose the .json file" in response.text


@pytest.mark.parametrize(
    "name", ["export_json", "export_json_file", "export_csv_zip", "import_json"]
)
def test_anonymous_visitors_are_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_downloads_only_answer_get(client_logged_in):
    assert client_logged_in.post(reverse("export_json_file")).status_code == 405
