"""Pasting a job posting on "Add an application": the form opens filled in, nothing saved."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Company
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parent / "pages"
PASTE = reverse("capture:posting_paste")
ADD = reverse("applications:application_create")


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def paste(client, html: str, url: str = ""):
    return client.post(PASTE, {"url": url, "page": html})


def test_anonymous_is_sent_to_login(client):
    response = client.get(PASTE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post(PASTE, {"page": page("jsonld_graph.html")})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_add_page_offers_the_paste_box(client_logged_in):
    html = client_logged_in.get(ADD).content.decode()
    assert f'action="{PASTE}"' in html
    assert "Paste a job posting to fill in the form" in html


def test_a_pasted_posting_fills_in_the_add_form_and_saves_nothing(client_logged_in, user):
    response = paste(client_logged_in, page("jsonld_graph.html"), "https://jobs.example/412")
    assert response.status_code == 302
    assert response["Location"].startswith(ADD + "?posting=")
    filled = client_logged_in.get(response["Location"])
    form = filled.context["form"]
    assert form["title"].value() == "Senior Product Designer"
    assert form["new_company_name"].value() == "Northwind Health & Care"
    assert form["work_mode"].value() == "remote"
    assert form["location"].value() == "Remote (United Kingdom, Ireland)"
    assert (form["salary_min"].value(), form["salary_max"].value()) == (58000, 72000)
    assert form["salary_currency"].value() == "GBP"
    assert form["posted_on"].value() == date(2026, 11, 28)
    assert form["closes_on"].value() == date(2026, 12, 19)
    assert form["posting_url"].value() == "https://jobs.example/412"
    assert "Lead research with nurses" in form["description"].value()
    html = filled.content.decode()
    assert "Rebound filled in the job title, company" in html
    assert Application.objects.filter(owner=user).count() == 0
    assert Company.objects.filter(owner=user).count() == 0
    # Reloading the filled-in form keeps it filled in.
    again = client_logged_in.get(response["Location"])
    assert again.context["form"]["title"].value() == "Senior Product Designer"


def test_saving_the_filled_in_form_keeps_the_posting_as_it_was(client_logged_in, user):
    response = paste(client_logged_in, page("jsonld_list.html"), "https://jobs.example/de")
    form = client_logged_in.get(response["Location"]).context["form"]
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() not in (None, "") and name != "contacts"
    }
    saved = client_logged_in.post(ADD, data)
    assert saved.status_code == 302, saved.context["form"].errors
    application = Application.objects.get(owner=user)
    assert application.title == "Data Engineer"
    assert application.company.name == "Pennine Rail Ltd"
    assert application.posted_on == date(2026, 11, 2)
    assert application.closes_on == date(2027, 1, 15)
    assert application.salary_currency == "EUR"
    assert application.description == "Build pipelines for timetable data.\n\nPython & SQL."


def test_an_existing_company_is_chosen_and_a_second_application_to_the_role_is_pointed_out(
    client_logged_in, user
):
    company = CompanyFactory(owner=user, name="pennine rail ltd")
    earlier = ApplicationFactory(owner=user, company=company, title="DATA ENGINEER")
    response = paste(client_logged_in, page("jsonld_list.html"))
    filled = client_logged_in.get(response["Location"])
    assert filled.context["form"]["company"].value() == company.pk
    html = filled.content.decode()
    assert "You already have an application for DATA ENGINEER at pennine rail ltd" in html
    assert earlier.get_absolute_url() in html


def test_a_company_that_said_no_or_never_answered_is_noted(client_logged_in, user):
    company = CompanyFactory(owner=user, name="Orbit Labs")
    ApplicationFactory(
        owner=user,
        company=company,
        title="Test lead",
        status="rejected",
        last_news_at=timezone.now() - timedelta(days=40),
    )
    response = paste(client_logged_in, page("broken_json.html"))
    html = client_logged_in.get(response["Location"]).content.decode()
    assert "Orbit Labs turned down your application for Test lead" in html
    assert "You already have an application" not in html  # A different role.


def test_another_persons_company_and_applications_are_never_used(client_logged_in, other_user):
    theirs = CompanyFactory(owner=other_user, name="Orbit Labs")
    ApplicationFactory(owner=other_user, company=theirs, title="QA Engineer", status="rejected")
    response = paste(client_logged_in, page("broken_json.html"))
    filled = client_logged_in.get(response["Location"])
    assert filled.context["form"]["company"].value() is None
    assert filled.context["form"]["new_company_name"].value() == "Orbit Labs"
    html = filled.content.decode()
    assert "You already have an application" not in html
    assert "turned down" not in html


def test_a_reading_from_another_session_is_not_shown(client_logged_in, client, other_user):
    response = paste(client_logged_in, page("jsonld_graph.html"))
    client.force_login(other_user)
    other = client.get(response["Location"])
    assert other.status_code == 200
    assert other.context["form"]["title"].value() is None
    assert "Rebound filled in" not in other.content.decode()


def test_a_page_without_job_data_fills_in_what_it_can(client_logged_in):
    response = paste(client_logged_in, page("no_data.html"))
    filled = client_logged_in.get(response["Location"])
    assert filled.context["form"]["title"].value() == "Warehouse Team Leader – Fenland Foods"
    assert "This page had no job data to read" in filled.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "https://x.example/", "page": ""}, "Paste the job page here"),
        ({"url": "javascript:alert(1)", "page": "<title>Job</title>"}, "starting with https://"),
        ({"url": "", "page": "<html><head></head><body></body></html>"}, "found nothing to read"),
        ({"url": "", "page": "x" * 2_000_001}, "longer than a job page should be"),
    ],
)
def test_what_cannot_be_read_is_explained_beside_the_box_and_kept(client_logged_in, data, message):
    response = client_logged_in.post(PASTE, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "invalid-feedback" in html
    if data["page"] and len(data["page"]) < 1000:
        assert response.context["form"]["page"].value() == data["page"]


def test_script_in_a_posting_is_shown_as_text(client_logged_in):
    hostile = (
        '<script type="application/ld+json">{"@type": "JobPosting", '
        '"title": "\\"><img src=x onerror=alert(1)> Designer", '
        '"hiringOrganization": "&lt;script&gt;alert(2)&lt;/script&gt;Acme"}</script>'
    )
    response = paste(client_logged_in, hostile)
    html = client_logged_in.get(response["Location"]).content.decode()
    assert "<img src=x" not in html
    assert "<script>alert" not in html
