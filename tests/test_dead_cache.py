"""A cache that is down costs a feature, never a save (issue 13).

The cache is pointed at a Redis port where nothing listens. Every save below
goes through the real views, and the page after it shows the change."""

import pytest
from django.urls import reverse

from applications.models import Application, Status
from feedback.models import Reflection
from tests.factories import ApplicationFactory, RejectionFactory

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@pytest.fixture
def dead_cache(settings):
    settings.CACHES = DEAD_REDIS
    from django.core.cache import caches

    # The cache really is unreachable: a read raises.
    with pytest.raises(Exception):  # noqa: B017, PT011 - any connection error will do
        caches["default"].get("probe")
    return settings


def test_saves_succeed_with_the_cache_down(dead_cache, client_logged_in, user):
    response = client_logged_in.post(
        reverse("applications:application_create"),
        {
            "title": "Service designer",
            "new_company_name": "Harbour Health",
            "status": "applied",
            "salary_currency": "gbp",
            "interest": "4",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get(owner=user)
    assert "Service designer" in client_logged_in.get(response["Location"]).content.decode()

    response = client_logged_in.post(
        reverse("applications:interview_create", args=[application.pk]),
        {
            "round": 1,
            "kind": "video",
            "starts_at": "2030-01-01T09:00",
            "duration_minutes": 60,
            "time_zone": "Europe/London",
            "location": "Harbour House, second floor",
        },
    )
    assert response.status_code == 302
    assert application.interviews.count() == 1

    response = client_logged_in.post(
        reverse("applications:application_status", args=[application.pk]),
        {"to_status": "interviewing"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.INTERVIEWING
    board = client_logged_in.get(reverse("applications:application_board")).content.decode()
    assert "Service designer" in board


def test_a_reflection_saves_with_the_cache_down(dead_cache, client_logged_in, user):
    rejection = RejectionFactory(owner=user, application=ApplicationFactory(owner=user))
    url = reverse("feedback:reflection_edit", args=[rejection.pk])
    response = client_logged_in.post(
        url,
        {
            "rating_fit": "4",
            "went_well": "I stayed calm in the technical part.",
            "wanted_role": "5",
            "action": "draft",
        },
    )
    assert response.status_code == 302
    assert Reflection.objects.get().went_well == "I stayed calm in the technical part."
    assert "I stayed calm in the technical part." in client_logged_in.get(url).content.decode()
