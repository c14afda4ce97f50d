"""Company initials as small decorative avatars: the name is always written beside
them, so the avatar is hidden from screen readers and never the only label."""

import re

import pytest
from django.urls import reverse

from applications.templatetags.applications_extras import company_avatar
from tests.factories import ApplicationFactory, CompanyFactory


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Juniper and Vale", "JV"),
        ("The Bank of Somewhere", "BS"),
        ("Fabrikam", "F"),
        ("northwind traders ltd", "NT"),
        ("  ", "?"),
        ("", "?"),
    ],
)
def test_initials(name, initials):
    assert f'aria-hidden="true">{initials}</span>' in company_avatar(name)


def test_the_same_company_always_gets_the_same_tone_and_names_are_escaped():
    assert company_avatar("Contoso") == company_avatar("Contoso")
    tones = {re.search(r"rb-avatar-(\d)", company_avatar(n))[1] for n in ("A", "B", "C", "D")}
    assert len(tones) > 1
    assert "<b" not in company_avatar("<b>Bold</b> Co")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "applications:application_board",
        "applications:application_list",
        "applications:company_list",
    ],
)
def test_cards_and_rows_show_the_avatar_beside_the_written_name(client_logged_in, user, url_name):
    company = CompanyFactory(owner=user, name="Tailspin Toys")
    ApplicationFactory(owner=user, company=company, title="Buyer")
    page = client_logged_in.get(reverse(url_name)).text
    assert re.search(
        r'<span class="rb-avatar rb-avatar-\d" aria-hidden="true">TT</span>'
        r"(<span>|<a [^>]*>)Tailspin Toys<",
        page,
    )


@pytest.mark.django_db
def test_an_application_and_a_company_page_show_the_avatar_in_their_header(client_logged_in, user):
    company = CompanyFactory(owner=user, name="Tailspin Toys")
    application = ApplicationFactory(owner=user, company=company, title="Buyer")
    page = client_logged_in.get(application.get_absolute_url()).text
    assert re.search(
        r'aria-hidden="true">TT</span><span>at <a href="[^"]+">Tailspin Toys</a>', page
    )
    page = client_logged_in.get(company.get_absolute_url()).text
    assert re.search(
        r'<h1 [^>]*>.*aria-hidden="true">TT</span><span>Tailspin Toys</span></h1>', page
    )
