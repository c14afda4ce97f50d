"""Every form of the project, posted with hostile data (property-based, Hypothesis).

The forms are found, not listed: every private URL of the project (from the
resolver, tests/urlwalk.py) is opened by a person with a full "world" of data
(tests/world.py), and every form on every page is parsed with html.parser, so
function views and class-based views are covered alike. Each form is then
submitted a bounded number of times with some of its fields replaced by
hostile values: very long text, right-to-left and combining unicode, emoji,
NUL bytes, HTML and script, SQL-looking strings, negative and huge numbers,
impossible dates, several values where one belongs, missing fields.

Every answer must be one of:
- 200 with an error shown beside a field (or above the form), everything
  typed shown again and escaped; or
- a redirect (to this site) after a save, and the saved rows hold exactly what
  was posted (allowing only the documented normalisations: surrounding spaces
  stripped, line endings made "\\n"); URL fields never keep `javascript:` or
  `data:`; the next page shows the saved text escaped.
Never a server error. GET forms (search and filters) must answer 200.

The numbers of forms and inputs tried are printed and written to
artifacts/hostile_input.json (the README quotes them).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from accounts.ownership import owned_models
from tests.urlwalk import NoKwargs, all_routes, fill_kwargs, parse_forms
from tests.world import build_world

pytestmark = pytest.mark.django_db

EXAMPLES_PER_FORM = 25

# Forms never posted: they end the session or delete on purpose (deleting is
# covered by its own tests and by the access walk).
DESTRUCTIVE = re.compile(r"logout|delete|empty|purge|trash_restore|reset_calendar|remove")

# What a person might type, at its worst.
HOSTILE_TEXT = [
    "",
    " ",
    "x" * 10_001,
    "é" * 2_000,
    "\x00",
    "before\x00after",
    "<script>alert('rebound')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user.email }} {% debug %}",
    "'; DROP TABLE applications_application; --",
    "' OR '1'='1",
    "\u202eright-to-left override\u202c",
    "مرحبا بالعالم",  # Arabic
    "שלום",  # Hebrew
    "👩🏽‍💻🚀🎉",
    "Z\u0351\u0368\u0302a\u0358\u0307\u0304l\u0357g\u036co\u0352",
    "line one\r\nline two\rline three\n",
    "\t  spaced out  \t",
    "\ud7ff\ue000\ufffd",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://example.com/" + "a" * 1_200,
    "a@b",
    "%00%0d%0a",
    "../../etc/passwd",
]
HOSTILE_NUMBERS = [
    "-1",
    "0",
    "-999999999999",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "3.5",
    "٣",
    " 7 ",
    "0x10",
    "",
]
HOSTILE_DATES = [
    "2026-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "-0001-01-01",
    "2026-13-01",
    "31/12/2026",
    "99999-01-01",
    "2026-05-14T25:61",
    "yesterday",
    "",
]
HOSTILE_CHOICES = ["999999999", "-1", "' OR 1=1 --", "\x00", "", "x" * 300]

TEXT_KINDS = {"text", "textarea", "search", "email", "url", "tel", "password", "hidden"}
NUMBER_KINDS = {"number", "range"}
DATE_KINDS = {"date", "datetime-local", "time", "month", "week"}

PLAUSIBLE = {
    "email": "someone@example.com",
    "url": "https://example.com/job",
    "number": "3",
    "range": "3",
    "date": "2026-05-14",
    "datetime-local": "2026-05-20T10:00",
    "time": "10:00",
    "month": "2026-05",
    "tel": "+44 20 7946 0000",
}

# Posted text that is, on purpose, not kept as typed: (URL name, field) -> why.
NOT_READ_BACK = {
    ("practice:plan_item_add", "text"): "a question item takes its words from the question",
}

ERROR_SIGNS = ("invalid-feedback", "is-invalid", "alert-danger", "errorlist", 'role="alert"')

COUNTS = {"forms": 0, "get_forms": 0, "inputs": 0, "values": 0, "saved": 0, "refused": 0}


def _plausible(field) -> list[str]:
    """A value a careful person would type, so that saves happen too."""
    if field.kind == "select":
        options = [o for o in field.options if o]
        return options[:1] if options else list(field.selected)
    if field.kind in ("checkbox", "radio"):
        return [field.value or "on"] if field.checked else []
    if field.value:
        return [field.value]
    if field.kind in PLAUSIBLE:
        return [PLAUSIBLE[field.kind]]
    if field.kind in ("text", "textarea", "search"):
        return ["Plain words"]
    return [field.value]


def _hostile_values(field):
    if field.kind in NUMBER_KINDS:
        base = st.sampled_from(HOSTILE_NUMBERS) | st.integers().map(str)
    elif field.kind in DATE_KINDS:
        base = st.sampled_from(HOSTILE_DATES)
    elif field.kind in ("select", "radio", "checkbox"):
        base = st.sampled_from(HOSTILE_CHOICES + list(field.options))
    else:
        base = st.sampled_from(HOSTILE_TEXT) | st.text(max_size=200)
    return st.one_of(
        base.map(lambda v: [v]),
        st.lists(base, min_size=2, max_size=3),  # several values where one belongs
        st.just(None),  # missing
    )


def _same_site(location: str) -> bool:
    parts = urlsplit(location)
    return not parts.netloc and location.startswith("/") and not location.startswith("//")


def _rows(person) -> dict[tuple[str, object], dict]:
    rows = {}
    for owned in owned_models():
        names = [f.attname for f in owned.model._meta.concrete_fields]
        for values in owned.rows_of(person).values(*names):
            rows[(owned.label, values["id"])] = values
    return rows


def _normalisations(posted: str) -> set[str]:
    forms = {posted, posted.strip()}
    forms |= {v.replace("\r\n", "\n").replace("\r", "\n") for v in list(forms)}
    forms |= {v.strip() for v in list(forms)}
    return forms


def _read_back(before, after, data) -> list[str]:
    """Posted text that a changed row holds differently."""
    changed = [values for key, values in after.items() if before.get(key) != values]
    problems = []
    for name, posted in data.items():
        if name == "csrfmiddlewaretoken" or posted is None:
            continue
        value = posted[-1] if isinstance(posted, list) else posted
        # An empty box may be filled with a default (a plan's title from its interview).
        if not isinstance(value, str) or not value.strip():
            continue
        holders = [row for row in changed if name in row and isinstance(row[name], str)]
        if not holders:
            continue
        stored = [row[name] for row in holders]
        if not _normalisations(value) & set(stored):
            problems.append(f"{name}: posted {value[:80]!r}, stored {[s[:80] for s in stored]!r}")
        for s in stored:
            if s.lower().lstrip().startswith(("javascript:", "data:")) and "url" in name:
                problems.append(f"{name}: kept a {s.split(':')[0]}: link")
    return problems


def _unescaped(html: str, data) -> list[str]:
    found = []
    for posted in data.values():
        for value in posted or []:
            if isinstance(value, str) and "<" in value and len(value) >= 8 and value in html:
                found.append(value[:60])
    return found


def _discover(client, world) -> list[tuple[str, object]]:
    """(page URL, form) for every distinct form on every private page."""
    seen: set[tuple] = set()
    found = []
    for route in all_routes():
        if route.is_public:
            continue
        try:
            kwargs = fill_kwargs(route, world)
        except NoKwargs:
            continue  # The access test fails for such a URL; nothing to post here.
        from tests.test_access import path_for

        url = path_for(route, kwargs)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for form in parse_forms(response.content.decode(errors="replace")):
            action = form.action or url
            try:
                target = resolve(urlsplit(action).path)
            except Resolver404:
                continue
            name = target.view_name or ""
            if DESTRUCTIVE.search(name) or action.startswith(("/accounts/", "/admin/")):
                continue
            fields = [f for f in form.fields if f.name != "csrfmiddlewaretoken"]
            if not [f for f in fields if f.kind not in ("submit", "button")]:
                continue
            key = (form.method, name, tuple(sorted(f.name for f in fields)))
            if key in seen:
                continue
            seen.add(key)
            found.append((url, form))
    return found


def _try_form(client, world, page_url: str, form) -> None:
    state = {"form": form}
    action = form.action or page_url
    fields = [f for f in form.fields if f.kind not in ("submit", "button", "reset", "file")]
    names = sorted({f.name for f in fields if f.name != "csrfmiddlewaretoken"})
    by_name = {f.name: f for f in fields}
    try:
        action_name = resolve(urlsplit(action).path).view_name
    except Resolver404:
        action_name = ""
    if not names:  # Only a file to upload: posted once without it.
        response = client.post(action, {})
        assert response.status_code in (200, 400)
        assert any(sign in response.content.decode(errors="replace") for sign in ERROR_SIGNS)
        COUNTS["inputs"] += 1
        COUNTS["refused"] += 1
        return

    @hsettings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        derandomize=True,
        database=None,
        # No shrinking: the first failing input is reported as it was, which
        # keeps a failing run short.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(st.data())
    def run(data):
        current = state["form"]
        base: dict[str, list[str]] = {}
        for f in current.fields:
            if f.kind in ("submit", "button", "reset", "file"):
                continue
            base.setdefault(f.name, [])
            base[f.name] += _plausible(f)
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        posted: dict[str, list[str] | None] = {k: v for k, v in base.items() if v}
        for name in chosen:
            value = data.draw(_hostile_values(by_name[name]), label=name)
            if value is None:
                posted.pop(name, None)
            else:
                posted[name] = value
        if state.get("gone"):
            return  # The page no longer offers this form (the action was done).
        COUNTS["inputs"] += 1
        COUNTS["values"] += len(chosen)
        if current.method == "get":
            response = client.get(action, posted)
            assert response.status_code == 200, f"GET {action} {posted!r}"
            assert _unescaped(response.content.decode(errors="replace"), posted) == []
            return
        before = _rows(world.person)
        response = client.post(action, posted)
        html = response.content.decode(errors="replace")
        assert response.status_code in (200, 302, 400), (
            f"POST {action} answered {response.status_code} for {posted!r}"
        )
        if response.status_code in (200, 400):
            # A tampered hidden field has no place beside which a person would see
            # an error; it must still be refused without an error page.
            tampered = any(by_name[name].kind == "hidden" for name in chosen)
            assert tampered or any(sign in html for sign in ERROR_SIGNS), (
                f"POST {action} answered {response.status_code} without an error beside "
                f"a field for {posted!r}"
            )
            assert _unescaped(html, posted) == [], f"POST {action}: typed text shown unescaped"
            COUNTS["refused"] += 1
            return
        COUNTS["saved"] += 1
        assert _same_site(response["Location"]), f"{action} redirected off site"
        after = _rows(world.person)
        exempt = {name for (view, name) in NOT_READ_BACK if view == action_name}
        checked = {k: v for k, v in posted.items() if k not in exempt}
        assert _read_back(before, after, checked) == [], f"POST {action} {posted!r}"
        page = client.get(response["Location"])
        assert page.status_code in (200, 302, 404)  # 404: the object was moved on purpose
        assert _unescaped(page.content.decode(errors="replace"), posted) == []
        # The saved row has a new version: the next example starts from a fresh page.
        fresh = client.get(page_url)
        if fresh.status_code == 200:
            again = [
                f
                for f in parse_forms(fresh.content.decode(errors="replace"))
                if (f.action or page_url) == action and f.method == current.method
            ]
            if again:
                state["form"] = again[0]
            else:
                state["gone"] = True

    run()


def test_every_form_survives_hostile_input(user, capsys, monkeypatch):
    from sharing import views as sharing_views

    # The world shares a rejection with this person as a coach; the per-share
    # limit on a coach's saves has its own tests, and here every form is tried
    # as often as the others.
    monkeypatch.setattr(sharing_views, "COACH_WRITES", 10_000)
    world = build_world(user, tag="qzxa")
    client = Client()
    client.force_login(user)
    started = time.monotonic()
    forms = _discover(client, world)
    assert len(forms) >= 10, f"Only {len(forms)} forms found: discovery is broken"
    failures = []
    for page_url, form in forms:
        COUNTS["forms" if form.method == "post" else "get_forms"] += 1
        try:
            _try_form(client, world, page_url, form)
        except Exception as exc:  # noqa: BLE001 - every form is tried, then all failures shown
            notes = "\n".join(getattr(exc, "__notes__", []))
            failures.append(
                f"{form.method.upper()} form on {page_url} (to {form.action or page_url}): "
                f"{type(exc).__name__}: {str(exc)[:600]}\n{notes[:1500]}"
            )
    assert failures == [], "\n\n".join(failures)
    seconds = time.monotonic() - started
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    summary = {
        **COUNTS,
        "examples_per_form": EXAMPLES_PER_FORM,
        "database": engine,
        "seconds": round(seconds, 1),
    }
    out = Path(settings.BASE_DIR) / "artifacts" / f"hostile_input_{engine}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(summary, indent=2))
    with capsys.disabled():
        print(
            f"\nhostile input ({engine}): {COUNTS['forms']} POST forms and "
            f"{COUNTS['get_forms']} search/filter forms, {COUNTS['inputs']} submissions with "
            f"{COUNTS['values']} hostile "
            f"values: {COUNTS['saved']} saved and read back exactly, {COUNTS['refused']} "
            f"refused with a message, 0 server errors, in {seconds:.0f} s"
        )


COACH_VIEWS = {
    "sharing:coach_rate",
    "sharing:coach_comment",
    "sharing:link_rate",
    "sharing:link_comment",
}


def test_the_coachs_forms_survive_hostile_input(user, other_user, monkeypatch, capsys):
    """The coach's ratings and comment, on a shared rejection and a shared plan,
    by invitation (signed in as the coach) and by private link (no account).
    Their saves land in the person's rows, so the same read-back applies."""
    from feedback.models import Rejection
    from practice.models import Plan
    from sharing import views
    from sharing.models import Share
    from sharing.services import invitations_claim, share_create

    # The per-share and per-visitor limits have their own tests; here every form
    # is tried as often as the others.
    monkeypatch.setattr(views, "COACH_WRITES", 10_000)
    monkeypatch.setattr(views, "LINK_RATE", 10_000)
    world = build_world(user, tag="qzxa")
    rejection = Rejection.objects.owned_by(user).first()
    plan = Plan.objects.owned_by(user).first()
    coach = Client()
    coach.force_login(other_user)
    visitor = Client()
    pages = []
    for kind, item in (
        (Share.Kind.REJECTION, {"rejection": rejection}),
        (Share.Kind.PLAN, {"plan": plan}),
    ):
        invited, _ = share_create(
            owner=user, kind=kind, way=Share.Way.INVITATION, invited_email=other_user.email, **item
        )
        _, token = share_create(owner=user, kind=kind, way=Share.Way.LINK, **item)
        pages.append((coach, reverse("sharing:coach_view", args=[invited.pk])))
        pages.append((visitor, f"/s/{token}/"))
    invitations_claim(user=other_user)
    failures = []
    tried = 0
    saved, refused = COUNTS["saved"], COUNTS["refused"]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        for form in parse_forms(response.content.decode()):
            # The coach's own forms (not the nav's "Log out").
            if resolve(urlsplit(form.action).path).view_name not in COACH_VIEWS:
                continue
            tried += 1
            try:
                _try_form(client, world, url, form)
            except Exception as exc:  # noqa: BLE001 - every form is tried, then all failures shown
                failures.append(
                    f"form on {url} (to {form.action}): {type(exc).__name__}: {exc}"[:1500]
                )
    assert tried == 6, (
        f"expected 6 coach forms (2 on each rejection page, 1 on each plan page), found {tried}"
    )
    assert failures == [], "\n\n".join(failures)
    # Both outcomes were reached: saves read back exactly, and refusals beside a field.
    assert COUNTS["saved"] > saved and COUNTS["refused"] > refused
    with capsys.disabled():
        print(f"\nhostile input, coach's forms: {tried} forms, {EXAMPLES_PER_FORM} examples each")
