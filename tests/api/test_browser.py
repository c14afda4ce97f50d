"""The API's documentation page and the token page in Chromium, under the site's CSP
(the `page` fixture fails on any console error, CSP violations included)."""

import json

import pytest

from api.models import AccessToken
from tests.crawl import AXE_OPTIONS, _check_focus, axe_script

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_from_vendored_files_under_the_csp(page):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 15
    base = page.url.split("/api/")[0]
    assert all(url.startswith(base) for url in requests), requests


def test_making_a_token_in_the_browser_shows_it_once(logged_in_page, user, password):
    page = logged_in_page
    page.goto("/settings/tokens/")
    page.get_by_label("Name").fill("Desktop assistant")
    page.get_by_label("Read only").check()
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Make token").click()
    shown = page.locator("code.user-select-all").inner_text()
    token = AccessToken.objects.get(owner=user)
    assert shown.startswith(token.key_prefix)
    page.reload()
    assert page.locator("code.user-select-all").count() == 0
    page.get_by_role("button", name="Revoke Desktop assistant").click()
    token.refresh_from_db()
    assert token.revoked_at is not None


def _axe_violations(page) -> list[str]:
    page.evaluate(axe_script())
    violations = page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)})")["violations"]
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}): "
        + "; ".join(f"{n['target']} {n.get('failureSummary', '')[:160]}" for n in v["nodes"][:6])
        for v in violations
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_api_docs_pass_axe_with_operations_open(page, scheme):
    """Swagger UI's own colours fail WCAG AA contrast; static/api/docs.css sets ours,
    and docs.js turns off deep links (a link inside each operation's button).
    Checked with an operation of each method open. The page keeps one look in
    either colour scheme (Swagger UI has no dark theme); both are checked. The
    site crawl leaves this page to this test: it renders after the load event
    and has neither the site's menu nor its theme switch."""
    page.emulate_media(color_scheme=scheme)
    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    for method in ("get", "post", "put", "delete"):
        page.locator(f".opblock-{method} .opblock-summary-control").first.click()
    page.locator(".opblock-body").nth(3).wait_for()
    assert _axe_violations(page) == []
    assert _check_focus(page) == []  # the crawl's rule: every tab stop shows its focus


def test_the_token_page_fits_a_phone(browser, live_server, user):
    """The walk-through found /settings/tokens/ 454 px wide at 375 px: "Stops working"
    and the Revoke button were off-screen."""
    from api.services import token_create
    from tests.conftest import signed_in_context

    token_create(owner=user, name="curl test", scope="read")
    context = signed_in_context(
        browser, live_server, user, viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.goto("/settings/tokens/")
    try:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > 376)
              .map((el) => el.tagName + '.' + el.className).slice(0, 8)"""
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, wide
        revoke = page.get_by_role("button", name="Revoke curl test")
        box = revoke.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 375
        stops = page.locator('td[data-label="Stops working"]').bounding_box()
        assert stops is not None and stops["x"] + stops["width"] <= 375
    finally:
        context.close()
