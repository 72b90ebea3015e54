"""Feature dicts shaped like the engine's output, for scoring tests.

``answer()`` is a solid, ordinary answer with every contract feature; tests change the one
thing they are about, so a difference in score can only come from that change.
"""

from __future__ import annotations

from typing import Any

import numpy as np

VIDEO_FEATURES = ("face_present_ratio", "eye_contact_ratio", "head_yaw_std_deg",
                  "head_pitch_std_deg", "smile_ratio", "blink_rate_per_min", "nod_count",
                  "facial_animation")
GAZE_FEATURES = tuple(f for f in VIDEO_FEATURES if f != "face_present_ratio")
AUDIO_FEATURES = ("speech_duration_s", "pitch_median_hz", "pitch_range_semitones", "pause_count",
                  "long_pause_count", "pause_ratio", "word_count", "speech_rate_wpm",
                  "filler_count", "filler_rate_per_100_words", "hedge_count", "sentiment",
                  "lexical_diversity", "relevance_similarity", "keyword_coverage",
                  "star_components", "restart_count")


def answer(**overrides: Any) -> dict[str, float | None]:
    """A 90-second answer at 150 wpm with few fillers, on topic, face in view."""
    features: dict[str, float | None] = {
        "duration_s": 90.0,
        "speech_duration_s": 80.0,
        "pitch_median_hz": 170.0,
        "pitch_range_semitones": 10.0,
        "pause_count": 14.0,
        "long_pause_count": 1.0,
        "pause_ratio": 0.12,
        "word_count": 200.0,
        "speech_rate_wpm": 150.0,
        "filler_count": 2.0,
        "filler_rate_per_100_words": 1.0,
        "hedge_count": 1.0,
        "sentiment": 0.35,
        "lexical_diversity": 0.72,
        "relevance_similarity": 0.5,
        "keyword_coverage": 0.6,
        "star_components": 3.0,
        "restart_count": 1.0,
        "face_present_ratio": 0.97,
        "eye_contact_ratio": 0.7,
        "head_yaw_std_deg": 5.0,
        "head_pitch_std_deg": 4.0,
        "smile_ratio": 0.25,
        "blink_rate_per_min": 20.0,
        "nod_count": 3.0,
        "facial_animation": 0.45,
    }
    features.update(overrides)
    return features


def with_fillers(count: int, **overrides: Any) -> dict[str, float | None]:
    base = answer(**overrides)
    words = base["word_count"] or 1.0
    return {**base, "filler_count": float(count), "filler_rate_per_100_words": count / words * 100}


def without_video(**overrides: Any) -> dict[str, float | None]:
    return {**answer(**overrides), **dict.fromkeys(VIDEO_FEATURES)}


def without_face(**overrides: Any) -> dict[str, float | None]:
    """The camera was on but nobody was in the frame."""
    return {**answer(**overrides), "face_present_ratio": 0.0, **dict.fromkeys(GAZE_FEATURES)}


def without_audio(**overrides: Any) -> dict[str, float | None]:
    return {**answer(**overrides), **dict.fromkeys(AUDIO_FEATURES)}


def random_answer(rng: np.random.Generator) -> dict[str, float | None]:
    """Any plausible answer, including optional features and missing modalities."""
    words = float(rng.integers(0, 500))
    duration = float(rng.uniform(5, 240))
    features: dict[str, float | None] = answer(
        duration_s=duration,
        word_count=words,
        speech_rate_wpm=float(rng.uniform(40, 300)),
        filler_count=float(rng.integers(0, 30)),
        filler_rate_per_100_words=float(rng.uniform(0, 15)),
        long_pause_count=float(rng.integers(0, 15)),
        hedge_count=float(rng.integers(0, 15)),
        pitch_range_semitones=float(rng.uniform(0, 30)),
        sentiment=float(rng.uniform(-1, 1)),
        lexical_diversity=float(rng.uniform(0.1, 1)),
        relevance_similarity=float(rng.uniform(-0.1, 0.9)),
        keyword_coverage=float(rng.uniform(0, 1)),
        star_components=float(rng.integers(0, 5)),
        face_present_ratio=float(rng.uniform(0, 1)),
        eye_contact_ratio=float(rng.uniform(0, 1)),
        head_yaw_std_deg=float(rng.uniform(0, 40)),
        head_pitch_std_deg=float(rng.uniform(0, 40)),
        smile_ratio=float(rng.uniform(0, 1)),
        blink_rate_per_min=float(rng.uniform(0, 90)),
        pitch_std_semitones=float(rng.uniform(0, 10)),
        loudness_std_db=float(rng.uniform(0, 20)),
        asr_confidence=float(rng.uniform(0.4, 1)),
        readability_flesch=float(rng.uniform(-20, 120)),
        mean_sentence_words=float(rng.uniform(2, 70)),
        restart_count=float(rng.integers(0, 10)),
        posture_upright_ratio=float(rng.uniform(0, 1)),
        shoulder_tilt_deg=float(rng.uniform(0, 20)),
        nod_count=float(rng.integers(0, 20)),
        facial_animation=float(rng.uniform(0, 1)),
    )
    for name in list(features):
        if rng.random() < 0.15:
            features[name] = None
    modality = rng.integers(0, 4)
    if modality == 1:
        features.update(dict.fromkeys(VIDEO_FEATURES))
    elif modality == 2:
        features.update({"face_present_ratio": 0.0, **dict.fromkeys(GAZE_FEATURES)})
    return features
