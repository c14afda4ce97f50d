"""Documents: the CV or cover letter that went with applications.

A file is handed out only by `document_download`, looked up through the
person's own documents, so another person's document is "not found" like any
other row; nothing under MEDIA_ROOT is ever served from a public address.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.concurrency import one_save_at_a_time
from accounts.mixins import OwnedDeleteView

from . import services
from .documents import FILE_TYPES, size_in_words
from .forms import DocumentAttachForm, DocumentForm
from .models import Application, Document

CONTENT_TYPES = {code: t.content_type for code, t in FILE_TYPES.items()}
# Applications in the trash are not counted or listed until they are restored.
Q_ACTIVE = Q(applications__deleted_at__isnull=True)


def _own_documents(request: HttpRequest):
    return Document.objects.owned_by(request.user)


def _sent_with():
    return Prefetch(
        "applications",
        queryset=Application.objects.filter(deleted_at__isnull=True).select_related("company"),
        to_attr="sent_with",
    )


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    documents = _own_documents(request).annotate(sent_count=Count("applications", filter=Q_ACTIVE))
    return render(request, "applications/document_list.html", {"object_list": documents})


def document_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    wanted = request.GET.get("application", "")
    application = None
    if wanted.isdigit():
        application = Application.objects.owned_by(request.user).filter(pk=wanted).first()
        if application is not None:
            initial["applications"] = [application.pk]
    form = DocumentForm(
        *((request.POST, request.FILES) if request.method == "POST" else ()),
        owner=request.user,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        document = services.document_create(
            owner=request.user,
            upload=data["upload"],
            file_type=form.file_type,
            title=data["title"],
            kind=data["kind"],
            applications=data["applications"],
        )
        messages.success(
            request,
            f"Kept “{document.title}” ({document.get_file_type_display()}, "
            f"{size_in_words(document.size)}).",
        )
        sent_with = list(data["applications"])
        if len(sent_with) == 1:
            return redirect(sent_with[0])
        return redirect(document)
    return render(
        request, "applications/document_form.html", {"form": form, "application": application}
    )


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(_own_documents(request).prefetch_related(_sent_with()), pk=pk)
    return render(
        request,
        "applications/document_detail.html",
        {"document": document, "object": document, "size": size_in_words(document.size)},
    )


def document_update(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(_own_documents(request), pk=pk)
    form = DocumentForm(request.POST or None, instance=document, owner=request.user)
    if request.method == "POST":
        # Another tab's save in the meantime is shown, not overwritten.
        with one_save_at_a_time(document):
            saved = form.is_valid()
            if saved:
                data = form.cleaned_data
                services.document_update(
                    document=document,
                    title=data["title"],
                    kind=data["kind"],
                    applications=data["applications"],
                )
        if saved:
            messages.success(request, f"Saved your changes to “{document.title}”.")
            return redirect(document)
    return render(request, "applications/document_form.html", {"form": form, "document": document})


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(_own_documents(request), pk=pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The file is missing from storage.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.file_name,
        content_type=CONTENT_TYPES[document.file_type],
    )
    response["Cache-Control"] = "private, no-store"
    return response


class DocumentDeleteView(OwnedDeleteView):
    model = Document
    template_name = "applications/document_confirm_delete.html"
    success_url = reverse_lazy("applications:document_list")

    def form_valid(self, form):
        title = self.object.title
        services.document_delete(document=self.object)
        messages.success(self.request, f"Deleted “{title}” and its file.")
        return redirect(self.success_url)


@require_POST
def document_attach(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.owned_by(request.user), pk=pk)
    form = DocumentAttachForm(request.POST, owner=request.user, application=application)
    if form.is_valid():
        document = form.cleaned_data["document"]
        document.applications.add(application)
        messages.success(request, f"Noted that “{document.title}” went with this application.")
    else:
        messages.error(request, " ".join(form.errors["document"]))
    return redirect(application)


@require_http_methods(["GET", "POST"])
def document_detach(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """GET asks first (a page, no script needed); POST takes the document off
    the application's list. The document itself stays."""
    application = get_object_or_404(
        Application.objects.owned_by(request.user).select_related("company"), pk=pk
    )
    document = get_object_or_404(_own_documents(request), pk=document_pk)
    if request.method == "GET":
        return render(
            request,
            "applications/document_confirm_detach.html",
            {"object": application, "document": document},
        )
    document.applications.remove(application)
    messages.success(
        request,
        f"“{document.title}” is no longer listed with this application. The document itself "
        "is still in your documents.",
    )
    return redirect(application)
