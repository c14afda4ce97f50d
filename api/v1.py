"""Rebound's REST API, version 1, under /api/v1/ (django-ninja).

Bearer tokens only (api/auth.py): no session, no cookie, so no CSRF to check
here; the pages keep theirs. Every route works through api/operations.py.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import Body, NinjaAPI, Query, Router, Status
from ninja.errors import AuthenticationError, ValidationError
from ninja.openapi.docs import DocsBase

from portability.services import data_export

from . import operations as ops
from .auth import RateLimited, TokenAuth, require_write


class ReboundDocs(DocsBase):
    """Swagger UI from static/vendor (no CDN), started by a script file (the CSP
    allows no inline script)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        return render(
            request,
            "api/docs.html",
            {"openapi_url": self.get_openapi_url(api, kwargs), "api": api},
        )


api = NinjaAPI(
    title="Rebound API",
    version="1",
    description=(
        "Your Rebound data for your own scripts and assistants. Send a personal access "
        "token, made in Settings, as `Authorization: Bearer <token>`."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs=ReboundDocs(),
)


def _json_error(request, status: int, detail: str, errors: dict | None = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(ops.FormErrors)
def _form_errors(request, exc: ops.FormErrors):
    return _json_error(request, 400, "Check the fields named in errors and try again.", exc.errors)


@api.exception_handler(ValidationError)
def _schema_errors(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
        errors.setdefault(".".join(loc) or "__all__", []).append(error.get("msg", "Not valid."))
    return _json_error(request, 400, "Check the fields named in errors and try again.", errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _json_error(
        request,
        401,
        "Send a personal access token as “Authorization: Bearer <token>”. "
        "Make one in Settings, Access tokens.",
    )


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    response = _json_error(request, 429, "Too many requests. Wait a minute, then try again.")
    response["Retry-After"] = "60"
    return response


def _token(request):
    return request.auth


def _writes(request, area: str = "other"):
    require_write(_token(request), area)
    return request.auth.owner


def _reads(request):
    return request.auth.owner


# A JSON object of the page's form fields: the form checks each one.
JSON_BODY = Body(...)
NO_PLAN = Query(None)

# Applications

applications = Router(tags=["Applications"])


@applications.get("/", summary="Search and list applications")
def application_list(
    request,
    q: str = "",
    status: str = "",
    company: str = "",
    source: str = "",
    work_mode: str = "",
    applied_from: str = "",
    applied_to: str = "",
    sort: str = "",
    cursor: str = "",
    limit: int = ops.PAGE_SIZE,
):
    """The list page's filters. Pass `next_cursor` back as `cursor` for the next page."""
    filters = {
        "q": q,
        "status": status,
        "company": company,
        "source": source,
        "work_mode": work_mode,
        "applied_from": applied_from,
        "applied_to": applied_to,
        "sort": sort,
    }
    filters = {k: v for k, v in filters.items() if v}
    return ops.applications_search(_reads(request), filters, cursor=cursor, limit=limit)


@applications.post("/", summary="Add an application", response={201: dict})
def application_create(request, payload: dict[str, Any] = JSON_BODY):
    """Fields of the add page: title, company (an id) or new_company_name, status,
    date_applied, interest (1 to 5), posting_url, location, work_mode, notes..."""
    return Status(201, ops.application_add(_writes(request, "applications"), payload))


@applications.get("/{int:application_id}", summary="Read an application")
def application_detail(request, application_id: int):
    return ops.application_read(_reads(request), application_id)


@applications.post("/{int:application_id}/status", summary="Move an application to a stage")
def application_status(request, application_id: int, payload: dict[str, Any] = JSON_BODY):
    """`to_status` (applied, screening, interviewing, offer, rejected...) and an optional `note`."""
    return ops.application_set_status(_writes(request, "applications"), application_id, payload)


@applications.delete(
    "/{int:application_id}", summary="Move an application to the trash", response={204: None}
)
def application_delete(request, application_id: int):
    """It stays in the trash for 30 days, where the site can restore it."""
    ops.application_move_to_trash(_writes(request, "applications"), application_id)
    return Status(204, None)


@applications.get("/{int:application_id}/interviews", summary="An application's interviews")
def application_interviews(
    request, application_id: int, cursor: str = "", limit: int = ops.PAGE_SIZE
):
    return ops.interviews_list(_reads(request), application_id, cursor=cursor, limit=limit)


# Interviews

interviews = Router(tags=["Interviews"])


@interviews.get("/", summary="Interviews and the questions asked")
def interview_list(request, cursor: str = "", limit: int = ops.PAGE_SIZE):
    """Pass `next_cursor` back as `cursor` for the next page."""
    return ops.interviews_list(_reads(request), cursor=cursor, limit=limit)


@interviews.get("/{int:interview_id}", summary="Read an interview")
def interview_detail(request, interview_id: int):
    return ops.interview_read(_reads(request), interview_id)


@interviews.put("/{int:interview_id}/questions", summary="Record the questions asked")
def interview_questions(request, interview_id: int, payload: dict[str, Any] = JSON_BODY):
    """`questions`: a list, or one a line. Replaces the ones kept before."""
    return ops.interview_record_questions(
        _writes(request, "applications"), interview_id, payload.get("questions")
    )


# Rejections

rejections = Router(tags=["Rejections"])


@rejections.get("/", summary="Rejections and where each loop stands")
def rejection_list(request, cursor: str = "", limit: int = ops.PAGE_SIZE):
    """Pass `next_cursor` back as `cursor` for the next page."""
    return ops.rejections_list(_reads(request), cursor=cursor, limit=limit)


@rejections.get("/{int:rejection_id}", summary="A rejection, its loop and its comparison")
def rejection_detail(request, rejection_id: int):
    return ops.rejection_read(_reads(request), rejection_id)


# Next actions

actions = Router(tags=["Next actions"])


@actions.get("/", summary="Next actions, due and coming up")
def action_list(request):
    return ops.actions_list(_reads(request))


@actions.post("/done", summary="Mark a next action done")
def action_done(request, payload: dict[str, Any] = JSON_BODY):
    """`key`: the action's key from the list."""
    return ops.action_choose(_writes(request), {"key": payload.get("key"), "op": "done"})


@actions.post("/snooze", summary="Snooze a next action")
def action_snooze(request, payload: dict[str, Any] = JSON_BODY):
    """`key`, and `days` (one of the home page's choices) or `until` (a date)."""
    data = {k: payload.get(k) for k in ("key", "days", "until") if payload.get(k) is not None}
    return ops.action_choose(_writes(request), data | {"op": "snooze"})


# Practice

practice = Router(tags=["Practice"])


@practice.get("/plans", summary="Practice plans")
def plan_list(request, cursor: str = "", limit: int = ops.PAGE_SIZE):
    """Pass `next_cursor` back as `cursor` for the next page."""
    return ops.plans_list(_reads(request), cursor=cursor, limit=limit)


@practice.get("/plans/{int:plan_id}", summary="A plan and its questions")
def plan_detail(request, plan_id: int):
    return ops.plan_read(_reads(request), plan_id)


@practice.get("/next", summary="The next question to practise")
def practice_next(request, plan_id: int | None = NO_PLAN):
    return {"item": ops.practice_next(_reads(request), plan_id)}


@practice.post("/items/{int:planitem_id}/attempts", summary="Rate your answer")
def practice_attempt(request, planitem_id: int, payload: dict[str, Any] = JSON_BODY):
    """`rating` from 1 to 5 and an optional `note`; schedules the question's next turn."""
    return ops.practice_rate(_writes(request), planitem_id, payload)


# Export

export = Router(tags=["Your data"])


@export.get("/", summary="Everything you keep in Rebound")
def export_all(request):
    """The same file as Settings, Export your data (JSON)."""
    return data_export(user=_reads(request))


api.add_router("/applications/", applications)
api.add_router("/interviews/", interviews)
api.add_router("/rejections/", rejections)
api.add_router("/actions/", actions)
api.add_router("/practice/", practice)
api.add_router("/export/", export)
