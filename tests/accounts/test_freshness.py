"""Pages keep what they work out per person until that person's data changes:
every change must show on the next page, and nobody sees another's copy."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.freshness import data_changed, data_version, kept
from applications.models import Application, Status
from tests.factories import ApplicationFactory, InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_kept_returns_the_first_result_until_the_data_changes(user):
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert kept(user.pk, "thing", build) == 1
    assert kept(user.pk, "thing", build) == 1
    assert kept(user.pk, "thing", build, vary=["other"]) == 2
    data_changed(user.pk)
    assert kept(user.pk, "thing", build) == 3


def test_a_post_moves_the_persons_version_and_no_one_elses(client_logged_in, user, other_user):
    mine, theirs = data_version(user.pk), data_version(other_user.pk)
    client_logged_in.get(reverse("home"))
    assert data_version(user.pk) == mine
    client_logged_in.post(reverse("settings"), {"name": "Sam", "time_zone": "Europe/London"})
    assert data_version(user.pk) != mine
    assert data_version(other_user.pk) == theirs


def test_a_save_outside_a_request_moves_the_version(user):
    before = data_version(user.pk)
    ApplicationFactory(owner=user)
    assert data_version(user.pk) != before


def test_the_board_and_list_show_a_change_made_through_a_view_at_once(client_logged_in, user):
    application = ApplicationFactory(owner=user, status=Status.APPLIED, title="Cartographer")
    link = f'href="{application.get_absolute_url()}"'
    pages = [reverse("applications:application_board"), reverse("applications:application_list")]
    for page in pages:
        assert link in client_logged_in.get(page).text
    # Moving to the trash is a QuerySet.update(): no model signal, only the request.
    client_logged_in.post(reverse("applications:application_delete", args=[application.pk]))
    assert not Application.objects.owned_by(user).exists()
    for page in pages:
        assert link not in client_logged_in.get(page).text


def test_home_shows_a_new_interview_added_outside_a_request(client_logged_in, user):
    application = ApplicationFactory(
        owner=user, status=Status.INTERVIEWING, company__name="Kestrel"
    )
    assert "Kestrel" not in client_logged_in.get("/home/").text
    InterviewFactory(application=application, starts_at=timezone.now() + dt.timedelta(days=2))
    home = client_logged_in.get("/home/").text
    assert "Kestrel" in home


def test_two_people_asking_the_same_page_each_see_their_own(user, other_user):
    ApplicationFactory(owner=user, title="Mine only")
    ApplicationFactory(owner=other_user, title="Theirs only")
    me, them = Client(), Client()
    me.force_login(user)
    them.force_login(other_user)
    for name in ("applications:application_list", "applications:application_board"):
        mine, theirs = me.get(reverse(name)).text, them.get(reverse(name)).text
        assert "Mine only" in mine and "Theirs only" not in mine
        assert "Theirs only" in theirs and "Mine only" not in theirs


def test_a_new_person_starts_with_a_version_of_their_own():
    first, second = UserFactory(), UserFactory()
    assert data_version(first.pk) != data_version(second.pk)


def test_kept_pages_with_forms_carry_this_requests_token_and_no_placeholder(user):
    from accounts.freshness import FORM_TOKEN_PLACEHOLDER
    from tests.factories import PlanFactory, PlanItemFactory

    plan = PlanFactory(owner=user)
    item = PlanItemFactory(plan=plan, kind="advice", text="Slow down", question=None)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    for _ in range(2):  # worked out, then from what was kept
        page = browser.get(plan.get_absolute_url()).text
        assert FORM_TOKEN_PLACEHOLDER not in page
        token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = browser.post(
        reverse("practice:plan_item_toggle", args=[item.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done


def test_what_pages_keep_never_pushes_out_the_login_rate_limits(user):
    from django.core.cache import caches

    caches["default"].set("allauth-like-counter", 3)
    for n in range(400):  # more than the default cache's 300 entries
        kept(user.pk, "list", lambda: "page", vary=[f"q={n}"])
    assert caches["default"].get("allauth-like-counter") == 3


def test_a_cache_that_is_down_only_costs_speed(user, monkeypatch):
    from accounts import freshness

    class Down:
        def get(self, *args, **kwargs):
            raise ConnectionError("cache down")

        add = set = get

    monkeypatch.setattr(freshness, "_cache", lambda: Down())
    assert kept(user.pk, "thing", lambda: "worked out") == "worked out"
