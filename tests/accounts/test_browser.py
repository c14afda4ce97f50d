import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _last_link(pattern: str) -> str:
    body = mail.outbox[-1].body
    return re.search(pattern, body).group(0)


def test_sign_up_confirm_log_out_log_in_and_reset_password(page, live_server):
    page.goto("/")
    page.get_by_role("link", name="Create your account").click()
    page.locator("#id_email").fill("river@example.com")
    page.locator("#id_password1").fill("steady-progress-2026")
    page.locator("#id_password2").fill("steady-progress-2026")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = _last_link(r"https?://\S+/accounts/confirm-email/\S+/")
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/home/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/")

    page.goto("/accounts/login/")
    page.locator("#id_login").fill("river@example.com")
    page.locator("#id_password").fill("steady-progress-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/home/")
    page.get_by_role("button", name="Log out").click()

    page.goto("/accounts/password/reset/")
    page.locator("#id_email").fill("river@example.com")
    page.get_by_role("button", name="Reset My Password").click()
    page.wait_for_url("**/accounts/password/reset/done/")
    link = _last_link(r"https?://\S+/accounts/password/reset/key/\S+/")
    path = re.sub(r"^https?://[^/]+", "", link)
    page.goto(path)
    page.locator("#id_password1").fill("a-fresh-start-2026")
    page.locator("#id_password2").fill("a-fresh-start-2026")
    page.get_by_role("button", name="Change Password").click()
    page.wait_for_url("**/accounts/password/reset/key/done/")

    page.goto("/accounts/login/")
    page.locator("#id_login").fill("river@example.com")
    page.locator("#id_password").fill("a-fresh-start-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/home/")


def test_phone_width_has_no_horizontal_scroll(phone_page):
    phone_page.goto("/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
