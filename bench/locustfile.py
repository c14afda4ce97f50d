"""Logged-in traffic at Rebound's main pages. Driven by bench/run.py, which
writes the sessions and the URLs of each person to BENCH_PLAN (JSON)."""

import json
import os
import random

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115


class Person(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self):
        self.person = random.choice(PLAN["people"])
        self.client.cookies.set("sessionid", self.person["session"])

    def _get(self, name: str):
        url = self.person["urls"].get(name)
        if url is None:
            return
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")


for page_name in PLAN["pages"]:
    # One task per page, equal weight, each reported under the page's name.
    setattr(Person, f"visit_{page_name}", task(lambda self, n=page_name: self._get(n)))
