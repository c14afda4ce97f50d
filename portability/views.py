"""Export everything (JSON, or CSV files in a zip) and import it into an empty account."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.ownership import owned_models

from .forms import ImportForm
from .services import (
    ImportRefused,
    data_export_csv_zip,
    data_export_json,
    data_import,
    owned_row_count,
    parse_export,
)


def _counts(user) -> list[tuple[str, int]]:
    counts = []
    for owned in owned_models():
        count = owned.rows_of(user).count()
        if count:
            counts.append((str(owned.model._meta.verbose_name_plural).capitalize(), count))
    return counts


def _filename(extension: str) -> str:
    return f"rebound-export-{timezone.localdate().isoformat()}.{extension}"


@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/data_export.html",
        {"counts": _counts(request.user), "active": "export"},
    )


@require_GET
def export_json_file(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        data_export_json(user=request.user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return response


@require_GET
def export_csv_zip(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(data_export_csv_zip(user=request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_filename("zip")}"'
    return response


def import_page(request: HttpRequest) -> HttpResponse:
    account_is_empty = owned_row_count(user=request.user) == 0
    form = ImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        try:
            data = parse_export(form.cleaned_data["file"].read())
            summary = data_import(user=request.user, data=data)
        except ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                f"Imported {summary.total} record{'s' if summary.total != 1 else ''}: your "
                "applications, notes and practice are here as they were. Next: look at "
                "what to do now.",
            )
            return redirect("home")
    return render(
        request,
        "accounts/data_import.html",
        {"form": form, "account_is_empty": account_is_empty, "active": "import"},
    )
