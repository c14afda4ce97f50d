from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, F, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.text import Truncator
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from accounts.links import url_for_pk
from accounts.mixins import (
    OwnedCreateView,
    OwnedDeleteView,
    OwnedDetailView,
    OwnedListView,
    OwnedUpdateView,
)
from feedback.models import Rejection
from feedback.rubric import AREA_BY_KEY
from feedback.services import rejection_focus_areas

from . import services
from .forms import (
    AttemptForm,
    InterviewPlanForm,
    MockForm,
    PlanItemForm,
    QuestionFilterForm,
    QuestionForm,
    StoryForm,
    TranscriptForm,
)
from .models import (
    DEFAULT_ANSWER_SECONDS,
    READY_AFTER_GOOD_RATINGS,
    Attempt,
    MockInterview,
    Plan,
    PlanItem,
    Question,
    Story,
)
from .progress import answers_summary, question_progress
from .transcripts import JOB_DESCRIPTION_PATHS, server_transcription_on, transcription_message


def _day_label(day, today) -> str:
    if day <= today:
        return "today"
    if (day - today).days == 1:
        return "tomorrow"
    if (day - today).days < 7:
        return day.strftime("%A")
    return f"{day.day} {day:%B}"


# The question bank ------------------------------------------------------


class VisibleQuestionsMixin:
    """The bank's list and question pages show Rebound's questions as well as the
    person's own; editing and deleting reach only their own (`owned_by`)."""

    def get_queryset(self):
        return (
            Question.objects.visible_to(self.request.user)
            .with_strong_story(self.request.user)
            .select_related("interview_question__interview__application__company")
        )


class QuestionListView(VisibleQuestionsMixin, ListView):
    template_name = "practice/question_list.html"
    context_object_name = "questions"
    paginate_by = 40

    def get_queryset(self):
        # Questions from the person's interviews flow into the bank when it
        # opens: a derived copy, safe to make on a GET (it changes nothing the
        # person wrote and is made once).
        services.question_bank_sync(owner=self.request.user)
        self.filter_form = QuestionFilterForm(self.request.GET or None)
        # The person's own questions first, then Rebound's, by category.
        questions = (
            super().get_queryset().order_by(F("owner_id").asc(nulls_last=True), "category", "pk")
        )
        return self.filter_form.apply(questions)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["filtered"] = any(
            self.request.GET.get(k) for k in ("q", "category", "area", "source")
        )
        return context


class QuestionDetailView(VisibleQuestionsMixin, DetailView):
    template_name = "practice/question_detail.html"
    context_object_name = "question"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["stories"] = Story.objects.owned_by(user).filter(questions=self.object)
        context["attempts"] = list(
            Attempt.objects.owned_by(user)
            .filter(item__question=self.object)
            .select_related(*JOB_DESCRIPTION_PATHS)[:20]
        )
        context["progress"] = question_progress(context["attempts"])
        context["plans"] = Plan.objects.owned_by(user).only("pk", "title")
        context["plans_with_it"] = set(
            PlanItem.objects.owned_by(user)
            .filter(question=self.object)
            .values_list("plan_id", flat=True)
        )
        return context


class QuestionFormMixin:
    model = Question
    form_class = QuestionForm
    template_name = "practice/question_form.html"
    form_takes_owner = False


class QuestionCreateView(QuestionFormMixin, OwnedCreateView):
    success_message = (
        "Question added to your bank. Next: add it to a plan, or link a story that answers it."
    )


class QuestionUpdateView(QuestionFormMixin, OwnedUpdateView):
    success_message = "Question saved."


class QuestionDeleteView(OwnedDeleteView):
    model = Question
    template_name = "practice/question_confirm_delete.html"
    success_url = reverse_lazy("practice:question_list")
    success_message = "Question deleted, along with its place in your plans."

    def get_queryset(self):
        return super().get_queryset().select_related("interview_question__interview")

    def form_valid(self, form):
        if self.object.is_from_interview:
            # It would come straight back from the interview's notes.
            messages.info(
                self.request,
                "This question comes from your interview notes, so it stays in your bank. "
                "Remove it from the interview's questions to remove it here.",
            )
            return redirect(self.object)
        return super().form_valid(form)


# STAR stories -----------------------------------------------------------


