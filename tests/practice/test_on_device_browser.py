"""The browser's own speech recognition, offered only when it runs on the device.

Two kinds of test, both in a real Chromium:

- what the practice page says and offers in this Chromium, checked against
  what this Chromium itself answers to `SpeechRecognition.available({langs,
  processLocally: true})` (headless, it has no on-device English installed);
- the rest with a stand-in for the browser's `SpeechRecognition` interface,
  installed with `add_init_script` before the page loads: it reports a chosen
  availability, records how it was called and emits the results the test asks
  for. That is a test double of the browser's API (which cannot be made to
  recognise speech on this machine), not of Rebound's code: practice.js, the
  form, the views and the database all run for real.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from practice.models import Attempt
from tests.conftest import CHROMIUM_ARGS, chromium_path
from tests.crawl import axe_both_themes, axe_script
from tests.factories import PlanItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFER = "Transcribe on this device"

# A stand-in for the Web Speech API's SpeechRecognition (the spec's interface:
# static available() and install(), a processLocally attribute on the
# prototype, start()/stop(), and result/error/end events). `window.__speech`
# records what the page asked of it.
FAKE_RECOGNITION = """
(() => {
  const log = (window.__speech = {
    state: %(state)s, available: [], installs: [], created: 0, started: [], live: null,
  });
  class FakeRecognition extends EventTarget {
    constructor() {
      super();
      log.created += 1;
      log.live = this;
      this._local = false;
    }
    get processLocally() { return this._local; }
    set processLocally(value) { this._local = Boolean(value); }
    static async available(options) {
      log.available.push(JSON.parse(JSON.stringify(options)));
      return log.state;
    }
    static async install(options) {
      log.installs.push(JSON.parse(JSON.stringify(options)));
      log.state = "available";
      return true;
    }
    start() {
      log.started.push({
        processLocally: this.processLocally, lang: this.lang,
        continuous: this.continuous, interimResults: this.interimResults,
      });
    }
    stop() { setTimeout(() => this.dispatchEvent(new Event("end")), 0); }
    abort() { this.stop(); }
    emit(texts, isFinal) {
      const event = new Event("result");
      event.resultIndex = 0;
      event.results = texts.map((transcript) =>
        Object.assign([{ transcript, confidence: 0.9 }], { isFinal }));
      this.dispatchEvent(event);
    }
    fail(code) {
      const event = new Event("error");
      event.error = code;
      this.dispatchEvent(event);
      this.dispatchEvent(new Event("end"));
    }
  }
  window.SpeechRecognition = FakeRecognition;
  window.webkitSpeechRecognition = FakeRecognition;
})();
"""

# A browser whose speech recognition has no on-device mode (no available(),
# no processLocally): the kind that sends speech to its maker's servers.
CLOUD_ONLY_RECOGNITION = """
(() => {
  const log = (window.__speech = { created: 0 });
  class CloudRecognition extends EventTarget {
    constructor() { super(); log.created += 1; }
    start() {}
    stop() {}
  }
  window.SpeechRecognition = CloudRecognition;
  window.webkitSpeechRecognition = CloudRecognition;
})();
"""


@pytest.fixture
def practice_page(logged_in_page):
    """A signed-in page (conftest's, which fails the test on any browser error)
    set up as the crawl's for axe: light theme, no transitions, axe loaded."""
    logged_in_page.emulate_media(color_scheme="light", reduced_motion="reduce")
    logged_in_page.add_init_script(script=axe_script())
    return logged_in_page


def _fake(state: str) -> str:
    return FAKE_RECOGNITION % {"state": f'"{state}"'}


def _practise(page, user):
    item = PlanItemFactory(plan__owner=user, plan__application__description="")
    page.goto(f"/practice/items/{item.pk}/practise/")
    return item


def _status(page):
    return page.locator("[data-rb-on-device-status]")


def test_this_chromium_is_told_plainly_what_it_offers(practice_page, user):
    """No stand-in: the page's words follow what this Chromium answers."""
    page = practice_page
    _practise(page, user)
    state = page.evaluate(
        """async () => {
          const R = window.SpeechRecognition || window.webkitSpeechRecognition;
          if (!R || typeof R.available !== "function" || !("processLocally" in R.prototype)) {
            return "no on-device mode";
          }
          try {
            return await R.available({ langs: ["en-GB"], processLocally: true });
          } catch { return "unknown"; }
        }"""
    )
    print(f"This Chromium's on-device English: {state}")
    expected = {
        "available": "can turn what you say into text on this device",
        "downloadable": "once it has downloaded its English speech files",
        "downloading": "is downloading its English speech files",
        "unavailable": "cannot turn English speech into text on this device",
        "no on-device mode": "cannot promise to keep your voice on this device",
        "unknown": "did not say whether it can",
    }[state]
    expect(_status(page)).to_contain_text(expected)
    offer = page.get_by_role("button", name=OFFER)
    others = page.get_by_text("You can still record your answer and have it turned into text")
    if state == "available":
        expect(offer).to_be_visible()
        expect(others).to_be_hidden()
    else:
        expect(offer).to_be_hidden()
        expect(others).to_be_visible()
    expect(page.get_by_role("button", name="Get this browser ready")).to_be_visible(
        visible=state == "downloadable"
    )
    assert axe_both_themes(page) == []


@pytest.mark.parametrize(
    ("script", "words"),
    [
        (_fake("unavailable"), "cannot turn English speech into text on this device"),
        (_fake("downloading"), "is downloading its English speech files"),
        (CLOUD_ONLY_RECOGNITION, "cannot promise to keep your voice on this device"),
    ],
    ids=["unavailable", "downloading", "no-on-device-mode"],
)
def test_without_on_device_recognition_nothing_listens(practice_page, user, script, words):
    page = practice_page
    page.add_init_script(script)
    _practise(page, user)
    expect(_status(page)).to_contain_text(words)
    expect(_status(page)).to_contain_text("Not offered")
    expect(page.get_by_role("button", name=OFFER)).to_be_hidden()
    expect(
        page.get_by_text("You can still record your answer and have it turned into text")
    ).to_be_visible()
    # Never a fallback to the browser's other (cloud) recognition.
    assert page.evaluate("window.__speech.created") == 0


def test_the_other_routes_follow_the_settings(practice_page, user):
    user.transcribe_on_server = False
    user.save(update_fields=["transcribe_on_server"])
    page = practice_page
    page.add_init_script(_fake("unavailable"))
    _practise(page, user)
    expect(page.get_by_text("You can type your answer in the box below.")).to_be_visible()
    expect(page.get_by_text("Rebound's own server, or type it")).to_have_count(0)


def test_a_browser_that_must_download_first_is_offered_after_the_download(practice_page, user):
    page = practice_page
    page.add_init_script(_fake("downloadable"))
    _practise(page, user)
    expect(_status(page)).to_contain_text("no voice is sent")
    expect(page.get_by_role("button", name=OFFER)).to_be_hidden()
    page.get_by_role("button", name="Get this browser ready").click()
    expect(page.get_by_role("button", name=OFFER)).to_be_visible()
    expect(page.get_by_role("button", name="Get this browser ready")).to_be_hidden()
    assert page.evaluate("window.__speech.installs") == [{"langs": ["en-GB"]}]


def test_speaking_on_the_device_fills_the_box_to_edit(practice_page, user):
    page = practice_page
    page.add_init_script(_fake("available"))
    item = _practise(page, user)
    expect(_status(page)).to_contain_text("Your voice stays here")
    assert axe_both_themes(page) == []
    assert page.evaluate("window.__speech.available") == [
        {"langs": ["en-GB"], "processLocally": True}
    ]
    box = page.get_by_label("Your answer, as text")
    box.fill("Situation first.")
    page.get_by_role("button", name=OFFER).click()
    expect(_status(page)).to_contain_text("Listening on this device")
    expect(box).not_to_be_editable()
    assert axe_both_themes(page) == []
    assert page.evaluate("window.__speech.started") == [
        {"processLocally": True, "lang": "en-GB", "continuous": True, "interimResults": True}
    ]

    # Interim words show as they come; final ones replace them.
    page.evaluate("window.__speech.live.emit(['at my last job I'], false)")
    expect(box).to_have_value("Situation first. at my last job I")
    page.evaluate(
        "window.__speech.live.emit(['At my last job I rebuilt the guide ', 'and cut setup "
        "time by half'], true)"
    )
    page.get_by_role("button", name="Stop transcribing").click()
    heard = "Situation first. At my last job I rebuilt the guide and cut setup time by half"
    expect(box).to_have_value(heard)
    expect(box).to_be_editable()
    expect(_status(page)).to_contain_text("change anything misheard")
    expect(_status(page)).not_to_contain_text("recording")  # nothing was recorded
    expect(page.get_by_role("button", name="Transcribe again")).to_be_visible()

    # The person corrects the text before saving; that is what is kept.
    box.fill(f"{heard}, in two weeks.")
    page.locator("label.rb-rating-choice", has_text="4 – good").click()
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Rating saved.")).to_be_visible()
    attempt = Attempt.objects.get(item=item)
    assert attempt.transcript == f"{heard}, in two weeks."
    assert attempt.transcription == ""  # typed or heard on the device: no server step
    expect(page.get_by_role("heading", name="Measured from the text")).to_be_visible()


def test_a_failure_on_the_device_leaves_the_box_as_it_was(practice_page, user):
    page = practice_page
    page.add_init_script(_fake("available"))
    _practise(page, user)
    box = page.get_by_label("Your answer, as text")
    box.fill("My own words.")
    page.get_by_role("button", name=OFFER).click()
    page.evaluate("window.__speech.live.fail('service-not-allowed')")
    expect(_status(page)).to_contain_text("Nothing was sent anywhere")
    expect(box).to_have_value("My own words.")
    expect(box).to_be_editable()
    expect(page.get_by_role("button", name="Transcribe again")).to_be_visible()


@pytest.fixture
def beeping_microphone_page(browser, live_server, user):
    """A page in a Chromium of its own whose microphone is Chromium's fake
    device (a beep), with the speech-recognition stand-in reporting "available"."""
    from tests.conftest import signed_in_context

    own = browser.browser_type.launch(
        executable_path=chromium_path(),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        ],
    )
    errors: list[str] = []
    try:
        context = signed_in_context(own, live_server, user)
        context.add_init_script(_fake("available"))
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        yield page
    finally:
        own.close()
    assert errors == [], f"The browser reported errors: {errors}"


