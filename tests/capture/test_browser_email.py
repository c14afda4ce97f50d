"""Pasting an employer's email in a real Chromium: read it, check it, record it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Interview, StatusChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paste_an_invitation_check_what_it_says_and_add_the_interview(
    logged_in_page, user, northwind
):
    page = logged_in_page
    day = timezone.localdate() + timedelta(days=9)
    page.goto(northwind.get_absolute_url())
    page.get_by_role("link", name="Paste their email").click()
    page.get_by_label("The email").fill(
        "Hi Sam, thank you for your time last week. We'd love to invite you to a second "
        f"interview at our London office on {day.day} {day:%B %Y} at 14:00. "
        "Please let us know if that works for you.\nPriya, Northwind Health"
    )
    page.get_by_label("Who sent it (optional)").fill("Priya Shah <priya@northwind.example>")
    page.get_by_role("button", name="Read the email").click()

    words = f"{day:%A} {day.day} {day:%B}"
    expect(page.get_by_role("status")).to_have_text(
        f"They invited you to a second interview in person on {words} at 14:00."
    )
    # What Rebound found, ready to check before anything is saved.
    expect(page.get_by_role("combobox", name=re.compile(r"^Application"))).to_have_value(
        str(northwind.pk)
    )
    expect(page.get_by_role("textbox", name="Interview starts")).to_have_value(
        f"{day.isoformat()}T14:00"
    )
    expect(page.get_by_label("Kind of interview")).to_have_value("on_site")
    assert not Interview.objects.exists()

    page.get_by_label("Keep the email's text on the application's timeline").check()
    page.get_by_role("button", name="Add the interview").click()

    expect(page.get_by_text(f"Added the interview on {words} at 14:00.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior Product Designer")
    interview = Interview.objects.get(application=northwind)
    assert interview.kind == "on_site"
    assert interview.round == 2
    assert "at our London office" in interview.notes
    northwind.refresh_from_db()
    assert northwind.status == "interviewing"


def test_paste_a_rejection_without_an_application_chosen_and_open_the_loop(
    logged_in_page, user, northwind
):
    page = logged_in_page
    page.goto("/capture/email/")
    page.get_by_label("The email").fill(
        "Dear Sam, thank you for attending the final round interview for the Senior Product "
        "Designer role. Unfortunately we will not be moving forward with your application. "
        "Kind regards, Northwind Health"
    )
    page.get_by_role("button", name="Read the email").click()
    expect(page.get_by_role("status")).to_have_text("This is a rejection after the final round.")
    # Found by the company's name and the role, though no application was chosen.
    expect(page.get_by_role("combobox", name=re.compile(r"^Application"))).to_have_value(
        str(northwind.pk)
    )
    page.get_by_role("button", name="Record the rejection").click()
    page.wait_for_url(f"**/feedback/**{northwind.pk}**")
    assert StatusChange.objects.filter(application=northwind, to_status="rejected").exists()
    assert StatusChange.objects.get(application=northwind, to_status="rejected").note == ""
