"""Server transcription on spoken clips made here with espeak-ng; recordings
saved with an answer and turned into text by the real task worker
(`db_worker`), and its answers to hostile recordings (30 minutes, silence,
not audio, a broken model, a lost file)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from practice.models import Attempt
from practice.speech import SpeechError, model_paths, read_wav, transcribe_wav
from tests.factories import AttemptFactory, PlanItemFactory
from tests.speech_clips import (
    SENTENCES,
    require_tools,
    silent_clip,
    spoken_clip,
    word_error_rate,
)

# PocketSphinx's small US English model on espeak-ng's synthetic Klatt voice:
# measured at about 0.55 mean word error rate (see the README). This bound
# catches a broken pipeline (wrong model, wrong sample rate, empty text gives
# 1.0) without pretending the engine is better than it is.
MAX_MEAN_WER = 0.75


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    require_tools()
    folder = tmp_path_factory.mktemp("clips")
    return [(text, spoken_clip(text, folder / f"clip{i}.wav")) for i, text in enumerate(SENTENCES)]


def test_spoken_clips_are_transcribed_within_the_word_error_bound(clips):
    rates = []
    for text, path in clips:
        result = transcribe_wav(path.read_bytes())
        rate = word_error_rate(text, result.text)
        rates.append(rate)
        print(f"WER {rate:.2f}  said: {text!r}\n          heard: {result.text!r}")
        assert result.seconds > 3
    mean = sum(rates) / len(rates)
    print(f"Mean word error rate over {len(rates)} clips: {mean:.2f}")
    out = Path(settings.BASE_DIR) / "artifacts" / "transcription_wer.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"clips": len(rates), "wer": rates, "mean_wer": mean}, indent=2))
    assert mean <= MAX_MEAN_WER


def test_word_error_rate_counts_substitutions_deletions_and_insertions():
    assert word_error_rate("the cat sat", "the cat sat") == 0
    assert word_error_rate("the cat sat", "the dog sat") == pytest.approx(1 / 3)
    assert word_error_rate("the cat sat", "the sat") == pytest.approx(1 / 3)
    assert word_error_rate("the cat sat", "the cat sat down") == pytest.approx(1 / 3)
    assert word_error_rate("the cat sat", "") == 1


def test_silence_gives_an_empty_transcript(tmp_path):
    result = transcribe_wav(silent_clip(tmp_path / "quiet.wav", 3).read_bytes())
    assert result.text == "" and result.heard_nothing


def test_non_audio_and_other_formats_are_refused(tmp_path, clips):
    with pytest.raises(SpeechError, match="not a recording"):
        read_wav(b"<html>not audio</html>")
    with pytest.raises(SpeechError, match="not a recording"):
        read_wav(b"RIFF\x00\x00\x00\x00WAVEfmt ")  # a header cut short
    # A real WAV at another rate: the browser always sends 16 kHz mono.
    other = tmp_path / "44k.wav"
    subprocess.run(["sox", str(clips[0][1]), "-r", "44100", str(other)], check=True)
    with pytest.raises(SpeechError, match="not a recording"):
        read_wav(other.read_bytes())


def test_a_larger_model_is_found_by_path(settings, tmp_path):
    from pocketsphinx import get_model_path

    shipped = Path(get_model_path()) / "en-us"
    settings.TRANSCRIPTION_MODEL_DIR = str(shipped)
    paths = model_paths()
    assert paths == {
        "hmm": str(shipped / "en-us"),
        "lm": str(shipped / "en-us.lm.bin"),  # not the phone model beside it
        "dict": str(shipped / "cmudict-en-us.dict"),
    }
    settings.TRANSCRIPTION_MODEL_DIR = str(tmp_path)
    with pytest.raises(RuntimeError, match="needs a folder"):
        model_paths()


# Through the task worker ----------------------------------------------------


@pytest.fixture
def upload_dir(settings, tmp_path):
    """Uploads written to a folder of their own (never kept in memory), so a test
    can see that the upload is gone afterwards."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    return folder


@pytest.fixture
def queue(settings, tmp_path):
    """Where recordings wait for the worker."""
    folder = tmp_path / "queue"
    settings.TRANSCRIPTION_QUEUE_DIR = str(folder)
    return folder


def _waiting(folder: Path) -> list[Path]:
    return sorted(folder.glob("*")) if folder.exists() else []


def _save(client, item, name: str, data: bytes, content_type="audio/wav", **fields):
    return client.post(
        reverse("practice:attempt_create", args=[item.pk]),
        {
            "rating": "3",
            "transcript": "",
            "note": "",
            **fields,
            "audio": SimpleUploadedFile(name, data, content_type=content_type),
        },
    )


def _run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


worker_test = pytest.mark.django_db(transaction=True)


