from __future__ import annotations

from django.contrib import messages
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from accounts.concurrency import CONFLICT_AUTOSAVE_MESSAGE
from applications.models import Application, Interview, Status

from .forms import ReflectionForm, RejectionForm, TheirViewForm
from .loop import READY, WAITING, loop_steps, next_step, with_loop
from .models import Reflection, Rejection, RubricRating, reverse_or_none
from .patterns import patterns_for
from .rubric import AREA_KEYS
from .services import (
    RejectionAlreadyRecorded,
    comparison_summary,
    reflection_save,
    rejection_compare,
    rejection_record,
    rejection_update,
    rubric_ratings_save,
)

# What reaching the final round means; shown with every "almost".
ALMOST_NOTE = (
    "You reached the final round. That means they saw you as a serious candidate "
    "and the decision came down to small differences, some of which you could not "
    "control. The same preparation will carry you further next time."
)


def _owned_rejection(request: HttpRequest, pk: int, loop: bool = False) -> Rejection:
    queryset = Rejection.objects.owned_by(request.user)
    queryset = with_loop(queryset) if loop else queryset.select_related("application__company")
    return get_object_or_404(queryset, pk=pk)


def _step_url(steps, key: str) -> tuple[str | None, str]:
    step = next(s for s in steps if s.key == key)
    return step.url, step.button


def _reflection_when(rejection: Rejection) -> str:
    """When the reflection is ready, for the message after recording a rejection."""
    if rejection.stage == Rejection.Stage.AFTER_APPLYING:
        return (
            "there was no interview to reflect on, so see whether your rejections share a pattern."
        )
    if rejection.reflect_from <= timezone.localdate():
        return "your reflection is ready to write now, while it is fresh."
    when = date_format(rejection.reflect_from, "l j F")
    return f"write your reflection when you are ready, from {when}."


def rejection_create(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.owned_by(request.user).select_related("company"), pk=application_pk
    )
    existing = Rejection.objects.filter(application=application).first()
    if existing is not None:
        messages.info(request, "You have already recorded this rejection. Here it is.")
        return redirect(existing)
    if request.method == "POST":
        form = RejectionForm(request.POST, application=application)
        if form.is_valid():
            try:
                rejection = rejection_record(application=application, **form.service_kwargs())
            except RejectionAlreadyRecorded as already:
                messages.info(request, "You have already recorded this rejection. Here it is.")
                return redirect(already.rejection)
            messages.success(
                request,
                "Rejection recorded and the application marked as rejected. "
                f"Next: {_reflection_when(rejection)}",
            )
            return redirect(rejection)
    else:
        last_round = application.interviews.aggregate(last=Max("round"))["last"]
        initial = {"received_on": timezone.localdate()}
        if last_round:
            latest = application.interviews.order_by("-round", "-starts_at", "-pk").first()
            final = latest is not None and latest.kind == Interview.Kind.FINAL
            stage = Rejection.Stage.FINAL_ROUND if final else Rejection.Stage.AFTER_INTERVIEW
            initial.update(stage=stage, interview_round=last_round)
        form = RejectionForm(initial=initial)
    return render(
        request,
        "feedback/rejection_form.html",
        {"form": form, "application": application, "creating": True},
    )


def rejection_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    rejection = _owned_rejection(request, pk)
    if request.method == "POST":
        form = RejectionForm(request.POST, instance=rejection)
        if form.is_valid():
            rejection_update(rejection=form.instance, reason_tags=form.cleaned_data["reason_tags"])
            messages.success(request, "Rejection details saved.")
            return redirect(rejection)
    else:
        form = RejectionForm(instance=rejection)
    return render(
        request,
        "feedback/rejection_form.html",
        {"form": form, "application": rejection.application, "rejection": rejection},
    )


def rejection_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rejection = _owned_rejection(request, pk)
    if request.method == "POST":
        application = rejection.application
        rejection.delete()
        messages.success(
            request,
            "Rejection deleted, with its reflection and feedback notes. The application "
            "keeps its status; change it on the application's page if you need to.",
        )
        return redirect(application)
    return render(request, "feedback/rejection_confirm_delete.html", {"rejection": rejection})


def rejection_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rejections = list(with_loop(Rejection.objects.owned_by(request.user)).newest_first())
    rows = [(r, next_step(loop_steps(r, today))) for r in rejections]
    # Marked as rejected (on the board, say) but the rejection not recorded yet.
    unrecorded = (
        Application.objects.owned_by(request.user)
        .filter(status=Status.REJECTED, rejection__isnull=True)
        .select_related("company")
        .order_by("-last_news_at")
    )
    return render(
        request, "feedback/rejection_list.html", {"rows": rows, "unrecorded": list(unrecorded)}
    )


def rejection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rejection = _owned_rejection(request, pk, loop=True)
    steps = loop_steps(rejection, timezone.localdate())
    return render(
        request,
        "feedback/rejection_detail.html",
        {
            "rejection": rejection,
            "application": rejection.application,
            "steps": steps,
            "next": next_step(steps),
            "almost_note": ALMOST_NOTE if rejection.is_almost else "",
            "active_states": (READY, WAITING),
        },
    )


