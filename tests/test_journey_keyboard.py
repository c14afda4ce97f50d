"""The whole loop with the keyboard alone, on a 375 px phone.

Sign up, add an application, an interview, the rejection, the reflection, the
feedback request, the call notes, the comparison, a practice plan and one
practised question: only Tab, Shift+Tab, Enter, Space, arrow keys and typing
(page.keyboard), never a click. If a step cannot be reached or used with the
keyboard, the test says which one.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}

# What the focused element is, in words a failure message can show.
DESCRIBE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  const own = el.getAttribute('aria-label') || (['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName) ? '' : el.innerText);
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id || '', name: el.name || '',
    value: el.value || '', checked: !!el.checked,
    text: (own || label || el.value || '').trim().replace(/\\s+/g, ' '),
  };
}"""


class Keyboard:
    """Moves through a page the way a keyboard user does."""

    def __init__(self, page):
        self.page = page

    def focused(self) -> dict | None:
        return self.page.evaluate(DESCRIBE_JS)

    def tab_to(self, *, text: str | None = None, id: str | None = None, limit: int = 200) -> dict:
        """Press Tab until the focus is on the element with this id or name (a regex)."""
        visited = []
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            info = self.focused()
            if info is None:
                continue
            if (id and info["id"] == id) or (text and re.search(text, info["text"], re.I)):
                return info
            visited.append(f"{info['tag']}#{info['id']}:{info['text'][:30]}")
        raise AssertionError(
            f"On {self.page.url}, Tab never reached {text or id}. It went through: {visited[:30]}"
        )

    def back_to(self, *, id: str, limit: int = 40) -> dict:
        """Shift+Tab back to an element already passed."""
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab")
            info = self.focused()
            if info and info["id"] == id:
                return info
        raise AssertionError(f"On {self.page.url}, Shift+Tab never reached {id}")

    def follow(self, text: str, key: str = "Enter") -> None:
        """Reach a link or button by Tab and activate it, waiting for the next page."""
        self.tab_to(text=text)
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.page.wait_for_load_state("load")
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{self.page.url} is {width}px wide on a phone"

    def type(self, id: str, value: str) -> None:
        self.tab_to(id=id)
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.type(value)

    def choose(self, id: str, option: str) -> None:
        """A select: arrow keys until the option whose text matches is chosen."""
        self.tab_to(id=id)
        for key in ("ArrowDown", "ArrowUp"):
            for _ in range(80):
                chosen = self.page.evaluate(
                    "(id) => { const s = document.getElementById(id); return s.options[s.selectedIndex]?.text || ''; }",
                    id,
                )
                if re.search(option, chosen, re.I):
                    return
                self.page.keyboard.press(key)
        raise AssertionError(f"{id} has no option like {option}")

    def pick_radio(self, first_id: str, value: str) -> None:
        """A radio group: Tab into it, arrows to the value (arrows also check it)."""
        self.tab_to(id=first_id)
        for _ in range(20):
            info = self.focused()
            if info["value"] == value:
                if not info["checked"]:
                    self.page.keyboard.press("Space")
                return
            self.page.keyboard.press("ArrowRight")
        raise AssertionError(f"No radio with value {value} after {first_id}")

    def type_date(self, id: str, day: dt.date, at: dt.time | None = None) -> None:
        """A native date (or date-and-time) field, typed segment by segment.

        The browser's locale decides whether the day or the month comes first,
        so the first try assumes the day; if the field then holds another date,
        the segments are cleared with Backspace and Shift+Tab and typed again
        with the month first.
        """
        expected = day.isoformat() + (f"T{at:%H:%M}" if at else "")
        for order in ("%d%m%Y", "%m%d%Y"):
            self.tab_to(id=id)
            self.page.keyboard.type(day.strftime(order))
            if at:
                self.page.keyboard.press("Tab")
                hour = at.hour % 12 or 12
                self.page.keyboard.type(f"{hour:02d}{at:%M}{'A' if at.hour < 12 else 'P'}")
            if self.page.locator(f"#{id}").input_value() == expected:
                return
            for _ in range(6 if at else 3):  # back over every segment, clearing it
                self.page.keyboard.press("Backspace")
                self.page.keyboard.press("Shift+Tab")
        raise AssertionError(f"Could not type {expected} into {id}")

    def tick(self, id: str) -> None:
        self.tab_to(id=id)
        if not self.focused()["checked"]:
            self.page.keyboard.press("Space")

    def submit(self, text: str, key: str = "Enter") -> None:
        self.follow(text, key=key)

    def heading(self) -> str:
        return self.page.locator("h1").inner_text()

    def message(self) -> str:
        return self.page.locator(".rb-messages").inner_text()


def _day_at_most_12(day: dt.date) -> dt.date:
    """The same or an earlier date whose day of the month is 12 or less, so it is
    a valid date whichever of day and month the browser expects first."""
    while day.day > 12:
        day -= dt.timedelta(days=1)
    return day


