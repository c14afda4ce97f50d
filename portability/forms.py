from django import forms

# An export of years of notes is a few megabytes; this leaves plenty of room.
MAX_IMPORT_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your Rebound export (.json)",
        help_text="The file you downloaded from “Export your data”, in any Rebound account.",
        error_messages={
            "required": "Choose the .json file that Rebound's export gave you.",
            "empty": "This file is empty. Choose the .json file that Rebound's export gave you.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                "This file is larger than 50 MB, too large for a Rebound export. "
                "Check that you chose the right file."
            )
        return upload
