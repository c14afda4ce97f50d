import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.redirects import safe_next
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/applications/", "/applications/"),
        ("/home/?x=1", "/home/?x=1"),
        ("not a url", None),
        (";", None),
        ("home", None),
        ("https://evil.example.com/", None),
        ("//evil.example.com/", None),
        ("/\\evil.example.com", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_safe_next_only_accepts_local_paths(value, expected):
    request = RequestFactory().post("/", {"next": value})
    assert safe_next(request) == expected


@pytest.mark.parametrize("value", ["not a url", ";", "https://evil.example.com/"])
def test_garbage_next_after_an_action_falls_back_without_an_error(client_logged_in, user, value):
    application = ApplicationFactory(owner=user, status="applied", last_news_at=timezone.now())
    url = reverse("applications:application_keep_waiting", args=[application.pk])
    response = client_logged_in.post(url, {"next": value})
    assert response.status_code == 302
    assert response.url == application.get_absolute_url()


def test_garbage_next_on_a_next_action_choice_goes_home(client_logged_in):
    response = client_logged_in.post(
        reverse("reminders:action_update"), {"key": "x", "op": "done", "next": "not a url"}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_admin_login_goes_through_the_product_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    # A wrong password posted straight at the admin's login cannot be tried there.
    response = client.post(
        "/admin/login/", {"username": "someone@example.com", "password": "guess"}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_reach_the_admin_after_the_product_login(client, user):
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_new_people_get_the_configured_no_response_days(settings):
    from accounts.models import User

    settings.REBOUND_NO_RESPONSE_DAYS = 30
    assert (
        User.objects.create_user(
            email="new-person@example.com", password="x-long-enough-9"
        ).no_response_days
        == 30
    )
