"""Workflows for reaching out after a rejection: the feedback request, the
feedback call and the subject access request. Each one is all-or-nothing."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from applications.models import Application, Contact

from . import drafts
from .models import (
    CallQuestion,
    FeedbackCall,
    FeedbackRequest,
    Rejection,
    RubricRating,
    SubjectAccessRequest,
    one_month_after,
)
from .rubric import AREA_BY_KEY, AREA_KEYS, CLOSING_CALL_QUESTIONS
from .services import rejection_focus_areas, rubric_ratings_save

FOLLOW_UP_AFTER_DAYS = 7


def user_zone(user) -> zoneinfo.ZoneInfo:  # kept for callers; the User model knows its zone
    return user.zone


def local_today(user, now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), user_zone(user)).date()


def latest_interview_date(*, application: Application, user) -> dt.date | None:
    """The day of the application's most recent interview, in the person's time zone."""
    interview = application.interviews.order_by("-starts_at").first()
    if interview is None:
        return None
    return timezone.localtime(interview.starts_at, user_zone(user)).date()


def contacts_for_rejection(*, rejection: Rejection, user) -> QuerySet[Contact]:
    """The person's contacts at the company, and any linked to the application."""
    application = rejection.application
    return (
        Contact.objects.owned_by(user)
        .filter(Q(company_id=application.company_id) | Q(applications=application))
        .select_related("company")
        .distinct()
    )


def weakest_area_keys(*, rejection: Rejection) -> list[str]:
    """Rubric keys worth asking about, weakest first (feedback A's rule: blind spots,
    then areas the person rated low in their reflection). Areas rated well are left out."""
    return rejection_focus_areas(rejection=rejection)


def all_areas_weakest_first(*, rejection: Rejection) -> list[str]:
    weakest = weakest_area_keys(rejection=rejection)
    return weakest + [key for key in AREA_KEYS if key not in weakest]


# ---------------------------------------------------------------- requests


@dataclass(frozen=True)
class NewContact:
    name: str
    role: str
    email: str = ""


@transaction.atomic
def feedback_request_create(
    *,
    rejection: Rejection,
    user,
    style: str,
    area_keys: list[str],
    contact: Contact | None = None,
    new_contact: NewContact | None = None,
) -> FeedbackRequest:
    """Draft a feedback request to a contact, adding the contact first if they are new."""
    if (contact is None) == (new_contact is None):
        raise ValueError("Give either an existing contact or a new one.")
    application = rejection.application
    if new_contact is not None:
        contact = Contact.objects.create(
            owner=user,
            company=application.company,
            name=new_contact.name,
            role=new_contact.role,
            email=new_contact.email,
        )
        application.contacts.add(contact)
    area_keys = [key for key in area_keys if key in AREA_BY_KEY][: drafts.MAX_FOCUS_AREAS]
    draft = drafts.feedback_request_draft(
        kind=style,
        user=user,
        contact=contact,
        application=application,
        interview_date=latest_interview_date(application=application, user=user),
        area_keys=area_keys,
    )
    return FeedbackRequest.objects.create(
        owner=user,
        rejection=rejection,
        contact=contact,
        channel=(
            FeedbackRequest.Channel.PHONE
            if style == FeedbackRequest.Style.PHONE_SCRIPT
            else FeedbackRequest.Channel.EMAIL
        ),
        style=style,
        subject=draft.subject,
        body=draft.body,
        areas_to_ask=area_keys,
    )


@transaction.atomic
def feedback_request_mark_sent(
    *, request: FeedbackRequest, sent_on: dt.date, follow_up_due: dt.date | None = None
) -> FeedbackRequest:
    """Record when the request went, and when to follow up (a week later unless chosen)."""
    zone = user_zone(request.owner)
    if sent_on == timezone.localtime(timezone.now(), zone).date():
        sent_at = timezone.now()
    else:
        sent_at = dt.datetime.combine(sent_on, dt.time(9, 0), tzinfo=zone)
    request.sent_at = sent_at
    request.follow_up_due = follow_up_due or sent_on + dt.timedelta(days=FOLLOW_UP_AFTER_DAYS)
    request.save(update_fields=["sent_at", "follow_up_due", "updated_at"])
    return request


def feedback_request_follow_up_is_due(*, request: FeedbackRequest, today: dt.date) -> bool:
    return (
        request.is_sent
        and request.followed_up_at is None
        and request.outcome == FeedbackRequest.Outcome.PENDING
        and request.follow_up_due is not None
        and request.follow_up_due <= today
    )


@transaction.atomic
def feedback_request_mark_followed_up(*, request: FeedbackRequest, body: str) -> FeedbackRequest:
    request.follow_up_body = body
    request.followed_up_at = timezone.now()
    request.save(update_fields=["follow_up_body", "followed_up_at", "updated_at"])
    return request


@transaction.atomic
def feedback_request_set_outcome(*, request: FeedbackRequest, outcome: str) -> FeedbackRequest:
    if outcome not in FeedbackRequest.Outcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}")
    request.outcome = outcome
    request.save(update_fields=["outcome", "updated_at"])
    return request


# ------------------------------------------------------------------- calls


def prepared_questions(*, rejection: Rejection) -> list[tuple[str, str]]:
    """(area, question) pairs for a call: one per rubric area, the weakest areas of
    the reflection first, then the closing questions (area blank)."""
    questions = [
        (key, AREA_BY_KEY[key].ask_them) for key in all_areas_weakest_first(rejection=rejection)
    ]
    return questions + [("", text) for text in CLOSING_CALL_QUESTIONS]


