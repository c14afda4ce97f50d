import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_landing_is_public_and_explains_rebound(client):
    response = client.get(reverse("landing"))
    assert response.status_code == 200
    assert "Rebound" in response.text
    assert reverse("account_signup") in response.text


def test_landing_sends_a_signed_in_person_home(client_logged_in):
    response = client_logged_in.get(reverse("landing"))
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize("name", ["home", "settings"])
def test_private_pages_send_anonymous_visitors_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert f"next={url}" in response.url


def test_home_greets_the_person(client_logged_in, user):
    response = client_logged_in.get(reverse("home"))
    assert response.status_code == 200
    assert user.display_name in response.text


def test_signup_needs_email_confirmation_before_login(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "calm-and-practical-7",
            "password2": "calm-and-practical-7",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("home")).status_code == 302

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("home")).status_code == 200


def test_signup_with_an_existing_email_does_not_reveal_the_account(client, user):
    response = client.post(
        reverse("account_signup"),
        {
            "email": user.email,
            "password1": "calm-and-practical-7",
            "password2": "calm-and-practical-7",
        },
    )
    # Same answer as for a new address; the existing owner gets a mail instead.
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email=user.email).count() == 1


def test_password_reset_answers_the_same_for_unknown_addresses(client, user):
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_logout_needs_a_post(client_logged_in):
    client_logged_in.get(reverse("account_logout"))
    assert client_logged_in.get(reverse("home")).status_code == 200
    client_logged_in.post(reverse("account_logout"))
    assert client_logged_in.get(reverse("home")).status_code == 302


def test_failed_logins_are_rate_limited(client, user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password"})
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "wrong-password"}
    )
    assert "Too many attempts to log in" in response.text
    # Even the right password is refused until the limit passes.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "a-long-test-password-42"}
    )
    assert "Too many attempts to log in" in response.text


def test_forged_forwarded_for_does_not_dodge_the_limit(client, user):
    for n in range(6):
        response = client.post(
            reverse("account_login"),
            {"login": user.email, "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert "Too many attempts to log in" in response.text


def test_settings_save_time_zone(client_logged_in, user):
    response = client_logged_in.post(
        reverse("settings"),
        {"name": "Sam", "time_zone": "America/New_York", "no_response_days": 30},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.time_zone, user.no_response_days) == ("Sam", "America/New_York", 30)


def test_settings_refuse_a_bad_value_and_keep_what_was_typed(client_logged_in, user):
    response = client_logged_in.post(
        reverse("settings"),
        {"name": "Sam Typed", "time_zone": "Mars/Olympus", "no_response_days": 0},
    )
    assert response.status_code == 200
    assert "Sam Typed" in response.text
    assert "Enter a number of days from 1 to 365." in response.text
    user.refresh_from_db()
    assert user.time_zone == "Europe/London"


def test_pages_carry_security_headers(client):
    response = client.get(reverse("landing"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
