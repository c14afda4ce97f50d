"""Views for the numbers page, the calendar feed and the CSV import and export."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_POST, require_safe

from accounts.changes import LatestChange

from . import calendar, csv_checks, csv_io, report
from .models import Application, Interview, SpreadsheetImport
from .services import AlreadyImported, ImportedApplication, applications_import
from .stats import sections_for, stats_for

IMPORT_SESSION_KEY = "applications_import"


def stats(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "applications/stats.html",
        {"stats": stats_for(user), "sections": sections_for(user)},
    )


# The search report ------------------------------------------------------------


def _report_context(request: HttpRequest) -> dict:
    user = request.user
    today = user.local_today()
    form = report.ReportRangeForm.for_request(request.GET, today)
    context = {
        "form": form,
        "report": None,
        "person": user.name or user.email,
        "made_on": today,
        "pdf_max_rows": report.PDF_MAX_ROWS,
    }
    if form.is_valid():
        context["report"] = report.report_for(
            user, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
        )
    return context


@require_safe
def search_report(request: HttpRequest) -> HttpResponse:
    """The printable page: a date range, a summary, one row per application."""
    return render(request, "applications/report.html", _report_context(request))


@require_safe
def search_report_pdf(request: HttpRequest) -> HttpResponse:
    """The same report as a PDF made on the server. A range that does not make
    sense goes back to the page, which says what to change."""
    context = _report_context(request)
    if context["report"] is None:
        return render(request, "applications/report.html", context, status=400)
    if not context["report"].fits_a_pdf:
        # Too long to make here in good time: the page says so and offers printing.
        return render(request, "applications/report.html", context)
    html = render_to_string("applications/report_pdf.html", context, request=request)
    response = HttpResponse(report.pdf_for(html), content_type="application/pdf")
    searched = context["report"]
    filename = f"rebound-search-{searched.start:%Y-%m-%d}-to-{searched.end:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Calendar ------------------------------------------------------------------------


def _feed_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("applications:calendar_feed", args=[token]))


def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed_url = _feed_url(request, request.user.calendar_token)
    _scheme, _, rest = feed_url.partition("://")
    return render(
        request,
        "applications/calendar_settings.html",
        {"feed_url": feed_url, "webcal_url": f"webcal://{rest}"},
    )


@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    request.user.reset_calendar_token()
    messages.success(
        request,
        "Your calendar link has changed and the old one no longer works. Next: add the new "
        "link to your calendar app and remove the old subscription.",
    )
    return redirect("applications:calendar_settings")


def _feed_etag(request: HttpRequest, token: str) -> str | None:
    """The feed's ETag from the person's latest change, read in one query with
    the person (kept on the request for the view); None when the link is unknown."""
    found = calendar.feed_version(token, site=request.build_absolute_uri("/"))
    if found is None:
        return None
    request.calendar_person, etag = found
    return etag


@login_not_required
@require_safe
# Calendar apps poll the feed: no shared cache may keep a copy of a private feed, and
# the app itself checks with Rebound each time (a cheap 304 when nothing changed).
@cache_control(private=True, no_cache=True)
@condition(etag_func=_feed_etag)
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's private feed: the secret token in the link stands in for a login.

    Calendar apps poll it every few hours. The ETag comes from the person's
    latest change (`calendar.feed_version`), so an unchanged feed answers a
    conditional request with "304 Not Modified" before any event is read; the
    feed itself is worked out afresh whenever it is sent. The token is checked
    against the database on every request, so a reset link stops working at once.
    """
    person = getattr(request, "calendar_person", None)
    if person is None:
        raise Http404("No calendar at this address.")
    body = calendar.feed_for(person, absolute_url=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rebound.ics"'
    return response


@require_safe
def interview_ics(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.owned_by(request.user)
        .select_related("application__company")
        .prefetch_related("interviewers"),
        pk=pk,
    )
    body = calendar.build_calendar(
        [calendar.interview_event(interview)], absolute_url=request.build_absolute_uri
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rebound-interview-{interview.pk}.ics"'
    return response


# CSV -----------------------------------------------------------------------------


# The person and their latest change to what the export holds, in one query.
EXPORT_CHANGES = LatestChange(
    lambda pk: get_user_model().objects.filter(pk=pk),
    csv_io.export_sources,
    key=-7_777_777,
    also=("pk", "time_zone"),
)


def _export_etag(request: HttpRequest) -> str | None:
    found = EXPORT_CHANGES.read(request.user.pk)
    return f'W/"{found[1]}"' if found else None


@require_safe
@condition(etag_func=_export_etag)
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The person's applications as a CSV file, streamed as it is written, so
    memory stays the same for 30 or 3,000 applications. A download of an
    unchanged export with the same ETag answers "304 Not Modified"."""
    applications = Application.objects.owned_by(request.user).order_by("date_applied", "created_at")
    response = StreamingHttpResponse(
        csv_io.export_chunks(applications, timezone.get_current_timezone()),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"rebound-applications-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _preview_context(request: HttpRequest, stored: dict) -> dict:
    results = csv_checks.check_rows(request.user, stored["rows"])
    errors = [result for result in results if result.errors]
    skipped = [result for result in results if result.skip_reason and not result.errors]
    to_import = [result for result in results if result.will_import]
    return {
        "results": results,
        "error_rows": errors,
        "skipped_rows": skipped,
        "import_rows": to_import,
        "file_name": stored.get("file_name", ""),
        "ignored_columns": stored.get("ignored_columns", []),
        "preview_id": stored.get("preview_id", ""),
    }


def import_csv(request: HttpRequest) -> HttpResponse:
    """Upload, then a preview of every row; nothing is saved until the person confirms.

    After a good upload the rows wait in the session and the page shows them
    (`?preview=1`), so reloading the preview does not send the file again.
    """
    if request.method == "POST":
        form = csv_io.ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            stored = {
                **form.parsed.to_session(),
                "file_name": form.cleaned_data["file"].name,
                # Ties the confirm button to this preview, not one opened later in another
                # tab, and makes the import happen once however often it is confirmed.
                "preview_id": secrets.token_urlsafe(16),
            }
            request.session[IMPORT_SESSION_KEY] = stored
            return redirect(reverse("applications:import_csv") + "?preview=1")
    else:
        stored = request.session.get(IMPORT_SESSION_KEY)
        if stored and request.GET.get("preview"):
            return render(
                request, "applications/import_preview.html", _preview_context(request, stored)
            )
        form = csv_io.ImportUploadForm()
    return render(request, "applications/import_form.html", {"form": form})


def _already_imported(request: HttpRequest, previous: SpreadsheetImport) -> HttpResponse:
    when = timezone.localtime(previous.created_at)
    added = previous.added
    messages.info(
        request,
        f"You already added {previous.file_name or 'this file'} at {when:%H:%M} on "
        f"{when:%-d %B}: {added} application{'s' if added != 1 else ''}, listed below. "
        "Nothing was added twice.",
    )
    request.session.pop(IMPORT_SESSION_KEY, None)
    return redirect("applications:application_list")


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("preview_id", "")
    # A second click or a retry after the first went through: say where the rows went.
    previous = SpreadsheetImport.objects.owned_by(request.user).filter(key=key).first()
    if key and previous is not None:
        return _already_imported(request, previous)
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored:
        messages.info(
            request, "That preview has expired. Choose your file again to see it and import it."
        )
        return redirect("applications:import_csv")
    if key != stored.get("preview_id"):
        messages.info(
            request,
            "You opened another file since that preview. Check this one, then add it if it "
            "looks right.",
        )
        return redirect(reverse("applications:import_csv") + "?preview=1")
    context = _preview_context(request, stored)
    if context["error_rows"] or not context["import_rows"]:
        return render(request, "applications/import_preview.html", context)
    skipped = len(context["skipped_rows"])
    try:
        saved = applications_import(
            owner=request.user,
            items=[
                ImportedApplication(values=row.values, history=row.history)
                for row in context["import_rows"]
            ],
            key=key,
            file_name=stored.get("file_name", ""),
            skipped=skipped,
        )
    except AlreadyImported as exc:
        return _already_imported(request, exc.previous)
    del request.session[IMPORT_SESSION_KEY]
    text = f"Added {saved.added} application{'s' if saved.added != 1 else ''}"
    if skipped:
        text += f" and skipped {skipped} you already had"
    messages.success(
        request, f"{text}. Next: look through the list and bring any status up to date."
    )
    return redirect("applications:application_list")
