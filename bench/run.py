"""Rebound's benchmark: many people in PostgreSQL, gunicorn in production mode,
logged-in load from locust, figures printed and written to bench/results/.

    make bench                                 # seed 1,000 people x 300 applications
                                               # (+3 people x 3,000), then every phase
    make bench BENCH_ARGS=--skip-seed          # reuse the data already loaded
    make bench BENCH_ARGS="--skip-seed --phases 300_mixed,3000_mixed --seconds 30"
    make bench BENCH_ARGS=--seed-only          # load the data and stop
    make bench BENCH_ARGS="--small"            # 100 people x 300, shorter runs

Each page's latency is also given as a ratio to the floor page (a signed-in
page in the site's layout that reads no data, measured in the same phase), so
the figures mean something on a noisy machine.

Phases (bench/locustfile.py): mixed ones, where each simulated person makes one
real change (a status change, a snooze, an autosave of a reflection or of call
notes) for every four page views, so most views follow a change; and read-only
ones, page views alone. In order: mixed and read-only latency at 300
applications (as many simulated people as workers, so requests do not queue),
mixed load at 300 (four times as many: errors and throughput), mixed and
read-only latency at 3,000, and the first phase again to see whether memory
grows with the number of requests. Then an in-process profile of each page
(bench/profile_pages.py).

Hooks for other measurements (HOOKS): if bench/imports.py (rows per second of
the CSV and JSON imports) or bench/timing_checks.py (sign-up, login and reset
for a known and an unknown address) exists, it is run after the phases, while
the app server is still up, with the benchmark's environment (DATABASE_URL is
the benchmark database); what it prints goes into the summary.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
VENV = ROOT / ".venv" / "bin"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/rebound_bench"

_TODAY = datetime.date.today()
_REPORT_START = _TODAY - datetime.timedelta(days=90)

# Page name -> URL name and how to build its arguments from a person's objects.
PAGES = {
    "floor": ("floor", None),
    "home": ("home", None),
    "board": ("applications:application_board", None),
    "list": ("applications:application_list", None),
    "list_filtered": ("applications:application_list", "?status=applied&q=engineer&sort=company"),
    "application": ("applications:application_detail", "application"),
    "stats": ("applications:stats", None),
    "patterns": ("feedback:patterns", None),
    "practice_plan": ("practice:plan_detail", "plan"),
    "calendar_feed": ("applications:calendar_feed", "token"),
    # The same feed asked for as a calendar app polls it: with the ETag of its last copy.
    "calendar_feed_poll": ("applications:calendar_feed", "token"),
    "csv_export": ("applications:export_csv", None),
    # The search report for the last 90 days, as a page and as a PDF made on the server.
    "search_report": ("applications:report", f"?start={_REPORT_START}&end={_TODAY}"),
    "search_report_pdf": ("applications:report_pdf", f"?start={_REPORT_START}&end={_TODAY}"),
    # The REST API's list of applications (first page), asked with a read-only token.
    "api_list": (None, "/api/v1/applications/"),
}
# Pages a change is made from in the mixed phases (not among the pages viewed at random).
CHANGE_PAGES = {
    "reflection": ("feedback:reflection_edit", "rejection"),
    "call_notes": ("feedback:call_notes", "call"),
}
# Optional measurements by other scripts of bench/, run when they exist (see the
# docstring): name -> (script, its arguments given the app server's port).
HOOKS = {
    # Rows per second of the CSV and JSON imports, in process on the bench database.
    "imports": ("imports.py", lambda port: []),
    # Sign-up, login and reset timed for a known and an unknown address, over HTTP.
    "signup": (
        "timing_checks.py",
        lambda port: [f"http://127.0.0.1:{port}", "bench-6@example.com"],
    ),
}


def server_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY="bench-" + "x" * 60,
        SECURE="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
        # Each simulated person has one token; the benchmark is not about the rate limit.
        API_RATE_LIMIT="100000",
    )
    if redis_reachable():
        env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    return env


def redis_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def ensure_database(database_url: str, fresh: bool) -> None:
    import psycopg
    from psycopg import sql

    name = database_url.rsplit("/", 1)[1]
    if "bench" not in name:
        raise SystemExit(
            f"The benchmark drops and recreates its database; {name!r} does not look like one."
        )
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(VENV / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_people(env: dict, sample: int, heavy_only: bool) -> list[dict]:
    """Sessions and URLs for a sample of people, made directly with Django."""
    code = f"""
