"""The paste flow in a real Chromium: paste a posting, check the form, add it."""

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from applications.models import Application
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = Path(__file__).parent / "pages"


def test_paste_a_posting_check_the_form_and_add_it(logged_in_page, user):
    page = logged_in_page
    company = CompanyFactory(owner=user, name="Northwind Health & Care")
    ApplicationFactory(owner=user, company=company, title="Senior Product Designer")
    page.goto("/applications/new/")
    page.get_by_text("Paste a job posting to fill in the form").click()
    page.get_by_label("The posting's address").fill("https://careers.northwind.example/jobs/412")
    page.get_by_label("The page's text or HTML").fill(
        (PAGES / "jsonld_graph.html").read_text(encoding="utf-8")
    )
    page.get_by_role("button", name="Fill in the form from it").click()

    expect(page.get_by_role("status").filter(has_text="Rebound filled in")).to_be_visible()
    expect(
        page.get_by_text("You already have an application for Senior Product Designer")
    ).to_be_visible()
    expect(page.get_by_label("Job title")).to_have_value("Senior Product Designer")
    expect(page.get_by_label("Company", exact=True)).to_have_value(str(company.pk))
    expect(page.get_by_label("Salary from")).to_have_value("58000")
    expect(page.get_by_label("Applications close")).to_have_value("2026-12-19")
    assert Application.objects.filter(owner=user).count() == 1  # Nothing saved yet.

    # The person corrects what they like, then adds it.
    page.get_by_label("Job title").fill("Senior Product Designer (patient apps)")
    page.get_by_role("button", name="Add the application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Senior Product Designer (patient apps)"
    )
    added = Application.objects.get(owner=user, title="Senior Product Designer (patient apps)")
    assert added.company == company
    assert added.posting_url == "https://careers.northwind.example/jobs/412"
    assert added.work_mode == "remote"
    assert added.posted_on == date(2026, 11, 28)
    assert "Ship the booking flow" in added.description


def test_a_page_that_cannot_be_read_keeps_what_was_pasted(logged_in_page):
    page = logged_in_page
    page.goto("/applications/new/")
    page.get_by_text("Paste a job posting to fill in the form").click()
    page.get_by_label("The page's text or HTML").fill("<html><body></body></html>")
    page.get_by_role("button", name="Fill in the form from it").click()
    expect(page.get_by_text("Rebound found nothing to read in this").first).to_be_visible()
    expect(page.get_by_label("The page's text or HTML")).to_have_value("<html><body></body></html>")
