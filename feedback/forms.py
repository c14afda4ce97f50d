from __future__ import annotations

from django import forms
from django.utils import timezone

from accounts.concurrency import OptimisticConcurrencyMixin
from accounts.once import OnceOnlyFormMixin
from applications.models import date_label

from .models import ReasonTag, Rejection
from .rubric import AREAS, RATING_CHOICES
from .services import RubricValues


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


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
        if self.instance.pk and not self.is_bound:
            self.initial["reason_tags"] = self.instance.tag_keys

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


class TheirViewForm(RubricForm):
    """What the interviewer said, area by area, when it came by email."""

    note_rows = 2
