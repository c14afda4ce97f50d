"""What a person shares with someone in their corner, who looked, and what the
coach added.

A `Share` names one thing (the pipeline, one rejection's loop, or one practice
plan) and one way in: a private link (only its hash is stored) or an
invitation to an email address, claimed by the account with that address.
The coach's own words (`CoachRating`, `CoachComment`) hang off the share, so
they are the person's data: exported with it, deleted with it, kept when the
coach's account goes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from feedback.models import rating_constraint, rating_field
from feedback.rubric import AREA_CHOICES, AREA_KEYS

LINK_LIFETIME = timedelta(days=30)


def token_digest(raw: str) -> str:
    """What is stored of a link's token: a lookup finds the row, and a copy of
    the database alone opens nothing."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def visitor_digest(value: str) -> str:
    """A keyed hash, so the access log can tell visits apart without holding an
    address or an account id in plain text."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"share-visitor:{value}".encode(), hashlib.sha256).hexdigest()[:16]


class ShareQuerySet(models.QuerySet):
    def owned_by(self, user) -> ShareQuerySet:
        return self.filter(owner=user)

    def open(self, now=None) -> ShareQuerySet:
        """Not revoked, not expired, and the shared item not in the trash."""
        now = now or timezone.now()
        return (
            self.filter(revoked_at__isnull=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .exclude(rejection__application__deleted_at__isnull=False)
            .exclude(plan__application__deleted_at__isnull=False)
        )

    def by_link(self, raw_token: str) -> ShareQuerySet:
        return self.open().filter(way=Share.Way.LINK, token_hash=token_digest(raw_token))

    def for_coach(self, user) -> ShareQuerySet:
        return self.open().filter(way=Share.Way.INVITATION, coach=user)


class Share(models.Model):
    class Kind(models.TextChoices):
        PIPELINE = "pipeline", "Your pipeline"
        REJECTION = "rejection", "One rejection's loop"
        PLAN = "plan", "A practice plan"

    class Way(models.TextChoices):
        LINK = "link", "A private link"
        INVITATION = "invitation", "An invitation by email"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PIPELINE)
    rejection = models.ForeignKey(
        "feedback.Rejection", on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )
    plan = models.ForeignKey(
        "practice.Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )
    # What a pipeline share adds to companies, roles, stages and dates.
    include_salary = models.BooleanField(default=False)
    include_notes = models.BooleanField(default=False)
    way = models.CharField(max_length=10, choices=Way.choices, default=Way.LINK)
    token_hash = models.CharField(max_length=64, blank=True, default="")
    invited_email = models.EmailField(blank=True)
    # The account that took up the invitation; emptied when that account is deleted.
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_with_me",
    )
    # Set once an account takes the invitation up: an invitation works once, so
    # a deleted coach account (coach emptied) does not come back by signing up again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    notify_owner = models.BooleanField("email me when they add something", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["token_hash"], name="share_token_hash")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="pipeline") & Q(rejection__isnull=True) & Q(plan__isnull=True))
                | (Q(kind="rejection") & Q(rejection__isnull=False) & Q(plan__isnull=True))
                | (Q(kind="plan") & Q(plan__isnull=False) & Q(rejection__isnull=True)),
                name="share_kind_matches_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_way_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("sharing:share_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    @property
    def item_title(self) -> str:
        if self.kind == self.Kind.REJECTION and self.rejection_id:
            app = self.rejection.application
            return f"{app.title} at {app.company.name}"
        if self.kind == self.Kind.PLAN and self.plan_id:
            return self.plan.title
        return "Your pipeline"

    def will_see(self) -> list[str]:
        """In plain words, what the other person will see."""
        if self.kind == self.Kind.REJECTION:
            return [
                "The company, the role and when you heard",
                "Your reflection: your ratings and notes in each area",
                "The interviewer's feedback, area by area",
                "The comparison of your view and theirs",
            ]
        if self.kind == self.Kind.PLAN:
            return [
                "The plan's title and focus areas",
                "Each item on the plan and whether you have done it",
            ]
        seen = ["Each application's company, role and stage", "The dates you applied and heard"]
        if self.include_salary:
            seen.append("The salary of each application")
        if self.include_notes:
            seen.append("Your notes on each application")
        return seen

    def will_not_see(self) -> list[str]:
        if self.kind == self.Kind.REJECTION:
            return [
                "Your other applications and rejections",
                "Your contacts, call notes and letters",
                "Anything in your trash",
            ]
        if self.kind == self.Kind.PLAN:
            return ["Your practice answers and stories", "Your other plans and applications"]
        hidden = ["Your contacts", "Job descriptions", "Rejections, reflections and practice"]
        if not self.include_salary:
            hidden.insert(0, "Salaries")
        if not self.include_notes:
            hidden.insert(0, "Your notes")
        return hidden


class ShareVisit(models.Model):
    """One opening of a share: when, and by which way in."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="visits")
    at = models.DateTimeField(default=timezone.now)
    way = models.CharField(max_length=10, choices=Share.Way.choices)
    visitor = models.CharField(
        max_length=16, blank=True, help_text="A keyed hash, never an address."
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_way_display()} at {self.at:%Y-%m-%d %H:%M}"


class CoachRating(models.Model):
    """The coach's view of one rubric area of a shared rejection."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="ratings")
    area = models.CharField(max_length=20, choices=AREA_CHOICES)
    rating = rating_field()
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["share", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["share", "area"], name="coach_rating_once_per_area"),
            rating_constraint("rating", "coach_rating_1_to_5"),
            models.CheckConstraint(
                condition=Q(area__in=AREA_KEYS), name="coach_rating_area_in_rubric"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.rating or 'not rated'}"


class CoachCommentQuerySet(models.QuerySet):
    def owned_by(self, user) -> CoachCommentQuerySet:
        return self.filter(share__owner=user)

    def waiting(self) -> CoachCommentQuerySet:
        return self.filter(state=CoachComment.State.OPEN)


class CoachComment(models.Model):
    """A comment from the coach, perhaps with a question to practise."""

    class State(models.TextChoices):
        OPEN = "open", "Waiting for you"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField("comment", blank=True)
    suggested_question = models.CharField(max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CoachCommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return (self.text or self.suggested_question)[:60]

    def get_absolute_url(self) -> str:
        return reverse("sharing:share_detail", args=[self.share_id])
