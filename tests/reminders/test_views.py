import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reminders.models import ActionState, ReminderPreference
from reminders.services import unsubscribe_token

from .conftest import make_action

pytestmark = pytest.mark.django_db


def test_home_lists_actions_with_snooze_and_dismiss(client_logged_in, user, fixed_actions):
    fixed_actions.append(
        make_action(user, "reflect:1", timezone.now(), title="Write your reflection on Lantern")
    )
    response = client_logged_in.get(reverse("home"))
    assert "Write your reflection on Lantern" in response.text
    assert 'value="reflect:1"' in response.text


def test_snooze_from_home(client_logged_in, user, fixed_actions):
    fixed_actions.append(make_action(user, "reflect:1", timezone.now()))
    response = client_logged_in.post(
        reverse("reminders:action_update"),
        {"key": "reflect:1", "op": "snooze", "days": "3", "next": "/home/"},
    )
    assert response.status_code == 302
    state = ActionState.objects.get(owner=user, key="reflect:1")
    assert state.state == "snoozed"
    home = client_logged_in.get(reverse("home"))
    assert "Snoozed. It comes back on" in home.text
    assert "From " in home.text  # now listed under "Coming up"


def test_snooze_to_a_past_date_is_refused_with_a_message(client_logged_in, user, fixed_actions):
    fixed_actions.append(make_action(user, "reflect:1", timezone.now()))
    client_logged_in.post(
        reverse("reminders:action_update"),
        {"key": "reflect:1", "op": "snooze", "until": "2020-01-01", "next": "/home/"},
    )
    assert not ActionState.objects.filter(owner=user).exists()
    assert "Choose a date after today." in client_logged_in.get(reverse("home")).text


def test_an_unknown_key_is_refused(client_logged_in, user, other_user, fixed_actions):
    fixed_actions.append(make_action(other_user, "theirs", timezone.now()))
    client_logged_in.post(reverse("reminders:action_update"), {"key": "theirs", "op": "dismiss"})
    assert not ActionState.objects.exists()


def test_next_must_stay_on_this_site(client_logged_in, user, fixed_actions):
    fixed_actions.append(make_action(user, "a", timezone.now()))
    response = client_logged_in.post(
        reverse("reminders:action_update"),
        {"key": "a", "op": "done", "next": "https://evil.example.com/"},
    )
    assert response.url == "/home/"


def test_action_update_needs_post_and_login(client_logged_in):
    from django.test import Client

    assert client_logged_in.get(reverse("reminders:action_update")).status_code == 405
    response = Client().post(reverse("reminders:action_update"), {"key": "a", "op": "done"})
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_preferences_save(client_logged_in, user):
    response = client_logged_in.post(
        reverse("reminders:preferences"), {"email_enabled": "on", "send_at": "07:30"}
    )
    assert response.status_code == 302
    pref = ReminderPreference.objects.get(owner=user)
    assert pref.email_enabled and pref.send_at == dt.time(7, 30)


def test_preferences_bad_time_keeps_input(client_logged_in):
    response = client_logged_in.post(
        reverse("reminders:preferences"), {"email_enabled": "on", "send_at": "25:99"}
    )
    assert response.status_code == 200
    assert "25:99" in response.text
    assert "Enter a valid time." in response.text


def test_unsubscribe_needs_no_login_and_get_changes_nothing(client, user):
    ReminderPreference.objects.create(owner=user, email_enabled=True)
    url = reverse("reminders:unsubscribe", args=[unsubscribe_token(user)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop reminder emails" in page.text
    assert ReminderPreference.objects.get(owner=user).email_enabled
    done = client.post(url)  # what a mail client's one-click unsubscribe does, without a CSRF token
    assert done.status_code == 200
    assert not ReminderPreference.objects.get(owner=user).email_enabled


def test_a_tampered_unsubscribe_link_is_not_found(client, user):
    ReminderPreference.objects.create(owner=user, email_enabled=True)
    token = unsubscribe_token(user)
    assert (
        client.post(reverse("reminders:unsubscribe", args=[token[:-3] + "abc"])).status_code == 404
    )
    assert ReminderPreference.objects.get(owner=user).email_enabled


def test_a_snooze_button_alone_snoozes(client_logged_in, user, fixed_actions):
    """The menu's snooze buttons send only the number of days."""
    fixed_actions.append(make_action(user, "reflect:1", timezone.now()))
    client_logged_in.post(
        reverse("reminders:action_update"), {"key": "reflect:1", "days": "7", "next": "/home/"}
    )
    state = ActionState.objects.get(owner=user, key="reflect:1")
    assert state.state == "snoozed"
    assert state.snoozed_until.date() == (timezone.localdate() + dt.timedelta(days=7))


def test_a_choice_with_nothing_chosen_is_refused(client_logged_in, user, fixed_actions):
    fixed_actions.append(make_action(user, "reflect:1", timezone.now()))
    response = client_logged_in.post(
        reverse("reminders:action_update"), {"key": "reflect:1", "next": "/home/"}, follow=True
    )
    assert "Choose what to do with this action." in response.text
    assert not ActionState.objects.filter(owner=user).exists()


def test_the_snooze_date_starts_tomorrow(client_logged_in, user, fixed_actions):
    fixed_actions.append(make_action(user, "reflect:1", timezone.now()))
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert f'min="{tomorrow:%Y-%m-%d}"' in client_logged_in.get(reverse("home")).text


def test_the_unsubscribe_pages_do_not_show_the_address(client, user):
    """Issue 15, case 17: a forwarded digest must not tell its reader whose it is."""
    ReminderPreference.objects.create(owner=user, email_enabled=True)
    url = reverse("reminders:unsubscribe", args=[unsubscribe_token(user)])
    local_part = user.email.split("@")[0]
    assert local_part not in client.get(url).text
    assert local_part not in client.post(url).text


def test_an_unsubscribe_link_expires(client, user):
    ReminderPreference.objects.create(owner=user, email_enabled=True)
    old = unsubscribe_token(user, now=timezone.now() - dt.timedelta(days=61))
    url = reverse("reminders:unsubscribe", args=[old])
    page = client.get(url)
    assert page.status_code == 410
    assert "This link no longer works" in page.text
    assert client.post(url).status_code == 410
    assert ReminderPreference.objects.get(owner=user).email_enabled


def test_a_used_unsubscribe_link_cannot_turn_reminders_off_again(client, client_logged_in, user):
    pref = ReminderPreference.objects.create(owner=user, email_enabled=True)
    url = reverse("reminders:unsubscribe", args=[unsubscribe_token(user)])
    assert client.post(url).status_code == 200
    pref.refresh_from_db()
    assert not pref.email_enabled
    # Turned back on a moment later (in a new second, as the link's date has seconds).
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=2), tick=False):
        client_logged_in.post(
            reverse("reminders:preferences"), {"email_enabled": "on", "send_at": "08:00"}
        )
    pref.refresh_from_db()
    assert pref.email_enabled
    replay = client.post(url)
    assert replay.status_code == 410
    pref.refresh_from_db()
    assert pref.email_enabled
    # The link in the next digest works.
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=4), tick=False):
        fresh = reverse("reminders:unsubscribe", args=[unsubscribe_token(user)])
        assert client.post(fresh).status_code == 200
    pref.refresh_from_db()
    assert not pref.email_enabled
