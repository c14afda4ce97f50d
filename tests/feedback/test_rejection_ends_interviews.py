"""A rejection heard before an interview that is still ahead: the interview no
longer shows as coming up anywhere (home's next actions, the week at a glance,
the calendar feed, the application's page), and the rejection form says so
beside the date, gently. A date-only rejection reads as a date on the timeline."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.calendar import interview_events_for
from reminders.glance import glance_for
from reminders.services import actions_for
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db


def _interviewing(user):
    application = ApplicationFactory(owner=user, status="interviewing", company__name="Acme")
    now = timezone.now()
    past = InterviewFactory(application=application, round=1, starts_at=now - dt.timedelta(days=5))
    ahead = InterviewFactory(application=application, round=2, starts_at=now + dt.timedelta(days=2))
    return application, past, ahead


def _reject(client, application):
    return client.post(
        reverse("feedback:rejection_create", args=[application.pk]),
        {
            "received_on": timezone.localdate().isoformat(),
            "channel": "email",
            "stage": "after_interview",
            "interview_round": "1",
            "reason": "",
            "message": "",
        },
    )


def _interview_keys(actions, interview):
    return [a.key for a in actions if a.key.endswith(f":{interview.pk}")]


def test_before_the_rejection_the_interview_is_coming_up(client_logged_in, user):
    application, _, ahead = _interviewing(user)
    assert _interview_keys(actions_for(user), ahead)
    assert any(e.url.endswith(f"/{ahead.pk}/") for e in glance_for(user, timezone.now())["week"])
    page = client_logged_in.get(application.get_absolute_url()).content.decode()
    assert "Coming up</span>" in page


def test_the_rejection_form_notes_an_interview_after_the_date_heard(client_logged_in, user):
    application, _, ahead = _interviewing(user)
    day = user.local_now(ahead.starts_at).date()
    page = client_logged_in.get(reverse("feedback:rejection_create", args=[application.pk]))
    note = (
        f"Your interview on {day:%a} {day.day} {day:%b} is after this date: "
        "it will no longer show as coming up."
    )
    content = page.content.decode()
    assert (
        f'<p class="form-text mt-n2 mb-3" id="received-on-later-interviews" data-rb-later-interviews>{note}</p>'
        in content
    )
    # Beside the field, and read out with it.
    assert 'aria-describedby="received-on-later-interviews"' in content


def test_the_rejection_form_has_no_note_without_a_later_interview(client_logged_in, user):
    application = ApplicationFactory(owner=user, status="interviewing")
    InterviewFactory(application=application, starts_at=timezone.now() - dt.timedelta(days=3))
    page = client_logged_in.get(reverse("feedback:rejection_create", args=[application.pk]))
    assert "no longer show as coming up" not in page.content.decode()


def test_after_the_rejection_the_interview_is_not_coming_up(client_logged_in, user):
    application, past, ahead = _interviewing(user)
    assert _reject(client_logged_in, application).status_code == 302
    application.refresh_from_db()
    assert application.status == "rejected"

    assert _interview_keys(actions_for(user), ahead) == []
    week = glance_for(user, timezone.now())["week"]
    assert not any(e.url.endswith(f"/{ahead.pk}/") for e in week)
    home = client_logged_in.get(reverse("home")).content.decode()
    assert "make a practice plan" not in home

    # The feed keeps the interview that happened, drops the one called off.
    feed = {event.uid for event in interview_events_for(user)}
    assert f"interview-{past.pk}@rebound" in feed
    assert f"interview-{ahead.pk}@rebound" not in feed

    page = client_logged_in.get(application.get_absolute_url()).content.decode()
    assert "Coming up</span>" not in page
    assert "coming up" not in page
    today = timezone.localdate()
    assert f"{today.day} {today:%b %Y}</time>" in page
    assert f"{today.day} {today:%b %Y}, 12:00" not in page
