"""Optional two-factor authentication (an authenticator app plus recovery codes),
end to end through the real views."""

import logging
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

# allauth announces an activation (message, mail, signal) when the transaction
# commits, inside the request: these tests let transactions really commit.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password-42"


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now (RFC 6238, 30-second steps).

    Waits out the last seconds of a step so the code cannot expire between
    computing and posting it.
    """
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def confirm_password(client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def turn_on_totp(client, user) -> tuple[str, list[str]]:
    """Returns the secret and the recovery codes shown to the person."""
    log_in(client, user)
    confirm_password(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7=]+)"', page.text).group(1)
    assert secret == client.session["mfa.totp.secret"]
    assert 'src="data:image/svg+xml;base64,' in page.text

    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response.url == reverse("mfa_view_recovery_codes")
    codes_page = client.get(response.url)
    assert "Two-factor authentication is on." in codes_page.text
    codes = re.findall(r"<code>([^<]+)</code>", codes_page.text)
    assert len(codes) == 10
    return secret, codes


@pytest.fixture
def security_log(caplog):
    logger = logging.getLogger("rebound.security")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="rebound.security")
    yield caplog
    logger.removeHandler(caplog.handler)


def events(caplog) -> list[str]:
    return [getattr(r, "event", "") for r in caplog.records if r.name == "rebound.security"]


def test_a_wrong_code_does_not_turn_it_on(client, user):
    log_in(client, user)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right." in response.text
    assert not Authenticator.objects.filter(user=user).exists()


def test_turning_it_on_needs_the_password_again(client, user):
    log_in(client, user)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_totp_and_recovery_codes_end_to_end(client, user, security_log):
    secret, codes = turn_on_totp(client, user)
    assert "mfa_added" in events(security_log)
    assert secret not in security_log.text
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert mail.outbox[-1].subject == "Rebound: Two-factor authentication is on"

    # The codes can be downloaded as a short text file.
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download["Content-Type"].startswith("text/plain")
    assert all(code in download.content.decode() for code in codes)

    client.post(reverse("account_logout"))

    # Password alone is not enough any more.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302
    page = client.get(reverse("mfa_authenticate"))
    assert "One more step" in page.text

    # A wrong code is refused, kindly, and logged.
    response = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert response.status_code == 200
    assert "That code is not right." in response.text
    assert "mfa_failed" in events(security_log)
    assert client.get(reverse("home")).status_code == 302

    # The code from the app lets the person in.
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("account_logout"))

    # So does a recovery code, once.
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    index = client.get(reverse("mfa_index"))
    assert "You have 9 of 10 recovery codes left." in index.text
    client.post(reverse("account_logout"))

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_turning_it_off(client, user, security_log):
    turn_on_totp(client, user)
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert "Turn off two-factor authentication" in response.text
    response = client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert "Two-factor authentication is off." in response.text
    assert not Authenticator.objects.filter(user=user).exists()
    assert "mfa_removed" in events(security_log)
    assert mail.outbox[-1].subject == "Rebound: Two-factor authentication is off"


def test_new_recovery_codes_replace_the_old_ones(client, user, security_log):
    _, codes = turn_on_totp(client, user)
    page = client.get(reverse("mfa_generate_recovery_codes"))
    assert "Your current codes will stop working" in page.text
    response = client.post(reverse("mfa_generate_recovery_codes"), follow=True)
    new_codes = re.findall(r"<code>([^<]+)</code>", response.text)
    assert len(new_codes) == 10 and set(new_codes).isdisjoint(codes)
    assert "mfa_reset" in events(security_log)


def test_another_person_never_sees_my_recovery_codes(client, other_client, user):
    _, codes = turn_on_totp(client, user)
    page = other_client.get(reverse("mfa_view_recovery_codes"))
    assert not any(code in page.text for code in codes)
