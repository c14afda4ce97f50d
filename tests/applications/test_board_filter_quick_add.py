import pytest
from django.urls import reverse

from applications.models import Application, Company
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db

BOARD = "applications:application_board"


def test_the_board_filters_by_search_interest_and_work_mode(client_logged_in, user):
    acme = CompanyFactory(owner=user, name="Acme")
    ApplicationFactory(
        owner=user, company=acme, title="Remote keeper", interest=5, work_mode="remote"
    )
    ApplicationFactory(
        owner=user, company=acme, title="Office keeper", interest=5, work_mode="on_site"
    )
    ApplicationFactory(
        owner=user, company=acme, title="Lukewarm keeper", interest=2, work_mode="remote"
    )
    ApplicationFactory(owner=user, company=acme, title="Gardener", interest=5, work_mode="remote")
    url = reverse(BOARD)
    page = client_logged_in.get(url, {"q": "keeper", "interest": "4", "work_mode": "remote"}).text
    assert "Remote keeper" in page
    for title in ("Office keeper", "Lukewarm keeper", "Gardener"):
        assert title not in page
    assert "Showing 1 application that matches your filter." in page
    assert '<option value="4" selected>' in page
    # The counts follow the filter; nothing matching still shows the board.
    page = client_logged_in.get(url, {"q": "nobody"}).text
    assert "Showing 0 applications that match your filter." in page
    assert "data-board" in page
    assert "Show all" in page


def test_a_bad_filter_value_is_ignored_not_an_error(client_logged_in, user):
    ApplicationFactory(owner=user, title="Welder")
    response = client_logged_in.get(reverse(BOARD), {"interest": "9", "work_mode": "moon"})
    assert response.status_code == 200
    assert "Welder" in response.text


@pytest.mark.parametrize("page", [BOARD, "applications:application_list"])
def test_quick_add_suggests_the_person_s_own_companies(client_logged_in, user, other_user, page):
    CompanyFactory(owner=user, name="Contoso")
    CompanyFactory(owner=other_user, name="Someone Else Ltd")
    html = client_logged_in.get(reverse(page)).text
    assert '<datalist id="quick-companies"><option value="Contoso"></option></datalist>' in html
    assert "Someone Else Ltd" not in html


def test_quick_add_creates_through_the_full_form_and_comes_back(client_logged_in, user):
    contoso = CompanyFactory(owner=user, name="Contoso")
    board = reverse(BOARD)
    response = client_logged_in.post(
        reverse("applications:application_create"),
        {"title": "Tester", "new_company_name": "contoso", "status": "applied", "next": board},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == board
    assert "Added Tester at Contoso." in response.text
    application = Application.objects.get(owner=user, title="Tester")
    # An existing company, whatever the letter case, is reused, not doubled.
    assert application.company == contoso
    assert Company.objects.filter(owner=user).count() == 1
    assert application.date_applied is not None
    assert application.status_changes.count() == 1


def test_quick_add_with_a_missing_title_opens_the_full_form_with_what_was_typed(
    client_logged_in, user
):
    response = client_logged_in.post(
        reverse("applications:application_create"),
        {"title": "", "new_company_name": "Globex", "status": "interested", "next": "/"},
    )
    assert response.status_code == 200
    html = response.text
    assert "Enter the job title, as the posting names it." in html
    assert 'value="Globex"' in html
    assert not Application.objects.filter(owner=user).exists()
