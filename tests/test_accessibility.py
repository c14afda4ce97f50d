"""Every page, logged out and logged in with demo data, meets WCAG 2.1 AA as far as
axe-core can tell, in the light and the dark theme, and fits a 375 px phone.

The pages come from one shared crawl (tests/crawl.py, the `site_crawl` fixture),
so a new page is covered as soon as something links to it, and a page nothing
links to fails `test_every_page_of_the_project_is_reached`.
"""

import pytest

from tests.crawl import describe_violations, project_view_names

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _lines(items: list[str]) -> str:
    return "\n  " + "\n  ".join(items)


def test_the_crawl_reaches_pages_in_both_passes(site_crawl):
    labels = {page.label for page in site_crawl.pages}
    assert labels == {"logged out", "logged in"}
    assert len(site_crawl.pages) >= 8, [str(p) for p in site_crawl.pages]


def test_every_page_of_the_project_is_reached(site_crawl):
    expected, unnamed = project_view_names()
    assert unnamed == [], f"Give these URL patterns a name: {unnamed}"
    missing = sorted(expected - site_crawl.visited_view_names)
    assert missing == [], (
        "No link leads to these pages, so nothing checks them. Link to them from a page "
        "the crawl reaches (or, for a non-HTML endpoint, add it to NOT_HTML_VIEWS in "
        f"tests/crawl.py):{_lines(missing)}"
    )


def test_no_link_is_broken(site_crawl):
    assert site_crawl.broken == [], _lines([f"{path}: {what}" for path, what in site_crawl.broken])


def test_no_axe_violations_in_the_light_theme(site_crawl):
    violations = describe_violations(site_crawl.pages, "axe_light")
    assert violations == [], f"{len(violations)} axe violation(s):{_lines(violations)}"


def test_no_axe_violations_in_the_dark_theme(site_crawl):
    violations = describe_violations(site_crawl.pages, "axe_dark")
    assert violations == [], f"{len(violations)} axe violation(s):{_lines(violations)}"


def test_no_page_scrolls_sideways_on_a_phone(site_crawl):
    too_wide = [
        f"{page}: {page.phone_scroll_width}px wide"
        for page in site_crawl.pages
        if page.phone_scroll_width is None or page.phone_scroll_width > 375
    ]
    assert too_wide == [], f"Wider than a 375 px phone:{_lines(too_wide)}"


def test_no_page_reports_a_browser_error(site_crawl):
    # A blocked inline script or style (CSP) shows up here.
    errors = [
        f"{page}: {error}"
        for page in site_crawl.pages
        for error in page.console_errors + page.phone_errors
    ]
    assert errors == [], _lines(errors)


def test_the_nav_marks_the_current_page(site_crawl):
    problems = [f"{page}: {p}" for page in site_crawl.pages for p in page.nav_current_problems]
    assert problems == [], _lines(problems)


def test_focus_is_visible_on_every_tab_stop(site_crawl):
    problems = [f"{page}: {p}" for page in site_crawl.pages for p in page.focus_problems]
    assert problems == [], _lines(problems)
