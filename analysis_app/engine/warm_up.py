"""A worker's first pass through its models, before its first answer.

Loading the models is not all a first answer pays for: the first inference also builds
MediaPipe's graphs, runs PyTorch's and CTranslate2's first kernels and has numba compile the
Viterbi decoder behind pYIN, and the STAR classifier embeds its ~400 labelled sentences and
is fitted (a few seconds of CPU). Running each modality once on a second of synthetic voice at
process start moves all of it out of the candidate's wait.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from analysis_app.engine import model_registry, star
from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE
from analysis_app.engine.prosody import analyze_audio
from analysis_app.engine.vad import speech_regions

MODALITIES = ("speech", "audio", "text", "video")


def voice(seconds: float = 1.0) -> FloatArray:
    """A vowel-like tone (150 Hz and two harmonics) with a syllable rhythm."""
    t = np.arange(int(seconds * ANALYSIS_SAMPLE_RATE)) / ANALYSIS_SAMPLE_RATE
    tone = sum(np.sin(2 * np.pi * 150 * k * t) / k for k in (1, 2, 3))
    wave: FloatArray = (0.2 * tone * (0.6 + 0.4 * np.sin(2 * np.pi * 4 * t))).astype(np.float32)
    return wave


def warm_up(config: EngineConfig, modalities: Iterable[str] = MODALITIES) -> None:
    wanted = set(modalities)
    model_registry.warm_up(config, modalities=tuple(wanted))
    sample = voice()
    if "speech" in wanted:
        speech_regions(sample)
        segments, _ = model_registry.whisper(config).transcribe(
            sample, language="en", beam_size=1, vad_filter=False)
        for _ in segments:  # decoding happens while the segments are read
            pass
    if "audio" in wanted:
        analyze_audio(sample, config)
    if "text" in wanted:
        model_registry.embedder(config).encode(["A first sentence to warm the model up."])
        star.warm_up(config)
    if "video" in wanted:
        blank = np.zeros((256, 256, 3), dtype=np.uint8)
        with model_registry.face_mesh() as mesh:
            mesh.process(blank)
        with model_registry.pose() as body:
            body.process(blank)
