from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as mfa_totp_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils.html import format_html

from .concurrency import OptimisticConcurrencyMixin
from .models import NAME_PLACEHOLDER, User, time_zone_choices


class SettingsForm(OptimisticConcurrencyMixin, forms.ModelForm):
    # A save from another tab is noticed; a login elsewhere (last_login) is not a change.
    version_fields = ("name", "time_zone", "no_response_days", "transcribe_on_server")

    class Meta:
        model = User
        fields = ["name", "time_zone", "no_response_days", "transcribe_on_server"]
        widgets = {"no_response_days": forms.NumberInput(attrs={"min": 1, "max": 365})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The menu leaves out aliases; a zone the person already has stays valid.
        self.fields["time_zone"].choices = time_zone_choices(keep=self.instance.time_zone)
        # The callable default would add a hidden "initial-" input carrying the
        # help text's aria-describedby, which is invalid HTML; it is not needed here.
        self.fields["no_response_days"].show_hidden_initial = False

    def _get_validation_exclusions(self):
        # The form field checks the zone against the menu above (which keeps the
        # person's current zone); the model's shorter list would refuse an alias.
        exclude = super()._get_validation_exclusions()
        exclude.add("time_zone")
        return exclude

    def clean_no_response_days(self) -> int:
        days = self.cleaned_data["no_response_days"]
        if not 1 <= days <= 365:
            raise forms.ValidationError("Enter a number of days from 1 to 365.")
        return days


# allauth's forms, with Rebound's own labels. Wired up through ACCOUNT_FORMS and
# MFA_FORMS in settings; the fields, names and checks stay allauth's.

# Help text, not a secret.
NEW_PASSWORD_HELP = "At least 8 characters. A few unrelated words you will remember work well; avoid common passwords and anything close to your email address."  # noqa: S105


def forgotten_password_link() -> str:
    return format_html(
        '<a href="{}">Forgotten your password? Reset it by email.</a>',
        reverse("account_reset_password"),
    )


class ReboundLabels:
    """Replaces allauth's field labels and placeholders with Rebound's words.

    `labels` maps a field name to (label, placeholder); a placeholder of None
    removes it, since the label already says what to type.
    """

    labels: dict[str, tuple[str, str | None]] = {}
    help_texts: dict[str, str] = {}
    required: dict[str, str] = {
        "login": "Enter your email address.",
        "email": "Enter your email address.",
        "password": "Type your password.",
        "oldpassword": "Type your current password.",
        "password1": "Choose a password.",
        "password2": "Type the password again, so we know it has no typing mistake.",
        "code": "Type the code from your authenticator app.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (label, placeholder) in self.labels.items():
            if name not in self.fields:
                continue
            field = self.fields[name]
            field.label = label
            if placeholder:
                field.widget.attrs["placeholder"] = placeholder
            else:
                field.widget.attrs.pop("placeholder", None)
        for name, text in self.help_texts.items():
            if name in self.fields:
                self.fields[name].help_text = text
        for name, text in self.required.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = text


class LoginForm(ReboundLabels, account_forms.LoginForm):
    labels = {
        "login": ("Email address", None),
        "password": ("Password", None),
        "remember": ("Keep me logged in on this device", None),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = forgotten_password_link()


# What the name is for, said wherever Rebound asks for it.
NAME_HELP = (
    "The name you sign your letters with. Rebound puts it at the end of the messages "
    "it drafts for you, such as a request for feedback. You can change it in Settings."
)


def name_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label="Your name", max_length=150, required=False, help_text=NAME_HELP, **kwargs
    )


class SenderNameMixin:
    """For a form whose save drafts a message: when Rebound does not know the
    person's name yet, it asks for it here, the first time a draft needs it, so
    the draft is signed with it rather than with a placeholder."""

    def __init__(self, *args, sender=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender = sender
        if sender is not None and not (sender.name or "").strip():
            self.fields["sender_name"] = name_field(
                widget=forms.TextInput(attrs={"autocomplete": "name"})
            )
            self.fields["sender_name"].help_text = (
                f"{NAME_HELP} Left empty, the message is signed “{NAME_PLACEHOLDER}” "
                "for you to replace before you send it."
            )

    def save_sender_name(self) -> None:
        """Keep the name typed here in the person's settings (before the draft is made)."""
        name = (self.cleaned_data.get("sender_name") or "").strip()
        if name and self.sender is not None:
            self.sender.name = name
            self.sender.save(update_fields=["name"])


class SignupForm(ReboundLabels, account_forms.SignupForm):
    labels = {
        "email": ("Email address", None),
        "password1": ("Choose a password", None),
        "password2": ("Type the password again", None),
    }
    help_texts = {
        "email": "You log in with it, and Rebound sends a link to confirm it is yours.",
        "password1": NEW_PASSWORD_HELP,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"] = name_field(widget=forms.TextInput(attrs={"autocomplete": "name"}))
        self.order_fields(["email", "name", "password1", "password2"])

    def custom_signup(self, request, user) -> None:
        name = (self.cleaned_data.get("name") or "").strip()
        if name:
            user.name = name
            user.save(update_fields=["name"])

    def try_save(self, request):
        """For an address that already has an account, allauth creates nothing
        and only emails its owner; the password is hashed all the same, as a
        new account's is, so the answer takes as long either way."""
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)


class AddEmailForm(ReboundLabels, account_forms.AddEmailForm):
    labels = {"email": ("New email address", None)}


class ChangePasswordForm(ReboundLabels, account_forms.ChangePasswordForm):
    labels = {
        "oldpassword": ("Current password", None),
        "password1": ("New password", None),
        "password2": ("Type the new password again", None),
    }
    help_texts = {"password1": NEW_PASSWORD_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].help_text = forgotten_password_link()


class SetPasswordForm(ReboundLabels, account_forms.SetPasswordForm):
    labels = {
        "password1": ("Password", None),
        "password2": ("Type the password again", None),
    }
    help_texts = {"password1": NEW_PASSWORD_HELP}


class ResetPasswordForm(ReboundLabels, account_forms.ResetPasswordForm):
    labels = {"email": ("Email address", None)}


class ResetPasswordKeyForm(ReboundLabels, account_forms.ResetPasswordKeyForm):
    labels = {
        "password1": ("New password", None),
        "password2": ("Type the new password again", None),
    }
    help_texts = {"password1": NEW_PASSWORD_HELP}


class ReauthenticateForm(ReboundLabels, account_forms.ReauthenticateForm):
    labels = {"password": ("Your password", None)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


CODE_LABELS = {"code": ("Code from your authenticator app", None)}


class MFAAuthenticateForm(ReboundLabels, mfa_base_forms.AuthenticateForm):
    labels = {"code": ("Code from your authenticator app, or a recovery code", None)}


class MFAReauthenticateForm(ReboundLabels, mfa_base_forms.ReauthenticateForm):
    labels = {"code": ("Code from your authenticator app, or a recovery code", None)}


class ActivateTOTPForm(ReboundLabels, mfa_totp_forms.ActivateTOTPForm):
    labels = CODE_LABELS
    help_texts = {"code": "The six digits your app shows now. They change every 30 seconds."}


class DeleteAccountForm(forms.Form):
    """Asks for the password once more, so a borrowed, logged-in laptop is not enough."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        error_messages={"required": "Type your password to confirm."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                "That password is not right. Type the password you log in with."
            )
        return password
