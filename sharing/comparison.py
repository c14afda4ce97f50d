"""The coach's column on the person's own comparison page
(accounts.registry.comparison_columns): one column per share of the rejection
that a coach has rated, with where the coach agrees with each side. One query, two once a coach
has rated."""

from __future__ import annotations

from accounts.registry import ComparisonCell, ComparisonColumn
from feedback.models import RubricRating

from .models import CoachRating, Share
from .services import agrees_with

AGREES = {
    "you": "Agrees with you",
    "the interviewer": "Agrees with them",
    "both": "Agrees with both",
}


def _heading(share: Share, several: bool) -> str:
    if share.coach is not None:
        return f"Your coach, {share.coach.display_name}"
    if share.way == Share.Way.INVITATION and share.invited_email:
        return f"Your coach, {share.invited_email}"
    if several:
        return f"Your coach (link of {share.created_at:%-d %b})"
    return "Your coach"


def columns_for(rejection, user) -> list[ComparisonColumn]:
    # Revoking a share stops access; what the coach said stays the person's.
    ratings = (
        CoachRating.objects.filter(share__rejection=rejection, share__owner=user)
        .select_related("share__coach")
        .order_by("share__created_at", "share_id", "pk")
    )
    ratings = list(ratings)
    if not ratings:
        return []
    own = {(r.source, r.area): r.rating for r in rejection.ratings.all()}
    by_share: dict[int, tuple[Share, dict[str, ComparisonCell]]] = {}
    for rating in ratings:
        _, cells = by_share.setdefault(rating.share_id, (rating.share, {}))
        agrees = agrees_with(
            rating.rating,
            mine=own.get((RubricRating.Source.REFLECTION, rating.area)),
            theirs=own.get((RubricRating.Source.FEEDBACK, rating.area)),
        )
        cells[rating.area] = ComparisonCell(
            rating=rating.rating, note=rating.note, agrees=AGREES.get(agrees, "")
        )
    several = len(by_share) > 1
    headings = [_heading(share, several) for share, _ in by_share.values()]
    # Two links made the same day: told apart by number.
    seen: dict[str, int] = {}
    for i, heading in enumerate(headings):
        if headings.count(heading) > 1:
            seen[heading] = seen.get(heading, 0) + 1
            headings[i] = f"{heading} {seen[heading]}"
    return [
        ComparisonColumn(heading=heading, cells=cells)
        for heading, (_, cells) in zip(headings, by_share.values(), strict=True)
    ]
