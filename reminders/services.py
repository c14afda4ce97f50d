"""Reminders: the person's choices about next actions, and the daily digest."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.next_actions import NextAction, collect_for

from .models import ActionState, DigestSend, ReminderPreference

log = logging.getLogger(__name__)

SNOOZE_CHOICES = {"1": 1, "3": 3, "7": 7}
UNSUBSCRIBE_SALT = "reminders.unsubscribe"


def start_of_local_day(user, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=user.zone)


@transaction.atomic
def action_set_state(
    *, user, key: str, op: str, until: dt.date | None = None, days: int | None = None
) -> ActionState:
    """Mark a next action done, dismissed, or snoozed (for `days` days, or until a date)."""
    if op == "snooze":
        if until is None:
            if days is None:
                raise ValueError("A snooze needs a number of days or a date.")
            until = user.local_today() + dt.timedelta(days=days)
        state, snoozed_until = ActionState.State.SNOOZED, start_of_local_day(user, until)
    elif op == "done":
        state, snoozed_until = ActionState.State.DONE, None
    elif op == "dismiss":
        state, snoozed_until = ActionState.State.DISMISSED, None
    else:
        raise ValueError(f"Unknown choice {op!r}")
    obj, _ = ActionState.objects.update_or_create(
        owner=user, key=key, defaults={"state": state, "snoozed_until": snoozed_until}
    )
    return obj


def actions_for(user, now: dt.datetime | None = None) -> list[NextAction]:
    """The person's next actions with their own choices applied: done and dismissed
    ones are gone, snoozed ones come back on the chosen day."""
    now = now or timezone.now()
    actions = collect_for(user, now)
    chosen = Q(key__in=[a.key for a in actions])
    for prefix in {a.extra["series"] for a in actions if a.extra.get("series")}:
        chosen |= Q(key__startswith=prefix)
    states = {s.key: s for s in ActionState.objects.owned_by(user).filter(chosen)}
    result = []
    for action in actions:
        state = states.get(action.key) or _covering_state(action, states)
        if state is None:
            result.append(action)
        elif state.state == ActionState.State.SNOOZED and state.snoozed_until:
            if state.snoozed_until > action.due:
                action = NextAction(**{**action.__dict__, "due": state.snoozed_until})
            result.append(action)
    return sorted(result, key=lambda a: (a.due, a.priority, a.title))


def _covering_state(action: NextAction, states: dict) -> ActionState | None:
    """An action in a series (keys that end in a date) is covered by the latest
    choice about a member of the series at least as recent: a dismissed nudge about
    quiet applications stays away until an application goes quiet after it."""
    prefix = action.extra.get("series")
    if not prefix:
        return None
    covering = [s for key, s in states.items() if key.startswith(prefix) and key >= action.key]
    return max(covering, key=lambda s: s.updated_at, default=None)


def due_actions_for(user, now: dt.datetime | None = None) -> list[NextAction]:
    now = now or timezone.now()
    return [a for a in actions_for(user, now) if a.is_due(now)]


# The digest ----------------------------------------------------------------


# How long the link in a digest stops the emails: long enough for an email read late.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=60)


def unsubscribe_token(user, now: dt.datetime | None = None) -> str:
    """A signed link that names the person and when it was made, never their address."""
    issued = int((now or timezone.now()).timestamp())
    return signing.dumps({"u": user.pk, "t": issued}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_from_unsubscribe_token(token: str):
    """The person an unsubscribe link was made for, or None when the link is
    not ours. Raises signing.SignatureExpired when it is older than
    UNSUBSCRIBE_MAX_AGE."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("t"), int):
        return None  # a link from before links carried their date
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is not None:
        user.unsubscribe_link_issued = dt.datetime.fromtimestamp(data["t"], tz=dt.UTC)
    return user


def unsubscribe_link_is_current(user) -> bool:
    """A link made before the person last changed their reminder choice (for
    example before they turned the emails back on) no longer turns them off."""
    pref = ReminderPreference.objects.filter(owner=user).first()
    if pref is None or not pref.email_enabled:
        return True
    return user.unsubscribe_link_issued >= pref.updated_at.replace(microsecond=0)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def people_due_for_digest(now: dt.datetime | None = None) -> list[tuple[int, dt.date]]:
    """Opted-in people whose chosen time of day has passed, today in their own
    time zone, and who have no digest row for that local day yet."""
    now = now or timezone.now()
    prefs = ReminderPreference.objects.filter(
        email_enabled=True, owner__is_active=True
    ).select_related("owner")
    due = []
    for pref in prefs:
        local = pref.owner.local_now(now)
        if local.time() >= pref.send_at:
            due.append((pref.owner_id, local.date()))
    if not due:
        return []
    done = set(
        DigestSend.objects.filter(owner_id__in=[pk for pk, _ in due]).values_list(
            "owner_id", "local_date"
        )
    )
    return [(pk, day) for pk, day in due if (pk, day) not in done]


def digest_send(*, user_id: int, local_date: dt.date, now: dt.datetime | None = None) -> str:
    """Send one person's digest for one local day, once.

    The person's row is locked and the day's DigestSend row is written in the
    same transaction as the sending, so two workers, or a worker restarted
    mid-run, never send the same day twice and skip no one. The one gap left
    is a crash in the instant between the mail server accepting the message
    and the commit: the row rolls back and the digest is sent again on the
    next run (a rare duplicate is kinder than a silently skipped reminder).
    """
    now = now or timezone.now()
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is None:
            return "gone"
        pref = ReminderPreference.objects.filter(owner=user, email_enabled=True).first()
        if pref is None:
            return "unsubscribed"
        if DigestSend.objects.filter(owner=user, local_date=local_date).exists():
            return "already sent"
        actions = due_actions_for(user, now)
        if not actions:
            DigestSend.objects.create(owner=user, local_date=local_date, action_count=0)
            return "nothing due"
        message = digest_message(user, actions, local_date)
        DigestSend.objects.create(
            owner=user, local_date=local_date, action_count=len(actions), sent_at=now
        )
        message.send()
    log.info("digest sent to user %s for %s (%d actions)", user_id, local_date, len(actions))
    return "sent"


def digest_message(user, actions: list[NextAction], local_date: dt.date) -> EmailMultiAlternatives:
    token = unsubscribe_token(user)
    unsubscribe_url = absolute(reverse("reminders:unsubscribe", args=[token]))
    context = {
        "user": user,
        "actions": [{"action": a, "link": absolute(a.url)} for a in actions],
        "home_url": absolute(reverse("home")),
        "preferences_url": absolute(reverse("reminders:preferences")),
        "unsubscribe_url": unsubscribe_url,
        "local_date": local_date,
    }
    count = len(actions)
    subject = f"Rebound: {count} thing{'s' if count != 1 else ''} to do today"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reminders/email/digest.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("reminders/email/digest.html", context), "text/html"
    )
    return message


def reminders_unsubscribe(*, user) -> None:
    ReminderPreference.objects.update_or_create(owner=user, defaults={"email_enabled": False})
