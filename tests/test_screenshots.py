"""Screenshots of the main pages for the README, taken from the running app with demo data.

Every run renders each page on a desktop (1280 px) and a phone (375 px) and checks
it renders. Only with SCREENSHOTS=1 are the PNGs written to docs/screenshots/, so a
routine test run never changes the committed images:

    SCREENSHOTS=1 make test PYTEST_ARGS="tests/test_screenshots.py"
"""

import os
from pathlib import Path

import pytest
from django.db.models import Count
from django.urls import reverse

from tests.crawl import DEMO_EMAIL, DEMO_PASSWORD, create_demo_person, log_in, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WRITE = os.environ.get("SCREENSHOTS") == "1"
MAX_BYTES = 300_000
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def _main_pages(person) -> dict[str, str]:
    """The README's pages, picked from the demo data: the fullest examples of each."""
    from applications.models import Application
    from feedback.models import Rejection
    from practice.models import Plan

    application = (
        Application.objects.owned_by(person)
        .annotate(rounds=Count("interviews"))
        .order_by("-rounds", "pk")
        .first()
    )
    rejections = Rejection.objects.owned_by(person)
    rejection = (
        rejections.filter(reflection__isnull=False, calls__isnull=False).order_by("pk").first()
        or rejections.order_by("pk").first()
    )
    plan = (
        Plan.objects.owned_by(person).filter(rejection=rejection).first()
        or Plan.objects.owned_by(person).order_by("pk").first()
    )
    return {
        "home": reverse("home"),
        "board": reverse("applications:application_board"),
        "application": application.get_absolute_url(),
        "rejection-loop": rejection.get_absolute_url(),
        "reflection": reverse("feedback:reflection_edit", args=[rejection.pk]),
        "comparison": reverse("feedback:comparison", args=[rejection.pk]),
        "practice-plan": plan.get_absolute_url(),
    }


def _shoot(context, path: str, file_name: str) -> None:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    response = page.goto(path)
    assert response is not None and response.status == 200, (
        f"{path}: {response and response.status}"
    )
    assert page.locator("h1").count() == 1, f"{path} should have one h1"
    assert page.locator("h1").is_visible()
    image = page.screenshot(animations="disabled", caret="hide")
    assert image.startswith(b"\x89PNG")
    assert errors == [], f"{path}: {errors}"
    if WRITE:
        assert len(image) < MAX_BYTES, f"{file_name} is {len(image)} bytes; keep it small"
        (SCREENSHOT_DIR / file_name).write_bytes(image)
    page.close()


def test_screenshots_of_the_main_pages(browser, live_server):
    person = create_demo_person()
    pages = _main_pages(person)
    if WRITE:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        phone = size == "phone"
        context = new_context(browser, live_server.url, phone=phone, viewport=viewport)
        _shoot(context, reverse("landing"), f"landing-{size}.png")
        log_in(context, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
        for name, path in pages.items():
            _shoot(context, path, f"{name}-{size}.png")
        context.close()
