"""The MCP server, driven by the SDK's own client: over stdio (`manage.py mcp`
as a subprocess) and over streamable HTTP (`manage.py mcp --http PORT`), both
on the test database."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest
from django.conf import settings
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from api.models import Scope
from api.services import token_create
from applications.models import Application, InterviewQuestion
from practice.models import Attempt
from reminders.models import ActionState
from tests.factories import (
    ApplicationFactory,
    InterviewFactory,
    PlanItemFactory,
    RejectionFactory,
    RubricRatingFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
READ_TOOLS = {
    "search_applications",
    "list_interviews",
    "list_due",
    "read_rejection",
    "next_practice_question",
}
WRITE_TOOLS = {
    "add_application",
    "record_interview_questions",
    "mark_action",
    "rate_practice_answer",
}


def _server_env(token: str = "") -> dict[str, str]:
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = dict(os.environ)
    env.update(DATABASE_URL=url, SECRET_KEY=settings.SECRET_KEY, DEBUG="false")
    env.pop("REBOUND_TOKEN", None)
    if token:
        env["REBOUND_TOKEN"] = token
    return env


@pytest.fixture
def data(user):
    application = ApplicationFactory(owner=user, title="Platform engineer")
    interview = InterviewFactory(application=application)
    rejected = ApplicationFactory(owner=user, title="Data engineer", status="rejected")
    rejection = RejectionFactory(owner=user, application=rejected)
    RubricRatingFactory(rejection=rejection)
    item = PlanItemFactory(plan__owner=user)
    return {
        "application": application,
        "interview": interview,
        "rejection": rejection,
        "item": item,
    }


def _run(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API may already run
    an event loop in the test thread when the browser tests ran first."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _text(result) -> str:
    return " ".join(getattr(c, "text", "") for c in result.content)


async def _exercise(session: ClientSession, data, *, writes: bool) -> dict:
    """Every tool the session lists, called once; returns what each answered."""
    await session.initialize()
    names = {t.name for t in (await session.list_tools()).tools}
    answers = {}
    answers["search_applications"] = await session.call_tool(
        "search_applications", {"query": "Platform"}
    )
    answers["list_interviews"] = await session.call_tool("list_interviews", {})
    answers["list_due"] = await session.call_tool("list_due", {})
    answers["read_rejection"] = await session.call_tool(
        "read_rejection", {"rejection_id": data["rejection"].pk}
    )
    answers["next_practice_question"] = await session.call_tool("next_practice_question", {})
    answers["add_application"] = await session.call_tool(
        "add_application", {"title": "Site reliability engineer", "company": "Northwind"}
    )
    answers["record_interview_questions"] = await session.call_tool(
        "record_interview_questions",
        {"interview_id": data["interview"].pk, "questions": ["Tell me about an outage."]},
    )
    due = answers["list_due"].structured_content or {}
    key = next((a["key"] for a in due.get("result", [])), "none")
    answers["mark_action"] = await session.call_tool("mark_action", {"key": key, "choice": "done"})
    answers["rate_practice_answer"] = await session.call_tool(
        "rate_practice_answer", {"item_id": data["item"].pk, "rating": 4, "note": "Calmer."}
    )
    # Another person's id, and a made-up one, are errors that say nothing.
    answers["foreign"] = await session.call_tool(
        "read_rejection", {"rejection_id": data["foreign_rejection"].pk}
    )
    answers["names"] = names
    answers["due_key"] = key
    return answers


def _check(answers, data, user, *, writes: bool) -> None:
    names = answers["names"]
    assert names == (READ_TOOLS | WRITE_TOOLS if writes else READ_TOOLS)
    for name in READ_TOOLS:
        assert not answers[name].is_error, (name, _text(answers[name]))
    assert "Platform engineer" in _text(answers["search_applications"])
    assert "Data engineer" not in _text(answers["search_applications"])
    assert "comparison" in _text(answers["read_rejection"])
    assert str(data["item"].pk) in _text(answers["next_practice_question"])
    assert answers["foreign"].is_error
    assert "Nothing of yours" in _text(answers["foreign"])
    assert "foreign-marker" not in _text(answers["foreign"])
    added = Application.objects.filter(owner=user, title="Site reliability engineer")
    questions = InterviewQuestion.objects.filter(interview=data["interview"])
    attempts = Attempt.objects.filter(item=data["item"])
    if writes:
        for name in WRITE_TOOLS:
            assert not answers[name].is_error, (name, _text(answers[name]))
        assert added.get().company.name == "Northwind"
        assert [q.text for q in questions] == ["Tell me about an outage."]
        assert attempts.get().rating == 4
        assert ActionState.objects.get(owner=user, key=answers["due_key"]).state == "done"
    else:
        for name in WRITE_TOOLS:
            assert answers[name].is_error
            assert "only read" in _text(answers[name])
        assert not added.exists()
        assert not questions.exists()
        assert not attempts.exists()
        assert not ActionState.objects.filter(owner=user).exists()


@pytest.fixture
def foreign(data, other_user):
    rejected = ApplicationFactory(owner=other_user, title="foreign-marker", status="rejected")
    data["foreign_rejection"] = RejectionFactory(owner=other_user, application=rejected)
    return data


@pytest.mark.parametrize("scope", [Scope.WRITE, Scope.READ])
def test_stdio(scope, foreign, user):
    data = foreign
    token = token_create(owner=user, name="Desktop", scope=scope).plain
    params = StdioServerParameters(
        command=sys.executable, args=["manage.py", "mcp"], env=_server_env(token), cwd=str(ROOT)
    )

    async def run():
        async with (
            stdio_client(params) as (read, write),
            ClientSession(read, write) as session,
        ):
            return await _exercise(session, data, writes=scope == Scope.WRITE)

    answers = _run(run())
    _check(answers, data, user, writes=scope == Scope.WRITE)


def test_stdio_refuses_to_start_without_a_token(db):
    result = subprocess.run(
        [sys.executable, "manage.py", "mcp"],
        env=_server_env("rbt_1_not-a-real-one"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "REBOUND_TOKEN" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _http_server():
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "mcp", "--http", str(port)],
        env=_server_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        for _ in range(200):
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.parametrize("scope", [Scope.WRITE, Scope.READ])
def test_streamable_http(scope, foreign, user):
    data = foreign
    token = token_create(owner=user, name="Web assistant", scope=scope).plain

    async def run(url):
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            httpx.AsyncClient(headers=headers, timeout=30) as http,
            streamable_http_client(url, http_client=http) as (read, write),
            ClientSession(read, write) as session,
        ):
            return await _exercise(session, data, writes=scope == Scope.WRITE)

    with _http_server() as url:
        # No token, or a made-up one: 401 before the MCP server sees anything.
        assert httpx.post(url, json={}).status_code == 401
        bad = httpx.post(url, json={}, headers={"Authorization": "Bearer rbt_1_nope"})
        assert bad.status_code == 401
        answers = _run(run(url))
    _check(answers, data, user, writes=scope == Scope.WRITE)
