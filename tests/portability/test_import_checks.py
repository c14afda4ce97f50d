"""The JSON import checks every value with the rules of the pages, refuses a bad
file naming the record and the field, and imports nothing from it (issue 15,
case 16); it works in bulk, so a large export imports in one short request
(case 9)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from portability.services import ImportRefused, data_export, data_import, owned_row_count
from tests.factories import ApplicationFactory, CompanyFactory, UserFactory
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(user):
    build_world(user, tag="qzxa")
    return data_export(user=user)


def first(export, label):
    return export["models"][label][0]


def refused(data, match):
    newcomer = UserFactory()
    name_before = newcomer.name
    with pytest.raises(ImportRefused, match=match) as caught:
        data_import(user=newcomer, data=data)
    assert owned_row_count(user=newcomer) == 0
    newcomer.refresh_from_db()
    assert newcomer.name == name_before
    return str(caught.value)


def test_a_list_where_an_id_belongs_is_refused_naming_the_record_and_field(export):
    rejection = first(export, "feedback.rejection")
    rejection["application"] = [rejection["application"]]
    message = refused(export, "application")
    assert f"Rejection {rejection['id']} in the file" in message
    assert "should be a record id, not a list" in message


def test_a_list_where_a_date_belongs_is_refused(export):
    application = first(export, "applications.application")
    application["date_applied"] = ["2026-03-01"]
    message = refused(export, "date applied")
    assert f"Application {application['id']} in the file" in message
    assert "should be a date like 2026-03-31, not a list" in message


def test_a_list_in_a_many_to_many_must_hold_ids(export):
    story = first(export, "practice.story")
    story["questions"] = [{"id": 1}]
    refused(export, "should be a list of record ids")


def test_competencies_are_checked_by_the_story_form(export):
    story = first(export, "practice.story")
    story["competencies"] = [{"a": 1}]
    message = refused(export, "competencies")
    assert f"Story {story['id']} in the file is not valid" in message
    assert "Select a valid choice" in message


def test_a_story_strength_outside_the_pages_choices_is_refused(export):
    story = first(export, "practice.story")
    story["strength"] = 7
    refused(export, "Story .* is not valid: how strong it feels: Select a valid choice")


def test_no_response_days_follow_the_settings_page(export):
    export["account"]["no_response_days"] = 0
    message = refused(export, "no response")
    assert "Enter a number of days from 1 to 365." in message


def test_a_rejection_after_an_interview_round_needs_the_round_as_on_the_page(export):
    rejection = first(export, "feedback.rejection")
    rejection["stage"] = "after_interview"
    rejection["interview_round"] = None
    refused(export, "Enter which round you reached")


def test_a_date_in_the_future_is_refused_as_on_the_page(export):
    first(export, "applications.application")["date_applied"] = "2099-01-01"
    refused(export, "Enter a date in the past or today.")


def test_text_where_a_number_belongs_is_refused(export):
    first(export, "applications.application")["salary_min"] = "lots"
    refused(export, "salary from")


def test_two_companies_with_one_name_are_refused_naming_the_record(export):
    companies = export["models"]["applications.company"]
    twin = dict(companies[0], id=companies[0]["id"] + 1, name=companies[0]["name"].upper())
    companies.append(twin)
    refused(export, f"Company ({twin['id']}|{companies[0]['id']}) in the file")


def test_ids_that_are_not_numbers_are_refused(export):
    from portability.services import parse_export

    first(export, "applications.company")["id"] = ["x"]
    with pytest.raises(ImportRefused, match="ids that are not numbers"):
        parse_export(json.dumps(export).encode())


def test_a_refused_file_is_an_error_beside_the_field_not_a_server_error(client, export):
    first(export, "practice.story")["competencies"] = [{"a": 1}]
    newcomer = UserFactory()
    client.force_login(newcomer)
    upload = SimpleUploadedFile(
        "rebound.json", json.dumps(export).encode(), content_type="application/json"
    )
    response = client.post(reverse("import_json"), {"file": upload})
    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert "competencies" in response.text
    assert owned_row_count(user=newcomer) == 0


def test_an_import_takes_the_same_queries_for_5_or_50_applications(user):
    company = CompanyFactory(owner=user)
    counts = []
    for count in (5, 50):
        Application.objects.filter(owner=user).delete()
        for _ in range(count):
            ApplicationFactory(owner=user, company=company)
        data = data_export(user=user)
        newcomer = UserFactory()
        with CaptureQueriesContext(connection) as queries:
            data_import(user=newcomer, data=data)
        assert Application.objects.owned_by(newcomer).count() == count
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_each_record_is_judged_on_its_own(export):
    """One form checks every record of a kind in turn: the second record's
    problem is reported as the second's, and a good record after a bad one is
    not blamed."""
    applications = export["models"]["applications.application"]
    good, *_ = applications
    bad = dict(good, id=good["id"] + 7, date_applied="2099-01-01")
    applications.append(bad)
    applications.append(dict(good, id=good["id"] + 8))
    message = refused(export, "Enter a date in the past or today.")
    assert f"Application {bad['id']} in the file" in message
