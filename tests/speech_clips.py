"""Spoken clips made on the spot with Debian's espeak-ng (and sox, to make them
16 kHz mono 16-bit WAV like the browser sends), and the word error rate of a
transcript. Used by the transcription tests and bench/transcription.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import wave
from pathlib import Path

# Answers of the kind people practise, read by espeak-ng's Klatt voice at an
# unhurried pace (its default formant voice is much harder for any recogniser).
SENTENCES = (
    "I led the migration of our billing system and reduced invoice errors by forty percent",
    "My task was to train the new team before the busy season started",
    "I talked to every customer who had complained and wrote a plan to fix the delays",
    "As a result the project finished on time and the client renewed the contract",
)
VOICE = "en-us+klatt"
WORDS_PER_MINUTE = 140


def tools_missing() -> list[str]:
    return [tool for tool in ("espeak-ng", "sox") if shutil.which(tool) is None]


def require_tools() -> None:
    """Skip a test when espeak-ng or sox is missing; fail it in CI, which installs them."""
    import pytest

    missing = tools_missing()
    if missing:
        message = f"Install {' and '.join(missing)} (apt-get install espeak-ng sox)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def spoken_clip(text: str, path: Path, *, pause_seconds: float = 0.3) -> Path:
    """`text` spoken into a 16 kHz mono 16-bit WAV at `path`."""
    raw = path.with_suffix(".raw.wav")
    subprocess.run(
        ["espeak-ng", "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(raw), text],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(path)]
        + ["pad", str(pause_seconds), str(pause_seconds)],
        check=True,
        capture_output=True,
    )
    raw.unlink()
    return path


def silent_clip(path: Path, seconds: float) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(b"\x00\x00" * int(16000 * seconds))
    return path


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def normalise(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, by edit distance."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    previous = list(range(len(hyp) + 1))
    for i, ref_word in enumerate(ref, start=1):
        current = [i] + [0] * len(hyp)
        for j, hyp_word in enumerate(hyp, start=1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (ref_word != hyp_word),
            )
        previous = current
    return previous[-1] / len(ref)
