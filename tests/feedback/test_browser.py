import re

import pytest
from playwright.sync_api import expect

from feedback.models import Reflection, Rejection
from tests.factories import ApplicationFactory, RejectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user, password):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name=re.compile(r"^(Log in|Sign in)$", re.IGNORECASE)).click()
    page.wait_for_url("**/home/")


def test_from_rejection_to_reflection_to_comparison(logged_in_page, user):
    page = logged_in_page
    application = ApplicationFactory(owner=user, status="rejected", title="Service designer")

    page.goto(application.get_absolute_url())
    page.get_by_role("link", name="Record the rejection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a rejection")
    page.get_by_label("How it came").select_option("email")
    page.get_by_label("Stage you reached").select_option("final_round")
    page.get_by_label("Reason they gave").fill("They chose someone with more research experience.")
    page.get_by_label("Experience", exact=True).check()
    page.get_by_role("button", name="Record the rejection").click()

    rejection = Rejection.objects.get(application=application)
    page.wait_for_url(f"**{rejection.get_absolute_url()}")
    expect(page.get_by_text("An almost")).to_be_visible()
    expect(page.locator(".rb-step")).to_have_count(6)

    page.get_by_role("link", name="Write your reflection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reflection")
    page.locator("#area-fit").get_by_label("4 – good").check()
    page.locator("#area-fit").get_by_label("Note").fill("My portfolio matched their brief.")
    page.locator("#area-rapport").get_by_label("5 – strong").check()
    page.get_by_label("What went well?").fill("I stayed calm in the case study.")

    # Autosave keeps it before any button is pressed.
    expect(page.locator("[data-rb-saved-state]")).to_have_text(re.compile(r"Saved \d\d:\d\d"))
    reflection = Reflection.objects.get(rejection=rejection)
    assert reflection.went_well == "I stayed calm in the case study."
    assert reflection.status == "draft"

    page.get_by_role("button", name="Save and finish").click()
    page.wait_for_url(f"**{rejection.get_absolute_url()}")
    reflection.refresh_from_db()
    assert reflection.status == "complete"

    page.get_by_role("link", name="Compare the two views").click()
    page.locator("#area-fit").get_by_label("4 – good").check()
    page.locator("#area-rapport").get_by_label("2 – weak").check()
    page.locator("#area-rapport").get_by_label("What they said").fill("Hard to read at times.")
    page.get_by_role("button", name="Save their view").click()

    page.wait_for_url(f"**/feedback/rejections/{rejection.pk}/comparison/")
    fit_row = page.get_by_role("row", name=re.compile("^Fit"))
    expect(fit_row).to_contain_text("You agree")
    rapport_row = page.get_by_role("row", name=re.compile("^Rapport"))
    expect(rapport_row).to_contain_text("Blind spot")
    expect(rapport_row).to_contain_text("Surprise")
    expect(rapport_row).to_contain_text("Hard to read at times.")


def test_text_typed_after_the_session_ended_comes_back_after_logging_in(
    logged_in_page, user, password
):
    page = logged_in_page
    rejection = RejectionFactory(owner=user)
    page.goto(f"/feedback/rejections/{rejection.pk}/reflection/")
    # The session ends while the page is open (the CSRF cookie outlives it).
    page.context.clear_cookies(name="sessionid")
    page.get_by_label("What would you do differently?").fill("Bring numbers to every example.")
    expect(page.locator("[data-rb-saved-state]")).to_contain_text("logged out")
    assert not Reflection.objects.exists()

    log_in(page, user, password)
    page.goto(f"/feedback/rejections/{rejection.pk}/reflection/")
    expect(page.get_by_label("What would you do differently?")).to_have_value(
        "Bring numbers to every example."
    )
    expect(page.locator("[data-rb-saved-state]")).to_have_text(re.compile(r"Saved \d\d:\d\d"))
    assert Reflection.objects.get().do_differently == "Bring numbers to every example."
    # Once the server has it, the browser's copy is cleared.
    assert page.evaluate("Object.keys(localStorage).length") == 0


def test_stepper_is_a_vertical_list_on_a_phone(phone_page, live_server, user, password):
    page = phone_page
    rejection = RejectionFactory(owner=user)
    log_in(page, user, password)
    page.goto(rejection.get_absolute_url())
    boxes = [page.locator(".rb-step").nth(i).bounding_box() for i in range(2)]
    assert boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1
    assert abs(boxes[1]["x"] - boxes[0]["x"]) < 1
