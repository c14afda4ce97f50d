"""Work the task worker does for practice: turning a recorded answer into text."""

from django.tasks import task

from .transcripts import transcription_run


@task()
def transcribe_answer(attempt_id: int, token: str) -> str:
    return transcription_run(attempt_id=attempt_id, token=token)
