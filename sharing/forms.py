from __future__ import annotations

from datetime import timedelta

from django import forms

from applications.forms import DateInput
from feedback.models import Rejection
from feedback.rubric import AREAS
from practice.models import Plan

from .models import LINK_LIFETIME, CoachComment, Share

# How far ahead a private link may stay open.
LINK_LONGEST = timedelta(days=365)


class ShareForm(forms.Form):
    kind = forms.ChoiceField(label="What to share", choices=Share.Kind.choices)
    rejection = forms.ModelChoiceField(
        queryset=Rejection.objects.none(),
        required=False,
        label="Which rejection",
        help_text="Only for a rejection's loop.",
    )
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        label="Which plan",
        help_text="Only for a plan.",
    )
    include_salary = forms.BooleanField(
        required=False, label="Also show salaries", help_text="Only for your pipeline."
    )
    include_notes = forms.BooleanField(
        required=False, label="Also show my notes", help_text="Only for your pipeline."
    )
    way = forms.ChoiceField(label="How they get in", choices=Share.Way.choices)
    invited_email = forms.EmailField(
        required=False,
        label="Their email address",
        help_text="Only for an invitation: they sign in or create an account with this address.",
    )
    expires_on = forms.DateField(
        required=False,
        label="Link open until",
        help_text="Only for a private link: it stops working after this day (30 days unless you "
        "choose). You can stop it sooner at any time.",
        widget=DateInput(),
    )
    notify_owner = forms.BooleanField(
        required=False, initial=True, label="Email me when they add something"
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["rejection"].queryset = Rejection.objects.owned_by(owner).select_related(
            "application__company"
        )
        self.fields["rejection"].label_from_instance = lambda r: (
            f"{r.application.title} at {r.application.company.name}"
        )
        self.fields["plan"].queryset = Plan.objects.owned_by(owner)
        self.today = owner.local_today()
        self.fields["expires_on"].initial = self.today + LINK_LIFETIME

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Share.Kind.REJECTION and not data.get("rejection"):
            self.add_error("rejection", "Choose the rejection to share.")
        if kind == Share.Kind.PLAN and not data.get("plan"):
            self.add_error("plan", "Choose the plan to share.")
        if data.get("way") == Share.Way.LINK and data.get("invited_email"):
            self.add_error(
                "invited_email",
                "A private link goes to nobody by email. Clear this address, or choose "
                "an invitation by email.",
            )
        expires_on = data.get("expires_on")
        if data.get("way") == Share.Way.LINK and expires_on is not None:
            if expires_on < self.today:
                self.add_error("expires_on", "Choose today or a day after today.")
            elif expires_on > self.today + LINK_LONGEST:
                self.add_error("expires_on", "Choose a day within a year from today.")
        if data.get("way") == Share.Way.INVITATION:
            email = (data.get("invited_email") or "").lower()
            if not email:
                self.add_error("invited_email", "Type the email address to send the invitation to.")
            elif email == self.owner.email.lower():
                self.add_error("invited_email", "Type someone else's address, not your own.")
        return data


def _rating_choices():
    return [("", "Not rated")] + [(str(n), str(n)) for n in range(1, 6)]


class CoachRatingForm(forms.Form):
    """One rating (1-5) and a note per rubric area."""

    def __init__(self, *args, initial_ratings=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_ratings = initial_ratings or {}
        for area in AREAS:
            current = initial_ratings.get(area.key)
            self.fields[f"{area.key}_rating"] = forms.TypedChoiceField(
                label=f"{area.label}: your rating",
                choices=_rating_choices(),
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.rating if current else None,
                help_text=area.question,
            )
            self.fields[f"{area.key}_note"] = forms.CharField(
                label=f"{area.label}: your note",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.note if current else "",
            )

    def values(self) -> dict[str, tuple[int | None, str]]:
        return {
            a.key: (
                self.cleaned_data.get(f"{a.key}_rating"),
                self.cleaned_data.get(f"{a.key}_note", ""),
            )
            for a in AREAS
        }


class CoachCommentForm(forms.ModelForm):
    # Long enough for a thoughtful note; a limit, since a link needs no account.
    text = forms.CharField(
        label="Your comment",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Keep the comment under 5,000 characters."},
    )

    class Meta:
        model = CoachComment
        fields = ["text", "suggested_question"]
        labels = {"text": "Your comment", "suggested_question": "A question to practise (optional)"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "suggested_question": {"max_length": "Keep the question under 500 characters."}
        }

    def clean(self):
        data = super().clean()
        if (
            not (data.get("text") or "").strip()
            and not (data.get("suggested_question") or "").strip()
        ):
            self.add_error("text", "Write a comment or suggest a question.")
        return data
