"""Workflows that touch several rows: each one is all-or-nothing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import Application, Interview, InterviewQuestion, Status, StatusChange


@transaction.atomic
def application_create(*, application: Application, contacts=None, note: str = "") -> Application:
    """Save a new application and open its history with its first status."""
    application.last_news_at = timezone.now()
    application.save()
    if contacts is not None:
        application.contacts.set(contacts)
    StatusChange.objects.create(
        application=application, from_status="", to_status=application.status, note=note
    )
    return application


@transaction.atomic
def application_change_status(
    *, application: Application, to_status: str, note: str = "", when=None
) -> StatusChange | None:
    """Move an application to another stage and keep the change in its history.

    Returns None when the status is already `to_status` (nothing to record).
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
    Application.objects.filter(pk=locked.pk).update(
        status=to_status, last_news_at=when, updated_at=timezone.now()
    )
    application.status = to_status
    application.last_news_at = when
    return change


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
