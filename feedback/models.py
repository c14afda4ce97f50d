"""The loop after a rejection: the rejection itself, the person's reflection,
the feedback request, the feedback call, and a subject access request.

Rubric ratings (the person's own and the interviewer's) are kept one row per
area in `RubricRating`, so comparing the two views and finding the weakest
areas across every rejection are each a single query.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse

from accounts.querysets import OwnedQuerySet
from applications.models import Application, Contact

from .rubric import AREA_CHOICES, AREA_KEYS

# The method says: give it a couple of days before reflecting.
REFLECT_AFTER_DAYS = 2


def rating_field(verbose_name: str = "rating", **kwargs) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        **kwargs,
    )


def rating_constraint(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
        name=name,
    )


def one_month_after(day: date) -> date:
    """The same day next month, or the month's last day when it has no such day
    (31 January -> 28 or 29 February): how a one-month deadline is counted."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


class RejectionQuerySet(models.QuerySet):
    def owned_by(self, user) -> RejectionQuerySet:
        """The person's rejections, not counting those of applications in the trash."""
        return self.filter(owner=user, application__deleted_at__isnull=True)

    def with_related(self) -> RejectionQuerySet:
        return self.select_related("application__company").prefetch_related("reason_tags")

    def newest_first(self) -> RejectionQuerySet:
        return self.order_by("-received_on", "-pk")

    def almosts(self) -> RejectionQuerySet:
        return self.filter(stage=Rejection.Stage.FINAL_ROUND)

    def for_loop(self) -> RejectionQuerySet:
        """What feedback.loop.loop_state reads, in three queries however many
        rejections: flags for both views' ratings and the practice plan, then
        the requests and the calls (not every rating and plan)."""

        def rated(source: str) -> Exists:
            return Exists(
                RubricRating.objects.filter(rejection=OuterRef("pk"), source=source, rating__gte=1)
            )

        # practice sits above feedback: its plans are read through the reverse relation.
        newest_plan = (
            Rejection.objects.filter(pk=OuterRef("pk"), practice_plans__isnull=False)
            .order_by("-practice_plans__updated_at", "-practice_plans__pk")
            .values("practice_plans__pk")[:1]
        )
        return (
            self.select_related("application__company", "reflection")
            .annotate(
                has_own_ratings=rated(RubricRating.Source.REFLECTION),
                has_their_ratings=rated(RubricRating.Source.FEEDBACK),
                plan_id=Subquery(newest_plan),
            )
            .prefetch_related(
                models.Prefetch(
                    "feedback_requests",
                    queryset=FeedbackRequest.objects.select_related("contact").order_by(
                        "created_at", "pk"
                    ),
                ),
                models.Prefetch(
                    "calls", queryset=FeedbackCall.objects.order_by("scheduled_at", "pk")
                ),
            )
        )


class Rejection(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"
        PORTAL = "portal", "Job portal or applicant system"
        NEVER_HEARD = "never_heard", "Never heard back"

    class Stage(models.TextChoices):
        AFTER_APPLYING = "after_applying", "After applying"
        AFTER_SCREENING = "after_screening", "After a screening call"
        AFTER_INTERVIEW = "after_interview", "After an interview round"
        FINAL_ROUND = "final_round", "After the final round"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rejections"
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="rejection"
    )
    received_on = models.DateField("when you heard")
    channel = models.CharField(
        "how it came", max_length=20, choices=Channel.choices, default=Channel.EMAIL
    )
    stage = models.CharField(
        "stage you reached", max_length=20, choices=Stage.choices, default=Stage.AFTER_APPLYING
    )
    interview_round = models.PositiveSmallIntegerField(
        "interview round",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Which round you had reached, for example 2.",
    )
    reason = models.TextField("reason they gave", blank=True)
    message = models.TextField(
        "their message", blank=True, help_text="Paste their email or note down what they said."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RejectionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["owner", "-received_on"], name="rejection_owner_received"),
            models.Index(fields=["owner", "stage"], name="rejection_owner_stage"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="after_interview") | Q(interview_round__isnull=False),
                name="rejection_interview_stage_has_round",
            ),
            models.CheckConstraint(
                condition=Q(interview_round__isnull=True)
                | Q(interview_round__gte=1, interview_round__lte=20),
                name="rejection_round_1_to_20",
            ),
        ]

    def __str__(self) -> str:
        return f"Rejection: {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:rejection_detail", args=[self.pk])

    @property
    def is_almost(self) -> bool:
        """A final-round rejection: they saw a serious candidate."""
        return self.stage == self.Stage.FINAL_ROUND

    @property
    def stage_label(self) -> str:
        if self.stage == self.Stage.AFTER_INTERVIEW and self.interview_round:
            return f"After interview round {self.interview_round}"
        return self.get_stage_display()

    @property
    def reflect_from(self) -> date:
        return self.received_on + timedelta(days=REFLECT_AFTER_DAYS)

    @property
    def tag_keys(self) -> list[str]:
        """Reason tag keys; uses the prefetch from `with_related()` when present."""
        return [t.tag for t in self.reason_tags.all()]

    @property
    def tag_labels(self) -> list[str]:
        return [t.get_tag_display() for t in self.reason_tags.all()]


