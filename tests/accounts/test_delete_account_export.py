import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_delete_account_page_links_to_the_data_export(client_logged_in):
    html = client_logged_in.get(reverse("delete_account")).content.decode()
    assert f'<a href="{reverse("export_json")}">export your data</a>' in html
    assert "copy what you need" not in html
