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
