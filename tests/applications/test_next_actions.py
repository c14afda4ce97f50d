import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.next_actions import collect_for
from applications.models import Interview, Status
from applications.next_actions import QUIET_ONE_BY_ONE, collect
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def _keys(actions):
    return {a.key for a in actions}


def test_quiet_waiting_applications_are_suggested_as_no_response(user):
    now = timezone.now()
    quiet = ApplicationFactory(
        owner=user, status=Status.APPLIED, last_news_at=now - dt.timedelta(days=30)
    )
    ApplicationFactory(owner=user, status=Status.APPLIED, last_news_at=now - dt.timedelta(days=3))
    ApplicationFactory(owner=user, status=Status.OFFER, last_news_at=now - dt.timedelta(days=30))
    ApplicationFactory(status=Status.APPLIED, last_news_at=now - dt.timedelta(days=30))
    actions = [a for a in collect(user, now) if a.kind == "no_response"]
    assert _keys(actions) == {f"no-response:application:{quiet.pk}"}
    assert actions[0].url == quiet.get_absolute_url()
    assert actions[0].is_due(now)


def test_the_persons_own_no_response_days_are_used(user):
    user.no_response_days = 60
    now = timezone.now()
    ApplicationFactory(owner=user, status=Status.APPLIED, last_news_at=now - dt.timedelta(days=30))
    assert not [a for a in collect(user, now) if a.kind == "no_response"]


def test_upcoming_interview_is_due_the_day_before(user):
    now = timezone.now()
    interview = InterviewFactory(application__owner=user, starts_at=now + dt.timedelta(days=3))
    InterviewFactory(application__owner=user, starts_at=now - dt.timedelta(days=1))
    InterviewFactory(starts_at=now + dt.timedelta(days=3))
    actions = [a for a in collect(user, now) if a.kind == "interview"]
    assert _keys(actions) == {f"prepare:interview:{interview.pk}"}
    assert actions[0].due == interview.starts_at - dt.timedelta(days=1)
    assert not actions[0].is_due(now)


def test_a_quiet_fortnight_asks_for_a_new_application(user):
    now = timezone.now()
    application = ApplicationFactory(owner=user)
    type(application).objects.filter(pk=application.pk).update(
        created_at=now - dt.timedelta(days=20)
    )
    assert "apply:quiet-spell" in _keys(collect(user, now))


def test_no_nudge_after_a_recent_application_or_before_the_first(user):
    now = timezone.now()
    assert "apply:quiet-spell" not in _keys(collect(user, now))
    ApplicationFactory(owner=user)
    assert "apply:quiet-spell" not in _keys(collect(user, now))


def test_home_page_shows_them(client_logged_in, user):
    ApplicationFactory(
        owner=user,
        status=Status.APPLIED,
        company__name="Umbrella",
        last_news_at=timezone.now() - dt.timedelta(days=40),
    )
    assert any(a.kind == "no_response" for a in collect_for(user))
    assert "No news from Umbrella" in client_logged_in.get("/home/").content.decode()


def _quiet(user, n, now, **kwargs):
    return [
        ApplicationFactory(
            owner=user,
            status=Status.APPLIED,
            company__name=f"Quiet {i}",
            last_news_at=now - dt.timedelta(days=30 + i),
            **kwargs,
        )
        for i in range(n)
    ]


def test_up_to_three_quiet_applications_get_a_nudge_each(user):
    now = timezone.now()
    quiet = _quiet(user, QUIET_ONE_BY_ONE, now)
    actions = [a for a in collect(user, now) if a.kind == "no_response"]
    assert _keys(actions) == {f"no-response:application:{a.pk}" for a in quiet}


def test_more_quiet_applications_share_one_nudge_that_lists_them(client_logged_in, user):
    now = timezone.now()
    quiet = _quiet(user, QUIET_ONE_BY_ONE + 2, now)
    ApplicationFactory(owner=user, status=Status.APPLIED, company__name="Fresh")
    booked = ApplicationFactory(
        owner=user,
        status=Status.INTERVIEWING,
        company__name="Booked",
        last_news_at=now - dt.timedelta(days=40),
    )
    InterviewFactory(application=booked, starts_at=now + dt.timedelta(days=2))
    actions = [a for a in collect(user, now) if a.kind == "no_response"]
    assert len(actions) == 1
    (nudge,) = actions
    assert nudge.title == f"{len(quiet)} applications have had no news for a while"
    # Due from when the oldest went quiet; keyed on the newest quiet spell.
    oldest, newest = quiet[-1], quiet[0]
    assert nudge.due == oldest.last_news_at + dt.timedelta(days=user.no_response_days)
    assert nudge.key.endswith(
        f"{newest.last_news_at + dt.timedelta(days=user.no_response_days):%Y-%m-%d}"
    )
    listed = client_logged_in.get(nudge.url).context["applications"]
    assert {a.pk for a in listed} == {a.pk for a in quiet}


def test_interviews_carry_their_applications_owner(user, other_user):
    interview = InterviewFactory(application__owner=user)
    InterviewFactory(application__owner=other_user)
    assert interview.owner == user
    assert list(Interview.objects.owned_by(user)) == [interview]


def test_a_dismissed_quiet_nudge_stays_away_until_another_application_goes_quiet(
    client_logged_in, user
):
    from reminders.services import actions_for

    def nudge():
        found = [a for a in actions_for(user) if a.key.startswith("no-response:many:")]
        return found[0] if found else None

    now = timezone.now()
    quiet = _quiet(user, QUIET_ONE_BY_ONE + 2, now)
    client_logged_in.post(reverse("reminders:action_update"), {"key": nudge().key, "op": "dismiss"})
    assert nudge() is None
    # Acting on the newest quiet one, as the nudge asks, does not bring it back.
    newest = quiet[0]
    client_logged_in.post(
        reverse("applications:application_status", args=[newest.pk]),
        {"to_status": "no_response"},
    )
    newest.refresh_from_db()
    assert newest.status == Status.NO_RESPONSE
    assert nudge() is None
    # An application that goes quiet after the dismissal does.
    ApplicationFactory(owner=user, status=Status.APPLIED, last_news_at=now - dt.timedelta(days=22))
    assert nudge() is not None
