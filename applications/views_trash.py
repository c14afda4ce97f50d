"""The trash: applications deleted in the last 30 days, with restore and empty."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from . import trash
from .models import Application


def message_moved_to_trash(request: HttpRequest, application: Application) -> None:
    """The success message after a delete, with an Undo button (a small POST form)."""
    html = render_to_string(
        "applications/includes/trash_undo_message.html",
        {"application": application, "trash_days": trash.TRASH_DAYS},
        request=request,
    )
    # Rendered from a template that escapes the title; the message storage keeps
    # the "safe" mark so the Undo form is shown as a form, not as text.
    messages.success(request, mark_safe(html.strip()))  # noqa: S308


def in_trash_page(request: HttpRequest, pk) -> HttpResponse | None:
    """For the owner of an application in the trash (Back after "Move to the
    trash", an old link): where it is, with a button to restore it. Still a 404
    (the page is not there until it is restored). None for anyone else, whose
    answer stays a plain "not found" that confirms nothing."""
    if not request.user.is_authenticated or not str(pk).isdigit():
        return None
    application = Application.objects.in_trash_of(request.user).with_company().filter(pk=pk).first()
    if application is None:
        return None
    return render(
        request,
        "applications/application_in_trash.html",
        {
            "application": application,
            "kept_until": trash.trash_expires_at(application),
            "trash_days": trash.TRASH_DAYS,
        },
        status=404,
    )


class InTrashPageMixin:
    """For the views of one application: when it is in the trash, its owner sees
    `in_trash_page` instead of "not found"."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            page = in_trash_page(request, kwargs.get("pk"))
            if page is None:
                raise
            return page


def trash_list(request: HttpRequest) -> HttpResponse:
    applications = (
        Application.objects.in_trash_of(request.user)
        .with_company()
        .annotate(
            kept_until=ExpressionWrapper(
                F("deleted_at") + timedelta(days=trash.TRASH_DAYS),
                output_field=DateTimeField(),
            )
        )
        .order_by("-deleted_at", "-pk")
    )
    return render(
        request,
        "applications/trash.html",
        {"applications": applications, "trash_days": trash.TRASH_DAYS},
    )


@require_POST
def trash_restore(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.in_trash_of(request.user), pk=pk)
    trash.application_restore(application=application)
    messages.success(
        request, f"Restored {application.title} with its history, interviews and notes."
    )
    return redirect(application)


def trash_empty(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm; POST deletes everything in the trash for good."""
    if request.method == "POST":
        count = trash.trash_empty(owner=request.user)
        if count:
            messages.success(
                request,
                f"Deleted {count} application{'s' if count != 1 else ''} for good. "
                "Your companies, contacts, stories and practice plans are kept.",
            )
        else:
            messages.info(request, "The trash was already empty.")
        return redirect("applications:trash")
    count = Application.objects.in_trash_of(request.user).count()
    return render(request, "applications/trash_confirm_empty.html", {"count": count})
