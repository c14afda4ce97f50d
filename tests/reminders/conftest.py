import datetime as dt

import pytest

from accounts.next_actions import NextAction


@pytest.fixture
def fixed_actions(monkeypatch):
    """Replace the apps' rules with a known list, to test what reminders do with them.
    The rules themselves are tested in each app's tests."""
    actions: list[NextAction] = []

    def collect(user, now):
        return sorted((a for a in actions if a.extra.get("owner") == user.pk), key=lambda a: a.due)

    monkeypatch.setattr("reminders.services.collect_for", collect)
    return actions


def make_action(user, key, due, title="Write your reflection"):
    return NextAction(
        key=key, title=title, url="/home/", button="Open", due=due, extra={"owner": user.pk}
    )


@pytest.fixture
def utc():
    return dt.UTC
