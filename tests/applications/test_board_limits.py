import re

import pytest
from django.urls import reverse

from applications.models import Status
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
    text = re.sub(r"<[^>]+>", "", page)  # the counts are in spans a move updates
    assert f"See all {BOARD_COLUMN_LIMIT + 5} in the list" in text
    assert len(set(re.findall(r"Rejected role \d{3}", page))) == BOARD_CLOSED_COLUMN_LIMIT
    assert f"See all {BOARD_CLOSED_COLUMN_LIMIT + 2} in the list" in text
    assert "The offer" in page
    assert f"{reverse('applications:application_list')}?status=applied" in page


def test_each_card_has_its_own_move_to_menu_on_one_shared_form(client_logged_in, user):
    """A card lists the other stages under "Move to…": each a button of the board's
    one form, naming its card's address, so the page carries one CSRF token and
    every card can be moved without a script."""
    company = CompanyFactory(owner=user)
    cards = [
        ApplicationFactory(owner=user, company=company, status=status, title=f"Role {n}")
        for n, status in enumerate(["applied"] * 20 + ["screening"] * 5 + ["rejected"] * 3)
    ]
    page = client_logged_in.get(reverse("applications:application_board")).text
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    # One form for all the moves, beside the quick add's (and the filter's, a GET).
    assert main.count('<form method="post"') == main.count("csrfmiddlewaretoken") == 2
    assert main.count('id="board-move"') == 1
    assert main.count('<summary class="small">Move to…') == len(cards)
    for card in cards:
        url = reverse("applications:application_status", args=[card.pk])
        buttons = re.findall(
            rf'<button form="board-move" formaction="{url}" name="to_status" '
            rf'value="(\w+)"( hidden)?>',
            page,
        )
        assert len(buttons) == len(Status.values)
        # Every stage but its own is offered, the one it usually goes to next first.
        offered = [value for value, hidden in buttons if not hidden]
        assert sorted(offered) == sorted(s for s in Status.values if s != card.status)
        if card.natural_next_status:
            assert offered[0] == card.natural_next_status


def test_a_stage_button_moves_its_card_and_comes_back_to_the_board(client_logged_in, user):
    application = ApplicationFactory(owner=user, status="applied", title="Analyst")
    board = reverse("applications:application_board")
    response = client_logged_in.post(
        reverse("applications:application_status", args=[application.pk]),
        {"to_status": "screening", "next": board},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == board
    assert "Moved Analyst to Screening." in response.text
    application.refresh_from_db()
    assert application.status == "screening"


def test_moving_to_interviewing_offers_to_add_the_interview(client_logged_in, user):
    application = ApplicationFactory(owner=user, status="screening", title="Analyst")
    board = reverse("applications:application_board")
    url = reverse("applications:application_status", args=[application.pk])
    add = reverse("applications:interview_create", args=[application.pk])
    response = client_logged_in.post(url, {"to_status": "interviewing", "next": board}, follow=True)
    # A button in the message, so it is not missed.
    assert f'<a class="btn btn-sm btn-primary ms-1" href="{add}">Add the interview</a>' in (
        response.text
    )
    # The same offer for the board's script.
    application.status = "screening"
    application.save()
    data = client_logged_in.post(
        url, {"to_status": "interviewing"}, headers={"accept": "application/json"}
    ).json()
    assert data["offer"] == {"url": add, "text": "Add the interview"}


def test_moving_to_rejected_leads_to_the_loop_s_first_step(client_logged_in, user):
    application = ApplicationFactory(owner=user, status="interviewing")
    board = reverse("applications:application_board")
    response = client_logged_in.post(
        reverse("applications:application_status", args=[application.pk]),
        {"to_status": "rejected", "next": board},
    )
    assert response.url == reverse("feedback:rejection_create", args=[application.pk])


def test_closed_stages_fold_into_one_lane_with_their_counts(client_logged_in, user):
    company = CompanyFactory(owner=user)
    for status, n in [("accepted", 1), ("rejected", 3), ("withdrawn", 2), ("applied", 1)]:
        for _ in range(n):
            ApplicationFactory(owner=user, company=company, status=status)
    page = client_logged_in.get(reverse("applications:application_board")).text
    lane = page.split('<details class="rb-board-closed"', 1)[1].split("</details>\n  </div>")[0]
    summary = re.sub(r"<[^>]+>", "", lane.split("</summary>")[0])
    assert "Accepted 1 · Rejected 3 · Withdrawn 2 · No response 0" in summary
    assert 'data-count-of="closed">6<' in lane
    for status in ("accepted", "rejected", "withdrawn", "no_response"):
        assert f'data-status="{status}"' in lane
    assert 'data-status="applied"' not in lane


def test_a_board_form_sent_without_a_card_moves_nothing_and_says_so(client_logged_in, user):
    application = ApplicationFactory(owner=user, status="applied")
    response = client_logged_in.post(
        reverse("applications:application_board"), {"to_status": "screening"}
    )
    assert response.status_code == 400
    assert "Nothing was moved: open Move to… on the card" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "applied"


def test_a_card_names_its_interest_and_its_id(client_logged_in, user):
    card = ApplicationFactory(owner=user, status="applied", title="Keen role", interest=4)
    page = client_logged_in.get(reverse("applications:application_board")).text
    assert f'data-application="{card.pk}"' in page
    assert 'title="Interest: 4 of 5"' in page
    assert '<span class="visually-hidden">Interest: 4 of 5</span>' in page


def test_moving_to_screening_offers_to_add_the_screening_call(client_logged_in, user):
    # The walk-through found the message asking for the call with no button to add it.
    application = ApplicationFactory(owner=user, status="applied", title="Analyst")
    url = reverse("applications:application_status", args=[application.pk])
    add = reverse("applications:interview_create", args=[application.pk])
    response = client_logged_in.post(url, {"to_status": "screening"}, follow=True)
    assert f'<a class="btn btn-sm btn-primary ms-1" href="{add}">Add the screening call</a>' in (
        response.text
    )
    application.status = "applied"
    application.save()
    data = client_logged_in.post(
        url, {"to_status": "screening"}, headers={"accept": "application/json"}
    ).json()
    assert data["offer"] == {"url": add, "text": "Add the screening call"}
    # Other stages offer nothing.
    data = client_logged_in.post(
        url, {"to_status": "offer"}, headers={"accept": "application/json"}
    ).json()
    assert data["offer"] == {}
