"""In a real Chromium: typing an answer and landing on its measures, recording
one with Chromium's fake microphone (an espeak-ng clip) and seeing "Listening…"
until the task worker has turned it into text, and the progress chart's table."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from practice.models import Attempt
from tests.conftest import CHROMIUM_ARGS, chromium_path
from tests.factories import PlanItemFactory
from tests.speech_clips import SENTENCES, require_tools, spoken_clip, wav_seconds, word_error_rate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_an_answer_shows_its_measures_and_progress(logged_in_page, user):
    page = logged_in_page
    item = PlanItemFactory(plan__owner=user, plan__application__description="")
    page.goto(f"/practice/items/{item.pk}/practise/")
    answer = "Um, at my last job I rebuilt the onboarding guide and I cut setup time by half."
    page.get_by_label("Your answer, as text").fill(answer)
    page.locator("label.rb-rating-choice", has_text="4 – good").click()
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Rating saved.")).to_be_visible()
    attempt = Attempt.objects.get(item=item)
    assert attempt.transcript == answer

    # The page after saving is the answer's own, with what its text shows.
    expect(page).to_have_url(re.compile(f"{attempt.get_absolute_url()}$"))
    expect(page.get_by_role("heading", name="Measured from the text")).to_be_visible()
    expect(page.get_by_text("“um” 1")).to_be_visible()
    expect(page.get_by_text("Result: there")).to_be_visible()
    expect(page.get_by_label("Your answer, as text")).to_have_value(answer)

    page.goto(item.question.get_absolute_url())
    expect(page.get_by_role("img", name=re.compile("over 1 answer, oldest first"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("Each answer to this question"))
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Date", "Your rating", "Words", "Words a minute", "Filler words per 100"]
    )
    cells = table.get_by_role("row").nth(1).get_by_role("cell")
    expect(cells).to_have_text(["4 out of 5", "17", "–", "5.9"])
    page.get_by_text("What you said").first.click()
    expect(page.get_by_text(answer)).to_be_visible()
    expect(page.get_by_text("“um” 1")).to_be_visible()


@pytest.fixture
def clip(tmp_path):
    require_tools()
    return SENTENCES[3], spoken_clip(SENTENCES[3], tmp_path / "answer.wav", pause_seconds=1)


@pytest.fixture
def microphone_page(browser, clip, live_server, user, password):
    """A page in a Chromium of its own (launched by the session's Playwright)
    whose microphone plays `clip`."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    own = browser.browser_type.launch(
        executable_path=chromium_path(),
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={clip[1]}",
        ],
    )
    errors: list[str] = []
    try:
        context = own.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto("/accounts/login/")
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill(password)
        page.get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_url("**/home/")
        yield page
    finally:
        own.close()
    assert errors == [], f"The browser reported errors: {errors}"


def test_recording_an_answer_gives_its_text_and_measures(
    microphone_page, clip, user, settings, tmp_path
):
    settings.TRANSCRIPTION_QUEUE_DIR = str(tmp_path / "queue")
    page = microphone_page
    text, path = clip
    item = PlanItemFactory(plan__owner=user, plan__application__description="")
    page.goto(f"/practice/items/{item.pk}/practise/")
    page.get_by_role("button", name="Start recording").click()
    status = page.locator("[data-rb-recorder-status]")
    expect(status).to_have_text("Recording.")
    # Let the fake microphone play the whole clip once.
    page.wait_for_timeout(int(wav_seconds(path) * 1000))
    page.get_by_role("button", name="Stop recording").click()
    send = page.get_by_label("Turn my recording into text when I save my rating")
    expect(send).to_be_checked()

    page.locator("label.rb-rating-choice", has_text="3 – fair").click()
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Rating saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Listening…")).to_be_visible()
    attempt = Attempt.objects.get(item=item)
    assert attempt.transcription == "listening" and attempt.rating == 3
    assert len(list((tmp_path / "queue").iterdir())) == 1

    # The worker runs; the page, which asks every few seconds, shows the result.
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    expect(page.get_by_role("heading", name="Measured from the text")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("heading", name="Listening…")).to_have_count(0)
    expect(page.get_by_text("the recording has been deleted from the server")).to_be_visible()
    heard = page.get_by_label("Your answer, as text").input_value()
    print(f"said: {text!r}\nheard: {heard!r}\nWER {word_error_rate(text, heard):.2f}")
    assert word_error_rate(text, heard) < 1
    attempt.refresh_from_db()
    assert attempt.transcript == heard.strip()
    # The recording's length stands in for the timer.
    assert attempt.seconds_taken >= 5
    expect(page.get_by_text(f"in {attempt.seconds_taken} seconds")).to_be_visible()
    assert list((tmp_path / "queue").iterdir()) == []

    # A misheard word is corrected on the same page; the measures follow.
    page.get_by_label("Your answer, as text").fill(f"{heard} Um, we cut costs by 10 percent.")
    page.get_by_role("button", name="Save the text").click()
    expect(page.get_by_text("Text saved.")).to_be_visible()
    expect(page.get_by_text("“um” 1")).to_be_visible()
