"""Pages for the everyday tracker: applications, the board, companies,
contacts and interviews. Every lookup goes through `owned_by(request.user)`, so
another person's object is simply not found."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.db.models.deletion import RestrictedError
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DeleteView, UpdateView

from accounts import registry
from accounts.links import url_for_pk
from accounts.mixins import (
    OwnedCreateView,
    OwnedDeleteView,
    OwnedDetailView,
    OwnedListView,
    OwnedQuerysetMixin,
    OwnedUpdateView,
    OwnerFormKwargsMixin,
)
from accounts.redirects import redirect_next

from . import services, trash
from .forms import (
    ApplicationFilterForm,
    ApplicationForm,
    BoardFilterForm,
    CompanyForm,
    ContactForm,
    DocumentAttachForm,
    InterviewForm,
    StatusForm,
)
from .models import (
    CLOSED_STATUSES,
    PIPELINE_STATUSES,
    Application,
    Company,
    Contact,
    Document,
    Interview,
    Status,
    natural_next_status,
)
from .templatetags.applications_extras import out_of_five
from .timeline import build_timeline
from .views_trash import InTrashPageMixin, message_moved_to_trash

# Looking back this far for a rejection or silence at the same company.
SETBACK_WINDOW = timedelta(days=183)

STATUS_MESSAGES = {
    Status.INTERESTED: "Next: apply when you are ready, then move it to Applied.",
    Status.APPLIED: "Rebound suggests a follow-up if you hear nothing for a while.",
    Status.SCREENING: "Next: add the screening call as an interview once it is booked.",
    Status.INTERVIEWING: "Next: add the interview so Rebound can remind you to prepare.",
    Status.OFFER: "Take the time you need to decide; ask for the offer in writing.",
    Status.ACCEPTED: "Congratulations on the new role.",
    Status.WITHDRAWN: "Your notes stay here in case the company comes up again.",
    Status.NO_RESPONSE: "Letting it go frees your attention for the next one.",
    Status.REJECTED: "When you are ready, this page keeps what you need to reflect on it.",
}
# The button offered after a move to these stages (both open the interview form).
NEXT_STEP_OFFERS = {
    Status.SCREENING: "Add the screening call",
    Status.INTERVIEWING: "Add the interview",
}


def _setback_warning(user, company: Company | None, *, exclude_pk=None) -> str:
    """A gentle heads-up when this company recently said no or never answered."""
    if company is None:
        return ""
    setbacks = Application.objects.owned_by(user).setbacks_at(
        company, timezone.now() - SETBACK_WINDOW
    )
    if exclude_pk:
        setbacks = setbacks.exclude(pk=exclude_pk)
    latest = setbacks.order_by("-last_news_at").first()
    if latest is None:
        return ""
    when = timezone.localtime(latest.last_news_at).strftime("%B %Y")
    if latest.status == Status.REJECTED:
        what = f"{company.name} turned down your application for {latest.title} in {when}."
    else:
        what = f"{company.name} did not answer your application for {latest.title} ({when})."
    return (
        f"Worth knowing: {what} A different role can go differently; "
        "look at your notes from last time before you apply."
    )


# Applications ---------------------------------------------------------------


def application_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    form = ApplicationFilterForm(request.GET or None, owner=user)
    owned = Application.objects.owned_by(user)
    total = owned.count()
    applications = form.apply(owned, now=now)
    paginator = Paginator(
        applications.list_rows(days=user.no_response_days, now=now, owner=user), 25
    )
    if applications.query.where == owned.query.where:
        paginator.count = total  # no filter applies: the same applications, no second count
    page = paginator.get_page(request.GET.get("page"))
    detail_url = url_for_pk("applications:application_detail")
    for application in page.object_list:
        application["url"] = detail_url(application["pk"])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "applications/application_list.html",
        {
            "form": form,
            "filter_options": form.options(),
            "more_filters_open": form.more_filters_open,
            "page_obj": page,
            "applications": page.object_list,
            "total": total,
            "query_string": query.urlencode(),
            "company_names": _company_names(user),
        },
    )


# A board stays quick to read and to load however long the search has been:
# each column shows its most recent cards and links to the full list.
BOARD_COLUMN_LIMIT = 25
BOARD_CLOSED_COLUMN_LIMIT = 8


def application_board(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # The board's Move form sent without a card's stage button.
        messages.error(
            request, "Nothing was moved: open Move to… on the card you want to move, then choose."
        )
    form = BoardFilterForm(request.GET or None, owner=request.user)
    return render(
        request,
        "applications/application_board.html",
        {
            **_board(request.user, form),
            "form": form,
            "company_names": _company_names(request.user),
            "board_url": reverse("applications:application_board"),
        },
        status=400 if request.method == "POST" else 200,
    )


# The pipeline's columns; the closed stages fold into one lane after them.
BOARD_COLUMNS = [s for s in PIPELINE_STATUSES if s != Status.ACCEPTED]
BOARD_CLOSED = [Status.ACCEPTED, *CLOSED_STATUSES]


def move_menu_for(status: Status) -> Callable[[str], str]:
    """A card's "Move to…" buttons for cards in `status`, as a function of the card's
    status URL. The buttons are the same for every card of a column but its URL, so
    they are built once per column instead of once per card in the template (the
    board's cost is its card templating). Every stage has a button; the card's own
    is hidden, so a script that moves the card only has to swap which one is."""
    marker = "/rb-move-marker/"
    next_stage = natural_next_status(status)
    html = format_html_join(
        "",
        '<button form="board-move" formaction="{}" name="to_status" value="{}"{}>{}</button>',
        (
            (marker, value, " hidden" if value == status else "", label)
            # The stage cards here usually go to next comes first.
            for value, label in sorted(Status.choices, key=lambda c: c[0] != next_stage)
        ),
    )
    head, *parts = str(html).split(marker)
    # `url` comes from url_for_pk (a path made of the route and a number).
    return lambda url: mark_safe(head + "".join(url + part for part in parts))  # noqa: S308


def _company_names(user) -> list[str]:
    """The person's companies, for the quick add's suggestions."""
    return list(Company.objects.owned_by(user).values_list("name", flat=True))


def _board(user, form: BoardFilterForm) -> dict:
    """The board's columns (of the applications the filter lets through), each
    with its most recent cards and its full count. A card's words (the day it was
    applied for, the interest dots, how long it has been quiet) are worked out
    here, not by a template filter per card: the board's cost is its card
    templating (bench/results/profile.md). Measured on 133 cards at 300
    applications, the card loop took 7.3 ms with the filters in the template,
    4.2 ms with the words worked out here, and 2.8 ms in Jinja2; Jinja2 would
    add a second template language for the last 1.4 ms, so the board stays in
    Django's templates."""
    now = timezone.now()
    applications = form.apply(Application.objects.owned_by(user), now=now)
    counts = applications.column_counts()
    cards = applications.board_cards(
        pipeline_limit=BOARD_COLUMN_LIMIT, closed_limit=BOARD_CLOSED_COLUMN_LIMIT
    ).list_rows(days=user.no_response_days, now=now, owner=user)
    detail_url = url_for_pk("applications:application_detail")
    status_url = url_for_pk("applications:application_status")
    menus = {status: move_menu_for(status) for status in Status}
    by_status: dict[str, list[dict]] = {status: [] for status in Status.values}
    for card in cards:
        card["url"] = detail_url(card["pk"])
        card["move_menu"] = menus[card["status"]](status_url(card["pk"]))
        card["applied_on"] = (
            date_format(card["date_applied"], "j M") if card["date_applied"] else ""
        )
        card["interest_dots"] = out_of_five(card["interest"])
        # Ready strings: a number the template prints goes through localisation.
        card["interest_text"] = f"Interest: {card['interest']} of 5"
        card["pk_at"] = str(card["pk"])
        card["quiet_for"] = timesince(card["last_news_at"], now) if card["quiet"] else ""
        by_status[card["status"]].append(card)
    list_url = reverse("applications:application_list")

    def column(status: Status) -> dict:
        count = counts.get(status, 0)
        return {
            "status": status,
            "label": status.label,
            "cards": by_status[status],
            "count": count,
            "more": count - len(by_status[status]),
            "list_url": f"{list_url}?status={status}",
        }

    closed = [column(status) for status in BOARD_CLOSED]
    return {
        "columns": [column(status) for status in BOARD_COLUMNS],
        "closed_columns": closed,
        "closed_count": sum(c["count"] for c in closed),
        "total": sum(counts.values()),
    }


