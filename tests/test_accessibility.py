"""Every page, logged out and logged in with demo data, meets WCAG 2.1 AA as far as
axe-core can tell, in the light and the dark theme, and fits a 375 px phone.

The pages come from one shared crawl (tests/crawl.py, the `site_crawl` fixture),
so a new page is covered as soon as something links to it, and a page nothing
links to fails `test_every_page_of_the_project_is_reached`.
"""

import json

import pytest
from django.urls import reverse

from tests.crawl import describe_violations, project_view_names

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _lines(items: list[str]) -> str:
    return "\n  " + "\n  ".join(items)


def test_the_crawl_reaches_pages_in_both_passes(site_crawl):
    labels = {page.label for page in site_crawl.pages}
    assert labels == {"logged out", "logged in", "new person"}
    assert len(site_crawl.pages) >= 8, [str(p) for p in site_crawl.pages]


def test_every_page_of_the_project_is_reached(site_crawl):
    expected, unnamed = project_view_names()
    assert unnamed == [], f"Give these URL patterns a name: {unnamed}"
    missing = sorted(expected - site_crawl.visited_view_names)
    assert missing == [], (
        "No link leads to these pages, so nothing checks them. Link to them from a page "
        "the crawl reaches (or, for a non-HTML endpoint, add it to NOT_HTML_VIEWS in "
        f"tests/crawl.py):{_lines(missing)}"
    )


def test_no_link_is_broken(site_crawl):
    assert site_crawl.broken == [], _lines([f"{path}: {what}" for path, what in site_crawl.broken])


def test_no_axe_violations_in_the_light_theme(site_crawl):
    violations = describe_violations(site_crawl.pages, "axe_light")
    assert violations == [], f"{len(violations)} axe violation(s):{_lines(violations)}"


def test_no_axe_violations_in_the_dark_theme(site_crawl):
    violations = describe_violations(site_crawl.pages, "axe_dark")
    assert violations == [], f"{len(violations)} axe violation(s):{_lines(violations)}"


def test_no_page_scrolls_sideways_on_a_phone(site_crawl):
    too_wide = [
        f"{page}: {page.phone_scroll_width}px wide"
        for page in site_crawl.pages
        if page.phone_scroll_width is None or page.phone_scroll_width > 375
    ]
    assert too_wide == [], f"Wider than a 375 px phone:{_lines(too_wide)}"


def test_no_page_reports_a_browser_error(site_crawl):
    # A blocked inline script or style (CSP) shows up here.
    errors = [
        f"{page}: {error}"
        for page in site_crawl.pages
        for error in page.console_errors + page.phone_errors
    ]
    assert errors == [], _lines(errors)


def test_the_nav_marks_the_current_page(site_crawl):
    problems = [f"{page}: {p}" for page in site_crawl.pages for p in page.nav_current_problems]
    assert problems == [], _lines(problems)


def test_dates_and_times_use_native_fields(site_crawl):
    problems = [f"{page}: {p}" for page in site_crawl.pages for p in page.date_input_problems]
    assert problems == [], _lines(problems)


def test_one_h1_and_at_most_two_heading_sizes(site_crawl):
    problems = [f"{page}: {p}" for page in site_crawl.pages for p in page.heading_problems]
    assert problems == [], _lines(problems)


def test_focus_is_visible_on_every_tab_stop(site_crawl):
    problems = [f"{page}: {p}" for page in site_crawl.pages for p in page.focus_problems]
    assert problems == [], _lines(problems)


# ---------------------------------------------------------------------------
# Forms, the skip link and the phone menu, driven with the keyboard
# ---------------------------------------------------------------------------


def _axe(page) -> list[str]:
    from tests.crawl import AXE_OPTIONS, axe_script

    page.evaluate(axe_script())
    violations = page.evaluate(f"axe.run(document, {json.dumps(AXE_OPTIONS)})")["violations"]
    return [f"{v['id']}: {v['help']}" for v in violations]


