"""Company names that the database's Lower("name") rule calls the same (issue 15, case 11)."""

import pytest
from django.urls import reverse

from applications.models import Company


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Istanbul Tech", "İstanbul Tech"),  # dotted capital I
        ("Kilo Labs", "\u212ailo Labs"),  # Kelvin sign K
    ],
)
def test_names_the_database_calls_equal_get_a_message_not_a_500(
    client_logged_in, user, first, second
):
    client_logged_in.post(reverse("applications:company_create"), {"name": first})
    response = client_logged_in.post(reverse("applications:company_create"), {"name": second})
    assert response.status_code == 200
    assert "You already have a company called" in response.content.decode()
    assert Company.objects.filter(owner=user).count() == 1


def test_a_name_taken_between_the_check_and_the_save_gets_a_message(
    client_logged_in, user, monkeypatch
):
    """Two saves at the same moment both pass the form's check; the constraint refuses one."""
    from applications.forms import CompanyForm

    client_logged_in.post(reverse("applications:company_create"), {"name": "Initech"})
    # As if the other request saved just after this one's check ran.
    monkeypatch.setattr(CompanyForm, "clean_name", lambda form: form.cleaned_data["name"])
    response = client_logged_in.post(
        reverse("applications:company_create"),
        {"name": "INITECH", "notes": "Kept after the refusal"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "You already have a company called INITECH" in page
    assert "Kept after the refusal" in page
    assert Company.objects.filter(owner=user).count() == 1
