from django import forms

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
