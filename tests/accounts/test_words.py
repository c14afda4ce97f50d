"""Every account page, email and message a person reads is in Rebound's words,
not allauth's library copy."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Phrases from allauth's (and Django's) own templates that must never reach a person.
LIBRARY_WORDS = [
    "Sign In",
    "Sign Up",
    "Sign Out",
    "Signup",
    "sign in",
    "Forgot your password?",
    "Remember Me",
    "Hello from",
    "Thank you for using",
    "example.com!",
    "Password (again)",
    "Reset My Password",
    "Confirm Access",
    "Please reauthenticate",
    "Authenticator App",
    "Two-Factor Authentication",
    "Bad Token",
    "Make Primary",
    "Re-send Verification",
    "Successfully",
    "Enter an authenticator code",
    "Your password can’t be too similar",
]


def visible_text(html: str) -> str:
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body)


def assert_rebound_words(text: str) -> None:
    for phrase in LIBRARY_WORDS:
        assert phrase not in text, f"library copy {phrase!r} in: {text[:300]}"
    assert "!" not in text, f"an exclamation mark in: {text[:300]}"


def recently_authenticated(client, user) -> None:
    """allauth asks for the password again before sensitive changes (turning
    on two-factor authentication): log in, then confirm on that page."""
    password = "a-long-test-password-42"
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        (reverse("account_login"), "Log in to Rebound"),
        (reverse("account_signup"), "Create your Rebound account"),
        (reverse("account_reset_password"), "Reset your password"),
        (reverse("account_reset_password_done"), "Check your email"),
        (reverse("account_email_verification_sent"), "Check your email"),
        (reverse("account_confirm_email", args=["not-a-key"]), "Confirm your email address"),
        (
            reverse(
                "account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "set-password"}
            ),
            "This link no longer works",
        ),
        (reverse("account_inactive"), "This account is closed"),
    ],
)
def test_entrance_pages_are_in_rebound_words(client, url, heading):
    response = client.get(url)
    assert response.status_code == 200
    text = visible_text(response.text)
    assert heading in text
    assert_rebound_words(text)


def test_login_page_offers_sign_up_and_a_reset_link(client):
    text = visible_text(client.get(reverse("account_login")).text)
    assert "Create your account" in text
    assert "Forgotten your password? Reset it by email." in text
    assert "Keep me logged in on this device" in text


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("account_logout", "Log out of Rebound"),
        ("account_email", "Your email address"),
        ("account_change_password", "Change your password"),
        ("mfa_index", "Two-factor authentication"),
        ("mfa_activate_totp", "Confirm it is you"),  # asks for the password first
        ("delete_account", "Delete your account"),
    ],
)
def test_account_pages_are_in_rebound_words(client_logged_in, name, heading):
    response = client_logged_in.get(reverse(name), follow=True)
    assert response.status_code == 200
    text = visible_text(response.text)
    assert heading in text
    assert_rebound_words(text)


def test_sensitive_pages_ask_for_the_password_again(client_logged_in):
    response = client_logged_in.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))


def test_the_totp_set_up_page_shows_a_qr_code_as_a_data_uri(client, user):
    recently_authenticated(client, user)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in response.text
    text = visible_text(response.text)
    assert "Set up an authenticator app" in text and "Setup key" in text
    assert_rebound_words(text)


def test_account_menu_links_to_every_account_page(client_logged_in):
    response = client_logged_in.get(reverse("settings"))
    for name in [
        "settings",
        "account_email",
        "account_change_password",
        "mfa_index",
        "delete_account",
    ]:
        assert f'href="{reverse(name)}"' in response.text


# --- Emails ---------------------------------------------------------------------------


def assert_rebound_mail(message) -> None:
    assert message.subject.startswith("Rebound: ")
    assert_rebound_words(message.subject)
    assert_rebound_words(message.body)
    assert message.body.startswith("Hello,")


def test_signup_email_is_in_rebound_words(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "calm-and-practical-7",
            "password2": "calm-and-practical-7",
        },
    )
    (message,) = mail.outbox
    assert message.subject == "Rebound: Confirm your email address to finish signing up"
    assert "/accounts/confirm-email/" in message.body
    assert_rebound_mail(message)


def test_signup_with_a_known_address_mails_the_owner_in_rebound_words(client, user):
    client.post(
        reverse("account_signup"),
        {
            "email": user.email,
            "password1": "calm-and-practical-7",
            "password2": "calm-and-practical-7",
        },
    )
    (message,) = mail.outbox
    assert message.subject == "Rebound: You already have an account"
    assert "/accounts/password/reset/" in message.body
    assert_rebound_mail(message)


def test_reset_emails_are_in_rebound_words(client, user):
    client.post(reverse("account_reset_password"), {"email": user.email})
    client.post(reverse("account_reset_password"), {"email": "stranger@example.com"})
    reset, unknown = mail.outbox
    assert reset.subject == "Rebound: Choose a new password"
    assert "/accounts/password/reset/key/" in reset.body
    assert unknown.subject == "Rebound: No Rebound account uses this address"
    assert "/accounts/signup/" in unknown.body
    assert_rebound_mail(reset)
    assert_rebound_mail(unknown)


def test_password_change_sends_a_notice_in_rebound_words(client, user):
    recently_authenticated(client, user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "a-long-test-password-42",
            "password1": "a-new-calm-password-8",
            "password2": "a-new-calm-password-8",
        },
        follow=True,
    )
    assert "Your password is changed. Use the new one next time you log in." in response.text
    (message,) = mail.outbox
    assert message.subject == "Rebound: Your password was changed"
    assert "If it was not you" in message.body
    assert_rebound_mail(message)


def test_email_change_flow_uses_rebound_words(client, user):
    recently_authenticated(client, user)
    old_address = user.email
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "moved@example.com"}, follow=True
    )
    text = visible_text(response.text)
    assert "We have sent a confirmation link to moved@example.com" in text
    assert "Changing to" in text
    assert_rebound_words(text)
    confirmation = mail.outbox[-1]
    assert_rebound_mail(confirmation)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirmation.body).group(0)
    response = client.post(link.split("testserver", 1)[1], follow=True)
    assert "Thank you, moved@example.com is confirmed." in response.text
    notice = mail.outbox[-1]
    assert notice.to == [old_address] or notice.to == ["moved@example.com"]
    assert_rebound_mail(notice)


def test_logging_in_and_out_show_rebound_messages(client, user):
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "a-long-test-password-42"},
        follow=True,
    )
    assert "You are logged in." in response.text
    response = client.post(reverse("account_logout"), follow=True)
    assert "You have logged out. Your notes are saved for next time." in response.text


def test_wrong_password_message_is_calm_and_says_what_to_do(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": "nope"})
    text = visible_text(response.text)
    assert "That email address and password do not match. Check both and try again." in text
    assert_rebound_words(text)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short7", "Use at least 8 characters."),
        ("password123", "Many people use this password, so it is easy to guess."),
        ("83920174651", "Add some letters: a password of only numbers is easy to guess."),
        ("riverstone@example.com", "This password is too close to your email address."),
    ],
)
def test_weak_passwords_are_refused_with_advice(client, password, message):
    response = client.post(
        reverse("account_signup"),
        {"email": "riverstone@example.com", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    text = visible_text(response.text)
    assert message in text
    assert 'value="riverstone@example.com"' in response.text  # what was typed is kept
    assert_rebound_words(text)


def test_empty_forms_say_what_to_fill_in(client):
    response = client.post(reverse("account_login"), {})
    text = visible_text(response.text)
    assert "Enter your email address." in text
    assert "Type your password." in text
    response = client.post(reverse("account_signup"), {"email": "a@example.org"})
    text = visible_text(response.text)
    assert "Choose a password." in text
    assert "Type the password again, so we know it has no typing mistake." in text
    assert "This field is required." not in text


def test_every_overridden_allauth_template_compiles():
    """Including the ones no test above renders (email.html is used only when
    ACCOUNT_CHANGE_EMAIL is off)."""
    from pathlib import Path

    from django.conf import settings
    from django.template import loader

    root = Path(settings.BASE_DIR) / "templates"
    names = [
        str(path.relative_to(root))
        for folder in ("account", "mfa", "allauth")
        for path in (root / folder).rglob("*")
        if path.is_file()
    ]
    assert len(names) > 60
    for name in names:
        loader.get_template(name)


def test_the_check_your_email_page_says_it_once(client):
    # The walk-through found a banner and the page's own words saying the same.
    response = client.post(
        reverse("account_signup"),
        {
            "email": "once@example.com",
            "password1": "calm-and-practical-7",
            "password2": "calm-and-practical-7",
        },
        follow=True,
    )
    assert "Check your email" in response.text
    assert "We have sent a confirmation link" not in response.text
    assert len(mail.outbox) == 1
