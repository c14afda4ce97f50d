"""Workflows of the feedback loop: recording a rejection, the reflection and the
comparison, then reaching out (the feedback request, the feedback call and the
subject access request). Each one that writes is all-or-nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from applications.models import Application, Contact, Status
from applications.services import application_change_status, moment_of, status_change_redate

from . import drafts
from .models import (
    ANSWERED_OUTCOMES,
    FOLLOW_UP_AFTER,
    CallQuestion,
    FeedbackCall,
    FeedbackRequest,
    ReasonTag,
    Reflection,
    Rejection,
    RubricRating,
    SubjectAccessRequest,
    one_month_after,
)
from .rubric import AREA_BY_KEY, AREA_KEYS, AREAS, CLOSING_CALL_QUESTIONS, GOOD_AREA_RATING

# A rating below "good" is "low": worth practising.
LOW_RATING = GOOD_AREA_RATING - 1
# A gap this wide between the two views is a surprise worth a closer look.
SURPRISE_GAP = 2


# Rejections -------------------------------------------------------------


def _rejection_set_tags(*, rejection: Rejection, tags: Iterable[str]) -> None:
    wanted = {t for t in tags if t in ReasonTag.Tag.values}
    existing = set(rejection.reason_tags.values_list("tag", flat=True))
    rejection.reason_tags.filter(tag__in=existing - wanted).delete()
    ReasonTag.objects.bulk_create(
        [ReasonTag(rejection=rejection, tag=t) for t in sorted(wanted - existing)]
    )


class RejectionAlreadyRecorded(Exception):
    """The application already has its rejection: `rejection` is that one."""

    def __init__(self, rejection: Rejection):
        super().__init__("This application already has a rejection recorded.")
        self.rejection = rejection


@transaction.atomic
def rejection_record(
    *,
    application: Application,
    received_on: date,
    channel: str = Rejection.Channel.EMAIL,
    stage: str = Rejection.Stage.AFTER_APPLYING,
    interview_round: int | None = None,
    reason: str = "",
    reason_tags: Iterable[str] = (),
    message: str = "",
) -> Rejection:
    """Keep the rejection and move the application to "rejected", together.

    Raises RejectionAlreadyRecorded when the application already has one (two
    quick submits): the application row is locked, so the second one waits and
    then finds the first."""
    if stage != Rejection.Stage.AFTER_INTERVIEW and stage != Rejection.Stage.FINAL_ROUND:
        interview_round = None
    application = Application.objects.select_for_update().get(pk=application.pk)
    existing = Rejection.objects.filter(application=application).first()
    if existing is not None:
        raise RejectionAlreadyRecorded(existing)
    rejection = Rejection.objects.create(
        owner=application.owner,
        application=application,
        received_on=received_on,
        channel=channel,
        stage=stage,
        interview_round=interview_round,
        reason=reason,
        message=message,
    )
    _rejection_set_tags(rejection=rejection, tags=reason_tags)
    heard_at = moment_of(received_on)
    changed = application_change_status(
        application=application,
        to_status=Status.REJECTED,
        note="Rejection recorded.",
        when=heard_at,
    )
    if changed is None:  # marked rejected earlier (on the board): it ended the day heard
        status_change_redate(application=application, to_status=Status.REJECTED, when=heard_at)
    return rejection


@transaction.atomic
def rejection_update(*, rejection: Rejection, reason_tags: Iterable[str], **fields) -> Rejection:
    """Save edited fields of a rejection (already set on it by a form) and its tags."""
    for name, value in fields.items():
        setattr(rejection, name, value)
    if rejection.stage not in (Rejection.Stage.AFTER_INTERVIEW, Rejection.Stage.FINAL_ROUND):
        rejection.interview_round = None
    rejection.save()
    _rejection_set_tags(rejection=rejection, tags=reason_tags)
    return rejection


# Rubric ratings ---------------------------------------------------------

# {area key: (rating 1-5 or None, note)}
RubricValues = Mapping[str, tuple[int | None, str]]


@transaction.atomic
def rubric_ratings_save(
    *,
    rejection: Rejection,
    source: str,
    values: RubricValues,
    reflection: Reflection | None = None,
    call: FeedbackCall | None = None,
) -> list[RubricRating]:
    """Save one view of the rubric (the person's own, or the interviewer's) for a
    rejection: one row per area, created or updated, in a fixed number of queries.

    For source=reflection pass the Reflection; for source=feedback pass the
    FeedbackCall it came from, or nothing when it came by email.
    """
    if source == RubricRating.Source.REFLECTION:
        if reflection is None:
            raise ValueError("The person's own ratings belong to a reflection.")
        call = None
    elif source == RubricRating.Source.FEEDBACK:
        reflection = None
    else:
        raise ValueError(f"Unknown source {source!r}")
    existing = {r.area: r for r in rejection.ratings.filter(source=source)}
    to_create, to_update = [], []
    for key in AREA_KEYS:
        if key not in values:
            continue
        rating, note = values[key]
        row = existing.get(key)
        if row is None:
            if rating is None and not note:
                continue
            to_create.append(
                RubricRating(
                    owner=rejection.owner,
                    rejection=rejection,
                    source=source,
                    reflection=reflection,
                    call=call,
                    area=key,
                    rating=rating,
                    note=note,
                )
            )
        else:
            row.rating, row.note, row.reflection, row.call = rating, note, reflection, call
            row.updated_at = timezone.now()
            to_update.append(row)
    RubricRating.objects.bulk_create(to_create)
    if to_update:
        RubricRating.objects.bulk_update(
            to_update, ["rating", "note", "reflection", "call", "updated_at"]
        )
    return [*to_create, *to_update]


# Reflections ------------------------------------------------------------


@transaction.atomic
def reflection_save(
    *,
    rejection: Rejection,
    ratings: RubricValues,
    went_well: str = "",
    do_differently: str = "",
    what_else_for_offer: str = "",
    wanted_role: int | None = None,
    finish: bool | None = None,
) -> Reflection:
    """Save the reflection and its ratings together.

    finish=True marks it finished, finish=False a draft, None (autosave) keeps
    its state as it is.
    """
    reflection, _ = Reflection.objects.select_for_update().get_or_create(
        rejection=rejection, defaults={"owner": rejection.owner}
    )
    reflection.went_well = went_well
    reflection.do_differently = do_differently
    reflection.what_else_for_offer = what_else_for_offer
    reflection.wanted_role = wanted_role
    if finish is True:
        reflection.status = Reflection.Status.COMPLETE
        reflection.completed_at = reflection.completed_at or timezone.now()
    elif finish is False:
        reflection.status = Reflection.Status.DRAFT
    reflection.save()
    rubric_ratings_save(
        rejection=rejection,
        source=RubricRating.Source.REFLECTION,
        values=ratings,
        reflection=reflection,
    )
    return reflection


# Comparison -------------------------------------------------------------


@dataclass(frozen=True)
class AreaComparison:
    key: str
    label: str
    question: str
    mine: int | None
    mine_note: str
    theirs: int | None
    theirs_note: str

    AGREED = "agreed"
    BLIND_SPOT = "blind_spot"
    HIDDEN_STRENGTH = "hidden_strength"

    BOTH_GOOD = "both_good"

    @property
    def verdict(self) -> str:
        """agreed, blind_spot (see `is_blind_spot`), both_good (they rated it a
        little lower than you but still good), hidden_strength (they rated
        higher), or "" when one side has no rating."""
        if self.mine is None or self.theirs is None:
            return ""
        if self.is_blind_spot:
            return self.BLIND_SPOT
        if self.theirs < self.mine:
            return self.BOTH_GOOD
        if self.theirs > self.mine:
            return self.HIDDEN_STRENGTH
        return self.AGREED

    @property
    def is_blind_spot(self) -> bool:
        """The interviewer rated the area lower than the person did AND below
        "good" (GOOD_AREA_RATING, 4 on the rubric's 1-5 scale). A 5 against
        their 4 is no blind spot: 4 means good."""
        return (
            self.mine is not None
            and self.theirs is not None
            and self.theirs < self.mine
            and self.theirs < GOOD_AREA_RATING
        )

    @property
    def is_both_low(self) -> bool:
        """Both sides rated the area low (LOW_RATING or under)."""
        return (
            self.mine is not None
            and self.theirs is not None
            and max(self.mine, self.theirs) <= LOW_RATING
        )

    @property
    def verdict_label(self) -> str:
        return {
            self.AGREED: "You agree",
            self.BLIND_SPOT: "Blind spot",
            self.BOTH_GOOD: "Both good",
            self.HIDDEN_STRENGTH: "Hidden strength",
        }.get(self.verdict, "Not compared")

    @property
    def gap(self) -> int | None:
        """Their rating minus yours."""
        if self.mine is None or self.theirs is None:
            return None
        return self.theirs - self.mine

    @property
    def is_surprise(self) -> bool:
        return self.gap is not None and abs(self.gap) >= SURPRISE_GAP


def rejection_compare(*, rejection: Rejection) -> list[AreaComparison]:
    """The person's reflection and the interviewer's view, area by area, in
    rubric order. One query."""
    rows = {(r.source, r.area): r for r in rejection.ratings.all()}
    result = []
    for area in AREAS:
        mine = rows.get((RubricRating.Source.REFLECTION, area.key))
        theirs = rows.get((RubricRating.Source.FEEDBACK, area.key))
        result.append(
            AreaComparison(
                key=area.key,
                label=area.label,
                question=area.question,
                mine=mine.rating if mine else None,
                mine_note=mine.note if mine else "",
                theirs=theirs.rating if theirs else None,
                theirs_note=theirs.note if theirs else "",
            )
        )
    return result


def practice_order(comparisons: list[AreaComparison]) -> list[AreaComparison]:
    """THE rule for what to practise first; the comparison page's words and
    practice's plan builder both read it. Blind spots first (widest gap first,
    see `AreaComparison.is_blind_spot`), then areas both sides rated low (lowest
    first), then areas the person rated low themselves, then areas the
    interviewer rated low. Each area once; areas rated well are left out."""
    order = {key: i for i, key in enumerate(AREA_KEYS)}
    blind = sorted(
        (c for c in comparisons if c.is_blind_spot),
        key=lambda c: (c.gap, c.theirs, order[c.key]),
    )
    both_low = sorted(
        (c for c in comparisons if c.is_both_low),
        key=lambda c: (c.mine + c.theirs, order[c.key]),
    )
    own_low = sorted(
        (c for c in comparisons if c.mine is not None and c.mine <= LOW_RATING),
        key=lambda c: (c.mine, order[c.key]),
    )
    their_low = sorted(
        (c for c in comparisons if c.theirs is not None and c.theirs <= LOW_RATING),
        key=lambda c: (c.theirs, order[c.key]),
    )
    result: list[AreaComparison] = []
    for c in [*blind, *both_low, *own_low, *their_low]:
        if c not in result:
            result.append(c)
    return result


def rejection_focus_areas(*, rejection: Rejection) -> list[str]:
    """Rubric keys to practise, weakest first, by `practice_order`."""
    return [c.key for c in practice_order(rejection_compare(rejection=rejection))]


def comparison_summary(comparisons: list[AreaComparison]) -> str:
    """One or two calm sentences about what the comparison shows, naming the
    areas to practise in `practice_order`'s order: blind spots, then both low."""
    compared = [c for c in comparisons if c.verdict]
    if not compared:
        return ""
    ordered = practice_order(compared)
    blind = [c.label.lower() for c in ordered if c.is_blind_spot]
    weak = [c.label.lower() for c in ordered if c.is_both_low and not c.is_blind_spot]
    hidden = [c.label.lower() for c in compared if c.verdict == AreaComparison.HIDDEN_STRENGTH]
    agreed = [c for c in compared if c.verdict in (AreaComparison.AGREED, AreaComparison.BOTH_GOOD)]
    parts = [f"You and the interviewer agree on {len(agreed)} of {len(compared)} areas."]
    if blind:
        parts.append(
            f"They saw {_join(blind)} less favourably than you did: "
            "that is where to practise first."
        )
    if weak:
        if blind:
            parts.append(f"You both rated {_join(weak)} low: practise that next.")
        else:
            parts.append(
                f"You both rated {_join(weak)} low: a clear lesson, and the place to practise first."
            )
    if hidden:
        parts.append(
            f"They rated {_join(hidden)} higher than you did: keep doing what you did there."
        )
    if not blind and not hidden:
        parts.append("Your own reading of the interview was accurate, which makes it a good guide.")
    return " ".join(parts)


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


