"""An employer's email in one paste: read it, match it, record it.

The reading (capture/email_rules.py) waits in the session while the person
looks at what Rebound suggests; only their press of the one button records
it, through `email_record`. The email's text goes on the timeline only when
they tick the box for it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from applications.models import Application, Interview, Status
from applications.services import application_change_status, interview_save

from .email_rules import (
    ACKNOWLEDGEMENT,
    IN_PERSON,
    INVITATION,
    OFFER,
    PHONE,
    REJECTION,
    VIDEO,
    EmailReading,
    read_email,
)

SESSION_KEY = "capture_emails"
KEEP = 5

STAGE_KINDS = {
    "phone screen": Interview.Kind.PHONE_SCREEN,
    "technical interview": Interview.Kind.TECHNICAL,
    "assessment": Interview.Kind.ASSESSMENT,
    "panel interview": Interview.Kind.PANEL,
    "on-site interview": Interview.Kind.ON_SITE,
    "final round": Interview.Kind.FINAL,
}
SETTING_KINDS = {
    IN_PERSON: Interview.Kind.ON_SITE,
    VIDEO: Interview.Kind.VIDEO,
    PHONE: Interview.Kind.PHONE_SCREEN,
}
BUTTONS = {
    INVITATION: "Add the interview",
    REJECTION: "Record the rejection",
    OFFER: "Move it to Offer",
    ACKNOWLEDGEMENT: "Move it to Applied",
}


def interview_kind(reading: EmailReading) -> str:
    """The kind of interview an invitation speaks of: its stage if it names one, else where.

    "A second interview at our London office" is on-site; "a technical interview
    on Zoom" stays technical. With neither, video is the likeliest these days.
    """
    return STAGE_KINDS.get(reading.stage) or SETTING_KINDS.get(
        reading.setting, Interview.Kind.VIDEO
    )


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def _host(url: str) -> str:
    host = re.sub(r"^https?://", "", url or "").split("/")[0].lower()
    return host.removeprefix("www.")


def match_application(user, *, text: str, domain: str) -> Application | None:
    """The person's open application the email is most likely about, if any is likely."""
    lowered = text.lower()
    best, best_score = None, 0
    for application in Application.objects.owned_by(user).active().with_company():
        company = application.company
        name = company.name.lower()
        squashed = re.sub(r"[^a-z0-9]", "", name)
        score = 0
        if domain:
            host = _host(company.website)
            if host and (domain == host or domain.endswith("." + host)):
                score += 4
            elif squashed and squashed in domain.replace("-", "").replace(".", ""):
                score += 3
        if name and name in lowered:
            score += 3
        elif _words(name) and _words(name) <= _words(text):
            score += 2
        if application.title.lower() in lowered:
            score += 2
        if score > best_score:
            best, best_score = application, score
    return best if best_score >= 2 else None


@dataclass
class KeptEmail:
    key: str
    text: str
    sender: str
    reading: EmailReading
    application_id: int | None


def email_keep(request, *, text: str, sender: str, application: Application | None) -> str:
    reading = read_email(text, today=timezone.localdate(), sender=sender)
    if application is None:
        application = match_application(request.user, text=text, domain=reading.sender_domain)
    kept = dict(request.session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(9)
    kept[key] = {
        "text": text,
        "sender": sender,
        "application": application.pk if application else None,
        "today": timezone.localdate().isoformat(),
    }
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEEP:])
    return key


def email_kept(request, key: str) -> KeptEmail | None:
    data = request.session.get(SESSION_KEY, {}).get(key) if key else None
    if not isinstance(data, dict):
        return None
    # Read again from the text: the rules are cheap and nothing else needs storing.
    reading = read_email(
        data["text"], today=date.fromisoformat(data["today"]), sender=data["sender"]
    )
    return KeptEmail(key, data["text"], data["sender"], reading, data.get("application"))


def email_note(text: str) -> str:
    return f"From their email:\n{text.strip()}"


@transaction.atomic
def email_record(
    *,
    application: Application,
    reading: EmailReading,
    text: str,
    keep_text: bool,
    starts_at: datetime | None = None,
    kind: str = "",
) -> Interview | None:
    """Record what the email says: an interview, a rejection, an offer or an acknowledgement."""
    note = email_note(text) if keep_text else ""
    if reading.kind == INVITATION:
        existing = application.interviews.count()
        interview = Interview(
            application=application,
            round=reading.round or min(existing + 1, 20),
            kind=kind or interview_kind(reading),
            starts_at=starts_at,
            time_zone=timezone.get_current_timezone_name(),
            notes=note,
        )
        return interview_save(interview=interview, move_to_interviewing=True)
    to_status = {
        REJECTION: Status.REJECTED,
        OFFER: Status.OFFER,
        ACKNOWLEDGEMENT: Status.APPLIED,
    }[reading.kind]
    application_change_status(application=application, to_status=to_status, note=note)
    return None
