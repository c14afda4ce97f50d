import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Status
from applications.services import application_create_with_history
from applications.stats import stats_for, weekly_counts
from tests.factories import ApplicationFactory, CompanyFactory, InterviewFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 18, 12, 0, tzinfo=dt.UTC)  # a Wednesday


def days_ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def make(user, steps, *, title="Designer", applied_days_ago=None):
    """An application whose history is `steps`: (days ago, status) pairs."""
    application = Application(
        owner=user,
        company=CompanyFactory(owner=user),
        title=title,
        date_applied=(NOW - dt.timedelta(days=applied_days_ago)).date()
        if applied_days_ago is not None
        else None,
    )
    return application_create_with_history(
        application=application, history=[(days_ago(d), s) for d, s in steps]
    )


@pytest.fixture
def known_search(user):
    """Ten applications sent: 4 screened, 2 interviewed, 1 offer."""
    for _ in range(4):
        make(user, [(30, Status.APPLIED)], applied_days_ago=30)
    make(user, [(40, Status.APPLIED), (30, Status.REJECTED)], applied_days_ago=40)
    make(user, [(40, Status.APPLIED), (20, Status.NO_RESPONSE)], applied_days_ago=40)
    make(
        user,
        [(20, Status.APPLIED), (16, Status.SCREENING), (10, Status.REJECTED)],
        applied_days_ago=20,
    )
    make(user, [(12, Status.APPLIED), (8, Status.SCREENING)], applied_days_ago=12)
    make(
        user,
        [
            (30, Status.APPLIED),
            (20, Status.SCREENING),
            (14, Status.INTERVIEWING),
            (4, Status.REJECTED),
        ],
        applied_days_ago=30,
    )
    make(
        user,
        [
            (30, Status.APPLIED),
            (24, Status.SCREENING),
            (18, Status.INTERVIEWING),
            (2, Status.OFFER),
        ],
        applied_days_ago=30,
    )
    # Not sent yet: not part of the funnel.
    make(user, [(3, Status.INTERESTED)])


def test_funnel_counts_each_stage_reached_or_passed(user, known_search):
    stats = stats_for(user, now=NOW)
    assert stats.total == 11
    assert [(step.key, step.count, step.percent) for step in stats.funnel] == [
        ("applied", 10, 100),
        ("screening", 4, 40),
        ("interview", 2, 20),
        ("offer", 1, 10),
    ]


def test_interview_rate_beside_the_quoted_figure(user, known_search):
    stats = stats_for(user, now=NOW)
    assert stats.applications_per_interview == 5.0
    assert stats.interview_rate_percent == 20.0
    assert stats.quoted_applications_per_interview == 27
    assert stats.quoted_rate_percent == 3.7
    assert stats.better_than_quoted


def test_an_interview_on_record_counts_even_without_the_status(user):
    application = make(user, [(10, Status.APPLIED)], applied_days_ago=10)
    InterviewFactory(application=application)
    stats = stats_for(user, now=NOW)
    assert stats.interviews == 1
    assert [step.count for step in stats.funnel] == [1, 1, 1, 0]


def test_no_interviews_yet(user):
    make(user, [(10, Status.APPLIED)], applied_days_ago=10)
    stats = stats_for(user, now=NOW)
    assert stats.applications_per_interview is None
    assert stats.interview_rate_percent == 0


def test_time_in_each_stage_from_the_history(user):
    make(user, [(30, Status.APPLIED), (20, Status.SCREENING), (14, Status.REJECTED)])
    make(user, [(30, Status.APPLIED), (26, Status.SCREENING), (20, Status.REJECTED)])
    stats = stats_for(user, now=NOW)
    times = {row.status: (row.average_days, row.applications) for row in stats.stage_times}
    assert times[Status.APPLIED] == (7.0, 2)  # 10 and 4 days
    assert times[Status.SCREENING] == (6.0, 2)  # 6 and 6 days


def test_time_in_a_stage_still_running_counts_up_to_now(user):
    make(user, [(9, Status.APPLIED)])
    stats = stats_for(user, now=NOW)
    assert [(row.status, row.average_days) for row in stats.stage_times] == [(Status.APPLIED, 9.0)]


def test_rejections_by_the_stage_reached(user, known_search):
    stats = stats_for(user, now=NOW)
    assert [(row.label, row.count, row.almost) for row in stats.rejections] == [
        ("Applied", 1, False),
        ("Screening", 1, False),
        ("Interviewing", 1, True),
    ]
    assert stats.almost_total == 1