def _focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def test_form_errors_are_summarised_linked_to_their_fields_and_focused(page):
    page.goto("/accounts/signup/")
    page.locator("#id_email").fill("not an email")
    with page.expect_navigation():
        page.locator("#id_email").press("Enter")

    summary = page.locator("[data-rb-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert summary.get_by_role("link").count() >= 2  # the email and the password
    # The focus lands on the first field to fix, which says what is wrong.
    assert _focused_id(page) == "id_email"
    email = page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    described_by = email.get_attribute("aria-describedby").split()
    assert "id_email_error" in described_by
    assert page.locator("#id_email_error").inner_text().strip()
    # What was typed is kept.
    assert email.input_value() == "not an email"
    # A link in the summary moves the focus to its field.
    link = summary.locator("a[href='#id_password1']")
    link.focus()
    page.keyboard.press("Enter")
    assert _focused_id(page) == "id_password1"
    assert _axe(page) == []


def test_a_failed_login_is_announced_and_focused(page, user):
    page.goto("/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill("not-the-password")
    with page.expect_navigation():
        page.locator("#id_password").press("Enter")
    summary = page.locator("[data-rb-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert "do not match" in summary.inner_text()
    # No single field is wrong, so the focus goes to the summary itself.
    assert page.evaluate("() => document.activeElement.hasAttribute('data-rb-error-summary')")
    assert page.locator("#id_login").input_value() == user.email
    assert _axe(page) == []


def test_settings_errors_are_linked_to_the_field(logged_in_page):
    page = logged_in_page
    page.goto("/settings/")
    field = page.locator("#id_no_response_days")
    field.fill("0")
    with page.expect_navigation():
        field.press("Enter")
    assert _focused_id(page) == "id_no_response_days"
    assert field.get_attribute("aria-invalid") == "true"
    error_id = "id_no_response_days_error"
    assert error_id in field.get_attribute("aria-describedby").split()
    assert "1 to 365" in page.locator(f"#{error_id}").inner_text()
    assert page.locator("[data-rb-error-summary][role=alert]").is_visible()
    assert _axe(page) == []


def test_the_skip_link_moves_the_focus_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    box = skip.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10  # shown when focused
    page.keyboard.press("Enter")
    assert _focused_id(page) == "main"


def test_the_menu_collapses_on_a_phone_and_opens_with_the_keyboard(phone_page):
    page = phone_page
    page.goto("/")
    menu = page.locator("#main-nav")
    assert not menu.is_visible()
    toggler = page.locator(".navbar-toggler")
    toggler.focus()
    page.keyboard.press("Enter")
    menu.get_by_role("link", name="Log in").wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_call_notes_and_practice_plan_print_cleanly(browser, live_server):
    """On paper: no navigation or buttons, black on white even from the dark theme."""
    from feedback.models import FeedbackCall
    from practice.models import Plan
    from tests.crawl import DEMO_EMAIL, DEMO_PASSWORD, create_demo_person, log_in, new_context

    person = create_demo_person()
    call = FeedbackCall.objects.owned_by(person).order_by("pk").first()
    plan = Plan.objects.owned_by(person).order_by("pk").first()
    context = new_context(browser, live_server.url)
    log_in(context, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page = context.new_page()
    page.emulate_media(media="print", color_scheme="dark")
    for path in (reverse("feedback:call_notes", args=[call.pk]), plan.get_absolute_url()):
        page.goto(path)
        assert page.locator("h1").is_visible(), path
        assert not page.locator("header nav").is_visible(), path
        assert not page.locator(".skip-link").is_visible(), path
        visible_buttons = page.locator(".btn:visible, form button:visible").count()
        assert visible_buttons == 0, path
        color = page.evaluate("getComputedStyle(document.body).color")
        assert color == "rgb(0, 0, 0)", f"{path}: body text is {color} on paper"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    context.close()


ERRORS_LINKED_JS = """() => {
  const problems = [];
  for (const field of document.querySelectorAll('[aria-invalid="true"]')) {
    // A radio or checkbox group is described on its fieldset.
    const described = field.getAttribute('aria-describedby') ? field : field.closest('fieldset[aria-describedby]');
    const ids = (described?.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
    const texts = ids.map((id) => document.getElementById(id)?.textContent.trim() || '');
    if (!texts.some(Boolean)) problems.push(`${field.name || field.id} is not described by its error`);
  }
  return problems;
}"""


@pytest.mark.parametrize(
    ("url_name", "needs"),
    [
        ("applications:application_create", None),
        ("applications:interview_create", "application"),
        ("feedback:rejection_create", "application"),
        ("feedback:request_create", "rejection"),
        ("practice:question_create", None),
    ],
)
def test_main_forms_announce_and_link_their_errors(logged_in_page, user, url_name, needs):
    from tests.factories import ApplicationFactory, RejectionFactory

    page = logged_in_page
    factory = {"application": ApplicationFactory, "rejection": RejectionFactory}.get(needs)
    args = [factory(owner=user).pk] if factory else []
    page.goto(reverse(url_name, args=args))
    # Clear what the form fills in for you, then send it: every required field is empty.
    # (Only the fields shown: "Add an application" also has a folded paste box.)
    for field in page.locator(
        "main form[method=post] input[type=text], main form[method=post] input[type=date], main form[method=post] input[type=datetime-local], main form[method=post] textarea"
    ).all():
        if field.is_visible():
            field.fill("")
    submit = page.locator("main form[method=post] [type=submit]").last
    submit.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = page.locator("[data-rb-error-summary]")
    assert summary.count() == 1, "one error summary at the top of the form"
    assert summary.get_attribute("role") == "alert"
    first_invalid = page.locator('[aria-invalid="true"]').first
    assert summary.locator("a[href^='#']").count() >= 1, "the summary links to the fields"
    assert page.evaluate("() => document.activeElement.getAttribute('aria-invalid')") == "true"
    assert page.evaluate("() => document.activeElement.id") == first_invalid.get_attribute("id")
    assert page.evaluate(ERRORS_LINKED_JS) == []
    assert _axe(page) == []
