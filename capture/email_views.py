from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from applications.models import Application

from .email_rules import INVITATION, OTHER, REJECTION
from .emails import BUTTONS, email_keep, email_kept, email_record, interview_kind
from .forms import EmailPasteForm, EmailRecordForm


@require_http_methods(["GET", "POST"])
def email_paste(request: HttpRequest) -> HttpResponse:
    """Paste an employer's email; see what it means and the one button that records it."""
    user = request.user
    initial = {}
    wanted = request.GET.get("application", "")
    if wanted.isdigit():
        initial["application"] = Application.objects.owned_by(user).filter(pk=wanted).first()
    form = EmailPasteForm(request.POST or None, owner=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        key = email_keep(
            request,
            text=form.cleaned_data["text"],
            sender=form.cleaned_data["sender"],
            application=form.cleaned_data["application"],
        )
        return redirect(reverse("capture:email_paste") + "?" + urlencode({"reading": key}))
    kept = email_kept(request, request.GET.get("reading", ""))
    record_form = None
    if kept and kept.reading.kind != OTHER:
        first = kept.reading.first_date
        record_form = EmailRecordForm(
            owner=user,
            kind=kept.reading.kind,
            initial={
                "application": kept.application_id,
                "starts_at": first.when() if first else None,
                "interview_kind": interview_kind(kept.reading),
            },
        )
    context = {
        "form": form,
        "kept": kept,
        "record_form": record_form,
        "button": BUTTONS.get(kept.reading.kind, "") if kept else "",
    }
    return render(request, "capture/email_paste.html", context)


@require_POST
def email_record_view(request: HttpRequest) -> HttpResponse:
    kept = email_kept(request, request.POST.get("reading", ""))
    if kept is None or kept.reading.kind == OTHER:
        messages.info(request, "That email is no longer at hand. Paste it again to record it.")
        return redirect("capture:email_paste")
    form = EmailRecordForm(request.POST, owner=request.user, kind=kept.reading.kind)
    if not form.is_valid():
        context = {
            "form": EmailPasteForm(owner=request.user),
            "kept": kept,
            "record_form": form,
            "button": BUTTONS[kept.reading.kind],
        }
        return render(request, "capture/email_paste.html", context)
    application = form.cleaned_data["application"]
    email_record(
        application=application,
        reading=kept.reading,
        text=kept.text,
        keep_text=form.cleaned_data["keep_text"],
        starts_at=form.cleaned_data.get("starts_at"),
        kind=form.cleaned_data.get("interview_kind", ""),
    )
    if kept.reading.kind == INVITATION:
        when = timezone.localtime(form.cleaned_data["starts_at"]).strftime("%A %-d %B at %H:%M")
        messages.success(request, f"Added the interview on {when}.")
    elif kept.reading.kind == REJECTION:
        try:
            url = reverse("feedback:rejection_create", args=[application.pk])
        except NoReverseMatch:
            url = ""
        if url:
            messages.info(
                request,
                "Marked as rejected. Next: record how the news came and what they said, "
                "while it is fresh.",
            )
            return redirect(url)
        messages.info(request, "Marked as rejected.")
    else:
        messages.success(request, f"Moved to {application.get_status_display()}.")
    return redirect(application)
