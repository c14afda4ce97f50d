"""The practice side of Rebound: a bank of questions, STAR stories, practice
plans, and the attempts a person makes at answering out loud."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from feedback.rubric import AREA_BY_KEY

# A question is ready once it has had this many answers the person rated 4 or 5.
READY_AFTER_GOOD_RATINGS = 2
GOOD_RATING = 4
# A story counts as strong when all four parts are written and the person
# rates it at least this well.
STRONG_STORY_STRENGTH = 4
DEFAULT_ANSWER_SECONDS = 120


COMPETENCIES: tuple[tuple[str, str], ...] = (
    ("teamwork", "Teamwork"),
    ("leadership", "Leadership"),
    ("communication", "Communication"),
    ("problem_solving", "Problem solving"),
    ("conflict", "Handling disagreement"),
    ("adaptability", "Adaptability"),
    ("initiative", "Initiative"),
    ("resilience", "Resilience"),
    ("planning", "Planning and prioritising"),
    ("customer_focus", "Customer focus"),
    ("decision_making", "Decision making"),
    ("influencing", "Influencing"),
    ("learning", "Learning"),
    ("ownership", "Ownership"),
    ("attention_to_detail", "Attention to detail"),
    ("self_awareness", "Self-awareness"),
    ("commercial_awareness", "Commercial awareness"),
    ("motivation", "Motivation"),
)
COMPETENCY_LABELS: dict[str, str] = dict(COMPETENCIES)


def area_labels(keys) -> list[str]:
    return [AREA_BY_KEY[k].label for k in keys or [] if k in AREA_BY_KEY]


def competency_labels(keys) -> list[str]:
    return [COMPETENCY_LABELS[k] for k in keys or [] if k in COMPETENCY_LABELS]


def json_list_has(field: str, key: str) -> Q:
    """Rows whose JSON list `field` holds `key`.

    A quoted, case-insensitive text match works the same on SQLite and
    PostgreSQL (JSON `contains` is not available on SQLite); the keys are fixed
    slugs and none is a quoted part of another, so the match is exact.
    """
    return Q(**{f"{field}__icontains": f'"{key}"'})


class Category(models.TextChoices):
    BEHAVIOURAL = "behavioural", "Behavioural"
    MOTIVATION = "motivation", "Motivation"
    STRENGTHS = "strengths", "Strengths and weaknesses"
    SITUATIONAL = "situational", "Situational"
    COMPANY = "company", "About the company"
    CLOSING = "closing", "Closing"
    OTHER = "other", "Other"


# Questions in these categories are best answered with a STAR story.
STORY_CATEGORIES = frozenset({Category.BEHAVIOURAL, Category.SITUATIONAL, Category.STRENGTHS})


class QuestionQuerySet(models.QuerySet):
    def owned_by(self, user) -> QuestionQuerySet:
        """The person's own questions (theirs to edit), including those from interviews."""
        return self.filter(owner=user)

    def visible_to(self, user) -> QuestionQuerySet:
        """Rebound's shipped questions plus the person's own."""
        return self.filter(Q(owner__isnull=True) | Q(owner=user))

    def shipped(self) -> QuestionQuerySet:
        return self.filter(owner__isnull=True)

    def with_area(self, key: str) -> QuestionQuerySet:
        return self.filter(json_list_has("areas", key))

    def with_strong_story(self, user) -> QuestionQuerySet:
        """Annotate `has_strong_story`: one of the person's strong stories answers it."""
        strong = Story.objects.owned_by(user).strong().filter(questions=OuterRef("pk"))
        return self.annotate(has_strong_story=Exists(strong))

    def search(self, text: str) -> QuestionQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(text__icontains=text) | Q(tip__icontains=text))


