"""One crawl of the whole product, shared by the accessibility, HTML and phone checks.

The crawl follows same-origin links breadth-first from the landing page (logged
out) and from the home page (logged in, with demo data), so a new page is
checked as soon as something links to it. `project_view_names()` lists every
named URL pattern of Rebound's own apps, and the tests assert that each one
was visited, so a page nobody links to fails instead of going unchecked.

Each page is visited in Chromium twice: on a desktop (axe in the light theme,
the served HTML, console errors, the current nav link; then axe in the dark
theme and a visible focus on every tab stop) and on a 375 px phone (no
horizontal scroll). The results
are plain data: the database is emptied again before the tests look at them.
"""

from __future__ import annotations

import html
import inspect
import json
import os
import re
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

# Rebound's own apps: every named GET page in them must be reached by the crawl.
PROJECT_APPS = ("accounts", "applications", "feedback", "practice")

# URL names that answer something other than an HTML page (files, feeds, JSON).
# POST-only views are found on their own (see `accepts_get`) and need no entry.
NOT_HTML_VIEWS: set[str] = {
    "applications:calendar_feed",
    "applications:export_csv",
    "applications:document_download",  # the uploaded file itself
    "accounts:calendar_feed",
    "calendar_feed",
    "export_csv",
    "export_json",
    "floor",  # the load balancer's health check: plain text
    "practice:attempt_status",  # JSON, polled by practice.js while the worker listens
}

# Paths never followed: leaving would end the session, and these are files.
# The API's interactive docs are Swagger UI (a vendored third-party app) that
# draws itself after the load event, without the site's menu or theme switch:
# tests/api/test_browser.py checks it instead, with axe and the focus rule,
# operations open, under the CSP.
SKIPPED_PATH_PARTS = ("logout", "/static/", "/admin/", "/api/v1/docs")
DOWNLOAD_SUFFIXES = (".ics", ".csv", ".json", ".txt", ".pdf", ".xml", ".zip", ".vcf", ".rss")

# Bounds that keep the crawl quick with a lot of demo data: a few URLs per URL
# pattern (different objects in different states), and a ceiling overall.
MAX_URLS_PER_VIEW = 2
MAX_PAGES = 250
# Pages beyond that bound are still read (by the test client, not the browser)
# for their links, so a page linked only from the tenth application is found.
MAX_DISCOVERY = 600

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
    # Speed: no re-fetching of stylesheets (only css-orientation-lock needs it,
    # and Rebound never locks the orientation), no timers or element paths.
    "preload": False,
    "performanceTimer": False,
    "ancestry": False,
    "xpath": False,
}

AXE_SCRIPT_PATH = None


def axe_script() -> str:
    """axe-core as bundled by axe-playwright-python (a dev dependency)."""
    global AXE_SCRIPT_PATH
    if AXE_SCRIPT_PATH is None:
        import axe_playwright_python

        AXE_SCRIPT_PATH = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return AXE_SCRIPT_PATH.read_text()


@dataclass
class CrawledPage:
    label: str  # "logged out" or "logged in"
    path: str  # path and query string
    view_name: str
    status: int
    html: str = ""
    console_errors: list[str] = field(default_factory=list)
    axe_light: list[dict] = field(default_factory=list)
    axe_dark: list[dict] = field(default_factory=list)
    nav_current_problems: list[str] = field(default_factory=list)
    focus_problems: list[str] = field(default_factory=list)
    date_input_problems: list[str] = field(default_factory=list)
    heading_problems: list[str] = field(default_factory=list)
    phone_scroll_width: int | None = None
    phone_errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.path} ({self.view_name}, {self.label})"


@dataclass
class SiteCrawl:
    pages: list[CrawledPage] = field(default_factory=list)
    visited_view_names: set[str] = field(default_factory=set)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    broken: list[tuple[str, str]] = field(default_factory=list)  # (path, what happened)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step


# ---------------------------------------------------------------------------
# The URL patterns
# ---------------------------------------------------------------------------


def _unwrap(callback):
    while hasattr(callback, "__wrapped__"):
        yield callback
        callback = callback.__wrapped__
    yield callback


