"""Issue 15, case 5, in Chromium: Back after "Move to the trash".

The page the person comes back to used to be a bare "Page not found". Its owner
now reads that the application is in the trash, with a button to restore it;
another person still gets a plain "not found" that confirms nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import Application
from tests.conftest import signed_in_context
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def owner_page(browser, live_server, user):
    """Chromium signed in as `user`. The trashed application's pages still answer
    404, which Chromium reports in the console; any other console error fails."""
    context = signed_in_context(browser, live_server, user)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert [e for e in errors if "status of 404" not in e] == []


def test_back_after_moving_to_the_trash_offers_to_restore(owner_page, user):
    page = owner_page
    application = ApplicationFactory(owner=user, title="Platform engineer")
    page.goto(application.get_absolute_url())
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Move to the trash").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Platform engineer")

    page.go_back()  # the "Move to the trash" page
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Platform engineer")
    expect(heading).to_contain_text("is in the trash")
    page.go_back()  # the application's own page
    expect(page.get_by_role("heading", level=1)).to_contain_text("is in the trash")

    page.get_by_role("button", name="Restore Platform engineer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Platform engineer")
    expect(page.get_by_text("Restored Platform engineer")).to_be_visible()
    application.refresh_from_db()
    assert application.deleted_at is None


@pytest.mark.parametrize("url_name", ["application_detail", "application_update"])
def test_another_person_still_gets_a_plain_not_found(other_client, user, url_name):
    application = ApplicationFactory(owner=user, title="Quietly kept qzx")
    Application.objects.filter(pk=application.pk).update(deleted_at=application.updated_at)
    response = other_client.get(reverse(f"applications:{url_name}", args=[application.pk]))
    assert response.status_code == 404
    assert "Quietly kept qzx" not in response.content.decode()
    assert "trash" not in response.content.decode().lower()
