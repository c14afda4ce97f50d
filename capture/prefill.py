"""A read posting waits in the session until the person has checked the add form.

Nothing is saved to the person's applications here: the add form opens filled
in (`/applications/new/?posting=<key>`), and only its own "Add the application"
button saves. The session keeps the last few readings so that reloading the
filled-in form, or going back to it, still works.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import date

from django.db.models import Value
from django.db.models.functions import Lower

from accounts import registry
from applications.models import Application, Company

from .extract import Posting

SESSION_KEY = "capture_postings"
KEEP = 5


def posting_keep(request, posting: Posting) -> str:
    """Keep `posting` in the session; the key to ask for it back."""
    kept = dict(request.session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(9)
    data = asdict(posting)
    for name in ("posted_on", "closes_on"):
        data[name] = data[name].isoformat() if data[name] else None
    kept[key] = data
    # Oldest first (dicts keep their order): only the last few stay.
    request.session[SESSION_KEY] = dict(list(kept.items())[-KEEP:])
    return key


@dataclass
class Prefill:
    """The add form's starting values from a read posting, and what to point out."""

    initial: dict
    found_in: str
    filled: list[str]
    same_role: list[Application] = field(default_factory=list)

    @property
    def filled_words(self) -> str:
        """ "the job title, company and description" """
        if len(self.filled) < 2:
            return "".join(self.filled)
        return f"{', '.join(self.filled[:-1])} and {self.filled[-1]}"


def _company_named(user, name: str) -> Company | None:
    if not name:
        return None
    # Compared as the unique constraint compares (Lower), see CompanyForm.clean_name.
    return (
        Company.objects.owned_by(user)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name=Lower(Value(name)))
        .first()
    )


def same_role(user, company: Company | None, title: str) -> list[Application]:
    """The person's applications to this company for a job of the same title."""
    if company is None or not title:
        return []
    return list(
        Application.objects.owned_by(user)
        .filter(company=company)
        .annotate(lower_title=Lower("title"))
        .filter(lower_title=Lower(Value(title)))
        .order_by("-created_at")[:3]
    )


LABELS = {
    "title": "job title",
    "company": "company",
    "new_company_name": "company",
    "location": "location",
    "work_mode": "work mode",
    "salary_min": "salary",
    "salary_currency": "currency",
    "posted_on": "date posted",
    "closes_on": "closing date",
    "posting_url": "link",
    "description": "description",
    "notes": "pay note",
}


def posting_prefill(request) -> Prefill | None:
    """The starting values for the add form, when `?posting=` names a kept reading."""
    key = request.GET.get("posting", "")
    data = request.session.get(SESSION_KEY, {}).get(key) if key else None
    if not isinstance(data, dict):
        return None
    posting = Posting(**{k: v for k, v in data.items() if k in Posting.__dataclass_fields__})
    user = request.user
    company = _company_named(user, posting.company)
    initial: dict = {
        "title": posting.title,
        "location": posting.location,
        "work_mode": posting.work_mode,
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "posting_url": posting.url,
        "description": posting.description,
        "notes": posting.salary_note,
    }
    if posting.salary_currency:
        initial["salary_currency"] = posting.salary_currency
    for name in ("posted_on", "closes_on"):
        value = data.get(name)
        initial[name] = date.fromisoformat(value) if isinstance(value, str) else None
    if company is not None:
        initial["company"] = company
    elif posting.company:
        initial["new_company_name"] = posting.company
    initial = {k: v for k, v in initial.items() if v not in ("", None)}
    filled = list(dict.fromkeys(label for name, label in LABELS.items() if name in initial))
    return Prefill(
        initial=initial,
        found_in=posting.found_in,
        filled=filled,
        same_role=same_role(user, company, posting.title),
    )


def posting_form_help(request) -> registry.FormHelp:
    """The paste box on "Add an application", and the starting values when
    `?posting=` names a kept reading."""
    from .forms import PostingPasteForm

    prefill = posting_prefill(request)
    return registry.FormHelp(
        template="capture/includes/posting_box.html",
        initial=prefill.initial if prefill else {},
        data={"prefill": prefill, "paste_form": PostingPasteForm()},
    )