import json, django
django.setup()
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse, NoReverseMatch
from accounts.models import User
from applications.models import Application
pages = {PAGES!r}
change_pages = {CHANGE_PAGES!r}
people = json.load(open("bench/results/people.json"))
ids = people["heavy_ids"] if {heavy_only} else [i for i in people["user_ids"] if i not in people["heavy_ids"]][:{sample}]
store_cls = import_module(settings.SESSION_ENGINE).SessionStore
out = []
for user in User.objects.filter(pk__in=ids):
    s = store_cls()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    objects = {{"token": user.calendar_token}}
    app = Application.objects.owned_by(user).order_by("pk").first()
    objects["application"] = app.pk if app else None
    try:
        from practice.models import Plan
        plan = Plan.objects.owned_by(user).order_by("pk").first()
        objects["plan"] = plan.pk if plan else None
    except Exception:
        objects["plan"] = None
    from feedback.models import FeedbackCall, Rejection
    rejection = Rejection.objects.owned_by(user).filter(reflection__isnull=False).order_by("pk").first()
    objects["rejection"] = rejection.pk if rejection else None
    call = FeedbackCall.objects.owned_by(user).order_by("pk").first()
    objects["call"] = call.pk if call else None
    active = Application.objects.owned_by(user).exclude(status__in=["rejected", "accepted"]).order_by("pk")[:5]
    change = {{
        "status": [reverse("applications:application_status", args=[a.pk]) for a in active],
        "action": reverse("reminders:action_update"),
        "reflection_autosave": reverse("feedback:reflection_autosave", args=[objects["rejection"]]) if rejection else None,
        "call_notes_autosave": reverse("feedback:call_autosave", args=[objects["call"]]) if call else None,
        "text_fields": ["went_well", "notes"],
    }}
    urls = {{}}
    for page, (name, arg) in [*pages.items(), *change_pages.items()]:
        try:
            if name is None:
                urls[page] = arg
            elif arg is None or arg.startswith("?"):
                urls[page] = reverse(name) + (arg or "")
            elif objects.get(arg) is not None:
                urls[page] = reverse(name, args=[objects[arg]])
        except NoReverseMatch:
            pass
    from api.services import token_create
    api_token = token_create(owner=user, name="bench", scope="read").plain
    out.append({{"id": user.pk, "email": user.email, "session": s.session_key, "urls": urls, "change": change, "api_token": api_token}})