def walk_the_loop(page, confirmation_link, email: str = "sam@example.com") -> None:
    """The journey itself; `confirmation_link()` returns the path from the sign-up email."""
    kb = Keyboard(page)
    today = dt.date.today()
    interview_day = _day_at_most_12(today - dt.timedelta(days=6))
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Sign up, confirm the address, arrive home.
    kb.follow("Create your account")
    kb.type("id_email", email)
    kb.type("id_password1", "steady-progress-2026")
    kb.type("id_password2", "steady-progress-2026")
    kb.submit("^Sign up$", key="Space")
    page.goto(confirmation_link())  # opened from the email
    kb.submit("^Confirm")
    assert kb.heading().startswith("Hello")

    # Add an application from the empty home page.
    kb.follow("Add your first application")
    kb.type("id_title", "Service designer")
    kb.type("id_new_company_name", "Harbourline Logistics")
    kb.choose("id_status", "Applied")
    # Entered after the fact: applied before the interview below (dates must agree).
    kb.type_date("id_date_applied", _day_at_most_12(interview_day - dt.timedelta(days=3)))
    kb.submit("Add the application")
    assert "Service designer" in kb.heading()
    assert "Added" in kb.message()

    # The interview: a native date-and-time field, typed in the British order.
    kb.follow("Add an interview")
    kb.choose("id_kind", "Video")
    kb.type_date("id_starts_at", interview_day, dt.time(10, 30))
    kb.type("id_new_interviewer_name", "Priya Shah")
    kb.type("id_questions", "Tell us about a service you redesigned.")
    page.keyboard.press("Enter")
    page.keyboard.type("How do you work with engineers?")
    kb.submit("Add the interview")
    assert "Interview saved" in kb.message()

    # The rejection: today's date is filled in; a reason and a tag.
    if page.get_by_text("Record a rejection").count() == 0:
        kb.follow("^Service designer at Harbourline Logistics$")  # back to the application
    kb.follow("Record a rejection")
    kb.type("id_reason", "They chose someone with more research experience.")
    kb.tick("id_reason_tags_0")
    kb.submit("Record the rejection")
    assert "Rejection recorded" in kb.message()

    # The reflection, area by area: arrow keys choose a rating.
    kb.follow("Write your reflection")
    kb.pick_radio("id_rating_fit_0", "2")
    kb.type("id_note_fit", "I said little about research with users.")
    kb.pick_radio("id_rating_answers_0", "4")
    kb.pick_radio("id_rating_preparation_0", "4")
    kb.type("id_went_well", "The portfolio walkthrough.")
    kb.type("id_do_differently", "Bring one research story with numbers.")
    # Back up one field with Shift+Tab to add a thought; what was typed stays.
    assert kb.back_to(id="id_went_well")["value"] == "The portfolio walkthrough."
    page.keyboard.press("End")
    page.keyboard.type(" And the questions I asked.")
    kb.submit("Save and finish", key="Space")
    assert "Reflection finished" in kb.message()

    # The feedback request, drafted for the interviewer.
    kb.follow("Ask for feedback")
    kb.tick("id_contact_0")  # Priya Shah, the interviewer
    kb.submit("Draft the message")
    assert "Your message is drafted" in kb.message()
    kb.submit("Mark it sent")
    assert "Marked as sent" in kb.message()

    # They agreed to a call: book it from the rejection's steps, prepare, take notes.
    kb.follow("^Service designer at Harbourline Logistics$")
    kb.follow("Add a feedback call")
    kb.type_date("id_scheduled_at", _day_at_most_12(today), dt.time(9, 0))
    kb.submit("Book the call")
    assert "Call booked" in kb.message()
    kb.follow("Go to the notes page")
    kb.type("id_notes", "They liked the portfolio. More evidence of research with users.")
    kb.choose("id_rating_fit", "1")
    kb.type("id_note_fit", "Wanted more hands-on research.")
    kb.type("id_takeaways", "Build a research case study.")
    kb.submit("Save and finish the call", key="Space")
    assert "Notes saved" in kb.message()

    # The comparison: their view beside yours.
    kb.follow("^Service designer at Harbourline Logistics$")
    kb.follow("See the comparison|Compare the two views")
    assert kb.heading() == "Your view and theirs"

    # A practice plan from what was learned, then one question practised.
    kb.follow("Make a practice plan")
    kb.submit("Create the practice plan")
    assert "Plan made" in kb.message()
    kb.follow("^Practise")
    kb.tab_to(text="Start the timer")
    page.keyboard.press("Space")
    kb.pick_radio("rating-1", "4")
    kb.type("id_note", "Clearer with the numbers at the end.")
    kb.submit("Save rating")
    assert "Rating saved" in kb.message()


def test_the_whole_loop_with_the_keyboard_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    def confirmation_link() -> str:
        body = mail.outbox[-1].body
        return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", body).group(1)

    walk_the_loop(page, confirmation_link)
    context.close()
    assert errors == [], f"The browser reported errors: {errors}"
