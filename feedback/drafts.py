"""The messages Rebound drafts for a person: feedback requests, the one follow-up,
the thank-you after a call, and the subject access request letter.

Each draft is rendered from a plain-text template under
templates/feedback/drafts/: the first line is the subject, the rest the body.
Drafts use only the facts handed in (the person, their contact, their
application), so nothing from anyone else's records can reach a message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from django.template.loader import render_to_string
from django.utils import dateformat

from accounts.models import NAME_PLACEHOLDER

from .rubric import AREA_BY_KEY

# How each rubric area reads inside a request for pointers ("especially on: ...").
POINTER_PHRASES: dict[str, str] = {
    "fit": "how well my experience matched what you needed",
    "answers": "where my answers missed what you were asking",
    "preparation": "how well I understood the company and the role",
    "rapport": "how the conversation came across from your side",
    "enthusiasm": "whether my interest in the role came across",
    "evidence": "which of my examples convinced you least",
    "presence": "how I came across in confidence and manner",
    "questions": "the questions I asked you",
    "practicalities": "the practical parts, such as any test or task",
}

MAX_FOCUS_AREAS = 3


# The same keys as FeedbackRequest.Style; the labels say what each draft is.
REQUEST_STYLES: dict[str, str] = {
    "brief": "Brief email",
    "warm": "Warmer email",
    "phone_script": "Phone script",
}


# Which data-protection law the access request letter cites.
SAR_LAWS: dict[str, str] = {
    "uk": "Article 15 of the UK General Data Protection Regulation and the Data Protection Act 2018",
    "eu": "Article 15 of the General Data Protection Regulation (EU) 2016/679",
}
SAR_LAW_CHOICES = [
    ("uk", "United Kingdom (UK GDPR and the Data Protection Act 2018)"),
    ("eu", "European Union or EEA (GDPR)"),
]


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str

    def mailto(self, to: str) -> str:
        return mailto_url(to=to, subject=self.subject, body=self.body)


def mailto_url(*, to: str, subject: str, body: str) -> str:
    """A mailto: link that opens the person's own email program with the draft.

    RFC 6068: every reserved character percent-encoded (a space is %20, never
    "+"), and line breaks sent as %0D%0A.
    """
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    query = f"subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    return f"mailto:{quote(to or '', safe='@')}?{query}"


def render_draft(template_name: str, context: dict) -> Draft:
    text = render_to_string(f"feedback/drafts/{template_name}", context)
    subject, _, body = text.strip().partition("\n")
    return Draft(subject=subject.strip(), body=body.strip() + "\n")


def first_name(full_name: str) -> str:
    return (full_name or "").strip().split(" ")[0]


def format_date(value: dt.date | None) -> str:
    return dateformat.format(value, "j F") if value else ""


def pointer_phrases(area_keys) -> list[str]:
    return [POINTER_PHRASES[key] for key in area_keys if key in AREA_BY_KEY][:MAX_FOCUS_AREAS]


def sender_name(user) -> str:
    """The person's name, never the local part of their email address."""
    return (user.name or "").strip() or NAME_PLACEHOLDER


def _base_context(*, user, contact, application) -> dict:
    return {
        "sender_name": sender_name(user),
        "sender_email": user.email,
        "contact_name": contact.name if contact else "",
        "contact_first_name": first_name(contact.name) if contact else "",
        "role": application.title,
        "company": application.company.name,
    }


def feedback_request_draft(
    *, kind: str, user, contact, application, interview_date: dt.date | None, area_keys
) -> Draft:
    if kind not in REQUEST_STYLES:
        raise ValueError(f"Unknown kind of draft {kind!r}")
    context = _base_context(user=user, contact=contact, application=application)
    context |= {"interview_date": format_date(interview_date), "areas": pointer_phrases(area_keys)}
    return render_draft(f"request_{kind}.txt", context)


def follow_up_draft(*, user, contact, application, sent_on: dt.date | None) -> Draft:
    context = _base_context(user=user, contact=contact, application=application)
    context["sent_date"] = format_date(sent_on)
    return render_draft("request_follow_up.txt", context)


def thank_you_draft(
    *, user, contact, application, call_date: dt.date | None, future_opportunity: bool
) -> Draft:
    context = _base_context(user=user, contact=contact, application=application)
    context |= {"call_date": format_date(call_date), "future_opportunity": future_opportunity}
    return render_draft("call_thank_you.txt", context)


def sar_subject(*, user) -> str:
    return f"Subject access request: {sender_name(user)}"


def sar_draft(
    *,
    user,
    application,
    organisation: str,
    addressed_to: str,
    contact,
    interview_date: dt.date | None,
    law: str,
) -> Draft:
    context = _base_context(user=user, contact=contact, application=application)
    context |= {
        "company": organisation,
        "addressed_to": addressed_to,
        "interview_date": format_date(interview_date),
        "law": SAR_LAWS[law],
    }
    return render_draft("sar_letter.txt", context)
