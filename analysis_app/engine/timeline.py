"""Per-second series for the report's charts (pace, pitch, loudness, eye contact).

Every series covers [0, ceil(duration)) in 1-second buckets: index i is the second starting at
i s, and None marks a second without data (silence, no face), which a chart draws as a gap
rather than as a misleading zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from analysis_app.engine.arrays import FloatArray

#: Bucket width of every timeline, in seconds.
STEP_S = 1.0

Series = list[float | None]


def bucket_count(duration_s: float) -> int:
    return max(1, math.ceil(round(duration_s, 6) / STEP_S))


def per_second(
    times: Sequence[float] | FloatArray,
    values: Sequence[float] | FloatArray,
    duration_s: float,
    reduce: Callable[[FloatArray], float] = np.mean,
    digits: int = 2,
) -> Series:
    """Reduce the samples that fall in each second; seconds without samples are None."""
    count = bucket_count(duration_s)
    times_array = np.asarray(times, dtype=float)
    values_array = np.asarray(values, dtype=float)
    keep = np.isfinite(values_array) & np.isfinite(times_array)
    times_array, values_array = times_array[keep], values_array[keep]
    index = np.clip((times_array // STEP_S).astype(int), 0, count - 1)
    series: Series = []
    for bucket in range(count):
        chosen = values_array[index == bucket]
        series.append(round(float(reduce(chosen)), digits) if chosen.size else None)
    return series


def seconds_axis(duration_s: float) -> list[float]:
    return [round(i * STEP_S, 3) for i in range(bucket_count(duration_s))]


def fit_length(series: Series, count: int) -> Series:
    """Stages measure duration slightly differently (audio vs video); charts need equal length."""
    if len(series) >= count:
        return series[:count]
    return series + [None] * (count - len(series))