def accepts_get(callback) -> bool:
    """False for views that only answer POST (`@require_POST`, or a class without `get`)."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        allowed = getattr(view_class, "http_method_names", ["get"])
        return "get" in allowed and hasattr(view_class, "get")
    for function in _unwrap(callback):
        if not inspect.isfunction(function):
            continue
        methods = inspect.getclosurevars(function).nonlocals.get("request_method_list")
        if methods is not None and "GET" not in methods:
            return False
    return True


def _module_of(callback) -> str:
    view_class = getattr(callback, "view_class", None)
    return (view_class or callback).__module__


def _walk(patterns, namespace: str = "", prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield namespace, prefix + str(entry.pattern), entry


def project_view_names() -> tuple[set[str], list[str]]:
    """(names of the project's HTML GET pages, routes of project patterns without a name)."""
    names: set[str] = set()
    unnamed: list[str] = []
    for namespace, route, pattern in _walk(get_resolver().url_patterns):
        if not _module_of(pattern.callback).startswith(tuple(f"{a}." for a in PROJECT_APPS)):
            continue
        if not pattern.name:
            unnamed.append(route)
            continue
        if any(part in f"/{route}" for part in SKIPPED_PATH_PARTS):
            continue  # never followed (logging out would end the crawl's session)
        name = namespace + pattern.name
        if name in NOT_HTML_VIEWS or pattern.name in NOT_HTML_VIEWS:
            continue
        if route.rstrip("$").lower().endswith(DOWNLOAD_SUFFIXES):
            continue  # a file such as calendar.ics or export.csv
        if not accepts_get(pattern.callback):
            continue
        names.add(name)
    return names, unnamed


def _why_not_follow(path: str) -> str | None:
    """A reason to leave a same-origin link alone, or None to follow it."""
    bare = urlsplit(path).path
    if any(part in bare for part in SKIPPED_PATH_PARTS):
        return "logout, static or admin"
    if bare.lower().endswith(DOWNLOAD_SUFFIXES):
        return "a download"
    try:
        match = resolve(bare)
    except Resolver404:
        return None  # followed, and reported as broken
    if match.view_name in NOT_HTML_VIEWS or match.url_name in NOT_HTML_VIEWS:
        return "not an HTML page"
    if not accepts_get(match.func):
        return "POST only"
    return None


def _view_name(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return "(no URL pattern)"


# ---------------------------------------------------------------------------
# In the browser
# ---------------------------------------------------------------------------

# Links on the page, resolved by the browser (so relative links work).
LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"

# A link to the page itself in any navigation (the main nav, a section's
# sub-navigation, the account menu) says so with aria-current="page"; in the
# main nav, aria-current="page" is only on the link to this very page (a
# section is marked with aria-current="true").
NAV_CURRENT_JS = """() => {
  const problems = [];
  for (const a of document.querySelectorAll('nav a[href]')) {
    if (a.classList.contains('navbar-brand') || a.closest('.breadcrumb, .pagination')) continue;
    // A jump to a part of the same page (the board's stage links) is not a link to the page.
    if (a.getAttribute('href').startsWith('#')) continue;
    const here = a.pathname === location.pathname && a.search === location.search;
    const marked = a.getAttribute('aria-current') === 'page';
    const name = `"${a.textContent.trim()}"`;
    if (here && !marked) problems.push(`${name} links to this page without aria-current="page"`);
    if (marked && a.pathname !== location.pathname && a.closest('header')) problems.push(`${name} has aria-current="page" but links elsewhere`);
  }
  return problems;
}"""

# Dates and times are typed into the browser's own date and time fields.
DATE_INPUTS_JS = """() => [...document.querySelectorAll('input')]
  .filter((i) => /(^date|_date$|_on$|_at$|^until$|_until$)/.test(i.name))
  .filter((i) => !['date', 'datetime-local', 'time', 'hidden', 'month'].includes(i.type))
  .map((i) => `${i.name} is type="${i.type}", not a native date or time field`)"""

# One h1 per page, and no more than two heading sizes (house rule).
HEADINGS_JS = """() => {
  const problems = [];
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const h1s = [...document.querySelectorAll('h1')].filter(visible);
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements (one expected)`);
  const sizes = new Set([...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]
    .filter(visible).map((h) => getComputedStyle(h).fontSize));
  if (sizes.size > 2) problems.push(`${sizes.size} heading sizes (${[...sizes].join(', ')}); two at most`);
  return problems;
}"""

# Every tab stop on the page must show where the focus is: an outline or a
# box-shadow ring. After one real Tab press the browser treats focus() as
# keyboard focus (:focus-visible), so one script visits every tab stop.
FOCUS_JS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const problems = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.disabled || el.closest('[hidden], [inert]') || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const focused = getComputedStyle(el);
    const outline = focused.outlineStyle !== 'none' && parseFloat(focused.outlineWidth) > 0;
    const shadow = focused.boxShadow || 'none';
    const ring = shadow !== 'none' && !shadow.startsWith('rgba(0, 0, 0, 0)') && /[1-9][0-9.]*px/.test(shadow);
    if (!outline && !ring) {
      const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.id || '').trim().slice(0, 40);
      problems.push(`<${el.tagName.toLowerCase()}> ${JSON.stringify(name)} shows no focus indicator`);
    }
  }
  document.activeElement?.blur();
  return problems;
}"""


def _check_focus(page) -> list[str]:
    page.keyboard.press("Tab")  # keyboard modality, so focus() below counts as keyboard focus
    return page.evaluate(FOCUS_JS)


def _attach_console(page, sink: list[str]) -> None:
    page.on("pageerror", lambda exc: sink.append(str(exc)))
    page.on("console", lambda msg: sink.append(msg.text) if msg.type == "error" else None)


@contextmanager
def _timed(site: SiteCrawl, step: str):
    started = time.monotonic()
    yield
    site.timings[step] = site.timings.get(step, 0.0) + time.monotonic() - started


# In the dark theme only colours change, so only the rules about colour run again
# (all of them are part of the WCAG 2.1 AA tags above).
AXE_COLOUR_OPTIONS = {
    **AXE_OPTIONS,
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
}


def _run_axe(page, options: dict = AXE_OPTIONS) -> list[dict]:
    # axe is injected into every page by the context's init script (see new_context).
    results = page.evaluate(f"axe.run(document, {json.dumps(options)})")
    return results["violations"]


def _wait_for_theme(page, theme: str) -> None:
    # Not wait_for_function: it evaluates a string, which the CSP forbids.
    for _ in range(50):
        if page.evaluate("() => document.documentElement.dataset.bsTheme") == theme:
            return
        page.wait_for_timeout(20)
    raise AssertionError(f"theme.js did not switch {page.url} to the {theme} theme")


def _same_origin(url: str, base_url: str) -> str | None:
    parts, base = urlsplit(url), urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _client_like(context):
    """A Django test client with the browser's cookies: the same person, no browser."""
    from django.test import Client

    client = Client()
    for cookie in context.cookies():
        client.cookies[cookie["name"]] = cookie["value"]
    return client