class ApplicationCreateView(OwnerFormKwargsMixin, CreateView):
    model = Application
    form_class = ApplicationForm
    template_name = "applications/application_form.html"

    @cached_property
    def form_helps(self) -> list[registry.FormHelp]:
        """What other apps add to this page (capture: a pasted job posting)."""
        helps = (help_for(self.request) for help_for in registry.application_form_helps)
        return [found for found in helps if found is not None]

    def get_initial(self):
        initial = {**super().get_initial(), **_initial_company(self.request)}
        for found in self.form_helps:
            initial.update(found.initial)
        return initial

    def form_valid(self, form):
        application = form.create(owner=self.request.user)
        self.object = application
        messages.success(
            self.request,
            f"Added {application.title} at {application.company.name}. "
            "Next: add any interview as soon as it is booked.",
        )
        warning = _setback_warning(
            self.request.user, application.company, exclude_pk=application.pk
        )
        if warning:
            messages.warning(self.request, warning)
        # The quick add on the board and the list comes back to where it was.
        return redirect_next(self.request, application.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        company = None
        if form.is_bound:
            company = getattr(form, "cleaned_data", {}).get("company")
        else:
            company = form.initial.get("company")
        context["company_warning"] = _setback_warning(self.request.user, company)
        context["form_helps"] = self.form_helps
        return context


class ApplicationDetailView(InTrashPageMixin, OwnedDetailView):
    model = Application
    template_name = "applications/application_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("company", "rejection")
            .prefetch_related(
                # The page shows each contact's own details, not their company.
                "contacts",
                Prefetch(
                    "interviews",
                    queryset=Interview.objects.prefetch_related(
                        Prefetch("interviewers", queryset=Contact.objects.only("name")),
                        "questions",
                    ),
                ),
                "status_changes",
                Prefetch(
                    "documents", queryset=Document.objects.only("pk", "title", "kind", "file_type")
                ),
            )
        )

    def get_object(self, queryset=None):
        application, self.timeline = self._read(queryset)
        return application

    def _read(self, queryset):
        application = super().get_object(queryset)
        return application, build_timeline(application)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            {
                "status_form": StatusForm(application=application),
                "attach_form": DocumentAttachForm(owner=self.request.user, application=application),
                "timeline": self.timeline,
                "suggest_no_response": application.suggest_no_response(
                    self.request.user.no_response_days
                ),
                # The feedback app's record of how it ended, once there is one.
                "rejection": getattr(application, "rejection", None),
                "rejection_url": reverse("feedback:rejection_create", args=[application.pk]),
                "now": timezone.now(),
                "today": self.request.user.local_today(),
            }
        )
        return context