@transaction.atomic
def feedback_call_create(
    *,
    rejection: Rejection,
    user,
    scheduled_at: dt.datetime,
    request: FeedbackRequest | None = None,
) -> FeedbackCall:
    """Book a call, with questions prepared from the rubric. A call booked from a
    request also records that outcome on the request."""
    call = FeedbackCall.objects.create(
        owner=user, rejection=rejection, request=request, scheduled_at=scheduled_at
    )
    CallQuestion.objects.bulk_create(
        CallQuestion(call=call, area=area, text=text, position=position)
        for position, (area, text) in enumerate(prepared_questions(rejection=rejection))
    )
    if request is not None and request.outcome != FeedbackRequest.Outcome.CALL_BOOKED:
        feedback_request_set_outcome(request=request, outcome=FeedbackRequest.Outcome.CALL_BOOKED)
    return call


@transaction.atomic
def feedback_call_save_questions(
    *, call: FeedbackCall, rows: list[tuple[int | None, str | None, int]]
) -> None:
    """Apply the prepare page: (id, text, position) per row. A row with an id and no
    text is removed; a row without an id is the person's own new question. Ids
    that are not this call's questions are ignored."""
    existing = {q.pk: q for q in call.questions.all()}
    keep: list[tuple[int, CallQuestion]] = []
    for question_id, text, position in rows:
        # pop: a question id sent twice is only applied once.
        question = existing.pop(question_id, None) if question_id else None
        if question_id and question is None:
            continue
        if text is None:
            if question is not None:
                question.delete()
            continue
        if question is None:
            question = CallQuestion(call=call, text=text)
        elif question.text != text:
            question.text = text
        keep.append((position, question))
    keep.sort(key=lambda pair: pair[0])
    for position, (_, question) in enumerate(keep):
        question.position = position
        question.save()


def _question_rows(rows: list[dict]) -> list[tuple[int | None, str | None, int]]:
    """The prepare page's rows as (id, text, position): a removed or emptied
    question is (id, None, 0); a blank new row is dropped; a row without an
    order goes to the end, in the order shown."""
    result: list[tuple[int | None, str | None, int]] = []
    for index, row in enumerate(rows):
        if not row or row.get("delete") or not (row.get("text") or "").strip():
            if row and row.get("id"):
                result.append((row["id"], None, 0))
            continue
        position = row.get("position") if row.get("position") is not None else 1000 + index
        result.append((row.get("id"), row["text"].strip(), position))
    return result


@transaction.atomic
def feedback_call_prepare_save(
    *, call: FeedbackCall, scheduled_at: dt.datetime, rows: list[dict]
) -> FeedbackCall:
    """Save the prepare page in one go: when the call is, and its questions
    (`rows` as the question formset's cleaned_data). Both or neither."""
    call.scheduled_at = scheduled_at
    call.save(update_fields=["scheduled_at", "updated_at"])
    feedback_call_save_questions(call=call, rows=_question_rows(rows))
    return call


def call_contact(call: FeedbackCall) -> Contact | None:
    return call.request.contact if call.request_id else None


@transaction.atomic
def feedback_call_save_notes(
    *,
    call: FeedbackCall,
    answers: dict[int, str] | None = None,
    ratings: dict[str, tuple[int | None, str]] | None = None,
    fields: dict | None = None,
) -> FeedbackCall:
    """Save what was typed during or after a call: answers per question, the
    interviewer's view per rubric area, and the call's own fields. Only what is
    given changes, so a partial autosave never clears anything."""
    if answers:
        questions = {q.pk: q for q in call.questions.filter(pk__in=answers.keys())}
        changed = []
        for pk, text in answers.items():
            question = questions.get(pk)
            if question is not None and question.answer != text:
                question.answer = text
                changed.append(question)
        CallQuestion.objects.bulk_update(changed, ["answer"])
    if ratings:
        rubric_ratings_save(
            rejection=call.rejection,
            source=RubricRating.Source.FEEDBACK,
            values=ratings,
            call=call,
        )
    if fields:
        for name, value in fields.items():
            setattr(call, name, value)
        call.save(update_fields=[*fields.keys(), "updated_at"])
    return call


def interviewer_ratings(*, call: FeedbackCall) -> dict[str, RubricRating]:
    return {
        r.area: r
        for r in RubricRating.objects.filter(
            rejection_id=call.rejection_id, source=RubricRating.Source.FEEDBACK
        )
    }


@transaction.atomic
def feedback_call_mark_thanked(*, call: FeedbackCall, body: str) -> FeedbackCall:
    call.thank_you_body = body
    call.thank_you_sent_at = timezone.now()
    call.status = FeedbackCall.Status.DONE
    call.save(update_fields=["thank_you_body", "thank_you_sent_at", "status", "updated_at"])
    return call


# ------------------------------------------------------- subject access requests


@transaction.atomic
def subject_access_request_create(
    *, rejection: Rejection, user, organisation_name: str, addressed_to: str, law: str
) -> SubjectAccessRequest:
    application = rejection.application
    contact = (
        contacts_for_rejection(rejection=rejection, user=user)
        .filter(role=Contact.Role.RECRUITER)
        .first()
        or contacts_for_rejection(rejection=rejection, user=user).first()
    )
    draft = drafts.sar_draft(
        user=user,
        application=application,
        organisation=organisation_name,
        addressed_to=addressed_to,
        contact=contact,
        interview_date=latest_interview_date(application=application, user=user),
        law=law,
    )
    return SubjectAccessRequest.objects.create(
        owner=user,
        rejection=rejection,
        application=application,
        organisation_name=organisation_name,
        addressed_to=addressed_to,
        body=draft.body,
    )


@transaction.atomic
def subject_access_request_save(*, sar: SubjectAccessRequest) -> SubjectAccessRequest:
    """Save, with the answer due one calendar month after the request was sent."""
    sar.due_on = one_month_after(sar.sent_on) if sar.sent_on else None
    sar.save()
    return sar
