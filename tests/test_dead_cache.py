"""A cache or mail server that is down costs a feature, never a page, a save or
a login (issues 13 and 15, case 8).

The cache is configured exactly as production configures it with REDIS_URL set
(config/settings.py is run with REDIS_URL pointing at a port where nothing
listens), and the mail server is an SMTP address that refuses connections.
Every request below goes through the real views."""

import re
import runpy
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from redis.exceptions import RedisError

from accounts.models import User
from applications.models import Application, Status
from feedback.models import Reflection
from tests.factories import ApplicationFactory, RejectionFactory

DEAD_REDIS_URL = "redis://127.0.0.1:1/0"
SETTINGS_FILE = Path(__file__).resolve().parent.parent / "config" / "settings.py"
# An SMTP server that refuses every connection (nothing listens on port 1).
DEAD_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 1, "use_tls": False, "timeout": 2},
    }
}


def production_caches(monkeypatch, redis_url: str) -> dict:
    """CACHES as config/settings.py builds them when REDIS_URL is set."""
    monkeypatch.setenv("REDIS_URL", redis_url)
    return runpy.run_path(str(SETTINGS_FILE))["CACHES"]


@pytest.fixture
def dead_cache(settings, monkeypatch):
    settings.CACHES = production_caches(monkeypatch, DEAD_REDIS_URL)
    from django.core.cache import caches

    # The cache really is unreachable: the plain Redis client behind it raises.
    with pytest.raises(RedisError):
        caches["default"]._cache.get_client(write=False).ping()
    return settings


def sign_up(client, email: str):
    password = "calm-and-practical-7"  # noqa: S105 - a test account
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


@pytest.fixture
def dead_mail(settings):
    settings.MAILERS = DEAD_SMTP
    return settings


def test_saves_succeed_with_the_cache_down(dead_cache, client_logged_in, user):
    response = client_logged_in.post(
        reverse("applications:application_create"),
        {
            "title": "Service designer",
            "new_company_name": "Harbour Health",
            "status": "applied",
            "salary_currency": "gbp",
            "interest": "4",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(owner=user)
    assert "Service designer" in client_logged_in.get(response["Location"]).content.decode()

    response = client_logged_in.post(
        reverse("applications:interview_create", args=[application.pk]),
        {
            "round": 1,
            "kind": "video",
            "starts_at": "2030-01-01T09:00",
            "duration_minutes": 60,
            "time_zone": "Europe/London",
            "location": "Harbour House, second floor",
        },
    )
    assert response.status_code == 302
    assert application.interviews.count() == 1

    response = client_logged_in.post(
        reverse("applications:application_status", args=[application.pk]),
        {"to_status": "interviewing"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    board = client_logged_in.get(reverse("applications:application_board")).content.decode()
    assert "Service designer" in board


def test_a_reflection_saves_with_the_cache_down(dead_cache, client_logged_in, user):
    rejection = RejectionFactory(owner=user, application=ApplicationFactory(owner=user))
    url = reverse("feedback:reflection_edit", args=[rejection.pk])
    response = client_logged_in.post(
        url,
        {
            "rating_fit": "4",
            "went_well": "I stayed calm in the technical part.",
            "wanted_role": "5",
            "action": "draft",
        },
    )
    assert response.status_code == 302
    assert Reflection.objects.get().went_well == "I stayed calm in the technical part."
    assert "I stayed calm in the technical part." in client_logged_in.get(url).content.decode()


def test_pages_load_with_the_cache_down(dead_cache, client, client_logged_in, user):
    ApplicationFactory(owner=user, title="Service designer")
    for name in ("home", "applications:application_board", "applications:application_list"):
        response = client_logged_in.get(reverse(name))
        assert response.status_code == 200, name
    assert "Service designer" in client_logged_in.get(reverse("applications:application_list")).text


def test_login_works_and_still_counts_failures_with_the_cache_down(
    dead_cache, client, user, password
):
    login = reverse("account_login")
    assert client.get(login).status_code == 200
    response = client.post(login, {"login": user.email, "password": "not-the-password"})
    assert response.status_code == 200
    assert "do not match" in response.text
    response = client.post(login, {"login": user.email, "password": password})
    assert response.status_code == 302
    assert response.url == reverse("home")
    client.logout()
    # The limit on failed logins still holds, counted in this process.
    for _ in range(6):
        response = client.post(login, {"login": user.email, "password": "not-the-password"})
    assert response.status_code in (200, 429)
    assert "Too many attempts" in response.text or response.status_code == 429


def test_signup_and_password_reset_work_with_the_cache_down(dead_cache, client, user):
    response = sign_up(client, "new.person@example.com")
    assert response.status_code == 302
    assert User.objects.filter(email="new.person@example.com").exists()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["new.person@example.com"], [user.email]]


def test_the_calendar_feed_answers_with_the_cache_down(dead_cache, client, user):
    response = client.get(reverse("applications:calendar_feed", args=[user.calendar_token]))
    assert response.status_code == 200
    assert response.content.startswith(b"BEGIN:VCALENDAR")


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_refuses_fails_no_save_and_the_worker_sends_later(dead_mail, client):
    """Sign-up saves the account and answers as usual; the confirmation waits in
    the task queue and goes out once the mail server answers again."""
    response = sign_up(client, "new.person@example.com")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert EmailAddress.objects.filter(email="new.person@example.com", verified=False).exists()
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    # The mail server is back.
    dead_mail.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)


def test_a_save_with_the_mail_server_down(dead_mail, client_logged_in, user, password):
    """Changing the password sends a notice: the change is kept either way."""
    response = client_logged_in.post(
        reverse("account_change_password"),
        {
            "oldpassword": password,
            "password1": "another-calm-password-8",
            "password2": "another-calm-password-8",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-calm-password-8")
