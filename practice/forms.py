from django import forms
from django.utils import timezone

from accounts.concurrency import OptimisticConcurrencyMixin
from accounts.mixins import OwnedModelForm
from accounts.once import OnceOnlyFormMixin
from applications.models import Interview
from feedback.rubric import AREA_CHOICES

from .models import COMPETENCIES, Category, PlanItem, Question, Story


class QuestionForm(OnceOnlyFormMixin, OptimisticConcurrencyMixin, forms.ModelForm):
    areas = forms.MultipleChoiceField(
        label="Rubric areas it exercises",
        choices=AREA_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    competencies = forms.MultipleChoiceField(
        choices=COMPETENCIES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Question
        fields = ["text", "category", "areas", "competencies", "tip"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "tip": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "text": {"required": "Write the question as you expect to hear it."},
            "category": {"required": "Choose the kind of question it is."},
        }

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write the question as you expect to hear it.")
        return text


class QuestionFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    category = forms.ChoiceField(
        choices=[("", "All categories"), *Category.choices], required=False
    )
    area = forms.ChoiceField(choices=[("", "All areas"), *AREA_CHOICES], required=False)
    source = forms.ChoiceField(
        label="From",
        choices=[
            ("", "Everywhere"),
            ("bank", "Rebound's bank"),
            ("mine", "Written by you"),
            ("interviews", "Your interviews"),
        ],
        required=False,
    )

    def apply(self, questions):
        if not self.is_valid():
            return questions
        data = self.cleaned_data
        questions = questions.search(data["q"])
        if data["category"]:
            questions = questions.filter(category=data["category"])
        if data["area"]:
            questions = questions.with_area(data["area"])
        if data["source"] == "bank":
            questions = questions.filter(owner__isnull=True)
        elif data["source"] == "mine":
            questions = questions.filter(owner__isnull=False, interview_question__isnull=True)
        elif data["source"] == "interviews":
            questions = questions.filter(interview_question__isnull=False)
        return questions


class StoryForm(OnceOnlyFormMixin, OptimisticConcurrencyMixin, forms.ModelForm):
    competencies = forms.MultipleChoiceField(
        choices=COMPETENCIES, required=False, widget=forms.CheckboxSelectMultiple
    )
    strength = forms.TypedChoiceField(
        label="How strong does it feel?",
        choices=[
            ("", "Not rated yet"),
            (1, "1 – needs a lot of work"),
            (2, "2 – rough"),
            (3, "3 – getting there"),
            (4, "4 – good"),
            (5, "5 – ready to tell"),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Story
        fields = [
            "title",
            "situation",
            "task",
            "action",
            "result",
            "competencies",
            "strength",
            "questions",
        ]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 3}),
            "task": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 5}),
            "result": forms.Textarea(attrs={"rows": 3}),
            "questions": forms.CheckboxSelectMultiple,
        }
        labels = {"questions": "Questions this story answers"}
        error_messages = {
            "title": {"required": "Give the story a short name you will recognise."},
            "questions": {
                "invalid_choice": "Choose questions from your bank.",
                "invalid_pk_value": "Choose questions from your bank.",
            },
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["questions"].queryset = Question.objects.visible_to(owner).order_by(
            "category", "pk"
        )
        self.fields["questions"].required = False

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("Give the story a short name you will recognise.")
        return title


class InterviewPlanForm(OnceOnlyFormMixin, OwnedModelForm, forms.Form):
    """A plan for an upcoming interview. Not a ModelForm: the service builds the plan."""

    interview = forms.ModelChoiceField(
        label="Which interview are you preparing for?",
        queryset=Interview.objects.none(),
        empty_label="Choose an interview",
        error_messages={
            "required": "Choose the interview you are preparing for.",
            "invalid_choice": "Choose one of your upcoming interviews.",
        },
    )
    focus_areas = forms.MultipleChoiceField(
        label="Areas to work on (up to three)",
        choices=AREA_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave them all unticked for a general set of common questions.",
    )
    title = forms.CharField(
        label="Name of the plan",
        max_length=200,
        required=False,
        help_text="Optional. Rebound names it after the company and the date.",
    )

    owned_fields = {"interview": Interview}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, owner=owner, **kwargs)
        self.fields["interview"].queryset = (
            Interview.objects.owned_by(owner)
            .upcoming(timezone.now())
            .select_related("application__company")
        )
        self.fields["interview"].label_from_instance = self.interview_label

    @staticmethod
    def interview_label(interview: Interview) -> str:
        when = timezone.localtime(interview.starts_at)
        return (
            f"{interview.application.company}, {interview.application.title}: "
            f"{interview.get_kind_display().lower()} on {when:%a %-d %b at %H:%M}"
        )

    def clean_focus_areas(self) -> list[str]:
        areas = self.cleaned_data["focus_areas"]
        if len(areas) > 3:
            raise forms.ValidationError("Choose up to three areas, so the plan stays doable.")
        return areas


