from django import forms

from .models import User


class SettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "time_zone", "no_response_days"]
        widgets = {"no_response_days": forms.NumberInput(attrs={"min": 1, "max": 365})}

    def clean_no_response_days(self) -> int:
        days = self.cleaned_data["no_response_days"]
        if not 1 <= days <= 365:
            raise forms.ValidationError("Enter a number of days from 1 to 365.")
        return days