@worker_test
def test_a_recorded_answer_is_heard_by_the_worker_and_the_recording_deleted(
    client_logged_in, user, clips, upload_dir, queue
):
    item = PlanItemFactory(plan__owner=user, plan__application__description="")
    text, path = clips[3]
    response = _save(client_logged_in, item, "answer.wav", path.read_bytes(), note="Slow start")
    attempt = Attempt.objects.get(item=item)
    assert response.status_code == 302 and response.url == attempt.get_absolute_url()
    # Saved at once, with the rating and the note; the words are for the worker.
    assert (attempt.rating, attempt.note, attempt.transcript) == (3, "Slow start", "")
    assert attempt.transcription == "listening"
    assert list(upload_dir.iterdir()) == []
    assert len(_waiting(queue)) == 1
    page = client_logged_in.get(response.url).content.decode()
    assert "Listening…" in page and "data-rb-listening" in page
    status_url = reverse("practice:attempt_status", args=[attempt.pk])
    assert client_logged_in.get(status_url).json() == {"listening": True}
    task = DBTaskResult.objects.get()
    assert task.task_path == "practice.tasks.transcribe_answer"

    _run_worker()

    attempt.refresh_from_db()
    assert attempt.transcription == "heard"
    print(f"said: {text!r}\nheard: {attempt.transcript!r}")
    assert word_error_rate(text, attempt.transcript) < 1
    assert attempt.seconds_taken >= 5  # the recording's length stands in for the timer
    assert _waiting(queue) == []
    assert client_logged_in.get(status_url).json() == {"listening": False}
    page = client_logged_in.get(response.url).content.decode()
    assert "Listening…" not in page
    assert "the recording has been deleted from the server" in page
    words = len(attempt.transcript.split())
    assert "Measured from the text" in page
    assert f"{words} words in {attempt.seconds_taken} seconds" in page
    assert "Filler words" in page and "STAR parts" in page
    # The task's row names no one and holds no words.
    task.refresh_from_db()
    assert task.return_value == "heard"
    assert attempt.transcript.split()[0] not in json.dumps(task.args_kwargs)


@worker_test
def test_typed_words_stay_first_when_a_recording_is_added(client_logged_in, user, clips, queue):
    item = PlanItemFactory(plan__owner=user)
    _save(
        client_logged_in,
        item,
        "answer.wav",
        clips[0][1].read_bytes(),
        transcript="My opening line.",
        seconds_taken="50",
    )
    _run_worker()
    attempt = Attempt.objects.get(item=item)
    assert attempt.transcript.startswith("My opening line.\n\n")
    assert len(attempt.transcript) > len("My opening line.") + 10
    assert attempt.seconds_taken == 50  # the timer wins over the recording's length


@worker_test
def test_a_thirty_minute_recording_is_refused_clearly(client_logged_in, user, upload_dir, queue):
    item = PlanItemFactory(plan__owner=user)
    long_clip = silent_clip(upload_dir.parent / "long.wav", 30 * 60)
    response = _save(
        client_logged_in, item, "long.wav", long_clip.read_bytes(), transcript="Kept text"
    )
    long_clip.unlink()
    assert response.status_code == 200
    body = response.content.decode()
    assert "longer than 10 minutes" in body
    assert "Kept text" in body  # what was typed is kept
    assert not Attempt.objects.exists()
    assert list(upload_dir.iterdir()) == [] and _waiting(queue) == []


@worker_test
def test_silence_answers_kindly(client_logged_in, user, upload_dir, queue):
    item = PlanItemFactory(plan__owner=user)
    quiet = silent_clip(upload_dir.parent / "quiet.wav", 4)
    response = _save(client_logged_in, item, "quiet.wav", quiet.read_bytes())
    _run_worker()
    attempt = Attempt.objects.get(item=item)
    assert (attempt.transcription, attempt.transcript) == ("silent", "")
    assert "heard no speech" in client_logged_in.get(response.url).content.decode()
    assert _waiting(queue) == []


@worker_test
@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("notes.txt", b"Not a recording at all", "text/plain"),
        ("answer.wav", b"<script>alert(1)</script>", "audio/wav"),
        ("answer.webm", b"\x1aE\xdf\xa3" + b"\x00" * 500, "audio/webm"),
    ],
)
def test_a_file_that_is_not_audio_is_refused(
    client_logged_in, user, upload_dir, queue, name, data, content_type
):
    item = PlanItemFactory(plan__owner=user)
    response = _save(client_logged_in, item, name, data, content_type, note="Keep me")
    assert response.status_code == 200
    body = response.content.decode()
    assert "not a recording Rebound can read" in body and "Keep me" in body
    assert "<script>alert(1)</script>" not in body
    assert not Attempt.objects.exists()
    assert list(upload_dir.iterdir()) == [] and _waiting(queue) == []


