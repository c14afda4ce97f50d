from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import Lower, RowNumber
from django.db.models.query import ValuesIterable
from django.urls import reverse
from django.utils import timezone

from accounts.querysets import OwnedQuerySet

from .documents import check_upload


def date_label(day) -> str:
    """A date as a person reads it in a message: 14 March 2026."""
    return f"{day.day} {day:%B %Y}"


class Company(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companies"
    )
    name = models.CharField(max_length=200)
    website = models.URLField(blank=True, max_length=500)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        verbose_name_plural = "companies"
        constraints = [
            models.UniqueConstraint(Lower("name"), "owner", name="company_name_unique_per_owner"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("applications:company_detail", args=[self.pk])


class Contact(models.Model):
    class Role(models.TextChoices):
        HIRING_MANAGER = "hiring_manager", "Hiring manager / decision maker"
        RECRUITER = "recruiter", "Recruiter"
        HR = "hr", "HR"
        INTERVIEWER = "interviewer", "Interviewer"
        REFERRER = "referrer", "Referrer"
        OTHER = "other", "Other"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OTHER)
    job_title = models.CharField("their job title", max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    profile_url = models.URLField("profile link", blank=True, max_length=500)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name")]
        indexes = [models.Index(fields=["owner", "company"])]

    def __str__(self) -> str:
        if self.company_id:
            return f"{self.name} ({self.get_role_display()}, {self.company})"
        return f"{self.name} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("applications:contact_detail", args=[self.pk])

    @property
    def is_decision_maker(self) -> bool:
        return self.role == self.Role.HIRING_MANAGER


class Status(models.TextChoices):
    INTERESTED = "interested", "Interested"
    APPLIED = "applied", "Applied"
    SCREENING = "screening", "Screening"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NO_RESPONSE = "no_response", "No response"


# The status groups, each written once: the querysets below, the services, the
# board and the stats all read them from here.
PIPELINE_STATUSES = [
    Status.INTERESTED,
    Status.APPLIED,
    Status.SCREENING,
    Status.INTERVIEWING,
    Status.OFFER,
    Status.ACCEPTED,
]
CLOSED_STATUSES = [Status.REJECTED, Status.WITHDRAWN, Status.NO_RESPONSE]
# The outcome is known (closed, or an offer accepted): an interview booked
# after that is not coming up any more.
ENDED_STATUSES = [*CLOSED_STATUSES, Status.ACCEPTED]
# Still waiting on something: what "no response" may be suggested for.
WAITING_STATUSES = [Status.APPLIED, Status.SCREENING, Status.INTERVIEWING]
# Sent and not closed yet: still moving.
IN_PROGRESS_STATUSES = [*WAITING_STATUSES, Status.OFFER]
# Not closed and not settled: what the active list shows.
ACTIVE_STATUSES = [Status.INTERESTED, *IN_PROGRESS_STATUSES]
# Reaching one of these means the application was sent, so it has a date applied.
SENT_STATUSES = [*IN_PROGRESS_STATUSES, Status.ACCEPTED]
# "Reached at least this stage": any of these statuses, now or in the history.
# Being rejected or hearing nothing means the application was sent.
REACHED_APPLIED = [*SENT_STATUSES, Status.REJECTED, Status.NO_RESPONSE]
REACHED_SCREENING = [Status.SCREENING, Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED]
REACHED_INTERVIEW = [Status.INTERVIEWING, Status.OFFER, Status.ACCEPTED]
REACHED_OFFER = [Status.OFFER, Status.ACCEPTED]


def reached(statuses: list[str]) -> Q:
    """At one of `statuses` now, or at some point in the status history."""
    history = StatusChange.objects.filter(application=OuterRef("pk"), to_status__in=statuses)
    return Q(status__in=statuses) | Q(Exists(history))


def has_interview() -> Q:
    """An interview is on record for the application, whatever its status says."""
    return Q(Exists(Interview.objects.filter(application=OuterRef("pk"))))


def reached_interview() -> Q:
    """The one rule for "this application got an interview": its status reached the
    interview stage (now or before), or an interview is on record. The stats page
    counts it and the search report shows it, so the two always agree."""
    return reached(REACHED_INTERVIEW) | has_interview()


def _interview_ahead(now=None, owner=None) -> Exists:
    """Whether the application has an interview booked from `now` on.

    With `owner` (the person, when the caller knows it) the database reads that
    person's interviews to come through an index and hashes them once; with the
    owner taken from each row, PostgreSQL hashed every person's interviews to
    come instead (a scan of the whole table: 10-16 ms at 150,000 interviews)."""
    return Exists(
        Interview.objects.filter(
            # The owner lets the database read only this person's interviews.
            owner=OuterRef("owner_id") if owner is None else owner,
            application=OuterRef("pk"),
            starts_at__gte=now or timezone.now(),
        )
    )


class Row(dict):
    """A row read with `values()`: a template reads each field in one dictionary
    lookup (a model instance costs a failed lookup first), and Python code can
    still say `row.title`."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class RowIterable(ValuesIterable):
    def __iter__(self):
        return map(Row, super().__iter__())


def silent_since(cutoff, now=None, owner=None) -> Q:
    """Waiting, no news since `cutoff`, and no interview booked from `now` on: the
    one condition behind the queryset's silent_since, with_quiet and the home
    page's aggregate of quiet applications."""
    return Q(status__in=WAITING_STATUSES, last_news_at__lt=cutoff) & ~_interview_ahead(now, owner)


# What a row of the list (or a card on the board) shows.
LIST_ROW_FIELDS = (
    "pk",
    "title",
    "status",
    "date_applied",
    "interest",
    "last_news_at",
    "updated_at",
)


class ApplicationQuerySet(models.QuerySet):
    def owned_by(self, user) -> ApplicationQuerySet:
        """The person's applications, not counting those in the trash."""
        return self.filter(owner=user, deleted_at__isnull=True)

    def in_trash_of(self, user) -> ApplicationQuerySet:
        return self.filter(owner=user, deleted_at__isnull=False)

    def active(self) -> ApplicationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def closed(self) -> ApplicationQuerySet:
        return self.filter(status__in=CLOSED_STATUSES)

    def with_interview_ahead(self, now=None) -> ApplicationQuerySet:
        """Annotate `interview_ahead`: whether an interview is booked from `now` on."""
        return self.annotate(interview_ahead=_interview_ahead(now))

    def silent_since(self, cutoff, now=None, owner=None) -> ApplicationQuerySet:
        """Waiting applications with no news (no status change or edit) since `cutoff`.

        A booked interview still to come is news: those are never silent. Give the
        `owner` when it is known (see _interview_ahead)."""
        return self.filter(silent_since(cutoff, now, owner))

    def with_quiet(self, *, days: int, now, owner=None) -> ApplicationQuerySet:
        """Annotate `quiet`, worked out in SQL: what `Application.suggest_no_response`
        says for each row, so a list or board needs no per-row check."""
        return self.annotate(
            quiet=ExpressionWrapper(
                silent_since(now - timedelta(days=days), now, owner), output_field=BooleanField()
            )
        )

    def list_rows(self, *extra: str, days: int, now, owner=None) -> ApplicationQuerySet:
        """What a row of the list or a card on the board shows, as plain dicts and
        nothing more: no notes or job descriptions, the company's name read through
        its primary key (not a join of every company), `quiet` worked out in SQL,
        and any `extra` annotations asked for.
        Plain dicts also make each template lookup one dictionary read."""
        rows = (
            self.with_quiet(days=days, now=now, owner=owner)
            .with_company_name()
            .values(*LIST_ROW_FIELDS, "company_name", "quiet", *extra)
        )
        rows._iterable_class = RowIterable
        return rows

    def sorted_by(self, ordering: list[str]) -> ApplicationQuerySet:
        """Order by field names ("-" for newest or largest first, empty last), where
        `company_lower` and `title_lower` sort by name whatever the letter case."""
        applications = self
        if "company_lower" in ordering:
            # The company's name row by row through its primary key: joining every
            # company would read the whole table.
            applications = applications.annotate(
                company_lower=Subquery(
                    Company.objects.filter(pk=OuterRef("company_id"))
                    .order_by()
                    .values(name_lower=Lower("name"))
                )
            )
        if "title_lower" in ordering:
            applications = applications.annotate(title_lower=Lower("title"))
        # Empty values last both ways, on SQLite as on PostgreSQL, so that the API's
        # keyset cursor (api/pagination.py) can say where a page ends.
        return applications.order_by(
            *[
                F(name[1:]).desc(nulls_last=True)
                if name.startswith("-")
                else F(name).asc(nulls_last=True)
                for name in ordering
            ]
        )

    def board_cards(self, *, pipeline_limit: int, closed_limit: int) -> ApplicationQuerySet:
        """The most recent cards of every board column: the rows are numbered within
        each status, newest first, and the first few of each kept.

        The numbering is a subquery that reads only the columns it ranks by, so
        what a card shows (its company, whether it is quiet) is worked out for the
        kept cards alone, not for every application (at 3,000 applications: 149
        rows instead of 3,000, and no scan of every person's interviews)."""
        ranked = (
            self.annotate(
                place=Window(
                    RowNumber(), partition_by=[F("status")], order_by=F("updated_at").desc()
                )
            )
            .filter(
                Q(status__in=PIPELINE_STATUSES, place__lte=pipeline_limit)
                | Q(status__in=CLOSED_STATUSES, place__lte=closed_limit)
            )
            .order_by()
            .values("pk")
        )
        return self.model.objects.filter(pk__in=ranked).order_by("-updated_at")

    def column_counts(self) -> dict[str, int]:
        """How many applications each status (a board column) holds."""
        return dict(self.order_by().values_list("status").annotate(n=Count("pk")))

    def with_company_name(self) -> ApplicationQuerySet:
        """`company_name`, read row by row through the company's primary key: for
        one person's rows PostgreSQL would otherwise join every person's
        companies (a hash of the whole table)."""
        return self.annotate(
            company_name=Subquery(
                Company.objects.filter(pk=OuterRef("company_id")).order_by().values("name")
            )
        )

    def with_company(self) -> ApplicationQuerySet:
        return self.select_related("company")

    def search(self, text: str) -> ApplicationQuerySet:
        """Match the job title, the company's name or the notes."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(company__name__icontains=text) | Q(notes__icontains=text)
        )

    def setbacks_at(self, company, since) -> ApplicationQuerySet:
        """Applications at `company` that ended in a rejection or silence since `since`."""
        return self.filter(
            company=company,
            status__in=[Status.REJECTED, Status.NO_RESPONSE],
            last_news_at__gte=since,
        )


def natural_next_status(status: str) -> str | None:
    """The stage an application in `status` usually moves to next, if there is one."""
    if status in PIPELINE_STATUSES[:-1]:
        return PIPELINE_STATUSES[PIPELINE_STATUSES.index(status) + 1]
    return None


class Application(models.Model):
    class WorkMode(models.TextChoices):
        ON_SITE = "on_site", "On-site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    class Source(models.TextChoices):
        JOB_BOARD = "job_board", "Job board"
        COMPANY_SITE = "company_site", "Company website"
        REFERRAL = "referral", "Referral"
        RECRUITER = "recruiter", "Recruiter"
        OTHER = "other", "Other"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    # RESTRICT: a company with applications cannot be deleted on its own, but a
    # person's whole account can (the cascade from the user takes both).
    company = models.ForeignKey(Company, on_delete=models.RESTRICT, related_name="applications")
    title = models.CharField("job title", max_length=200)
    posting_url = models.URLField("job posting link", blank=True, max_length=1000)
    location = models.CharField(max_length=200, blank=True)
    work_mode = models.CharField(max_length=10, choices=WorkMode.choices, blank=True)
    salary_min = models.PositiveIntegerField("salary from", null=True, blank=True)
    salary_max = models.PositiveIntegerField("salary to", null=True, blank=True)
    salary_currency = models.CharField("currency", max_length=3, blank=True, default="GBP")
    source = models.CharField(max_length=20, choices=Source.choices, blank=True)
    # From the posting itself, when it says (capture/extract.py reads them).
    posted_on = models.DateField("posted on", null=True, blank=True)
    closes_on = models.DateField("applications close", null=True, blank=True)
    date_applied = models.DateField(null=True, blank=True)
    interest = models.PositiveSmallIntegerField(
        "how much you want it",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = not much, 5 = very much.",
    )
    cv_version = models.CharField("CV version used", max_length=200, blank=True)
    cover_letter_version = models.CharField("cover letter version used", max_length=200, blank=True)
    description = models.TextField("job description", blank=True)
    notes = models.TextField(blank=True)
    contacts = models.ManyToManyField(Contact, blank=True, related_name="applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INTERESTED)
    # When something last happened (created, status change, interview): drives
    # the "no response" suggestion without a query per row.
    last_news_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True, help_text="In the trash since.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["owner", "status"], name="application_owner_status"),
            models.Index(fields=["owner", "-updated_at"], name="application_owner_updated"),
            models.Index(fields=["owner", "-date_applied"], name="application_owner_applied"),
            models.Index(fields=["owner", "company"], name="application_owner_company"),
            models.Index(fields=["owner", "last_news_at"], name="application_owner_news"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(interest__isnull=True) | Q(interest__gte=1, interest__lte=5),
                name="application_interest_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=models.F("salary_min")),
                name="application_salary_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"

    def get_absolute_url(self) -> str:
        return reverse("applications:application_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def has_ended(self) -> bool:
        """Closed or accepted: its interviews still ahead are not coming up."""
        return self.status in ENDED_STATUSES

    @property
    def natural_next_status(self) -> str | None:
        """The stage an application usually moves to next, if there is one."""
        return natural_next_status(self.status)

    def first_news_on(self):
        """The earliest day something happened after applying (an interview or the
        rejection), which the date applied cannot come after; None if nothing has."""
        days = [timezone.localtime(i.starts_at).date() for i in self.interviews.all()]
        rejection = getattr(self, "rejection", None) if self.pk else None
        if rejection is not None:
            days.append(rejection.received_on)
        return min(days, default=None)

    def has_interview_ahead(self, now=None) -> bool:
        """Whether an interview is booked from `now` on. Uses the `interview_ahead`
        annotation or prefetched interviews when present, so lists stay one query."""
        now = now or timezone.now()
        annotated = getattr(self, "interview_ahead", None)
        if annotated is not None:
            return annotated
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("interviews")
        if prefetched is not None:
            return any(interview.starts_at >= now for interview in prefetched)
        return self.interviews.filter(starts_at__gte=now).exists()

    def suggest_no_response(self, days: int, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status in WAITING_STATUSES
            and self.last_news_at < now - timedelta(days=days)
            and not self.has_interview_ahead(now)
        )


class StatusChange(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["application", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or 'New'} → {self.get_to_status_display()}"


class InterviewQuerySet(models.QuerySet):
    def owned_by(self, user) -> InterviewQuerySet:
        return self.filter(owner=user, application__deleted_at__isnull=True)

    def upcoming(self, now=None) -> InterviewQuerySet:
        """Interviews still to come, soonest first; not those of an application
        that has ended (ENDED_STATUSES), whose interviews are no longer coming up."""
        return (
            self.filter(starts_at__gte=now or timezone.now())
            .exclude(application__status__in=ENDED_STATUSES)
            .order_by("starts_at")
        )

    def to_prepare_for(self, now, within: timedelta) -> InterviewQuerySet:
        """Interviews in the next `within`, with only what a next action names:
        when, which round and kind, the role and the company. Not those of an
        application that has ended (see `upcoming`)."""
        return (
            self.filter(starts_at__gte=now, starts_at__lt=now + within)
            .exclude(application__status__in=ENDED_STATUSES)
            .select_related("application__company")
            .only(
                "pk",
                "round",
                "kind",
                "starts_at",
                "application__title",
                "application__company__name",
            )
            .order_by("starts_at")
        )


class Interview(models.Model):
    class Kind(models.TextChoices):
        PHONE_SCREEN = "phone_screen", "Phone screen"
        VIDEO = "video", "Video"
        ON_SITE = "on_site", "On-site"
        TECHNICAL = "technical", "Technical"
        PANEL = "panel", "Panel"
        FINAL = "final", "Final"
        ASSESSMENT = "assessment", "Assessment"

    # The application's owner, kept on the interview too so that a person's
    # upcoming interviews are one index range, whatever the size of the table.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    round = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.VIDEO)
    starts_at = models.DateTimeField("starts")
    time_zone = models.CharField(
        max_length=64,
        default="Europe/London",
        help_text="The time zone the interview takes place in.",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        "duration (minutes)", default=60, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    location = models.CharField("place or link", max_length=500, blank=True)
    interviewers = models.ManyToManyField(Contact, blank=True, related_name="interviews")
    notes = models.TextField(blank=True)
    gut_rating = models.PositiveSmallIntegerField(
        "how it felt afterwards",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = badly, 5 = very well.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["application", "starts_at"]),
            models.Index(fields=["owner", "starts_at"], name="interview_owner_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(gut_rating__isnull=True) | Q(gut_rating__gte=1, gut_rating__lte=5),
                name="interview_gut_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.round} ({self.get_kind_display()}) for {self.application}"

    def save(self, *args, **kwargs):
        self.owner_id = self.application.owner_id
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "application" in update_fields:
            kwargs["update_fields"] = {*update_fields, "owner"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("applications:interview_detail", args=[self.pk])

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class InterviewQuestion(models.Model):
    """A question asked in a real interview, kept one per row so practice can use it."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SpreadsheetImport(models.Model):
    """One confirmed CSV import. Its `key` is the preview's one-time id: the
    import is saved in the same transaction as this row, and a second confirm
    of the same preview (a double click, a retry) finds it and adds nothing."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="spreadsheet_imports"
    )
    key = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255, blank=True)
    added = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="spreadsheet_import_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name or 'Spreadsheet'}: {self.added} added"


def document_upload_to(document: Document, filename: str) -> str:
    # A random name with the extension of what the file is: the person's own
    # file name is kept in `file_name`, never in a path.
    return f"documents/{document.owner_id}/{secrets.token_urlsafe(18)}.{document.file_type}"


def validate_document_file(value) -> None:
    """What the file is, read from its bytes (an import's files are checked too)."""
    check_upload(value)


class Document(models.Model):
    """A CV, cover letter or other document the person sent, reusable across
    applications ("the CV that went to these four"). The file is kept through
    Django's storage API and only ever handed out by `document_download`, to its owner."""

    class Kind(models.TextChoices):
        CV = "cv", "CV"
        COVER_LETTER = "cover_letter", "Cover letter"
        OTHER = "other", "Other"

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        ODT = "odt", "OpenDocument (ODT)"
        TXT = "txt", "Text"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CV)
    file = models.FileField(
        upload_to=document_upload_to, max_length=300, validators=[validate_document_file]
    )
    file_name = models.CharField("file name", max_length=200)
    file_type = models.CharField(max_length=10, choices=FileType.choices)
    size = models.PositiveIntegerField(default=0)
    applications = models.ManyToManyField(
        Application, blank=True, related_name="documents", verbose_name="sent with"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="document_owner_created")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("applications:document_detail", args=[self.pk])
