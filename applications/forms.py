import re
from datetime import timedelta

from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.concurrency import OptimisticConcurrencyMixin
from accounts.mixins import OwnedModelForm
from accounts.models import time_zone_choices
from accounts.once import OnceOnlyFormMixin

from . import services
from .documents import check_upload, max_bytes, size_in_words
from .models import Application, Company, Contact, Document, Interview, Status, date_label
from .services import parse_questions

INTEREST_CHOICES = [
    ("", "Not set"),
    (1, "1 – Not much"),
    (2, "2 – A little"),
    (3, "3 – Quite a lot"),
    (4, "4 – A lot"),
    (5, "5 – Very much"),
]
GUT_CHOICES = [
    ("", "Not yet"),
    (1, "1 – Badly"),
    (2, "2 – Not great"),
    (3, "3 – All right"),
    (4, "4 – Well"),
    (5, "5 – Very well"),
]
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; the value is read in the person's time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class CompanyForm(OnceOnlyFormMixin, OptimisticConcurrencyMixin, OwnedModelForm, forms.ModelForm):
    class Meta:
        model = Company
        fields = ["name", "website", "notes"]
        help_texts = {
            "website": "The company's own site, for your research.",
            "notes": "What they do, what you like about them, who you know there.",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": "Enter the company's name."},
            "website": {"invalid": "Enter the full address, starting with https://"},
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        # Compare the way the unique constraint does (Lower("name") in the database), not with
        # iexact's UPPER(): the two disagree on names such as "İ" or the Kelvin sign.
        same = (
            Company.objects.owned_by(self.owner)
            .annotate(lower_name=Lower("name"))
            .filter(lower_name=Lower(Value(name)))
        )
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(
                f"You already have a company called {name}. Choose another name or edit that one."
            )
        return name


class ContactForm(OnceOnlyFormMixin, OptimisticConcurrencyMixin, OwnedModelForm, forms.ModelForm):
    owned_fields = {"company": Company}

    class Meta:
        model = Contact
        fields = ["name", "role", "company", "job_title", "email", "phone", "profile_url", "notes"]
        help_texts = {
            "role": "Their part in your application. Feedback requests aim for the hiring manager.",
            "job_title": "For example: Head of Design.",
            "profile_url": "A LinkedIn or similar profile link.",
            "notes": "How you met, what you talked about.",
        }
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": "Enter their name."},
            "email": {"invalid": "Enter an email address like name@example.com."},
            "profile_url": {"invalid": "Enter the full address, starting with https://"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].empty_label = "No company"


def last_currency(owner) -> str:
    """The currency the person used last, so they rarely have to type it."""
    last = (
        Application.objects.owned_by(owner)
        .exclude(salary_currency="")
        .order_by("-created_at")
        .values_list("salary_currency", flat=True)
        .first()
    )
    return last or "GBP"


class ApplicationForm(
    OnceOnlyFormMixin, OptimisticConcurrencyMixin, OwnedModelForm, forms.ModelForm
):
    """An application, with room to add its company and a contact by name."""

    owned_fields = {"company": Company, "contacts": Contact}

    new_company_name = forms.CharField(
        label="Or add a new company",
        max_length=200,
        required=False,
        help_text="Not in the list? Type its name and Rebound adds it.",
    )
    salary_currency = forms.CharField(
        label="Currency",
        max_length=10,
        required=False,
        help_text="Three letters, such as GBP, EUR or USD.",
    )
    new_contact_name = forms.CharField(
        label="Add a new contact",
        max_length=200,
        required=False,
        help_text="Their name. You can add their details later.",
    )
    new_contact_role = forms.ChoiceField(
        label="Their role",
        choices=Contact.Role.choices,
        initial=Contact.Role.RECRUITER,
        required=False,
    )

    class Meta:
        model = Application
        fields = [
            "title",
            "company",
            "status",
            "date_applied",
            "interest",
            "posting_url",
            "location",
            "work_mode",
            "salary_min",
            "salary_max",
            "salary_currency",
            "source",
            "posted_on",
            "closes_on",
            "cv_version",
            "cover_letter_version",
            "description",
            "notes",
            "contacts",
        ]
        labels = {"interest": "How much you want it", "title": "Job title"}
        help_texts = {
            "title": "As the posting names it, for example: Senior product designer.",
            "status": "Where it stands now. Every change is kept in its timeline.",
            "date_applied": "Left empty, it is filled in the day it moves to Applied or later.",
            "interest": "A lukewarm candidate shows; this helps you see where to put your energy.",
            "posting_url": "Postings often disappear: paste the description below too.",
            "location": "City or region.",
            "salary_min": "Whole numbers, per year.",
            "posted_on": "When the posting went up, if it says.",
            "closes_on": "The last day to apply, if the posting gives one.",
            "cv_version": "Which CV you sent, for example: CV 2026 design-lead.",
            "cover_letter_version": "Leave empty if you did not send one.",
            "description": "Paste the job description; it helps you prepare later.",
            "contacts": "People at the company you are in touch with.",
        }
        widgets = {
            "date_applied": DateInput(),
            "posted_on": DateInput(),
            "closes_on": DateInput(),
            "interest": forms.Select(choices=INTEREST_CHOICES),
            "description": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "contacts": forms.CheckboxSelectMultiple,
            "salary_min": forms.NumberInput(attrs={"min": 0, "step": 1}),
            "salary_max": forms.NumberInput(attrs={"min": 0, "step": 1}),
        }
        error_messages = {
            "title": {"required": "Enter the job title, as the posting names it."},
            "posting_url": {"invalid": "Enter the full address, starting with https://"},
            "date_applied": {"invalid": "Enter a date, such as 14/03/2026."},
            "posted_on": {"invalid": "Enter a date, such as 14/03/2026."},
            "closes_on": {"invalid": "Enter a date, such as 14/03/2026."},
            "salary_min": {"invalid": "Enter a whole number, without commas or symbols."},
            "salary_max": {"invalid": "Enter a whole number, without commas or symbols."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        company = self.fields["company"]
        company.required = False
        company.empty_label = "Choose a company"
        self.fields["contacts"].queryset = (
            Contact.objects.owned_by(self.owner).select_related("company").order_by("name")
        )
        if not self.instance.pk:
            self.fields["status"].initial = Status.APPLIED
            if "salary_currency" not in self.initial:
                self.fields["salary_currency"].initial = last_currency(self.owner)
            self.fields["date_applied"].initial = timezone.localdate()
        self.fields["status"].label = "Status"
        self.fields["work_mode"].choices = [("", "Not noted"), *Application.WorkMode.choices]
        self.fields["source"].choices = [("", "Not noted"), *Application.Source.choices]

    def clean_date_applied(self):
        value = self.cleaned_data.get("date_applied")
        if value and value > timezone.localdate():
            raise forms.ValidationError("Enter a date in the past or today.")
        # Checked when the date changes, so older records never block an unrelated edit.
        changed = self.instance.pk and "date_applied" in self.changed_data
        first_news = self.instance.first_news_on() if changed else None
        if value and first_news and value > first_news:
            raise forms.ValidationError(
                f"Enter a date on or before {date_label(first_news)}: your timeline has an "
                "interview or the answer on that day, which came after you applied."
            )
        return value

    def clean_salary_currency(self) -> str:
        value = (self.cleaned_data.get("salary_currency") or "").strip().upper()
        if value and not CURRENCY_RE.match(value):
            raise forms.ValidationError("Enter a three-letter currency code, such as GBP or EUR.")
        return value

    def clean(self):
        cleaned = super().clean()
        new_name = (cleaned.get("new_company_name") or "").strip()
        if not new_name and not cleaned.get("company") and "company" not in self.errors:
            self.add_error(
                "company", "Choose the company, or type its name in “Or add a new company”."
            )
        if (
            not self.instance.pk
            and cleaned.get("status") == Status.INTERESTED
            and "date_applied" not in self.changed_data
        ):
            # Today's date was only a default for "Applied"; not applied yet, no date.
            cleaned["date_applied"] = None
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and high < low:
            self.add_error("salary_max", "Enter an upper figure at least as big as the lower one.")
        return cleaned

    def create(self, *, owner) -> Application:
        """Add the application this valid form describes, for `owner`, with any
        company and contact typed in by name: the one path for "Add an
        application", the board's quick add and the API (api/operations.py)."""
        application = self.save(commit=False)
        application.owner = owner
        data = self.cleaned_data
        return services.application_create(
            application=application,
            contacts=data["contacts"],
            new_company_name=data["new_company_name"],
            new_contact_name=data["new_contact_name"],
            new_contact_role=data["new_contact_role"],
        )

    def _get_validation_exclusions(self):
        # A company typed in by name is created by the service on save; until
        # then the model must not ask for one.
        exclude = super()._get_validation_exclusions()
        if (self.cleaned_data.get("new_company_name") or "").strip():
            exclude.add("company")
        return exclude


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(
        label="Move to",
        choices=Status.choices,
        error_messages={"required": "Choose the stage to move it to."},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What happened, in a few words. It appears in the timeline.",
    )

    def __init__(self, *args, application: Application | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if application is not None:
            # Offer the natural next stage first; the closed outcomes are one click away.
            if application.natural_next_status:
                self.fields["to_status"].initial = application.natural_next_status
            self.fields["to_status"].choices = [("", "Choose a stage")] + [
                (value, label) for value, label in Status.choices if value != application.status
            ]


class InterviewForm(OnceOnlyFormMixin, OptimisticConcurrencyMixin, OwnedModelForm, forms.ModelForm):
    owned_fields = {"interviewers": Contact}

    new_interviewer_name = forms.CharField(
        label="Add an interviewer",
        max_length=200,
        required=False,
        help_text="Not in the list? Type their name and Rebound adds them as a contact.",
    )
    questions = forms.CharField(
        label="Questions they asked",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One question per line. They go to your practice question bank later.",
    )
    move_to_interviewing = forms.BooleanField(
        label="Move the application to Interviewing",
        required=False,
        initial=True,
    )

    class Meta:
        model = Interview
        fields = [
            "round",
            "kind",
            "starts_at",
            "duration_minutes",
            "time_zone",
            "location",
            "interviewers",
            "notes",
            "gut_rating",
        ]
        labels = {"kind": "Type", "starts_at": "Date and time"}
        help_texts = {
            "round": "1 for the first interview, 2 for the next, and so on.",
            "duration_minutes": "How long it is planned to take.",
            "location": "An address, or the video call link.",
            "notes": "How to prepare, what happened, what to remember.",
            "gut_rating": "Fill this in afterwards, while it is fresh.",
            "interviewers": "Who interviews you. Pick from your contacts at this company.",
        }
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "time_zone": forms.Select(choices=time_zone_choices),
            "gut_rating": forms.Select(choices=GUT_CHOICES),
            "interviewers": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "round": forms.NumberInput(attrs={"min": 1, "max": 20}),
            "duration_minutes": forms.NumberInput(attrs={"min": 5, "max": 600, "step": 5}),
        }
        error_messages = {
            "starts_at": {
                "required": "Enter the date and time it starts.",
                "invalid": "Enter a date and time, such as 14/03/2026 10:30.",
            },
            "round": {"required": "Enter the round: 1 for the first interview."},
            "duration_minutes": {"required": "Enter how many minutes it should take."},
        }

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.instance.application = application
        tz_name = timezone.get_current_timezone_name()
        self.fields["starts_at"].help_text = f"In your own time zone ({tz_name})."
        self.fields["time_zone"].help_text = (
            "Where the interview takes place. If it differs from yours, "
            "Rebound shows the time in both."
        )
        # The menu leaves out aliases; keep a zone already chosen so it is not
        # silently replaced by the first one in the list.
        current = self.instance.time_zone if self.instance.pk else self.owner.time_zone
        self.fields["time_zone"].widget.choices = time_zone_choices(keep=current)
        # A select takes no maxlength (the model field's max_length adds one).
        self.fields["time_zone"].widget.attrs.pop("maxlength", None)
        if not self.instance.pk:
            self.fields["time_zone"].initial = self.owner.time_zone
            self.fields["round"].initial = (
                max((i.round for i in application.interviews.all()), default=0) + 1
            )
        else:
            self.fields["questions"].initial = "\n".join(
                q.text for q in self.instance.questions.all()
            )
        # The people at this company (or already on the application or interview) first.
        scope = Q(company_id=application.company_id) | Q(applications=application)
        if self.instance.pk:
            scope |= Q(interviews=self.instance)
        self.fields["interviewers"].queryset = (
            Contact.objects.owned_by(self.owner)
            .filter(scope)
            .select_related("company")
            .distinct()
            .order_by("name")
        )
        if self.instance.pk or application.status not in (
            Status.INTERESTED,
            Status.APPLIED,
            Status.SCREENING,
        ):
            del self.fields["move_to_interviewing"]

    def clean_starts_at(self):
        starts_at = self.cleaned_data.get("starts_at")
        applied = self.application.date_applied
        changed = not self.instance.pk or "starts_at" in self.changed_data
        if changed and starts_at and applied and timezone.localtime(starts_at).date() < applied:
            raise forms.ValidationError(
                f"Enter a date on or after the day you applied ({date_label(applied)}). "
                "If that day is wrong, change it on the application first."
            )
        return starts_at

    def clean_questions(self) -> list[str]:
        questions = parse_questions(self.cleaned_data.get("questions", ""))
        too_long = [q for q in questions if len(q) > 2000]
        if too_long:
            raise forms.ValidationError("Keep each question under 2,000 characters.")
        return questions


class ApplicationFilterForm(forms.Form):
    """The list's search, filters and sort, read from the query string."""

    SORTS = {
        "updated": ("Recently updated", ["-updated_at", "-pk"]),
        "applied": ("Newest applied first", ["-date_applied", "-pk"]),
        "applied_oldest": ("Oldest applied first", ["date_applied", "pk"]),
        "company": ("Company A–Z", ["company_lower", "pk"]),
        "title": ("Job title A–Z", ["title_lower", "pk"]),
        "interest": ("Most wanted first", ["-interest", "-updated_at", "-pk"]),
    }

    q = forms.CharField(label="Search title, company or notes", required=False, max_length=200)
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any status"),
            ("open", "Still open"),
            ("closed", "Closed"),
            ("quiet", "Waiting, no news for a while"),
            *Status.choices,
        ],
    )
    company = forms.ModelChoiceField(
        queryset=Company.objects.none(), required=False, empty_label="Any company"
    )
    source = forms.ChoiceField(
        required=False, choices=[("", "Any source"), *Application.Source.choices]
    )
    work_mode = forms.ChoiceField(
        label="Work mode",
        required=False,
        choices=[("", "Any work mode"), *Application.WorkMode.choices],
    )
    applied_from = forms.DateField(label="Applied from", required=False, widget=DateInput())
    applied_to = forms.DateField(label="Applied until", required=False, widget=DateInput())
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )

    # Behind "More filters", which opens when one of them is set.
    MORE_FILTERS = ("company", "source", "work_mode", "applied_from", "applied_to")

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        if "company" in self.fields:  # the board's filter has none
            self.fields["company"].queryset = Company.objects.owned_by(owner)

    def sort_key(self) -> str:
        """The sort asked for (a key of SORTS), "updated" when none or not valid."""
        if not self.is_bound:
            return "updated"
        self.is_valid()
        return self.cleaned_data.get("sort") or "updated"

    def ordering(self) -> list[str]:
        """The fields the list is ordered by, always ending with the id."""
        return self.SORTS[self.sort_key()][1]

    def apply(self, applications, *, now):
        """`applications` searched, filtered and sorted as asked. Fields with an
        error show it beside them; the valid ones still apply."""
        if not self.is_bound:
            return applications.sorted_by(self.ordering())
        self.is_valid()
        data = self.cleaned_data
        applications = applications.search(data.get("q") or "")
        status = data.get("status")
        if status == "open":
            applications = applications.active()
        elif status == "closed":
            applications = applications.closed()
        elif status == "quiet":
            cutoff = now - timedelta(days=self.owner.no_response_days)
            applications = applications.silent_since(cutoff, now, self.owner)
        elif status:
            applications = applications.filter(status=status)
        lookups = {
            "company": "company",
            "source": "source",
            "work_mode": "work_mode",
            "applied_from": "date_applied__gte",
            "applied_to": "date_applied__lte",
        }
        for name, lookup in lookups.items():
            if data.get(name):
                applications = applications.filter(**{lookup: data[name]})
        return applications.sorted_by(self.ordering())

    def options(self) -> dict[str, list[tuple[str, str, bool]]]:
        """Each select as (value, label, selected), built in Python: the companies in
        one plain query, and no widget template per option."""
        options = {}
        for name in ("status", "sort", "source", "work_mode", "company"):
            field = self[name]
            current = field.value()
            current = "" if current is None else str(current)
            if name == "company":
                choices = [
                    ("", field.field.empty_label),
                    *Company.objects.owned_by(self.owner).values_list("pk", "name"),
                ]
            else:
                choices = field.field.choices
            options[name] = [(str(value), label, str(value) == current) for value, label in choices]
        return options

    @property
    def more_filters_open(self) -> bool:
        return bool(self.errors) or any(self[name].value() for name in self.MORE_FILTERS)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("applied_from"), cleaned.get("applied_to")
        if start and end and end < start:
            self.add_error("applied_to", "Enter a date on or after the “Applied from” date.")
        return cleaned