# Reaching out: the feedback request, the feedback call, the subject access request


def latest_interview_date(*, application: Application, user) -> dt.date | None:
    """The day of the application's most recent interview, in the person's time zone."""
    interview = application.interviews.order_by("-starts_at").first()
    if interview is None:
        return None
    return user.local_now(interview.starts_at).date()


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
    """Rubric keys worth asking about, weakest first (`practice_order`). Areas
    rated well are left out."""
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
    owner = request.owner
    if sent_on == owner.local_today():
        sent_at = timezone.now()
    else:
        sent_at = dt.datetime.combine(sent_on, dt.time(9, 0), tzinfo=owner.zone)
    request.sent_at = sent_at
    request.follow_up_due = follow_up_due or sent_on + FOLLOW_UP_AFTER
    request.save(update_fields=["sent_at", "follow_up_due", "updated_at"])
    return request


@transaction.atomic
def feedback_request_mark_followed_up(*, request: FeedbackRequest, body: str) -> FeedbackRequest:
    request.follow_up_body = body
    request.followed_up_at = timezone.now()
    request.save(update_fields=["follow_up_body", "followed_up_at", "updated_at"])
    return request


@transaction.atomic
def feedback_request_set_outcome(
    *, request: FeedbackRequest, outcome: str, answered_on: dt.date | None = None
) -> FeedbackRequest:
    """Record what came of the request. An answer (feedback, a call, a no) keeps
    the moment it came in `answered_at`: the day the person gave, else now. A later
    answer to the same request (the call booked, then the feedback) keeps the
    first one's moment unless a day is given; no answer clears it."""
    if outcome not in FeedbackRequest.Outcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}")
    request.outcome = outcome
    if outcome not in ANSWERED_OUTCOMES:
        request.answered_at = None
    elif answered_on is not None:
        request.answered_at = moment_of(answered_on)
    elif request.answered_at is None:
        request.answered_at = timezone.now()
    request.save(update_fields=["outcome", "answered_at", "updated_at"])
    return request


# ------------------------------------------------------------------- calls


# A feedback call is often 15 minutes: about five questions fit, so a call starts
# with the three weakest areas and the two closing questions. The person can add
# more on the prepare page.
CALL_AREA_QUESTIONS = 3


def prepared_questions(*, rejection: Rejection) -> list[tuple[str, str]]:
    """(area, question) pairs for a call: the three weakest areas of the
    reflection (in the rubric's order when there is none), then the closing
    questions (area blank)."""
    areas = all_areas_weakest_first(rejection=rejection)[:CALL_AREA_QUESTIONS]
    questions = [(key, AREA_BY_KEY[key].ask_them) for key in areas]
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
