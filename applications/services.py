"""Workflows that touch several rows: each one is all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import (
    SENT_STATUSES,
    Application,
    Company,
    Contact,
    Interview,
    InterviewQuestion,
    Status,
    StatusChange,
)


def company_for_name(*, owner, name: str) -> Company:
    """The person's company with this name (any letter case), created if it is new."""
    name = name.strip()
    company = Company.objects.owned_by(owner).filter(name__iexact=name).first()
    if company is None:
        company = Company.objects.create(owner=owner, name=name)
    return company


def _add_new_contact(
    *, application: Application, name: str, role: str, company: Company | None
) -> Contact | None:
    name = name.strip()
    if not name:
        return None
    contact = Contact.objects.create(
        owner=application.owner, company=company, name=name, role=role or Contact.Role.OTHER
    )
    application.contacts.add(contact)
    return contact


@transaction.atomic
def application_create(
    *,
    application: Application,
    contacts: Iterable[Contact] | None = None,
    note: str = "",
    new_company_name: str = "",
    new_contact_name: str = "",
    new_contact_role: str = "",
) -> Application:
    """Save a new application and open its history with its first status.

    A company or contact typed in by name on the same form is created here, so a
    failure anywhere leaves none of them behind.
    """
    if new_company_name.strip():
        application.company = company_for_name(owner=application.owner, name=new_company_name)
    if application.status in SENT_STATUSES and application.date_applied is None:
        application.date_applied = timezone.localdate()
    application.last_news_at = timezone.now()
    application.save()
    if contacts is not None:
        application.contacts.set(contacts)
    _add_new_contact(
        application=application,
        name=new_contact_name,
        role=new_contact_role,
        company=application.company,
    )
    StatusChange.objects.create(
        application=application, from_status="", to_status=application.status, note=note
    )
    return application


@transaction.atomic
def application_update(
    *,
    application: Application,
    contacts: Iterable[Contact] | None = None,
    new_company_name: str = "",
    new_contact_name: str = "",
    new_contact_role: str = "",
) -> StatusChange | None:
    """Save edits to an application.

    A different status on the form goes through `application_change_status`, so
    the history stays complete. Returns that change, if there was one.
    """
    if new_company_name.strip():
        application.company = company_for_name(owner=application.owner, name=new_company_name)
    wanted_status = application.status
    application.status = Application.objects.values_list("status", flat=True).get(pk=application.pk)
    application.last_news_at = timezone.now()
    application.save()
    if contacts is not None:
        application.contacts.set(contacts)
    _add_new_contact(
        application=application,
        name=new_contact_name,
        role=new_contact_role,
        company=application.company,
    )
    return application_change_status(application=application, to_status=wanted_status)


@transaction.atomic
def application_change_status(
    *, application: Application, to_status: str, note: str = "", when=None
) -> StatusChange | None:
    """Move an application to another stage and keep the change in its history.

    Returns None when the status is already `to_status` (nothing to record).
    Reaching a "sent" stage without a date applied fills it in with the day of
    the change.
    """
    if to_status not in Status.values:
        raise ValueError(f"Unknown status {to_status!r}")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status == to_status:
        return None
    when = when or timezone.now()
    change = StatusChange.objects.create(
        application=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_at=when,
        note=note,
    )
    fields = {"status": to_status, "last_news_at": when, "updated_at": timezone.now()}
    if to_status in SENT_STATUSES and locked.date_applied is None:
        fields["date_applied"] = timezone.localdate(when)
        application.date_applied = fields["date_applied"]
    Application.objects.filter(pk=locked.pk).update(**fields)
    application.status = to_status
    application.last_news_at = when
    return change


@transaction.atomic
def application_keep_waiting(*, application: Application) -> None:
    """The person chose to keep waiting: the "no response" suggestion starts over."""
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(last_news_at=now, updated_at=now)
    application.last_news_at = now


def parse_questions(text: str) -> list[str]:
    """One question per line; blank lines and surrounding spaces dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@transaction.atomic
def interview_set_questions(*, interview: Interview, questions: list[str]) -> None:
    """Replace the interview's questions, keeping the rows of questions that stay
    (practice may point at them)."""
    existing = {q.text: q for q in interview.questions.all()}
    keep_ids = []
    for position, text in enumerate(questions):
        question = existing.pop(text, None)
        if question is None:
            question = InterviewQuestion.objects.create(
                interview=interview, text=text, position=position
            )
        elif question.position != position:
            question.position = position
            question.save(update_fields=["position"])
        keep_ids.append(question.pk)
    interview.questions.exclude(pk__in=keep_ids).delete()


@transaction.atomic
def interview_save(
    *,
    interview: Interview,
    interviewers: Iterable[Contact] | None = None,
    questions: list[str] | None = None,
    new_interviewer_name: str = "",
    move_to_interviewing: bool = False,
) -> Interview:
    """Create or update an interview with its interviewers and questions.

    Scheduling one counts as news from the company; `move_to_interviewing`
    also moves an application that has not reached that stage yet.
    """
    application = interview.application
    interview.save()
    if interviewers is not None:
        interview.interviewers.set(interviewers)
    name = new_interviewer_name.strip()
    if name:
        contact = Contact.objects.create(
            owner=application.owner,
            company=application.company,
            name=name,
            role=Contact.Role.INTERVIEWER,
        )
        interview.interviewers.add(contact)
        application.contacts.add(contact)
    if questions is not None:
        interview_set_questions(interview=interview, questions=questions)
    if move_to_interviewing and application.status in (
        Status.INTERESTED,
        Status.APPLIED,
        Status.SCREENING,
    ):
        application_change_status(application=application, to_status=Status.INTERVIEWING)
    else:
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(last_news_at=now, updated_at=now)
    return interview
