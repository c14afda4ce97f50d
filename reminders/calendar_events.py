"""The person's next actions in their calendar feed, as all-day reminders on
the day each one is due (after any snooze). They come from the same place as
the home page and the email digest (reminders.services.actions_for).

Done and dismissed actions are left out. An action for which another app
already gives a more precise event (same page, same day: a follow-up date, a
data-request due date) is left out too; see applications.calendar.events_for.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.text import slugify

from applications.calendar import CalendarEvent

from .services import actions_for, local_now

ACTION_UID_PREFIX = "action-"


def events_for(user) -> Iterable[CalendarEvent]:
    now = timezone.now()
    zone = local_now(user, now).tzinfo
    return [
        CalendarEvent(
            uid=f"{ACTION_UID_PREFIX}{slugify(action.key.replace(':', '-'))}@rebound",
            summary=action.title,
            start=action.due.astimezone(zone).date(),
            description=action.detail,
            path=action.url,
        )
        for action in actions_for(user, now)
    ]
