"""No page does work per row: each main page makes the same number of SQL
queries for a person with 5 applications as for one with 500, within a small
fixed budget. (Speed itself is measured by `make bench`, never by a timed test.)"""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback.rubric import AREA_KEYS
from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    CompanyFactory,
    ContactFactory,
    FeedbackCallFactory,
    FeedbackRequestFactory,
    InterviewFactory,
    InterviewQuestionFactory,
    PlanFactory,
    PlanItemFactory,
    ReasonTagFactory,
    ReflectionFactory,
    RejectionFactory,
    RubricRatingFactory,
    StatusChangeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STATUSES = [
    "rejected",
    "applied",
    "interviewing",
    "offer",
    "no_response",
    "screening",
    "interested",
]
BUDGET = 30  # queries per page, whatever the amount of data


def grow(user, n: int):
    """A job search of `n` applications with everything hanging off them."""
    companies = [CompanyFactory(owner=user) for _ in range(min(n, 12))]
    contacts = [ContactFactory(owner=user, company=c) for c in companies[:4]]
    today = dt.date.today()
    first_app = plan = None
    for i, status in zip(range(n), itertools.cycle(STATUSES), strict=False):
        app = ApplicationFactory(
            owner=user,
            company=companies[i % len(companies)],
            status=status,
            title=f"Designer {i}",
            date_applied=today - dt.timedelta(days=i % 90),
        )
        app.contacts.add(contacts[i % len(contacts)])
        StatusChangeFactory(application=app, from_status="", to_status="applied")
        StatusChangeFactory(application=app, from_status="applied", to_status=status)
        if i % 2 == 0:
            interview = InterviewFactory(application=app)
            interview.interviewers.add(contacts[i % len(contacts)])
            InterviewQuestionFactory(interview=interview)
        if status == "rejected":
            rejection = RejectionFactory(owner=user, application=app, stage="final_round")
            ReasonTagFactory(rejection=rejection, tag="experience")
            reflection = ReflectionFactory(rejection=rejection, owner=user)
            call = FeedbackCallFactory(rejection=rejection, owner=user)
            FeedbackRequestFactory(rejection=rejection, owner=user)
            for area in AREA_KEYS:
                RubricRatingFactory(
                    reflection=reflection, rejection=rejection, owner=user, area=area, rating=3
                )
                RubricRatingFactory(
                    reflection=None,
                    call=call,
                    source="feedback",
                    rejection=rejection,
                    owner=user,
                    area=area,
                    rating=2,
                )
        if first_app is None:
            first_app = app
            plan = PlanFactory(owner=user, application=app)
        if i % 5 == 0:
            item = PlanItemFactory(plan=plan)
            AttemptFactory(item=item, rating=4)
    return {"application": first_app.pk, "plan": plan.pk, "token": user.calendar_token}


PAGES = {
    "home": lambda o: reverse("home"),
    "board": lambda o: reverse("applications:application_board"),
    "list": lambda o: reverse("applications:application_list"),
    "list filtered": lambda o: (
        reverse("applications:application_list")
        + "?q=Designer&status=rejected&sort=company&work_mode=&source=&applied_from=2020-01-01"
    ),
    "application page": lambda o: reverse(
        "applications:application_detail", args=[o["application"]]
    ),
    "stats": lambda o: reverse("applications:stats"),
    "rejection patterns": lambda o: reverse("feedback:patterns"),
    "rejections": lambda o: reverse("feedback:rejection_list"),
    "practice plan": lambda o: reverse("practice:plan_detail", args=[o["plan"]]),
    "calendar feed": lambda o: reverse("applications:calendar_feed", args=[o["token"]]),
    "CSV export": lambda o: reverse("applications:export_csv"),
    "search report": lambda o: (
        reverse("applications:report") + f"?start={dt.date.today() - dt.timedelta(days=90)}"
        f"&end={dt.date.today()}"
    ),
    "search report PDF": lambda o: (
        reverse("applications:report_pdf") + f"?start={dt.date.today() - dt.timedelta(days=6)}"
        f"&end={dt.date.today()}"
    ),
}


def count_queries(client: Client, url: str, person) -> int:
    client.get(url)  # warm caches that are filled once per process, not per page view
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:  # a streamed file reads its rows as it is sent
            b"".join(response.streaming_content)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(ctx.captured_queries)


def test_every_main_page_makes_the_same_queries_for_5_and_500_applications():
    small_user, large_user = UserFactory(), UserFactory()
    small, large = grow(small_user, 5), grow(large_user, 500)
    small_client, large_client = Client(), Client()
    small_client.force_login(small_user)
    large_client.force_login(large_user)

    rows, problems = [], []
    for name, url_for in PAGES.items():
        few = count_queries(small_client, url_for(small), small_user)
        many = count_queries(large_client, url_for(large), large_user)
        rows.append(f"{name:20} {few:3} {many:3}")
        if few != many:
            problems.append(f"{name}: {few} queries with 5 applications, {many} with 500")
        elif many > BUDGET:
            problems.append(f"{name}: {many} queries, over the budget of {BUDGET}")
    print("\npage                  5  500\n" + "\n".join(rows))
    assert problems == [], "\n".join(problems)


def test_postgresql_does_not_jit_compile_small_queries():
    """JIT compilation costs PostgreSQL tens of ms on queries this small."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
    else:
        assert "options" not in connection.settings_dict.get("OPTIONS", {})
