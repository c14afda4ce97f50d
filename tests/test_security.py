"""Issue 6, "security settings tested": deployment checks, headers, cookies,
CSRF, rate limits, enumeration, sessions, caching, security logging and the
error pages."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.template import loader
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-test-password-42"


@pytest.fixture
def security_log(caplog):
    """Records sent to "rebound.security" (which does not propagate to the root)."""
    logger = logging.getLogger("rebound.security")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="rebound.security")
    yield caplog
    logger.removeHandler(caplog.handler)


def production_env(**extra: str) -> dict[str, str]:
    """A clean production environment: nothing inherited from the test run
    (no DATABASE_URL, no DJANGO_ALLOW_ASYNC_UNSAFE, no SECURE=false)."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DEBUG="false",
        ALLOWED_HOSTS="rebound.example.com",
        EMAIL_HOST="smtp.example.com",
        SITE_URL="https://rebound.example.com",
        **extra,
    )
    return env


# --- Deployment checks --------------------------------------------------------


def test_check_deploy_passes_in_production_mode():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_with_a_console_mailer():
    """The check above can fail: printing mail instead of sending it is caught."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(EMAIL_CONSOLE="true"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0


def test_settings_refuse_to_start_without_a_secret_key_in_production():
    env = production_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; django.setup()"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# --- Headers on every page ----------------------------------------------------

PUBLIC_PAGES = [
    "landing",
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
PRIVATE_PAGES = [
    "home",
    "settings",
    "delete_account",
    "account_email",
    "account_change_password",
    "mfa_index",
    "account_logout",
]


def assert_secure_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_carry_security_headers(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_secure_headers(response)


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_private_pages_carry_security_headers_and_are_not_cached(client_logged_in, name):
    response = client_logged_in.get(reverse(name))
    assert response.status_code == 200
    assert_secure_headers(response)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_are_not_cached(client, name):
    response = client.get(reverse(name))
    assert "no-store" in response["Cache-Control"]


def test_error_pages_carry_security_headers(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_secure_headers(response)


@pytest.fixture
def production_security(settings):
    """The SECURE=true settings, switched on inside the test process."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


