"""The applications list: search, filters, sorting and pagination."""

import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Status
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db

URL = reverse("applications:application_list")


def _titles(response):
    return [a.title for a in response.context["applications"]]


def test_empty_list_says_what_to_do_first(client_logged_in):
    html = client_logged_in.get(URL).content.decode()
    assert "Add your first application" in html


def test_only_the_persons_applications_are_listed(client_logged_in, user):
    ApplicationFactory(owner=user, title="Mine")
    ApplicationFactory(title="Theirs")
    assert _titles(client_logged_in.get(URL)) == ["Mine"]


def test_search_title_company_and_notes(client_logged_in, user):
    ApplicationFactory(owner=user, title="Backend engineer")
    ApplicationFactory(owner=user, title="Writer", company__name="Rocket Backend Ltd")
    ApplicationFactory(owner=user, title="Tester", notes="mostly backend work")
    ApplicationFactory(owner=user, title="Chef")
    titles = _titles(client_logged_in.get(URL, {"q": "backend"}))
    assert sorted(titles) == ["Backend engineer", "Tester", "Writer"]


def test_filters(client_logged_in, user):
    acme = CompanyFactory(owner=user, name="Acme")
    ApplicationFactory(
        owner=user,
        title="A",
        company=acme,
        status=Status.REJECTED,
        source="referral",
        work_mode="remote",
        date_applied=dt.date(2026, 3, 10),
    )
    ApplicationFactory(
        owner=user,
        title="B",
        status=Status.APPLIED,
        source="job_board",
        work_mode="hybrid",
        date_applied=dt.date(2026, 5, 10),
    )
    assert _titles(client_logged_in.get(URL, {"status": "rejected"})) == ["A"]
    assert _titles(client_logged_in.get(URL, {"status": "open"})) == ["B"]
    assert _titles(client_logged_in.get(URL, {"status": "closed"})) == ["A"]
    assert _titles(client_logged_in.get(URL, {"company": acme.pk})) == ["A"]
    assert _titles(client_logged_in.get(URL, {"source": "job_board"})) == ["B"]
    assert _titles(client_logged_in.get(URL, {"work_mode": "remote"})) == ["A"]
    assert _titles(client_logged_in.get(URL, {"applied_from": "2026-04-01"})) == ["B"]
    assert _titles(client_logged_in.get(URL, {"applied_to": "2026-04-01"})) == ["A"]


def test_nothing_matches_offers_a_way_back(client_logged_in, user):
    ApplicationFactory(owner=user)
    html = client_logged_in.get(URL, {"q": "zzz-no-such-thing"}).content.decode()
    assert "Nothing matches this search" in html


def test_bad_filter_shows_a_message_and_keeps_the_other_filters(client_logged_in, user):
    ApplicationFactory(owner=user, title="Kept", status=Status.APPLIED)
    ApplicationFactory(owner=user, title="Filtered out", status=Status.OFFER)
    response = client_logged_in.get(URL, {"status": "applied", "applied_from": "not a date"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()
    assert _titles(response) == ["Kept"]


def test_another_persons_company_in_the_filter_is_ignored(client_logged_in, user, other_user):
    theirs = CompanyFactory(owner=other_user)
    ApplicationFactory(owner=other_user, company=theirs)
    ApplicationFactory(owner=user, title="Mine")
    response = client_logged_in.get(URL, {"company": theirs.pk})
    assert response.status_code == 200
    assert _titles(response) == ["Mine"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("company", ["Zed at Alpha", "Alpha at Beta", "Mid at Gamma"]),
        ("title", ["Alpha at Beta", "Mid at Gamma", "Zed at Alpha"]),
        ("interest", ["Mid at Gamma", "Zed at Alpha", "Alpha at Beta"]),
        ("applied", ["Alpha at Beta", "Mid at Gamma", "Zed at Alpha"]),
        ("applied_oldest", ["Zed at Alpha", "Mid at Gamma", "Alpha at Beta"]),
    ],
)
def test_sorting(client_logged_in, user, sort, expected):
    for title, company, interest, day in [
        ("Zed at Alpha", "Alpha", 3, 1),
        ("Alpha at Beta", "beta", 1, 20),
        ("Mid at Gamma", "Gamma", 5, 10),
    ]:
        ApplicationFactory(
            owner=user,
            title=title,
            company__name=company,
            interest=interest,
            date_applied=dt.date(2026, 6, day),
        )
    assert _titles(client_logged_in.get(URL, {"sort": sort})) == expected


def test_pagination_keeps_the_filters(client_logged_in, user):
    for _ in range(30):
        ApplicationFactory(owner=user, status=Status.APPLIED)
    ApplicationFactory(owner=user, status=Status.OFFER)
    first = client_logged_in.get(URL, {"status": "applied"})
    assert len(first.context["applications"]) == 25
    html = first.content.decode()
    assert "status=applied&amp;page=2" in html
    second = client_logged_in.get(URL, {"status": "applied", "page": 2})
    assert len(second.context["applications"]) == 5
    assert client_logged_in.get(URL, {"page": "999"}).status_code == 200


def test_table_and_phone_cards_both_show_status_text(client_logged_in, user):
    ApplicationFactory(owner=user, status=Status.SCREENING)
    html = client_logged_in.get(URL).content.decode()
    assert html.count(">Screening</span>") == 2


def test_the_quiet_filter_lists_waiting_applications_with_no_news(client_logged_in, user):
    """Home's "no news for a while" nudge links here (status=quiet)."""
    from django.utils import timezone

    from tests.factories import InterviewFactory

    long_ago = timezone.now() - dt.timedelta(days=user.no_response_days + 5)
    ApplicationFactory(owner=user, title="Quiet", status=Status.APPLIED, last_news_at=long_ago)
    ApplicationFactory(owner=user, title="Recent", status=Status.APPLIED)
    ApplicationFactory(owner=user, title="Closed", status=Status.REJECTED, last_news_at=long_ago)
    booked = ApplicationFactory(
        owner=user, title="Interview ahead", status=Status.INTERVIEWING, last_news_at=long_ago
    )
    InterviewFactory(application=booked, starts_at=timezone.now() + dt.timedelta(days=2))
    response = client_logged_in.get(URL, {"status": "quiet"})
    assert _titles(response) == ["Quiet"]
    assert "1 of 4 applications match" in response.content.decode()


def test_an_unfiltered_list_counts_once_and_a_filtered_one_counts_its_matches(
    client_logged_in, user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        ApplicationFactory(owner=user, title=f"Role {n}", status=Status.APPLIED)
    ApplicationFactory(owner=user, title="Offer", status=Status.OFFER)

    def counts(params):
        with CaptureQueriesContext(connection) as ctx:
            html = client_logged_in.get(URL, params).content.decode()
        # (The database caches count their own rows when they store something.)
        return html, sum(
            "COUNT(" in q["sql"] and "_cache" not in q["sql"] for q in ctx.captured_queries
        )

    html, plain_counts = counts({})
    assert "4 applications" in html and "match" not in html
    assert plain_counts == 1  # the total serves as the page count
    html, filtered_counts = counts({"status": "offer"})
    assert "1 of 4 applications match" in html
    assert filtered_counts == 2


def test_no_template_comment_reaches_the_page(client_logged_in, user):
    ApplicationFactory(owner=user)
    html = client_logged_in.get(URL).content.decode()
    assert "{#" not in html and "#}" not in html