class ApplicationUpdateView(InTrashPageMixin, OwnedQuerysetMixin, OwnerFormKwargsMixin, UpdateView):
    model = Application
    form_class = ApplicationForm
    template_name = "applications/application_form.html"

    def form_valid(self, form):
        application = form.save(commit=False)
        data = form.cleaned_data
        change = services.application_update(
            application=application,
            contacts=data["contacts"],
            new_company_name=data["new_company_name"],
            new_contact_name=data["new_contact_name"],
            new_contact_role=data["new_contact_role"],
        )
        self.object = application
        if change and change.to_status == Status.REJECTED:
            return _after_rejection(self.request, application)
        messages.success(self.request, f"Saved your changes to {application.title}.")
        return redirect(application)


class ApplicationDeleteView(InTrashPageMixin, OwnedQuerysetMixin, DeleteView):
    model = Application
    template_name = "applications/application_confirm_delete.html"
    success_url = reverse_lazy("applications:application_list")

    def form_valid(self, form):
        # Deleting moves it to the trash, where it can be restored for 30 days.
        trash.application_trash(application=self.object)
        message_moved_to_trash(self.request, self.object)
        return redirect(self.success_url)


def _after_rejection(request: HttpRequest, application: Application) -> HttpResponse:
    messages.info(
        request,
        "Marked as rejected. Next: record how the news came and what they said, while it is fresh.",
    )
    return redirect("feedback:rejection_create", application.pk)
    return redirect(application)


