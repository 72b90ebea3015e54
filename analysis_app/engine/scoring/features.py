"""From the engine's flat feature dict to the values the rubric reads.

Counts become rates here (per 100 words, per minute) because a count alone punishes long
answers: four long pauses in three minutes is fluent, in twenty seconds it is not. A rate the
engine already provides is kept as it is, so the engine stays the single source of a number.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real

from analysis_app.engine.scoring.rubric import DIMENSION_RUBRICS

FeatureValues = Mapping[str, float | None]

#: The rubric reads the analysis engine's names; these other spellings of the same measures
#: (used in early drafts of the feature contract) are accepted when the engine's is absent.
ALIASES: Mapping[str, tuple[str, ...]] = {
    "loudness_std_db": ("loudness_db_std",),
    "asr_confidence": ("mean_word_probability",),
    "mean_sentence_words": ("mean_sentence_length_words",),
    "readability_flesch": ("readability",),
    "answer_length_words": ("word_count",),
}


#: Raw inputs of the derived values and of the evidence checks, besides the rubric's features.
_COUNT_INPUTS = frozenset({
    "word_count", "duration_s", "filler_count", "hedge_count", "restart_count",
    "long_pause_count", "nod_count", "speech_duration_s", "pitch_median_hz", "pause_ratio",
})


_READ_NAMES = frozenset(
    {f for rubric in DIMENSION_RUBRICS.values() for f in rubric.features}
    | {alt for alternatives in ALIASES.values() for alt in alternatives}
    | _COUNT_INPUTS
)


def clean_features(raw: Mapping[str, object]) -> dict[str, float | None]:
    """Plain floats or None; NaN and infinities are treated as "not measured".

    A non-number where the rubric reads a number is a bug in the caller, not a missing
    modality, so it fails loudly; anything else the engine adds (a label, a flag) is ignored.
    """
    values: dict[str, float | None] = {}
    for name, value in raw.items():
        if value is None:
            values[name] = None
        elif isinstance(value, bool) or not isinstance(value, Real):
            if name in _READ_NAMES:
                raise TypeError(f"feature {name!r} must be a number or None, got {value!r}")
        else:
            number = float(value)
            values[name] = number if math.isfinite(number) else None
    return values


def _per(count: float | None, base: float | None, scale: float) -> float | None:
    if count is None or base is None or base <= 0:
        return None
    return count / base * scale


def derive_features(raw: Mapping[str, object]) -> dict[str, float | None]:
    """The cleaned features plus the rates the rubric uses, derived where not provided."""
    values = clean_features(raw)
    words = values.get("word_count")
    duration_s = values.get("duration_s")
    minutes = None if duration_s is None else duration_s / 60.0
    derived = {
        "filler_rate_per_100_words": _per(values.get("filler_count"), words, 100.0),
        "hedge_rate_per_100_words": _per(values.get("hedge_count"), words, 100.0),
        "restarts_per_100_words": _per(values.get("restart_count"), words, 100.0),
        "long_pauses_per_min": _per(values.get("long_pause_count"), minutes, 1.0),
        "nods_per_min": _per(values.get("nod_count"), minutes, 1.0),
    }
    for name, alternatives in ALIASES.items():
        derived[name] = next(
            (values[alt] for alt in alternatives if values.get(alt) is not None), None
        )
    for name, value in derived.items():
        if values.get(name) is None:
            values[name] = value
    return values
