"""The published figures Rebound compares a person's numbers with.

They all live in `figures.toml` beside this module, each with its source, year,
how it was measured and whether we read it second-hand, so no page shows a
number without saying where it comes from.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIGURES_FILE = Path(__file__).with_name("figures.toml")

CANDIDATE_SURVEY = "candidate survey"
EMPLOYER_DATA = "employer data"
NO_STUDY = "no study"
METHODS = {
    CANDIDATE_SURVEY: "Candidate survey: people reported their own search.",
    EMPLOYER_DATA: "Employers' applicant-tracking data: every applicant an employer received.",
    NO_STUDY: "Stated without a study behind it.",
}


@dataclass(frozen=True)
class Figure:
    key: str
    claim: str
    source: str
    year: int
    method: str
    secondhand: bool
    per_interview: int | None = None
    percent: int | None = None

    @property
    def method_note(self) -> str:
        return METHODS[self.method]

    @property
    def has_study(self) -> bool:
        return self.method != NO_STUDY

    @property
    def rate_percent(self) -> float | None:
        return round(100 / self.per_interview, 1) if self.per_interview else None


@cache
def all_figures() -> dict[str, Figure]:
    with FIGURES_FILE.open("rb") as file:
        data = tomllib.load(file)
    figures = {}
    for key, row in data.items():
        if row.get("method") not in METHODS:
            raise ValueError(f"{key}: method must be one of {sorted(METHODS)}")
        figures[key] = Figure(key=key, **row)
    return figures


def figure(key: str) -> Figure:
    return all_figures()[key]


def per_interview_figures() -> list[Figure]:
    """Published applications-per-interview figures, fewest applications first."""
    return sorted(
        (f for f in all_figures().values() if f.per_interview), key=lambda f: f.per_interview
    )
