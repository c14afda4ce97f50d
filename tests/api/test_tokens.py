"""Personal access tokens: made with the password, shown once, kept hashed,
revoked and expired on the next request, scoped, rate limited."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import AccessToken, Scope
from api.services import token_create
from tests.api.conftest import bearer_client
from tests.factories import ApplicationFactory, InterviewFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/applications/"


def test_making_a_token_needs_the_password_and_shows_it_once(client_logged_in, user, password):
    url = reverse("api_tokens")
    refused = client_logged_in.post(url, {"name": "Laptop", "scope": "read", "password": "wrong"})
    assert refused.status_code == 200
    assert "That password is not right" in refused.content.decode()
    assert not AccessToken.objects.exists()

    made = client_logged_in.post(
        url,
        {"name": "Laptop", "scope": "read", "expires_in": "30", "password": password},
        follow=True,
    )
    token = AccessToken.objects.get()
    plain = made.context["new_plain"]
    assert plain in made.content.decode()
    assert plain.startswith(token.key_prefix)
    # Only a digest is kept; the secret is nowhere in the row.
    secret = plain.rsplit("_", 1)[1]
    assert secret not in token.key_digest and len(token.key_digest) == 64
    assert token.expires_at > timezone.now() + timedelta(days=29)
    # Shown once: the list never shows it again.
    again = client_logged_in.get(url)
    assert plain not in again.content.decode()
    assert token.key_prefix in again.content.decode()


def test_the_token_list_shows_when_it_was_last_used(client_logged_in, user, make_token):
    plain = make_token(Scope.READ)
    assert "Not yet" in client_logged_in.get(reverse("api_tokens")).content.decode()
    assert bearer_client(plain).get(LIST).status_code == 200
    token = AccessToken.objects.get()
    assert token.last_used_at is not None
    assert "Not yet" not in client_logged_in.get(reverse("api_tokens")).content.decode()


def test_a_revoked_token_stops_working_on_the_next_request(client_logged_in, make_token):
    api = bearer_client(make_token(Scope.READ))
    assert api.get(LIST).status_code == 200
    token = AccessToken.objects.get()
    response = client_logged_in.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    assert api.get(LIST).status_code == 401


def test_another_persons_token_cannot_be_revoked(other_client, make_token):
    make_token(Scope.READ)
    token = AccessToken.objects.get()
    assert other_client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_refused(make_token):
    api = bearer_client(make_token(Scope.READ, expires_at=timezone.now() - timedelta(seconds=1)))
    assert api.get(LIST).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["", "Bearer ", "Bearer nonsense", "Bearer rbt_1_", "Bearer rbt_x_abc", "Basic abc"],
)
def test_no_token_or_a_made_up_one_is_refused(header, make_token):
    plain = make_token(Scope.READ)
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=header) if header else Client()
    response = client.get(LIST)
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    # A right id with a wrong secret is refused too.
    token_id = plain.split("_")[1]
    wrong = bearer_client(f"rbt_{token_id}_{'x' * 43}").get(LIST)
    assert wrong.status_code == 401


def test_a_read_only_token_cannot_write(user, make_token):
    application = ApplicationFactory(owner=user)
    api = bearer_client(make_token(Scope.READ))
    response = api.post(
        f"/api/v1/applications/{application.pk}/status",
        {"to_status": "offer"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]
    application.refresh_from_db()
    assert application.status != "offer"
    assert api.delete(f"/api/v1/applications/{application.pk}").status_code == 403
    application.refresh_from_db()
    assert application.deleted_at is None


def test_an_applications_only_token_writes_applications_and_nothing_else(user, make_token):
    application = ApplicationFactory(owner=user, status="applied")
    api = bearer_client(make_token(Scope.APPLICATIONS))
    moved = api.post(
        f"/api/v1/applications/{application.pk}/status",
        {"to_status": "screening"},
        content_type="application/json",
    )
    assert moved.status_code == 200
    application.refresh_from_db()
    assert application.status == "screening"
    interview = InterviewFactory(application=application)
    assert (
        api.put(
            f"/api/v1/interviews/{interview.pk}/questions",
            {"questions": ["Why us?"]},
            content_type="application/json",
        ).status_code
        == 200
    )
    snooze = api.post(
        "/api/v1/actions/snooze", {"key": "x", "days": "7"}, content_type="application/json"
    )
    assert snooze.status_code == 403
    assert "applications only" in snooze.json()["detail"]


def test_tokens_are_rate_limited(make_token, settings):
    import time_machine

    settings.API_RATE_LIMIT = 5
    api = bearer_client(make_token(Scope.READ))
    # All in one minute's window.
    with time_machine.travel("2026-05-14 10:00:10+00:00", tick=False):
        codes = [api.get("/api/v1/practice/next").status_code for _ in range(6)]
        assert codes[:5] == [200] * 5
        assert codes[-1] == 429
        assert api.get("/api/v1/practice/next")["Retry-After"] == "60"


def test_a_dead_cache_lifts_the_limit_rather_than_the_api(make_token, settings, caplog):
    plain = make_token(Scope.READ)
    # Nothing listens on port 1 (Django's settings signal swaps the cache in).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert bearer_client(plain).get(LIST).status_code == 200
    assert "rate limit not counted" in caplog.text


def test_token_requests_set_no_cookie_and_ignore_a_session(user, make_token, client_logged_in):
    response = bearer_client(make_token(Scope.WRITE)).post(
        LIST,
        {"title": "Engineer", "new_company_name": "Acme", "status": "applied", "interest": 3},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    # A signed-in browser's session is not a way in.
    assert client_logged_in.get(LIST).status_code == 401


def test_pages_still_check_csrf(user, password):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post(
        reverse("api_tokens"), {"name": "x", "scope": "read", "password": password}
    )
    assert response.status_code == 403
    assert not AccessToken.objects.exists()


def test_deleting_the_account_deletes_its_tokens(user):
    from accounts.services import account_delete

    token_create(owner=user, name="Laptop", scope=Scope.READ)
    account_delete(user=user)
    assert not AccessToken.objects.exists()


def test_the_export_lists_tokens_without_anything_that_works(user, make_token):
    from portability.services import data_export

    plain = make_token(Scope.READ)
    rows = data_export(user=user)["models"]["api.accesstoken"]
    assert [r["name"] for r in rows] == ["Test"]
    assert plain.rsplit("_", 1)[1] not in str(rows)


def test_with_two_factor_on_making_a_token_also_needs_a_code(client_logged_in, user, password):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    url = reverse("api_tokens")
    data = {"name": "Laptop", "scope": "read", "password": password}
    refused = client_logged_in.post(url, data | {"code": "000000"})
    assert "That code is not right" in refused.content.decode()
    assert not AccessToken.objects.exists()
    import time_machine

    # The code and its check in the same 30-second step.
    with time_machine.travel(timezone.now(), tick=False):
        code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
        made = client_logged_in.post(url, data | {"code": code}, follow=True)
    assert made.context["new_plain"]
    assert AccessToken.objects.filter(owner=user).count() == 1


def test_tokens_imported_into_a_new_account_come_in_revoked(user, password):
    """A key belongs to the account it was made for. Imported, the rows keep their
    names and dates but show as revoked, and never let a request in: not even when
    the row ends up with its old id, as it could on a server that shares the secret
    key (simulated here by giving the imported row the id back)."""
    import json

    from django.test import Client

    from accounts.services import account_delete
    from portability.services import data_export, data_import, parse_export
    from tests.factories import UserFactory

    made = token_create(owner=user, name="Laptop", scope=Scope.WRITE)
    old_pk = made.token.pk
    earlier = timezone.now() - timedelta(days=3)
    revoked = token_create(owner=user, name="Old phone", scope=Scope.READ).token
    AccessToken.objects.filter(pk=revoked.pk).update(revoked_at=earlier)
    ApplicationFactory(owner=user)
    raw = json.dumps(data_export(user=user)).encode()
    account_delete(user=user)

    newcomer = UserFactory(password=password)
    data_import(user=newcomer, data=parse_export(raw))
    imported = {t.name: t for t in AccessToken.objects.owned_by(newcomer)}
    assert set(imported) == {"Laptop", "Old phone"}
    assert not AccessToken.objects.owned_by(newcomer).usable().exists()
    assert imported["Old phone"].revoked_at == earlier  # a revoked one keeps its date

    AccessToken.objects.filter(pk=imported["Laptop"].pk).update(id=old_pk)
    assert bearer_client(made.plain).get("/api/v1/applications/").status_code == 401

    page = Client()
    page.force_login(newcomer)
    listing = page.get(reverse("api_tokens")).content.decode()
    assert "Laptop" in listing and "Revoked" in listing