HREF = re.compile(r"""<a\b[^>]*?\shref=["']([^"']+)["']""", re.I)


def _links_without_browser(client, path: str, base_url: str) -> list[str]:
    """The links on a page, read from its HTML by the test client (much quicker)."""
    response = client.get(path)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    base = urljoin(base_url, path)
    return [urljoin(base, html.unescape(href)) for href in HREF.findall(response.text)]


def crawl(
    context, base_url: str, start_paths: list[str], label: str, site: SiteCrawl
) -> list[CrawledPage]:
    """Breadth-first over same-origin links; axe, HTML and nav checks on each page."""
    page = context.new_page()
    console: list[str] = []
    _attach_console(page, console)
    queue = deque(start_paths)
    seen: set[str] = set(start_paths)
    per_view: dict[str, int] = {}
    crawled: list[CrawledPage] = []
    crawled_paths: set[str] = set()
    client = _client_like(context)
    discovered = 0

    def enqueue(hrefs) -> None:
        for href in hrefs:
            link = _same_origin(href.split("#", 1)[0], base_url)
            if link and link not in seen:
                seen.add(link)
                queue.append(link)

    while queue and len(crawled) < MAX_PAGES:
        path = queue.popleft()
        reason = _why_not_follow(path)
        if reason:
            site.skipped.append((path, reason))
            continue
        view_name = _view_name(path)
        if per_view.get(view_name, 0) >= MAX_URLS_PER_VIEW:
            # Checked often enough, but its links may lead somewhere new.
            if discovered < MAX_DISCOVERY:
                discovered += 1
                with _timed(site, "discovery"):
                    enqueue(_links_without_browser(client, path, base_url))
            continue
        per_view[view_name] = per_view.get(view_name, 0) + 1
        console.clear()
        try:
            with _timed(site, "load"):
                response = page.goto(urljoin(base_url, path), wait_until="load")
        except Exception as exc:  # a download, or a network failure
            site.broken.append((path, f"{label}: {exc.__class__.__name__}: {str(exc)[:200]}"))
            continue
        final_path = _same_origin(page.url, base_url) or page.url
        if final_path != path and final_path in crawled_paths:
            site.visited_view_names.add(view_name)  # a redirect to a page already checked
            continue
        crawled_paths.add(final_path)
        status = response.status if response else 0
        if status >= 400:
            site.broken.append((path, f"{label}: HTTP {status}"))
            continue
        content_type = (response.headers.get("content-type", "") if response else "").lower()
        if "text/html" not in content_type:
            site.skipped.append((path, f"answered {content_type or 'no content type'}"))
            continue
        # Both the link's view (it may redirect) and the page shown count as visited.
        site.visited_view_names.add(view_name)
        final_view = _view_name(final_path)
        site.visited_view_names.add(final_view)
        result = CrawledPage(
            label=label,
            path=final_path,
            view_name=final_view if final_path != path else view_name,
            status=status,
            html=response.text(),
        )
        with _timed(site, "axe light"):
            result.axe_light = _run_axe(page)
        result.nav_current_problems = page.evaluate(NAV_CURRENT_JS)
        result.date_input_problems = page.evaluate(DATE_INPUTS_JS)
        result.heading_problems = page.evaluate(HEADINGS_JS)
        # The same page in the dark theme: theme.js follows the system setting.
        page.emulate_media(color_scheme="dark")
        _wait_for_theme(page, "dark")
        with _timed(site, "axe dark"):
            result.axe_dark = _run_axe(page, AXE_COLOUR_OPTIONS)
        with _timed(site, "focus"):
            result.focus_problems = _check_focus(page)
        page.emulate_media(color_scheme="light")
        result.console_errors = list(console)
        crawled.append(result)
        enqueue(page.evaluate(LINKS_JS))
    page.close()
    site.pages.extend(crawled)
    return crawled


