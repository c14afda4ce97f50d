"""Sharing workflows: create and revoke a share, record a visit, take up an
invitation, and the coach's ratings and comments (with the emails they send)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from feedback.models import Rejection
from feedback.rubric import AREAS
from feedback.services import rejection_compare
from practice.models import PlanItem, Question
from practice.services import plan_item_add

from .models import (
    LINK_LIFETIME,
    CoachComment,
    CoachRating,
    Share,
    ShareVisit,
    new_token,
    token_digest,
    visitor_digest,
)

log = logging.getLogger(__name__)


@transaction.atomic
def share_create(
    *,
    owner,
    kind: str,
    way: str,
    rejection: Rejection | None = None,
    plan=None,
    include_salary: bool = False,
    include_notes: bool = False,
    invited_email: str = "",
    notify_owner: bool = True,
    expires_on: date | None = None,
    site: str = "",
) -> tuple[Share, str]:
    """The share, and the raw link token ("" for an invitation), shown once.
    A link stays open until the end of `expires_on` in the person's time zone,
    or for 30 days."""
    raw = new_token() if way == Share.Way.LINK else ""
    expires_at = None
    if way == Share.Way.LINK:
        expires_at = timezone.now() + LINK_LIFETIME
        if expires_on is not None:
            expires_at = datetime.combine(expires_on, time.max, tzinfo=owner.zone)
    share = Share.objects.create(
        owner=owner,
        kind=kind,
        way=way,
        rejection=rejection if kind == Share.Kind.REJECTION else None,
        plan=plan if kind == Share.Kind.PLAN else None,
        include_salary=include_salary and kind == Share.Kind.PIPELINE,
        include_notes=include_notes and kind == Share.Kind.PIPELINE,
        token_hash=token_digest(raw) if raw else "",
        invited_email=invited_email.strip() if way == Share.Way.INVITATION else "",
        expires_at=expires_at,
        notify_owner=notify_owner,
    )
    if way == Share.Way.INVITATION:
        transaction.on_commit(lambda: _send_invitation(share, site))
    return share, raw


def _send_quietly(subject: str, body: str, to: str) -> None:
    """A mail server that is down costs the email, never the save."""
    try:
        send_mail(f"Rebound: {subject}", body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # noqa: BLE001 - any transport failure
        log.warning("sharing email not sent", exc_info=True)


def _send_invitation(share: Share, site: str) -> None:
    who = share.owner.name or share.owner.email
    body = (
        f"{who} would like your help with their job search on Rebound and has shared "
        f"{share.get_kind_display().lower()} with you.\n\n"
        f"Sign in or create an account with this email address, then open "
        f'"Shared with me":\n{site}{reverse("sharing:shared_with_me")}\n\n'
        "If you were not expecting this, you can ignore this email."
    )
    _send_quietly(f"{who} shared their search with you", body, share.invited_email)


@transaction.atomic
def shares_close_imported(model, objects: list, now: datetime) -> None:
    """Shares in an export file come into the new account closed: a link or an
    invitation was given for the old account, and bringing it back open would let
    an old link (or an unclaimed invitation) into the new one without the person
    choosing it again. Ratings and comments come across as the person's data."""
    if model is not Share:
        return
    for share in objects:
        share.token_hash = ""
        if share.revoked_at is None:
            share.revoked_at = now


def share_revoke(*, share: Share) -> Share:
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at"])
    return share


@transaction.atomic
def invitations_claim(*, user) -> int:
    """Invitations to the account's (verified) address become the account's,
    once: an invitation already taken up is not offered again."""
    return (
        Share.objects.open()
        .filter(way=Share.Way.INVITATION, claimed_at__isnull=True, invited_email__iexact=user.email)
        .update(coach=user, claimed_at=timezone.now())
    )


# Openings by the same visitor, the same way in, this close together are one visit
# (a coach reloading the page after each save is still looking once).
ONE_VISIT = timedelta(minutes=30)


def share_visit_record(*, share: Share, way: str, visitor: str) -> None:
    digest = visitor_digest(visitor)
    recent = ShareVisit.objects.filter(
        share=share, way=way, visitor=digest, at__gte=timezone.now() - ONE_VISIT
    )
    if not recent.exists():
        ShareVisit.objects.create(share=share, way=way, visitor=digest)