class StoryListView(OwnedListView):
    model = Story
    template_name = "practice/story_list.html"
    context_object_name = "stories"
    paginate_by = 40

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(question_count=Count("questions"))
            .order_by("-updated_at", "-pk")
        )


class StoryDetailView(OwnedDetailView):
    model = Story
    template_name = "practice/story_detail.html"
    context_object_name = "story"

    def get_queryset(self):
        return super().get_queryset().prefetch_related("questions")


class StoryFormMixin:
    model = Story
    form_class = StoryForm
    template_name = "practice/story_form.html"

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("title"):
            initial["title"] = self.request.GET["title"][:200]
        question_pk = self.request.GET.get("question")
        if question_pk and question_pk.isdigit():
            question = Question.objects.visible_to(self.request.user).filter(pk=question_pk).first()
            if question:
                initial["questions"] = [question]
                initial["competencies"] = question.competencies
        return initial

    def get_success_message(self) -> str:
        story = self.object
        if story.is_strong:
            next_step = "It counts as a strong story. Next: practise saying it out loud."
        elif story.missing_parts:
            next_step = f"Next: fill in {', '.join(story.missing_parts).lower()} when you can."
        else:
            next_step = "Rate it 4 or 5 once you feel ready to tell it."
        return f"Story saved. {next_step}"


class StoryCreateView(StoryFormMixin, OwnedCreateView):
    pass


class StoryUpdateView(StoryFormMixin, OwnedUpdateView):
    pass


class StoryDeleteView(OwnedDeleteView):
    model = Story
    template_name = "practice/story_confirm_delete.html"
    success_url = reverse_lazy("practice:story_list")
    success_message = "Story deleted."


# Plans ------------------------------------------------------------------


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = list(Plan.objects.owned_by(request.user).with_progress().with_context())
    due = services.plans_due_counts(owner=request.user, today=request.user.local_today())
    for plan in plans:
        plan.due_today = due.get(plan.pk, 0)
    return render(request, "practice/plan_list.html", {"plans": plans})


def plan_create(request: HttpRequest) -> HttpResponse:
    form = InterviewPlanForm(request.POST or None, owner=request.user)
    if request.method == "GET" and request.GET.get("interview", "").isdigit():
        form = InterviewPlanForm(
            initial={"interview": request.GET["interview"]}, owner=request.user
        )
    if request.method == "POST" and form.is_valid():
        plan = services.plan_create_for_interview(
            owner=request.user,
            interview=form.cleaned_data["interview"],
            focus_areas=form.cleaned_data["focus_areas"],
            title=form.cleaned_data["title"],
        )
        messages.success(
            request,
            "Plan ready. Next: start with the first question, or tick off the research as you go.",
        )
        return redirect(plan)
    return render(
        request,
        "practice/plan_form.html",
        {"form": form, "has_interviews": form.fields["interview"].queryset.exists()},
    )


def _owned_rejection(request: HttpRequest, rejection_pk: int):
    return get_object_or_404(
        Rejection.objects.owned_by(request.user).select_related("application__company"),
        pk=rejection_pk,
    )