class PlanItemForm(OnceOnlyFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What kind of item?",
        choices=PlanItem.Kind.choices,
        error_messages={"required": "Choose what kind of item to add."},
    )
    text = forms.CharField(
        label="What to do",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a question to practise, choose it from the list below instead.",
    )
    question = forms.ModelChoiceField(
        label="Question to practise",
        queryset=Question.objects.none(),
        required=False,
        empty_label="Choose a question",
        error_messages={"invalid_choice": "Choose a question from your bank."},
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = Question.objects.visible_to(owner).order_by(
            "category", "pk"
        )

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == PlanItem.Kind.QUESTION:
            if not data.get("question"):
                self.add_error("question", "Choose the question you want to practise.")
        elif kind and not (data.get("text") or "").strip():
            self.add_error("text", "Write what you want to do, in a sentence.")
        return data


def transcript_field(*, rows: int, help_text: str) -> forms.CharField:
    return forms.CharField(
        label="Your answer, as text",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={
            "max_length": "That is longer than 20,000 characters. Keep the answer itself, "
            "and put other thoughts in the note."
        },
    )


class AttemptForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How did that answer go?",
        choices=[
            (1, "1 – I lost my way"),
            (2, "2 – weak"),
            (3, "3 – fair"),
            (4, "4 – good"),
            (5, "5 – I would be happy to give that answer"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating from 1 to 5."},
    )
    transcript = transcript_field(
        rows=6,
        help_text="Type what you said, as you said it, or record it and have it turned into "
        "text. Rebound measures length, pace and filler words from this text.",
    )
    note = forms.CharField(
        label="Note for next time",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: what to keep, what to change.",
    )
    seconds_taken = forms.IntegerField(
        required=False, min_value=0, max_value=3600, widget=forms.HiddenInput
    )
    # Filled in by practice.js from the page's recorder (16 kHz mono WAV); the
    # task worker turns it into text and deletes it.
    audio = forms.FileField(label="Your recording", required=False)

    def __init__(self, *args, transcribe_on: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.transcribe_on = transcribe_on

    def clean_audio(self) -> bytes | None:
        """The recording's bytes once its header shows a 16 kHz mono WAV of an
        accepted length (the words themselves are for the worker)."""
        from .speech import SpeechError, max_bytes, read_wav, too_long_message

        upload = self.cleaned_data.get("audio")
        if not upload:
            return None
        try:
            if not self.transcribe_on:
                raise forms.ValidationError(
                    "Turning recordings into text is off in your settings, so your recording "
                    "was not sent. Type your answer in the box instead."
                )
            if upload.size > max_bytes():
                raise forms.ValidationError(too_long_message())
            data = upload.read()
            try:
                read_wav(data)
            except SpeechError as error:
                raise forms.ValidationError(str(error)) from error
            return data
        finally:
            upload.close()  # a temporary file is deleted as it closes


class TranscriptForm(forms.Form):
    transcript = transcript_field(
        rows=8,
        help_text="Correct anything misheard, or type what you said. "
        "The measures follow this text.",
    )


class MockForm(forms.Form):
    count = forms.TypedChoiceField(
        label="How many questions?",
        choices=[(3, "3 questions"), (5, "5 questions"), (8, "8 questions")],
        coerce=int,
        initial=5,
        error_messages={"required": "Choose how many questions to answer."},
    )
