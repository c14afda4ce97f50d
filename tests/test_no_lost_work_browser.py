"""Issue 15, cases 1 and 2: the writing pages keep every word, in a real Chromium
against the live server."""

import re
import time

import pytest
from playwright.sync_api import expect

from feedback.models import CallQuestion, FeedbackCall, Reflection
from feedback.services import feedback_call_create
from tests.factories import RejectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^Saved \d\d:\d\d$")
CONFLICT = "perhaps you, in another tab"


def _saved(page):
    expect(page.locator("[data-rb-saved-state]")).to_have_text(SAVED)


def _wait_for(page, condition):
    """Poll the database while the page's scripts run."""
    for _ in range(100):
        if condition():
            return
        page.wait_for_timeout(100)
    assert condition()


@pytest.fixture
def call(user):
    rejection = RejectionFactory(owner=user)
    return feedback_call_create(rejection=rejection, user=user, scheduled_at=rejection.created_at)


def _autosave_then_finish(page, rejection, *, first: tuple[str, str], then: tuple[str, str]):
    """Type `first` (label, text) and wait for the autosave, then type `then` and
    press "Save and finish" before the next autosave runs."""
    page.goto(f"/feedback/rejections/{rejection.pk}/reflection/")
    page.get_by_label(first[0]).fill(first[1])
    _saved(page)
    page.get_by_label(then[0]).fill(then[1])
    page.get_by_role("button", name="Save and finish").click()
    page.wait_for_url(f"**{rejection.get_absolute_url()}")


def test_reopened_reflection_saves_after_an_autosave_then_a_full_save(logged_in_page, user):
    page = logged_in_page
    rejection = RejectionFactory(owner=user)
    _autosave_then_finish(
        page,
        rejection,
        first=("What went well?", "I stayed calm."),
        then=("What would you do differently?", "Bring numbers."),
    )
    assert Reflection.objects.get().do_differently == "Bring numbers."

    page.get_by_role("link", name=re.compile("Read or edit it|Write your reflection")).first.click()
    expect(page.locator("[data-rb-saved-state]")).not_to_contain_text("another tab")
    page.get_by_label("What would you do differently?").fill("Bring numbers to every example.")
    _saved(page)
    assert Reflection.objects.get().do_differently == "Bring numbers to every example."
    page.get_by_label("What went well?").fill("I stayed calm and asked questions.")
    page.get_by_role("button", name="Save and finish").click()
    page.wait_for_url(f"**{rejection.get_absolute_url()}")
    assert Reflection.objects.get().went_well == "I stayed calm and asked questions."


def test_reopened_call_notes_save_after_an_autosave_then_a_full_save(logged_in_page, call):
    page = logged_in_page
    first = call.questions.first()
    page.goto(f"/feedback/calls/{call.pk}/notes/")
    page.locator(f"#id_answer_{first.pk}").fill("They wanted numbers.")
    _saved(page)
    page.get_by_label("Anything else they said").fill("Call back in spring.")
    page.get_by_role("button", name="Save notes", exact=True).click()
    expect(page.get_by_text("Notes saved at")).to_be_visible()

    page.goto(f"/feedback/calls/{call.pk}/notes/")
    page.get_by_label("Anything else they said").fill("Call back in spring, after the reorg.")
    _saved(page)
    page.get_by_label("Your takeaways").fill("Lead with the result.")
    page.get_by_role("button", name="Save and finish the call").click()
    page.wait_for_url(f"**/feedback/calls/{call.pk}/thank-you/")
    call.refresh_from_db()
    assert call.notes == "Call back in spring, after the reorg."
    assert call.takeaways == "Lead with the result."
    assert CallQuestion.objects.get(pk=first.pk).answer == "They wanted numbers."


def test_text_typed_before_the_autosave_script_starts_is_saved(logged_in_page, call):
    """On a slow connection the boxes take typing before autosave.js has run:
    that text is saved too. (With this race lost, the call notes step of
    tests/feedback/test_browser_outreach.py never saw "Saved" in a loaded run.)"""
    page = logged_in_page
    first = call.questions.first()

    def slow_script(route):
        time.sleep(1.5)
        route.continue_()

    page.route("**/js/autosave.js", slow_script)
    page.goto(f"/feedback/calls/{call.pk}/notes/", wait_until="commit")
    page.locator(f"#id_answer_{first.pk}").fill("Typed while the page was loading.")
    _saved(page)
    assert CallQuestion.objects.get(pk=first.pk).answer == "Typed while the page was loading."


def test_back_after_a_full_save_then_typing_saves(logged_in_page, user):
    page = logged_in_page
    rejection = RejectionFactory(owner=user)
    _autosave_then_finish(
        page,
        rejection,
        first=("What went well?", "First words."),
        then=("What went well?", "First words, then more."),
    )
    page.go_back()
    expect(page.get_by_label("What went well?")).to_have_value("First words, then more.")
    page.get_by_label("What went well?").fill("First words, then more, after Back.")
    _saved(page)
    assert Reflection.objects.get().went_well == "First words, then more, after Back."