print(json.dumps(out))
"""
    result = subprocess.run(
        [str(VENV / "python"), "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_gunicorn(env: dict, port: int, workers: int, access_log: Path | None = None):
    # The access log records each request's time inside the worker (%(D)s, in
    # microseconds), which tells the page's own cost from time spent queueing.
    logging = (
        ["--access-logfile", str(access_log), "--access-logformat", "%(U)s?%(q)s %(s)s %(D)s"]
        if access_log
        else []
    )
    proc = subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            *logging,
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--max-requests",
            "0",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)  # noqa: S310
            return proc
        except Exception:  # noqa: BLE001
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"gunicorn did not start on port {port}")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (gunicorn master + workers)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        return 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


class MemorySampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.samples, self.running = pid, [], True

    def run(self):
        while self.running:
            self.samples.append((time.monotonic(), tree_rss_kib(self.pid)))
            time.sleep(0.5)


def run_locust(
    plan_path: Path, port: int, users: int, seconds: int, prefix: str, mode: str = "read"
) -> dict:
    env = dict(os.environ, BENCH_PLAN=str(plan_path), BENCH_MODE=mode)
    started = time.time()
    result = subprocess.run(
        [
            str(VENV / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(RESULTS / prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    stats_csv = RESULTS / f"{prefix}_stats.csv"
    if not stats_csv.exists() or stats_csv.stat().st_mtime < started:
        raise RuntimeError(f"locust failed:\n{result.stderr[-3000:]}")
    if "Traceback" in result.stderr:
        # Locust's own CSV writer sometimes trips over its closed file as it
        # stops, after the figures are written: report it, keep the figures.
        print(f"locust ({prefix}) ended with:\n{result.stderr[-1500:]}", file=sys.stderr)
    import csv

    rows = {}
    with open(stats_csv) as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "median_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
                "rps": float(row["Requests/s"]),
            }
    return rows


def server_times(log: Path, plan: dict) -> dict:
    """Median and p95 time in the worker per page, read from gunicorn's access log."""
    by_url = {}
    for person in plan["people"]:
        for page, url in person["urls"].items():
            path, _, query = url.partition("?")
            by_url.setdefault(f"{path}?{query}", page)
        change = person.get("change", {})
        for url in change.get("status", []):
            by_url[f"{url}?"] = "change: status"
        by_url[f"{change.get('action')}?"] = "change: snooze"
        for kind in ("reflection", "call_notes"):
            if change.get(f"{kind}_autosave"):
                by_url[f"{change[f'{kind}_autosave']}?"] = f"change: {kind} autosave"
    times: dict[str, list[float]] = {}
    for line in log.read_text().splitlines():
        try:
            url, status, micros = line.rsplit(" ", 2)
        except ValueError:
            continue
        page = by_url.get(url)
        if page == "calendar_feed" and status == "304":
            page = "calendar_feed_poll"
        if page:
            times.setdefault(page, []).append(int(micros) / 1000)
    result = {}
    for page, values in times.items():
        values.sort()
        result[page] = {
            "median_ms": values[len(values) // 2],
            "p95_ms": values[min(len(values) - 1, int(len(values) * 0.95))],
        }
    return result


def page_weight(port: int, person: dict) -> dict:
    """Compressed bytes of each page's HTML plus the CSS and JS it loads (first visit)."""
    weights, asset_cache = {}, {}
    for page, url in person["urls"].items():
        if page in {"calendar_feed", "calendar_feed_poll", "csv_export", "floor"}:
            continue
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}{url}", headers={"Cookie": f"sessionid={person['session']}"}
        )
        try:
            html = urllib.request.urlopen(req, timeout=30).read()  # noqa: S310
        except urllib.error.HTTPError as exc:
            weights[page] = f"error {exc.code}"
            continue
        total = len(gzip.compress(html, 6))
        for asset in re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
            if asset not in asset_cache:
                areq = urllib.request.Request(
                    f"http://127.0.0.1:{port}{asset.decode()}", headers={"Accept-Encoding": "gzip"}
                )
                asset_cache[asset] = len(urllib.request.urlopen(areq, timeout=30).read())  # noqa: S310
            total += asset_cache[asset]
        weights[page] = total
    return weights


def session_moves(env: dict, port_a: int, port_b: int) -> dict:
    """Log in through the real form on server A, then use the same cookie on server B."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = opener.open(f"http://127.0.0.1:{port_a}/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": "bench-5@example.com", "password": "bench-password"}
    ).encode()
    req = urllib.request.Request(
        f"http://127.0.0.1:{port_a}/accounts/login/",
        data=data,
        headers={"Referer": f"http://127.0.0.1:{port_a}/accounts/login/"},
    )
    opener.open(req, timeout=30)
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    results = {}
    for port in (port_a, port_b):
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/floor/", headers={"Cookie": f"sessionid={session}"}
        )
        body = urllib.request.urlopen(req, timeout=30).read().decode()  # noqa: S310
        results[port] = "bench-5@example.com" in body
    return {"logged_in_on": port_a, "same_session_recognised": results}


def explain_plans(env: dict) -> str:
    code = """
import django, json
django.setup()
from accounts.models import User
from applications.models import Application, Interview
people = json.load(open("bench/results/people.json"))
user = User.objects.get(pk=people["user_ids"][-1])
qs = {
  "list (newest first, page 1)": Application.objects.owned_by(user).with_company().order_by("-updated_at")[:25],
  "list filtered by status": Application.objects.owned_by(user).filter(status="applied").order_by("-updated_at")[:25],
  "board (by status)": Application.objects.owned_by(user).active().with_company(),
  "home (silent applications)": Application.objects.owned_by(user).silent_since(django.utils.timezone.now()),
  "home (upcoming interviews)": Interview.objects.owned_by(user).upcoming(),
}
for name, q in qs.items():
    print("### " + name)
    print(q.explain())
    print()
