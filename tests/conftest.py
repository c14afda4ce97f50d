import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings

from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_sessionstart(session: pytest.Session) -> None:
    # Files uploaded outside a test's own folder (the session-wide crawl's demo
    # CV) go to a temporary folder, never the project's media/.
    django_settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="rebound-test-media-")
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if IN_CI and "postgresql" not in engine:
        raise pytest.UsageError("CI runs the suite on PostgreSQL: set DATABASE_URL.")


def pytest_sessionfinish(session: pytest.Session) -> None:
    media = str(django_settings.MEDIA_ROOT)
    if "rebound-test-media-" in media:
        shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory) -> None:
    """Test-only overrides, kept here rather than in a second settings module."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded documents go to a folder of their own for each test.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _clear_cache(request) -> Iterator[None]:
    """Rate-limit counters live in the cache; no test inherits
    another's. The caches are database tables, so only tests that use the
    database clear them."""
    from django.core.cache import caches

    def clear():
        for alias in ("default",):
            caches[alias].clear()

    if request.node.get_closest_marker("django_db"):
        clear()
    elif {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue(
            "transactional_db" if "transactional_db" in request.fixturenames else "db"
        )
        clear()
    yield


@pytest.fixture
def password() -> str:
    return "a-long-test-password-42"


@pytest.fixture
def user(db, password):
    return UserFactory(password=password)


@pytest.fixture
def other_user(db, password):
    return UserFactory(password=password)


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def other_client(db, other_user):
    from django.test import Client

    c = Client()
    c.force_login(other_user)
    return c


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    )


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium)."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    yield page
    context.close()
    # A CSP violation or a script error shows up in the console: fail on it.
    assert errors == [], f"The browser reported errors: {errors}"


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def logged_in_page(page, live_server, user, password):
    """A browser page with `user` signed in through the real login form."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/home/")
    return page


@pytest.fixture(scope="session")
def site_crawl(browser, live_server, django_db_setup, django_db_blocker):
    """Every page of the product, crawled once per test run with demo data (tests/crawl.py)."""
    from tests.crawl import run_site_crawl

    with django_db_blocker.unblock():
        return run_site_crawl(browser, live_server.url)


def signed_in_context(browser, live_server, user, **options):
    """A Chromium context with `user` signed in through a session cookie, for tests
    that need their own context (JavaScript off, their own console checks)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    name = django_settings.SESSION_COOKIE_NAME
    context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
    )
    return context
