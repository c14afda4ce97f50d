from __future__ import annotations

from datetime import timedelta

from allauth.mfa.models import Authenticator
from django import forms
from django.utils import timezone

from accounts.forms import DeleteAccountForm

from .models import Scope

EXPIRY_CHOICES = [("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year"), ("", "Never")]


class TokenCreateForm(DeleteAccountForm):
    """A new token, after the person types their password once more."""

    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="Where you will use it, such as “Desktop assistant”.",
        error_messages={"required": "Give the token a name, so you can tell it apart later."},
    )
    scope = forms.ChoiceField(
        label="What it may do",
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the token may do."},
    )
    expires_in = forms.ChoiceField(
        label="Stops working", choices=EXPIRY_CHOICES, initial="90", required=False
    )
    field_order = ["name", "scope", "expires_in", "password", "code"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # With two-factor authentication on, the password alone is not enough.
        self.totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if self.totp is not None:
            self.fields["code"] = forms.CharField(
                label="Code from your authenticator app",
                max_length=20,
                error_messages={"required": "Type the six-digit code from your app."},
                widget=forms.TextInput(
                    attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
                ),
            )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not self.totp.wrap().validate_code(code):
            raise forms.ValidationError("That code is not right. Type the code your app shows now.")
        return code

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def expires_at(self):
        days = self.cleaned_data.get("expires_in")
        return timezone.now() + timedelta(days=int(days)) if days else None
