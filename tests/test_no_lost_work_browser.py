"""Issue 15, cases 1 and 2: the writing pages keep every word, in a real Chromium
against the live server."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import Reflection
from tests.factories import RejectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"Saved \d\d:\d\d")


def test_reopened_reflection_saves_after_an_autosave_then_a_full_save(logged_in_page, user):
    page = logged_in_page
    rejection = RejectionFactory(owner=user)
    page.goto(f"/feedback/rejections/{rejection.pk}/reflection/")
    page.get_by_label("What went well?").fill("I stayed calm.")
    expect(page.locator("[data-rb-saved-state]")).to_have_text(SAVED)
    # More typing, then the full save before the next autosave runs.
    page.get_by_label("What would you do differently?").fill("Bring numbers.")
    page.get_by_role("button", name="Save and finish").click()
    page.wait_for_url(f"**{rejection.get_absolute_url()}")
    assert Reflection.objects.get().do_differently == "Bring numbers."

    page.goto(f"/feedback/rejections/{rejection.pk}/reflection/")
    page.get_by_label("What would you do differently?").fill("Bring numbers to every example.")
    expect(page.locator("[data-rb-saved-state]")).to_have_text(SAVED)
    assert Reflection.objects.get().do_differently == "Bring numbers to every example."
    page.get_by_label("What went well?").fill("I stayed calm and asked questions.")
    page.get_by_role("button", name="Save and finish").click()
    page.wait_for_url(f"**{rejection.get_absolute_url()}")
    assert Reflection.objects.get().went_well == "I stayed calm and asked questions."