def plan_create_from_rejection(request: HttpRequest, rejection_pk: int) -> HttpResponse:
    rejection = _owned_rejection(request, rejection_pk)
    if request.method == "POST":
        plan = services.plan_create_from_rejection(owner=request.user, rejection=rejection)
        messages.success(
            request,
            "Plan made from what you learned. Next: practise the first question out loud.",
        )
        return redirect(plan)
    # The plan takes the first few (the same rule as the comparison page); the
    # page names the rest rather than drop them silently.
    ordered = [k for k in rejection_focus_areas(rejection=rejection) if k in AREA_BY_KEY]
    focus, later = ordered[: services.MAX_FOCUS_AREAS], ordered[services.MAX_FOCUS_AREAS :]
    takeaways = [call.takeaways.strip() for call in rejection.calls.all() if call.takeaways.strip()]
    return render(
        request,
        "practice/plan_from_rejection.html",
        {
            "rejection": rejection,
            "focus_areas": [AREA_BY_KEY[k] for k in focus],
            "later_areas": [AREA_BY_KEY[k] for k in later],
            "takeaways": takeaways,
            "existing_plans": Plan.objects.owned_by(request.user).filter(rejection=rejection),
        },
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    page = _plan_page(user, pk)
    return render(request, "practice/plan_detail.html", page)


def _plan_page(user, pk: int) -> dict:
    # The progress figures come from the items read below, not from a COUNT joined
    # onto the plan (which made PostgreSQL group the plan's whole row).
    plan = get_object_or_404(Plan.objects.owned_by(user).with_context(), pk=pk)
    today = user.local_today()
    items = list(plan.items.with_practice(user).order_by("position", "pk"))
    plan.item_count = len(items)
    plan.done_count = sum(1 for item in items if item.done)
    groups = []
    # A plan made from a rejection starts small: empty groups other than its
    # questions and story stay out of sight (and that company is not researched).
    always_shown = (
        {PlanItem.Kind.QUESTION, PlanItem.Kind.STORY}
        if plan.rejection_id
        else set(PlanItem.Kind.values) - {PlanItem.Kind.ADVICE}
    )
    for kind, label in PlanItem.Kind.choices:
        in_group = [item for item in items if item.kind == kind]
        if in_group or kind in always_shown:
            groups.append({"kind": kind, "label": label, "items": in_group})
    toggle_url = url_for_pk("practice:plan_item_toggle")
    delete_url = url_for_pk("practice:plan_item_delete")
    practise_url = url_for_pk("practice:session_question")
    question_url = url_for_pk("practice:question_detail")
    for item in items:
        item.is_due_today = item.is_due(today)
        item.due_label = _day_label(item.due_on, today) if item.due_on else ""
        item.toggle_url = toggle_url(item.pk)
        item.delete_url = delete_url(item.pk)
        if item.kind == PlanItem.Kind.QUESTION:
            item.practise_url = practise_url(item.pk)
        if item.question_id:
            item.question_url = question_url(item.question_id)
    questions = [item for item in items if item.kind == PlanItem.Kind.QUESTION]
    due = [item for item in questions if not item.done and item.is_due_today]
    next_due = min(
        (item.due_on for item in questions if item.due_on and not item.done), default=None
    )
    context = {
        "plan": plan,
        "question_count": len(questions),
        "ready_count": sum(1 for item in questions if item.is_ready),
        "due_count": len(due),
        "next_due_label": _day_label(next_due, today) if next_due else "",
        "ready_after": READY_AFTER_GOOD_RATINGS,
        "mocks": list(plan.mock_interviews.all()[:5]),
        "add_item_url": reverse("practice:plan_item_add", args=[plan.pk]),
        "add_more_url": reverse("practice:plan_add_more", args=[plan.pk]),
        "story_create_url": reverse("practice:story_create"),
    }
    context["groups"] = groups
    shown = {group["kind"] for group in groups}
    context["groups_hidden"] = any(
        kind not in shown for kind in PlanItem.Kind.values if kind != PlanItem.Kind.ADVICE
    )
    return context


@require_POST
def plan_add_more(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk)
    added = services.plan_add_more(plan=plan, today=request.user.local_today())
    if added:
        messages.success(
            request,
            f"Added {len(added)} question{'s' if len(added) != 1 else ''} to practise, due today.",
        )
    else:
        messages.info(
            request,
            "Every question Rebound has for these areas is already in the plan. "
            "You can add your own below.",
        )
    return redirect(plan)


class PlanDeleteView(OwnedDeleteView):
    model = Plan
    template_name = "practice/plan_confirm_delete.html"
    success_url = reverse_lazy("practice:plan_list")
    success_message = "Plan deleted. Your questions and stories stay in your bank."


@require_POST
def plan_item_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        PlanItem.objects.owned_by(request.user).select_related("question"), pk=pk
    )
    services.plan_item_toggle(item=item)
    if item.done:
        messages.success(request, f"Ticked off: {item.label}")
    else:
        messages.info(request, f"Back on the list: {item.label}")
    return redirect(item.get_absolute_url())


def plan_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk)
    initial = {}
    question_pk = request.GET.get("question", "")
    if question_pk.isdigit():
        initial = {"kind": PlanItem.Kind.QUESTION, "question": question_pk}
    elif request.GET.get("kind") in PlanItem.Kind.values:
        initial = {"kind": request.GET["kind"]}
    form = PlanItemForm(request.POST or None, initial=initial, owner=request.user)
    if request.method == "POST" and form.is_valid():
        item = services.plan_item_add(
            plan=plan,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            question=form.cleaned_data["question"],
        )
        messages.success(request, f"Added to the plan: {item.label}")
        return redirect(item.get_absolute_url())
    return render(request, "practice/planitem_form.html", {"plan": plan, "form": form})


