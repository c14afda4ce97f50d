"""Logged-in traffic at Rebound's main pages. Driven by bench/run.py, which
writes the sessions and the URLs of each person to BENCH_PLAN (JSON)."""

import json
import os
import random
from pathlib import Path

from locust import HttpUser, between

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text())


def visit(page_name: str):
    def task(user: "Person") -> None:
        url = user.person["urls"].get(page_name)
        if url is None:
            return
        with user.client.get(
            url, name=page_name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")

    task.__name__ = f"visit_{page_name}"
    return task


class Person(HttpUser):
    wait_time = between(0.05, 0.2)
    # One task per page, equal weight, each reported under the page's name.
    tasks = [visit(name) for name in PLAN["pages"]]

    def on_start(self):
        self.person = random.choice(PLAN["people"])
        self.client.cookies.set("sessionid", self.person["session"])
