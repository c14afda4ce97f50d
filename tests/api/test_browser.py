"""The API's documentation page and the token page in Chromium, under the site's CSP
(the `page` fixture fails on any console error, CSP violations included)."""

import pytest

from api.models import AccessToken

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
