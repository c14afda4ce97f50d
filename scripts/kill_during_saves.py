#!/usr/bin/env python3
"""Kill gunicorn workers while people are saving, then check no save was lost or doubled.

    .venv/bin/python scripts/kill_during_saves.py                 # 240 saves, 4 people, 3 kills
    .venv/bin/python scripts/kill_during_saves.py --saves 600 --kills 5 --keep-db

What it does:
1. Creates a scratch PostgreSQL database (rebound_trust_kill by default, on the
   local server at 127.0.0.1:5432 as user postgres), migrates it and adds
   a few signed-up people.
2. Starts gunicorn like production (DEBUG off, collected static files, several
   workers) on a loopback port.
3. Each person signs in through the real login form and adds applications
   through the real "Add an application" form, one after another, in parallel.
4. Midway, a worker is killed with SIGKILL (no chance to clean up), several
   times; gunicorn's master starts a new one.
5. A request cut off by a kill has no answer: it may or may not have been
   saved. The script looks in the database whether it was (the summary counts
   those "saved anyway"), then sends the very same form again, one-time token
   (accounts/once.py) included, as a browser retry or a person pressing the
   button again would, until it is answered (up to five tries).
6. Checks, straight in the database, that every save that was answered with
   the redirect that follows a successful save is there, that no application
   was half saved (each has exactly its one history row), and that no
   application was saved twice (each title once, whatever the retries).

Prints a one-line summary and exits 1 when a confirmed save is missing, a
half-saved application exists or a retry made a second application.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
PASSWORD = "kill-test-password-1729"  # noqa: S105 - a throwaway scratch account
TITLE_PREFIX = "Kill test"
# Sends of one form before giving up (a retry also meets the next kill now and then).
TRIES = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)  # noqa: S603


def psql(db_url: str, sql: str) -> list[list[str]]:
    out = subprocess.run(  # noqa: S603
        ["psql", "-X", "-q", "-At", "-F", "\t", db_url, "-c", sql],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line.split("\t") for line in out.splitlines() if line]


class _Inputs(HTMLParser):
    """The form fields of a page, as a browser would send them unchanged."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("checkbox", "submit"):
            self.values.setdefault(a["name"], a.get("value") or "")
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and a.get("value"):
            self.values.setdefault(self._select, a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


class Person:
    def __init__(self, base: str, email: str):
        self.base = base
        self.email = email
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def _csrf_cookie(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=30) as response:
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers.get("Location", ""), exc.read().decode(errors="replace")

    def form_values(self, path: str) -> dict[str, str]:
        status, _, html = self.request(path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        parser = _Inputs()
        parser.feed(html)
        return parser.values

    def log_in(self) -> None:
        values = self.form_values("/accounts/login/")
        values.update({"login": self.email, "password": PASSWORD})
        status, location, _ = self.request("/accounts/login/", values)
        if status != 302 or "/login" in location:
            raise RuntimeError(f"{self.email} could not log in ({status} {location})")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=240, help="saves in total")
    parser.add_argument("--people", type=int, default=4, help="people saving in parallel")
    parser.add_argument("--kills", type=int, default=3, help="workers killed with SIGKILL")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--seconds", type=float, default=180, help="stop after this long")
    parser.add_argument("--db", default="rebound_trust_kill")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    admin_url = "postgres://postgres@127.0.0.1:5432/postgres"
    db_url = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "false",
        "SECRET_KEY": "kill-during-saves-not-secret",
        "SECURE": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_CONSOLE": "true",
        # Close connections per request, as a worker killed mid-transaction would
        # otherwise be the only thing holding a lock.
        "DATABASE_CONN_MAX_AGE": "0",
    }

    psql(admin_url, f'DROP DATABASE IF EXISTS "{args.db}"')
    psql(admin_url, f'CREATE DATABASE "{args.db}"')
    manage = [str(VENV / "python"), "manage.py"]
    run([*manage, "migrate", "--no-input", "-v", "0"], env)
    run([*manage, "createcachetable"], env)
    run([*manage, "collectstatic", "--no-input", "-v", "0"], env)
    emails = [f"saver{i}@example.com" for i in range(args.people)]
    create = (
        "from allauth.account.models import EmailAddress\n"
        "from accounts.models import User\n"
        f"for email in {emails!r}:\n"
        f"    u = User.objects.create_user(email=email, password={PASSWORD!r})\n"
        "    EmailAddress.objects.create(user=u, email=email, verified=True, primary=True)\n"
    )
    run([*manage, "shell", "-c", create], env)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            str(VENV / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    # (title, outcome, None when the first try was answered, else whether the
    # cut-off first try had been saved before it was sent again)
    results: list[tuple[str, str, bool | None]] = []
    lock = threading.Lock()
    kills: list[int] = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        people = [Person(base, email) for email in emails]
        for person in people:
            person.log_in()

        per_person = args.saves // args.people
        deadline = time.monotonic() + args.seconds
        counter = iter(range(10**9))

        def stored_now(title: str) -> int:
            # The title is made by this script: letters, digits, @ and dots.
            sql = f"select count(*) from applications_application where title = '{title}'"  # noqa: S608
            return int(psql(db_url, sql)[0][0])

        def form_values(person: Person) -> dict[str, str] | None:
            for _ in range(TRIES):
                try:
                    return person.form_values("/applications/new/")
                except (OSError, RuntimeError):
                    time.sleep(0.3)
            return None

        def save_many(person: Person) -> None:
            for _ in range(per_person):
                if time.monotonic() > deadline:
                    return
                with lock:
                    n = next(counter)
                title = f"{TITLE_PREFIX} {n:05d} {person.email}"
                values = form_values(person)
                if values is None:
                    with lock:
                        results.append((title, "form did not load", None))
                    continue
                values.update(
                    {
                        "title": title,
                        "company": "",
                        "new_company_name": f"Kill test company {n}",
                        "status": "applied",
                    }
                )
                # Whether the first try, cut off, had been saved before the retry.
                saved_before_retry = None
                outcome = f"no answer in {TRIES} tries"
                for _ in range(TRIES):
                    try:
                        status, location, _ = person.request("/applications/new/", values)
                    except OSError:
                        if saved_before_retry is None:
                            saved_before_retry = stored_now(title) > 0
                        time.sleep(0.3)
                        continue
                    if status == 302 and re.match(r"^/applications/\d+/", location):
                        outcome = "saved"
                    elif status == 302 and "/login" in location:
                        outcome = "logged out"
                    else:
                        outcome = f"answered {status}"
                    break
                with lock:
                    results.append((title, outcome, saved_before_retry))

        threads = [threading.Thread(target=save_many, args=(p,)) for p in people]
        for t in threads:
            t.start()
        # Kill a worker each time another share of the saves has gone through.
        for k in range(args.kills):
            goal = (k + 1) * args.saves // (args.kills + 1)
            while len(results) < goal and any(t.is_alive() for t in threads):
                time.sleep(0.01)
            pids = worker_pids(gunicorn.pid)
            if pids:
                victim = pids[k % len(pids)]
                os.kill(victim, signal.SIGKILL)
                kills.append(victim)
        for t in threads:
            t.join()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=20)
        except subprocess.TimeoutExpired:
            gunicorn.kill()

    rows = psql(
        db_url,
        "select a.title, count(s.id) from applications_application a "
        "left join applications_statuschange s on s.application_id = a.id "
        "where a.title like 'Kill test %' group by a.id, a.title",
    )
    stored: dict[str, int] = {}  # title: applications with that title
    half_saved = []
    for title, changes in rows:
        stored[title] = stored.get(title, 0) + 1
        if int(changes) != 1:
            half_saved.append(title)
    saved = [t for t, o, _ in results if o == "saved"]
    not_saved = [t for t, o, _ in results if o != "saved"]
    missing = [t for t in saved if t not in stored]
    twice = [t for t, count in stored.items() if count > 1]
    cut_off = [(t, before) for t, _, before in results if before is not None]
    saved_anyway = [t for t, before in cut_off if before]
    outcomes: dict[str, int] = {}
    for _, o, _ in results:
        outcomes[o] = outcomes.get(o, 0) + 1
    if not args.keep_db:
        psql(admin_url, f'DROP DATABASE IF EXISTS "{args.db}"')

    print(
        f"kill during saves: {len(results)} saves tried by {args.people} people, "
        f"{len(kills)} workers killed with SIGKILL; {len(cut_off)} first tries cut off "
        f"without an answer, {len(saved_anyway)} of them saved anyway, all sent again "
        f"with the same form token; {len(saved)} confirmed, all "
        f"{'present' if not missing else f'EXCEPT {len(missing)}'} in the database; "
        f"{len(not_saved)} never confirmed; {len(twice)} saved twice; "
        f"{len(half_saved)} half-saved applications. Outcomes: {outcomes}"
    )
    if missing:
        print("Missing confirmed saves:", *missing[:20], sep="\n  ")
    if twice:
        print("Saved more than once:", *twice[:20], sep="\n  ")
    if half_saved:
        print("Applications without exactly one history row:", *half_saved[:20], sep="\n  ")
    return 1 if missing or half_saved or twice else 0


if __name__ == "__main__":
    sys.exit(main())
