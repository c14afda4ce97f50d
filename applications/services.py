"""Workflows that touch several rows: each one is all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.files import files_delete_on_commit

from .documents import safe_file_name
from .models import (
    SENT_STATUSES,
    Application,
    Company,
    Contact,
    Document,
    Interview,
    InterviewQuestion,
    SpreadsheetImport,
    Status,
    StatusChange,
)


def moment_of(day, now=None) -> datetime:
    """When something the person dated happened, for the status history: the start
    of that day in their time zone, or now for today, a day to come or no date."""
    now = now or timezone.now()
    if day is None or day >= timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.combine(day, time.min))


def status_change_redate(
    *, application: Application, to_status: str, when: datetime, only_earlier: bool = False
) -> None:
    """Put the first move to `to_status` at `when`, the date the person gave for it
    (date applied, first interview, day heard), kept between the changes before
    and after it so the history stays in order. An application entered after the
    fact then shows the time it really spent in each stage, not the moment it was typed in."""
    changes = list(application.status_changes.order_by("changed_at", "pk"))
    index = next((i for i, c in enumerate(changes) if c.to_status == to_status), None)
    if index is None:
        return
    change = changes[index]
    if only_earlier and when >= change.changed_at:
        return
    if index > 0:
        when = max(when, changes[index - 1].changed_at)
    upper = changes[index + 1].changed_at if index + 1 < len(changes) else timezone.now()
    when = min(when, upper)
    if when != change.changed_at:
        StatusChange.objects.filter(pk=change.pk).update(changed_at=when)


def company_for_name(*, owner, name: str) -> Company:
    """The person's company with this name (any letter case), created if it is new."""
    name = name.strip()
    company = Company.objects.owned_by(owner).filter(name__iexact=name).first()
    if company is None:
        company = Company.objects.create(owner=owner, name=name)
    return company


def _add_new_contact(
    *, application: Application, name: str, role: str, company: Company | None
) -> Contact | None:
    name = name.strip()
    if not name:
        return None
    contact = Contact.objects.create(
        owner=application.owner, company=company, name=name, role=role or Contact.Role.OTHER
    )
    application.contacts.add(contact)
    return contact


@transaction.atomic
def application_create(
    *,
    application: Application,
    contacts: Iterable[Contact] | None = None,
    note: str = "",
    new_company_name: str = "",
    new_contact_name: str = "",
    new_contact_role: str = "",
) -> Application:
    """Save a new application and open its history with its first status.

    A company or contact typed in by name on the same form is created here, so a
    failure anywhere leaves none of them behind.
    """
    if new_company_name.strip():
        application.company = company_for_name(owner=application.owner, name=new_company_name)
    if application.status in SENT_STATUSES and application.date_applied is None:
        application.date_applied = timezone.localdate()
    application.last_news_at = timezone.now()
    application.save()
    if contacts is not None:
        application.contacts.set(contacts)
    _add_new_contact(
        application=application,
        name=new_contact_name,
        role=new_contact_role,
        company=application.company,
    )
    now = timezone.now()
    applied_at = moment_of(application.date_applied, now)
    if application.status == Status.APPLIED or application.status not in SENT_STATUSES:
        StatusChange.objects.create(
            application=application,
            from_status="",
            to_status=application.status,
            note=note,
            changed_at=applied_at if application.status == Status.APPLIED else now,
        )
    else:
        # Entered after the fact at a later stage: it was sent on the date applied.
        StatusChange.objects.create(
            application=application, from_status="", to_status=Status.APPLIED, changed_at=applied_at
        )
        StatusChange.objects.create(
            application=application,
            from_status=Status.APPLIED,
            to_status=application.status,
            note=note,
            changed_at=now,
        )
    return application


@transaction.atomic
def application_update(
    *,
    application: Application,
    contacts: Iterable[Contact] | None = None,
    new_company_name: str = "",
    new_contact_name: str = "",
    new_contact_role: str = "",
) -> StatusChange | None:
    """Save edits to an application.

    A different status on the form goes through `application_change_status`, so
    the history stays complete. Returns that change, if there was one.
    """
    if new_company_name.strip():
        application.company = company_for_name(owner=application.owner, name=new_company_name)
    wanted_status = application.status
    stored_status, stored_applied = Application.objects.values_list("status", "date_applied").get(
        pk=application.pk
    )
    application.status = stored_status
    application.last_news_at = timezone.now()
    application.save()
    if contacts is not None:
        application.contacts.set(contacts)
    _add_new_contact(
        application=application,
        name=new_contact_name,
        role=new_contact_role,
        company=application.company,
    )
    if application.date_applied and application.date_applied != stored_applied:
        status_change_redate(
            application=application,
            to_status=Status.APPLIED,
            when=moment_of(application.date_applied),
        )
    return application_change_status(application=application, to_status=wanted_status)


