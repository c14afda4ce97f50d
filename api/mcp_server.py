"""Rebound as a Model Context Protocol server (the official `mcp` SDK).

`python manage.py mcp` serves it over stdio for a desktop assistant, with the
token in REBOUND_TOKEN; `--http PORT` serves streamable HTTP, where every
request carries its own `Authorization: Bearer` token. Tools call
api/operations.py directly, the same functions as the REST API, and every call
checks its token again, so a revoked token stops on its next call. A read-only
token is shown only the read tools.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import close_old_connections
from django.http import Http404
from django.utils import timezone
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ListToolsResult

from . import operations as ops
from .auth import APPLICATIONS_ONLY, READ_ONLY
from .models import AccessToken
from .services import token_for, token_within_rate_limit

HOW_TO_CONNECT = (
    "Rebound needs a personal access token: make one in Settings, Access tokens, and give it "
    "to this server as REBOUND_TOKEN (stdio) or as an Authorization: Bearer header (HTTP)."
)


@dataclass(frozen=True)
class ToolSpec:
    name: str
    area: str | None  # None: reads only; "applications" or "other": what it changes


TOOLS: dict[str, ToolSpec] = {}


def _plain_token(ctx: Context | None) -> str:
    request = None
    if ctx is not None:
        try:
            request = ctx.request_context.request
        except ValueError:
            request = None
    if request is not None:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" else ""
    return os.environ.get("REBOUND_TOKEN", "").strip()


def _token(ctx: Context | None) -> AccessToken:
    close_old_connections()
    token = token_for(_plain_token(ctx))
    if token is None:
        raise ToolError(HOW_TO_CONNECT)
    if not token_within_rate_limit(token):
        raise ToolError("Too many requests. Wait a minute, then try again.")
    timezone.activate(token.owner.zone)
    return token


def _allowed(token: AccessToken, spec: ToolSpec) -> bool:
    return spec.area is None or token.can_write_to(spec.area)


def _call(ctx: Context, name: str, fn: Callable[[Any], Any]) -> Any:
    """Run `fn(person)` for the token's owner, turning refusals into tool errors."""
    token = _token(ctx)
    spec = TOOLS[name]
    if not _allowed(token, spec):
        raise ToolError(READ_ONLY if not token.can_write else APPLICATIONS_ONLY)
    try:
        return fn(token.owner)
    except Http404:
        raise ToolError("Nothing of yours has that id. List them first to find the id.") from None
    except ops.FormErrors as exc:
        details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.errors.items())
        raise ToolError(f"Nothing was saved. {details}") from None


class ReboundMCP(MCPServer):
    async def _handle_list_tools(self, ctx, params) -> ListToolsResult:
        """Only the tools the caller's token may use."""
        from asgiref.sync import sync_to_async

        @sync_to_async(thread_sensitive=False)
        def token_or_none():
            close_old_connections()
            return token_for(_plain_token(Context(request_context=ctx)))

        token = await token_or_none()
        tools = await self.list_tools()
        if token is None:
            return ListToolsResult(tools=[])
        return ListToolsResult(tools=[t for t in tools if _allowed(token, TOOLS[t.name])])


server = ReboundMCP(
    name="rebound",
    instructions=(
        "Rebound keeps the person's job search: applications, interviews, rejections and "
        "practice. Read before you write; every change is the person's own data."
    ),
)


def tool(area: str | None):
    def register(fn):
        TOOLS[fn.__name__] = ToolSpec(name=fn.__name__, area=area)
        server.add_tool(fn, name=fn.__name__, description=fn.__doc__)
        return fn

    return register


@tool(None)
def search_applications(
    ctx: Context, query: str = "", status: str = "", cursor: str = ""
) -> dict[str, Any]:
    """Reads the person's applications (title, company, status, dates), searched and
    filtered as on the list page: `query` matches title, company or notes; `status`
    is one of open, closed, quiet or a stage (applied, interviewing...). Changes nothing.
    Pass `next_cursor` back as `cursor` for more."""
    filters = {k: v for k, v in {"q": query, "status": status}.items() if v}
    return _call(
        ctx, "search_applications", lambda p: ops.applications_search(p, filters, cursor=cursor)
    )


