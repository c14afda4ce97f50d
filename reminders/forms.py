import datetime as dt

from django import forms

from accounts.concurrency import OptimisticConcurrencyMixin

from .models import ReminderPreference
from .services import SNOOZE_CHOICES


class ReminderPreferenceForm(OptimisticConcurrencyMixin, forms.ModelForm):
    version_fields = ("email_enabled", "send_at")

    class Meta:
        model = ReminderPreference
        fields = ["email_enabled", "send_at"]
        widgets = {"send_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class ActionChoiceForm(forms.Form):
    """One choice about one next action. `key` must be one of the person's current actions."""

    key = forms.CharField(max_length=200)
    # A snooze button sends only `days`; the other buttons send `op`.
    op = forms.ChoiceField(
        choices=[("done", "Done"), ("snooze", "Snooze"), ("dismiss", "Dismiss")], required=False
    )
    days = forms.ChoiceField(choices=[(k, k) for k in SNOOZE_CHOICES], required=False)
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, valid_keys: set[str], today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.valid_keys = valid_keys
        self.today = today

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        if key not in self.valid_keys:
            raise forms.ValidationError(
                "That action is no longer on your list. Reload the page to see the current one."
            )
        return key

    def clean(self):
        data = super().clean()
        if not data.get("op") and "op" not in self.errors:
            if not data.get("days") and data.get("until") is None:
                self.add_error("op", "Choose what to do with this action.")
                return data
            data["op"] = "snooze"
        if data.get("op") == "snooze":
            until = data.get("until")
            if until is not None and until <= self.today:
                self.add_error("until", "Choose a date after today.")
            elif until is not None and until > self.today + dt.timedelta(days=365):
                self.add_error("until", "Choose a date within the next year.")
            elif until is None and not data.get("days"):
                self.add_error("days", "Choose how long to snooze it for, or pick a date.")
        return data
