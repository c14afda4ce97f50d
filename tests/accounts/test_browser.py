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
    page.get_by_role("button", name="Sign up", exact=True).click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = _last_link(r"https?://\S+/accounts/confirm-email/\S+/")
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/home/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hello")
    # One banner after confirming, not "confirmed" and "logged in" stacked.
    banners = page.locator(".rb-messages .alert")
    assert banners.count() == 1
    assert "is confirmed" in banners.first.inner_text()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/")

    page.goto("/accounts/login/")
    page.locator("#id_login").fill("river@example.com")
    page.locator("#id_password").fill("steady-progress-2026")
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/home/")
    page.get_by_role("button", name="Log out").click()

    page.goto("/accounts/password/reset/")
    page.locator("#id_email").fill("river@example.com")
    page.get_by_role("button", name="Send the reset link").click()
    page.wait_for_url("**/accounts/password/reset/done/")
    link = _last_link(r"https?://\S+/accounts/password/reset/key/\S+/")
    path = re.sub(r"^https?://[^/]+", "", link)
    page.goto(path)
    page.locator("#id_password1").fill("a-fresh-start-2026")
    page.locator("#id_password2").fill("a-fresh-start-2026")
    page.get_by_role("button", name="Save the new password").click()
    page.wait_for_url("**/accounts/password/reset/key/done/")

    page.goto("/accounts/login/")
    page.locator("#id_login").fill("river@example.com")
    page.locator("#id_password").fill("a-fresh-start-2026")
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/home/")


def test_phone_width_has_no_horizontal_scroll(phone_page):
    phone_page.goto("/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def _totp_now(secret: str) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_two_factor_set_up_log_in_with_a_code_and_with_a_recovery_code(
    logged_in_page, user, password
):
    page = logged_in_page
    page.goto("/settings/")
    page.get_by_role("link", name="Two-factor authentication").click()
    page.get_by_role("link", name="Set up an authenticator app").click()

    # allauth asks for the password once more first.
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/2fa/totp/activate/")

    qr = page.get_by_role("img", name="QR code to scan with your authenticator app")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    secret = page.get_by_label("Setup key").input_value()
    page.get_by_label("Code from your authenticator app").fill(_totp_now(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    page.wait_for_url("**/2fa/recovery-codes/")
    assert "Two-factor authentication is on." in page.locator(".rb-messages").inner_text()
    codes = page.locator(".rb-recovery-codes code").all_inner_texts()
    assert len(codes) == 10

    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/2fa/authenticate/")
    assert page.get_by_role("heading", level=1).inner_text() == "One more step"
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        _totp_now(secret)
    )
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/home/")

    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/2fa/authenticate/")
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(codes[0])
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/home/")

    page.goto("/accounts/2fa/")
    assert "You have 9 of 10 recovery codes left." in page.locator("main").inner_text()

    # The other two-factor pages load cleanly too (no CSP or script errors).
    for path in ["/accounts/2fa/recovery-codes/generate/", "/accounts/2fa/totp/deactivate/"]:
        assert page.goto(path).status == 200, path
        assert page.locator("h1").count() == 1, path


def test_deleting_the_account_in_the_browser(logged_in_page, live_server, password):
    page = logged_in_page
    page.goto("/settings/")
    page.get_by_role("link", name="Delete your account").click()
    page.get_by_label("Your password").fill(password)
    page.get_by_role("button", name="Delete my account and everything in it").click()
    page.wait_for_url(live_server.url + "/")
    assert (
        "Your account and everything in it have been deleted" in page.locator("main").inner_text()
    )
    assert page.get_by_role("link", name="Log in").first.is_visible()


def test_account_pages_load_without_browser_errors(logged_in_page):
    """The `page` fixture fails on any console error, CSP violations included."""
    page = logged_in_page
    for path in [
        "/settings/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/reauthenticate/",
        "/settings/delete/",
        "/accounts/logout/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path


def test_entrance_pages_load_without_browser_errors(page):
    for path in [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/confirm-email/expired-key/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
