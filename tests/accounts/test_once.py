"""Issue 15, cases 3 and 10: a create form sent twice saves once (accounts/once.py).

The same submission sent again (Back and send, a retry after a lost answer) leads
to what the first one created; two sent at the same moment make one row and no
server error; a refused submission keeps no record, and a changed one is new."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import FormSubmission
from accounts.once import ALREADY_SAVED_MESSAGE, ONCE_FIELD
from applications.models import Application, Company, Contact
from practice.models import Question, Story
from tests.factories import CompanyFactory
from tests.urlwalk import forms_posting_to


def _form_data(client: Client, path: str, **typed: str) -> dict[str, list[str]]:
    """What the create page's form sends, as a browser would, with `typed` filled in."""
    response = client.get(path)
    assert response.status_code == 200
    (form,) = [
        f
        for f in forms_posting_to(response.content.decode(), path)
        if any(field.name == ONCE_FIELD for field in f.fields)
    ]
    data = form.default_data()
    data.update({name: [value] for name, value in typed.items()})
    return data


@pytest.mark.django_db
def test_the_same_application_sent_twice_is_saved_once(client_logged_in, user):
    company = CompanyFactory(owner=user)
    path = reverse("applications:application_create")
    data = _form_data(client_logged_in, path, title="Platform engineer", company=str(company.pk))
    assert data[ONCE_FIELD][0]

    first = client_logged_in.post(path, data)
    second = client_logged_in.post(path, data)

    application = Application.objects.get(owner=user)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == application.get_absolute_url()
    page = client_logged_in.get(second["Location"])
    assert ALREADY_SAVED_MESSAGE in page.content.decode()


@pytest.mark.django_db
def test_a_refused_form_keeps_no_record_so_the_corrected_one_saves(client_logged_in, user):
    path = reverse("applications:contact_create")
    data = _form_data(client_logged_in, path, name="")

    refused = client_logged_in.post(path, data)
    assert refused.status_code == 200
    assert "Enter their name." in refused.content.decode()
    assert not FormSubmission.objects.exists()

    data["name"] = ["Morgan Lee"]
    saved = client_logged_in.post(path, data)
    assert saved.status_code == 302
    assert Contact.objects.filter(owner=user, name="Morgan Lee").count() == 1


@pytest.mark.django_db
def test_the_form_sent_back_changed_is_a_new_one(client_logged_in, user):
    path = reverse("practice:question_create")
    data = _form_data(client_logged_in, path, text="Why this company?", category="motivation")
    assert client_logged_in.post(path, data).status_code == 302
    data["text"] = ["Why this role?"]
    assert client_logged_in.post(path, data).status_code == 302
    assert sorted(Question.objects.filter(owner=user).values_list("text", flat=True)) == [
        "Why this company?",
        "Why this role?",
    ]


@pytest.mark.django_db
def test_another_persons_token_is_theirs_alone(client_logged_in, other_client, user, other_user):
    path = reverse("applications:company_create")
    data = _form_data(client_logged_in, path, name="Lighthouse Labs")
    assert client_logged_in.post(path, data).status_code == 302
    other = other_client.post(path, data)
    assert other.status_code == 302
    assert Company.objects.filter(owner=other_user, name="Lighthouse Labs").count() == 1
    assert other["Location"] == Company.objects.get(owner=other_user).get_absolute_url()


@pytest.mark.django_db
def test_a_tampered_token_is_ignored_not_an_error(client_logged_in, user):
    path = reverse("applications:company_create")
    data = _form_data(client_logged_in, path, name="Lighthouse Labs")
    data[ONCE_FIELD] = ["x\x00" * 100]
    response = client_logged_in.post(path, data)
    assert response.status_code == 302
    assert Company.objects.filter(owner=user).count() == 1


CREATE_PAGES = [
    ("applications:company_create", {"name": "Lighthouse Labs"}, Company),
    ("applications:contact_create", {"name": "Morgan Lee"}, Contact),
    ("practice:question_create", {"text": "Why us?", "category": "motivation"}, Question),
    ("practice:story_create", {"title": "The outage", "situation": "It went down."}, Story),
]


@pytest.mark.parametrize(("url_name", "typed", "model"), CREATE_PAGES)
@pytest.mark.django_db(transaction=True)
def test_two_identical_posts_at_the_same_moment_make_one(url_name, typed, model, user):
    client = Client()
    client.force_login(user)
    path = reverse(url_name)
    data = _form_data(client, path, **typed)
    start = threading.Barrier(2)
    answers: list[int] = []
    locations: list[str] = []

    def send() -> None:
        sender = Client()
        sender.force_login(user)
        try:
            start.wait()
            response = sender.post(path, data)
            answers.append(response.status_code)
            locations.append(response.get("Location", ""))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers == [302, 302]
    assert model.objects.filter(owner=user).count() == 1
    assert locations[0] == locations[1] == model.objects.get(owner=user).get_absolute_url()


@pytest.mark.django_db
def test_making_a_plan_from_a_rejection_twice_makes_one(client_logged_in, user):
    from practice.models import Plan
    from tests.factories import RejectionFactory

    rejection = RejectionFactory(owner=user)
    path = reverse("practice:plan_create_from_rejection", args=[rejection.pk])
    data = _form_data(client_logged_in, path)
    first = client_logged_in.post(path, data)
    second = client_logged_in.post(path, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Plan.objects.filter(owner=user, rejection=rejection).count() == 1