def test_a_recording_is_not_sent_once_the_device_gave_the_text(
    beeping_microphone_page, user, settings, tmp_path
):
    settings.TRANSCRIPTION_QUEUE_DIR = str(tmp_path / "queue")
    page = beeping_microphone_page
    item = _practise(page, user)
    page.get_by_role("button", name="Start recording").click()
    expect(page.locator("[data-rb-recorder-status]")).to_have_text("Recording.")
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop recording").click()
    send = page.get_by_label("Turn my recording into text when I save my rating")
    expect(send).to_be_checked()

    page.get_by_role("button", name=OFFER).click()
    page.evaluate("window.__speech.live.emit(['I led the move to the new system'], true)")
    page.wait_for_timeout(1200)  # a second of "speaking", so the answer has a length
    page.get_by_role("button", name="Stop transcribing").click()
    expect(_status(page)).to_contain_text("Your recording will not be sent.")
    expect(send).not_to_be_checked()

    posted: list[bytes] = []
    page.on(
        "request",
        lambda request: (
            posted.append(request.post_data_buffer or b"") if request.method == "POST" else None
        ),
    )
    page.locator("label.rb-rating-choice", has_text="3 – fair").click()
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Rating saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Listening…")).to_have_count(0)
    attempt = Attempt.objects.get(item=item)
    assert attempt.transcript == "I led the move to the new system"
    assert attempt.transcription == ""
    assert len(posted) == 1
    assert b"I led the move to the new system" in posted[0]
    assert b"RIFF" not in posted[0] and b"answer.wav" not in posted[0]
    assert not (tmp_path / "queue").exists() or list((tmp_path / "queue").iterdir()) == []
    # The time spent speaking stands in for the timer.
    assert attempt.seconds_taken is not None and attempt.seconds_taken >= 1
    expect(page).to_have_url(re.compile(f"{attempt.get_absolute_url()}$"))