"""
    result = subprocess.run(
        [str(VENV / "python"), "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def phases(args) -> list[dict]:
    """Each phase: label, heavy people?, simulated people, mode, what it shows."""
    everything = [
        {
            "label": "300_mixed",
            "heavy": False,
            "users": args.workers,
            "mode": "mixed",
            "what": "mixed, 300 applications: one change for every four views, as many "
            "simulated people as workers",
        },
        {
            "label": "300_read",
            "heavy": False,
            "users": args.workers,
            "mode": "read",
            "what": "read-only, 300 applications: page views alone",
        },
        {
            "label": "300_load",
            "heavy": False,
            "users": args.users,
            "mode": "mixed",
            "what": f"mixed load, 300 applications: {args.users} simulated people on "
            f"{args.workers} workers, so requests queue; errors and throughput",
        },
        {
            "label": "3000_mixed",
            "heavy": True,
            "users": args.workers,
            "mode": "mixed",
            "what": "mixed, 3,000 applications",
        },
        {
            "label": "3000_read",
            "heavy": True,
            "users": args.workers,
            "mode": "read",
            "what": "read-only, 3,000 applications",
        },
        {
            "label": "300_again",
            "heavy": False,
            "users": args.workers,
            "mode": "mixed",
            "what": "the first phase again: memory after the same traffic a second time",
        },
    ]
    if args.phases:
        wanted = args.phases.split(",")
        return [p for p in everything if p["label"] in wanted]
    return everything


def with_ratios(rows: dict, inside: dict) -> dict:
    floor = rows.get("floor", {}).get("median_ms") or 1
    floor_inside = inside.get("floor", {}).get("median_ms") or 1
    for name, row in rows.items():
        row["ratio_to_floor"] = round(row["median_ms"] / floor, 2)
        if name in inside:
            row["server_median_ms"] = round(inside[name]["median_ms"], 1)
            row["server_p95_ms"] = round(inside[name]["p95_ms"], 1)
            row["server_ratio_to_floor"] = round(inside[name]["median_ms"] / floor_inside, 2)
    return rows


def run_hooks(env: dict, port: int) -> dict:
    """What the optional scripts of HOOKS measure, for those that exist."""
    found = {}
    for name, (script, arguments) in HOOKS.items():
        path = ROOT / "bench" / script
        if not path.exists():
            found[name] = None
            continue
        result = subprocess.run(
            [str(VENV / "python"), str(path), *arguments(port)],
            cwd=ROOT,
            env=dict(env, BENCH_RESULTS=str(RESULTS)),
            capture_output=True,
            text=True,
            check=False,
        )
        found[name] = (
            result.stdout if result.returncode == 0 else f"failed:\n{result.stderr[-2000:]}"
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", action="store_true", help="100 people and shorter runs")
    parser.add_argument("--people", type=int)
    parser.add_argument(
        "--skip-seed", action="store_true", help="reuse the data already in the bench database"
    )
    parser.add_argument("--seed-only", action="store_true", help="load the data, then stop")
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--users", type=int, default=12, help="simulated people in the load phase")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--phases", help="comma-separated labels of the phases to run (default: all)"
    )
    parser.add_argument(
        "--no-profile", action="store_true", help="leave out bench/profile_pages.py"
    )
    args = parser.parse_args()
    started = time.monotonic()
    people = args.people or (100 if args.small else 1000)
    seconds = args.seconds or (20 if args.small else 60)
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = server_env(database_url)

    ensure_database(database_url, fresh=not args.skip_seed)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    if not args.skip_seed:
        subprocess.run(
            [str(VENV / "python"), "bench/seed.py", "--people", str(people)],
            cwd=ROOT,
            env=env,
            check=True,
        )
    if args.seed_only:
        return

    report: dict = {
        "people": people,
        "seconds_per_phase": seconds,
        "users": args.users,
        "workers": args.workers,
    }
    report["data"] = json.loads((RESULTS / "people.json").read_text())["counts"]
    access_log = RESULTS / "access.log"
    server = start_gunicorn(env, 8801, args.workers, access_log)
    sampler = MemorySampler(server.pid)
    sampler.start()
    plans = {}
    try:
        for phase in phases(args):
            label, heavy, users = phase["label"], phase["heavy"], phase["users"]
            if heavy not in plans:
                plan = {"people": prepare_people(env, 50, heavy), "pages": list(PAGES)}
                plan_path = RESULTS / f"plan_{'3000' if heavy else '300'}.json"
                plan_path.write_text(json.dumps(plan))
                plans[heavy] = (plan, plan_path)
                # A short warm-up so each worker has imported everything and filled its caches.
                run_locust(plan_path, 8801, users, 5, f"warmup_{label}")
            plan, plan_path = plans[heavy]
            rss_before = tree_rss_kib(server.pid)
            access_log.write_text("")
            rows = run_locust(plan_path, 8801, users, seconds, f"locust_{label}", phase["mode"])
            rss_after = tree_rss_kib(server.pid)
            rows = with_ratios(rows, server_times(access_log, plan))
            report.setdefault("phases", []).append(
                {
                    **phase,
                    "pages": rows,
                    "rss_kib": {"before": rss_before, "after": rss_after},
                }
            )
            if label == "300_read":
                report["page_weight_bytes"] = page_weight(8801, plan["people"][0])
        second = start_gunicorn(env, 8802, 1)
        try:
            report["two_servers"] = session_moves(env, 8801, 8802)
        finally:
            stop(second)
        report["hooks"] = run_hooks(env, 8801)
    finally:
        sampler.running = False
        stop(server)
    report["peak_rss_kib"] = max((s for _, s in sampler.samples), default=0)
    report["explain"] = explain_plans(env)
    report["profiled"] = not args.no_profile
    if not args.no_profile:
        subprocess.run(
            [str(VENV / "python"), "bench/profile_pages.py"], cwd=ROOT, env=env, check=True
        )
    report["minutes"] = round((time.monotonic() - started) / 60, 1)
    (RESULTS / "report.json").write_text(json.dumps(report, indent=2))
    summary = render_summary(report)
    (RESULTS / "summary.md").write_text(summary)
    print(summary)


def per_thousand(report: dict) -> list[str]:
    """The feed's and the export's time per 1,000 applications, at 3,000."""
    lines = []
    for phase in report.get("phases", []):
        if not phase["heavy"]:
            continue
        for page in ("calendar_feed", "csv_export"):
            row = phase["pages"].get(page)
            if row and "server_median_ms" in row:
                lines.append(
                    f"- {phase['label']}, {page}: {row['server_median_ms'] / 3:.1f} ms per "
                    "1,000 applications inside the worker (median at 3,000 ÷ 3)"
                )
    return lines


def render_summary(report: dict) -> str:
    lines = [
        f"# Benchmark: {report['people']} people, {report['workers']} gunicorn workers, "
        f"{report['seconds_per_phase']} s per phase",
        "",
        f"Data: {report['data']}",
        "",
        f"The whole run took {report.get('minutes', '?')} minutes.",
    ]
    for phase in report.get("phases", []):
        lines += [
            "",
            f"## {phase['label']}: {phase['what']}",
            "",
            "Client: as locust saw it (includes any wait for a worker). Server: time inside "
            "the worker, from gunicorn's access log. × floor: median over the floor page's "
            "median in this phase.",
            "",
            "| page | median ms | p95 ms | p99 ms | req/s | errors | × floor "
            "| server median ms | server p95 ms | server × floor |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, r in sorted(phase["pages"].items()):
            lines.append(
                f"| {name} | {r['median_ms']:.0f} | {r['p95_ms']:.0f} | {r['p99_ms']:.0f} | "
                f"{r['rps']:.1f} | {r['errors']} | {r['ratio_to_floor']} | "
                f"{r.get('server_median_ms', '')} | {r.get('server_p95_ms', '')} | "
                f"{r.get('server_ratio_to_floor', '')} |"
            )
        rss = phase["rss_kib"]
        errors = sum(r["errors"] for r in phase["pages"].values())
        lines.append(
            f"\nErrors in the phase: {errors}. App server memory: {rss['before'] // 1024} MiB "
            f"before the phase, {rss['after'] // 1024} MiB after it."
        )
    lines.append(
        f"\nPeak app server memory (master + workers): {report['peak_rss_kib'] // 1024} MiB"
    )
    thousand = per_thousand(report)
    if thousand:
        lines += ["", "## Feed and export per 1,000 applications", "", *thousand]
    weights = report.get("page_weight_bytes", {})
    if weights:
        lines += [
            "",
            "## First-load page weight (HTML + CSS + JS, compressed)",
            "",
            "| page | KB |",
            "|---|---|",
        ]
        lines += [
            f"| {k} | {v / 1024:.1f} |" if isinstance(v, int) else f"| {k} | {v} |"
            for k, v in sorted(weights.items())
        ]
    lines += ["", f"Two app servers: {report.get('two_servers')}"]
    for name, text in report.get("hooks", {}).items():
        script = HOOKS[name][0]
        lines += ["", f"## {name} (bench/{script})", ""]
        lines.append(text.strip() if text else f"Not measured: bench/{script} does not exist yet.")
    profile = RESULTS / "profile.md"
    if report.get("profiled") and profile.exists():
        lines += ["", profile.read_text()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
