"""Geometry for small server-rendered SVG charts: numbers for attributes only,
so templates draw them without inline styles (the CSP forbids those) and
without any JavaScript."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    value: int


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


@dataclass(frozen=True)
class XLabel:
    x: int
    text: str


@dataclass(frozen=True)
class RatingChart:
    width: int
    height: int
    left: int
    right: int
    lines: list[Line]
    ticks: list[Tick]
    labels: list[XLabel]


SLOT, LEFT, TOP, STEP, BOTTOM = 44, 26, 10, 24, 24


def rating_chart(
    labels: list[str], series: list[tuple[str, str, list[int | None]]], *, top: int = 5
) -> RatingChart:
    """A 1-to-`top` line chart: one x position per label, one line per series
    (key, label, values); a missing value leaves a gap in the line's points."""
    width = LEFT + SLOT * max(len(labels), 1)

    def y(value: int) -> int:
        return TOP + (top - value) * STEP

    lines = [
        Line(
            key,
            label,
            [
                Point(LEFT + SLOT * i + SLOT // 2, y(v), v)
                for i, v in enumerate(values)
                if v is not None
            ],
        )
        for key, label, values in series
    ]
    return RatingChart(
        width=width,
        height=TOP + (top - 1) * STEP + BOTTOM,
        left=LEFT,
        right=width,
        lines=lines,
        ticks=[Tick(v, y(v)) for v in range(1, top + 1)],
        labels=[XLabel(LEFT + SLOT * i + SLOT // 2, text) for i, text in enumerate(labels)],
    )