class ReasonTag(models.Model):
    """One tag on a rejection's reason: a row each, so patterns are a GROUP BY."""

    class Tag(models.TextChoices):
        EXPERIENCE = "experience", "Experience"
        SKILLS = "skills", "Skills"
        ANOTHER_CANDIDATE = "another_candidate", "Another candidate was a closer match"
        INTERNAL_CANDIDATE = "internal_candidate", "Internal candidate"
        SALARY = "salary", "Salary"
        POSITION_FILLED = "position_filled", "Position already filled"
        ROLE_CANCELLED = "role_cancelled", "Role cancelled or on hold"

    rejection = models.ForeignKey(Rejection, on_delete=models.CASCADE, related_name="reason_tags")
    tag = models.CharField(max_length=30, choices=Tag.choices)

    class Meta:
        ordering = ["tag"]
        indexes = [models.Index(fields=["tag"], name="reasontag_tag")]
        constraints = [
            models.UniqueConstraint(
                fields=["rejection", "tag"], name="reasontag_unique_per_rejection"
            ),
        ]

    def __str__(self) -> str:
        return self.get_tag_display()


class ChildQuerySet(models.QuerySet):
    """Rows hanging off a rejection: the person's own, and not in the trash."""

    def owned_by(self, user) -> ChildQuerySet:
        return self.filter(owner=user, rejection__application__deleted_at__isnull=True)


class Reflection(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        COMPLETE = "complete", "Finished"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    rejection = models.OneToOneField(Rejection, on_delete=models.CASCADE, related_name="reflection")
    went_well = models.TextField("what went well", blank=True)
    do_differently = models.TextField("what you would do differently", blank=True)
    what_else_for_offer = models.TextField(
        "what else could you have done to get the offer?", blank=True
    )
    wanted_role = rating_field(
        "how much you truly wanted the role", help_text="1 = not much, 5 = very much."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["owner", "status"], name="reflection_owner_status")]
        constraints = [rating_constraint("wanted_role", "reflection_wanted_role_1_to_5")]

    def __str__(self) -> str:
        return f"Reflection on {self.rejection.application}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:reflection_edit", args=[self.rejection_id])

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE


class RubricRating(models.Model):
    """One rubric area rated 1-5 with a note, from one point of view.

    The person's own view (source=reflection) belongs to their Reflection; the
    interviewer's view (source=feedback) belongs to the rejection, and points at
    the FeedbackCall it came from when it came from a call (None when it came
    by email and was typed in on the comparison page). One row per rejection,
    source and area: save them with `feedback.services.rubric_ratings_save`.
    """

    class Source(models.TextChoices):
        REFLECTION = "reflection", "Your view"
        FEEDBACK = "feedback", "Their view"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rubric_ratings"
    )
    rejection = models.ForeignKey(Rejection, on_delete=models.CASCADE, related_name="ratings")
    source = models.CharField(max_length=10, choices=Source.choices)
    reflection = models.ForeignKey(
        Reflection, on_delete=models.CASCADE, null=True, blank=True, related_name="ratings"
    )
    call = models.ForeignKey(
        "FeedbackCall", on_delete=models.SET_NULL, null=True, blank=True, related_name="ratings"
    )
    area = models.CharField(max_length=20, choices=AREA_CHOICES)
    rating = rating_field()
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["rejection", "source", "pk"]
        indexes = [
            models.Index(fields=["owner", "source", "area"], name="rating_owner_source_area"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rejection", "source", "area"], name="rating_unique_per_area"
            ),
            rating_constraint("rating", "rating_1_to_5"),
            models.CheckConstraint(condition=Q(area__in=AREA_KEYS), name="rating_area_in_rubric"),
            models.CheckConstraint(
                condition=(Q(source="reflection") & Q(call__isnull=True))
                | (Q(source="feedback") & Q(reflection__isnull=True)),
                name="rating_source_matches_parent",
            ),
        ]

    def __str__(self) -> str:
        shown = self.rating if self.rating is not None else "not rated"
        return f"{self.get_area_display()} ({self.get_source_display()}): {shown}"


# A follow-up is suggested this long after the request went, unless the person chooses a day.
FOLLOW_UP_AFTER = timedelta(days=7)


class FeedbackRequestQuerySet(ChildQuerySet):
    def awaiting_follow_up(self) -> FeedbackRequestQuerySet:
        """The query form of FeedbackRequest.awaits_follow_up."""
        return self.filter(
            sent_at__isnull=False,
            outcome=FeedbackRequest.Outcome.PENDING,
            followed_up_at__isnull=True,
            follow_up_due__isnull=False,
        )


