"""The rubric shared by a person's reflection and the interviewer's feedback,
so the two can be compared area by area. The keys are stored in the database:
never rename one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    question: str  # the question behind the area, asked of the person
    ask_them: str  # how to ask the interviewer about it on a feedback call


AREAS: tuple[Area, ...] = (
    Area(
        "fit",
        "Fit",
        "How well did my experience match what they needed, and did that come across?",
        "How well did my experience match what you were looking for?",
    ),
    Area(
        "answers",
        "Answers",
        "How accurately and fully did I answer their questions?",
        "Were there answers that missed what you were asking, or left gaps?",
    ),
    Area(
        "preparation",
        "Preparation",
        "How well had I researched the company and the role?",
        "Did I show enough understanding of the company and the role?",
    ),
    Area(
        "rapport",
        "Rapport",
        "How well did I connect with the interviewers?",
        "How did the conversation feel from your side of the table?",
    ),
    Area(
        "enthusiasm",
        "Enthusiasm",
        "How much genuine interest came across?",
        "Did my interest in the role come across clearly?",
    ),
    Area(
        "evidence",
        "Evidence",
        "Were my competency examples convincing (Situation, Task, Action, Result)?",
        "Were my examples convincing? Which one worked least well?",
    ),
    Area(
        "presence",
        "Presence",
        "Confidence, body language, voice.",
        "How did I come across in confidence and manner?",
    ),
    Area(
        "questions",
        "Questions",
        "Did I ask them good questions?",
        "Were my questions for you useful, or could they have been sharper?",
    ),
    Area(
        "practicalities",
        "Practicalities",
        "Punctuality, tests or tasks, anything practical.",
        "Was there anything practical, such as a test or task, that counted against me?",
    ),
)

AREA_KEYS: tuple[str, ...] = tuple(a.key for a in AREAS)
AREA_BY_KEY: dict[str, Area] = {a.key: a for a in AREAS}
AREA_CHOICES: list[tuple[str, str]] = [(a.key, a.label) for a in AREAS]

RATING_CHOICES: list[tuple[int, str]] = [
    (1, "1 – poor"),
    (2, "2 – weak"),
    (3, "3 – fair"),
    (4, "4 – good"),
    (5, "5 – strong"),
]

# On that scale 4 is "good": an interviewer's rating at or above it is no blind
# spot, even when it is below the person's own (services.AreaComparison).
GOOD_AREA_RATING = 4

# Questions for the end of any feedback call, beside one per area.
CLOSING_CALL_QUESTIONS: tuple[str, ...] = (
    "What would have made me a stronger candidate?",
    "What did I do well?",
)
