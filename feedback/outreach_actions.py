"""Next actions for subject access requests: send a drafted letter, and the
organisation's answer coming due. Registered in feedback/apps.py beside
feedback.next_actions.collect, where the loop's own reminders live."""

from __future__ import annotations

from datetime import datetime, time

from django.utils.formats import date_format

from accounts.next_actions import NextAction

from .models import SubjectAccessRequest

MORNING = time(9, 0)


def collect(user, now: datetime) -> list[NextAction]:
    tz = user.zone
    today = now.astimezone(tz).date()
    actions: list[NextAction] = []
    open_requests = SubjectAccessRequest.objects.owned_by(user).filter(received_on__isnull=True)
    for sar in open_requests:
        name = sar.organisation_name
        if sar.sent_on is None:
            actions.append(
                NextAction(
                    key=f"sar-send:sar:{sar.pk}",
                    title=f"Send your data request to {name}",
                    url=sar.get_absolute_url(),
                    button="Finish the letter",
                    due=sar.created_at,
                    detail="Once it is sent, enter the date and Rebound counts the month for you.",
                    kind="feedback",
                    priority=70,
                )
            )
            continue
        day = date_format(sar.due_on, "j F")
        overdue = sar.due_on < today
        actions.append(
            NextAction(
                key=f"sar-due:sar:{sar.pk}",
                title=(
                    f"The answer from {name} was due on {day}"
                    if overdue
                    else f"The answer from {name} is due on {day}"
                ),
                url=sar.get_absolute_url(),
                button="Record their answer" if not overdue else "Check your request",
                due=datetime.combine(sar.due_on, MORNING, tzinfo=tz),
                detail=(
                    "If nothing has come, a short reminder quoting your request usually helps."
                    if overdue
                    else "They should normally answer within one month of your request."
                ),
                kind="feedback",
                priority=70,
            )
        )
    return actions
