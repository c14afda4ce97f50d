"""What the API and the MCP server can do, as plain functions of the person.

Both the REST routes (api/v1.py) and the MCP tools (api/mcp_server.py) call
these, and these call the same forms and services as the pages, so every rule
(dates that agree, ownership, the status history) holds the same way. Another
person's id is `Http404`; bad input is `FormErrors`, field by field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils import timezone

from applications import services as application_services
from applications.forms import ApplicationFilterForm, ApplicationForm, StatusForm
from applications.models import LIST_ROW_FIELDS, Application, Interview, Status
from applications.trash import application_trash
from feedback.loop import loop_state
from feedback.models import Rejection
from feedback.services import comparison_summary, rejection_compare
from practice.forms import AttemptForm
from practice.models import Plan, PlanItem
from practice.services import attempt_record, next_item_to_practise
from reminders.forms import ActionChoiceForm
from reminders.services import SNOOZE_CHOICES, action_set_state, actions_for

from .pagination import BadCursor, after_cursor, cursor_for, keyset_page, ordered

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
BAD_CURSOR = "Use the next_cursor of the previous page, with the same sort."


class FormErrors(Exception):
    """Input the form refused: `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("Check the fields and try again.")
        self.errors = errors


def _errors_of(form) -> dict[str, list[str]]:
    return {
        field: [e["message"] for e in errs] for field, errs in form.errors.get_json_data().items()
    }


def _form_data(data: dict[str, Any]) -> QueryDict:
    """JSON values as a browser would post them (lists for several values)."""
    query = QueryDict(mutable=True)
    for key, value in (data or {}).items():
        values = value if isinstance(value, list) else [value]
        query.setlist(str(key), ["" if v is None else str(v) for v in values])
    return query


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _limit(limit: int | None) -> int:
    return max(1, min(int(limit or PAGE_SIZE), MAX_PAGE_SIZE))


def _page(rows, ordering: list[str], sort: str, cursor: str, limit: int, to_dict) -> dict:
    """A page of `rows` by keyset (api/pagination.py), as the API's lists answer."""
    try:
        items, next_cursor = keyset_page(
            ordered(rows, ordering),
            ordering=ordering,
            sort=sort,
            cursor=cursor,
            limit=_limit(limit),
        )
    except BadCursor:
        raise FormErrors({"cursor": [BAD_CURSOR]}) from None
    return {"items": [to_dict(row) for row in items], "next_cursor": next_cursor}


# Applications


def _application_dict(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "title": application.title,
        "company": application.company.name if application.company_id else "",
        "status": application.status,
        "status_label": Status(application.status).label,
        "date_applied": _iso(application.date_applied),
        "interest": application.interest,
        "posting_url": application.posting_url,
        "location": application.location,
        "work_mode": application.work_mode,
        "notes": application.notes,
        "updated_at": _iso(application.updated_at),
        "url": application.get_absolute_url(),
    }


def _owned_application(user, application_id: int) -> Application:
    return get_object_or_404(
        Application.objects.owned_by(user).select_related("company"), pk=application_id
    )


def applications_search(
    user, filters: dict[str, Any], *, cursor: str = "", limit: int = PAGE_SIZE
) -> dict[str, Any]:
    """The list page's search, filters and sort (ApplicationFilterForm), a page at a time.

    The cursor is a signed keyset (api/pagination.py): the sort values of the last
    row sent, whose ordering always ends with the id, so the next page starts
    right after it even when rows were added in between."""
    limit = _limit(limit)
    now = timezone.now()
    form = ApplicationFilterForm(_form_data(filters) if filters else None, owner=user)
    rows = form.apply(Application.objects.owned_by(user), now=now)
    if form.is_bound and form.errors:
        raise FormErrors(_errors_of(form))
    ordering, sort = form.ordering(), form.sort_key()
    if cursor:
        try:
            rows = after_cursor(rows, cursor, ordering=ordering, sort=sort)
        except BadCursor:
            raise FormErrors({"cursor": [BAD_CURSOR]}) from None
    extra = [n.lstrip("-") for n in ordering if n.lstrip("-") not in (*LIST_ROW_FIELDS, "pk")]
    page = list(
        rows.list_rows(*extra, days=user.no_response_days, now=now, owner=user)[: limit + 1]
    )
    more = len(page) > limit
    items = [
        {
            "id": row["pk"],
            "title": row["title"],
            "company": row["company_name"],
            "status": row["status"],
            "date_applied": _iso(row["date_applied"]),
            "interest": row["interest"],
            "quiet": bool(row["quiet"]),
            "updated_at": _iso(row["updated_at"]),
        }
        for row in page[:limit]
    ]
    next_cursor = cursor_for(page[limit - 1], ordering=ordering, sort=sort) if more else None
    return {"items": items, "next_cursor": next_cursor}


def application_read(user, application_id: int) -> dict[str, Any]:
    return _application_dict(_owned_application(user, application_id))


def application_add(user, data: dict[str, Any]) -> dict[str, Any]:
    """Through ApplicationForm.create, the add page's own path."""
    form = ApplicationForm(_form_data(data), owner=user)
    if not form.is_valid():
        raise FormErrors(_errors_of(form))
    return application_read(user, form.create(owner=user).pk)


def application_add_from_posting(user, text: str, url: str = "") -> dict[str, Any]:
    """Read a pasted posting (capture/extract.py) and add what it says."""
    from capture.extract import extract_posting

    posting = extract_posting(text or "", url or "")
    data: dict[str, Any] = {
        "title": posting.title,
        "new_company_name": posting.company,
        "location": posting.location,
        "work_mode": posting.work_mode,
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "salary_currency": posting.salary_currency,
        "posting_url": posting.url or url,
        "description": posting.description,
        "status": Status.INTERESTED,
        "interest": 3,
    }
    return application_add(user, {k: v for k, v in data.items() if v not in ("", None)})


def application_set_status(user, application_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Through StatusForm and application_change_status, as the status buttons do."""
    application = _owned_application(user, application_id)
    form = StatusForm(_form_data(data), application=application)
    if not form.is_valid():
        raise FormErrors(_errors_of(form))
    application_services.application_change_status(
        application=application,
        to_status=form.cleaned_data["to_status"],
        note=form.cleaned_data["note"],
    )
    return application_read(user, application.pk)


def application_move_to_trash(user, application_id: int) -> None:
    application_trash(application=_owned_application(user, application_id))


# Interviews


def _interview_dict(interview: Interview) -> dict[str, Any]:
    return {
        "id": interview.pk,
        "application_id": interview.application_id,
        "round": interview.round,
        "kind": interview.kind,
        "starts_at": _iso(interview.starts_at),
        "duration_minutes": interview.duration_minutes,
        "questions": [q.text for q in interview.questions.all()],
    }


def interviews_list(
    user, application_id: int | None = None, *, cursor: str = "", limit: int = PAGE_SIZE
) -> dict[str, Any]:
    """The latest first, a page at a time."""
    interviews = Interview.objects.owned_by(user).prefetch_related("questions")
    if application_id is not None:
        interviews = interviews.filter(application=_owned_application(user, application_id))
    return _page(interviews, ["-starts_at", "-pk"], "interviews", cursor, limit, _interview_dict)


def _owned_interview(user, interview_id: int) -> Interview:
    return get_object_or_404(Interview.objects.owned_by(user), pk=interview_id)


def interview_read(user, interview_id: int) -> dict[str, Any]:
    return _interview_dict(_owned_interview(user, interview_id))


def interview_record_questions(user, interview_id: int, questions: Any) -> dict[str, Any]:
    """Replace the questions asked at an interview (one a line, or a list)."""
    interview = _owned_interview(user, interview_id)
    if isinstance(questions, list):
        text = "\n".join(str(q) for q in questions)
    elif isinstance(questions, str):
        text = questions
    else:
        raise FormErrors({"questions": ["Send the questions as a list, or one a line."]})
    parsed = application_services.parse_questions(text)
    if "\x00" in text:
        raise FormErrors({"questions": ["Remove the null characters from the questions."]})
    if any(len(q) > 2000 for q in parsed):
        raise FormErrors({"questions": ["Keep each question under 2,000 characters."]})
    application_services.interview_set_questions(interview=interview, questions=parsed)
    return interview_read(user, interview.pk)


# Rejections


def _owned_rejection(user, rejection_id: int) -> Rejection:
    return get_object_or_404(Rejection.objects.owned_by(user).for_loop(), pk=rejection_id)


def _rejection_dict(rejection: Rejection) -> dict[str, Any]:
    state = loop_state(rejection)
    return {
        "id": rejection.pk,
        "application_id": rejection.application_id,
        "received_on": _iso(rejection.received_on),
        "stage": rejection.stage,
        "loop": {
            "reflected": state.reflection is not None,
            "feedback_requested": state.request is not None,
            "call_booked": state.upcoming_call is not None,
            "call_done": state.done_call is not None,
            "own_ratings": state.has_own_ratings,
            "their_ratings": state.has_their_ratings,
            "plan_id": state.plan_id,
        },
        "url": rejection.get_absolute_url(),
    }


def rejections_list(user, *, cursor: str = "", limit: int = PAGE_SIZE) -> dict[str, Any]:
    """The latest first, a page at a time."""
    rejections = Rejection.objects.owned_by(user).for_loop()
    return _page(rejections, ["-received_on", "-pk"], "rejections", cursor, limit, _rejection_dict)


def rejection_read(user, rejection_id: int) -> dict[str, Any]:
    """The rejection, where its loop stands, and the comparison area by area."""
    rejection = _owned_rejection(user, rejection_id)
    comparisons = rejection_compare(rejection=rejection)
    return _rejection_dict(rejection) | {
        "comparison": {
            "summary": comparison_summary(comparisons),
            "areas": [
                {
                    "key": c.key,
                    "label": c.label,
                    "mine": c.mine,
                    "mine_note": c.mine_note,
                    "theirs": c.theirs,
                    "theirs_note": c.theirs_note,
                    "verdict": c.verdict,
                }
                for c in comparisons
            ],
        }
    }


# Next actions


def actions_list(user) -> list[dict[str, Any]]:
    """The home page's next actions, with the person's done and snoozed applied."""
    now = timezone.now()
    return [
        {
            "key": a.key,
            "title": a.title,
            "due": _iso(a.due),
            "is_due": a.due <= now,
            "url": a.url,
        }
        for a in actions_for(user, now)
    ]


def action_choose(user, data: dict[str, Any]) -> dict[str, Any]:
    """Done, dismissed or snoozed, through the home page's ActionChoiceForm."""
    form = ActionChoiceForm(
        _form_data(data),
        valid_keys={a.key for a in actions_for(user)},
        today=user.local_today(),
    )
    if not form.is_valid():
        raise FormErrors(_errors_of(form))
    cleaned = form.cleaned_data
    state = action_set_state(
        user=user,
        key=cleaned["key"],
        op=cleaned["op"],
        until=cleaned.get("until"),
        days=SNOOZE_CHOICES.get(cleaned.get("days") or ""),
    )
    return {"key": state.key, "state": state.state, "snoozed_until": _iso(state.snoozed_until)}


# Practice


def _item_dict(item: PlanItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "plan_id": item.plan_id,
        "kind": item.kind,
        "text": item.label,
        "due_on": _iso(item.due_on),
        "done": item.done,
    }


def plans_list(user, *, cursor: str = "", limit: int = PAGE_SIZE) -> dict[str, Any]:
    """The newest first, a page at a time."""
    return _page(
        Plan.objects.owned_by(user),
        ["-pk"],
        "plans",
        cursor,
        limit,
        lambda p: {"id": p.pk, "title": p.title, "url": p.get_absolute_url()},
    )


def plan_read(user, plan_id: int) -> dict[str, Any]:
    plan = get_object_or_404(Plan.objects.owned_by(user), pk=plan_id)
    items = plan.items.select_related("question").order_by("pk")
    return {"id": plan.pk, "title": plan.title, "items": [_item_dict(i) for i in items]}


def practice_next(user, plan_id: int | None = None) -> dict[str, Any] | None:
    """The question due soonest, in one plan or across the person's plans."""
    today = user.local_today()
    plans = Plan.objects.owned_by(user).order_by("-pk")
    if plan_id is not None:
        plans = [get_object_or_404(plans, pk=plan_id)]
    for plan in plans:
        item = next_item_to_practise(plan=plan, today=today)
        if item is not None:
            return _item_dict(item)
    return None


def practice_rate(user, item_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Keep a self-rating of an answer (AttemptForm, attempt_record)."""
    item = get_object_or_404(
        PlanItem.objects.owned_by(user).filter(kind=PlanItem.Kind.QUESTION), pk=item_id
    )
    form = AttemptForm(_form_data(data))
    if not form.is_valid():
        raise FormErrors(_errors_of(form))
    attempt_record(
        item=item,
        rating=form.cleaned_data["rating"],
        note=form.cleaned_data["note"],
        seconds_taken=form.cleaned_data["seconds_taken"],
        today=user.local_today(),
    )
    item.refresh_from_db()
    return _item_dict(item)


def today_of(user) -> date:
    return user.local_today()