class Question(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="practice_questions",
        help_text="Empty for the questions Rebound ships to everyone.",
    )
    text = models.TextField("question")
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    areas = models.JSONField(
        "rubric areas", default=list, blank=True, help_text="Keys from feedback.rubric."
    )
    competencies = models.JSONField(default=list, blank=True)
    tip = models.TextField(
        "what a good answer does",
        blank=True,
        help_text="A short reminder of what a good answer covers.",
    )
    # Shipped questions carry a stable key so later data migrations can update them.
    bank_key = models.SlugField(max_length=60, blank=True)
    interview_question = models.OneToOneField(
        "applications.InterviewQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_question",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["category", "pk"]
        indexes = [
            models.Index(fields=["owner", "category"], name="question_owner_category"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["bank_key"],
                condition=~Q(bank_key=""),
                name="question_bank_key_unique",
            ),
            # Shipped questions belong to nobody and come from no one's interview.
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(interview_question__isnull=True),
                name="question_from_interview_is_owned",
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "…"

    def get_absolute_url(self) -> str:
        return reverse("practice:question_detail", args=[self.pk])

    @property
    def is_shipped(self) -> bool:
        return self.owner_id is None

    @property
    def is_from_interview(self) -> bool:
        return self.interview_question_id is not None

    @property
    def source_label(self) -> str:
        if self.is_shipped:
            return "Rebound's bank"
        if self.is_from_interview:
            return "Asked in your interview"
        return "Your question"

    @property
    def needs_story(self) -> bool:
        return self.category in STORY_CATEGORIES

    @property
    def area_labels(self) -> list[str]:
        return area_labels(self.areas)

    @property
    def competency_labels(self) -> list[str]:
        return competency_labels(self.competencies)


class StoryQuerySet(models.QuerySet):
    def owned_by(self, user) -> StoryQuerySet:
        return self.filter(owner=user)

    def complete(self) -> StoryQuerySet:
        return self.exclude(situation="").exclude(task="").exclude(action="").exclude(result="")

    def strong(self) -> StoryQuerySet:
        return self.complete().filter(strength__gte=STRONG_STORY_STRENGTH)


class Story(models.Model):
    """A competency example told as Situation, Task, Action, Result."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stories"
    )
    title = models.CharField(max_length=200, help_text="A short name you will recognise.")
    situation = models.TextField(blank=True, help_text="Where and when: the context, briefly.")
    task = models.TextField(blank=True, help_text="What you had to achieve or solve.")
    action = models.TextField(
        blank=True, help_text="What you did yourself, step by step. Say 'I', not 'we'."
    )
    result = models.TextField(
        blank=True, help_text="What changed because of it, with a number if you have one."
    )
    competencies = models.JSONField(default=list, blank=True)
    strength = models.PositiveSmallIntegerField(
        "how strong it feels",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = needs a lot of work, 5 = ready to tell.",
    )
    questions = models.ManyToManyField(Question, blank=True, related_name="stories")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "stories"
        indexes = [models.Index(fields=["owner", "-updated_at"], name="story_owner_updated")]
        constraints = [
            models.CheckConstraint(
                condition=Q(strength__isnull=True) | Q(strength__gte=1, strength__lte=5),
                name="story_strength_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:story_detail", args=[self.pk])

    @property
    def is_complete(self) -> bool:
        return all(part.strip() for part in (self.situation, self.task, self.action, self.result))

    @property
    def is_strong(self) -> bool:
        return self.is_complete and (self.strength or 0) >= STRONG_STORY_STRENGTH

    @property
    def missing_parts(self) -> list[str]:
        parts = {
            "Situation": self.situation,
            "Task": self.task,
            "Action": self.action,
            "Result": self.result,
        }
        return [name for name, text in parts.items() if not text.strip()]

    @property
    def competency_labels(self) -> list[str]:
        return competency_labels(self.competencies)


class PlanQuerySet(models.QuerySet):
    def owned_by(self, user) -> PlanQuerySet:
        return self.filter(owner=user)

    def with_progress(self) -> PlanQuerySet:
        return self.annotate(
            item_count=Count("items", distinct=True),
            done_count=Count("items", filter=Q(items__done=True), distinct=True),
        )

    def with_context(self) -> PlanQuerySet:
        return self.select_related(
            "application__company", "interview__application__company", "rejection"
        )


class Plan(models.Model):
    """What to practise before the next interview, made from a rejection or for an interview."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_plans"
    )
    title = models.CharField(max_length=200)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_plans",
        help_text="The application this plan prepares for or learns from.",
    )
    interview = models.ForeignKey(
        "applications.Interview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_plans",
        help_text="The upcoming interview this plan prepares for.",
    )
    rejection = models.ForeignKey(
        "feedback.Rejection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_plans",
        help_text="The rejection this plan learns from.",
    )
    focus_areas = models.JSONField(
        default=list, blank=True, help_text="Rubric keys to work on, most important first."
    )
    interviewer_suggestions = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="plan_owner_updated")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practice:plan_detail", args=[self.pk])

    @property
    def company(self):
        if self.interview_id:
            return self.interview.application.company
        if self.application_id:
            return self.application.company
        return None

    @property
    def focus_area_labels(self) -> list[str]:
        return area_labels(self.focus_areas)

    @property
    def percent_done(self) -> int:
        """Needs `with_progress()`: the share of items done, as a whole percentage."""
        total = getattr(self, "item_count", None)
        if total is None:
            total = self.items.count()
            done = self.items.filter(done=True).count()
        else:
            done = self.done_count
        return round(100 * done / total) if total else 0


