"""Forms of the feedback loop: the rejection, the reflection and their view,
then the feedback request, the feedback call and the subject access request."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from accounts.concurrency import OptimisticConcurrencyMixin
from accounts.forms import SenderNameMixin
from accounts.once import OnceOnlyFormMixin
from applications.models import Contact, date_label

from . import drafts
from .models import FeedbackCall, FeedbackRequest, ReasonTag, Rejection, SubjectAccessRequest
from .rubric import AREAS, RATING_CHOICES
from .services import RubricValues


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


LATER_INTERVIEWS_NOTE_ID = "received-on-later-interviews"


class RejectionForm(OnceOnlyFormMixin, OptimisticConcurrencyMixin, forms.ModelForm):
    reason_tags = forms.MultipleChoiceField(
        label="What the reason was about",
        choices=ReasonTag.Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any that fit. These help you see patterns across rejections.",
    )

    class Meta:
        model = Rejection
        fields = [
            "received_on",
            "channel",
            "stage",
            "interview_round",
            "reason",
            "reason_tags",
            "message",
        ]
        widgets = {
            "received_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "message": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "interview_round": "Needed for “After an interview round”. Optional for the final round.",
        }

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application or (self.instance.application if self.instance.pk else None)
        self.fields["interview_round"].widget.attrs.update({"min": 1, "max": 20})
        if self.instance.pk:
            # Bound too: a refused save compares what was typed with what is saved.
            self.initial.setdefault("reason_tags", self.instance.tag_keys)
        # Shown just under the date (the template), and read out with it.
        self.later_interviews_note = self._later_interviews_note()
        if self.later_interviews_note:
            self.fields["received_on"].widget.attrs["aria-describedby"] = LATER_INTERVIEWS_NOTE_ID

    def _later_interviews_note(self) -> str:
        """A gentle note, not a refusal: the application has an interview still
        ahead on a day after the date heard, which will no longer show as coming
        up once the application is rejected. One query."""
        if self.application is None:
            return ""
        try:
            heard = self.fields["received_on"].to_python(self["received_on"].value())
        except forms.ValidationError:
            return ""
        if heard is None:
            return ""
        owner = self.application.owner
        days = [
            owner.local_now(starts_at).date()
            for starts_at in self.application.interviews.filter(
                starts_at__gte=timezone.now()
            ).values_list("starts_at", flat=True)
        ]
        later = sorted({day for day in days if day > heard})
        if not later:
            return ""
        names = [f"{day:%a} {day.day} {day:%b}" for day in later]
        if len(names) == 1:
            return (
                f"Your interview on {names[0]} is after this date: "
                "it will no longer show as coming up."
            )
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        return (
            f"Your interviews on {listed} are after this date: "
            "they will no longer show as coming up."
        )

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError("Enter a date in the past or today.")
        applied = self.application.date_applied if self.application else None
        changed = not self.instance.pk or "received_on" in self.changed_data
        if changed and applied and received_on < applied:
            raise forms.ValidationError(
                f"Enter a date on or after the day you applied ({date_label(applied)}). "
                "If that day is wrong, change it on the application first."
            )
        return received_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stage") == Rejection.Stage.AFTER_INTERVIEW and not cleaned.get(
            "interview_round"
        ):
            self.add_error("interview_round", "Enter which round you reached, for example 2.")
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "received_on": data["received_on"],
            "channel": data["channel"],
            "stage": data["stage"],
            "interview_round": data.get("interview_round"),
            "reason": data.get("reason", ""),
            "reason_tags": data.get("reason_tags", []),
            "message": data.get("message", ""),
        }


def rating_field(label: str, *, input_class: str = "form-check-input") -> forms.TypedChoiceField:
    """A 1-5 radio group. Pass input_class="" when crispy renders it (it adds its own)."""
    attrs = {"class": input_class} if input_class else {}
    return forms.TypedChoiceField(
        label=label,
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs=attrs),
    )


class RubricForm(forms.Form):
    """The nine rubric areas, each a 1-5 rating and a note.

    Fields are `rating_<key>` and `note_<key>`; `rubric_values()` gives what
    `feedback.services.rubric_ratings_save` takes. `rubric_rows()` pairs each
    area with its two bound fields for templates (see
    templates/feedback/includes/rubric_fields.html).
    """

    note_rows = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area in AREAS:
            self.fields[f"rating_{area.key}"] = rating_field(f"{area.label}: rating")
            self.fields[f"note_{area.key}"] = forms.CharField(
                label=f"{area.label}: note",
                required=False,
                widget=forms.Textarea(attrs={"rows": self.note_rows, "class": "form-control"}),
            )

    @staticmethod
    def initial_from(ratings) -> dict:
        initial = {}
        for row in ratings:
            initial[f"rating_{row.area}"] = row.rating
            initial[f"note_{row.area}"] = row.note
        return initial

    def rubric_values(self) -> RubricValues:
        data = self.cleaned_data
        return {
            area.key: (data.get(f"rating_{area.key}"), data.get(f"note_{area.key}", "").strip())
            for area in AREAS
        }

    def rubric_rows(self) -> list[tuple]:
        return [(area, self[f"rating_{area.key}"], self[f"note_{area.key}"]) for area in AREAS]


class ReflectionForm(OptimisticConcurrencyMixin, RubricForm):
    went_well = forms.CharField(
        label="What went well?", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    do_differently = forms.CharField(
        label="What would you do differently?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    what_else_for_offer = forms.CharField(
        label="What else could you have done to get the offer?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    wanted_role = rating_field("How much did you truly want this role?", input_class="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wanted_role"].choices = [
            (1, "1 – not much"),
            (2, "2"),
            (3, "3 – somewhat"),
            (4, "4"),
            (5, "5 – very much"),
        ]
        self.fields[
            "wanted_role"
        ].help_text = (
            "Be honest: a lukewarm candidate tends to show, and knowing it helps you choose."
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "ratings": self.rubric_values(),
            "went_well": data.get("went_well", ""),
            "do_differently": data.get("do_differently", ""),
            "what_else_for_offer": data.get("what_else_for_offer", ""),
            "wanted_role": data.get("wanted_role"),
        }


class TheirViewForm(OptimisticConcurrencyMixin, RubricForm):
    """What the interviewer said, area by area, when it came by email.

    Versioned by the rejection's rows of their view (`versioned_with`); the
    rejection's own columns are edited on another page, so they do not count.
    """

    version_fields = ()

    note_rows = 2


# Reaching out: the feedback request, the feedback call, the subject access request


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contact) -> str:
        role = obj.get_role_display()
        title = f", {obj.job_title}" if obj.job_title else ""
        return f"{obj.name} ({role}{title})"


class FeedbackRequestCreateForm(OnceOnlyFormMixin, SenderNameMixin, forms.Form):
    contact = ContactChoiceField(
        label="Your contacts there",
        queryset=Contact.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="Aim for the person who made the decision, usually the hiring manager.",
    )
    new_contact_name = forms.CharField(label="Their name", max_length=200, required=False)
    new_contact_role = forms.ChoiceField(
        label="Their role", choices=Contact.Role.choices, initial=Contact.Role.HIRING_MANAGER
    )
    new_contact_email = forms.EmailField(label="Their email address", required=False)
    style = forms.ChoiceField(
        label="How you will ask",
        choices=list(drafts.REQUEST_STYLES.items()),
        initial=FeedbackRequest.Style.WARM,
        widget=forms.RadioSelect,
    )
    areas = forms.MultipleChoiceField(
        label="What you most want pointers on",
        choices=[(a.key, f"{a.label}: {drafts.POINTER_PHRASES[a.key]}") for a in AREAS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose up to three. Rebound suggests the weakest areas from your reflection.",
    )

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts
        if not contacts.exists():
            del self.fields["contact"]

    def clean_areas(self) -> list[str]:
        areas = self.cleaned_data["areas"]
        if len(areas) > drafts.MAX_FOCUS_AREAS:
            raise forms.ValidationError(
                "Choose up to three areas, so the request stays short and easy to answer."
            )
        return areas

    def clean(self):
        cleaned = super().clean()
        contact = cleaned.get("contact")
        name = (cleaned.get("new_contact_name") or "").strip()
        if contact and name:
            self.add_error(
                "new_contact_name",
                "Choose one of your contacts above or add a new one here, not both.",
            )
        elif not contact and not name and "new_contact_name" not in self.errors:
            self.add_error(
                "new_contact_name" if "contact" not in self.fields else "contact",
                "Choose who to ask, or add their name below."
                if "contact" in self.fields
                else "Enter the name of the person to ask.",
            )
        return cleaned


class FeedbackRequestUpdateForm(OptimisticConcurrencyMixin, forms.ModelForm):
    class Meta:
        model = FeedbackRequest
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
        labels = {"subject": "Subject line", "body": "Message"}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError("Write the message you will send, or keep the draft.")
        return body


class MarkSentForm(forms.Form):
    sent_on = forms.DateField(label="When you sent it", widget=DateInput())
    follow_up_due = forms.DateField(
        label="Follow up on",
        required=False,
        widget=DateInput(),
        help_text="If there is no answer by then, Rebound offers a short follow-up. A week is usual.",
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_sent_on(self) -> dt.date:
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > self.today:
            raise forms.ValidationError("Enter a date in the past or today.")
        return sent_on

    def clean(self):
        cleaned = super().clean()
        sent_on, follow_up = cleaned.get("sent_on"), cleaned.get("follow_up_due")
        if sent_on and follow_up and follow_up <= sent_on:
            self.add_error("follow_up_due", "Enter a date after the day you sent it.")
        return cleaned


class FollowUpForm(forms.Form):
    subject = forms.CharField(label="Subject line", max_length=200)
    body = forms.CharField(label="Message", widget=forms.Textarea(attrs={"rows": 10}))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Their answer",
        choices=[
            c for c in FeedbackRequest.Outcome.choices if c[0] != FeedbackRequest.Outcome.PENDING
        ],
        widget=forms.RadioSelect,
    )
    answered_on = forms.DateField(
        label="When they answered",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for today. How long answers take is counted from this day.",
    )

    def __init__(self, *args, request: FeedbackRequest, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.sent_on = request.owner.local_now(request.sent_at).date() if request.sent_at else None
        self.today = today

    def clean_answered_on(self) -> dt.date | None:
        answered_on = self.cleaned_data["answered_on"]
        if answered_on is None:
            return None
        if answered_on > self.today:
            raise forms.ValidationError("Enter a date in the past or today.")
        if self.sent_on and answered_on < self.sent_on:
            raise forms.ValidationError(
                f"Enter a date on or after the day you sent the request ({self.sent_on:%-d %B %Y})."
            )
        return answered_on


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def request_label(request: FeedbackRequest) -> str:
    who = f"To {request.contact.name}" if request.contact else "Your request"
    if not request.sent_at:
        return f"{who}, not sent yet"
    return f"{who}, sent {date_format(timezone.localtime(request.sent_at), 'j F')}"


class FeedbackCallCreateForm(OnceOnlyFormMixin, forms.ModelForm):
    class Meta:
        model = FeedbackCall
        fields = ["scheduled_at"]
        labels = {"scheduled_at": "When is the call?"}
        help_texts = {"scheduled_at": "In your own time zone."}
        widgets = {"scheduled_at": LocalDateTimeInput()}
        field_classes = {"scheduled_at": forms.DateTimeField}

    request = forms.ModelChoiceField(
        label="Which request it came from",
        queryset=FeedbackRequest.objects.none(),
        required=False,
        empty_label="Not from a request in Rebound",
    )

    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheduled_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["scheduled_at"].error_messages["invalid"] = (
            "Enter the date and time of the call, for example 2026-03-03 14:30."
        )
        self.fields["request"].queryset = requests
        self.fields["request"].label_from_instance = request_label
        if not requests.exists():
            del self.fields["request"]


class FeedbackCallScheduleForm(OptimisticConcurrencyMixin, forms.ModelForm):
    class Meta:
        model = FeedbackCall
        fields = ["scheduled_at"]
        labels = {"scheduled_at": "When is the call?"}
        help_texts = {"scheduled_at": "In your own time zone."}
        widgets = {"scheduled_at": LocalDateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheduled_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["scheduled_at"].error_messages["invalid"] = (
            "Enter the date and time of the call, for example 2026-03-03 14:30."
        )


# A question is one line: long enough for any real question, short enough to ask.
QUESTION_MAX_LENGTH = 300


class CallQuestionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label="Question",
        required=False,
        max_length=QUESTION_MAX_LENGTH,
        error_messages={
            "max_length": (
                f"Keep the question under {QUESTION_MAX_LENGTH} characters: "
                "a short question leaves them room to talk."
            )
        },
    )
    position = forms.IntegerField(label="Order", required=False, min_value=0, max_value=999)
    delete = forms.BooleanField(label="Remove", required=False)


CallQuestionFormSet = forms.formset_factory(CallQuestionForm, extra=2, max_num=60, absolute_max=80)


class CallNotesForm(OptimisticConcurrencyMixin, forms.Form):
    """One box per prepared question, the interviewer's view per rubric area,
    then the call's own fields. Field names are stable so the same POST works
    for the Save button and for autosave."""

    notes = forms.CharField(
        label="Anything else they said", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    takeaways = forms.CharField(
        label="Your takeaways",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The two or three things you will do differently next time.",
    )
    future_opportunity_mentioned = forms.BooleanField(
        label="They mentioned a future opportunity", required=False
    )
    future_opportunity_note = forms.CharField(
        label="About that opportunity", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, questions, ratings, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.CharField(
                label=question.text,
                required=False,
                initial=question.answer,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        for area in AREAS:
            existing = ratings.get(area.key)
            self.fields[f"rating_{area.key}"] = forms.TypedChoiceField(
                label=f"{area.label}: their rating",
                choices=[("", "Not rated"), *RATING_CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
                initial=existing.rating if existing else None,
            )
            self.fields[f"note_{area.key}"] = forms.CharField(
                label=f"{area.label}: what they said",
                required=False,
                initial=existing.note if existing else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def question_fields(self):
        return [(q, self[f"answer_{q.pk}"]) for q in self.questions]

    def area_fields(self):
        return [(a, self[f"rating_{a.key}"], self[f"note_{a.key}"]) for a in AREAS]

    def answers(self) -> dict[int, str]:
        return {
            q.pk: self.cleaned_data[f"answer_{q.pk}"]
            for q in self.questions
            if f"answer_{q.pk}" in self.data
        }

    def ratings(self) -> dict[str, tuple[int | None, str]]:
        return {
            a.key: (self.cleaned_data[f"rating_{a.key}"], self.cleaned_data[f"note_{a.key}"])
            for a in AREAS
            if f"rating_{a.key}" in self.data or f"note_{a.key}" in self.data
        }

    def call_fields(self) -> dict:
        names = ["notes", "takeaways", "future_opportunity_note"]
        values = {n: self.cleaned_data[n] for n in names if n in self.data}
        # An unticked box sends nothing: the page sends this marker beside it, so
        # a save of one answer alone never unticks it.
        if "future_opportunity_mentioned" in self.data or "has_future_opportunity" in self.data:
            values["future_opportunity_mentioned"] = self.cleaned_data[
                "future_opportunity_mentioned"
            ]
        return values


class ThankYouForm(OptimisticConcurrencyMixin, forms.ModelForm):
    # The notes page saves the same call: only the thank-you counts here.
    version_fields = ("thank_you_body", "thank_you_sent_at")

    class Meta:
        model = FeedbackCall
        fields = ["thank_you_body"]
        labels = {"thank_you_body": "Your thank-you note"}
        widgets = {"thank_you_body": forms.Textarea(attrs={"rows": 10})}

    def clean_thank_you_body(self) -> str:
        body = self.cleaned_data["thank_you_body"]
        if not body.strip():
            raise forms.ValidationError("Write a short thank-you, or keep the draft.")
        return body


class SubjectAccessRequestCreateForm(OnceOnlyFormMixin, SenderNameMixin, forms.ModelForm):
    law = forms.ChoiceField(
        label="Where the organisation handles your data",
        choices=drafts.SAR_LAW_CHOICES,
        initial="uk",
        widget=forms.RadioSelect,
        help_text="The letter cites the law that gives you the right of access there.",
    )

    class Meta:
        model = SubjectAccessRequest
        fields = ["organisation_name", "addressed_to"]
        help_texts = {
            "addressed_to": "A person's name if you know who handles data requests. "
            "Leave it empty to write to the data protection officer."
        }


class SubjectAccessRequestUpdateForm(OptimisticConcurrencyMixin, forms.ModelForm):
    class Meta:
        model = SubjectAccessRequest
        fields = ["organisation_name", "addressed_to", "body", "sent_on", "received_on", "notes"]
        labels = {
            "sent_on": "When you sent it",
            "received_on": "When their answer arrived",
        }
        help_texts = {
            "sent_on": "Rebound counts one calendar month from this day for their answer.",
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 16}),
            "sent_on": DateInput(),
            "received_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on and sent_on > self.today:
            raise forms.ValidationError("Enter a date in the past or today.")
        return sent_on

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on and received_on > self.today:
            raise forms.ValidationError("Enter a date in the past or today.")
        return received_on

    def clean(self):
        cleaned = super().clean()
        sent_on, received_on = cleaned.get("sent_on"), cleaned.get("received_on")
        if received_on and not sent_on and "sent_on" not in self.errors:
            self.add_error("sent_on", "Enter when you sent the request as well.")
        elif sent_on and received_on and received_on < sent_on:
            self.add_error("received_on", "Enter a date on or after the day you sent it.")
        return cleaned