@dataclass(frozen=True)
class ThreeWay:
    key: str
    label: str
    mine: int | None
    mine_note: str
    theirs: int | None
    theirs_note: str
    coach: int | None
    coach_note: str

    @property
    def agrees_with(self) -> str:
        return agrees_with(self.coach, mine=self.mine, theirs=self.theirs)


def agrees_with(coach: int | None, *, mine: int | None, theirs: int | None) -> str:
    """Whom the coach's rating is closer to, within one point: "you", "the
    interviewer", "both" or ""."""
    if coach is None:
        return ""
    sides = {
        name: abs(coach - value)
        for name, value in (("you", mine), ("the interviewer", theirs))
        if value is not None
    }
    if not sides:
        return ""
    nearest = min(sides.values())
    close = [name for name, gap in sides.items() if gap == nearest and gap <= 1]
    if len(close) == 2:
        return "both"
    return close[0] if close else ""


def share_compare(*, share: Share) -> list[ThreeWay]:
    """You, the interviewer and the coach, area by area."""
    coach = {r.area: r for r in share.ratings.all()}
    rows = []
    for c in rejection_compare(rejection=share.rejection):
        coach_view = coach.get(c.key)
        rows.append(
            ThreeWay(
                key=c.key,
                label=c.label,
                mine=c.mine,
                mine_note=c.mine_note,
                theirs=c.theirs,
                theirs_note=c.theirs_note,
                coach=coach_view.rating if coach_view else None,
                coach_note=coach_view.note if coach_view else "",
            )
        )
    return rows


def _tell_owner(share: Share, what: str, site: str) -> None:
    if not share.notify_owner:
        return
    body = (
        f"Your coach {what} on {share.item_title}.\n\n"
        f"Read it, then accept or dismiss it:\n{site}{share.get_absolute_url()}\n\n"
        "You can stop these emails on the share's page."
    )
    email = share.owner.email
    transaction.on_commit(lambda: _send_quietly("your coach added something", body, email))


@transaction.atomic
def coach_ratings_save(*, share: Share, values: dict[str, tuple[int | None, str]], site: str = ""):
    """Store the coach's rating and note per area; empty areas are removed."""
    locked = Share.objects.select_for_update().get(pk=share.pk)
    changed = False
    for area in AREAS:
        rating, note = values.get(area.key, (None, ""))
        note = note.strip()
        if rating is None and not note:
            changed |= CoachRating.objects.filter(share=locked, area=area.key).delete()[0] > 0
            continue
        CoachRating.objects.update_or_create(
            share=locked, area=area.key, defaults={"rating": rating, "note": note}
        )
        changed = True
    if changed:
        _tell_owner(share, "rated the interview areas", site)


@transaction.atomic
def coach_comment_add(*, share: Share, text: str, suggested_question: str, site: str = ""):
    comment = CoachComment.objects.create(
        share=share, text=text.strip(), suggested_question=suggested_question.strip()
    )
    _tell_owner(share, "left a comment", site)
    return comment


@transaction.atomic
def coach_comment_accept(*, comment: CoachComment) -> CoachComment:
    """A suggested question becomes the person's own question, in their
    question bank whatever was shared, and on the plan too when a plan was."""
    comment = (
        CoachComment.objects.select_for_update(of=("self",))
        .select_related("share__plan", "share__owner")
        .get(pk=comment.pk)
    )
    if comment.state != CoachComment.State.OPEN:
        return comment
    if comment.suggested_question:
        question = Question.objects.create(
            owner=comment.share.owner, text=comment.suggested_question
        )
        if comment.share.plan is not None:
            plan_item_add(plan=comment.share.plan, kind=PlanItem.Kind.QUESTION, question=question)
    comment.state = CoachComment.State.ACCEPTED
    comment.save(update_fields=["state"])
    return comment


@transaction.atomic
def coach_comment_dismiss(*, comment: CoachComment) -> CoachComment:
    CoachComment.objects.filter(pk=comment.pk, state=CoachComment.State.OPEN).update(
        state=CoachComment.State.DISMISSED
    )
    comment.refresh_from_db()
    return comment
