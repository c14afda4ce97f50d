import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ApplicationFactory,
    AttemptFactory,
    CompanyFactory,
    FeedbackCallFactory,
    InterviewFactory,
    PlanFactory,
    PlanItemFactory,
    RejectionFactory,
)

pytestmark = pytest.mark.django_db


def _home(client) -> str:
    return client.get(reverse("home")).text


def test_an_empty_home_shows_a_new_person_three_first_steps(client_logged_in):
    html = _home(client_logged_in)
    assert "Three steps to start:" in html
    assert html.count('<li class="mb-2">') + html.count("<li>If one ends") == 3
    assert 'aria-label="At a glance"' not in html


def test_home_at_a_glance(client_logged_in, user, other_user):
    now = timezone.now()
    acme = CompanyFactory(owner=user, name="Acme")
    for status in ("applied", "applied", "interviewing"):
        ApplicationFactory(owner=user, company=acme, status=status)
    interviewing = ApplicationFactory(
        owner=user, company=acme, status="interviewing", title="Pilot"
    )
    InterviewFactory(application=interviewing, starts_at=now + dt.timedelta(days=2), round=2)
    InterviewFactory(application=interviewing, starts_at=now + dt.timedelta(days=12), round=3)
    rejection = RejectionFactory(
        owner=user, application__company=CompanyFactory(owner=user, name="Globex")
    )
    FeedbackCallFactory(rejection=rejection, scheduled_at=now + dt.timedelta(days=3))
    plan = PlanFactory(owner=user, title="Before the Acme final")
    items = [PlanItemFactory(plan=plan) for _ in range(4)]
    items[0].done = True
    items[0].save()
    AttemptFactory(item=items[1])
    # Another person's rows never show.
    ApplicationFactory(owner=other_user, status="offer")

    html = _home(client_logged_in)
    glance = html.split('aria-label="At a glance"', 1)[1]
    # Next actions come first.
    assert html.index("next-actions-heading") < html.index('aria-label="At a glance"')
    assert "Applied <span" in glance and ">2</span>" in glance
    assert "Interviewing <span" in glance
    assert "Offer <span" not in glance
    assert "Interview, round 2: Pilot at Acme" in glance
    assert "round 3" not in glance  # more than a week away
    assert "Feedback call with Globex" in glance
    assert 'aria-label="Steps after the Globex rejection"' in glance
    assert "Rejection: Done" in glance
    assert glance.count('aria-current="step"') == 1
    assert "Before the Acme final</a>: 1 of 4 done" in glance
    assert "1 answer practised out loud in the last seven days." in glance
    assert "Three steps to start:" not in html