@require_POST
def application_status(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.owned_by(request.user), pk=pk)
    form = StatusForm(request.POST)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        if wants_json:
            return JsonResponse(
                {"ok": False, "error": "Choose a status from the list."}, status=400
            )
        messages.error(request, "Choose a status from the list, then press Move.")
        return redirect_next(request, application.get_absolute_url())
    to_status = form.cleaned_data["to_status"]
    change = services.application_change_status(
        application=application, to_status=to_status, note=form.cleaned_data["note"]
    )
    label = Status(to_status).label
    if change is None:
        message = f"{application.title} is already in {label}."
    else:
        message = f"Moved {application.title} to {label}. {STATUS_MESSAGES[to_status]}"
    # Moved to Screening or Interviewing: the next thing is to add the call or the
    # interview, one click away.
    offer = {}
    if change is not None and to_status in NEXT_STEP_OFFERS:
        offer = {
            "url": reverse("applications:interview_create", args=[application.pk]),
            "text": NEXT_STEP_OFFERS[to_status],
        }
    if wants_json:
        redirect_to = ""
        if change is not None and to_status == Status.REJECTED:
            redirect_to = reverse("feedback:rejection_create", args=[application.pk])
            messages.info(request, message)
        return JsonResponse(
            {
                "ok": True,
                "status": to_status,
                "label": label,
                "message": message,
                "redirect": redirect_to,
                "offer": offer,
            }
        )
    if change is not None and to_status == Status.REJECTED:
        return _after_rejection(request, application)
    if change is None:
        messages.info(request, message)
    elif offer:
        # The offer is a button in the message, so it is not missed.
        messages.success(
            request,
            format_html(
                '{} <a class="btn btn-sm btn-primary ms-1" href="{}">{}</a>',
                message,
                offer["url"],
                offer["text"],
            ),
        )
    else:
        messages.success(request, message)
    return redirect_next(request, application.get_absolute_url())


@require_POST
def application_keep_waiting(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.owned_by(request.user), pk=pk)
    services.application_keep_waiting(application=application)
    messages.info(
        request,
        f"Keeping {application.title} open. Rebound asks again if there is still no news "
        f"in {request.user.no_response_days} days.",
    )
    return redirect_next(request, application.get_absolute_url())


# Companies ------------------------------------------------------------------


class CompanyListView(OwnedListView):
    model = Company
    template_name = "applications/company_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                application_count=Count(
                    "applications",
                    filter=Q(applications__deleted_at__isnull=True),
                    distinct=True,
                ),
                contact_count=Count("contacts", distinct=True),
            )
            .order_by(Lower("name"), "pk")
        )


class CompanyDetailView(OwnedDetailView):
    model = Company
    template_name = "applications/company_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["applications"] = (
            Application.objects.owned_by(self.request.user)
            .filter(company=self.object)
            .order_by("-updated_at")
        )
        context["contacts"] = self.object.contacts.all()
        context["company_warning"] = _setback_warning(self.request.user, self.object)
        return context


class CompanyFormMixin:
    """The last line behind CompanyForm.clean_name: two saves of one name at the same moment
    both pass the check, and the database's unique constraint refuses the second. Say so
    beside the field, with everything typed kept, instead of a server error."""

    model = Company
    form_class = CompanyForm
    template_name = "applications/company_form.html"

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            name = form.cleaned_data["name"]
            form.add_error(
                "name",
                f"You already have a company called {name}. Choose another name or edit that one.",
            )
            return self.form_invalid(form)


class CompanyCreateView(CompanyFormMixin, OwnedCreateView):
    success_message = "Added {object.name}. Next: add an application or a contact there."


class CompanyUpdateView(CompanyFormMixin, OwnedUpdateView):
    success_message = "Saved your changes to {object.name}."


class CompanyDeleteView(OwnedDeleteView):
    model = Company
    template_name = "applications/company_confirm_delete.html"
    success_url = reverse_lazy("applications:company_list")
    success_message = "Deleted {object.name}. Its contacts are kept, without a company."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = self.object.applications.all()
        context["application_count"] = applications.filter(deleted_at__isnull=True).count()
        context["trashed_count"] = applications.filter(deleted_at__isnull=False).count()
        return context

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except RestrictedError:
            messages.error(
                self.request,
                f"{self.object.name} still has applications (perhaps in the trash). "
                "Delete them or empty the trash first, then try again.",
            )
            return redirect(self.object)