class FeedbackRequest(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"

    class Style(models.TextChoices):
        BRIEF = "brief", "Brief"
        WARM = "warm", "Warm"
        PHONE_SCRIPT = "phone_script", "Phone script"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        FEEDBACK_GIVEN = "feedback_given", "They gave feedback"
        CALL_BOOKED = "call_booked", "A call is booked"
        DECLINED = "declined", "They declined"
        NO_ANSWER = "no_answer", "No answer"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    rejection = models.ForeignKey(
        Rejection, on_delete=models.CASCADE, related_name="feedback_requests"
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_requests",
        verbose_name="to whom",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    style = models.CharField(max_length=20, choices=Style.choices, default=Style.WARM)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField("message", blank=True)
    # Rubric keys (feedback.rubric.AREA_KEYS) to ask about specifically.
    areas_to_ask = models.JSONField("areas to ask about", default=list, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    follow_up_due = models.DateField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    follow_up_body = models.TextField("follow-up message", blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    # When they answered (feedback, a call, or a no): the first answer recorded, so
    # the stats page can say how long answers took. Empty while there is none.
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedbackRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["owner", "outcome"], name="request_owner_outcome"),
            models.Index(fields=["owner", "follow_up_due"], name="request_owner_follow_up"),
        ]

    def __str__(self) -> str:
        return f"Feedback request for {self.rejection.application}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:request_detail", args=[self.pk])

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def is_answered(self) -> bool:
        return self.outcome in ANSWERED_OUTCOMES

    @property
    def awaits_follow_up(self) -> bool:
        """Sent, unanswered and not followed up yet: the one follow-up is
        planned for follow_up_due (the home page lists it from then)."""
        return (
            self.is_sent
            and self.outcome == self.Outcome.PENDING
            and self.followed_up_at is None
            and self.follow_up_due is not None
        )

    def follow_up_is_due(self, today: date) -> bool:
        """Time for the one short follow-up: the one rule every page, next action
        and calendar event reads."""
        return self.awaits_follow_up and self.follow_up_due <= today


# They answered, whatever the answer: feedback, a call booked, or a polite no.
ANSWERED_OUTCOMES = [
    FeedbackRequest.Outcome.FEEDBACK_GIVEN,
    FeedbackRequest.Outcome.CALL_BOOKED,
    FeedbackRequest.Outcome.DECLINED,
]


class FeedbackCall(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        DONE = "done", "Done"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_calls"
    )
    rejection = models.ForeignKey(Rejection, on_delete=models.CASCADE, related_name="calls")
    request = models.ForeignKey(
        FeedbackRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    scheduled_at = models.DateTimeField("when")
    notes = models.TextField(blank=True)
    takeaways = models.TextField(blank=True)
    future_opportunity_mentioned = models.BooleanField(
        "they mentioned a future opportunity", default=False
    )
    future_opportunity_note = models.TextField("about that opportunity", blank=True)
    thank_you_body = models.TextField("thank-you message", blank=True)
    thank_you_sent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_at", "pk"]
        indexes = [
            models.Index(fields=["owner", "status", "scheduled_at"], name="call_owner_status_when"),
        ]

    def __str__(self) -> str:
        return f"Feedback call about {self.rejection.application}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:call_notes", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class CallQuestionQuerySet(models.QuerySet):
    def owned_by(self, user) -> CallQuestionQuerySet:
        return self.filter(call__owner=user, call__rejection__application__deleted_at__isnull=True)


class CallQuestion(models.Model):
    """A question prepared for a feedback call, with what they answered."""

    call = models.ForeignKey(FeedbackCall, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    # The rubric area it asks about, or blank for a general question.
    area = models.CharField(max_length=20, choices=AREA_CHOICES, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    answer = models.TextField("what they said", blank=True)

    objects = CallQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["call", "position"], name="callquestion_call_position")]

    def __str__(self) -> str:
        return self.text


class SubjectAccessRequest(models.Model):
    """A request for a copy of the personal data an organisation holds (UK/EU GDPR)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subject_access_requests"
    )
    rejection = models.ForeignKey(
        Rejection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subject_access_requests",
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subject_access_requests",
    )
    organisation_name = models.CharField("organisation", max_length=200)
    addressed_to = models.CharField(
        "addressed to",
        max_length=300,
        blank=True,
        help_text="A person, or the data protection officer.",
    )
    body = models.TextField("letter", blank=True)
    sent_on = models.DateField(null=True, blank=True)
    # One month after sent_on: set by feedback.services.subject_access_request_save.
    due_on = models.DateField("answer due", null=True, blank=True)
    received_on = models.DateField("answer received", null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "subject access request"
        indexes = [models.Index(fields=["owner", "due_on"], name="sar_owner_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True)
                | Q(sent_on__isnull=True)
                | Q(due_on__gte=models.F("sent_on")),
                name="sar_due_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"Subject access request to {self.organisation_name}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:sar_detail", args=[self.pk])
