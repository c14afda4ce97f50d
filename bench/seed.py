"""Fill a database with many people and their job searches, fast (bulk inserts).

    .venv/bin/python bench/seed.py --people 1000 --applications 300 --heavy 3 --heavy-applications 3000

People are bench-<n>@example.com with the password "bench-password". The first
`--heavy` people get `--heavy-applications` applications each instead.
Writes bench/results/people.json with the ids the load test uses.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from applications.models import (  # noqa: E402
    Application,
    Company,
    Contact,
    Interview,
    InterviewQuestion,
    Status,
    StatusChange,
)

BATCH = 5000
ROLES = [
    "Product designer",
    "Data analyst",
    "Backend engineer",
    "Project manager",
    "UX researcher",
    "Marketing lead",
    "Support engineer",
    "Operations analyst",
    "Content designer",
    "QA engineer",
]
FLOW = [Status.APPLIED, Status.SCREENING, Status.INTERVIEWING, Status.OFFER]
ENDINGS = [
    Status.REJECTED,
    Status.REJECTED,
    Status.NO_RESPONSE,
    Status.WITHDRAWN,
    None,
    None,
    Status.ACCEPTED,
]


def seed_loop(user, rejected: list, bank: list, rng: random.Random, now) -> dict:
    """The rejection loop and practice for one person: a rejection, reflection and
    ratings for each rejected application, a feedback call for half of them, and
    one practice plan with attempts."""
    from feedback.models import CallQuestion, FeedbackCall, Reflection, Rejection, RubricRating
    from feedback.rubric import AREA_KEYS
    from practice.models import Attempt, Plan, PlanItem

    stages = [
        rng.choice(["after_applying", "after_screening", "after_interview", "final_round"])
        for _ in rejected
    ]
    rejections = Rejection.objects.bulk_create(
        [
            Rejection(
                owner=user,
                application=app,
                received_on=(now - timedelta(days=rng.randint(3, 200))).date(),
                stage=stage,
                interview_round=1 if stage == "after_interview" else None,
                reason="They chose someone with more experience.",
                message="",
            )
            for app, stage in zip(rejected, stages, strict=True)
        ],
        batch_size=BATCH,
    )
    reflections = Reflection.objects.bulk_create(
        [
            Reflection(
                owner=user,
                rejection=r,
                went_well="Clear examples.",
                do_differently="Shorter answers.",
                what_else_for_offer="",
                status="complete",
            )
            for r in rejections
        ],
        batch_size=BATCH,
    )
    calls = FeedbackCall.objects.bulk_create(
        [
            FeedbackCall(
                owner=user,
                rejection=r,
                scheduled_at=now - timedelta(days=rng.randint(1, 100)),
                notes="",
                takeaways="Tell fewer, deeper stories.",
                future_opportunity_note="",
                thank_you_body="",
                status="done",
            )
            for r in rejections[::2]
        ],
        batch_size=BATCH,
    )
    ratings = [
        RubricRating(
            owner=user,
            rejection=ref.rejection,
            reflection=ref,
            source="reflection",
            area=area,
            rating=rng.randint(1, 5),
            note="",
        )
        for ref in reflections
        for area in AREA_KEYS
    ] + [
        RubricRating(
            owner=user,
            rejection=call.rejection,
            call=call,
            source="feedback",
            area=area,
            rating=rng.randint(1, 5),
            note="",
        )
        for call in calls
        for area in AREA_KEYS
    ]
    RubricRating.objects.bulk_create(ratings, batch_size=BATCH)
    CallQuestion.objects.bulk_create(
        [
            CallQuestion(
                call=call, text=f"Question about {area}", area=area, position=i, answer="Noted."
            )
            for call in calls
            for i, area in enumerate(AREA_KEYS)
        ],
        batch_size=BATCH,
    )
    plan = Plan.objects.create(
        owner=user,
        title="Plan for the next interview",
        focus_areas=["evidence", "fit"],
        interviewer_suggestions="",
    )
    items = PlanItem.objects.bulk_create(
        [
            PlanItem(plan=plan, kind="question", question=q, text="", position=i)
            for i, q in enumerate(bank[:12])
        ]
    )
    Attempt.objects.bulk_create(
        [Attempt(item=item, rating=rng.randint(2, 5), note="") for item in items for _ in range(2)]
    )
    return {
        "rejections": len(rejections),
        "calls": len(calls),
        "ratings": len(ratings),
        "attempts": 2 * len(items),
    }


def seed(
    people: int, per_person: int, heavy: int, heavy_per_person: int, rng: random.Random
) -> dict:
    now = timezone.now()
    password = make_password("bench-password")
    if User.objects.filter(email__startswith="bench-").exists():
        raise SystemExit(
            "This database already has bench people: bench/run.py starts from a fresh one."
        )
    users = User.objects.bulk_create(
        [
            User(
                email=f"bench-{n}@example.com", name=f"Bench {n}", password=password, is_active=True
            )
            for n in range(people)
        ],
        batch_size=BATCH,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
        batch_size=BATCH,
    )
    companies = Company.objects.bulk_create(
        [Company(owner=u, name=f"Company {u.pk}-{c}") for u in users for c in range(30)],
        batch_size=BATCH,
    )
    companies_by_owner: dict[int, list[Company]] = {}
    for c in companies:
        companies_by_owner.setdefault(c.owner_id, []).append(c)
    Contact.objects.bulk_create(
        [
            Contact(
                owner_id=oid,
                company=cs[i],
                name=f"Contact {i}",
                role=rng.choice(["hiring_manager", "recruiter"]),
            )
            for oid, cs in companies_by_owner.items()
            for i in range(5)
        ],
        batch_size=BATCH,
    )
    from practice.models import Question

    bank = list(Question.objects.filter(owner__isnull=True).order_by("pk")[:12])
    counts = {
        "people": people,
        "applications": 0,
        "status_changes": 0,
        "interviews": 0,
        "rejections": 0,
        "calls": 0,
        "ratings": 0,
        "attempts": 0,
    }
    for index, user in enumerate(users):
        n_apps = heavy_per_person if index < heavy else per_person
        apps, histories, interviews = [], [], []
        for a in range(n_apps):
            applied = now - timedelta(days=rng.randint(1, 365))
            path = [Status.INTERESTED, *FLOW[: rng.randint(1, 4)]]
            ending = rng.choice(ENDINGS)
            if ending is not None and not (ending == Status.ACCEPTED and path[-1] != Status.OFFER):
                path.append(ending)
            app = Application(
                owner=user,
                company=rng.choice(companies_by_owner[user.pk]),
                title=f"{rng.choice(ROLES)} {a}",
                status=path[-1],
                date_applied=applied.date(),
                interest=rng.randint(1, 5),
                source=rng.choice(["job_board", "company_site", "referral", "recruiter"]),
                work_mode=rng.choice(["on_site", "hybrid", "remote"]),
                notes="Bench notes " * rng.randint(1, 20),
                last_news_at=applied + timedelta(days=len(path) * 4),
            )
            apps.append((app, path, applied))
        Application.objects.bulk_create([a for a, _, _ in apps], batch_size=BATCH)
        for app, path, applied in apps:
            previous = ""
            for step, status in enumerate(path):
                histories.append(
                    StatusChange(
                        application=app,
                        from_status=previous,
                        to_status=status,
                        changed_at=applied + timedelta(days=step * 4),
                    )
                )
                previous = status
            if Status.INTERVIEWING in path:
                interviews.append(
                    Interview(
                        owner_id=app.owner_id,
                        application=app,
                        round=1,
                        kind="video",
                        starts_at=applied + timedelta(days=10),
                        duration_minutes=45,
                    )
                )
        StatusChange.objects.bulk_create(histories, batch_size=BATCH)
        Interview.objects.bulk_create(interviews, batch_size=BATCH)
        InterviewQuestion.objects.bulk_create(
            [
                InterviewQuestion(interview=i, text=f"Question {q}", position=q)
                for i in interviews
                for q in range(3)
            ],
            batch_size=BATCH,
        )
        rejected = [app for app, path, _ in apps if path[-1] == Status.REJECTED]
        for key, value in seed_loop(user, rejected, bank, rng, now).items():
            counts[key] += value
        counts["applications"] += len(apps)
        counts["status_changes"] += len(histories)
        counts["interviews"] += len(interviews)
    return {
        "counts": counts,
        "user_ids": [u.pk for u in users],
        "heavy_ids": [u.pk for u in users[:heavy]],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--applications", type=int, default=300)
    parser.add_argument("--heavy", type=int, default=3)
    parser.add_argument("--heavy-applications", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.monotonic()
    with transaction.atomic():
        result = seed(
            args.people,
            args.applications,
            args.heavy,
            args.heavy_applications,
            random.Random(args.seed),
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result["seconds"] = round(time.monotonic() - started, 1)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "people.json").write_text(json.dumps(result, indent=2))
    print(f"Seeded {result['counts']} in {result['seconds']} s")


if __name__ == "__main__":
    main()
