"""One place computes a person's next actions; the home page, the email digest
and the calendar feed (all in `reminders`) use it.

Each app registers its rules in its `AppConfig.ready()` with
`registry.next_actions.register(collect)`, where `collect(user, now)` returns
NextAction items. This module merges them and orders them by due date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from . import registry


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


# Reads that several rules (and the home page beside them) share, made once
# per `reading_once()` block; None outside one.
_reads: ContextVar[dict | None] = ContextVar("next_action_reads", default=None)


@contextmanager
def reading_once() -> Iterator[None]:
    """Inside this block, `shared_read()` makes each read once. Nothing outlives
    the block (one page view, one digest), so there is nothing to invalidate."""
    if _reads.get() is not None:
        yield
        return
    token = _reads.set({})
    try:
        yield
    finally:
        _reads.reset(token)


def shared_read(key: tuple, read: Callable[[], Any]) -> Any:
    """`read()`, or what it gave earlier in the same `reading_once()` block.
    The key names the read and everything it depends on (the person, now)."""
    memo = _reads.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def collect_for(user, now: datetime | None = None) -> list[NextAction]:
    """The rules run in the person's own time zone, whoever asks: a signed-in
    page, the digest worker or the anonymous calendar feed."""
    now = now or timezone.now()
    with timezone.override(user.zone), reading_once():
        return _collect(user, now)


# Kinds of action shown at most once a day, whichever app suggests them:
# practice is a few minutes a day, and home is a short list.
ONE_A_DAY_KINDS = frozenset({"practice"})


def _one_a_day(actions: list[NextAction], user, now: datetime) -> list[NextAction]:
    """Of the actions of each kind in ONE_A_DAY_KINDS, the most pressing on each
    day (an action already due counts for today); the others are left out."""
    today = user.local_today(now)
    best: dict[tuple, NextAction] = {}
    for action in actions:
        if action.kind not in ONE_A_DAY_KINDS:
            continue
        slot = (action.kind, max(user.local_now(action.due).date(), today))
        kept = best.get(slot)
        if kept is None or (action.priority, action.due) < (kept.priority, kept.due):
            best[slot] = action
    chosen = {id(action) for action in best.values()}
    return [a for a in actions if a.kind not in ONE_A_DAY_KINDS or id(a) in chosen]


def _collect(user, now: datetime) -> list[NextAction]:
    actions: list[NextAction] = []
    for rule in registry.next_actions:
        actions.extend(rule(user, now))
    # Before replacements: an action left out stands in for nothing.
    actions = _one_a_day(actions, user, now)
    # One action per thing to do: an action may stand in for another app's
    # (the practice plan for an interview replaces "prepare for the interview").
    replaced = {a.extra["replaces"] for a in actions if a.extra.get("replaces")}
    actions = [a for a in actions if a.key not in replaced]
    return sorted(actions, key=lambda a: (a.due, a.priority, a.title))