class PlanItemQuerySet(models.QuerySet):
    def owned_by(self, user) -> PlanItemQuerySet:
        return self.filter(plan__owner=user)

    def questions(self) -> PlanItemQuerySet:
        return self.filter(kind=PlanItem.Kind.QUESTION)

    def with_practice(self, user) -> PlanItemQuerySet:
        """Annotate how many good answers and attempts each item has, and whether
        its question has a strong story, so a page shows readiness without a
        query per row."""
        strong = Story.objects.owned_by(user).strong().filter(questions=OuterRef("question_id"))
        return self.select_related("question").annotate(
            good_count=Count("attempts", filter=Q(attempts__rating__gte=GOOD_RATING)),
            attempt_count=Count("attempts"),
            has_strong_story=Exists(strong),
        )

    def due_on_or_before(self, day: date) -> PlanItemQuerySet:
        return self.filter(Q(due_on__isnull=True) | Q(due_on__lte=day))

    def in_practice_order(self) -> PlanItemQuerySet:
        """Spaced repetition order: the longest overdue first (weak answers come
        back soonest), then questions not yet practised, then the rest by position."""
        return self.order_by(models.F("due_on").asc(nulls_last=True), "position", "pk")


class PlanItem(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", "Question to practise"
        STORY = "story", "Story to write"
        RESEARCH = "research", "Company research"
        ASK = "ask", "Question to ask the interviewer"
        CV = "cv", "CV or pitch change"
        ADVICE = "advice", "Interviewer's suggestion"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(blank=True)
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, null=True, blank=True, related_name="plan_items"
    )
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Spaced repetition: when the question should come up again, and the gap
    # that got it there (which grows while answers stay good).
    due_on = models.DateField(null=True, blank=True)
    interval_days = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [
            models.Index(fields=["plan", "kind", "position"], name="planitem_plan_kind"),
            models.Index(fields=["plan", "due_on"], name="planitem_plan_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="question") & Q(question__isnull=False))
                | (~Q(kind="question") & Q(question__isnull=True) & ~Q(text="")),
                name="planitem_question_or_text",
            ),
            models.UniqueConstraint(
                fields=["plan", "question"],
                condition=Q(question__isnull=False),
                name="planitem_question_once_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return f"{self.plan.get_absolute_url()}#item-{self.pk}"

    @property
    def label(self) -> str:
        if self.kind == self.Kind.QUESTION and self.question_id:
            return self.question.text
        return self.text

    @property
    def is_ready(self) -> bool:
        """Needs `with_practice()`."""
        return getattr(self, "good_count", 0) >= READY_AFTER_GOOD_RATINGS

    def is_due(self, today: date) -> bool:
        return self.due_on is None or self.due_on <= today


def next_interval(*, rating: int, previous_days: int) -> int:
    """Days until a question comes up again after an answer rated `rating`.

    Weak answers return tomorrow; good ones wait longer each time they stay good
    (in the spirit of SM-2, simplified so a person can predict it).
    """
    if rating <= 2:
        return 1
    if rating == 3:
        return 2
    if rating == 4:
        return max(4, previous_days * 2)
    return min(max(7, previous_days * 3), 60)


class MockQuerySet(models.QuerySet):
    def owned_by(self, user) -> MockQuerySet:
        return self.filter(plan__owner=user)


class MockInterview(models.Model):
    """Several questions from a plan asked back to back, then a summary."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="mock_interviews")
    items = models.ManyToManyField(PlanItem, through="MockQuestion", related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = MockQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["plan", "-started_at"], name="mock_plan_started")]

    def __str__(self) -> str:
        return f"Mock interview for {self.plan} on {self.started_at:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("practice:mock_summary", args=[self.pk])


class MockQuestion(models.Model):
    mock = models.ForeignKey(MockInterview, on_delete=models.CASCADE, related_name="slots")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mock", "item"], name="mockquestion_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position + 1}. {self.item}"


class AttemptQuerySet(models.QuerySet):
    def owned_by(self, user) -> AttemptQuerySet:
        return self.filter(item__plan__owner=user)


class Transcription(models.TextChoices):
    """Where turning an answer's recording into text stands. The recording itself
    is never kept: it waits as a file for the task worker, which deletes it."""

    LISTENING = "listening", "Listening"
    HEARD = "heard", "Turned into text"
    SILENT = "silent", "No speech heard"
    NOT_AUDIO = "not_audio", "Not a recording"
    TOO_LONG = "too_long", "Too long"
    FAILED = "failed", "Could not be turned into text"
    LOST = "lost", "Recording lost"


class Attempt(models.Model):
    """One answer spoken out loud, rated by the person."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="attempts")
    mock = models.ForeignKey(
        MockInterview, on_delete=models.SET_NULL, null=True, blank=True, related_name="attempts"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    note = models.TextField(blank=True)
    seconds_taken = models.PositiveIntegerField(null=True, blank=True)
    transcript = models.TextField(
        blank=True, help_text="What the person said, typed or transcribed on the server."
    )
    transcription = models.CharField(
        max_length=12,
        choices=Transcription.choices,
        blank=True,
        help_text="Empty for a typed answer; otherwise where its recording's text stands.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["item", "-created_at"], name="attempt_item_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="attempt_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5 on {self.item}"

    def get_absolute_url(self) -> str:
        return reverse("practice:attempt_detail", args=[self.pk])

    @property
    def is_listening(self) -> bool:
        return self.transcription == Transcription.LISTENING

    @property
    def measures(self):
        """What the transcript shows (practice.measures), worked out once per object."""
        if not hasattr(self, "_measures"):
            from .measures import measure_answer

            self._measures = measure_answer(self.transcript, seconds=self.seconds_taken)
        return self._measures

    @property
    def job_terms(self) -> tuple[list[str], list[str]] | None:
        """(used, not used) among the job description's main terms, or None when
        the question is tied to no description (select_related
        transcripts.JOB_DESCRIPTION_PATHS to read it without extra queries)."""
        from .measures import job_terms, terms_used
        from .transcripts import job_description_for

        terms = job_terms(job_description_for(self.item))
        if not terms or not self.transcript.strip():
            return None
        return terms_used(self.transcript, terms)
