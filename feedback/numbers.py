"""The loop's own numbers for the stats page: feedback requests answered and how
long they took, how often a call followed, the blind spots found, and each
rubric area's ratings over time. A fixed number of queries however many
rejections."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from statistics import median

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from applications.charts import RatingChart, rating_chart
from applications.models import Application, Company
from applications.stats import StatsSection, percent_of

from .models import (
    ANSWERED_OUTCOMES,
    CallQuestion,
    FeedbackCall,
    FeedbackRequest,
    Rejection,
    RubricRating,
)
from .rubric import AREAS, GOOD_AREA_RATING

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
    # Answers that booked a call, split three ways (the three add up to call_booked):
    # their feedback written down from a call, a call held with nothing written
    # down, and a call still to come.
    call_booked: int = 0
    call_feedback: int = 0
    call_held_only: int = 0
    call_to_come: int = 0
    no_answer: int = 0
    waiting: int = 0
    followed_by_call: int = 0
    # Days from sending each answered request to its answer (the person's dates).
    days_to_answer: list[int] = field(default_factory=list)
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
    def median_days_to_answer(self) -> float | None:
        return median(self.days_to_answer) if self.days_to_answer else None


def _call_feedback() -> Q:
    """A call of the request has something the interviewer said written down: their
    view of an area, an answer to a prepared question, notes or takeaways."""
    said = (
        Q(
            Exists(
                RubricRating.objects.filter(
                    call=OuterRef("pk"), source=RubricRating.Source.FEEDBACK
                )
            )
        )
        | Q(Exists(CallQuestion.objects.filter(call=OuterRef("pk")).exclude(answer="")))
        | ~Q(notes="")
        | ~Q(takeaways="")
    )
    return Q(Exists(FeedbackCall.objects.filter(said, request=OuterRef("pk"))))


def loop_numbers(*, user, now=None) -> LoopNumbers:
    numbers = LoopNumbers()
    now = now or timezone.now()
    requests = FeedbackRequest.objects.owned_by(user).filter(sent_at__isnull=False)
    calls = FeedbackCall.objects.filter(request=OuterRef("pk"))
    booked = Q(outcome=FeedbackRequest.Outcome.CALL_BOOKED)
    held = Q(Exists(calls.filter(Q(status=FeedbackCall.Status.DONE) | Q(scheduled_at__lt=now))))
    counts = requests.aggregate(
        sent=Count("pk"),
        answered=Count("pk", filter=Q(outcome__in=ANSWERED_OUTCOMES)),
        followed_by_call=Count("pk", filter=Q(Exists(calls))),
        gave_feedback=Count("pk", filter=Q(outcome=FeedbackRequest.Outcome.FEEDBACK_GIVEN)),
        declined=Count("pk", filter=Q(outcome=FeedbackRequest.Outcome.DECLINED)),
        call_booked=Count("pk", filter=booked),
        call_feedback=Count("pk", filter=booked & _call_feedback()),
        call_held_only=Count("pk", filter=booked & ~_call_feedback() & held),
        call_to_come=Count("pk", filter=booked & ~_call_feedback() & ~held),
        no_answer=Count("pk", filter=Q(outcome=FeedbackRequest.Outcome.NO_ANSWER)),
        waiting=Count("pk", filter=Q(outcome=FeedbackRequest.Outcome.PENDING)),
    )
    for key, value in counts.items():
        setattr(numbers, key, value)

    # How long the answers took, from the day the request went to the day the answer
    # came, both in the person's time zone (answered_at is set when the answer is
    # recorded, or on the day the person gave for it).
    zone = user.zone
    for sent_at, answered_at in requests.filter(
        outcome__in=ANSWERED_OUTCOMES, answered_at__isnull=False
    ).values_list("sent_at", "answered_at"):
        days = (answered_at.astimezone(zone).date() - sent_at.astimezone(zone).date()).days
        numbers.days_to_answer.append(max(days, 0))

    numbers.compared, numbers.blind_spots, numbers.rejections_with_blind_spots = blind_spots(user)
    numbers.areas = area_histories(user)
    return numbers


def blind_spots(user) -> tuple[int, int, int]:
    """A blind spot (services.AreaComparison.is_blind_spot): the interviewer
    rated an area lower than the person did, and below good.
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
               COUNT(*) FILTER (WHERE own.rating > theirs.rating AND theirs.rating < %s),
               COUNT(DISTINCT theirs.rejection_id)
                   FILTER (WHERE own.rating > theirs.rating AND theirs.rating < %s)
        FROM ({theirs_sql}) AS theirs
        JOIN {table} AS own
          ON own.rejection_id = theirs.rejection_id AND own.area = theirs.area
        WHERE own.owner_id = %s AND own.source = %s AND own.rating IS NOT NULL
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                GOOD_AREA_RATING,
                GOOD_AREA_RATING,
                *theirs_params,
                user.pk,
                RubricRating.Source.REFLECTION,
            ],
        )
        return cursor.fetchone()