def test_a_reload_mid_typing_keeps_the_words(logged_in_page, call):
    page = logged_in_page
    page.goto(f"/feedback/calls/{call.pk}/notes/")
    # Reloaded before the autosave's pause is over: the words come back from the
    # browser's copy, or reach the server on the way out, and are saved once.
    page.get_by_label("Anything else they said").fill("Words typed just before a reload.")
    page.reload()
    expect(page.get_by_label("Anything else they said")).to_have_value(
        "Words typed just before a reload."
    )
    _wait_for(page, lambda: FeedbackCall.objects.get().notes == "Words typed just before a reload.")
    _wait_for(page, lambda: page.evaluate("Object.keys(localStorage).length") == 0)
    expect(page.locator("[data-rb-saved-state]")).not_to_contain_text("Not saved")


def test_a_first_reflection_in_two_tabs_is_not_silently_overwritten(logged_in_page, user):
    """Issue 15, case 2: the second tab's autosave used to replace the first tab's
    draft without a word, because a new row had no version to compare."""
    rejection = RejectionFactory(owner=user)
    url = f"/feedback/rejections/{rejection.pk}/reflection/"
    tab_one = logged_in_page
    # Tab two shares the session; its console is not checked (the refusal is a 400).
    tab_two = tab_one.context.new_page()
    tab_one.goto(url)
    tab_two.goto(url)

    tab_one.get_by_label("What went well?").fill("Written in tab one.")
    tab_one.get_by_role("button", name="Save draft").click()
    expect(tab_one.get_by_text("Draft saved.")).to_be_visible()
    assert Reflection.objects.get().went_well == "Written in tab one."

    tab_two.get_by_label("What went well?").fill("Written in tab two.")
    expect(tab_two.locator("[data-rb-saved-state]")).to_contain_text("another tab")
    assert Reflection.objects.get().went_well == "Written in tab one."

    # The person is shown both texts and chooses: saving again keeps tab two's.
    tab_two.get_by_role("button", name="Save draft").click()
    expect(tab_two.get_by_text(CONFLICT)).to_be_visible()
    expect(
        tab_two.get_by_text("Saved in the meantime: Written in tab one.", exact=True)
    ).to_be_visible()
    expect(tab_two.get_by_label("What went well?")).to_have_value("Written in tab two.")
    assert Reflection.objects.get().went_well == "Written in tab one."
    tab_two.get_by_role("button", name="Save draft").click()
    expect(tab_two.get_by_text("Draft saved.")).to_be_visible()
    assert Reflection.objects.get().went_well == "Written in tab two."
    expect(tab_two.get_by_label("What went well?")).to_have_value("Written in tab two.")


@pytest.mark.parametrize("only", ["header", "script"])
def test_logging_out_clears_the_drafts_kept_in_this_browser(logged_in_page, user, only):
    """Issue 15, case 15: each of the two ways works on its own."""
    page = logged_in_page
    if only == "header":
        page.route(
            "**/js/rebound.js", lambda route: route.fulfill(body="", content_type="text/javascript")
        )
    else:

        def without_header(route):
            response = route.fetch(max_redirects=0)
            headers = {k: v for k, v in response.headers.items() if k != "clear-site-data"}
            route.fulfill(response=response, headers=headers)

        page.route("**/accounts/logout/", without_header)
    page.goto("/home/")
    page.evaluate(
        """() => {
            localStorage.setItem("rb-autosave:reflection-1", '{"values": {"0:went_well": "private"}}');
            localStorage.setItem("rb-theme-other", "kept");
        }"""
    )
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/($|accounts/login/)"))
    keys = page.evaluate("Object.keys(localStorage)")
    assert not [k for k in keys if k.startswith("rb-autosave:")]


def test_an_edit_page_keeps_what_was_typed_when_the_session_had_ended(
    logged_in_page, user, password
):
    """Pages saved only by their button (here a story) keep a copy in the browser:
    the words typed after the session ended come back after logging in again."""
    from practice.models import Story
    from tests.factories import StoryFactory

    story = StoryFactory(owner=user, action="I led the redesign.")
    page = logged_in_page
    url = f"/practice/stories/{story.pk}/edit/"
    page.goto(url)
    page.context.clear_cookies(name="sessionid")
    page.locator("#id_action").fill("I led the redesign and cut support calls by a third.")
    page.get_by_role("button", name="Save story").click()
    page.wait_for_url("**/accounts/login/**")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"**{url}")
    expect(page.locator("#id_action")).to_have_value(
        "I led the redesign and cut support calls by a third."
    )
    expect(page.get_by_text("Restored what you typed here before")).to_be_visible()
    assert Story.objects.get().action == "I led the redesign."
    page.get_by_role("button", name="Save story").click()
    page.wait_for_url(re.compile(r"/practice/stories/"))
    assert Story.objects.get().action == "I led the redesign and cut support calls by a third."
    # Opened again after that save, the page shows the saved text, not a stale copy.
    page.goto(url)
    expect(page.locator("#id_action")).to_have_value(
        "I led the redesign and cut support calls by a third."
    )
    expect(page.get_by_text("Restored what you typed")).to_have_count(0)
    assert page.evaluate("Object.keys(localStorage).length") == 0
