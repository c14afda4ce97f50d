"""The REST API's routes: what each reads and writes, its errors, and hostile
input on every write route (the values of tests/test_hostile_input.py, as JSON)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from api.models import Scope
from applications.models import Application, InterviewQuestion, StatusChange
from practice.models import Attempt
from reminders.models import ActionState
from tests.api.conftest import bearer_client
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    InterviewFactory,
    PlanItemFactory,
    RejectionFactory,
    RubricRatingFactory,
)
from tests.test_hostile_input import HOSTILE_CHOICES, HOSTILE_DATES, HOSTILE_NUMBERS, HOSTILE_TEXT

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, data, content_type="application/json")


def test_list_applies_the_list_pages_filters_and_pages_by_cursor(api_client, user):
    acme = CompanyFactory(owner=user, name="Acme")
    for n in range(5):
        ApplicationFactory(owner=user, company=acme, title=f"Engineer {n}", status="applied")
    ApplicationFactory(owner=user, title="Gardener", status="offer")
    ApplicationFactory(title="Engineer elsewhere")  # another person's

    found = api_client.get(f"{API}/applications/", {"q": "engineer", "limit": 2, "sort": "title"})
    assert found.status_code == 200
    body = found.json()
    titles = [a["title"] for a in body["items"]]
    assert titles == ["Engineer 0", "Engineer 1"]
    seen = list(titles)
    while body["next_cursor"]:
        body = api_client.get(
            f"{API}/applications/",
            {"q": "engineer", "limit": 2, "sort": "title", "cursor": body["next_cursor"]},
        ).json()
        seen += [a["title"] for a in body["items"]]
    assert seen == [f"Engineer {n}" for n in range(5)]

    offers = api_client.get(f"{API}/applications/", {"status": "offer"}).json()["items"]
    assert [a["title"] for a in offers] == ["Gardener"]
    refused = api_client.get(f"{API}/applications/", {"status": "nonsense", "cursor": "forged"})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"status"} or "cursor" in refused.json()["errors"]


def _all_pages(client, params, limit=2):
    body = client.get(f"{API}/applications/", {**params, "limit": limit}).json()
    ids = [a["id"] for a in body["items"]]
    while body["next_cursor"]:
        body = client.get(
            f"{API}/applications/", {**params, "limit": limit, "cursor": body["next_cursor"]}
        ).json()
        ids += [a["id"] for a in body["items"]]
    return ids


@pytest.mark.parametrize(
    "sort", ["updated", "applied", "applied_oldest", "company", "title", "interest"]
)
def test_cursor_pages_follow_each_sort_with_ties_and_empty_dates(api_client, user, sort):
    """Page by page gives the same rows in the same order as one long page, with ties
    (same company, date and interest) and applications with no date applied."""
    acme, beta = CompanyFactory(owner=user, name="Acme"), CompanyFactory(owner=user, name="beta")
    same_day = dt.date(2026, 10, 1)
    for n in range(7):
        ApplicationFactory(
            owner=user,
            company=acme if n % 3 else beta,
            title="Designer" if n < 4 else "designer",
            date_applied=None if n in (2, 5) else same_day,
            status="interested" if n in (2, 5) else "applied",
            interest=3,
        )
    one_page = [
        a["id"]
        for a in api_client.get(f"{API}/applications/", {"sort": sort, "limit": 100}).json()[
            "items"
        ]
    ]
    assert len(one_page) == 7
    assert _all_pages(api_client, {"sort": sort}) == one_page


def test_the_cursor_is_a_keyset_so_new_rows_never_shift_the_next_page(api_client, user):
    """With an offset, a row added at the top would push the first page's last row
    onto the second page too."""
    for n in range(5):
        ApplicationFactory(owner=user, title=f"Role {n}")
    first = api_client.get(f"{API}/applications/", {"limit": 2}).json()
    ApplicationFactory(owner=user, title="Added meanwhile")  # the newest: first in this sort
    second = api_client.get(
        f"{API}/applications/", {"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    seen = [a["title"] for a in first["items"] + second["items"]]
    assert seen == ["Role 4", "Role 3", "Role 2", "Role 1"]


def test_a_cursor_from_another_sort_is_refused(api_client, user):
    for n in range(3):
        ApplicationFactory(owner=user, title=f"Role {n}")
    first = api_client.get(f"{API}/applications/", {"limit": 1, "sort": "title"}).json()
    refused = api_client.get(
        f"{API}/applications/", {"limit": 1, "sort": "applied", "cursor": first["next_cursor"]}
    )
    assert refused.status_code == 400
    assert "same sort" in refused.json()["errors"]["cursor"][0]


def test_the_api_and_the_add_page_make_the_same_records(api_client, user, other_user):
    """One path (ApplicationForm.create) for both: the same input gives the same
    application, company, contact and history, entered after the fact at a later stage."""
    from django.test import Client
    from django.urls import reverse

    entry = {
        "title": "Service designer",
        "new_company_name": "Harbour Health",
        "status": "interviewing",
        "date_applied": "2026-10-01",
        "new_contact_name": "Ana Ruiz",
        "new_contact_role": "hiring_manager",
        "salary_currency": "gbp",
        "interest": "5",
    }
    page = Client()
    page.force_login(other_user)
    assert page.post(reverse("applications:application_create"), entry).status_code == 302
    assert _post(api_client, f"{API}/applications/", entry).status_code == 201

    def made(owner):
        application = Application.objects.get(owner=owner)
        contact = application.contacts.get()
        return (
            application.title,
            application.company.name,
            application.status,
            application.date_applied,
            application.salary_currency,
            (contact.name, contact.role, contact.company_id == application.company_id),
            [
                (c.from_status, c.to_status, c.changed_at.astimezone(owner.zone).date())
                for c in application.status_changes.order_by("changed_at", "pk")
            ],
        )

    assert made(user) == made(other_user)
    assert made(user)[6][0] == ("", "applied", dt.date(2026, 10, 1))


@pytest.mark.parametrize("route", ["interviews", "rejections", "practice/plans"])
def test_every_list_pages_by_keyset_cursor(api_client, user, route):
    """Interviews (two at one moment), rejections (two on one day) and plans, a page at
    a time: every row once, newest first, whatever is added in between."""
    same_moment = dt.datetime(2026, 10, 5, 9, 0, tzinfo=dt.UTC)
    for n in range(5):
        if route == "interviews":
            InterviewFactory(
                application=ApplicationFactory(owner=user),
                starts_at=same_moment - dt.timedelta(days=n // 2),
            )
        elif route == "rejections":
            RejectionFactory(owner=user, received_on=dt.date(2026, 10, 5 - n // 2))
        else:
            PlanItemFactory(plan__owner=user)
    url = f"{API}/{route}" + ("" if route.startswith("practice") else "/")
    whole = [row["id"] for row in api_client.get(url, {"limit": 100}).json()["items"]]
    assert len(whole) == 5
    first = api_client.get(url, {"limit": 2}).json()
    if route == "rejections":
        RejectionFactory(owner=user, received_on=dt.date(2026, 10, 9))  # would shift an offset
    seen = [row["id"] for row in first["items"]]
    body = first
    while body["next_cursor"]:
        body = api_client.get(url, {"limit": 2, "cursor": body["next_cursor"]}).json()
        seen += [row["id"] for row in body["items"]]
    assert seen == whole


def test_create_goes_through_the_pages_form_and_service(api_client, user):
    created = _post(
        api_client,
        f"{API}/applications/",
        {"title": "Analyst", "new_company_name": "Northwind", "status": "applied", "interest": 4},
    )
    assert created.status_code == 201
    application = Application.objects.get(owner=user)
    assert application.company.name == "Northwind"
    assert application.date_applied == user.local_today()
    assert StatusChange.objects.filter(application=application, to_status="applied").exists()

    future = (user.local_today() + dt.timedelta(days=3)).isoformat()
    refused = _post(
        api_client,
        f"{API}/applications/",
        {"title": "", "status": "applied", "interest": 3, "date_applied": future},
    )
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert errors["title"] == ["Enter the job title, as the posting names it."]
    assert errors["date_applied"] == ["Enter a date in the past or today."]
    assert "company" in errors
    assert Application.objects.count() == 1


def test_status_change_keeps_the_history_and_trash_hides_it(api_client, user):
    application = ApplicationFactory(owner=user, status="applied")
    moved = _post(
        api_client,
        f"{API}/applications/{application.pk}/status",
        {"to_status": "interviewing", "note": "First call booked"},
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "interviewing"
    change = StatusChange.objects.get(application=application, to_status="interviewing")
    assert change.note == "First call booked"
    assert api_client.delete(f"{API}/applications/{application.pk}").status_code == 204
    assert api_client.get(f"{API}/applications/{application.pk}").status_code == 404
    assert Application.objects.in_trash_of(user).filter(pk=application.pk).exists()


def test_interview_questions_are_recorded(api_client, user):
    interview = InterviewFactory(application__owner=user)
    saved = _post(
        api_client,
        f"{API}/interviews/{interview.pk}/questions",
        {"questions": ["Why this team?", "  ", "A conflict you resolved"]},
        method="put",
    )
    assert saved.status_code == 200
    assert [q.text for q in InterviewQuestion.objects.filter(interview=interview)] == [
        "Why this team?",
        "A conflict you resolved",
    ]
    listed = api_client.get(f"{API}/applications/{interview.application_id}/interviews").json()
    assert listed["items"][0]["questions"] == ["Why this team?", "A conflict you resolved"]


def test_rejection_shows_its_loop_and_comparison(api_client, user):
    rejection = RejectionFactory(owner=user, application__owner=user)
    RubricRatingFactory(rejection=rejection)
    body = api_client.get(f"{API}/rejections/{rejection.pk}").json()
    assert body["loop"]["own_ratings"] is True
    assert [a for a in body["comparison"]["areas"] if a["mine"] is not None]
    assert api_client.get(f"{API}/rejections/").json()["items"][0]["id"] == rejection.pk


def test_next_actions_done_and_snoozed_as_on_home(api_client, user):
    RejectionFactory(owner=user, application__owner=user)
    actions = api_client.get(f"{API}/actions/").json()
    assert actions, "a fresh rejection asks for a reflection"
    key = actions[0]["key"]
    snoozed = _post(api_client, f"{API}/actions/snooze", {"key": key, "days": "3"})
    assert snoozed.status_code == 200
    state = ActionState.objects.get(owner=user, key=key)
    assert state.state == "snoozed"
    # It comes back on the chosen day: not due now.
    after = {a["key"]: a for a in api_client.get(f"{API}/actions/").json()}
    assert key not in after or after[key]["is_due"] is False
    stale = _post(api_client, f"{API}/actions/done", {"key": "reflect:rejection:999999"})
    assert stale.status_code == 400
    assert "no longer on your list" in stale.json()["errors"]["key"][0]
    bad_day = _post(api_client, f"{API}/actions/snooze", {"key": key, "until": "2020-01-01"})
    assert bad_day.status_code == 400


def test_practice_next_question_and_rating(api_client, user):
    item = PlanItemFactory(plan__owner=user)
    assert api_client.get(f"{API}/practice/next").json()["item"]["id"] == item.pk
    plan = api_client.get(f"{API}/practice/plans/{item.plan_id}").json()
    assert [i["id"] for i in plan["items"]] == [item.pk]
    rated = _post(api_client, f"{API}/practice/items/{item.pk}/attempts", {"rating": 5})
    assert rated.status_code == 200
    assert Attempt.objects.get(item=item).rating == 5
    refused = _post(api_client, f"{API}/practice/items/{item.pk}/attempts", {"rating": 9})
    assert refused.status_code == 400
    assert "rating" in refused.json()["errors"]


def test_export_is_the_settings_export(api_client, user):
    ApplicationFactory(owner=user, title="Exported role")
    body = api_client.get(f"{API}/export/").json()
    assert body["format"] == "rebound-export"
    assert [r["title"] for r in body["models"]["applications.application"]] == ["Exported role"]


def test_malformed_bodies_are_json_errors(api_client, user):
    application = ApplicationFactory(owner=user)
    for body in ("not json", "[1, 2]", '"text"', "null"):
        response = api_client.post(
            f"{API}/applications/{application.pk}/status", body, content_type="application/json"
        )
        assert response.status_code == 400, body
        assert response["Content-Type"].startswith("application/json")


def test_the_docs_and_schema_are_served_by_rebound(client):
    schema = client.get(f"{API}/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/applications/" in schema.json()["paths"]
    docs = client.get(f"{API}/docs")
    html = docs.content.decode()
    assert "/static/vendor/swagger-ui-dist-5.35.0/swagger-ui-bundle.js" in html
    assert "<script>" not in html and "cdn" not in html.lower()
    assert "script-src 'self'" in docs["Content-Security-Policy"]


# Hostile input on every write route.

VALUES = st.one_of(
    st.sampled_from(HOSTILE_TEXT + HOSTILE_NUMBERS + HOSTILE_DATES + HOSTILE_CHOICES),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.lists(st.sampled_from(HOSTILE_TEXT[:8]), max_size=3),
    st.dictionaries(st.sampled_from(["a", "b"]), st.just("x"), max_size=2),
)
FIELDS = [
    "title",
    "company",
    "new_company_name",
    "status",
    "date_applied",
    "interest",
    "posting_url",
    "salary_min",
    "salary_max",
    "to_status",
    "note",
    "questions",
    "key",
    "days",
    "until",
    "rating",
    "seconds_taken",
]


@pytest.mark.parametrize(
    "route",
    ["create", "status", "questions", "done", "snooze", "attempt"],
)
def test_write_routes_survive_hostile_input(route, user, make_token):
    client = bearer_client(make_token(Scope.WRITE))
    application = ApplicationFactory(owner=user)
    interview = InterviewFactory(application=application)
    item = PlanItemFactory(plan__owner=user)
    urls = {
        "create": ("post", f"{API}/applications/"),
        "status": ("post", f"{API}/applications/{application.pk}/status"),
        "questions": ("put", f"{API}/interviews/{interview.pk}/questions"),
        "done": ("post", f"{API}/actions/done"),
        "snooze": ("post", f"{API}/actions/snooze"),
        "attempt": ("post", f"{API}/practice/items/{item.pk}/attempts"),
    }
    method, url = urls[route]

    @hsettings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6))
    def post(payload):
        with transaction.atomic():
            response = _post(client, url, payload, method=method)
            assert response.status_code in (200, 201, 400), (payload, response.content[:300])
            body = response.json()
            if response.status_code == 400:
                assert body["errors"] and all(
                    isinstance(m, list) and m for m in body["errors"].values()
                )
            elif route == "create":
                saved = Application.objects.get(pk=body["id"])
                assert saved.title == str(payload["title"]).strip()
            transaction.set_rollback(True)

    post()


@pytest.mark.parametrize("route", ["applications/", "interviews/", "rejections/", "practice/plans"])
def test_each_list_page_makes_the_same_queries_for_a_few_rows_or_many(api_client, user, route):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_a_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            body = api_client.get(f"{API}/{route}", {"limit": 100}).json()
        assert body["items"]
        return len(queries)

    def add(n):
        for _ in range(n):
            interview = InterviewFactory(application=ApplicationFactory(owner=user))
            RejectionFactory(application=interview.application, owner=user)
            PlanItemFactory(plan__owner=user)

    add(3)
    # The token's first request this minute also notes its last use and opens its
    # rate count: done here, so both measured requests take the same path.
    api_client.get(f"{API}/{route}")
    few = queries_for_a_page()
    add(30)
    assert queries_for_a_page() == few