def area_histories(user) -> list[AreaHistory]:
    """Each rubric area's ratings, the person's and the interviewers', rejection by
    rejection in the order they came (the latest POINTS_SHOWN of them).

    The database pairs the two views, keeps each area's latest rejections and
    counts the rest; only the kept rows (at most POINTS_SHOWN per area) are read
    with their company. Reading every rating with its company and keeping the
    latest in Python (the first way) read, at 3,000 applications, 11,979 rows and
    84,036 buffers; this way 90 rows and 4,631 buffers (EXPLAIN ANALYZE on the
    benchmark data)."""
    owned_sql, owned_params = (
        Rejection.objects.owned_by(user).order_by().values("pk", "received_on").query
    ).sql_with_params()
    rating = connection.ops.quote_name(RubricRating._meta.db_table)
    rejection = connection.ops.quote_name(Rejection._meta.db_table)
    application = connection.ops.quote_name(Application._meta.db_table)
    company = connection.ops.quote_name(Company._meta.db_table)
    # Only table names and Django's own compiled query go into the text; every
    # value is a parameter.
    # MATERIALIZED: the person's rejections (under a thousand) are read once, before
    # the ratings; inlined, PostgreSQL checked the application for every rating.
    sql = f"""
        WITH owned AS MATERIALIZED ({owned_sql})
        SELECT kept.area, kept.received_on, company.name, kept.own, kept.theirs, kept.total
        FROM (
            SELECT *,
                   ROW_NUMBER() OVER (
                       PARTITION BY area ORDER BY received_on DESC, rejection_id DESC
                   ) AS place,
                   COUNT(*) OVER (PARTITION BY area) AS total
            FROM (
                SELECT rating.area, rating.rejection_id, owned.received_on,
                       MAX(rating.rating) FILTER (WHERE rating.source = %s) AS own,
                       MAX(rating.rating) FILTER (WHERE rating.source = %s) AS theirs
                FROM {rating} AS rating
                JOIN owned ON owned.pk = rating.rejection_id
                WHERE rating.owner_id = %s AND rating.rating IS NOT NULL
                GROUP BY rating.area, rating.rejection_id, owned.received_on
            ) AS rated
        ) AS kept
        JOIN {rejection} AS rejection ON rejection.id = kept.rejection_id
        JOIN {application} AS application ON application.id = rejection.application_id
        LEFT JOIN {company} AS company ON company.id = application.company_id
        WHERE kept.place <= %s
        ORDER BY kept.area, kept.received_on, kept.rejection_id
    """  # noqa: S608
    params = [
        *owned_params,
        RubricRating.Source.REFLECTION,
        RubricRating.Source.FEEDBACK,
        user.pk,
        POINTS_SHOWN,
    ]
    by_area: dict[str, tuple[list[AreaRow], int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for area, received_on, company_name, own, theirs, total in cursor.fetchall():
            table, _ = by_area.setdefault(area, ([], total))
            table.append(
                AreaRow(
                    received_on,
                    company_name,
                    own,
                    theirs,
                    f"{received_on.day} {received_on:%b}",
                    _rating_text(own),
                    _rating_text(theirs),
                )
            )
    histories = []
    for area in AREAS:
        if area.key not in by_area:
            continue
        table, total = by_area[area.key]
        chart = rating_chart(
            [r.received_at for r in table],
            [
                ("own", "Your rating", [r.own for r in table]),
                ("theirs", "Their rating", [r.theirs for r in table]),
            ],
        )
        histories.append(AreaHistory(area.key, area.label, table, chart, total))
    return histories


def stats_section(user, now) -> StatsSection | None:
    """The loop's numbers on the stats page, once there is something to count. The
    queries run either way, so the page makes the same number whatever the data."""
    numbers = loop_numbers(user=user, now=now)
    if not (numbers.sent or numbers.areas):
        return None
    return StatsSection("feedback/includes/stats_loop.html", numbers)
