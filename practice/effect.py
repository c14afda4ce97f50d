"""Did practice go with better outcomes? Two careful comparisons for the stats
page, never a claim of cause:

- next-stage conversion of past interviews that had practice on a plan's focus
  areas in the 14 days before, against those that had none;
- rejections that came at a later stage than the one before, with and without
  such practice in the 14 days before the last interview (or the rejection).

Four queries however much data; the matching is done in Python on plain rows.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q

from applications.models import (
    REACHED_OFFER,
    Application,
    Interview,
    Status,
    StatusChange,
)
from applications.stats import StatsSection, percent_of
from feedback.models import Rejection

from .models import Attempt

WINDOW = timedelta(days=14)
# Below this many in either group the page says the numbers are too small: with
# fewer than 10, one interview more or less moves a group's share by 10 points
# or more, which swamps any difference worth talking about.
MIN_GROUP = 10
STAGE_RANK = {stage: rank for rank, stage in enumerate(Rejection.Stage.values)}


@dataclass(frozen=True)
class Group:
    label: str
    total: int
    moved_on: int

    @property
    def percent(self) -> int | None:
        return percent_of(self.moved_on, self.total)


@dataclass(frozen=True)
class Comparison:
    key: str
    practised: Group
    none: Group

    @property
    def groups(self) -> tuple[Group, Group]:
        return (self.practised, self.none)

    @property
    def too_small(self) -> bool:
        return min(self.practised.total, self.none.total) < MIN_GROUP

    @property
    def min_group(self) -> int:
        return MIN_GROUP


@dataclass(frozen=True)
class Effect:
    interviews: Comparison
    rejections: Comparison

    @property
    def comparisons(self) -> tuple[Comparison, Comparison]:
        return (self.interviews, self.rejections)


class PracticeTimes:
    """When the person practised a question in one of its plan's focus areas."""

    def __init__(self, times: list[datetime]):
        self.times = sorted(times)

    def any_before(self, moment: datetime) -> bool:
        """Practice in the WINDOW before `moment` (not after it)."""
        i = bisect_left(self.times, moment - WINDOW)
        return i < len(self.times) and self.times[i] < moment


def focus_practice(user) -> PracticeTimes:
    rows = (
        Attempt.objects.owned_by(user)
        .exclude(item__question__isnull=True)
        .values_list("created_at", "item__question__areas", "item__plan__focus_areas")
    )
    return PracticeTimes(
        [when for when, areas, focus in rows if set(areas or []) & set(focus or [])]
    )


def effect_for(user, now) -> Effect:
    practice = focus_practice(user)
    interviews = list(
        Interview.objects.owned_by(user)
        .filter(starts_at__lt=now)
        .order_by("application_id", "starts_at")
        .values_list("application_id", "starts_at")
    )
    reached_offer = Exists(
        StatusChange.objects.filter(application=OuterRef("pk"), to_status__in=REACHED_OFFER)
    )
    # Exists on the person's own rows, not a join and DISTINCT: joined (or without
    # the owner), PostgreSQL hashes every person's interviews and rejections
    # (190 ms at 3,000 applications on the benchmark's 1,000 people).
    interviewed = Exists(Interview.objects.filter(owner=user, application=OuterRef("pk")))
    rejected = Exists(Rejection.objects.filter(owner=user, application=OuterRef("pk")))
    applications = {
        pk: (status, offer)
        for pk, status, offer in Application.objects.owned_by(user)
        .filter(Q(interviewed) | Q(rejected))
        .annotate(offer=reached_offer)
        .order_by()
        .values_list("pk", "status", "offer")
    }
    by_application: dict[int, list[datetime]] = {}
    for application_id, starts_at in interviews:
        by_application.setdefault(application_id, []).append(starts_at)

    counts = {True: [0, 0], False: [0, 0]}  # practised -> [total, moved on]
    for application_id, starts in by_application.items():
        status, offer = applications.get(application_id, ("", False))
        for i, starts_at in enumerate(starts):
            later_interview = i + 1 < len(starts)
            if later_interview or offer or status in REACHED_OFFER:
                moved_on = True
            elif status in (Status.REJECTED, Status.NO_RESPONSE):
                moved_on = False
            else:
                continue  # still open, or withdrawn: no outcome to count
            group = counts[practice.any_before(starts_at)]
            group[0] += 1
            group[1] += moved_on

    later = {True: [0, 0], False: [0, 0]}
    previous = None
    for application_id, received_on, stage, round_ in (
        Rejection.objects.owned_by(user)
        .order_by("received_on", "pk")
        .values_list("application_id", "received_on", "stage", "interview_round")
    ):
        rank = (STAGE_RANK.get(stage, 0), round_ or 0)
        received = datetime.combine(received_on, time.max, tzinfo=now.tzinfo)
        before = [s for s in by_application.get(application_id, []) if s <= received]
        moment = before[-1] if before else received
        if previous is not None:
            group = later[practice.any_before(moment)]
            group[0] += 1
            group[1] += rank > previous
        previous = rank

    def comparison(key: str, numbers: dict, yes: str, no: str) -> Comparison:
        return Comparison(key, Group(yes, *numbers[True]), Group(no, *numbers[False]))

    return Effect(
        interviews=comparison(
            "interviews",
            counts,
            "Practice on your focus areas in the 14 days before",
            "No such practice",
        ),
        rejections=comparison(
            "rejections",
            later,
            "Practice on your focus areas in the 14 days before",
            "No such practice",
        ),
    )


def stats_section(user, now) -> StatsSection | None:
    """Shown once an interview or a rejection has an outcome to count. The queries
    run either way, so the page makes the same number whatever the data."""
    effect = effect_for(user, now)
    if not any(group.total for c in effect.comparisons for group in c.groups):
        return None
    return StatsSection("practice/includes/stats_effect.html", effect)
