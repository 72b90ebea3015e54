"""Voice activity: where in the recording someone is speaking.

Silero VAD (shipped inside faster-whisper as an ONNX model) rather than an energy threshold:
webcam audio carries fans, keyboards and room noise at speech-like levels, which a threshold
on loudness would count as speech and which would hide pauses.
"""

from __future__ import annotations

import numpy as np

from analysis_app.engine.arrays import BoolArray, FloatArray
from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE

SR = ANALYSIS_SAMPLE_RATE
Regions = list[tuple[float, float]]


def speech_regions(audio: FloatArray, min_silence_s: float = 0.25) -> Regions:
    """Speech regions in seconds; silences shorter than `min_silence_s` are bridged."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    samples = np.asarray(audio, dtype=np.float32).reshape(-1)
    if samples.size < SR // 10:
        return []
    options = VadOptions(
        threshold=0.5,
        min_silence_duration_ms=int(min_silence_s * 1000),
        speech_pad_ms=30,
        min_speech_duration_ms=100,
    )
    stamps = get_speech_timestamps(samples, options, sampling_rate=SR)
    return [(round(s["start"] / SR, 3), round(s["end"] / SR, 3)) for s in stamps]


def inside(times: FloatArray, regions: Regions, tolerance_s: float = 0.0) -> BoolArray:
    """Which of `times` fall within a region (widened by `tolerance_s` on both sides)."""
    mask = np.zeros(np.shape(times), dtype=bool)
    for start, end in regions:
        mask |= (times >= start - tolerance_s) & (times < end + tolerance_s)
    return mask
