import logging

from allauth.account.adapter import DefaultAccountAdapter

security_log = logging.getLogger("rebound.security")


class AccountAdapter(DefaultAccountAdapter):
    """allauth, in Rebound's own words."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "That email address and password do not match. Check both and try again.",
        "email_taken": "An account already uses this email address.",
        "enter_current_password": "Type your current password.",
        "incorrect_code": "That code is not right. Check your authenticator app and try again.",
        "incorrect_password": "That password is not right.",
        "invalid_or_expired_key": "This link has expired or was already used. Ask for a new one.",
        "invalid_password_reset": "This reset link has expired or was already used. Ask for a new one.",
        "too_many_login_attempts": "Too many attempts to log in. Wait a few minutes, then try again.",
        "unknown_email": "No account uses this email address.",
        "unverified_primary_email": "Confirm your email address first.",
        "same_as_current": "Enter something different from what you have now.",
        "rate_limited": "That was a lot of requests in a short time. Wait a minute, then try again.",
    }