@transaction.atomic
def application_change_status(
    *, application: Application, to_status: str, note: str = "", when=None
) -> StatusChange | None:
    """Move an application to another stage and keep the change in its history.

    Returns None when the status is already `to_status` (nothing to record).
    Reaching a "sent" stage without a date applied fills it in with the day of
    the change.
    """
    if to_status not in Status.values:
        raise ValueError(f"Unknown status {to_status!r}")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status == to_status:
        return None
    when = when or timezone.now()
    # A dated move (an interview or an answer entered after the fact) never lands
    # before what the history already holds.
    last = locked.status_changes.order_by("-changed_at", "-pk").first()
    if last is not None and when < last.changed_at:
        when = last.changed_at
    change = StatusChange.objects.create(
        application=locked,
        from_status=locked.status,
        to_status=to_status,
        changed_at=when,
        note=note,
    )
    fields = {"status": to_status, "last_news_at": when, "updated_at": timezone.now()}
    if to_status in SENT_STATUSES and locked.date_applied is None:
        fields["date_applied"] = timezone.localdate(when)
        application.date_applied = fields["date_applied"]
    Application.objects.filter(pk=locked.pk).update(**fields)
    application.status = to_status
    application.last_news_at = when
    return change


@transaction.atomic
def application_keep_waiting(*, application: Application) -> None:
    """The person chose to keep waiting: the "no response" suggestion starts over."""
    now = timezone.now()
    Application.objects.filter(pk=application.pk).update(last_news_at=now, updated_at=now)
    application.last_news_at = now


def parse_questions(text: str) -> list[str]:
    """One question per line; blank lines and surrounding spaces dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@transaction.atomic
def interview_set_questions(*, interview: Interview, questions: list[str]) -> None:
    """Replace the interview's questions, keeping the rows of questions that stay
    (practice may point at them)."""
    existing = {q.text: q for q in interview.questions.all()}
    keep_ids = []
    for position, text in enumerate(questions):
        question = existing.pop(text, None)
        if question is None:
            question = InterviewQuestion.objects.create(
                interview=interview, text=text, position=position
            )
        elif question.position != position:
            question.position = position
            question.save(update_fields=["position"])
        keep_ids.append(question.pk)
    interview.questions.exclude(pk__in=keep_ids).delete()


@transaction.atomic
def interview_save(
    *,
    interview: Interview,
    interviewers: Iterable[Contact] | None = None,
    questions: list[str] | None = None,
    new_interviewer_name: str = "",
    move_to_interviewing: bool = False,
) -> Interview:
    """Create or update an interview with its interviewers and questions.

    Scheduling one counts as news from the company; `move_to_interviewing`
    also moves an application that has not reached that stage yet.
    """
    application = interview.application
    interview.save()
    if interviewers is not None:
        interview.interviewers.set(interviewers)
    name = new_interviewer_name.strip()
    if name:
        contact = Contact.objects.create(
            owner=application.owner,
            company=application.company,
            name=name,
            role=Contact.Role.INTERVIEWER,
        )
        interview.interviewers.add(contact)
        application.contacts.add(contact)
    if questions is not None:
        interview_set_questions(interview=interview, questions=questions)
    if move_to_interviewing and application.status in (
        Status.INTERESTED,
        Status.APPLIED,
        Status.SCREENING,
    ):
        application_change_status(
            application=application,
            to_status=Status.INTERVIEWING,
            when=min(interview.starts_at, timezone.now()),
        )
    else:
        # An interview already held, entered after the move: interviewing began then.
        status_change_redate(
            application=application,
            to_status=Status.INTERVIEWING,
            when=min(interview.starts_at, timezone.now()),
            only_earlier=True,
        )
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(last_news_at=now, updated_at=now)
    return interview


@transaction.atomic
def application_create_with_history(
    *, application: Application, history: list[tuple[datetime, str]]
) -> Application:
    """Create one application whose history happened in the past (the demo data):
    it opens with the first status at its date, then each change is recorded
    through the usual service."""
    first_when, first_status = history[0]
    application.status = first_status
    application_create(application=application)
    application.status_changes.update(changed_at=first_when)
    Application.objects.filter(pk=application.pk).update(last_news_at=first_when)
    application.last_news_at = first_when
    for when, status in history[1:]:
        application_change_status(application=application, to_status=status, when=when)
    return application


@dataclass
class ImportedApplication:
    """One checked row of an import: the application form's cleaned values (with
    the company's name under "company") and the dated steps of its history."""

    values: dict
    history: list[tuple[date, str]] = field(default_factory=list)


class AlreadyImported(Exception):
    def __init__(self, previous: SpreadsheetImport):
        super().__init__(previous.key)
        self.previous = previous


def _companies_by_name(*, owner, names: list[str]) -> dict[str, Company]:
    """The person's company for each name (any letter case), the new ones created
    in one statement."""
    companies = {c.name.casefold(): c for c in Company.objects.owned_by(owner)}
    new = {name.casefold(): name for name in names if name.casefold() not in companies}
    if new:
        # A company saved meanwhile under the same name is left as it is (no error).
        Company.objects.bulk_create(
            [Company(owner=owner, name=name) for name in new.values()], ignore_conflicts=True
        )
        companies = {c.name.casefold(): c for c in Company.objects.owned_by(owner)}
    for folded, name in new.items():
        if folded not in companies:
            # Names the database's lower() matches but Python's casefold() does not
            # ("İ" and "i"): ask the database which company it is.
            companies[folded] = (
                Company.objects.owned_by(owner)
                .annotate(lower_name=Lower("name"))
                .get(lower_name=Lower(Value(name)))
            )
    return companies