def revisit_phone(context, base_url: str, pages: list[CrawledPage]) -> None:
    """At 375 px wide nothing may scroll sideways."""
    page = context.new_page()
    errors: list[str] = []
    _attach_console(page, errors)
    for result in pages:
        errors.clear()
        page.goto(urljoin(base_url, result.path), wait_until="load")
        result.phone_scroll_width = page.evaluate("document.documentElement.scrollWidth")
        result.phone_errors = list(errors)
    page.close()


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


def describe_violations(pages: list[CrawledPage], attribute: str) -> list[str]:
    """One line per axe violation and page, with up to three offending elements."""
    lines = []
    for result in pages:
        for violation in getattr(result, attribute):
            nodes = violation.get("nodes", [])
            targets = ", ".join(" ".join(map(str, n.get("target", []))) for n in nodes[:3])
            summary = ""
            if nodes:
                summary = re.sub(r"\s+", " ", nodes[0].get("failureSummary", ""))[:240]
            lines.append(
                f"{result}: {violation['id']} ({violation['impact']}, {len(nodes)} element(s)): "
                f"{violation['help']} -> {targets} | {summary}"
            )
    return lines


# ---------------------------------------------------------------------------
# The whole run
# ---------------------------------------------------------------------------

DEMO_EMAIL = "demo-crawl@example.com"
NEW_PERSON_EMAIL = "new-crawl@example.com"
DEMO_PASSWORD = "a-calm-demo-password-42"  # noqa: S105


def create_demo_person(email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD):
    """A person with a realistic job search: the demo_data command when it exists,
    otherwise a few factory-made applications."""
    from django.core.management import call_command, get_commands

    from accounts.models import User

    if "demo_data" in get_commands():
        call_command("demo_data", email=email, password=password, verbosity=0)
        person = User.objects.get(email=email)
        add_states_the_demo_leaves_out(person)
        return person

    from tests import factories

    person = factories.UserFactory(email=email, password=password)
    for status in ("applied", "interviewing", "rejected", "offer"):
        application = factories.ApplicationFactory(owner=person, status=status)
        interview = factories.InterviewFactory(application=application)
        factories.InterviewQuestionFactory(interview=interview)
    return person


