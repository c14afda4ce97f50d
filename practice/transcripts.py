"""Transcripts of practice answers: turning a recording into text on the
server (the recording is deleted as soon as the text exists, and never
stored), and finding the job description an answer can be compared with."""

from __future__ import annotations

import contextlib
import logging
import os

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from .models import PlanItem
from .speech import SpeechError, max_bytes, too_long_message, transcribe_wav

logger = logging.getLogger(__name__)

ENGINE_FAILED = (
    "Turning recordings into text is not working on this server just now. "
    "Type your answer in the box instead; your recording was not kept."
)
TRANSCRIPTION_OFF = (
    "Turning recordings into text is off. You can turn it on in your settings, "
    "or type your answer in the box."
)
NO_RECORDING = "Record your answer first, then ask for the text."
HEARD_NOTHING = (
    "Rebound heard no speech in that recording. Check that your microphone is on and "
    "not muted, then record again, or type your answer."
)
DONE = (
    "Your answer is in the box below as text. Correct anything misheard before you save. "
    "The recording has been deleted from the server."
)


def server_transcription_on(user) -> bool:
    return bool(settings.TRANSCRIPTION_ENABLED and getattr(user, "transcribe_on_server", False))


def _discard(upload) -> None:
    """Delete an uploaded recording now, whether Django kept it in memory or on disk."""
    path = getattr(upload, "temporary_file_path", None)
    path = path() if callable(path) else None
    with contextlib.suppress(OSError):
        upload.close()
    if path:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


@require_POST
def attempt_transcribe(request: HttpRequest, pk: int) -> JsonResponse:
    """Text for a recorded answer to one of the person's plan questions (JSON)."""
    get_object_or_404(PlanItem.objects.owned_by(request.user).questions(), pk=pk)
    upload = request.FILES.get("audio")
    try:
        if not server_transcription_on(request.user):
            return JsonResponse({"error": TRANSCRIPTION_OFF}, status=403)
        if upload is None:
            return JsonResponse({"error": NO_RECORDING}, status=400)
        if upload.size > max_bytes():
            return JsonResponse({"error": too_long_message()}, status=413)
        result = transcribe_wav(upload.read())
    except SpeechError as error:
        return JsonResponse({"error": str(error)}, status=400)
    except (RuntimeError, OSError, ValueError):
        # A missing or broken model degrades this feature, never the page.
        logger.exception("Transcription failed")
        return JsonResponse({"error": ENGINE_FAILED}, status=503)
    finally:
        if upload is not None:
            _discard(upload)
    if result.heard_nothing:
        return JsonResponse({"transcript": "", "message": HEARD_NOTHING})
    return JsonResponse(
        {"transcript": result.text, "seconds": round(result.seconds), "message": DONE}
    )


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
