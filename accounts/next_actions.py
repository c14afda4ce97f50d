"""One place computes a person's next actions; the home page (and later the
reminders and the calendar feed) use it.

Each app contributes its own rules through a `collect(user, now)` function in
its `next_actions` module, returning NextAction items. This module merges them
and orders them by due date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from .contributions import contributing_modules

# Apps whose `<app>.next_actions.collect(user, now)` contributes actions.
CONTRIBUTING_APPS = ["applications", "feedback", "practice"]


@dataclass(frozen=True)
class NextAction:
    key: str  # stable identity, e.g. "reflect:rejection:12"; used for snooze and dismiss
    title: str  # what to do, e.g. "Write your reflection on the Acme rejection"
    url: str  # where the one button leads
    button: str  # the button's words, e.g. "Write your reflection"
    due: datetime  # when it becomes due (may be in the future: "from Thursday")
    detail: str = ""  # one calm sentence of context
    kind: str = "task"  # a short category used for styling and grouping
    priority: int = 50  # lower comes first among actions due at the same time
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def is_due(self, now: datetime | None = None) -> bool:
        return self.due <= (now or timezone.now())


def collect_for(user, now: datetime | None = None) -> list[NextAction]:
    """The rules run in the person's own time zone, whoever asks: a signed-in
    page, the digest worker or the anonymous calendar feed."""
    now = now or timezone.now()
    with timezone.override(user.zone):
        return _collect(user, now)


def _collect(user, now: datetime) -> list[NextAction]:
    actions: list[NextAction] = []
    for module in contributing_modules(CONTRIBUTING_APPS, "next_actions"):
        actions.extend(module.collect(user, now))
    # One action per thing to do: an action may stand in for another app's
    # (the practice plan for an interview replaces "prepare for the interview").
    replaced = {a.extra["replaces"] for a in actions if a.extra.get("replaces")}
    actions = [a for a in actions if a.key not in replaced]
    return sorted(actions, key=lambda a: (a.due, a.priority, a.title))
