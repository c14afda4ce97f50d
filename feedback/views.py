"""Pages of the feedback loop: rejections and their patterns, the reflection and
the comparison, then reaching out (the feedback request, the feedback call and
the subject access request).

Every object is looked up through `owned_by(request.user)`, so another
person's rejection, request, call or letter is simply not found.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from accounts import registry
from accounts.concurrency import (
    CONFLICT_AUTOSAVE_MESSAGE,
    NEW_ROW,
    VERSION_FIELD,
    one_save_at_a_time,
)
from applications.models import Application, Interview, Status

from . import drafts, services
from .forms import (
    CallNotesForm,
    CallQuestionFormSet,
    FeedbackCallCreateForm,
    FeedbackCallScheduleForm,
    FeedbackRequestCreateForm,
    FeedbackRequestUpdateForm,
    FollowUpForm,
    MarkSentForm,
    OutcomeForm,
    ReflectionForm,
    RejectionForm,
    SubjectAccessRequestCreateForm,
    SubjectAccessRequestUpdateForm,
    ThankYouForm,
    TheirViewForm,
)
from .loop import READY, WAITING, loop_steps, next_step, with_loop
from .models import (
    FOLLOW_UP_AFTER,
    FeedbackCall,
    FeedbackRequest,
    Reflection,
    Rejection,
    RubricRating,
    SubjectAccessRequest,
)
from .patterns import patterns_for
from .rubric import AREA_KEYS, AREAS
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


def _reflection_when(rejection: Rejection, today: date) -> str:
    """When the reflection is ready, for the message after recording a rejection."""
    if rejection.stage == Rejection.Stage.AFTER_APPLYING:
        return (
            "there was no interview to reflect on, so see whether your rejections share a pattern."
        )
    if rejection.reflect_from <= today:
        return "your reflection is ready to write now, while it is fresh."
    when = date_format(rejection.reflect_from, "l j F")
    return f"write your reflection when you are ready, from {when}."


def rejection_create(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.owned_by(request.user).select_related("company"), pk=application_pk
    )
    existing = Rejection.objects.filter(application=application).first()
    if existing is not None:
        if request.method == "POST":
            return _recorded_meanwhile(request, existing)
        messages.info(request, ALREADY_RECORDED)
        return redirect(existing)
    if request.method == "POST":
        form = RejectionForm(request.POST, application=application)
        if form.is_valid():
            try:
                rejection = rejection_record(application=application, **form.service_kwargs())
            except RejectionAlreadyRecorded as already:
                return _recorded_meanwhile(request, already.rejection)
            messages.success(
                request,
                "Rejection recorded and the application marked as rejected. "
                f"Next: {_reflection_when(rejection, request.user.local_today())}",
            )
            return redirect(rejection)
    else:
        last_round = application.interviews.aggregate(last=Max("round"))["last"]
        initial = {"received_on": request.user.local_today()}
        if last_round:
            latest = application.interviews.order_by("-round", "-starts_at", "-pk").first()
            final = latest is not None and latest.kind == Interview.Kind.FINAL
            stage = Rejection.Stage.FINAL_ROUND if final else Rejection.Stage.AFTER_INTERVIEW
            initial.update(stage=stage, interview_round=last_round)
        form = RejectionForm(initial=initial, application=application)
    return render(
        request,
        "feedback/rejection_form.html",
        {"form": form, "application": application, "creating": True},
    )


ALREADY_RECORDED = "You have already recorded this rejection. Here it is."
RECORDED_MEANWHILE = (
    "You had already recorded this rejection (perhaps in another tab), so nothing was "
    "saved just now. What you typed here is in the boxes below, and what was recorded is "
    "shown under each box that differs. Copy what you need, then save to keep what is in "
    "the boxes."
)


def _recorded_meanwhile(request: HttpRequest, rejection: Rejection) -> HttpResponse:
    """A new rejection sent after one was recorded for the application (another
    tab, or Back and send again): nothing typed is dropped. Its words are shown
    on the recorded rejection's edit form, beside what was recorded, to choose."""
    data = request.POST.copy()
    # Typed over no rejection at all: whatever was recorded since differs.
    data[VERSION_FIELD] = NEW_ROW
    form = RejectionForm(data, instance=rejection)
    form.conflict_message = RECORDED_MEANWHILE
    # The same words, or nothing that can be shown beside them: nothing to choose.
    if form.is_valid() or not (set(form.errors) - {NON_FIELD_ERRORS}):
        messages.info(request, ALREADY_RECORDED)
        return redirect(rejection)
    return render(
        request,
        "feedback/rejection_form.html",
        {
            "form": form,
            "application": rejection.application,
            "rejection": rejection,
            "form_action": reverse("feedback:rejection_update", args=[rejection.pk]),
            # The copy this browser keeps of the text typed on the create page.
            "autosave_key": request.get_full_path(),
        },
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
    today = request.user.local_today()
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
    steps = loop_steps(rejection, request.user.local_today())
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
            # What later apps add to this page (practice: the plan's progress).
            "sections": [
                found
                for section in registry.rejection_sections
                if (found := section(rejection, request.user)) is not None
            ],
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
    in between is noticed (accounts/concurrency.py), including the first save of
    a reflection opened in two tabs."""
    return ReflectionForm(
        data,
        initial=_reflection_form_initial(rejection),
        versioned=Reflection.objects.filter(rejection=rejection).first(),
        versioned_with=(rejection.ratings.filter(source=RubricRating.Source.REFLECTION),),
        autosaved=True,
    )


def reflection_edit(request: HttpRequest, rejection_pk: int) -> HttpResponse:
    rejection = _owned_rejection(request, rejection_pk, loop=True)
    if request.method == "POST":
        finish = request.POST.get("action") == "finish"
        with one_save_at_a_time(rejection):
            # A finished reflection stays finished when a draft save arrives for it
            # (the button is gone, but an older tab may still have it).
            if (
                not finish
                and Reflection.objects.filter(
                    rejection=rejection, status=Reflection.Status.COMPLETE
                ).exists()
            ):
                finish = None
            form = _reflection_form(rejection, request.POST)
            if saved := form.is_valid():
                reflection_save(rejection=rejection, finish=finish, **form.service_kwargs())
        if saved:
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
    steps = loop_steps(rejection, request.user.local_today())
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
            "autosave_url": reverse("feedback:reflection_autosave", args=[rejection.pk]),
            "no_interview": rejection.stage == Rejection.Stage.AFTER_APPLYING,
            "practice_url": practice_url,
            "practice_button": practice_button,
        },
    )


@require_POST
def reflection_autosave(request: HttpRequest, rejection_pk: int) -> JsonResponse:
    """Save what is typed so far, keeping the reflection's draft or finished state."""
    rejection = _owned_rejection(request, rejection_pk)
    with one_save_at_a_time(rejection):
        form = _reflection_form(rejection, request.POST)
        if saved := form.is_valid():
            reflection_save(rejection=rejection, finish=None, **form.service_kwargs())
    if not saved:
        message = "Not saved yet: check the page for a message, then save."
        if form.has_conflict:
            message = CONFLICT_AUTOSAVE_MESSAGE
        return JsonResponse({"message": message}, status=400)
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
        # Their view as saved now, so a save from another tab in between is noticed.
        guarded = {
            "versioned": rejection,
            "versioned_with": (rejection.ratings.filter(source=RubricRating.Source.FEEDBACK),),
            "initial": TheirViewForm.initial_from(their_rows),
        }
        if request.method == "POST":
            form = TheirViewForm(request.POST, **guarded)
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
            form = TheirViewForm(**guarded)
    comparisons = rejection_compare(rejection=rejection)
    # Further views from later apps (sharing: a coach's ratings), one column each.
    columns = [
        column
        for source in registry.comparison_columns
        for column in source(rejection, request.user)
    ]
    steps = loop_steps(rejection, request.user.local_today())
    next_url, next_button = _step_url(steps, "practice")
    call_url = reverse("feedback:call_notes", args=[from_call]) if from_call else None
    return render(
        request,
        "feedback/comparison.html",
        {
            "rejection": rejection,
            "application": rejection.application,
            "comparisons": comparisons,
            "columns": columns,
            "rows": [
                (c, [(column.heading, column.cell(c.key)) for column in columns])
                for c in comparisons
            ],
            "compared": [c for c in comparisons if c.verdict],
            "surprises": [c for c in comparisons if c.is_surprise],
            "summary": comparison_summary(comparisons),
            "has_own": any(c.mine is not None for c in comparisons),
            "has_theirs": any(c.theirs is not None for c in comparisons),
            "form": form,
            "call_url": call_url,
            "next_url": next_url,
            "next_button": next_button,
            "reflection_url": reverse("feedback:reflection_edit", args=[rejection.pk]),
            "area_count": len(AREA_KEYS),
        },
    )


def patterns(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "feedback/patterns.html", {"p": patterns_for(user=user)})


# Reaching out: the feedback request, the feedback call, the subject access request


def _rejection(request: HttpRequest, pk: int) -> Rejection:
    queryset = Rejection.objects.owned_by(request.user).select_related("application__company")
    return get_object_or_404(queryset, pk=pk)


def _feedback_request(request: HttpRequest, pk: int) -> FeedbackRequest:
    queryset = FeedbackRequest.objects.owned_by(request.user).select_related(
        "rejection__application__company", "contact"
    )
    return get_object_or_404(queryset, pk=pk)


def _call(request: HttpRequest, pk: int) -> FeedbackCall:
    queryset = FeedbackCall.objects.owned_by(request.user).select_related(
        "rejection__application__company", "request__contact"
    )
    return get_object_or_404(queryset, pk=pk)


def _sar(request: HttpRequest, pk: int) -> SubjectAccessRequest:
    queryset = SubjectAccessRequest.objects.owned_by(request.user).select_related(
        "application__company", "rejection__application__company"
    )
    return get_object_or_404(queryset, pk=pk)


def loop_links(rejection: Rejection) -> dict[str, str]:
    """Links to the other steps of the loop."""
    return {
        "rejection": rejection.get_absolute_url(),
        "comparison": reverse("feedback:comparison", args=[rejection.pk]),
        "practice": reverse("practice:plan_create_from_rejection", args=[rejection.pk]),
    }


def _local_time(value) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")


# ---------------------------------------------------------------- requests


def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    rejection = _rejection(request, pk)
    contacts = services.contacts_for_rejection(rejection=rejection, user=request.user)
    suggested_areas = services.weakest_area_keys(rejection=rejection)[: drafts.MAX_FOCUS_AREAS]
    form = FeedbackRequestCreateForm(
        request.POST or None,
        sender=request.user,
        contacts=contacts,
        initial={
            "areas": suggested_areas,
            "contact": next((c for c in contacts if c.is_decision_maker), None),
        },
    )
    if request.method == "POST" and form.is_valid():
        form.save_sender_name()
        data = form.cleaned_data
        new_contact = None
        if data["new_contact_name"].strip():
            new_contact = services.NewContact(
                name=data["new_contact_name"].strip(),
                role=data["new_contact_role"],
                email=data["new_contact_email"],
            )
        feedback_request = services.feedback_request_create(
            rejection=rejection,
            user=request.user,
            style=data["style"],
            area_keys=data["areas"],
            contact=data.get("contact"),
            new_contact=new_contact,
        )
        contact = feedback_request.contact
        if new_contact is not None:
            messages.success(
                request, f"{contact.name} is added to your contacts at {contact.company}."
            )
        messages.success(
            request,
            "Your message is drafted. Read it through, change anything you like, "
            "then send it from your own email and mark it sent here.",
        )
        return redirect(feedback_request)
    return render(
        request,
        "feedback/feedbackrequest_create.html",
        {
            "rejection": rejection,
            "form": form,
            "has_decision_maker": any(c.is_decision_maker for c in contacts),
            "decision_maker_ids": [c.pk for c in contacts if c.is_decision_maker],
            "suggested_areas": suggested_areas,
            "links": loop_links(rejection),
        },
    )


def _request_context(request: HttpRequest, feedback_request: FeedbackRequest, **extra) -> dict:
    today = request.user.local_today()
    contact = feedback_request.contact
    draft = drafts.Draft(subject=feedback_request.subject, body=feedback_request.body)
    context = {
        "feedback_request": feedback_request,
        "rejection": feedback_request.rejection,
        "contact": contact,
        "mailto": draft.mailto(contact.email if contact else "")
        if feedback_request.channel == FeedbackRequest.Channel.EMAIL
        else None,
        "sent_form": MarkSentForm(
            today=today,
            initial={
                "sent_on": today,
                "follow_up_due": today + FOLLOW_UP_AFTER,
            },
        ),
        "outcome_form": OutcomeForm(request=feedback_request, today=today),
        "follow_up_due_now": feedback_request.follow_up_is_due(today),
        "links": loop_links(feedback_request.rejection),
        "calls": feedback_request.calls.all(),
    }
    context.update(extra)
    return context


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_request = _feedback_request(request, pk)
    return render(
        request,
        "feedback/feedbackrequest_detail.html",
        _request_context(request, feedback_request),
    )


def request_update(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_request = _feedback_request(request, pk)
    form = FeedbackRequestUpdateForm(request.POST or None, instance=feedback_request)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "Your message is saved. Next: send it, then mark it sent so Rebound can remind you to follow up.",
        )
        return redirect(feedback_request)
    contact = feedback_request.contact
    return render(
        request,
        "feedback/feedbackrequest_update.html",
        {
            "feedback_request": feedback_request,
            "rejection": feedback_request.rejection,
            "contact": contact,
            "form": form,
        },
    )


@require_POST
def request_mark_sent(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_request = _feedback_request(request, pk)
    form = MarkSentForm(request.POST, today=request.user.local_today())
    if not form.is_valid():
        return render(
            request,
            "feedback/feedbackrequest_detail.html",
            _request_context(request, feedback_request, sent_form=form),
            status=400,
        )
    services.feedback_request_mark_sent(
        request=feedback_request,
        sent_on=form.cleaned_data["sent_on"],
        follow_up_due=form.cleaned_data["follow_up_due"],
    )
    due = formats.date_format(feedback_request.follow_up_due, "l j F")
    messages.success(
        request,
        f"Marked as sent. If there is no answer by {due}, Rebound will offer a short follow-up.",
    )
    return redirect(feedback_request)


def request_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_request = _feedback_request(request, pk)
    if not feedback_request.is_sent:
        messages.info(
            request, "Mark your request as sent first; the follow-up comes a week or so later."
        )
        return redirect(feedback_request)
    contact = feedback_request.contact
    today = request.user.local_today()
    draft = drafts.follow_up_draft(
        user=request.user,
        contact=contact,
        application=feedback_request.rejection.application,
        sent_on=request.user.local_now(feedback_request.sent_at).date(),
    )
    form = FollowUpForm(
        request.POST or None,
        initial={"subject": draft.subject, "body": feedback_request.follow_up_body or draft.body},
    )
    if request.method == "POST" and feedback_request.followed_up_at is None and form.is_valid():
        services.feedback_request_mark_followed_up(
            request=feedback_request, body=form.cleaned_data["body"]
        )
        messages.success(
            request,
            "Follow-up marked as sent. One is enough: if they still do not answer, "
            "record it as no answer and rely on your own reflection.",
        )
        return redirect(feedback_request)
    subject = form["subject"].value() or draft.subject
    body = form["body"].value() or draft.body
    return render(
        request,
        "feedback/feedbackrequest_follow_up.html",
        {
            "feedback_request": feedback_request,
            "rejection": feedback_request.rejection,
            "contact": contact,
            "form": form,
            "mailto": drafts.mailto_url(
                to=contact.email if contact else "", subject=subject, body=body
            ),
            "too_early": feedback_request.follow_up_due and feedback_request.follow_up_due > today,
        },
    )


@require_POST
def request_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_request = _feedback_request(request, pk)
    form = OutcomeForm(request.POST, request=feedback_request, today=request.user.local_today())
    if not form.is_valid():
        return render(
            request,
            "feedback/feedbackrequest_detail.html",
            _request_context(request, feedback_request, outcome_form=form),
            status=400,
        )
    outcome = form.cleaned_data["outcome"]
    services.feedback_request_set_outcome(
        request=feedback_request, outcome=outcome, answered_on=form.cleaned_data["answered_on"]
    )
    rejection = feedback_request.rejection
    Outcome = FeedbackRequest.Outcome
    if outcome == Outcome.CALL_BOOKED:
        messages.success(
            request, "Good news. Next: put the call in Rebound and prepare your questions."
        )
        return redirect(
            f"{reverse('feedback:call_create', args=[rejection.pk])}?request={feedback_request.pk}"
        )
    if outcome == Outcome.FEEDBACK_GIVEN:
        messages.success(
            request,
            "Saved. Next: put what they said beside your own reflection, area by area.",
        )
        return redirect(loop_links(rejection)["comparison"] or feedback_request.get_absolute_url())
    if outcome == Outcome.DECLINED:
        messages.info(
            request,
            "Saved. Some organisations do not give feedback as a rule; it says nothing about you. "
            "Your own reflection is still the best guide.",
        )
    else:
        messages.info(
            request,
            "Saved. You asked politely and followed up: that is all anyone can do. "
            "Your own reflection holds most of the lessons, so build on it and keep going.",
        )
    return redirect(feedback_request)


# ------------------------------------------------------------------- calls


def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    rejection = _rejection(request, pk)
    requests = (
        FeedbackRequest.objects.owned_by(request.user)
        .filter(rejection=rejection)
        .select_related("contact")
    )
    initial = {}
    if request.GET.get("request", "").isdigit():
        initial["request"] = requests.filter(pk=request.GET["request"]).first()
    form = FeedbackCallCreateForm(request.POST or None, requests=requests, initial=initial)
    if request.method == "POST" and form.is_valid():
        call = services.feedback_call_create(
            rejection=rejection,
            user=request.user,
            scheduled_at=form.cleaned_data["scheduled_at"],
            request=form.cleaned_data.get("request"),
        )
        when = formats.date_format(timezone.localtime(call.scheduled_at), "l j F \\a\\t H:i")
        messages.success(
            request,
            f"Call booked for {when}. Rebound has prepared questions from the rubric, "
            "your weakest areas first. Next: make them your own.",
        )
        return redirect("feedback:call_prepare", call.pk)
    return render(
        request,
        "feedback/feedbackcall_create.html",
        {"rejection": rejection, "form": form, "links": loop_links(rejection)},
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    ratings = services.interviewer_ratings(call=call)
    return render(
        request,
        "feedback/feedbackcall_detail.html",
        {
            "call": call,
            "rejection": call.rejection,
            "contact": services.call_contact(call),
            "questions": call.questions.all(),
            "area_ratings": [(area, ratings.get(area.key)) for area in AREAS],
            "links": loop_links(call.rejection),
        },
    )


def call_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    questions = list(call.questions.all())
    initial = [
        {"id": q.pk, "text": q.text, "position": index + 1} for index, q in enumerate(questions)
    ]
    schedule_form = FeedbackCallScheduleForm(
        request.POST or None, instance=call, prefix="call", versioned_with=(call.questions.all(),)
    )
    formset = CallQuestionFormSet(request.POST or None, initial=initial, prefix="q")
    if request.method == "POST" and schedule_form.is_valid() and formset.is_valid():
        services.feedback_call_prepare_save(
            call=call,
            scheduled_at=schedule_form.cleaned_data["scheduled_at"],
            rows=formset.cleaned_data,
        )
        messages.success(
            request,
            "Your questions are saved. On the day, open the notes page: one box per question, saved as you type.",
        )
        return redirect("feedback:call_prepare", call.pk)
    return render(
        request,
        "feedback/feedbackcall_prepare.html",
        {
            "call": call,
            "rejection": call.rejection,
            "contact": services.call_contact(call),
            "schedule_form": schedule_form,
            "formset": formset,
        },
    )


def _notes_form(call: FeedbackCall, data=None) -> CallNotesForm:
    return CallNotesForm(
        data,
        versioned=call,
        versioned_with=(call.questions.all(), call.ratings.all()),
        autosaved=True,
        questions=call.questions.all(),
        ratings=services.interviewer_ratings(call=call),
        initial={
            "notes": call.notes,
            "takeaways": call.takeaways,
            "future_opportunity_mentioned": call.future_opportunity_mentioned,
            "future_opportunity_note": call.future_opportunity_note,
        },
    )


def _save_notes(call: FeedbackCall, form: CallNotesForm, *, finish: bool = False) -> None:
    fields = form.call_fields()
    if finish:
        fields["status"] = FeedbackCall.Status.DONE
    services.feedback_call_save_notes(
        call=call, answers=form.answers(), ratings=form.ratings(), fields=fields
    )


def call_notes(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    saved = finish = False
    if request.method == "POST":
        finish = "finish" in request.POST
        with one_save_at_a_time(call):
            call.refresh_from_db()
            form = _notes_form(call, request.POST)
            if saved := form.is_valid():
                _save_notes(call, form, finish=finish)
    else:
        form = _notes_form(call)
    if saved:
        if finish:
            messages.success(
                request,
                "Notes saved and the call marked as done. Next: send a short thank-you while it is fresh.",
            )
            return redirect("feedback:call_thank_you", call.pk)
        messages.success(request, f"Notes saved at {_local_time(timezone.now())}.")
        return redirect("feedback:call_notes", call.pk)
    return render(
        request,
        "feedback/feedbackcall_notes.html",
        {
            "call": call,
            "rejection": call.rejection,
            "contact": services.call_contact(call),
            "form": form,
            "links": loop_links(call.rejection),
        },
    )


@require_POST
def call_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    call = _call(request, pk)
    with one_save_at_a_time(call):
        call.refresh_from_db()
        form = _notes_form(call, request.POST)
        if saved := form.is_valid():
            _save_notes(call, form)
    if not saved:
        message = "Not saved: choose a rating from 1 to 5 or leave it unrated."
        if form.has_conflict:
            message = CONFLICT_AUTOSAVE_MESSAGE
        return JsonResponse({"message": message, "errors": form.errors}, status=400)
    call.refresh_from_db()
    return JsonResponse(
        {"saved_at": _local_time(timezone.now()), "version": _notes_form(call).current_version()}
    )


def call_thank_you(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    contact = services.call_contact(call)
    draft = drafts.thank_you_draft(
        user=request.user,
        contact=contact,
        application=call.rejection.application,
        call_date=request.user.local_now(call.scheduled_at).date(),
        future_opportunity=call.future_opportunity_mentioned,
    )
    if not call.thank_you_body:
        call.thank_you_body = draft.body
    form = ThankYouForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        if "sent" in request.POST:
            services.feedback_call_mark_thanked(call=call, body=form.cleaned_data["thank_you_body"])
            messages.success(
                request,
                "Thank-you marked as sent. Next: compare what they said with your own reflection.",
            )
            return redirect(loop_links(call.rejection)["comparison"] or call.get_absolute_url())
        form.save()
        messages.success(
            request, "Your thank-you note is saved. Send it when you are ready, then mark it sent."
        )
        return redirect("feedback:call_thank_you", call.pk)
    body = form["thank_you_body"].value() or draft.body
    return render(
        request,
        "feedback/feedbackcall_thank_you.html",
        {
            "call": call,
            "rejection": call.rejection,
            "contact": contact,
            "form": form,
            "subject": draft.subject,
            "mailto": drafts.mailto_url(
                to=contact.email if contact else "", subject=draft.subject, body=body
            ),
            "links": loop_links(call.rejection),
        },
    )


# ------------------------------------------------------- subject access requests


def sar_create(request: HttpRequest, pk: int) -> HttpResponse:
    rejection = _rejection(request, pk)
    form = SubjectAccessRequestCreateForm(
        request.POST or None,
        sender=request.user,
        initial={"organisation_name": rejection.application.company.name},
    )
    if request.method == "POST" and form.is_valid():
        form.save_sender_name()
        sar = services.subject_access_request_create(
            rejection=rejection,
            user=request.user,
            organisation_name=form.cleaned_data["organisation_name"],
            addressed_to=form.cleaned_data["addressed_to"],
            law=form.cleaned_data["law"],
        )
        messages.success(
            request,
            "Your letter is drafted. Read it through, send it to the organisation, "
            "then enter the date you sent it so Rebound can track the answer.",
        )
        return redirect(sar)
    return render(
        request,
        "feedback/subjectaccessrequest_create.html",
        {"rejection": rejection, "form": form},
    )


def sar_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    subject = drafts.sar_subject(user=request.user)
    return render(
        request,
        "feedback/subjectaccessrequest_detail.html",
        {
            "sar": sar,
            "rejection": sar.rejection,
            "subject": subject,
            "mailto": drafts.mailto_url(to="", subject=subject, body=sar.body),
            "today": request.user.local_today(),
        },
    )


def sar_update(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    form = SubjectAccessRequestUpdateForm(
        request.POST or None, instance=sar, today=request.user.local_today()
    )
    if request.method == "POST" and form.is_valid():
        sar = form.save(commit=False)
        services.subject_access_request_save(sar=sar)
        if sar.received_on:
            messages.success(
                request, "Saved. Their answer has arrived: read their notes beside your reflection."
            )
        elif sar.due_on:
            due = formats.date_format(sar.due_on, "j F")
            messages.success(
                request, f"Saved. Their answer is due by {due}; Rebound will remind you."
            )
        else:
            messages.success(
                request, "Saved. When you send it, enter the date so Rebound can track the answer."
            )
        return redirect(sar)
    return render(
        request,
        "feedback/subjectaccessrequest_update.html",
        {"sar": sar, "rejection": sar.rejection, "form": form},
    )
