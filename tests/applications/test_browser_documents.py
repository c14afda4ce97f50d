"""The CV that was sent, in a real Chromium: upload it from the application's
page, see it there, download it, and reuse it for a second application."""

import pytest
from playwright.sync_api import expect

from applications.models import Document
from tests.factories import PDF_BYTES, ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_the_cv_sent_download_it_and_reuse_it(logged_in_page, user, tmp_path):
    first = ApplicationFactory(owner=user, title="Data Engineer")
    second = ApplicationFactory(owner=user, title="Analytics Engineer")
    page = logged_in_page

    # A file that lies about its type is refused beside the field, title kept.
    fake = tmp_path / "cv.pdf"
    fake.write_bytes(b"MZ\x90\x00 a program, not a CV")
    page.goto(first.get_absolute_url())
    page.get_by_role("link", name="Upload a document").click()
    page.get_by_label("File").set_input_files(str(fake))
    page.get_by_label("Title (optional)").fill("CV for data roles")
    page.get_by_role("button", name="Upload").click()
    # In the summary above the form, and beside the field.
    expect(page.get_by_text("whatever its name says")).to_have_count(2)
    expect(page.locator("#id_upload")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Title (optional)")).to_have_value("CV for data roles")

    cv = tmp_path / "Sam Taylor CV.pdf"
    cv.write_bytes(PDF_BYTES)
    page.get_by_label("File").set_input_files(str(cv))
    page.get_by_role("button", name="Upload").click()

    # Back on the application's page, with what was sent.
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Engineer")
    sent = page.get_by_role("region", name="What you sent")
    with page.expect_download() as info:
        sent.get_by_role("link", name="CV for data roles", exact=True).click()
    download = info.value
    assert download.suggested_filename == "Sam Taylor CV.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF_BYTES

    # The same CV went to a second application.
    page.goto(second.get_absolute_url())
    page.get_by_label("One of your documents went with it").select_option(
        label="CV for data roles (CV)"
    )
    page.get_by_role("button", name="Add", exact=True).click()
    expect(
        page.get_by_role("region", name="What you sent").get_by_role(
            "link", name="CV for data roles", exact=True
        )
    ).to_be_visible()
    document = Document.objects.get(owner=user)
    assert set(document.applications.all()) == {first, second}

    # Taking it off the second application asks first, on its own page.
    page.get_by_role("region", name="What you sent").get_by_role(
        "link", name="Remove from this application"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Remove “CV for data roles”")
    assert set(document.applications.all()) == {first, second}
    page.get_by_role("button", name="Remove from this application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)
    expect(
        page.get_by_role("region", name="What you sent").get_by_role(
            "link", name="CV for data roles", exact=True
        )
    ).to_have_count(0)
    assert set(document.applications.all()) == {first}