class BoardFilterForm(ApplicationFilterForm):
    """The board's search and filters: the list's search and work mode, and how
    much the person wants it. The board orders and groups the cards itself, so
    the list's status, sort and other filters are left out."""

    status = company = source = applied_from = applied_to = sort = None
    interest = forms.ChoiceField(
        label="How much you want it",
        required=False,
        choices=[("", "Any"), ("3", "3 or more"), ("4", "4 or more"), ("5", "5 – Very much")],
    )

    def apply(self, applications, *, now):
        applications = super().apply(applications, now=now)
        if self.is_bound and self.cleaned_data.get("interest"):
            applications = applications.filter(interest__gte=int(self.cleaned_data["interest"]))
        return applications

    @property
    def is_filtered(self) -> bool:
        return self.is_bound and any(self.cleaned_data.get(name) for name in self.fields)


# Documents ------------------------------------------------------------------


class SentWithField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} at {obj.company.name}"


class DocumentForm(OnceOnlyFormMixin, OptimisticConcurrencyMixin, forms.ModelForm):
    """Upload a document, or rename it and choose which applications it went with."""

    # Linking it from an application's page is no conflict with a rename here.
    version_fields = ("title", "kind")

    upload = forms.FileField(
        label="File",
        help_text=(
            "PDF, Word (DOCX), OpenDocument (ODT) or plain text, up to {size}. "
            "Rebound checks what the file is, whatever its name."
        ),
        error_messages={
            "required": "Choose the file you sent.",
            "empty": "This file is empty. Choose the file you sent.",
            "invalid": "No file arrived. Choose it again.",
        },
    )
    applications = SentWithField(
        label="Sent with",
        queryset=Application.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Choose every application it went with (Ctrl or ⌘ to choose more than one).",
        error_messages={"invalid_choice": "Choose from your own applications."},
    )

    class Meta:
        model = Document
        fields = ["title", "kind", "applications"]
        labels = {"title": "Title (optional)", "kind": "What it is"}
        help_texts = {"title": "For example: CV for product roles, March version."}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["title"].required = False
        self.fields["applications"].queryset = (
            Application.objects.owned_by(owner).select_related("company").order_by("-created_at")
        )
        self.file_type = ""
        if self.instance.pk:
            del self.fields["upload"]
        else:
            field = self.fields["upload"]
            field.help_text = field.help_text.format(size=size_in_words(max_bytes()))
            field.widget.attrs["accept"] = ".pdf,.docx,.odt,.txt"

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.file_type = check_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title"):
            if self.instance.pk:
                cleaned["title"] = self.instance.title
            elif cleaned.get("upload"):
                name = cleaned["upload"].name.replace("\\", "/").rsplit("/", 1)[-1]
                cleaned["title"] = (name.rsplit(".", 1)[0] if "." in name else name)[:200] or (
                    "Document"
                )
        return cleaned


class DocumentAttachForm(forms.Form):
    """On an application's page: one of the person's documents went with it too."""

    document = forms.ModelChoiceField(
        label="A document you have",
        queryset=Document.objects.none(),
        empty_label="Choose a document",
        error_messages={
            "required": "Choose one of your documents.",
            "invalid_choice": "Choose one of your own documents.",
        },
    )

    def __init__(self, *args, owner, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        documents = Document.objects.owned_by(owner).only("pk", "title", "kind")
        if application is not None:
            documents = documents.exclude(applications=application)
        self.fields["document"].queryset = documents
