"""No secret, address or note text in any log line (issue 15, case 13).

The requests below are ones that make Django log ("Not Found", "Method Not
Allowed", a locked-out login, a database error). Every handler the settings
configure writes into a buffer instead of the terminal, through its own
filters and formatter, and the buffer is searched for the tokens, keys,
addresses and words the test made."""

import io
import logging
import re
import sys

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.security import login_fingerprint
from reminders.services import unsubscribe_token
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_output():
    """Everything the configured handlers write, as they would write it."""
    buffer = io.StringIO()
    handlers = {
        handler
        for name in ("", "django", "django.request", "django.server", "rebound.security")
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, logging.StreamHandler)
    }
    assert handlers, "the settings configure no log handler"
    previous = {handler: handler.setStream(buffer) for handler in handlers}
    yield buffer
    for handler, stream in previous.items():
        handler.setStream(stream or sys.stderr)


def _link(pattern: str) -> str:
    return re.search(pattern, mail.outbox[-1].body).group(0)


def test_tokens_keys_addresses_and_notes_stay_out_of_the_logs(client, log_output, password):
    person = UserFactory(email="sam.private@example.org")
    secrets = {"the person's address": person.email}

    # The calendar feed: a live token on a refused method, and on a closed account.
    feed = reverse("applications:calendar_feed", args=[person.calendar_token])
    secrets["feed token"] = person.calendar_token
    assert client.post(feed).status_code == 405
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert client.get(feed).status_code == 404
    person.is_active = True
    person.save(update_fields=["is_active"])

    # An unsubscribe link, cut short (as a mail client might) and so refused.
    token = unsubscribe_token(person)
    secrets["unsubscribe token"] = token[:-3]
    assert client.get(reverse("reminders:unsubscribe", args=[token[:-3]])).status_code == 404

    # A password-reset link mangled by a mail client, and an email-confirmation
    # link on a refused method.
    client.post(reverse("account_reset_password"), {"email": person.email})
    reset = _link(r"/accounts/password/reset/key/\S+/")
    secrets["reset key"] = reset.split("/key/")[1].strip("/")
    assert client.get(reset.replace("/key/", "/key//")).status_code == 404
    client.post(
        reverse("account_signup"),
        {"email": "new.person@example.net", "password1": password, "password2": password},
    )
    secrets["new address"] = "new.person@example.net"
    confirm = _link(r"/accounts/confirm-email/\S+/")
    secrets["confirmation key"] = confirm.split("/confirm-email/")[1].strip("/")
    assert client.delete(confirm).status_code == 405

    # A search in a logged URL.
    secrets["search words"] = "redundancy-worries"
    assert client.get("/no-such-page/?q=redundancy-worries").status_code == 404

    # A locked-out login.
    for _ in range(6):
        client.post(reverse("account_login"), {"login": person.email, "password": "wrong-guess-1"})

    # A database error that quotes the row it refused, logged as Django logs a 500.
    # (The name is in a variable: a traceback quotes the line that raised.)
    words = "Northwind Hospice Trust"
    secrets["note text"] = words
    CompanyFactory(owner=person, name=words)
    try:
        with transaction.atomic():
            CompanyFactory(owner=person, name=words)
    except IntegrityError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", "/applications/companies/new/", exc_info=True
        )

    text = log_output.getvalue()
    for expected in ("Not Found", "Method Not Allowed", "login_rate_limited", "IntegrityError"):
        assert expected in text, f"the requests above were meant to log {expected!r}"
    found = {name: value for name, value in secrets.items() if value.lower() in text.lower()}
    assert found == {}, f"secrets in the log: {sorted(found)}\n{text}"
    assert "[hidden]" in text
    # The locked-out login is logged with the keyed hash the code promises.
    assert (
        f"event=login_rate_limited user_id=- ip=127.0.0.1 login={login_fingerprint(person.email)}"
        in text
    )
