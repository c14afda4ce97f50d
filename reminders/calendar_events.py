"""The person's next actions in their calendar feed, as all-day reminders on
the day each one is due (after any snooze). They come from the same place as
the home page and the email digest (reminders.services.actions_for).

Calendar providers keep a copy of the feed, and it may sit in a work
calendar: the items say only what kind of step is due ("Rebound: Write your
reflection"), never which company turned the person down; the link leads to
the details in Rebound.

Done and dismissed actions are left out. An action for which another app
already gives a more precise event (same page, same day: a follow-up date, a
data-request due date) is left out too; see applications.calendar.events_for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.utils import timezone

from applications.calendar import CalendarEvent

from .services import actions_for

ACTION_UID_PREFIX = "action-"


def events_for(user) -> Iterable[CalendarEvent]:
    now = timezone.now()
    return [
        CalendarEvent(
            uid=f"{ACTION_UID_PREFIX}{hashlib.sha256(action.key.encode()).hexdigest()[:20]}@rebound",
            summary=f"Rebound: {action.button}",
            start=user.local_today(action.due),
            description="The details are in Rebound.",
            path=action.url,
        )
        for action in actions_for(user, now)
    ]
