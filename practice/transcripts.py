"""Transcripts of practice answers: a recording waits for the task worker as a
private file, the worker turns it into text and deletes it as soon as the
text exists (the recording is never stored with the answer), and the job
description an answer can be compared with."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Attempt, PlanItem, Transcription
from .speech import NOT_AUDIO, SpeechError, too_long_message, transcribe_wav

logger = logging.getLogger(__name__)

ENGINE_FAILED = (
    "Turning recordings into text is not working on this server just now. "
    "Type your answer in the box instead; your recording was not kept."
)
HEARD_NOTHING = (
    "Rebound heard no speech in that recording. Check that your microphone is on and "
    "not muted, then record again, or type your answer in the box."
)
LOST = (
    "Rebound lost your recording before it could turn it into text (the server may "
    "have restarted). Type your answer in the box, or practise the question again."
)
LISTENING = (
    "Listening… Rebound is turning your recording into text on its own server. It takes "
    "about as long as the answer did; the text and what it shows appear here when ready."
)
HEARD = (
    "Your recording is now the text below; the recording has been deleted from the server. "
    "Correct anything misheard: the measures follow the text."
)
# Leftovers older than this (a worker that never ran) are deleted by the next run.
ABANDONED_AFTER_SECONDS = 24 * 60 * 60


def transcription_message(status: str) -> str:
    """What the person reads about their recording, for an Attempt.transcription."""
    return {
        Transcription.LISTENING: LISTENING,
        Transcription.HEARD: HEARD,
        Transcription.SILENT: HEARD_NOTHING,
        Transcription.NOT_AUDIO: NOT_AUDIO,
        Transcription.TOO_LONG: too_long_message(),
        Transcription.FAILED: ENGINE_FAILED,
        Transcription.LOST: LOST,
    }.get(status, "")


def server_transcription_on(user) -> bool:
    return bool(settings.TRANSCRIPTION_ENABLED and getattr(user, "transcribe_on_server", False))


def queue_dir() -> Path:
    return Path(settings.TRANSCRIPTION_QUEUE_DIR)


def _queued_path(attempt_id: int, token: str) -> Path:
    # Only an id and random hex make the name, so it cannot reach outside the folder.
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        raise ValueError("A queued recording's token is 32 hexadecimal digits.")
    return queue_dir() / f"{int(attempt_id)}-{token}.wav"


def recording_queue(*, attempt: Attempt, data: bytes) -> None:
    """Keep `data` as a private file until the worker turns it into text, and
    queue that work. Call in the transaction that saves the attempt, after
    everything else: the task row is committed with the attempt. A folder that
    cannot be written marks the recording failed instead of losing the answer."""
    from .tasks import transcribe_answer

    token = secrets.token_hex(16)
    path = _queued_path(attempt.pk, token)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
    except OSError:
        logger.exception("Could not keep a recording for the worker")
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        attempt.transcription = Transcription.FAILED
        attempt.save(update_fields=["transcription"])
        return
    # Should the transaction roll back after this, the file has no task; a later
    # run deletes it as abandoned.
    transcribe_answer.enqueue(attempt.pk, token)


def _join(typed: str, heard: str) -> str:
    typed = typed.strip()
    return f"{typed}\n\n{heard}" if typed else heard


def _delete_abandoned() -> None:
    cutoff = time.time() - ABANDONED_AFTER_SECONDS
    with contextlib.suppress(OSError):
        for path in queue_dir().glob("*.wav"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()


def transcription_run(*, attempt_id: int, token: str) -> str:
    """The worker's part: read the queued recording, delete it, and put its text
    on the attempt (after anything typed). Returns the new status, which names
    no one."""
    path = _queued_path(attempt_id, token)
    text, seconds = "", 0.0
    try:
        data = path.read_bytes()
    except OSError:
        status = Transcription.LOST
    else:
        try:
            result = transcribe_wav(data)
            text, seconds = result.text, result.seconds
            status = Transcription.HEARD if text else Transcription.SILENT
        except SpeechError as error:
            status = Transcription(error.code)
        except (RuntimeError, OSError, ValueError):
            # A missing or broken model degrades this feature, never the answer.
            logger.exception("Transcription failed")
            status = Transcription.FAILED
        finally:
            del data
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
    _delete_abandoned()
    with transaction.atomic():
        attempt = (
            Attempt.objects.select_for_update()
            .filter(pk=attempt_id, transcription=Transcription.LISTENING)
            .first()
        )
        if attempt is None:
            return "gone"  # deleted meanwhile, or already done by an earlier run
        attempt.transcription = status
        fields = ["transcription"]
        if text:
            attempt.transcript = _join(attempt.transcript, text)
            fields.append("transcript")
            if not attempt.seconds_taken and seconds >= 1:
                attempt.seconds_taken = round(seconds)
                fields.append("seconds_taken")
        attempt.save(update_fields=fields)
    return str(status)


def job_description_for(item: PlanItem) -> str:
    """The job description behind a practised question, or "" when there is none:
    the plan's application, the plan's interview's application, or the interview
    the question was asked in."""
    plan = item.plan
    candidates = [plan.application, plan.interview.application if plan.interview_id else None]
    question = item.question
    if question is not None and question.interview_question_id:
        candidates.append(question.interview_question.interview.application)
    for application in candidates:
        description = getattr(application, "description", "") or ""
        if description.strip():
            return description
    return ""


# The lookups job_description_for follows, for select_related on attempts.
JOB_DESCRIPTION_PATHS = (
    "item__plan__application",
    "item__plan__interview__application",
    "item__question__interview_question__interview__application",
)
