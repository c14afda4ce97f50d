from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.querysets import OwnedQuerySet


class ActionState(models.Model):
    """What the person chose for one next action: done, snoozed until a date, or dismissed."""

    class State(models.TextChoices):
        DONE = "done", "Done"
        SNOOZED = "snoozed", "Snoozed"
        DISMISSED = "dismissed", "Dismissed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="action_states"
    )
    key = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices)
    snoozed_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="action_state_unique_per_owner"),
            models.CheckConstraint(
                condition=~Q(state="snoozed") | Q(snoozed_until__isnull=False),
                name="action_state_snooze_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.get_state_display()}"


class ReminderPreference(models.Model):
    """Email reminders are opt-in, sent at a time of day in the person's own time zone."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    email_enabled = models.BooleanField(
        "email me a daily digest of what is due",
        default=False,
        help_text="At most one email a day, and none on a day with nothing due.",
    )
    send_at = models.TimeField(
        "time of day",
        default=dt.time(8, 0),
        help_text="In your time zone, as set in your settings.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["email_enabled", "send_at"])]

    def __str__(self) -> str:
        return f"Reminders for {self.owner}: {'on' if self.email_enabled else 'off'}"


class DigestSend(models.Model):
    """One row per person per local day: the guard that keeps sending idempotent."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    local_date = models.DateField()
    action_count = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty when the day had nothing due."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "local_date"], name="digest_once_per_local_day"
            ),
        ]

    def __str__(self) -> str:
        return f"Digest for {self.owner} on {self.local_date}"
