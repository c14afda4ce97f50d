"""Object-level access, for every URL of the project.

Two people each have a "world" (tests/world.py): a row in every owned model,
every free-text field a unique marker. For every URL pattern found by the
resolver (tests/urlwalk.py):

- a URL that names one of the first person's rows answers the second person
  404 to GET and POST (405 where the method is not allowed at all), anonymous
  visitors are sent to log in, and none of the first person's rows change;
- every page, list, search, export and feed of the second person shows none
  of the first person's markers, and the numbers on them do not move when a
  third person adds their own data;
- forms offer only the person's own related rows, and posting another
  person's id is an error beside the field.

A URL whose kwargs cannot be worked out fails its test: a new URL is never
silently left out.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.urlwalk import (
    NoKwargs,
    Route,
    all_routes,
    fill_kwargs,
    forms_posting_to,
    route_id,
)
from tests.world import PK_BLOCK, build_world, foreign_references, snapshot

pytestmark = pytest.mark.django_db

ROUTES = all_routes()
API_ROUTES = [r for r in ROUTES if r.is_api]
ROUTES = [r for r in ROUTES if not r.is_api]
PRIVATE = [r for r in ROUTES if not r.is_public]
OBJECT_ROUTES = [r for r in PRIVATE if r.kwargs]
PAGE_ROUTES = [r for r in PRIVATE if not r.kwargs]
PUBLIC_ROUTES = [r for r in ROUTES if r.is_public]

# URLs of the walk, for the README's figures (printed by test_walk_summary).
WALKED = {
    "object": len(OBJECT_ROUTES),
    "pages": len(PAGE_ROUTES),
    "public": len(PUBLIC_ROUTES),
    "api": len(API_ROUTES),
}

# Signing out ends the session the walk is using; allauth's own pages are skipped.
NOT_POSTED = {"account_logout"}

# Search words tried on every list page.
SEARCH_PARAMS = ("q", "search", "query")


def path_for(route: Route, kwargs: dict) -> str:
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route.route)


def body_of(response) -> str:
    """Everything the response sends, with zip files opened."""
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


@pytest.fixture
def worlds(user, other_user):
    first = build_world(user, tag="qzxa", pk_offset=0)
    second = build_world(other_user, tag="qzxb", pk_offset=PK_BLOCK // 2)
    return first, second


@pytest.fixture
def owner_client(user):
    client = Client()
    client.force_login(user)
    return client


def _as_dict(data: dict[str, list[str]]) -> dict:
    return {k: v if len(v) != 1 else v[0] for k, v in data.items()}


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=route_id)
def test_another_persons_url_answers_not_found_and_changes_nothing(
    route, worlds, owner_client, other_client, client
):
    first, second = worlds
    try:
        kwargs = fill_kwargs(route, first)
    except NoKwargs as exc:
        pytest.fail(str(exc))
    url = path_for(route, kwargs)

    # The kwargs are right: the owner reaches the page (a POST-only action is
    # tried inside a transaction that is rolled back).
    mine = owner_client.get(url)
    post_data: dict = {}
    if mine.status_code == 405:
        with transaction.atomic():
            mine = owner_client.post(url)
            transaction.set_rollback(True)
    else:
        forms = forms_posting_to(body_of(mine), url)
        if forms:
            post_data = _as_dict(forms[0].default_data())
    assert mine.status_code != 404, (
        f"{route}: the owner got 404 for {url}; the kwargs were guessed wrong. "
        "Add the URL to KWARG_MODELS in tests/urlwalk.py."
    )

    before = snapshot(first.person)
    answers = {"GET": other_client.get(url)}
    if route.name not in NOT_POSTED:
        answers["POST"] = other_client.post(url, post_data)
    for method, response in answers.items():
        assert response.status_code in (404, 405), (
            f"{method} {url} by another person answered {response.status_code}, not 404"
        )
        assert first.leaked_markers(body_of(response)) == []
    assert any(r.status_code == 404 for r in answers.values()), f"{url}: no answer was a 404"
    assert snapshot(first.person) == before, f"{url}: the owner's rows changed"
    assert foreign_references(second.person) == []

    for method in answers:
        response = client.generic(method, url)
        assert response.status_code == 302, f"anonymous {method} {url}"
        assert response.url.startswith(reverse("account_login"))
    assert snapshot(first.person) == before


def _own_url(route: Route, world) -> str:
    try:
        return path_for(route, fill_kwargs(route, world))
    except NoKwargs as exc:
        pytest.fail(str(exc))


def _check_page(client, url: str, first) -> int:
    response = client.get(url)
    assert response.status_code < 500, f"GET {url} answered {response.status_code}"
    leaked = first.leaked_markers(body_of(response))
    assert leaked == [], f"GET {url} shows the first person's text: {leaked}"
    return response.status_code


def _check_search(client, url: str, param: str, first) -> None:
    """Searching for the first person's words finds nothing: the words may only
    come back as often as a word nobody wrote (the search box shows it again)."""
    absent = f"{first.tag}9999mk"
    echo = body_of(client.get(f"{url}?{param}={absent}")).lower().count(absent)
    for marker in first.markers[:: max(1, len(first.markers) // 8)]:
        response = client.get(f"{url}?{param}={marker}")
        assert response.status_code < 500
        text = body_of(response).lower()
        assert text.count(marker) == echo, f"{url}?{param}={marker} found the first person's row"
        others = [m for m in first.leaked_markers(text) if m != marker]
        assert others == [], f"{url}?{param}={marker} shows the first person's text: {others}"


def _check_forms_offer_and_accept_only_own_rows(other_client, url, first, second) -> None:
    """Forms offer only the person's own related rows; posting another person's
    id is an error beside the field and links nothing."""
    page = other_client.get(url)
    if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
        return
    html = page.content.decode(errors="replace")
    for form in forms_posting_to(html, url):
        for field in form.fields:
            if field.kind != "select":
                continue
            model = _model_of_select(field.options, second)
            if model is None:
                continue
            theirs = {str(pk) for pk in first.pks(model)}
            assert not theirs & set(field.options), f"{url}: {field.name} offers another's row"
            WALKED["foreign ids posted"] = WALKED.get("foreign ids posted", 0) + 1
            before = snapshot(first.person)
            data = form.default_data()
            data[field.name] = [str(first.first(model).pk)]
            response = other_client.post(url, _as_dict(data))
            assert response.status_code in (200, 400), (
                f"{url}: posting another person's {model.__name__} as {field.name} "
                f"answered {response.status_code}"
            )
            assert snapshot(first.person) == before
            assert foreign_references(second.person) == []


@pytest.mark.parametrize("route", PRIVATE, ids=route_id)
def test_a_persons_pages_show_nothing_of_anyone_else(route, worlds, other_client):
    """Lists, searches, counts, exports and feeds of the second person."""
    first, second = worlds
    url = _own_url(route, second)
    _check_page(other_client, url, first)
    if not route.kwargs:
        # Search for the first person's words, and ask for other formats.
        for param in SEARCH_PARAMS:
            _check_search(other_client, url, param, first)
        for fmt in ("csv", "json", "ics"):
            _check_page(other_client, f"{url}?format={fmt}", first)
    _check_forms_offer_and_accept_only_own_rows(other_client, url, first, second)
    assert foreign_references(second.person) == []


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=route_id)
def test_public_pages_show_nothing_private(route, worlds, client):
    first, second = worlds
    if not route.kwargs:
        _check_page(client, path_for(route, {}), first)
        return
    # A feed by secret token: the second person's token shows only their own data ...
    _check_page(client, _own_url(route, second), first)
    # ... and a made-up token shows nothing at all.
    kwargs = fill_kwargs(route, second)
    kwargs = {k: ("not-a-real-token-" * 3 if k == "token" else v) for k, v in kwargs.items()}
    response = client.get(path_for(route, kwargs))
    assert response.status_code == 404
    assert first.leaked_markers(body_of(response)) == []


_NOISE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    # A create form's one-time token (accounts/once.py), new on every page view.
    re.compile(r'name="once_token" value="[^"]*"'),
    re.compile(r'nonce="[^"]*"'),
    re.compile(r"csrftoken=[^;\"]*"),
]


def _normalised(response) -> str:
    text = body_of(response)
    for pattern in _NOISE:
        text = pattern.sub("", text)
    return text


def test_counts_on_a_persons_pages_ignore_everyone_else(worlds, other_client):
    """Numbers (counts, totals, stats) come from the person's own rows only."""
    import time_machine

    first, second = worlds
    with time_machine.travel("2026-05-14 10:00:00+00:00", tick=False):
        before = {r.route: _normalised(other_client.get(path_for(r, {}))) for r in PAGE_ROUTES}
        third = UserFactory()
        build_world(third, tag="qzxc", pk_offset=PK_BLOCK // 4)
        after = {r.route: _normalised(other_client.get(path_for(r, {}))) for r in PAGE_ROUTES}
    changed = [route for route in before if before[route] != after[route]]
    assert changed == [], f"These pages changed when a third person added data: {changed}"


# The REST API, with bearer tokens (the walk above uses sessions).

API_METHODS = ("GET", "POST", "PUT", "DELETE")


def _token_client(person) -> Client:
    from api.models import Scope
    from api.services import token_create

    plain = token_create(owner=person, name="Walk", scope=Scope.WRITE).plain
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _api_call(client: Client, method: str, url: str):
    return client.generic(method, url, "{}", content_type="application/json")


@pytest.mark.parametrize("route", [r for r in API_ROUTES if r.kwargs], ids=route_id)
def test_another_persons_id_in_the_api_answers_not_found(route, worlds, client):
    """Every method of an API route with another person's id: 404 (or 405),
    nothing shown, nothing changed; without a token, 401."""
    first, second = worlds
    url = _own_url(route, first)
    owner, other = _token_client(first.person), _token_client(second.person)
    # The kwargs are right: the owner's token reaches the row with some method.
    reached = []
    for method in API_METHODS:
        with transaction.atomic():
            reached.append(_api_call(owner, method, url).status_code)
            transaction.set_rollback(True)
    assert any(code not in (404, 405) for code in reached), (
        f"{route}: the owner's token got {reached} for {url}; the kwargs were guessed wrong. "
        "Add the URL to KWARG_MODELS in tests/urlwalk.py."
    )
    before = snapshot(first.person)
    answers = {method: _api_call(other, method, url) for method in API_METHODS}
    for method, response in answers.items():
        assert response.status_code in (404, 405), (
            f"{method} {url} with another person's token answered {response.status_code}"
        )
        assert first.leaked_markers(body_of(response)) == []
    assert any(r.status_code == 404 for r in answers.values()), f"{url}: no answer was a 404"
    assert snapshot(first.person) == before, f"{url}: the owner's rows changed"
    assert foreign_references(second.person) == []
    for method in API_METHODS:
        assert _api_call(client, method, url).status_code in (401, 405), f"no token, {method} {url}"
    assert snapshot(first.person) == before


@pytest.mark.parametrize("route", [r for r in API_ROUTES if not r.kwargs], ids=route_id)
def test_a_token_never_reaches_another_persons_rows(route, worlds, client):
    """Lists, searches and the export, read with the second person's token."""
    first, second = worlds
    other = _token_client(second.person)
    url = path_for(route, {})
    response = other.get(url)
    assert response.status_code in (200, 405), f"GET {url} answered {response.status_code}"
    assert first.leaked_markers(body_of(response)) == []
    if response.status_code == 200:
        for marker in first.markers[:: max(1, len(first.markers) // 8)]:
            found = other.get(url, {"q": marker})
            assert first.leaked_markers(body_of(found)) == []
    assert client.get(url).status_code in (401, 405)
    assert foreign_references(second.person) == []


def _model_of_select(options: tuple[str, ...], world) -> type | None:
    """The model whose ids a <select> offers, recognised by the world's ids."""
    values = set(options)
    for model in world.rows:
        if {str(pk) for pk in world.pks(model)} & values:
            return model
    return None


def test_walk_summary(capsys):
    """The figures for the README: how many URL patterns the walk covers."""
    assert WALKED["object"] > 0
    with capsys.disabled():
        print(
            f"\naccess walk: {WALKED['object']} object URLs tried by another person "
            f"(GET and POST), {len(PRIVATE)} private pages checked for leaks, "
            f"{WALKED['public']} public URLs, {WALKED['api']} API routes with tokens, "
            f"{WALKED.get('foreign ids posted', 0)} forms posted with another person's id"
        )
