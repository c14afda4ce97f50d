"""Issue 15, case 6, in Chromium: the name people sign their letters with.

Sign-up never asked for a name, so home greeted "Hello, sam.desktop.1204", drafts
were signed "[Your name]" and the access request's subject read "Subject access
request: [Your name]". Sign-up now asks for it; a draft that needs it asks the
first time; and a draft signed "[Your name]" always says so beside it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from feedback.models import FeedbackRequest, SubjectAccessRequest
from tests.factories import RejectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_asks_for_the_name_and_home_greets_with_it(page, live_server):
    page.goto("/accounts/signup/")
    page.locator("#id_email").fill("sam.desktop.1204@example.com")
    page.get_by_label("Your name").fill("Sam Rivera")
    page.locator("#id_password1").fill("steady-progress-2026")
    page.locator("#id_password2").fill("steady-progress-2026")
    page.get_by_role("button", name="Sign up", exact=True).click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert User.objects.get(email="sam.desktop.1204@example.com").name == "Sam Rivera"

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Sam Rivera")


@pytest.fixture
def nameless(user):
    User.objects.filter(pk=user.pk).update(name="")
    user.refresh_from_db()
    return user


def test_home_never_greets_by_email(logged_in_page, nameless):
    page = logged_in_page
    page.goto("/home/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Hello")
    assert nameless.email.split("@")[0] not in heading.inner_text()


def test_the_first_draft_asks_for_the_name_and_is_signed_with_it(logged_in_page, nameless):
    page = logged_in_page
    rejection = RejectionFactory(owner=nameless)
    page.goto(reverse("feedback:request_create", args=[rejection.pk]))
    page.get_by_label("Their name").fill("Morgan Lee")
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_role("button", name="Draft the message").click()
    expect(page.get_by_text("Your message is drafted.")).to_be_visible()

    feedback_request = FeedbackRequest.objects.get(rejection=rejection)
    assert "Sam Rivera" in feedback_request.body
    assert "[Your name]" not in feedback_request.body
    expect(page.locator("#request-body")).to_contain_text("Sam Rivera")
    expect(page.locator("[data-rb-name-note]")).to_have_count(0)

    # The access request letter no longer asks: the name is known now.
    page.goto(reverse("feedback:sar_create", args=[rejection.pk]))
    expect(page.get_by_label("Your name")).to_have_count(0)
    page.get_by_role("button", name="Draft the letter").click()
    sar = SubjectAccessRequest.objects.get(rejection=rejection)
    assert "Sam Rivera" in sar.body
    expect(page.get_by_text("Subject access request: Sam Rivera")).to_be_visible()


def test_a_draft_signed_with_the_placeholder_says_so_beside_it(logged_in_page, nameless):
    page = logged_in_page
    rejection = RejectionFactory(owner=nameless)
    page.goto(reverse("feedback:request_create", args=[rejection.pk]))
    page.get_by_label("Their name").fill("Morgan Lee")
    page.get_by_role("button", name="Draft the message").click()
    expect(page.get_by_text("Your message is drafted.")).to_be_visible()

    expect(page.locator("#request-body")).to_contain_text("[Your name]")
    expect(page.locator("[data-rb-name-note]")).to_contain_text(
        "This message is signed “[Your name]”"
    )