def add_states_the_demo_leaves_out(person) -> None:
    """A few states whose pages are only linked when they exist: an application in
    the trash, a document that was sent, a subject access request, a sent request
    still waiting for an answer."""
    from datetime import timedelta

    from django.utils import timezone

    from applications.models import Application, Document
    from applications.trash import application_trash
    from feedback.models import FeedbackRequest, Rejection, SubjectAccessRequest
    from tests import factories

    if not Application.objects.in_trash_of(person).exists():
        trashed = factories.ApplicationFactory(owner=person, title="Content designer (old)")
        application_trash(application=trashed)
    if not Document.objects.owned_by(person).exists():
        document = factories.DocumentFactory(owner=person, title="CV, product roles")
        document.applications.set(Application.objects.owned_by(person).order_by("pk")[:2])
    rejection = Rejection.objects.owned_by(person).order_by("pk").first()
    if rejection is None:
        return
    if not SubjectAccessRequest.objects.owned_by(person).exists():
        factories.SubjectAccessRequestFactory(rejection=rejection)
    waiting = FeedbackRequest.objects.owned_by(person).filter(
        sent_at__isnull=False, followed_up_at__isnull=True, outcome="pending"
    )
    if not waiting.exists():
        factories.FeedbackRequestFactory(
            rejection=rejection,
            sent_at=timezone.now() - timedelta(days=3),
            follow_up_due=timezone.localdate() + timedelta(days=4),
        )


def log_in(context, base_url: str, email: str, password: str) -> None:
    page = context.new_page()
    page.goto(urljoin(base_url, "/accounts/login/"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/home/")
    page.close()


def new_context(browser, base_url: str, *, phone: bool = False, state=None, viewport=None):
    options = {
        "base_url": base_url,
        "color_scheme": "light",
        # No transitions, so a focus ring is measured at its final state.
        "reduced_motion": "reduce",
        "storage_state": state,
    }
    if phone:
        options.update(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    else:
        options.update(viewport={"width": 1280, "height": 900})
    if viewport:
        options["viewport"] = viewport
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    context.add_init_script(script=axe_script())
    return context


def run_site_crawl(browser, base_url: str) -> SiteCrawl:
    """Demo data in, every page through every check, the database emptied again."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    host = urlsplit(base_url).hostname
    site = SiteCrawl()
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, host, "testserver"],
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        try:
            started = time.monotonic()
            create_demo_person()
            site.timings["demo data"] = time.monotonic() - started
            passes = [("logged out", ["/"], None)]
            desktop = new_context(browser, base_url)
            log_in(desktop, base_url, DEMO_EMAIL, DEMO_PASSWORD)
            passes.append(("logged in", ["/home/"], desktop.storage_state()))
            desktop.close()
            # A new person sees the empty states: they must be as usable.
            from tests.factories import UserFactory

            UserFactory(email=NEW_PERSON_EMAIL, password=DEMO_PASSWORD)
            desktop = new_context(browser, base_url)
            log_in(desktop, base_url, NEW_PERSON_EMAIL, DEMO_PASSWORD)
            passes.append(("new person", ["/home/"], desktop.storage_state()))
            desktop.close()
            for label, start, state in passes:
                started = time.monotonic()
                context = new_context(browser, base_url, state=state)
                pages = crawl(context, base_url, start, label, site)
                context.close()
                site.timings[f"{label}: desktop"] = time.monotonic() - started
                started = time.monotonic()
                context = new_context(browser, base_url, phone=True, state=state)
                revisit_phone(context, base_url, pages)
                context.close()
                site.timings[f"{label}: phone"] = time.monotonic() - started
        finally:
            call_command("flush", interactive=False, verbosity=0)
    if report := os.environ.get("CRAWL_REPORT"):
        # For working on the findings: CRAWL_REPORT=/tmp/crawl.json pytest tests/test_accessibility.py
        data = asdict(site)
        for page in data["pages"]:
            page.pop("html")
        data["visited_view_names"] = sorted(data["visited_view_names"])
        Path(report).write_text(json.dumps(data, indent=1))
    return site


def axe_both_themes(page) -> list[str]:
    """axe on the page as it is now (menus opened, a card picked up...), in the
    light theme and then the dark one: one line per violation."""
    light = _run_axe(page)
    page.emulate_media(color_scheme="dark")
    _wait_for_theme(page, "dark")
    dark = _run_axe(page, AXE_COLOUR_OPTIONS)
    page.emulate_media(color_scheme="light")
    result = CrawledPage(
        label="checked", path=page.url, view_name="", status=200, axe_light=light, axe_dark=dark
    )
    return describe_violations([result], "axe_light") + describe_violations([result], "axe_dark")
