"""Geometry for small server-rendered SVG charts: numbers for attributes only,
so templates draw them without inline styles (the CSP forbids those) and
without any JavaScript.

Every number a template prints is also here as a ready string (`*_at` fields):
Django localises each number it prints (`number_format`), and a stats page with
its area charts prints about a thousand of them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    value: int
    x_at: str = ""
    y_at: str = ""
    corner_x_at: str = ""  # a square marker's corner, 4 up and left of the point
    corner_y_at: str = ""


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    points: list[Point]

    @property
    def path(self) -> str:
        """The `points` attribute of an SVG polyline."""
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    value: int
    y: int
    y_at: str = ""
    text_y_at: str = ""  # the value's baseline, 4 below the grid line
    value_at: str = ""


@dataclass(frozen=True)
class XLabel:
    x: int
    text: str
    x_at: str = ""


@dataclass(frozen=True)
class RatingChart:
    width: int
    height: int
    left: int
    right: int
    lines: list[Line]
    ticks: list[Tick]
    labels: list[XLabel]
    view_box: str = ""
    left_at: str = ""
    right_at: str = ""
    tick_text_x_at: str = ""  # the tick values' right edge, 6 left of the plot
    label_y_at: str = ""  # the x labels' baseline, 6 above the bottom


SLOT, LEFT, TOP, STEP, BOTTOM = 44, 26, 10, 24, 24


def rating_chart(
    labels: list[str], series: list[tuple[str, str, list[int | None]]], *, top: int = 5
) -> RatingChart:
    """A 1-to-`top` line chart: one x position per label, one line per series
    (key, label, values); a missing value leaves a gap in the line's points."""
    width = LEFT + SLOT * max(len(labels), 1)

    def y(value: int) -> int:
        return TOP + (top - value) * STEP

    def point(x: int, value: int) -> Point:
        return Point(x, y(value), value, str(x), str(y(value)), str(x - 4), str(y(value) - 4))

    lines = [
        Line(
            key,
            label,
            [point(LEFT + SLOT * i + SLOT // 2, v) for i, v in enumerate(values) if v is not None],
        )
        for key, label, values in series
    ]
    height = TOP + (top - 1) * STEP + BOTTOM
    return RatingChart(
        width=width,
        height=height,
        left=LEFT,
        right=width,
        lines=lines,
        ticks=[Tick(v, y(v), str(y(v)), str(y(v) + 4), str(v)) for v in range(1, top + 1)],
        labels=[
            XLabel(x, text, str(x))
            for i, text in enumerate(labels)
            for x in [LEFT + SLOT * i + SLOT // 2]
        ],
        view_box=f"0 0 {width} {height}",
        left_at=str(LEFT),
        right_at=str(width),
        tick_text_x_at=str(LEFT - 6),
        label_y_at=str(height - 6),
    )
