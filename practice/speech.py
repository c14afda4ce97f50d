"""Turning a spoken answer into text on Rebound's own server.

The engine is PocketSphinx 5 (CMU Sphinx), installed from PyPI: its wheel
ships a US English acoustic model, language model and dictionary, so nothing is
downloaded at run time and no audio leaves the server. The README explains the
choice (accuracy on the test clips, speed on 2 cores, memory). A larger
PocketSphinx model can be used by setting TRANSCRIPTION_MODEL_DIR.

The browser sends 16 kHz mono 16-bit PCM WAV (it converts the recording with
the Web Audio API), so the server needs no ffmpeg. The recording waits as a
file for the task worker (practice/transcripts.py), which deletes it as soon as
the text exists, whatever happens.
"""

from __future__ import annotations

import array
import io
import math
import threading
import wave
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

SAMPLE_RATE = 16_000
SAMPLE_WIDTH = 2  # bytes: 16-bit PCM
WAV_HEADER_ALLOWANCE = 1024
# Below this loudness (root mean square of 16-bit samples) a recording is
# treated as silence: a quiet room measures well under 100, speech thousands.
SILENCE_RMS = 120


class SpeechError(Exception):
    """A recording that cannot be turned into text; the message is for the person,
    and `code` says why ("too_long" or "not_audio")."""

    def __init__(self, message: str, code: str = "not_audio") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Transcription:
    text: str
    seconds: float

    @property
    def heard_nothing(self) -> bool:
        return not self.text


def max_seconds() -> int:
    return int(settings.TRANSCRIPTION_MAX_SECONDS)


def max_bytes() -> int:
    return max_seconds() * SAMPLE_RATE * SAMPLE_WIDTH + WAV_HEADER_ALLOWANCE


def too_long_message() -> str:
    minutes = max_seconds() // 60
    return (
        f"This recording is longer than {minutes} minutes, so Rebound cannot turn it into text. "
        f"Record a shorter answer (most answers take two or three minutes), or type it."
    )


NOT_AUDIO = (
    "That file is not a recording Rebound can read. Record your answer again on this page, "
    "or type it in the box."
)


def read_wav(data: bytes) -> tuple[bytes, float]:
    """The PCM samples and length in seconds of a 16 kHz mono 16-bit WAV, or SpeechError."""
    if len(data) > max_bytes():
        raise SpeechError(too_long_message(), "too_long")
    try:
        with wave.open(io.BytesIO(data), "rb") as wav:
            if (
                wav.getnchannels() != 1
                or wav.getsampwidth() != SAMPLE_WIDTH
                or wav.getframerate() != SAMPLE_RATE
                or wav.getcomptype() != "NONE"
            ):
                raise SpeechError(NOT_AUDIO)
            frames = wav.getnframes()
            seconds = frames / SAMPLE_RATE
            if seconds > max_seconds():
                raise SpeechError(too_long_message(), "too_long")
            pcm = wav.readframes(frames)
    except (wave.Error, EOFError, ValueError) as error:
        raise SpeechError(NOT_AUDIO) from error
    return pcm, len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH)


def loudness(pcm: bytes) -> float:
    """Root mean square of the 16-bit little-endian samples."""
    samples = array.array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    samples = samples[::4]  # every 4th sample is plenty for loudness, and 4 times faster
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def model_paths() -> dict[str, str]:
    """The acoustic model, language model and dictionary to load.

    With TRANSCRIPTION_MODEL_DIR set, they are found in that directory laid out
    like PocketSphinx's own model folder (a sub-folder holding `mdef`, a
    `*.lm.bin` or `*.lm` file and a `*.dict` file); otherwise the model in the
    wheel is used.
    """
    from pocketsphinx import get_model_path

    configured = settings.TRANSCRIPTION_MODEL_DIR
    root = Path(configured) if configured else Path(get_model_path()) / "en-us"
    hmm = next((p.parent for p in sorted(root.glob("*/mdef"))), None)
    # A phone language model (for phoneme recognition) sits beside the word one.
    lms = sorted(root.glob("*.lm.bin")) + sorted(root.glob("*.lm"))
    lm = next((p for p in lms if "phone" not in p.name), None)
    dictionary = next(iter(sorted(root.glob("*.dict"))), None)
    if hmm is None or lm is None or dictionary is None:
        raise RuntimeError(
            f"TRANSCRIPTION_MODEL_DIR={root} needs a folder with `mdef`, a language model "
            "(*.lm.bin or *.lm) and a dictionary (*.dict)."
        )
    return {"hmm": str(hmm), "lm": str(lm), "dict": str(dictionary)}


_decoder_lock = threading.Lock()


@cache
def _decoder():
    from pocketsphinx import Decoder

    return Decoder(loglevel="FATAL", **model_paths())


def transcribe_pcm(pcm: bytes) -> str:
    """Text for 16 kHz mono 16-bit samples. One decoder per process, one utterance
    at a time (a decoder is not safe to share between threads)."""
    with _decoder_lock:
        decoder = _decoder()
        decoder.start_utt()
        decoder.process_raw(pcm, no_search=False, full_utt=True)
        decoder.end_utt()
        hyp = decoder.hyp()
    return " ".join((hyp.hypstr if hyp else "").split())


def transcribe_wav(data: bytes) -> Transcription:
    """Text for a WAV recording; SpeechError with a message for the person when
    it is too long or not audio. Silence gives an empty text."""
    pcm, seconds = read_wav(data)
    if loudness(pcm) < SILENCE_RMS:
        return Transcription("", seconds)
    return Transcription(transcribe_pcm(pcm), seconds)
