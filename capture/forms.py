from django import forms

from applications.models import Interview

from .extract import MAX_PAGE_CHARS


class PostingPasteForm(forms.Form):
    """A job posting page pasted in: its address and its text or HTML."""

    url = forms.URLField(
        label="The posting's address",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="Copy it from the browser's address bar.",
        error_messages={"invalid": "Enter the full address, starting with https://"},
    )
    page = forms.CharField(
        label="The page's text or HTML",
        max_length=MAX_PAGE_CHARS,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=(
            "Select all on the job page and copy, or for the most details open the "
            "page's source (Ctrl+U, or ⌘+Option+U on a Mac), select all and copy."
        ),
        error_messages={
            "required": "Paste the job page here: its text, or its HTML from the page source.",
            "max_length": (
                "This is longer than a job page should be (2 million characters at most). "
                "Paste only the part from the job title to the end of the description."
            ),
        },
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Enter the full address, starting with https://")
        return url


class ApplicationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} at {obj.company.name}"


def _open_applications(owner):
    from applications.models import Application

    return Application.objects.owned_by(owner).active().with_company().order_by("-updated_at")


class EmailPasteForm(forms.Form):
    """An employer's email pasted in, to be read and matched to an application."""

    text = forms.CharField(
        label="The email",
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Paste the whole email, with the sender's line if you can.",
        error_messages={
            "required": "Paste the email here.",
            "max_length": "This is longer than an email should be. Paste only the message itself.",
        },
    )
    sender = forms.CharField(
        label="Who sent it (optional)",
        max_length=300,
        required=False,
        help_text="Their email address helps Rebound find the application.",
    )
    application = ApplicationChoiceField(
        label="Which application (optional)",
        queryset=None,
        required=False,
        empty_label="Let Rebound find it",
        error_messages={"invalid_choice": "Choose one of your open applications."},
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = _open_applications(owner)


class EmailRecordForm(forms.Form):
    """The one button that records what the email says."""

    application = ApplicationChoiceField(
        label="Application",
        queryset=None,
        empty_label="Choose the application",
        error_messages={
            "required": "Choose the application this email is about.",
            "invalid_choice": "Choose one of your open applications.",
        },
    )
    starts_at = forms.DateTimeField(
        label="Interview starts",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": "Enter a date and time, such as 14/03/2026 14:00."},
    )
    interview_kind = forms.ChoiceField(
        label="Kind of interview",
        choices=Interview.Kind.choices,
        required=False,
        error_messages={"invalid_choice": "Choose one of the kinds in the list."},
    )
    keep_text = forms.BooleanField(
        label="Keep the email's text on the application's timeline",
        required=False,
    )

    def __init__(self, *args, owner, kind: str, **kwargs):
        # Its own ids: the page also holds the paste form, with its own "application".
        kwargs.setdefault("auto_id", "record_%s")
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["application"].queryset = _open_applications(owner)
        if kind != "invitation":
            del self.fields["starts_at"]
            del self.fields["interview_kind"]

    def clean(self):
        cleaned = super().clean()
        if (
            self.kind == "invitation"
            and not cleaned.get("starts_at")
            and "starts_at" not in self.errors
        ):
            self.add_error("starts_at", "Enter when the interview starts.")
        application = cleaned.get("application")
        if self.kind == "acknowledgement" and application and application.status != "interested":
            self.add_error(
                "application",
                f"It is already at {application.get_status_display()}: nothing to record.",
            )
        return cleaned
