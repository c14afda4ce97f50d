import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.urls import reverse

from .security import login_fingerprint, record
from .tasks import MAIL_ERRORS, mail_send_later

log = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    """allauth, in Rebound's own words."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": "This account is closed. Write to us if you think that is a mistake.",
        "cannot_remove_primary_email": "This is the address you log in with, so it stays. Add another one and make it your main address first.",
        "duplicate_email": "This address is already on your account.",
        "email_password_mismatch": "That email address and password do not match. Check both and try again.",
        "email_taken": "An account already uses this email address.",
        "enter_current_password": "Type your current password.",
        "incorrect_code": "That code is not right. Check your authenticator app and try again.",
        "incorrect_password": "That password is not right.",
        "invalid_login": "That email address and password do not match. Check both and try again.",
        "invalid_or_expired_key": "This link has expired or was already used. Ask for a new one.",
        "invalid_password_reset": "This reset link has expired or was already used. Ask for a new one.",
        "max_email_addresses": "You can keep up to %d email addresses.",
        "too_many_login_attempts": "Too many attempts to log in. Wait a few minutes, then try again.",
        "unknown_email": "No account uses this email address.",
        "unverified_primary_email": "Confirm your email address first.",
        "select_only_one": "Choose just one.",
        "same_as_current": "Enter something different from what you have now.",
        "rate_limited": "That was a lot of requests in a short time. Wait a minute, then try again.",
    }

    def add_message(
        self,
        request,
        level,
        message_template=None,
        message_context=None,
        extra_tags="",
        message=None,
    ):
        # Confirming an address also logs the person in: one banner ("… is
        # confirmed") says enough, so the "You are logged in" after it is dropped.
        # After signing up (or logging in unconfirmed) the "Check your email" page
        # says it all; a banner saying the same above it is noise. Adding an
        # address in Settings keeps the banner, as nothing else says so there.
        if message_template == "account/messages/email_confirmation_sent.txt" and (
            request.path in (reverse("account_signup"), reverse("account_login"))
        ):
            return
        if message_template == "account/messages/email_confirmed.txt":
            request._rebound_email_confirmed = True
        elif message_template == "account/messages/logged_in.txt" and getattr(
            request, "_rebound_email_confirmed", False
        ):
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Sends at once; when the mail server cannot be reached, the message
        waits in the task queue instead, so the sign-up, reset or change that
        asked for it still succeeds."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                **context,
            },
        )
        try:
            message.send()
        except MAIL_ERRORS as exc:
            log.warning("mail server unreachable (%s); the message is queued", type(exc).__name__)
            mail_send_later(message=message)

    def pre_authenticate(self, request, **credentials) -> None:
        """Counts the attempt against the login limits; records a refusal."""
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            login = str(credentials.get("email") or "")
            record(
                "login_rate_limited",
                request=request,
                login=login_fingerprint(login) if login else "-",
            )
            raise


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": "Two-factor authentication is on. To change your email address, turn it off first, change the address, then turn it on again.",
        "cannot_delete_authenticator": "Two-factor authentication cannot be turned off for this account.",
        "cannot_generate_recovery_codes": "Turn on two-factor authentication first; recovery codes come with it.",
        "incorrect_code": "That code is not right. Type the six digits your authenticator app shows now, or one of your recovery codes.",
        "unverified_email": "Confirm your email address before you turn on two-factor authentication.",
    }
