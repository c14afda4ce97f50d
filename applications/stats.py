"""The numbers on the stats page, computed in the database.

Every figure comes from a fixed handful of aggregate queries (four, whatever
the number of applications), so the page stays quick for a long job search.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncWeek
from django.utils import timezone

from .figures import Figure, figure, per_interview_figures
from .models import (
    IN_PROGRESS_STATUSES,
    REACHED_APPLIED,
    REACHED_INTERVIEW,
    REACHED_OFFER,
    REACHED_SCREENING,
    WAITING_STATUSES,
    Application,
    Interview,
    Status,
    StatusChange,
)

# The figure often quoted for job searches (about one interview per 27 applications).
# It has no study behind it: the page says so, and sets it beside published ranges.
QUOTED_APPLICATIONS_PER_INTERVIEW = figure("career_refresh_per_interview").per_interview
# Below this many applications sent, a rate says little: no comparison, no conclusion.
MIN_SAMPLE_TO_COMPARE = 10
# Pipeline health: a quiet spell this long, or fewer applications in progress than this.
QUIET_DAYS = 14
MIN_IN_PROGRESS = 3
WEEKS_SHOWN = 12

# Stages whose length is worth knowing.
TIMED_STAGES = [Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER]
# Order used to show where rejections came.
STAGE_ORDER = [
    Status.INTERESTED,
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEWING,
    Status.OFFER,
    Status.ACCEPTED,
    Status.NO_RESPONSE,
    Status.WITHDRAWN,
]


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int
    percent: int | None  # share of the applications sent; None when nothing was sent


def percent_of(part: int, whole: int) -> int | None:
    """`part` as a whole percentage of `whole`; None when there is nothing to share."""
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class StatsSection:
    """A part of the stats page from an app above this one (the loop's numbers
    from feedback, the practice comparison from practice)."""

    template: str
    data: object


def sections_for(user, now: datetime | None = None) -> list[StatsSection]:
    from accounts import registry

    now = now or timezone.now()
    return [s for section in registry.stats_sections if (s := section(user, now)) is not None]


@dataclass(frozen=True)
class Conversion:
    """One step of the funnel: of those that reached `source`, how many moved on."""

    source: str
    target: str
    reached: int
    moved_on: int

    @property
    def percent(self) -> int | None:
        return percent_of(self.moved_on, self.reached)


@dataclass(frozen=True)
class Ending:
    """How sent applications stand now: each ending with its share of those sent."""

    key: str
    label: str
    count: int
    percent: int | None


@dataclass(frozen=True)
class StageTime:
    status: str
    label: str
    average_days: float
    applications: int


@dataclass(frozen=True)
class RejectionStage:
    status: str
    label: str
    count: int
    almost: bool  # reached an interview or further: worth saying so


@dataclass(frozen=True)
class Week:
    starts: date
    count: int


@dataclass(frozen=True)
class ChartBar:
    week: Week
    x: int
    y: int
    height: int
    label_x: int
    # Ready to print, as in charts.py: the template would localise each number.
    x_at: str = ""
    y_at: str = ""
    height_at: str = ""
    label_x_at: str = ""
    count_y_at: str = ""  # the count's baseline, 4 above the bar
    count_at: str = ""
    starts_at: str = ""  # "3 Mar"


@dataclass(frozen=True)
class WeeklyChart:
    """Geometry for an inline SVG bar chart: attributes only, no inline styles."""

    bars: list[ChartBar]
    width: int
    height: int
    baseline: int
    bar_width: int
    highest: int
    view_box: str = ""
    bar_width_at: str = ""
    week_y_at: str = ""  # the weeks' baseline, 6 above the bottom


@dataclass(frozen=True)
class HealthNote:
    text: str
    needs_attention: bool


@dataclass
class Stats:
    total: int
    sent: int
    # Applications that reached the interview stage (`reached_interview()`), not
    # interviews: an application moved to Interviewing counts without one written down.
    interviews: int
    funnel: list[FunnelStep]
    weeks: list[Week]
    chart: WeeklyChart
    stage_times: list[StageTime]
    rejections: list[RejectionStage]
    health: list[HealthNote] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    endings: list[Ending] = field(default_factory=list)
    # Interviews written down (each round its own), whatever the status says.
    interviews_written: int = 0

    @property
    def no_response(self) -> Ending | None:
        return next((e for e in self.endings if e.key == Status.NO_RESPONSE), None)

    @property
    def published_per_interview(self) -> list[Figure]:
        return per_interview_figures()

    @property
    def published_no_response(self) -> Figure:
        return figure("stepstone_no_response")

    @property
    def published_ghosted_after_interview(self) -> Figure:
        return figure("greenhouse_ghosted_after_interview")

    @property
    def published_no_feedback(self) -> Figure:
        return figure("talent_board_no_feedback")

    @property
    def applications_per_interview(self) -> float | None:
        """How many applications it took, on average, for one to reach the
        interview stage."""
        if not self.interviews:
            return None
        return round(self.sent / self.interviews, 1)

    @property
    def interview_rate_percent(self) -> float | None:
        if not self.sent:
            return None
        return round(100 * self.interviews / self.sent, 1)

    @property
    def quoted_rate_percent(self) -> float:
        return round(100 / QUOTED_APPLICATIONS_PER_INTERVIEW, 1)

    @property
    def quoted_applications_per_interview(self) -> int:
        return QUOTED_APPLICATIONS_PER_INTERVIEW

    @property
    def enough_to_compare(self) -> bool:
        return self.sent >= MIN_SAMPLE_TO_COMPARE

    @property
    def better_than_quoted(self) -> bool:
        rate = self.interview_rate_percent
        return self.enough_to_compare and rate is not None and rate >= self.quoted_rate_percent

    @property
    def weeks_total(self) -> int:
        return sum(week.count for week in self.weeks)

    @property
    def rejections_total(self) -> int:
        return sum(row.count for row in self.rejections)

    @property
    def almost_total(self) -> int:
        return sum(row.count for row in self.rejections if row.almost)


# How far a status goes, for "reached at least this stage" (the REACHED_* lists
# nest: an offer was an interview, was screening, was sent).
REACH = [(4, REACHED_OFFER), (3, REACHED_INTERVIEW), (2, REACHED_SCREENING), (1, REACHED_APPLIED)]


def _reach(field: str) -> Case:
    return Case(
        *(When(**{f"{field}__in": statuses}, then=Value(rank)) for rank, statuses in REACH),
        default=Value(0),
        output_field=IntegerField(),
    )


def _counts(applications, user, now: datetime) -> dict:
    """The figures, read as one row per combination of status, stage reached
    (now or in the history), interview held and date applied, and summed here.

    Each application's history is read once, into its furthest stage; a
    filtered count per figure (the first way) probed the history and the
    interviews seven times per application: at 3,000 applications 36,924
    buffers and 14-30 ms in the database, against 12,225 buffers and 10-19 ms
    this way (EXPLAIN ANALYZE on the benchmark data).

    "interview" is `applications.models.reached_interview()` (the furthest stage
    reached the interview stage, or an interview is on record) summed from these
    rows; tests/applications/test_search_report.py checks that this page and the search
    report, which annotates that rule, count the same."""
    furthest = (
        StatusChange.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(furthest=Max(_reach("to_status")))
        .values("furthest")
    )
    rows = (
        applications.annotate(
            reach=Greatest(_reach("status"), Coalesce(Subquery(furthest), Value(0))),
            # The person as a constant: a hash of their interviews, where the
            # owner from each row had PostgreSQL hash everyone's.
            interviewed=Exists(Interview.objects.filter(owner=user, application=OuterRef("pk"))),
            dated=ExpressionWrapper(Q(date_applied__isnull=False), output_field=BooleanField()),
        )
        .values("status", "reach", "interviewed", "dated")
        .annotate(
            n=Count("pk"),
            silent=Count(
                "pk",
                filter=Q(
                    status__in=WAITING_STATUSES,
                    last_news_at__lt=now - timedelta(days=user.no_response_days),
                ),
            ),
            last_applied=Max("date_applied"),
        )
        .order_by()
    )
    counts = dict.fromkeys(
        ["total", "applied", "screening", "interview", "offer", "in_progress", "silent"], 0
    )
    counts.update({f"now_{status}": 0 for status in (*ENDING_STATUSES, *IN_PROGRESS_STATUSES)})
    counts["last_applied"] = None
    for row in rows:
        n, reach, interviewed = row["n"], row["reach"], row["interviewed"]
        counts["total"] += n
        counts["applied"] += n if reach >= 1 or row["dated"] or interviewed else 0
        counts["screening"] += n if reach >= 2 or interviewed else 0
        counts["interview"] += n if reach >= 3 or interviewed else 0
        counts["offer"] += n if reach >= 4 else 0
        counts["in_progress"] += n if row["status"] in IN_PROGRESS_STATUSES else 0
        counts["silent"] += row["silent"]
        if f"now_{row['status']}" in counts:
            counts[f"now_{row['status']}"] += n
        if row["last_applied"] and (
            counts["last_applied"] is None or row["last_applied"] > counts["last_applied"]
        ):
            counts["last_applied"] = row["last_applied"]
    return counts


def stats_for(user, now: datetime | None = None) -> Stats:
    now = now or timezone.now()
    today = user.local_today(now)
    applications = Application.objects.owned_by(user)
    counts = _counts(applications, user, now)
    sent = counts["applied"]
    funnel = [
        FunnelStep(key, label, counts[key], percent_of(counts[key], sent))
        for key, label in [
            ("applied", "Applied"),
            ("screening", "Screening"),
            ("interview", "Interview"),
            ("offer", "Offer"),
        ]
    ]
    weeks = weekly_counts(applications, today)
    return Stats(
        conversions=[
            Conversion(a.label, b.label, a.count, b.count)
            for a, b in zip(funnel, funnel[1:], strict=False)
        ],
        endings=endings(counts, sent),
        total=counts["total"],
        sent=sent,
        interviews=counts["interview"],
        interviews_written=Interview.objects.owned_by(user).count(),
        funnel=funnel,
        weeks=weeks,
        chart=weekly_chart(weeks),
        stage_times=stage_times(applications, now),
        rejections=rejections_by_stage(applications),
        health=pipeline_health(
            total=counts["total"],
            in_progress=counts["in_progress"],
            silent=counts["silent"],
            last_applied=counts["last_applied"],
            today=today,
            no_response_days=user.no_response_days,
        ),
    )


# Where a sent application ends. Silence is an ending of its own, never a rejection.
ENDING_STATUSES = [Status.NO_RESPONSE, Status.REJECTED, Status.WITHDRAWN, Status.ACCEPTED]


def endings(counts: dict, sent: int) -> list[Ending]:
    """Sent applications by where they stand now: no response, rejected,
    withdrawn, accepted, and still in progress; each with its share of those sent."""

    rows = [
        Ending(
            status,
            Status(status).label,
            counts[f"now_{status}"],
            percent_of(counts[f"now_{status}"], sent),
        )
        for status in ENDING_STATUSES
    ]
    in_progress = sum(counts[f"now_{status}"] for status in IN_PROGRESS_STATUSES)
    rows.append(
        Ending("in_progress", "Still in progress", in_progress, percent_of(in_progress, sent))
    )
    return rows


def weekly_counts(applications, today: date, weeks: int = WEEKS_SHOWN) -> list[Week]:
    """Applications sent per week (Monday to Sunday), the last `weeks` weeks, oldest first."""
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=weeks - 1)
    rows = (
        applications.filter(date_applied__gte=first_monday, date_applied__lte=today)
        .annotate(week=TruncWeek("date_applied"))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by("week")
    )
    by_week = {}
    for row in rows:
        week = row["week"]
        if isinstance(week, datetime):
            week = week.date()
        by_week[week] = row["count"]
    return [
        Week(starts=monday, count=by_week.get(monday, 0))
        for monday in (first_monday + timedelta(weeks=n) for n in range(weeks))
    ]


def weekly_chart(weeks: list[Week]) -> WeeklyChart:
    slot, bar_width, plot_height, top, bottom = 40, 28, 120, 18, 22
    highest = max((week.count for week in weeks), default=0)
    baseline = top + plot_height
    bars = []
    for index, week in enumerate(weeks):
        height = round(plot_height * week.count / highest) if highest else 0
        x = index * slot + (slot - bar_width) // 2
        y, label_x = baseline - height, x + bar_width // 2
        bars.append(
            ChartBar(
                week=week,
                x=x,
                y=y,
                height=height,
                label_x=label_x,
                x_at=str(x),
                y_at=str(y),
                height_at=str(height),
                label_x_at=str(label_x),
                count_y_at=str(y - 4),
                count_at=str(week.count),
                starts_at=f"{week.starts.day} {week.starts:%b}",
            )
        )
    width = slot * len(weeks)
    return WeeklyChart(
        bars=bars,
        width=width,
        height=baseline + bottom,
        baseline=baseline,
        bar_width=bar_width,
        highest=highest,
        view_box=f"0 0 {width} {baseline + bottom}",
        bar_width_at=str(bar_width),
        week_y_at=str(baseline + bottom - 6),
    )


def stage_times(applications, now: datetime) -> list[StageTime]:
    """Average days between entering a stage and leaving it, from the status history.

    An application still in a stage counts up to `now`, so long silences show.
    """
    # Each change's next change comes from LEAD over the application's history,
    # read once in order. A subquery per change read the history again for every
    # row: at 3,000 applications 42,816 buffers and 28-31 ms in the database,
    # against 12,200 buffers and 14-21 ms this way (EXPLAIN ANALYZE, benchmark data).
    owned_sql, owned_params = applications.order_by().values("pk").query.sql_with_params()
    table = connection.ops.quote_name(StatusChange._meta.db_table)
    stages = ", ".join(["%s"] * len(TIMED_STAGES))
    # Only the table's name and Django's own compiled subquery go into the text;
    # every value is a parameter.
    sql = f"""
        SELECT to_status, AVG(COALESCE(left_at, %s) - changed_at), COUNT(DISTINCT application_id)
        FROM (
            SELECT application_id, to_status, changed_at,
                   LEAD(changed_at) OVER (PARTITION BY application_id ORDER BY changed_at, id)
                       AS left_at
            FROM {table}
            WHERE application_id IN ({owned_sql})
        ) AS history
        WHERE to_status IN ({stages})
        GROUP BY to_status
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, *owned_params, *TIMED_STAGES])
        rows = [
            {"to_status": status, "average": average, "applications": count}
            for status, average, count in cursor.fetchall()
        ]
    found = {row["to_status"]: row for row in rows}
    result = []
    for status in TIMED_STAGES:
        row = found.get(status)
        if row is None or row["average"] is None:
            continue
        average = row["average"]
        days = average.total_seconds() / 86400 if isinstance(average, timedelta) else 0.0
        result.append(
            StageTime(
                status=status,
                label=Status(status).label,
                average_days=round(max(days, 0.0), 1),
                applications=row["applications"],
            )
        )
    return result