def _initial_company(request: HttpRequest) -> dict:
    """A new application or contact at the company whose page it was started from."""
    company_id = request.GET.get("company", "")
    if company_id.isdigit():
        company = Company.objects.owned_by(request.user).filter(pk=company_id).first()
        if company:
            return {"company": company}
    return {}


# Contacts -------------------------------------------------------------------


class ContactFormMixin:
    model = Contact
    form_class = ContactForm
    template_name = "applications/contact_form.html"


class ContactListView(OwnedListView):
    model = Contact
    template_name = "applications/contact_list.html"
    paginate_by = 50

    def get_queryset(self):
        return super().get_queryset().select_related("company")


class ContactDetailView(OwnedDetailView):
    model = Contact
    template_name = "applications/contact_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["applications"] = (
            Application.objects.owned_by(self.request.user)
            .filter(contacts=self.object)
            .with_company()
        )
        context["interviews"] = (
            Interview.objects.owned_by(self.request.user)
            .filter(interviewers=self.object)
            .select_related("application__company")
        )
        return context


class ContactCreateView(ContactFormMixin, OwnedCreateView):
    success_message = "Added {object.name}. You can link them to an application from its edit page."

    def get_initial(self):
        return {**super().get_initial(), **_initial_company(self.request)}


class ContactUpdateView(ContactFormMixin, OwnedUpdateView):
    success_message = "Saved your changes to {object.name}."


class ContactDeleteView(OwnedDeleteView):
    model = Contact
    template_name = "applications/contact_confirm_delete.html"
    success_url = reverse_lazy("applications:contact_list")
    success_message = "Deleted {object.name}."


# Interviews -----------------------------------------------------------------


def _interview_form_page(request, form, application, interview=None) -> HttpResponse:
    return render(
        request,
        "applications/interview_form.html",
        {"form": form, "application": application, "interview": interview},
    )


def interview_create(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.owned_by(request.user).select_related("company"), pk=pk
    )
    form = InterviewForm(request.POST or None, owner=request.user, application=application)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        interview = services.interview_save(
            interview=form.save(commit=False),
            interviewers=data["interviewers"],
            questions=data["questions"],
            new_interviewer_name=data["new_interviewer_name"],
            move_to_interviewing=data.get("move_to_interviewing", False),
        )
        when = timezone.localtime(interview.starts_at)
        if interview.starts_at < timezone.now():
            # Already over: the useful next step is a record of how it went.
            messages.success(
                request,
                f"Interview saved for {when:%A %-d %B at %H:%M}. Next: note how it went, "
                "your gut rating and the questions they asked.",
            )
            return redirect("applications:interview_update", interview.pk)
        messages.success(
            request,
            f"Interview saved for {when:%A %-d %B at %H:%M}. "
            "The day before, preparing for it appears on your home page.",
        )
        return redirect(application)
    return _interview_form_page(request, form, application)


class InterviewDetailView(OwnedDetailView):
    model = Interview
    template_name = "applications/interview_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("application__company")
            .prefetch_related(
                Prefetch("interviewers", queryset=Contact.objects.select_related("company")),
                "questions",
            )
        )


def interview_update(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        Interview.objects.owned_by(request.user).select_related("application__company"), pk=pk
    )
    application = interview.application
    form = InterviewForm(
        request.POST or None, instance=interview, owner=request.user, application=application
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.interview_save(
            interview=form.save(commit=False),
            interviewers=data["interviewers"],
            questions=data["questions"],
            new_interviewer_name=data["new_interviewer_name"],
        )
        messages.success(request, "Saved the interview. Your questions are kept for practice.")
        return redirect(interview)
    return _interview_form_page(request, form, application, interview)


class InterviewDeleteView(OwnedDeleteView):
    model = Interview
    template_name = "applications/interview_confirm_delete.html"
    success_message = "Deleted the interview and its questions."

    def get_queryset(self):
        return super().get_queryset().select_related("application__company")

    def get_success_url(self):
        return self.object.application.get_absolute_url()