def test_weekly_counts_by_monday_weeks(user):
    today = dt.date(2026, 11, 18)  # Wednesday; this week starts Monday 16th
    for day in [dt.date(2026, 11, 16), dt.date(2026, 11, 18), dt.date(2026, 11, 15)]:
        ApplicationFactory(owner=user, date_applied=day)
    ApplicationFactory(owner=user, date_applied=dt.date(2026, 8, 1))  # too old to show
    ApplicationFactory(owner=user, date_applied=None, status=Status.INTERESTED)
    weeks = weekly_counts(Application.objects.owned_by(user), today)
    assert len(weeks) == 12
    assert weeks[-1].starts == dt.date(2026, 11, 16)
    assert weeks[-1].count == 2
    assert weeks[-2].starts == dt.date(2026, 11, 9)
    assert weeks[-2].count == 1
    assert weeks[0].starts == dt.date(2026, 8, 31)
    assert sum(week.count for week in weeks) == 3


def test_pipeline_health_quiet_and_thin(user):
    make(user, [(20, Status.APPLIED)], applied_days_ago=20)
    make(user, [(25, Status.APPLIED), (22, Status.REJECTED)], applied_days_ago=25)
    notes = [note.text for note in stats_for(user, now=NOW).health]
    assert any(text.startswith("Nothing new for 20 days") for text in notes)
    assert any(text.startswith("Only 1 application is in progress") for text in notes)


def test_pipeline_health_good(user):
    for _ in range(3):
        make(user, [(2, Status.APPLIED)], applied_days_ago=2)
    notes = stats_for(user, now=NOW).health
    assert len(notes) == 1
    assert not notes[0].needs_attention
    assert "3 applications in progress" in notes[0].text


def test_pipeline_health_counts_silent_applications(user):
    user.no_response_days = 21
    make(user, [(30, Status.APPLIED)], applied_days_ago=3)
    notes = [note.text for note in stats_for(user, now=NOW).health]
    assert any("1 application has had no news for 21 days" in text for text in notes)


def test_trash_and_other_people_are_left_out(user, other_user):
    make(user, [(5, Status.APPLIED)], applied_days_ago=5)
    trashed = make(user, [(5, Status.APPLIED)], applied_days_ago=5)
    Application.objects.filter(pk=trashed.pk).update(deleted_at=timezone.now())
    make(other_user, [(5, Status.APPLIED), (3, Status.INTERVIEWING)], applied_days_ago=5)
    stats = stats_for(user, now=NOW)
    assert stats.total == 1
    assert stats.interviews == 0


# The page -----------------------------------------------------------------------


def test_stats_page_shows_the_numbers_chart_and_table(client_logged_in, user):
    today = timezone.localdate()
    for days in (0, 1, 8):
        ApplicationFactory(owner=user, date_applied=today - dt.timedelta(days=days))
    response = client_logged_in.get(reverse("applications:stats"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your numbers" in html
    assert 'role="img"' in html
    assert '<title id="weekly-chart-title">' in html
    assert "about 1 interview for every 27 applications" in html
    # Bar heights as SVG attributes, never inline styles (the CSP forbids them).
    assert re.search(r'<rect [^>]*height="120"', html)
    assert "style=" not in html
    assert "Week starting" in html


def test_stats_page_empty_state(client_logged_in):
    response = client_logged_in.get(reverse("applications:stats"))
    assert response.status_code == 200
    assert "Your numbers appear as you add applications" in response.content.decode()


def test_stats_page_shows_none_of_another_persons_data(other_client, user):
    application = make(user, [(5, Status.APPLIED)], applied_days_ago=5)
    response = other_client.get(reverse("applications:stats"))
    assert "Your numbers appear as you add applications" in response.content.decode()
    assert application.title not in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("applications:stats"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def _queries_for_stats_page(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("applications:stats"))
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_applications(client_logged_in, user):
    def add(count):
        for n in range(count):
            application = make(
                user,
                [(20, Status.APPLIED), (10, Status.SCREENING), (5, Status.REJECTED)],
                applied_days_ago=20,
                title=f"Role {n}",
            )
            InterviewFactory(application=application)

    add(5)
    few = _queries_for_stats_page(client_logged_in)
    add(45)
    many = _queries_for_stats_page(client_logged_in)
    assert few == many