def _status_steps(
    item: ImportedApplication, *, tz, now: datetime
) -> list[tuple[datetime, str, str]]:
    """(when, from, to) for each change of status, as `application_change_status`
    would have recorded them: a step to the status it already has records nothing."""
    status = item.values["status"]
    if item.history:
        steps = [(datetime.combine(day, time(12), tzinfo=tz), s) for day, s in item.history]
        if steps[-1][1] != status:
            steps.append((now, status))
    else:
        start = item.values.get("date_applied")
        steps = [(datetime.combine(start, time(12), tzinfo=tz) if start else now, status)]
    changes, previous = [], ""
    for when, to_status in steps:
        if to_status != previous:
            changes.append((when, previous, to_status))
            previous = to_status
    return changes


@transaction.atomic
def applications_import(
    *, owner, items: list[ImportedApplication], key: str, file_name: str = "", skipped: int = 0
) -> SpreadsheetImport:
    """Save checked rows as applications with their histories, all or nothing, in
    a few statements whatever the number of rows (an import of 2,000 rows must
    finish well inside a request's time limit).

    `key` is the preview's one-time id: when an import with this key is already
    saved (a second click, a retry), raises `AlreadyImported` and adds nothing.
    """
    # Two confirms of one preview at once: the second waits here, then finds the first.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
    previous = SpreadsheetImport.objects.filter(owner=owner, key=key).first()
    if previous is not None:
        raise AlreadyImported(previous)
    tz, now = owner.zone, timezone.now()
    companies = _companies_by_name(owner=owner, names=[i.values["company"] for i in items])
    applications, all_steps = [], []
    for item in items:
        values = {name: value for name, value in item.values.items() if name != "company"}
        steps = _status_steps(item, tz=tz, now=now)
        date_applied = values.pop("date_applied", None)
        if date_applied is None:
            # As `application_change_status`: reaching a "sent" stage dates the application.
            sent = next((when for when, _from, to in steps if to in SENT_STATUSES), None)
            date_applied = timezone.localdate(sent, tz) if sent else None
        applications.append(
            Application(
                owner=owner,
                company=companies[item.values["company"].casefold()],
                date_applied=date_applied,
                last_news_at=steps[-1][0],
                **values,
            )
        )
        all_steps.append(steps)
    Application.objects.bulk_create(applications, batch_size=500)
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                application=application, from_status=from_status, to_status=to, changed_at=when
            )
            for application, steps in zip(applications, all_steps, strict=True)
            for when, from_status, to in steps
        ],
        batch_size=1000,
    )
    return SpreadsheetImport.objects.create(
        owner=owner, key=key, file_name=file_name[:255], added=len(items), skipped=skipped
    )


# Documents ------------------------------------------------------------------


def document_create(
    *,
    owner,
    upload,
    file_type: str,
    title: str,
    kind: str,
    applications: Iterable[Application] = (),
) -> Document:
    """Keep an uploaded document (its type already read from its content) and
    link it to the applications it went with. The file is stored first; if the
    rows cannot be saved, the file is removed again."""
    document = Document(
        owner=owner,
        title=title,
        kind=kind,
        file_type=file_type,
        file_name=safe_file_name(upload.name, file_type),
        size=upload.size,
    )
    document.file.save(upload.name, upload, save=False)  # Named by `document_upload_to`.
    try:
        with transaction.atomic():
            document.save()
            document.applications.set(applications)
    except BaseException:
        default_storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_update(
    *, document: Document, title: str, kind: str, applications: Iterable[Application]
) -> Document:
    """Rename it, or change which applications it went with. Links to
    applications in the trash are kept: restoring one brings its documents back."""
    document.title, document.kind = title, kind
    document.save(update_fields=["title", "kind", "updated_at"])
    in_trash = document.applications.filter(deleted_at__isnull=False)
    document.applications.set([*applications, *in_trash])
    return document


@transaction.atomic
def document_delete(*, document: Document) -> None:
    name = document.file.name
    document.delete()
    files_delete_on_commit([name])


def documents_delete_with(*, applications) -> int:
    """Delete the documents that went only with these applications (which are
    being deleted for good), files and all. A document also sent with another
    application stays. Call inside the transaction that deletes them."""
    ids = applications.values("pk")
    links = Document.applications.through.objects
    documents = Document.objects.filter(pk__in=links.filter(application__in=ids).values("document"))
    documents = documents.exclude(pk__in=links.exclude(application__in=ids).values("document"))
    names = list(documents.values_list("file", flat=True))
    count, _ = documents.delete()
    files_delete_on_commit(names)
    return len(names)
