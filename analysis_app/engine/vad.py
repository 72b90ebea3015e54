"""Voice activity: where in the recording someone is speaking.

Silero VAD (shipped inside faster-whisper as an ONNX model) rather than an energy threshold:
webcam audio carries fans, keyboards and room noise at speech-like levels, which a threshold
on loudness would count as speech and which would hide pauses.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from concurrent.futures import Future
from typing import Any

import numpy as np

from analysis_app.engine import model_registry
from analysis_app.engine.arrays import BoolArray, FloatArray
from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE

SR = ANALYSIS_SAMPLE_RATE
Regions = list[tuple[float, float]]
#: Recordings whose probabilities are kept: the answers a process analyses at once.
_REMEMBERED = 4


class SharedProbabilities:
    """Silero's speech probabilities, computed once per recording for every reader.

    One analysis asks for voice activity three times over the same audio: Whisper's batched
    pipeline (to cut it into chunks), the transcript's check for unvoiced words and the pauses
    of the prosody stage, each with its own thresholds. The thresholds only post-process the
    model's per-window probabilities, and the model is most of the cost (0.3 CPU s for two
    minutes), so the probabilities are kept by the audio's content and handed to each call.
    faster-whisper takes no precomputed probabilities, so this object stands in for its model
    (`share_probabilities`). Concurrent calls for the same audio wait for the first one; the
    object lives in the model registry, so `forget` and `reset` drop what it remembers.
    """

    def __init__(self, model: Any) -> None:
        self.model = model
        self.computed = 0
        self._lock = threading.Lock()
        self._recent: OrderedDict[bytes, Future[FloatArray]] = OrderedDict()

    def __call__(self, audio: FloatArray, num_samples: int = 512,
                 context_size_samples: int = 64) -> FloatArray:
        digest = hashlib.blake2b(np.ascontiguousarray(audio).data, digest_size=16)
        digest.update(f"{audio.dtype}:{num_samples}:{context_size_samples}".encode())
        key = digest.digest()
        with self._lock:
            pending = self._recent.get(key)
            owner = pending is None
            if pending is None:
                pending = self._recent[key] = Future()
                while len(self._recent) > _REMEMBERED:
                    self._recent.popitem(last=False)
            else:
                self._recent.move_to_end(key)
        if owner:
            try:
                probabilities = np.asarray(self.model(audio, num_samples, context_size_samples))
                probabilities.flags.writeable = False
                with self._lock:
                    self.computed += 1
                pending.set_result(probabilities)
            except BaseException as error:
                with self._lock:
                    self._recent.pop(key, None)
                pending.set_exception(error)
                raise
        return pending.result()


#: Where the model registry keeps the probabilities (one of its `ANSWER_CACHES`).
REGISTRY_KEY = ("voice_probabilities",)


@functools.cache
def share_probabilities() -> None:
    """Put the registry's `SharedProbabilities` in place of faster-whisper's VAD model, once per
    process: its `get_speech_timestamps` (ours and the batched pipeline's) looks the model up by
    this name on every call."""
    from faster_whisper import vad as whisper_vad

    silero = whisper_vad.get_vad_model
    whisper_vad.get_vad_model = lambda: model_registry.get_or_load(
        REGISTRY_KEY, lambda: SharedProbabilities(silero()))


def shared_probabilities() -> SharedProbabilities:
    """The probabilities this process keeps now."""
    from faster_whisper import vad as whisper_vad

    share_probabilities()
    shared = whisper_vad.get_vad_model()
    assert isinstance(shared, SharedProbabilities)
    return shared


def speech_regions(audio: FloatArray, min_silence_s: float = 0.25) -> Regions:
    """Speech regions in seconds; silences shorter than `min_silence_s` are bridged."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    share_probabilities()
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
