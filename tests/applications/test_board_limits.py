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
