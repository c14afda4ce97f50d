"""Mail that could not go out at once, sent again by the task worker."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

log = logging.getLogger(__name__)

# Tries after the first failure, each after twice the wait of the one before
# (1, 2, 4 ... 32 minutes): about an hour in all.
MAIL_RETRIES = 6
MAIL_ERRORS = (OSError, smtplib.SMTPException)


def message_as_dict(message: EmailMultiAlternatives) -> dict:
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


def message_from_dict(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def mail_send_later(*, message: EmailMultiAlternatives, attempt: int = 1) -> None:
    """Queue the message for the worker, `2 ** (attempt - 1)` minutes from now."""
    run_after = timezone.now() + dt.timedelta(minutes=2 ** (attempt - 1)) if attempt > 1 else None
    queued = send_email.using(run_after=run_after) if run_after else send_email
    queued.enqueue(message=message_as_dict(message), attempt=attempt)


@task()
def send_email(message: dict, attempt: int = 1) -> str:
    try:
        message_from_dict(message).send()
    except MAIL_ERRORS as exc:
        if attempt > MAIL_RETRIES:
            log.error("mail not sent after %d tries (%s)", attempt, type(exc).__name__)
            return "given up"
        log.warning("mail server unreachable (%s); trying again later", type(exc).__name__)
        mail_send_later(message=message_from_dict(message), attempt=attempt + 1)
        return "retry queued"
    return "sent"
