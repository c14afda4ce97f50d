import datetime as dt

import pytest
import time_machine
from django.core import mail

from reminders.models import ActionState, DigestSend, ReminderPreference
from reminders.services import (
    action_set_state,
    actions_for,
    digest_send,
    people_due_for_digest,
    unsubscribe_token,
    user_from_unsubscribe_token,
)
from tests.factories import UserFactory

from .conftest import make_action

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def test_dismissed_and_done_actions_disappear(user, fixed_actions):
    fixed_actions += [
        make_action(user, "a", NOW),
        make_action(user, "b", NOW),
        make_action(user, "c", NOW),
    ]
    action_set_state(user=user, key="a", op="done")
    action_set_state(user=user, key="b", op="dismiss")
    assert [a.key for a in actions_for(user, NOW)] == ["c"]


@time_machine.travel(NOW, tick=False)
def test_snooze_for_days_moves_the_action_to_the_start_of_that_local_day(user, fixed_actions):
    user.time_zone = "America/New_York"
    user.save()
    fixed_actions.append(make_action(user, "a", NOW - dt.timedelta(hours=1)))
    action_set_state(user=user, key="a", op="snooze", days=3)
    (action,) = actions_for(user, NOW)
    assert not action.is_due(NOW)
    # 09:00 UTC on the 23rd is 04:00 on the 23rd in New York: three days later is the 26th, 00:00 there.
    assert action.due == dt.datetime(2026, 11, 26, 5, 0, tzinfo=dt.UTC)
    assert action.is_due(dt.datetime(2026, 11, 26, 5, 0, tzinfo=dt.UTC))


def test_snooze_until_a_date_and_a_later_choice_replaces_it(user, fixed_actions):
    fixed_actions.append(make_action(user, "a", NOW))
    action_set_state(user=user, key="a", op="snooze", until=dt.date(2026, 12, 1))
    action_set_state(user=user, key="a", op="snooze", until=dt.date(2026, 12, 5))
    assert ActionState.objects.get(owner=user, key="a").snoozed_until.date() == dt.date(2026, 12, 5)


def test_a_snooze_never_brings_an_action_earlier(user, fixed_actions):
    later = NOW + dt.timedelta(days=10)
    fixed_actions.append(make_action(user, "a", later))
    action_set_state(user=user, key="a", op="snooze", until=dt.date(2026, 11, 25))
    assert actions_for(user, NOW)[0].due == later


def test_choices_are_per_person(user, other_user, fixed_actions):
    fixed_actions += [make_action(user, "same-key", NOW), make_action(other_user, "same-key", NOW)]
    action_set_state(user=user, key="same-key", op="dismiss")
    assert actions_for(user, NOW) == []
    assert len(actions_for(other_user, NOW)) == 1


@pytest.mark.parametrize(
    ("zone", "utc_time", "expected_local_date", "due"),
    [
        # 07:30 local in Auckland is already the 24th; the chosen 07:00 has passed.
        (
            "Pacific/Auckland",
            dt.datetime(2026, 11, 23, 18, 30, tzinfo=dt.UTC),
            dt.date(2026, 11, 24),
            True,
        ),
        # 23:59 local on the 22nd in Los Angeles: after 07:00, same local day.
        (
            "America/Los_Angeles",
            dt.datetime(2026, 11, 23, 7, 59, tzinfo=dt.UTC),
            dt.date(2026, 11, 22),
            True,
        ),
        # 00:30 local on the 23rd in London: before 07:00, nothing yet.
        ("Europe/London", dt.datetime(2026, 11, 23, 0, 30, tzinfo=dt.UTC), None, False),
    ],
)
def test_digest_time_is_the_persons_own_time_around_midnight(
    zone, utc_time, expected_local_date, due
):
    person = UserFactory(time_zone=zone)
    ReminderPreference.objects.create(owner=person, email_enabled=True, send_at=dt.time(7, 0))
    result = dict(people_due_for_digest(utc_time))
    if due:
        assert result[person.pk] == expected_local_date
    else:
        assert person.pk not in result


def test_people_who_did_not_opt_in_get_nothing(user):
    ReminderPreference.objects.create(owner=user, email_enabled=False, send_at=dt.time(0, 0))
    assert people_due_for_digest(NOW) == []


def test_digest_is_sent_once_per_local_day(user, fixed_actions):
    ReminderPreference.objects.create(owner=user, email_enabled=True, send_at=dt.time(7, 0))
    fixed_actions.append(
        make_action(user, "a", NOW - dt.timedelta(hours=2), title="Follow up with Mira at Lantern")
    )
    assert digest_send(user_id=user.pk, local_date=NOW.date(), now=NOW) == "sent"
    assert digest_send(user_id=user.pk, local_date=NOW.date(), now=NOW) == "already sent"
    assert len(mail.outbox) == 1
    assert people_due_for_digest(NOW) == []


def test_nothing_is_sent_for_an_empty_day(user, fixed_actions):
    ReminderPreference.objects.create(owner=user, email_enabled=True, send_at=dt.time(7, 0))
    fixed_actions.append(make_action(user, "later", NOW + dt.timedelta(days=2)))
    assert digest_send(user_id=user.pk, local_date=NOW.date(), now=NOW) == "nothing due"
    assert mail.outbox == []
    assert DigestSend.objects.get(owner=user).sent_at is None


def test_digest_email_has_text_and_html_with_links_and_unsubscribe(user, fixed_actions, settings):
    settings.SITE_URL = "https://rebound.example.com"
    ReminderPreference.objects.create(owner=user, email_enabled=True)
    fixed_actions += [
        make_action(user, "a", NOW, title="Follow up with Mira at Lantern"),
        make_action(user, "b", NOW, title="Practise 3 questions <for> Tuesday"),
    ]
    digest_send(user_id=user.pk, local_date=NOW.date(), now=NOW)
    (message,) = mail.outbox
    assert message.subject == "Rebound: 2 things to do today"
    assert message.to == [user.email]
    assert "Follow up with Mira at Lantern" in message.body
    assert "https://rebound.example.com/home/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Practise 3 questions &lt;for&gt; Tuesday" in html
    token = unsubscribe_token(user)
    assert f"https://rebound.example.com/reminders/unsubscribe/{token}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_unsubscribe_tokens_are_signed(user):
    token = unsubscribe_token(user)
    assert user_from_unsubscribe_token(token) == user
    assert user_from_unsubscribe_token(token[:-2] + "xx") is None
    assert user_from_unsubscribe_token(f"{user.pk}") is None
