"""The loop's own numbers for the stats page: feedback requests answered and how
long they took, how often a call followed, the blind spots found, and each
rubric area's ratings over time. A fixed number of queries however many
rejections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median

from django.db import connection
from django.db.models import Count, Q

from applications.charts import RatingChart, rating_chart
from applications.stats import StatsSection, percent_of

from .models import FeedbackCall, FeedbackRequest, RubricRating
from .rubric import AREAS

ANSWERED = [
    FeedbackRequest.Outcome.FEEDBACK_GIVEN,
    FeedbackRequest.Outcome.CALL_BOOKED,
    FeedbackRequest.Outcome.DECLINED,
]
# Each area's chart and table show this many of its latest rejections.
POINTS_SHOWN = 10


@dataclass(frozen=True)
class AreaRow:
    received_on: date
    company: str
    own: int | None
    theirs: int | None
    # Ready to print (the template would localise each number): "3 Mar", "4" or "–".
    received_at: str = ""
    own_at: str = ""
    theirs_at: str = ""


def _rating_text(rating: int | None) -> str:
    return "–" if rating is None else str(rating)


@dataclass(frozen=True)
class AreaHistory:
    key: str
    label: str
    rows: list[AreaRow]
    chart: RatingChart
    total: int  # rejections with a rating for this area, of which `rows` are the latest


@dataclass
class LoopNumbers:
    sent: int = 0
    answered: int = 0
    gave_feedback: int = 0
    declined: int = 0
    no_answer: int = 0
    waiting: int = 0
    followed_by_call: int = 0
    days_to_call: list[int] = field(default_factory=list)
    compared: int = 0
    blind_spots: int = 0
    rejections_with_blind_spots: int = 0
    areas: list[AreaHistory] = field(default_factory=list)

    def _share(self, n: int) -> int | None:
        return percent_of(n, self.sent)

    @property
    def answered_percent(self) -> int | None:
        return self._share(self.answered)

    @property
    def call_percent(self) -> int | None:
        return self._share(self.followed_by_call)

    @property
    def median_days_to_call(self) -> float | None:
        return median(self.days_to_call) if self.days_to_call else None


def loop_numbers(*, user) -> LoopNumbers:
    numbers = LoopNumbers()
    requests = FeedbackRequest.objects.owned_by(user).filter(sent_at__isnull=False)
    counts = requests.aggregate(
        sent=Count("pk"),
        answered=Count("pk", filter=Q(outcome__in=ANSWERED)),
        gave_feedback=Count("pk", filter=Q(outcome=FeedbackRequest.Outcome.FEEDBACK_GIVEN)),
        declined=Count("pk", filter=Q(outcome=FeedbackRequest.Outcome.DECLINED)),
        no_answer=Count("pk", filter=Q(outcome=FeedbackRequest.Outcome.NO_ANSWER)),
        waiting=Count("pk", filter=Q(outcome=FeedbackRequest.Outcome.PENDING)),
    )
    for key, value in counts.items():
        setattr(numbers, key, value)

    # How long until the call, from the day the request went to the day of the call
    # (both dates the person gave): the first call each answered request led to.
    first_calls: dict[int, datetime] = {}
    for request_id, sent_at, when in (
        FeedbackCall.objects.owned_by(user)
        .filter(request__in=requests)
        .order_by("request_id", "scheduled_at")
        .values_list("request_id", "request__sent_at", "scheduled_at")
    ):
        if request_id not in first_calls:
            first_calls[request_id] = when
            numbers.days_to_call.append(max((when - sent_at).days, 0))
    numbers.followed_by_call = len(first_calls)

    numbers.compared, numbers.blind_spots, numbers.rejections_with_blind_spots = blind_spots(user)
    numbers.areas = area_histories(user)
    return numbers


def blind_spots(user) -> tuple[int, int, int]:
    """A blind spot: the interviewer rated an area lower than the person did.
    Returns the rejections with both views of an area, the blind spots, and the
    rejections with at least one.

    Each interviewer's rating is joined once to the person's rating of the same
    area, both read by owner first. Three EXISTS per rating (the first way) read
    the person's ratings three times over: at 3,000 applications 65,898 buffers
    and 42-54 ms in the database, against 32,253 buffers and 11-15 ms (EXPLAIN
    ANALYZE on the benchmark data).
    """
    theirs_sql, theirs_params = (
        RubricRating.objects.owned_by(user)
        # The rejection's owner too, as in area_histories: PostgreSQL then reads
        # the person's rejections, not every person's.
        .filter(source=RubricRating.Source.FEEDBACK, rating__isnull=False, rejection__owner=user)
        .order_by()
        .values("rejection_id", "area", "rating")
        .query.sql_with_params()
    )
    table = connection.ops.quote_name(RubricRating._meta.db_table)
    # Only the table's name and Django's own compiled query go into the text;
    # every value is a parameter.
    sql = f"""
        SELECT COUNT(DISTINCT theirs.rejection_id),
               COUNT(*) FILTER (WHERE own.rating > theirs.rating),
               COUNT(DISTINCT theirs.rejection_id) FILTER (WHERE own.rating > theirs.rating)
        FROM ({theirs_sql}) AS theirs
        JOIN {table} AS own
          ON own.rejection_id = theirs.rejection_id AND own.area = theirs.area
        WHERE own.owner_id = %s AND own.source = %s AND own.rating IS NOT NULL
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*theirs_params, user.pk, RubricRating.Source.REFLECTION])
        return cursor.fetchone()


def area_histories(user) -> list[AreaHistory]:
    """Each rubric area's ratings, the person's and the interviewers', rejection by
    rejection in the order they came (the latest POINTS_SHOWN of them)."""
    rows = (
        RubricRating.objects.owned_by(user)
        # The rejection's owner as well as the rating's (always the same person):
        # without it PostgreSQL reads every person's rejections to join them.
        .filter(rating__isnull=False, rejection__owner=user)
        .order_by("rejection__received_on", "rejection_id")
        .values_list(
            "area",
            "source",
            "rating",
            "rejection_id",
            "rejection__received_on",
            "rejection__application__company__name",
        )
    )
    by_area: dict[str, dict[int, dict]] = {}
    for area, source, rating, rejection_id, received_on, company in rows:
        entry = by_area.setdefault(area, {}).setdefault(
            rejection_id, {"received_on": received_on, "company": company}
        )
        entry[source] = rating
    histories = []
    for area in AREAS:
        found = list(by_area.get(area.key, {}).values())
        if not found:
            continue
        latest = found[-POINTS_SHOWN:]
        table = [
            AreaRow(
                e["received_on"],
                e["company"],
                own,
                theirs,
                f"{e['received_on'].day} {e['received_on']:%b}",
                _rating_text(own),
                _rating_text(theirs),
            )
            for e in latest
            for own, theirs in [
                (e.get(RubricRating.Source.REFLECTION), e.get(RubricRating.Source.FEEDBACK))
            ]
        ]
        chart = rating_chart(
            [r.received_at for r in table],
            [
                ("own", "Your rating", [r.own for r in table]),
                ("theirs", "Their rating", [r.theirs for r in table]),
            ],
        )
        histories.append(AreaHistory(area.key, area.label, table, chart, len(found)))
    return histories


def stats_section(user, now) -> StatsSection | None:
    """The loop's numbers on the stats page, once there is something to count. The
    queries run either way, so the page makes the same number whatever the data."""
    numbers = loop_numbers(user=user)
    if not (numbers.sent or numbers.areas):
        return None
    return StatsSection("feedback/includes/stats_loop.html", numbers)
