"""Sign-up, login and password reset do the same work whether the account
exists or not (issue 15, case 14), so their time tells nothing.

The work is counted, not timed: password hashes worked out (through a hasher
that counts), emails sent and tasks queued, for the same request about a known
and an unknown address."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "known.person@example.com"
UNKNOWN = "nobody.here@example.com"
PASSWORD = "calm-and-practical-7"


class CountingHasher(MD5PasswordHasher):
    """Django's test hasher, counting how often a password is hashed."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    UserFactory(email=KNOWN, password=PASSWORD)


def work(client, url: str, data: dict) -> dict:
    CountingHasher.calls = 0
    sent, queued = len(mail.outbox), DBTaskResult.objects.count()
    response = client.post(url, data)
    return {
        "status": response.status_code,
        "redirect": response.get("Location"),
        "hashes": CountingHasher.calls,
        "emails": len(mail.outbox) - sent,
        "tasks": DBTaskResult.objects.count() - queued,
    }


def test_sign_up_does_the_same_work_for_a_known_and_a_new_address(client):
    url = reverse("account_signup")
    known = work(client, url, {"email": KNOWN, "password1": PASSWORD, "password2": PASSWORD})
    new = work(client, url, {"email": UNKNOWN, "password1": PASSWORD, "password2": PASSWORD})
    assert known == new
    assert known["hashes"] >= 1
    assert known["emails"] == 1


def test_login_does_the_same_work_for_a_known_and_an_unknown_address(client):
    url = reverse("account_login")
    known = work(client, url, {"login": KNOWN, "password": "not-the-password"})
    unknown = work(client, url, {"login": UNKNOWN, "password": "not-the-password"})
    assert known == unknown
    assert known["hashes"] >= 1


def test_reset_does_the_same_work_for_a_known_and_an_unknown_address(client):
    url = reverse("account_reset_password")
    known = work(client, url, {"email": KNOWN})
    unknown = work(client, url, {"email": UNKNOWN})
    assert known == unknown
    assert known["emails"] == 1


def test_reset_emails_to_one_address_are_limited_per_day(client, settings):
    """Five a day, even spread out so the per-minute limit never applies."""
    url = reverse("account_reset_password")
    start = timezone.now()
    answers = []
    for hour in range(7):
        with time_machine.travel(start + dt.timedelta(hours=hour), tick=False):
            answers.append(client.post(url, {"email": KNOWN}))
    assert [a.status_code for a in answers] == [302] * 5 + [429] * 2
    assert len(mail.outbox) == 5
    assert "at most five to one address a day" in answers[-1].text
