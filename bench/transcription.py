"""How fast Rebound's server turns speech into text, and how much memory the
engine takes, on this machine.

    .venv/bin/python bench/transcription.py            # about 1 minute of speech
    .venv/bin/python bench/transcription.py --minutes 3

Speech is made with espeak-ng (Debian's package, with sox), the same way the
tests make their clips, and read by practice.speech exactly as an upload is.
Prints and writes bench/results/transcription.json: seconds to load the model,
seconds of transcription per minute of speech, word error rate, and peak
resident memory of this process before and after the engine is loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="minutes of speech to time")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from practice import speech
    from tests.speech_clips import SENTENCES, spoken_clip, tools_missing, wav_seconds
    from tests.speech_clips import word_error_rate as wer

    missing = tools_missing()
    if missing:
        sys.exit(f"Install {' and '.join(missing)} first (apt-get install espeak-ng sox).")

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        clips = [spoken_clip(s, folder / f"s{i}.wav") for i, s in enumerate(SENTENCES)]
        per_round = sum(wav_seconds(c) for c in clips)
        rounds = max(1, round(args.minutes * 60 / per_round))
        script = " ".join(SENTENCES * rounds)
        speech_path = folder / "speech.wav"
        subprocess.run(["sox", *map(str, clips * rounds), str(speech_path)], check=True)
        data = speech_path.read_bytes()
        seconds_of_speech = wav_seconds(speech_path)

        before = peak_mb()
        started = time.perf_counter()
        speech._decoder()
        load_seconds = time.perf_counter() - started
        after_load = peak_mb()

        started = time.perf_counter()
        result = speech.transcribe_wav(data)
        took = time.perf_counter() - started
        after = peak_mb()

    figures = {
        "engine": "pocketsphinx (model in the wheel)",
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "speech_seconds": round(seconds_of_speech, 1),
        "model_load_seconds": round(load_seconds, 2),
        "transcription_seconds": round(took, 2),
        "seconds_per_minute_of_speech": round(took / seconds_of_speech * 60, 1),
        "word_error_rate": round(wer(script, result.text), 2),
        "peak_mb_before_engine": round(before, 1),
        "peak_mb_after_load": round(after_load, 1),
        "peak_mb_after_transcription": round(after, 1),
    }
    for name, value in figures.items():
        print(f"{name:32} {value}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "transcription.json").write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
