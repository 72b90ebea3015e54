"""The generated answers the live tests stream: one script at two calibrated speeds."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from tests.media_factory import speech_wav

ANSWER = (
    "In my last role I led a small team that rebuilt our billing system. The old system failed "
    "every month and customers were charged twice. I planned the migration in three stages, "
    "wrote the tests first, and we shipped without a single outage. Revenue errors dropped to "
    "zero and support tickets fell by half within two months. Looking back, I would involve the "
    "support team earlier, because they knew which invoices confused people the most."
)
#: Target wpm -> espeak's rate; espeak measures ~20 % faster over speaking time
#: (calibrated in tests/scoring/test_metamorphic_recordings.py).
ESPEAK_RATE = {150: 122, 260: 220}


def answer_wav(directory: Path, wpm: int) -> Path:
    return speech_wav(ANSWER, directory / f"answer-{wpm}.wav", wpm=ESPEAK_RATE[wpm])


def read_pcm16(path: Path) -> bytes:
    with wave.open(str(path)) as wav:
        assert wav.getframerate() == 16000 and wav.getnchannels() == 1
        return wav.readframes(wav.getnframes())


def speech_onset_s(pcm: bytes, threshold: float = 0.02) -> float:
    """When the voice starts: the first sample louder than `threshold` of full scale."""
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    loud = np.flatnonzero(np.abs(samples) > threshold)
    return float(loud[0]) / 16000 if loud.size else 0.0