def test_production_sends_hsts_and_redirects_plain_http(production_security, client):
    plain = client.get(reverse("landing"))
    assert plain.status_code == 301
    assert plain.url.startswith("https://")

    response = client.get(reverse("landing"), secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts and "preload" in hsts


def test_production_settings_module_turns_the_secure_flags_on():
    """The settings module itself, not only this test's overrides, in production mode."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_HTTPONLY)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "Lax", "True"]


def test_production_cookies_are_secure_httponly_and_same_site(production_security, client, user):
    page = client.get(reverse("account_login"), secure=True)
    csrf = page.cookies[django_settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


# --- CSRF -------------------------------------------------------------------------


@pytest.fixture
def csrf_client(user):
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    return c


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("account_logout", {}),
        ("settings", {"name": "Changed", "time_zone": "UTC", "no_response_days": 9}),
        ("delete_account", {"password": PASSWORD}),
        ("account_change_password", {"oldpassword": PASSWORD}),
        ("account_email", {"action_add": "", "email": "elsewhere@example.com"}),
    ],
)
def test_state_changes_without_a_csrf_token_are_refused(csrf_client, user, name, data):
    response = csrf_client.post(reverse(name), data)
    assert response.status_code == 403
    assert "Please try that again" in response.text
    assert "CSRF" not in response.text  # no technical detail for the person
    # Nothing changed: still logged in, still there, same settings.
    assert csrf_client.get(reverse("home")).status_code == 200
    user.refresh_from_db()
    assert user.name != "Changed"
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_public_forms_need_a_csrf_token_too(name, user):
    c = Client(enforce_csrf_checks=True)
    response = c.post(reverse(name), {"login": user.email, "email": user.email})
    assert response.status_code == 403


def test_logout_by_get_changes_nothing(client_logged_in):
    response = client_logged_in.get(reverse("account_logout"))
    assert response.status_code == 200  # a page asking to confirm, nothing more
    assert client_logged_in.get(reverse("home")).status_code == 200


def test_logout_with_a_token_works(csrf_client):
    page = csrf_client.get(reverse("account_logout"))
    token = page.context["csrf_token"]
    response = csrf_client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert csrf_client.get(reverse("home")).status_code == 302


# --- Brute force --------------------------------------------------------------------


def _fail_login(client, email, **extra):
    return client.post(
        reverse("account_login"), {"login": email, "password": "not-the-password"}, **extra
    )


def test_lockout_holds_across_changing_client_addresses(client, user):
    for n in range(5):
        _fail_login(client, user.email, REMOTE_ADDR=f"198.51.100.{n}")
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.77",
    )
    assert response.status_code == 200
    assert "Too many attempts to log in" in response.text
    assert client.get(reverse("home")).status_code == 302


def test_forged_forwarded_for_with_the_right_password_is_still_refused(client, user):
    for n in range(5):
        _fail_login(client, user.email, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert "Too many attempts to log in" in response.text


def test_many_addresses_from_one_client_hit_the_per_address_limit(client, db):
    for n in range(10):
        _fail_login(client, f"guess{n}@example.com")
    response = _fail_login(client, "guess-next@example.com")
    assert "Too many attempts to log in" in response.text


def test_the_lockout_looks_the_same_for_unknown_addresses(client, user):
    for _ in range(5):
        _fail_login(client, user.email)
        _fail_login(client, "nobody-here@example.com")
    known = _fail_login(client, user.email)
    unknown = _fail_login(client, "nobody-here@example.com")
    assert known.status_code == unknown.status_code == 200
    assert "Too many attempts to log in" in known.text
    assert "Too many attempts to log in" in unknown.text


# --- Account enumeration -------------------------------------------------------------


def _errors(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for e in form.non_field_errors()] + [
        f"{name}:{e}" for name, errors in form.errors.items() if name != "__all__" for e in errors
    ]


def test_login_answers_the_same_for_known_and_unknown_addresses(client, user):
    known = _fail_login(client, user.email)
    unknown = _fail_login(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert _errors(known) == _errors(unknown)
    assert _errors(known) == [
        "That email address and password do not match. Check both and try again."
    ]


def test_signup_answers_the_same_for_known_and_unknown_addresses(client, user):
    data = {"password1": "calm-and-practical-7", "password2": "calm-and-practical-7"}
    known = client.post(reverse("account_signup"), {**data, "email": user.email})
    unknown = Client().post(reverse("account_signup"), {**data, "email": "fresh@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("account_email_verification_sent")
    known_page = client.get(known.url)
    unknown_page = Client().get(unknown.url)
    assert known_page.status_code == unknown_page.status_code == 200


def test_reset_answers_the_same_for_known_and_unknown_addresses(client, user, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    # Each address gets a mail (a reset link, or a note that no account uses it),
    # so even the mail traffic does not tell an outsider which is which.
    assert [m.to for m in mailoutbox] == [[user.email], ["nobody@example.com"]]


# --- Sessions ---------------------------------------------------------------------------


def test_the_session_key_changes_at_login(client, user):
    client.get(reverse("account_login"))
    session = client.session
    session["before_login"] = "yes"
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_changing_the_password_ends_other_sessions(client, user):
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a-new-calm-password-8",
            "password2": "a-new-calm-password-8",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert other_device.get(reverse("home")).status_code == 302


# --- Security log ------------------------------------------------------------------------


def _events(caplog) -> list[str]:
    return [getattr(r, "event", "") for r in caplog.records if r.name == "rebound.security"]


def test_failed_login_is_logged_without_the_password(client, user, security_log):
    client.post(reverse("account_login"), {"login": user.email, "password": "Secret-Guess-123"})
    assert "login_failed" in _events(security_log)
    assert "Secret-Guess-123" not in security_log.text


def test_lockout_is_logged(client, user, security_log):
    for _ in range(6):
        _fail_login(client, user.email)
    assert "login_rate_limited" in _events(security_log)


def test_rate_limited_pages_are_logged_and_answer_429(client, security_log, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    data = {"password1": "calm-and-practical-7", "password2": "calm-and-practical-7"}
    client.post(reverse("account_signup"), {**data, "email": "one@example.com"})
    response = client.post(reverse("account_signup"), {**data, "email": "two@example.com"})
    assert response.status_code == 429
    assert "Please wait a moment" in response.text
    assert "rate_limited" in _events(security_log)


def test_password_change_is_logged_without_either_password(client, user, security_log):
    client.force_login(user)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "Brand-New-Pass-99",
            "password2": "Brand-New-Pass-99",
        },
    )
    assert "password_changed" in _events(security_log)
    assert PASSWORD not in security_log.text
    assert "Brand-New-Pass-99" not in security_log.text


def test_password_reset_is_logged(client, user, security_log, mailoutbox):
    import re

    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mailoutbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    client.post(
        form_page.request["PATH_INFO"],
        {"password1": "Reset-Pass-Words-7", "password2": "Reset-Pass-Words-7"},
    )
    assert "password_reset" in _events(security_log)
    assert "Reset-Pass-Words-7" not in security_log.text


def test_email_change_is_logged(client_logged_in, user, security_log, mailoutbox):
    import re

    client_logged_in.post(
        reverse("account_email"), {"action_add": "", "email": "moved@example.com"}
    )
    assert "email_added" in _events(security_log)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    client_logged_in.post(link.split("testserver", 1)[1])
    user.refresh_from_db()
    assert user.email == "moved@example.com"
    assert "email_changed" in _events(security_log)


def test_account_deletion_is_logged(client_logged_in, user, security_log):
    client_logged_in.post(reverse("delete_account"), {"password": PASSWORD})
    assert "account_deleted" in _events(security_log)
    assert PASSWORD not in security_log.text


# --- Error pages -----------------------------------------------------------------------


def test_a_missing_page_shows_rebound_404_without_details(client, settings):
    assert settings.DEBUG is False
    response = client.get("/applications/999999999/no-such-thing/")
    assert response.status_code == 404
    assert "We could not find that page" in response.text
    for leak in ("Traceback", "urlpatterns", "Django", "Using the URLconf"):
        assert leak not in response.text


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("500.html", "Something went wrong on our side"),
        ("400.html", "That request did not work"),
        ("403_csrf.html", "Please try that again"),
    ],
)
def test_bare_error_pages_render_without_a_request_or_a_static_manifest(settings, template, words):
    # The manifest of hashed files may be missing or stale when things go
    # wrong: these pages must not depend on it, nor on a request or a database.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    html = loader.get_template(template).render()
    assert words in html
    assert "/static/css/rebound.css" in html
    assert "{{" not in html


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("404.html", "We could not find that page"),
        ("403.html", "This page is not available to you"),
        ("429.html", "Please wait a moment"),
    ],
)
def test_error_pages_use_rebound_words(rf, template, words):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    html = loader.get_template(template).render({}, request)
    assert words in html
    assert "!" not in html.split("<body", 1)[1].replace("<!--", "")


def static_paths() -> list[str]:
    """Every URL in the project that takes no arguments, found from the URLconf."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns, prefix: str) -> None:
        for item in patterns:
            route = str(item.pattern)
            if "<" in route or "(" in route or "[" in route or "\\" in route:
                continue
            route = route.lstrip("^").rstrip("$")
            if isinstance(item, URLResolver):
                walk(item.url_patterns, prefix + route)
            elif isinstance(item, URLPattern):
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def test_every_page_without_arguments_carries_the_headers(client_logged_in):
    paths = static_paths()
    assert "/settings/delete/" in paths and "/accounts/login/" in paths
    checked = 0
    for path in paths:
        response = client_logged_in.get(path)
        assert response.status_code < 500, path
        assert "unsafe-inline" not in response.get("Content-Security-Policy", "unsafe-inline"), path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert response["X-Frame-Options"] == "DENY", path
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert "no-store" in response["Cache-Control"], path
            checked += 1
    assert checked > 10


def test_what_was_typed_in_the_email_box_is_logged_only_as_a_fingerprint(client, security_log):
    typed = "Private.Person@example.com"
    client.post(reverse("account_login"), {"login": typed, "password": "x-wrong-guess"})
    assert "login_failed" in _events(security_log)
    assert "private.person" not in security_log.text.lower()
    # The same text gives the same fingerprint, so repeated attempts can be matched.
    from accounts.security import login_fingerprint

    assert f"login={login_fingerprint(typed)}" in security_log.text


def test_a_newline_cannot_forge_a_second_log_line(security_log):
    from accounts.security import record

    record("rate_limited", path="/x\nevent=login user_id=1")
    (line,) = [r.getMessage() for r in security_log.records if r.name == "rebound.security"]
    assert "\n" not in line
    assert "path=/x\\nevent=login" in line


def test_check_deploy_warns_about_a_local_site_url():
    env = production_env()
    env["SITE_URL"] = "http://127.0.0.1:8000"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode != 0
    assert "rebound.W001" in result.stderr + result.stdout


def test_production_collectstatic_finds_every_file_the_static_files_refer_to(tmp_path):
    # Production keeps hashed, compressed copies (WhiteNoise's manifest storage),
    # which fails the deploy when a vendored file names one that is not there
    # (a CSS source map, a font). Run it as a deploy would, into a scratch folder.
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
