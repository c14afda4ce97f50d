"""Signed-in traffic at Rebound's main pages. Driven by bench/run.py, which
writes the sessions and the URLs of each person to BENCH_PLAN (JSON).

BENCH_MODE=read: page views only, every page equally often.
BENCH_MODE=mixed: each simulated person makes one real change for every four
page views, taking turns: a status change (as the board's Move button sends
it), a snooze of the first next action on home, an autosave of their
reflection and an autosave of their call notes. A change that needs a page
(home for the snooze, the reflection or call notes page for an autosave) makes
that page the fourth view, as a person would open it, so every change is
followed by views worked out afresh.
"""

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text())
MODE = os.environ.get("BENCH_MODE", "read")
VIEWS_PER_CHANGE = 4
CHANGES = ["status", "snooze", "reflection", "call_notes"]
# The page a change is made from, when it needs one.
CHANGE_PAGE = {"snooze": "home", "reflection": "reflection", "call_notes": "call_notes"}
STATUSES = ["screening", "interviewing"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Each simulated person is a different person of the plan, so no two of them
# change the same rows at once (which a real person would not do either).
_next_person = itertools.count()


class Forms(HTMLParser):
    """The forms of a page: action and the fields a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, None)
        elif tag == "option" and self._select:
            value = attrs.get("value") or ""
            if fields.get(self._select) is None or "selected" in attrs:
                fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def forms_of(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


class Person(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self):
        self.person = PLAN["people"][next(_next_person) % len(PLAN["people"])]
        self.client.cookies.set("sessionid", self.person["session"])
        self.pages = [p for p in PLAN["pages"] if p in self.person["urls"]]
        self.changes = itertools.cycle(random.sample(CHANGES, len(CHANGES)))
        self.statuses = itertools.cycle(STATUSES)
        self.token = None
        self.feed_etag = None
        self.last_html: dict[str, str] = {}

    # Views ------------------------------------------------------------------------

    def view(self, page: str) -> str | None:
        url = self.person["urls"].get(page)
        if url is None:
            return None
        headers = {}
        if page == "api_list":
            headers["Authorization"] = f"Bearer {self.person['api_token']}"
        if page == "calendar_feed_poll":
            # A calendar app asking whether the feed changed since its last copy.
            url = self.person["urls"]["calendar_feed"]
            if self.feed_etag:
                headers["If-None-Match"] = self.feed_etag
        with self.client.get(
            url, name=page, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 304 and page == "calendar_feed_poll":
                return None
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")
                return None
            if page.startswith("calendar_feed"):
                self.feed_etag = response.headers.get("ETag")
                return None
            if "html" not in response.headers.get("Content-Type", ""):
                return None
            html = response.text
        found = TOKEN.search(html)
        if found:
            self.token = found.group(1)
        self.last_html[page] = html
        return html

    # Changes ----------------------------------------------------------------------

    def post(self, name: str, url: str, data: dict, json_answer: bool) -> None:
        headers = {"Accept": "application/json"} if json_answer else {}
        if self.token:
            data.setdefault("csrfmiddlewaretoken", self.token)
        with self.client.post(
            url, data=data, name=name, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            ok = response.status_code == 200 if json_answer else response.status_code == 302
            if not ok:
                response.failure(f"{response.status_code} for {url}: {response.text[:200]}")

    def change_status(self) -> None:
        urls = self.person["change"]["status"]
        if not urls:
            return
        if not self.token:
            self.view("floor")
        url = random.choice(urls)
        self.post("change: status", url, {"to_status": next(self.statuses)}, json_answer=True)

    def change_snooze(self, html: str | None) -> bool:
        action_url = self.person["change"]["action"]
        for form in forms_of(html or ""):
            if form["action"] == action_url and form["fields"].get("key"):
                data = {"key": form["fields"]["key"], "days": "1", "next": "/"}
                self.post("change: snooze", action_url, data, json_answer=False)
                return True
        return False

    def change_autosave(self, kind: str, html: str | None) -> bool:
        save_url = self.person["change"].get(f"{kind}_autosave")
        page_url = self.person["urls"].get(kind)
        for form in forms_of(html or ""):
            if form["action"] in {page_url, ""} and any(
                isinstance(v, str) and len(v) > 0 for v in form["fields"].values()
            ):
                fields = {k: v for k, v in form["fields"].items() if v is not None}
                text_field = next(
                    (k for k in self.person["change"]["text_fields"] if k in fields), None
                )
                if text_field is None:
                    continue
                fields[text_field] = f"Bench note {random.randint(1, 10**6)}."
                self.post(f"change: {kind} autosave", save_url, fields, json_answer=True)
                return True
        return False

    def make_change(self, kind: str, html: str | None) -> None:
        done = False
        if kind == "snooze":
            done = self.change_snooze(html)
        elif kind in {"reflection", "call_notes"}:
            done = self.change_autosave(kind, html)
        if not done:
            # Nothing to snooze, or no reflection or call: a status change instead.
            self.change_status()

    @task
    def visit(self) -> None:
        if MODE != "mixed":
            self.view(random.choice(self.pages))
            return
        kind = next(self.changes)
        views = random.sample(self.pages, VIEWS_PER_CHANGE)
        page_for_change = CHANGE_PAGE.get(kind)
        if page_for_change and page_for_change in self.person["urls"]:
            views[-1] = page_for_change
        html = None
        for page in views:
            html = self.view(page)
        self.make_change(kind, html)