@tool("applications")
def add_application(
    ctx: Context,
    title: str = "",
    company: str = "",
    status: str = "applied",
    posting_url: str = "",
    notes: str = "",
    posting_text: str = "",
) -> dict[str, Any]:
    """Adds one application to the person's tracker (and its company, if new), with its
    first status in the history. Give `title` and `company`, or paste a job posting's
    page as `posting_text` and Rebound reads the fields from it. Reads nothing else."""
    if posting_text.strip():
        return _call(
            ctx,
            "add_application",
            lambda p: ops.application_add_from_posting(p, posting_text, posting_url),
        )
    data = {
        "title": title,
        "new_company_name": company,
        "status": status,
        "posting_url": posting_url,
        "notes": notes,
        "interest": 3,
    }
    return _call(ctx, "add_application", lambda p: ops.application_add(p, data))


@tool(None)
def list_interviews(
    ctx: Context, application_id: int | None = None, cursor: str = ""
) -> dict[str, Any]:
    """Reads the person's interviews (when, which round, the questions asked), for one
    application or all, the latest first. Pass `next_cursor` back as `cursor` for
    more. Changes nothing."""
    return _call(
        ctx, "list_interviews", lambda p: ops.interviews_list(p, application_id, cursor=cursor)
    )


@tool("applications")
def record_interview_questions(
    ctx: Context, interview_id: int, questions: list[str]
) -> dict[str, Any]:
    """Replaces the questions kept for one of the person's interviews with `questions`
    (they then feed practice plans). Changes only that interview's questions."""
    return _call(
        ctx,
        "record_interview_questions",
        lambda p: ops.interview_record_questions(p, interview_id, questions),
    )


@tool(None)
def list_due(ctx: Context) -> list[dict[str, Any]]:
    """Reads the person's next actions, as on their home page (follow-ups, reflections,
    interviews to prepare), with `is_due` for those due now. Changes nothing."""
    return _call(ctx, "list_due", ops.actions_list)


@tool("other")
def mark_action(ctx: Context, key: str, choice: str = "done", days: int = 7) -> dict[str, Any]:
    """Marks one of the person's next actions (its `key` from list_due) as done, or
    snoozes it for `days` (1, 3 or 7) when `choice` is "snooze". Changes only that
    action's state on their home page."""
    data: dict[str, Any] = {"key": key, "op": choice}
    if choice == "snooze":
        data["days"] = str(days)
    return _call(ctx, "mark_action", lambda p: ops.action_choose(p, data))


@tool(None)
def read_rejection(ctx: Context, rejection_id: int | None = None, cursor: str = "") -> Any:
    """Reads one of the person's rejections: where its loop stands and the comparison of
    their own view with the interviewer's, area by area. Without an id, lists their
    rejections, the latest first (pass `next_cursor` back as `cursor` for more).
    Changes nothing."""
    if rejection_id is None:
        return _call(ctx, "read_rejection", lambda p: ops.rejections_list(p, cursor=cursor))
    return _call(ctx, "read_rejection", lambda p: ops.rejection_read(p, rejection_id))


@tool(None)
def next_practice_question(ctx: Context, plan_id: int | None = None) -> dict[str, Any]:
    """Reads the question the person should practise next (the one due soonest), in one
    practice plan or across all. Changes nothing; rate the answer with
    rate_practice_answer."""
    return {"item": _call(ctx, "next_practice_question", lambda p: ops.practice_next(p, plan_id))}


@tool("other")
def rate_practice_answer(ctx: Context, item_id: int, rating: int, note: str = "") -> dict[str, Any]:
    """Keeps the person's self-rating (1 to 5) of an answer to a practice question and
    schedules when it comes back. Changes that question's schedule and adds an attempt."""
    data = {"rating": rating, "note": note}
    return _call(ctx, "rate_practice_answer", lambda p: ops.practice_rate(p, item_id, data))