def rejections_by_stage(applications) -> list[RejectionStage]:
    """Rejections grouped by the stage the application had reached: the status
    just before "rejected" in its history.

    When the feedback app records the stage reached on the rejection itself,
    that record is the better source; this history-based count is the fallback.
    """
    rows = (
        StatusChange.objects.filter(application__in=applications, to_status=Status.REJECTED)
        .values("from_status")
        .annotate(count=Count("application", distinct=True))
        .order_by()
    )
    found = {row["from_status"]: row["count"] for row in rows}
    almost = {Status.INTERVIEWING, Status.OFFER}
    result = [
        RejectionStage(status, Status(status).label, found[status], status in almost)
        for status in STAGE_ORDER
        if found.get(status)
    ]
    if found.get(""):
        result.append(RejectionStage("", "Not recorded", found[""], False))
    return result


def pipeline_health(
    *,
    total: int,
    in_progress: int,
    silent: int,
    last_applied: date | None,
    today: date,
    no_response_days: int,
) -> list[HealthNote]:
    if not total:
        return []
    notes = []
    if last_applied is None:
        notes.append(
            HealthNote(
                "None of your applications has a date applied yet. Add the date when you send one, "
                "so Rebound can tell you when the pipeline goes quiet.",
                True,
            )
        )
    else:
        quiet = (today - last_applied).days
        if quiet >= QUIET_DAYS:
            notes.append(
                HealthNote(
                    f"Nothing new for {quiet} days: your last application went out on "
                    f"{last_applied.day} {last_applied:%B}. One new application this week keeps things moving.",
                    True,
                )
            )
    if in_progress < MIN_IN_PROGRESS:
        count = {0: "No applications are", 1: "Only 1 application is"}.get(
            in_progress, f"Only {in_progress} applications are"
        )
        notes.append(
            HealthNote(
                f"{count} in progress. With several going at once, no single answer carries "
                "all the weight.",
                True,
            )
        )
    if silent:
        noun = "application has" if silent == 1 else "applications have"
        notes.append(
            HealthNote(
                f"{silent} {noun} had no news for {no_response_days} days or more. "
                "Follow up once, or mark them as no response and let them go.",
                True,
            )
        )
    if not notes:
        notes.append(
            HealthNote(
                f"Your pipeline looks healthy: {in_progress} applications in progress and your "
                f"last one went out on {last_applied.day} {last_applied:%B}.",
                False,
            )
        )
    return notes
