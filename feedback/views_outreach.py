"""Pages for reaching out after a rejection: the feedback request, the feedback
call (preparing, taking notes, thanking them) and the subject access request.

Every object is looked up through `owned_by(request.user)`, so another
person's request, call or letter is simply not found.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.views.decorators.http import require_POST

from accounts.concurrency import CONFLICT_AUTOSAVE_MESSAGE

from . import drafts, outreach
from .forms_outreach import (
    CallNotesForm,
    CallQuestionFormSet,
    FeedbackCallCreateForm,
    FeedbackCallScheduleForm,
    FeedbackRequestCreateForm,
    FeedbackRequestUpdateForm,
    FollowUpForm,
    MarkSentForm,
    OutcomeForm,
    SubjectAccessRequestCreateForm,
    SubjectAccessRequestUpdateForm,
    ThankYouForm,
)
from .models import (
    FeedbackCall,
    FeedbackRequest,
    Rejection,
    SubjectAccessRequest,
    reverse_or_none,
)
from .rubric import AREAS


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


def loop_links(rejection: Rejection) -> dict[str, str | None]:
    """Links to the other steps of the loop, where those pages exist."""
    return {
        "rejection": rejection.get_absolute_url(),
        "comparison": reverse_or_none("feedback:comparison", rejection.pk),
        "practice": reverse_or_none("practice:plan_create_from_rejection", rejection.pk),
    }


def _local_time(value) -> str:
    return formats.time_format(timezone.localtime(value), "H:i")


# ---------------------------------------------------------------- requests


def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    rejection = _rejection(request, pk)
    contacts = outreach.contacts_for_rejection(rejection=rejection, user=request.user)
    suggested_areas = outreach.weakest_area_keys(rejection=rejection)[: drafts.MAX_FOCUS_AREAS]
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
            new_contact = outreach.NewContact(
                name=data["new_contact_name"].strip(),
                role=data["new_contact_role"],
                email=data["new_contact_email"],
            )
        feedback_request = outreach.feedback_request_create(
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
    today = outreach.local_today(request.user)
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
                "follow_up_due": today + outreach.dt.timedelta(days=outreach.FOLLOW_UP_AFTER_DAYS),
            },
        ),
        "outcome_form": OutcomeForm(),
        "follow_up_due_now": outreach.feedback_request_follow_up_is_due(
            request=feedback_request, today=today
        ),
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
    form = MarkSentForm(request.POST, today=outreach.local_today(request.user))
    if not form.is_valid():
        return render(
            request,
            "feedback/feedbackrequest_detail.html",
            _request_context(request, feedback_request, sent_form=form),
            status=400,
        )
    outreach.feedback_request_mark_sent(
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
    today = outreach.local_today(request.user)
    draft = drafts.follow_up_draft(
        user=request.user,
        contact=contact,
        application=feedback_request.rejection.application,
        sent_on=timezone.localtime(
            feedback_request.sent_at, outreach.user_zone(request.user)
        ).date(),
    )
    form = FollowUpForm(
        request.POST or None,
        initial={"subject": draft.subject, "body": feedback_request.follow_up_body or draft.body},
    )
    if request.method == "POST" and feedback_request.followed_up_at is None and form.is_valid():
        outreach.feedback_request_mark_followed_up(
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
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "feedback/feedbackrequest_detail.html",
            _request_context(request, feedback_request, outcome_form=form),
            status=400,
        )
    outcome = form.cleaned_data["outcome"]
    outreach.feedback_request_set_outcome(request=feedback_request, outcome=outcome)
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
        call = outreach.feedback_call_create(
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
    ratings = outreach.interviewer_ratings(call=call)
    return render(
        request,
        "feedback/feedbackcall_detail.html",
        {
            "call": call,
            "rejection": call.rejection,
            "contact": outreach.call_contact(call),
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
        outreach.feedback_call_prepare_save(
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
            "contact": outreach.call_contact(call),
            "schedule_form": schedule_form,
            "formset": formset,
        },
    )


def _notes_form(call: FeedbackCall, data=None) -> CallNotesForm:
    return CallNotesForm(
        data,
        versioned=call,
        versioned_with=(call.questions.all(), call.ratings.all()),
        questions=call.questions.all(),
        ratings=outreach.interviewer_ratings(call=call),
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
    outreach.feedback_call_save_notes(
        call=call, answers=form.answers(), ratings=form.ratings(), fields=fields
    )


def call_notes(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    form = _notes_form(call, request.POST or None)
    if request.method == "POST" and form.is_valid():
        finish = "finish" in request.POST
        _save_notes(call, form, finish=finish)
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
            "contact": outreach.call_contact(call),
            "form": form,
            "links": loop_links(call.rejection),
        },
    )


@require_POST
def call_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    call = _call(request, pk)
    form = _notes_form(call, request.POST)
    if not form.is_valid():
        message = "Not saved: choose a rating from 1 to 5 or leave it unrated."
        if form.has_conflict:
            message = CONFLICT_AUTOSAVE_MESSAGE
        return JsonResponse({"message": message, "errors": form.errors}, status=400)
    _save_notes(call, form)
    call.refresh_from_db()
    return JsonResponse(
        {"saved_at": _local_time(timezone.now()), "version": _notes_form(call).current_version()}
    )


def call_thank_you(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    contact = outreach.call_contact(call)
    draft = drafts.thank_you_draft(
        user=request.user,
        contact=contact,
        application=call.rejection.application,
        call_date=timezone.localtime(call.scheduled_at, outreach.user_zone(request.user)).date(),
        future_opportunity=call.future_opportunity_mentioned,
    )
    if not call.thank_you_body:
        call.thank_you_body = draft.body
    form = ThankYouForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        if "sent" in request.POST:
            outreach.feedback_call_mark_thanked(call=call, body=form.cleaned_data["thank_you_body"])
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
        sar = outreach.subject_access_request_create(
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
            "today": outreach.local_today(request.user),
        },
    )


def sar_update(request: HttpRequest, pk: int) -> HttpResponse:
    sar = _sar(request, pk)
    form = SubjectAccessRequestUpdateForm(
        request.POST or None, instance=sar, today=outreach.local_today(request.user)
    )
    if request.method == "POST" and form.is_valid():
        sar = form.save(commit=False)
        outreach.subject_access_request_save(sar=sar)
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