@worker_test
def test_the_person_can_turn_it_off(client_logged_in, user, upload_dir, queue, tmp_path):
    item = PlanItemFactory(plan__owner=user)
    user.transcribe_on_server = False
    user.save(update_fields=["transcribe_on_server"])
    page = client_logged_in.get(reverse("practice:session_question", args=[item.pk]))
    assert b"data-rb-transcribe" not in page.content
    assert b"Turn my recording into text" not in page.content
    assert b"Turning recordings into text is off" in page.content
    quiet = silent_clip(tmp_path / "quiet.wav", 1)
    response = _save(client_logged_in, item, "quiet.wav", quiet.read_bytes())
    assert response.status_code == 200
    assert "Turning recordings into text is off in your settings" in response.content.decode()
    assert not Attempt.objects.exists()
    assert list(upload_dir.iterdir()) == [] and _waiting(queue) == []


@worker_test
def test_the_site_can_turn_it_off(client_logged_in, user, settings, tmp_path, queue):
    settings.TRANSCRIPTION_ENABLED = False
    item = PlanItemFactory(plan__owner=user)
    response = _save(
        client_logged_in, item, "q.wav", silent_clip(tmp_path / "q.wav", 1).read_bytes()
    )
    assert response.status_code == 200 and not Attempt.objects.exists()
    assert _waiting(queue) == []


@worker_test
def test_a_broken_model_degrades_to_typing(client_logged_in, user, settings, tmp_path, queue):
    from practice import speech

    item = PlanItemFactory(plan__owner=user)
    spoken = silent_clip(tmp_path / "q.wav", 1).read_bytes()
    # Loud enough not to count as silence, so the engine is asked.
    loud = spoken[:44] + b"\xff\x3f\x00\xc0" * ((len(spoken) - 44) // 4)
    response = _save(client_logged_in, item, "q.wav", loud)
    settings.TRANSCRIPTION_MODEL_DIR = str(tmp_path / "no-model-here")
    speech._decoder.cache_clear()
    try:
        _run_worker()
    finally:
        speech._decoder.cache_clear()
    attempt = Attempt.objects.get(item=item)
    assert attempt.transcription == "failed" and attempt.rating == 3  # the answer is kept
    assert "Type your answer in the box instead" in client_logged_in.get(response.url).text
    assert _waiting(queue) == []


@worker_test
def test_a_recording_lost_before_the_worker_ran_says_so(client_logged_in, user, tmp_path, queue):
    item = PlanItemFactory(plan__owner=user)
    response = _save(
        client_logged_in, item, "q.wav", silent_clip(tmp_path / "q.wav", 1).read_bytes()
    )
    for path in _waiting(queue):
        path.unlink()  # as if the folder were emptied by a restart
    _run_worker()
    assert Attempt.objects.get(item=item).transcription == "lost"
    assert "Rebound lost your recording" in client_logged_in.get(response.url).text


@worker_test
def test_an_answer_deleted_before_the_worker_ran_leaves_nothing(
    client_logged_in, user, tmp_path, queue
):
    item = PlanItemFactory(plan__owner=user)
    _save(client_logged_in, item, "q.wav", silent_clip(tmp_path / "q.wav", 1).read_bytes())
    item.plan.delete()
    _run_worker()
    assert _waiting(queue) == []
    assert DBTaskResult.objects.get().return_value == "gone"


@pytest.mark.django_db
def test_the_text_of_an_answer_can_be_corrected(client_logged_in, user):
    attempt = AttemptFactory(item__plan__owner=user, transcript="I lead the team.")
    url = reverse("practice:attempt_transcript", args=[attempt.pk])
    response = client_logged_in.post(url, {"transcript": "  I led the <b>team</b>.  "})
    assert response.url == attempt.get_absolute_url()
    attempt.refresh_from_db()
    assert attempt.transcript == "I led the <b>team</b>."
    page = client_logged_in.get(response.url).text
    assert "I led the &lt;b&gt;team&lt;/b&gt;." in page and "<b>team</b>" not in page
    too_long = "word " * 5000
    response = client_logged_in.post(url, {"transcript": too_long})
    assert response.status_code == 200
    assert "longer than 20,000 characters" in response.text
    assert too_long.strip()[:50] in response.text
    attempt.refresh_from_db()
    assert attempt.transcript == "I led the <b>team</b>."


@pytest.mark.django_db
def test_another_persons_answer_is_not_found(client_logged_in, other_user):
    attempt = AttemptFactory(item__plan__owner=other_user, transcript="Theirs")
    for name in ("attempt_detail", "attempt_status"):
        assert (
            client_logged_in.get(reverse(f"practice:{name}", args=[attempt.pk])).status_code == 404
        )
    url = reverse("practice:attempt_transcript", args=[attempt.pk])
    assert client_logged_in.post(url, {"transcript": "Mine"}).status_code == 404
    attempt.refresh_from_db()
    assert attempt.transcript == "Theirs"
    response = Client().get(reverse("practice:attempt_detail", args=[attempt.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client_logged_in.get(url).status_code == 405


def test_a_queued_recordings_name_cannot_leave_its_folder(queue):
    from practice.transcripts import transcription_run

    with pytest.raises(ValueError, match="32 hexadecimal digits"):
        transcription_run(attempt_id=1, token="../../../etc/passwd")