def _reflection_form_initial(rejection: Rejection) -> dict:
    reflection = Reflection.objects.filter(rejection=rejection).first()
    if reflection is None:
        return {}
    initial = {
        "went_well": reflection.went_well,
        "do_differently": reflection.do_differently,
        "what_else_for_offer": reflection.what_else_for_offer,
        "wanted_role": reflection.wanted_role,
    }
    initial.update(
        ReflectionForm.initial_from(rejection.ratings.filter(source=RubricRating.Source.REFLECTION))
    )
    return initial


def _reflection_form(rejection: Rejection, data=None) -> ReflectionForm:
    """The form, knowing the reflection as saved now, so a save from another tab
    in between is noticed (accounts/concurrency.py)."""
    return ReflectionForm(
        data,
        initial=_reflection_form_initial(rejection),
        versioned=Reflection.objects.filter(rejection=rejection).first(),
        versioned_with=(rejection.ratings.filter(source=RubricRating.Source.REFLECTION),),
    )


def reflection_edit(request: HttpRequest, rejection_pk: int) -> HttpResponse:
    rejection = _owned_rejection(request, rejection_pk, loop=True)
    if request.method == "POST":
        form = _reflection_form(rejection, request.POST)
        finish = request.POST.get("action") == "finish"
        if form.is_valid():
            reflection_save(rejection=rejection, finish=finish, **form.service_kwargs())
            if finish:
                messages.success(
                    request,
                    "Reflection finished. Next: ask them for feedback, so you can compare "
                    "their view with yours.",
                )
                return redirect(rejection)
            messages.success(request, "Draft saved. Come back to it whenever you like.")
            return redirect("feedback:reflection_edit", rejection_pk=rejection.pk)
    else:
        form = _reflection_form(rejection)
    reflection = Reflection.objects.filter(rejection=rejection).first()
    steps = loop_steps(rejection, timezone.localdate())
    next_url, next_button = _step_url(steps, "request")
    practice_url, practice_button = _step_url(steps, "practice")
    return render(
        request,
        "feedback/reflection_form.html",
        {
            "form": form,
            "rejection": rejection,
            "application": rejection.application,
            "reflection": reflection,
            "next_url": next_url,
            "next_button": next_button,
            "autosave_url": reverse_or_none("feedback:reflection_autosave", rejection.pk),
            "no_interview": rejection.stage == Rejection.Stage.AFTER_APPLYING,
            "practice_url": practice_url,
            "practice_button": practice_button,
        },
    )


@require_POST
def reflection_autosave(request: HttpRequest, rejection_pk: int) -> JsonResponse:
    """Save what is typed so far, keeping the reflection's draft or finished state."""
    rejection = _owned_rejection(request, rejection_pk)
    form = _reflection_form(rejection, request.POST)
    if not form.is_valid():
        message = "Not saved yet: check the page for a message, then save."
        if form.has_conflict:
            message = CONFLICT_AUTOSAVE_MESSAGE
        return JsonResponse({"message": message}, status=400)
    reflection_save(rejection=rejection, finish=None, **form.service_kwargs())
    saved_at = timezone.localtime().strftime("%H:%M")
    return JsonResponse(
        {"saved_at": saved_at, "version": _reflection_form(rejection).current_version()}
    )


def comparison(request: HttpRequest, rejection_pk: int) -> HttpResponse:
    rejection = _owned_rejection(request, rejection_pk, loop=True)
    calls_with_ratings = [c for c in rejection.calls.all() if c.is_done]
    their_rows = [r for r in rejection.ratings.all() if r.source == RubricRating.Source.FEEDBACK]
    from_call = next((r.call_id for r in their_rows if r.call_id), None)
    form = None
    if not calls_with_ratings and not from_call:
        if request.method == "POST":
            form = TheirViewForm(request.POST)
            if form.is_valid():
                rubric_ratings_save(
                    rejection=rejection,
                    source=RubricRating.Source.FEEDBACK,
                    values=form.rubric_values(),
                )
                messages.success(
                    request,
                    "Their view saved. Read the comparison below, then turn it into a "
                    "practice plan.",
                )
                return redirect("feedback:comparison", rejection_pk=rejection.pk)
        else:
            form = TheirViewForm(initial=TheirViewForm.initial_from(their_rows))
    comparisons = rejection_compare(rejection=rejection)
    steps = loop_steps(rejection, timezone.localdate())
    next_url, next_button = _step_url(steps, "practice")
    call_url = reverse_or_none("feedback:call_notes", from_call) if from_call else None
    return render(
        request,
        "feedback/comparison.html",
        {
            "rejection": rejection,
            "application": rejection.application,
            "comparisons": comparisons,
            "compared": [c for c in comparisons if c.verdict],
            "surprises": [c for c in comparisons if c.is_surprise],
            "summary": comparison_summary(comparisons),
            "has_own": any(c.mine is not None for c in comparisons),
            "has_theirs": any(c.theirs is not None for c in comparisons),
            "form": form,
            "call_url": call_url,
            "next_url": next_url,
            "next_button": next_button,
            "reflection_url": reverse_or_none("feedback:reflection_edit", rejection.pk),
            "area_count": len(AREA_KEYS),
        },
    )


def patterns(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "feedback/patterns.html", {"p": patterns_for(user=user)})
