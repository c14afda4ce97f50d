"""A question's answers over time, as numbers for a table and points for a
small server-drawn SVG chart (one row of small panels, one per measure, each on
its own scale, so no line hides another)."""

from __future__ import annotations

from dataclasses import dataclass

from accounts import registry
from feedback.rubric import AREA_BY_KEY
from feedback.services import AreaComparison, rejection_compare

PANEL_WIDTH = 180
PANEL_HEIGHT = 60
PAD = 6


@dataclass(frozen=True)
class Panel:
    key: str
    label: str
    unit: str
    points: str  # SVG polyline points
    dots: list[tuple[float, float]]
    latest: str
    low: str
    high: str
    x: int  # left edge in the chart


def progress_rows(attempts) -> list[dict]:
    """One row per attempt, oldest first: the numbers the chart and its table show."""
    rows = []
    for attempt in sorted(attempts, key=lambda a: (a.created_at, a.pk)):
        m = attempt.measures
        rows.append(
            {
                "date": attempt.created_at,
                "rating": attempt.rating,
                "words": m.words if m.has_text else None,
                "pace": m.pace,
                "fillers": m.fillers_per_100,
            }
        )
    return rows


METRICS = (
    ("rating", "Your rating", "out of 5"),
    ("words", "Length", "words"),
    ("pace", "Pace", "words a minute"),
    ("fillers", "Filler words", "per 100 words"),
)


def _number(value) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


def progress_panels(rows: list[dict]) -> list[Panel]:
    panels = []
    count = len(rows)
    for index, (key, label, unit) in enumerate(METRICS):
        values = [(i, row[key]) for i, row in enumerate(rows) if row[key] is not None]
        if key == "rating":
            low, high = 1.0, 5.0
        else:
            low = min((v for _, v in values), default=0)
            high = max((v for _, v in values), default=0)
            if high == low:
                low, high = low - 1, high + 1
        span_x = PANEL_WIDTH - 2 * PAD
        span_y = PANEL_HEIGHT - 2 * PAD
        dots = []
        for i, value in values:
            x = PAD + (span_x * i / (count - 1) if count > 1 else span_x / 2)
            y = PAD + span_y * (1 - (value - low) / (high - low))
            dots.append((round(x, 1), round(y, 1)))
        panels.append(
            Panel(
                key=key,
                label=label,
                unit=unit,
                points=" ".join(f"{x},{y}" for x, y in dots),
                dots=dots,
                latest=_number(values[-1][1]) if values else "–",
                low=_number(min((v for _, v in values), default=None)),
                high=_number(max((v for _, v in values), default=None)),
                x=index * (PANEL_WIDTH + 20),
            )
        )
    return panels


def question_progress(attempts) -> dict:
    rows = progress_rows(attempts)
    return {
        "rows": rows,
        "panels": progress_panels(rows) if rows else [],
        "width": len(METRICS) * (PANEL_WIDTH + 20) - 20,
        "height": PANEL_HEIGHT + 34,
        "panel_width": PANEL_WIDTH,
        "panel_height": PANEL_HEIGHT,
    }


def answers_summary(attempts) -> dict | None:
    """Across several answers (a mock interview): total words, overall pace and
    fillers, and the STAR part most often not heard. None when no answer has text."""
    measured = [a.measures for a in attempts if a.measures.has_text]
    if not measured:
        return None
    words = sum(m.words for m in measured)
    timed = [m for m in measured if m.pace is not None]
    timed_seconds = sum(m.seconds for m in timed)
    missing: dict[str, int] = {}
    for m in measured:
        for part in m.star:
            if not part.present:
                missing[part.label] = missing.get(part.label, 0) + 1
    most_missing = max(missing.items(), key=lambda kv: kv[1]) if missing else None
    return {
        "answers": len(measured),
        "words": words,
        "pace": round(sum(m.words for m in timed) * 60 / timed_seconds) if timed else None,
        "fillers_per_100": round(100 * sum(m.filler_count for m in measured) / words, 1),
        "most_missing": most_missing,
    }


def rejection_practice_progress(*, rejection, user) -> dict | None:
    """How far the newest plan made from `rejection` has come: its questions
    ready (two good answers) out of all, and the same for each blind spot the
    comparison found (areas the interviewer rated lower than the person did).
    None when no plan was made from it."""
    from .models import Plan

    plan = Plan.objects.owned_by(user).filter(rejection=rejection).order_by("-created_at").first()
    if plan is None:
        return None
    items = list(plan.items.questions().with_practice(user))
    blind = [
        c.key
        for c in rejection_compare(rejection=rejection)
        if c.verdict == AreaComparison.BLIND_SPOT
    ]
    areas = []
    for key in blind:
        in_area = [item for item in items if key in (item.question.areas or [])]
        areas.append(
            {
                "label": AREA_BY_KEY[key].label,
                "total": len(in_area),
                "ready": sum(1 for item in in_area if item.is_ready),
                "answered": sum(1 for item in in_area if item.attempt_count),
            }
        )
    return {
        "plan": plan,
        "total": len(items),
        "ready": sum(1 for item in items if item.is_ready),
        "answered": sum(1 for item in items if item.attempt_count),
        "blind_spots": areas,
    }


def rejection_section(rejection, user):
    """The rejection page's "Your practice since" (accounts.registry.rejection_sections)."""
    progress = rejection_practice_progress(rejection=rejection, user=user)
    if progress is None:
        return None
    return registry.FormHelp(
        template="practice/includes/rejection_progress.html", data={"progress": progress}
    )
