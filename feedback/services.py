"""Workflows of the feedback loop. Each one that writes is all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from applications.models import Application, Status
from applications.services import application_change_status, moment_of, status_change_redate

from .models import (
    FeedbackCall,
    ReasonTag,
    Reflection,
    Rejection,
    RubricRating,
    SubjectAccessRequest,
    one_month_after,
)
from .rubric import AREA_BY_KEY, AREA_KEYS, AREAS

# A rating at or below this is "low": worth practising.
LOW_RATING = 3
# A gap this wide between the two views is a surprise worth a closer look.
SURPRISE_GAP = 2
# Both views at or below this: you agree it is weak, a clear lesson.
AGREED_WEAK = 2


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

    @property
    def verdict(self) -> str:
        """agreed, blind_spot (they rated lower), hidden_strength (they rated
        higher), or "" when one side has no rating."""
        if self.mine is None or self.theirs is None:
            return ""
        if self.theirs < self.mine:
            return self.BLIND_SPOT
        if self.theirs > self.mine:
            return self.HIDDEN_STRENGTH
        return self.AGREED

    @property
    def verdict_label(self) -> str:
        return {
            self.AGREED: "You agree",
            self.BLIND_SPOT: "Blind spot",
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


def rejection_focus_areas(*, rejection: Rejection) -> list[str]:
    """Rubric keys to practise, weakest first: blind spots (widest gap first),
    then areas the person rated low themselves, then areas the interviewer
    rated lowest. Areas rated well on both sides are left out."""
    comparisons = rejection_compare(rejection=rejection)
    order = {key: i for i, key in enumerate(AREA_KEYS)}
    blind = sorted(
        (c for c in comparisons if c.verdict == AreaComparison.BLIND_SPOT),
        key=lambda c: (c.gap, c.theirs, order[c.key]),
    )
    own_low = sorted(
        (c for c in comparisons if c.mine is not None and c.mine <= LOW_RATING),
        key=lambda c: (c.mine, order[c.key]),
    )
    their_low = sorted(
        (c for c in comparisons if c.theirs is not None and c.theirs <= LOW_RATING),
        key=lambda c: (c.theirs, order[c.key]),
    )
    keys: list[str] = []
    for c in [*blind, *own_low, *their_low]:
        if c.key not in keys:
            keys.append(c.key)
    return keys


def comparison_summary(comparisons: list[AreaComparison]) -> str:
    """One or two calm sentences about what the comparison shows."""
    compared = [c for c in comparisons if c.verdict]
    if not compared:
        return ""
    blind = [c.label.lower() for c in compared if c.verdict == AreaComparison.BLIND_SPOT]
    hidden = [c.label.lower() for c in compared if c.verdict == AreaComparison.HIDDEN_STRENGTH]
    agreed = [c for c in compared if c.verdict == AreaComparison.AGREED]
    # Both rated it weak: the clearest lesson of all.
    weak = [
        c.label.lower()
        for c in compared
        if c.mine is not None
        and c.theirs is not None
        and c.mine <= AGREED_WEAK
        and c.theirs <= AGREED_WEAK
    ]
    parts = [f"You and the interviewer agree on {len(agreed)} of {len(compared)} areas."]
    if weak:
        parts.append(
            f"You both rated {_join(weak)} low: a clear lesson, and the place to practise first."
        )
    if blind:
        where = "practise that next" if weak else "that is where to practise first"
        parts.append(f"They saw {_join(blind)} less favourably than you did: {where}.")
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


# Subject access requests ------------------------------------------------


@transaction.atomic
def subject_access_request_mark_sent(
    *, request: SubjectAccessRequest, sent_on: date
) -> SubjectAccessRequest:
    """Record when the request went out; the answer is due one month later."""
    request.sent_on = sent_on
    request.due_on = one_month_after(sent_on)
    request.save(update_fields=["sent_on", "due_on", "updated_at"])
    return request


def area_label(key: str) -> str:
    area = AREA_BY_KEY.get(key)
    return area.label if area else key
