"""Profile each main page in-process: Django's test client against the benchmark
database, cProfile around the view, for one person with 300 applications and
one with 3,000. Every page is worked out afresh on each view (there is no page
cache), so this is what each view costs.

    .venv/bin/python bench/profile_pages.py            # run by bench/run.py after the load phases
    .venv/bin/python bench/profile_pages.py --runs 5 --top 15

Writes bench/results/profile.md and profile.json: per page the median time in
process (no network, no gunicorn), where the time goes (template rendering,
SQL compilation, the database, building model objects) and the functions with
the most time of their own.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

RESULTS = ROOT / "bench" / "results"

# Where the time goes: the cumulative time of these functions (they do not
# nest in one another, except that compiling happens inside the ORM's calls).
BUCKETS = {
    "templates": [("django/template/backends/django.py", "render")],
    "SQL compilation": [("django/db/models/sql/compiler.py", "as_sql")],
    "database": [("django/db/backends/utils.py", "_execute")],
    "model objects": [("django/db/models/base.py", "from_db")],
}


def page_urls(user) -> dict[str, str]:
    from applications.models import Application
    from practice.models import Plan

    application = Application.objects.owned_by(user).order_by("pk").first()
    plan = Plan.objects.owned_by(user).order_by("pk").first()
    urls = {
        "floor": reverse("floor"),
        "home": reverse("home"),
        "board": reverse("applications:application_board"),
        "list": reverse("applications:application_list"),
        "list_filtered": reverse("applications:application_list")
        + "?status=applied&q=engineer&sort=company",
        "stats": reverse("applications:stats"),
        "patterns": reverse("feedback:patterns"),
        "calendar_feed": reverse("applications:calendar_feed", args=[user.calendar_token]),
        "csv_export": reverse("applications:export_csv"),
    }
    if application:
        urls["application"] = reverse("applications:application_detail", args=[application.pk])
    if plan:
        urls["practice_plan"] = reverse("practice:plan_detail", args=[plan.pk])
    return urls


def fetch(client: Client, url: str) -> int:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(body)


def cumulative(stats: pstats.Stats, file_part: str, function: str) -> float:
    total = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if name == function and filename.endswith(file_part):
            total += ct
    return total


def top_functions(stats: pstats.Stats, top: int, runs: int) -> list[dict]:
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:top]
    out = []
    for (filename, line, name), (_cc, ncalls, tottime, cumtime, _callers) in rows:
        short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        out.append(
            {
                "function": f"{short}:{line}({name})",
                "own_ms": round(tottime * 1000 / runs, 2),
                "cumulative_ms": round(cumtime * 1000 / runs, 2),
                "calls": ncalls // runs,
            }
        )
    return out


def profile_person(user, label: str, runs: int, top: int) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    result = {}
    for page, url in page_urls(user).items():
        fetch(client, url)  # imports, template loading: once per process, not per view
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            size = fetch(client, url)
            times.append((time.perf_counter() - started) * 1000)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            fetch(client, url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        total = sum(t for (_f, _l, _n), (_c, _nc, t, _ct, _cl) in stats.stats.items())
        result[page] = {
            "median_ms": round(statistics.median(times), 1),
            "bytes": size,
            "profiled_ms": round(total * 1000 / runs, 1),
            "where": {
                bucket: round(sum(cumulative(stats, f, n) for f, n in parts) * 1000 / runs, 1)
                for bucket, parts in BUCKETS.items()
            },
            "top": top_functions(stats, top, runs),
        }
        print(f"{label} {page}: {result[page]['median_ms']} ms", file=sys.stderr)
    return result


def feed_writers(user, runs: int) -> dict:
    """The person's feed written by build_calendar and by the icalendar package
    (the reference its test compares with), median ms of each for the same events."""
    from django.utils import timezone

    from applications.calendar import build_calendar, events_for
    from tests.applications.test_calendar import _icalendar_reference

    events = events_for(user)
    now = timezone.now()

    def absolute_url(path):
        return "http://127.0.0.1" + path

    timings = {}
    for name, write in (
        ("build_calendar", lambda: build_calendar(events, absolute_url=absolute_url, now=now)),
        ("icalendar", lambda: _icalendar_reference(events, absolute_url, now)),
    ):
        write()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            write()
            times.append((time.perf_counter() - started) * 1000)
        timings[name] = round(statistics.median(times), 2)
    return {"events": len(events), **timings}


def export_memory(user) -> dict:
    """Peak Python memory while the CSV export is streamed, and its size."""
    import tracemalloc

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    url = reverse("applications:export_csv")
    fetch(client, url)
    tracemalloc.start()
    response = client.get(url)
    size = sum(len(piece) for piece in response.streaming_content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"peak_kib": peak // 1024, "file_kib": size // 1024}


def render(report: dict) -> str:
    lines = [
        "## Profiles (in-process, Django's test client on the benchmark database)",
        "",
        f"Median of {report['runs']} views per page, then cProfile over {report['runs']} more "
        "(profiling roughly doubles the time; the shares are what matter). "
        "'Templates' is the cumulative time in the template backend's render, 'SQL compilation' in "
        "SQLCompiler.as_sql, 'database' in CursorWrapper._execute (the round trip to "
        "PostgreSQL), 'model objects' in Model.from_db.",
    ]
    lines += [
        "",
        "Writing the calendar feed, the same events (median ms, in process):",
        "",
        "| person | events | build_calendar | icalendar package |",
        "|---|---|---|---|",
    ]
    for label, row in report.get("feed_writers", {}).items():
        lines.append(
            f"| {label} | {row['events']} | {row['build_calendar']} | {row['icalendar']} |"
        )
    lines += [
        "",
        "CSV export streamed: peak Python memory while it is sent (tracemalloc) against "
        "the file's size:",
        "",
        "| person | file KiB | peak KiB |",
        "|---|---|---|",
    ]
    for label, row in report.get("export_memory", {}).items():
        lines.append(f"| {label} | {row['file_kib']} | {row['peak_kib']} |")
    for label, pages in report["people"].items():
        floor = pages.get("floor", {}).get("median_ms") or 1
        lines += [
            "",
            f"### {label}",
            "",
            "| page | median ms | × floor | profiled ms | templates | SQL compilation "
            "| database | model objects |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for page, row in pages.items():
            where = row["where"]
            lines.append(
                f"| {page} | {row['median_ms']} | {row['median_ms'] / floor:.2f} | "
                f"{row['profiled_ms']} | {where['templates']} | {where['SQL compilation']} | "
                f"{where['database']} | {where['model objects']} |"
            )
        for page, row in pages.items():
            if page == "floor":
                continue
            lines += [
                "",
                f"**{label}, {page}**: functions with the most time of their own "
                "(ms per view, under the profiler)",
                "",
                "| function | own ms | cumulative ms | calls |",
                "|---|---|---|---|",
            ]
            lines += [
                f"| `{f['function']}` | {f['own_ms']} | {f['cumulative_ms']} | {f['calls']} |"
                for f in row["top"]
            ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    from accounts.models import User

    people = json.loads((RESULTS / "people.json").read_text())
    light_id = next(i for i in people["user_ids"] if i not in people["heavy_ids"])
    chosen = {
        "300 applications": User.objects.get(pk=light_id),
        "3,000 applications": User.objects.get(pk=people["heavy_ids"][0]),
    }
    report = {
        "runs": args.runs,
        "people": {
            label: profile_person(user, label, args.runs, args.top)
            for label, user in chosen.items()
        },
        "feed_writers": {label: feed_writers(user, 15) for label, user in chosen.items()},
        "export_memory": {label: export_memory(user) for label, user in chosen.items()},
    }
    (RESULTS / "profile.json").write_text(json.dumps(report, indent=2))
    text = render(report)
    (RESULTS / "profile.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