@require_POST
def plan_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        PlanItem.objects.owned_by(request.user).select_related("plan", "question"), pk=pk
    )
    plan, label = item.plan, item.label
    services.plan_item_delete(item=item)
    messages.success(request, f"Removed from the plan: {label}")
    return redirect(plan)


# Practising out loud ----------------------------------------------------


def session_start(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk)
    item = services.next_item_to_practise(plan=plan, today=request.user.local_today())
    if item is not None:
        return redirect("practice:session_question", pk=item.pk)
    upcoming = (
        plan.items.questions()
        .filter(done=False, due_on__isnull=False)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    return render(
        request,
        "practice/session_done.html",
        {
            "plan": plan,
            "next_due_label": _day_label(upcoming, request.user.local_today()) if upcoming else "",
            "questions": plan.items.questions().select_related("question"),
        },
    )


def _owned_question_item(request: HttpRequest, pk: int) -> PlanItem:
    return get_object_or_404(
        PlanItem.objects.owned_by(request.user)
        .questions()
        .with_practice(request.user)
        .select_related("plan"),
        pk=pk,
    )


def _mock_for(request: HttpRequest, item: PlanItem, mock_pk) -> MockInterview | None:
    if not mock_pk:
        return None
    mock_pk = str(mock_pk)
    if not mock_pk.isdigit():
        raise Http404("No such mock interview.")
    mock = get_object_or_404(MockInterview.objects.owned_by(request.user), pk=mock_pk)
    if not mock.slots.filter(item=item).exists():
        raise Http404("That question is not part of this mock interview.")
    return mock


def _session_context(
    item: PlanItem, mock: MockInterview | None, form: AttemptForm, user=None
) -> dict:
    context = {
        "item": item,
        "plan": item.plan,
        "question": item.question,
        "form": form,
        "mock": mock,
        "answer_seconds": DEFAULT_ANSWER_SECONDS,
        "answer_clock": f"{DEFAULT_ANSWER_SECONDS // 60}:{DEFAULT_ANSWER_SECONDS % 60:02d}",
        "ready_after": READY_AFTER_GOOD_RATINGS,
        "recent_attempts": item.attempts.select_related(*JOB_DESCRIPTION_PATHS)[:3],
        "transcribe_on": server_transcription_on(user),
        "max_recording_seconds": settings.TRANSCRIPTION_MAX_SECONDS,
    }
    if mock is not None:
        slots = list(mock.slots.values_list("item_id", flat=True))
        context["mock_position"] = slots.index(item.pk) + 1
        context["mock_total"] = len(slots)
    return context


def session_question(request: HttpRequest, pk: int) -> HttpResponse:
    item = _owned_question_item(request, pk)
    mock = _mock_for(request, item, request.GET.get("mock"))
    return render(
        request,
        "practice/session_question.html",
        _session_context(item, mock, AttemptForm(), request.user),
    )


@require_POST
def attempt_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _owned_question_item(request, pk)
    mock = _mock_for(request, item, request.POST.get("mock"))
    form = AttemptForm(
        request.POST, request.FILES, transcribe_on=server_transcription_on(request.user)
    )
    if not form.is_valid():
        return render(
            request,
            "practice/session_question.html",
            _session_context(item, mock, form, request.user),
        )
    was_done = item.done
    attempt = services.attempt_record(
        item=item,
        rating=form.cleaned_data["rating"],
        note=form.cleaned_data["note"],
        seconds_taken=form.cleaned_data["seconds_taken"],
        transcript=form.cleaned_data["transcript"],
        recording=form.cleaned_data["audio"],
        mock=mock,
        today=request.user.local_today(),
    )
    item.refresh_from_db(fields=["done", "due_on"])
    comes_back = _day_label(item.due_on, request.user.local_today())
    if item.done and not was_done:
        question = Truncator(item.label).words(10)
        messages.success(
            request,
            f"Rating saved. “{question}” is now ready: two good answers. "
            f"It will still come back on {comes_back} for a quick check.",
        )
    else:
        messages.success(request, f"Rating saved. This question comes back {comes_back}.")
    # The answer's own page: its text and what the text shows (or "listening…"
    # while the worker turns a recording into text), then the next question.
    return redirect(attempt)


def _owned_attempt(request: HttpRequest, pk: int) -> Attempt:
    return get_object_or_404(
        Attempt.objects.owned_by(request.user).select_related(
            *JOB_DESCRIPTION_PATHS, "item__question", "mock"
        ),
        pk=pk,
    )


def _attempt_page(request: HttpRequest, attempt: Attempt, form: TranscriptForm) -> HttpResponse:
    item = attempt.item
    today = request.user.local_today()
    if attempt.mock_id:
        next_item = services.mock_next_item(mock=attempt.mock)
        if next_item is None:
            next_url, next_label = attempt.mock.get_absolute_url(), "See how the mock went"
        else:
            next_url = (
                reverse("practice:session_question", args=[next_item.pk])
                + f"?mock={attempt.mock_id}"
            )
            next_label = "Next question"
    else:
        next_item = services.next_item_to_practise(plan=item.plan, today=today, exclude_pk=item.pk)
        if next_item is None:
            next_url, next_label = reverse("practice:session_start", args=[item.plan_id]), "Done"
        else:
            next_url = reverse("practice:session_question", args=[next_item.pk])
            next_label = "Next question"
    return render(
        request,
        "practice/attempt_detail.html",
        {
            "attempt": attempt,
            "item": item,
            "plan": item.plan,
            "question": item.question,
            "form": form,
            "transcription_message": transcription_message(attempt.transcription),
            "next_url": next_url,
            "next_label": next_label,
        },
    )


def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _owned_attempt(request, pk)
    return _attempt_page(
        request, attempt, TranscriptForm(initial={"transcript": attempt.transcript})
    )


@require_POST
def attempt_transcript(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct or type the text of a saved answer."""
    attempt = _owned_attempt(request, pk)
    form = TranscriptForm(request.POST)
    if not form.is_valid():
        return _attempt_page(request, attempt, form)
    services.attempt_transcript_save(attempt=attempt, transcript=form.cleaned_data["transcript"])
    messages.success(request, "Text saved. The measures below follow it.")
    return redirect(attempt)


def attempt_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Whether the worker is still listening to this answer's recording (polled by practice.js)."""
    attempt = get_object_or_404(Attempt.objects.owned_by(request.user).only("transcription"), pk=pk)
    return JsonResponse({"listening": attempt.is_listening})


def mock_start(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.owned_by(request.user), pk=pk)
    question_count = plan.items.questions().count()
    form = MockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if question_count == 0:
            messages.error(
                request, "Add a question to the plan first, then start a mock interview."
            )
            return redirect(plan)
        mock = services.mock_start(
            plan=plan, count=form.cleaned_data["count"], today=request.user.local_today()
        )
        first = services.mock_next_item(mock=mock)
        return redirect(reverse("practice:session_question", args=[first.pk]) + f"?mock={mock.pk}")
    return render(
        request,
        "practice/mock_form.html",
        {"plan": plan, "form": form, "question_count": question_count},
    )


def mock_summary(request: HttpRequest, pk: int) -> HttpResponse:
    mock = get_object_or_404(
        MockInterview.objects.owned_by(request.user)
        .select_related("plan")
        .prefetch_related(
            Prefetch(
                "attempts",
                queryset=Attempt.objects.select_related(*JOB_DESCRIPTION_PATHS).order_by(
                    "created_at"
                ),
            ),
        ),
        pk=pk,
    )
    attempts = {a.item_id: a for a in mock.attempts.all()}
    rows = [
        {"item": slot.item, "attempt": attempts.get(slot.item_id)}
        for slot in mock.slots.select_related("item__question")
    ]
    rated = [row["attempt"].rating for row in rows if row["attempt"]]
    next_item = services.mock_next_item(mock=mock)
    return render(
        request,
        "practice/mock_summary.html",
        {
            "mock": mock,
            "plan": mock.plan,
            "rows": rows,
            "answered": len(rated),
            "average": round(sum(rated) / len(rated), 1) if rated else None,
            "to_work_on": [row for row in rows if row["attempt"] and row["attempt"].rating < 4],
            "across": answers_summary(attempts.values()),
            "next_item": next_item,
        },
    )
