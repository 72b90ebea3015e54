"""Models loaded once per process, lazily, shared by every analysis in that process.

Loading Whisper, the sentence embedder and MediaPipe's graphs costs seconds; a Celery worker
process pays it once (paperless' `worker_process_init`, Celery's "Instantiation" advice) and the
CLI pays it once per run. Keys include the settings, so a process can hold e.g. a CPU and a
CUDA Whisper side by side. `reset()` drops everything (tests, or freeing memory).

MediaPipe solutions keep tracking state between frames and are not thread-safe, so they are
lent out one caller at a time through context managers that also reset that state: the next
video must not start from the previous video's face.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import EngineConfig

if TYPE_CHECKING:
    from collections.abc import Sequence

    from faster_whisper import WhisperModel

T = TypeVar("T")

_lock = threading.RLock()
_models: dict[tuple[Any, ...], Any] = {}
_solution_locks: dict[tuple[Any, ...], threading.Lock] = {}


def get_or_load(key: tuple[Any, ...], load: Callable[[], T]) -> T:
    """The value held under `key`, loaded once per process; `reset()` forgets it. `key[0]`
    names it in `loaded()`. Also for what is fitted rather than loaded (the STAR classifier)."""
    model: T | None = _models.get(key)
    if model is not None:
        return model
    with _lock:
        model = _models.get(key)
        if model is None:
            model = load()
            _models[key] = model
        return model


def whisper(config: EngineConfig) -> WhisperModel:
    """The Whisper model; CTranslate2 models are safe to share between threads."""
    key = ("whisper", config.resolved_whisper_model, config.whisper_device,
           config.resolved_compute_type, config.whisper_cpu_threads, config.whisper_num_workers)

    def load() -> WhisperModel:
        from faster_whisper import WhisperModel

        # local_files_only: a name that is not a local directory must fail, never download.
        return WhisperModel(
            config.resolved_whisper_model,
            device=config.whisper_device,
            compute_type=config.resolved_compute_type,
            cpu_threads=config.whisper_cpu_threads,
            num_workers=config.whisper_num_workers,
            local_files_only=True,
        )

    return get_or_load(key, load)


class Embedder(Protocol):
    def encode(self, texts: Sequence[str]) -> FloatArray:
        """Unit-length float32 embeddings, one row per text."""
        ...


def embedder(config: EngineConfig) -> Embedder:
    """all-MiniLM-L6-v2: on numpy for the CPU (no torch import, `sentence_encoder`), through
    sentence-transformers for another device (a CUDA build of torch)."""
    key = ("embedder", config.resolved_embedding_model, config.embedding_device)

    def load() -> Embedder:
        if config.embedding_device == "cpu":
            from analysis_app.engine.sentence_encoder import SentenceEncoder

            return SentenceEncoder(config.resolved_embedding_model)
        return _TorchEmbedder(config)

    return get_or_load(key, load)


class _TorchEmbedder:
    """sentence-transformers on `config.embedding_device`, for GPU workers."""

    def __init__(self, config: EngineConfig) -> None:
        # The model is on disk inside a wheel; offline mode stops the hub client from even
        # checking for updates (there is no network in production or CI).
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # A weight-loading progress bar on a worker's stderr is noise in the logs.
        transformers_logging.disable_progress_bar()
        self.model = SentenceTransformer(config.resolved_embedding_model,
                                         device=config.embedding_device, local_files_only=True)

    def encode(self, texts: Sequence[str]) -> FloatArray:
        vectors = self.model.encode(list(texts), batch_size=32, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


def _face_mesh() -> Any:
    import mediapipe as mp

    # refine_landmarks adds the iris points that gaze needs; video mode tracks between frames,
    # which is both faster and steadier than detecting the face in every frame.
    return mp.solutions.face_mesh.FaceMesh(
        static_image_mode=False,
        max_num_faces=1,
        refine_landmarks=True,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    )


def _pose() -> Any:
    import mediapipe as mp

    # model_complexity=1 is the pose model the wheel ships; 0 and 2 would be downloaded.
    return mp.solutions.pose.Pose(
        static_image_mode=False,
        model_complexity=1,
        smooth_landmarks=True,
        enable_segmentation=False,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    )


@contextmanager
def _lend(key: tuple[Any, ...], load: Callable[[], Any]) -> Iterator[Any]:
    solution = get_or_load(key, load)
    with _lock:
        solution_lock = _solution_locks.setdefault(key, threading.Lock())
    with solution_lock:
        # Reset on the way in, not out: the graph restarts asynchronously, and a restart left
        # running after the caller is done would log into whatever stderr is by then.
        solution.reset()
        yield solution


@contextmanager
def face_mesh() -> Iterator[Any]:
    """MediaPipe face mesh with iris landmarks, exclusively for the caller's video."""
    with _lend(("face_mesh",), _face_mesh) as solution:
        yield solution


@contextmanager
def pose() -> Iterator[Any]:
    """MediaPipe pose, exclusively for the caller's video."""
    with _lend(("pose",), _pose) as solution:
        yield solution


def warm_up(config: EngineConfig, *, modalities: tuple[str, ...] = ("speech", "text", "video"),
            ) -> None:
    """Load the models a worker will need before its first task (`worker_process_init`)."""
    if "speech" in modalities:
        whisper(config)
    if "text" in modalities:
        embedder(config)
    if "video" in modalities:
        with face_mesh():
            pass
        with pose():
            pass


def loaded() -> list[str]:
    """Names of the models currently held, for health checks and tests."""
    return sorted(str(key[0]) for key in _models)


def forget(name: str) -> None:
    """Drop what is held under `name` (`key[0]`), e.g. "embedding_cache": a benchmark that
    analyses one recording again and again must not find its sentences already embedded."""
    with _lock:
        for key in [key for key in _models if key[0] == name]:
            del _models[key]


#: What a process keeps of the answers it analysed (`semantic.embed`'s embeddings by text,
#: `vad.SharedProbabilities`' voice probabilities by audio), as opposed to its models.
ANSWER_CACHES = ("embedding_cache", "voice_probabilities")


def forget_answers() -> None:
    """Drop every `ANSWER_CACHES`: a benchmark that analyses one recording again and again
    times it as a new answer, which a worker has never seen."""
    for name in ANSWER_CACHES:
        forget(name)


def reset() -> None:
    """Drop every loaded model; the next call loads afresh."""
    with _lock:
        for key, model in list(_models.items()):
            close = getattr(model, "close", None)
            if key[0] in {"face_mesh", "pose"} and callable(close):
                close()
        _models.clear()
        _solution_locks.clear()
