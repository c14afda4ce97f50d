import re

import pytest
from django.urls import reverse

from applications.views import BOARD_CLOSED_COLUMN_LIMIT, BOARD_COLUMN_LIMIT
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def test_long_columns_show_the_newest_cards_and_link_to_the_full_list(client_logged_in, user):
    company = CompanyFactory(owner=user)
    for n in range(BOARD_COLUMN_LIMIT + 5):
        ApplicationFactory(
            owner=user, company=company, status="applied", title=f"Applied role {n:03}"
        )
    for n in range(BOARD_CLOSED_COLUMN_LIMIT + 2):
        ApplicationFactory(
            owner=user, company=company, status="rejected", title=f"Rejected role {n:03}"
        )
    ApplicationFactory(owner=user, company=company, status="offer", title="The offer")

    response = client_logged_in.get(reverse("applications:application_board"))
    page = response.text
    assert len(set(re.findall(r"Applied role \d{3}", page))) == BOARD_COLUMN_LIMIT
    assert f"Applied role {BOARD_COLUMN_LIMIT + 4:03}" in page  # the newest is shown
    assert "Applied role 000" not in page  # the oldest waits in the list
    assert f"See all {BOARD_COLUMN_LIMIT + 5} in the list" in page
    assert len(set(re.findall(r"Rejected role \d{3}", page))) == BOARD_CLOSED_COLUMN_LIMIT
    assert f"See all {BOARD_CLOSED_COLUMN_LIMIT + 2} in the list" in page
    assert "The offer" in page
    assert f"{reverse('applications:application_list')}?status=applied" in page


def test_cards_share_their_column_s_move_form(client_logged_in, user):
    """A card carries one Move button, not a form of its own: the page stays light
    however many cards it shows, and every card can still be moved without a script."""
    company = CompanyFactory(owner=user)
    cards = [
        ApplicationFactory(owner=user, company=company, status=status, title=f"Role {n}")
        for n, status in enumerate(["applied"] * 20 + ["screening"] * 5 + ["rejected"] * 3)
    ]
    page = client_logged_in.get(reverse("applications:application_board")).text
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("<form") == main.count("csrfmiddlewaretoken") == 9  # one per stage
    assert main.count("<option") == 9 * 9
    for card in cards:
        button = re.search(
            rf'<button type="submit" form="move-(\w+)" formaction="'
            rf'{reverse("applications:application_status", args=[card.pk])}"',
            page,
        )
        assert button and button.group(1) == card.status
        assert f'id="move-{card.status}"' in page


def test_a_column_form_sent_without_a_card_moves_nothing_and_says_so(client_logged_in, user):
    application = ApplicationFactory(owner=user, status="applied")
    response = client_logged_in.post(
        reverse("applications:application_board"), {"to_status": "screening"}
    )
    assert response.status_code == 400
    assert "Nothing was moved: press Move on the card" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "applied"
