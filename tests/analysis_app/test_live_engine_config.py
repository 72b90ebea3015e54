"""The live consumer decodes one stream per thread, each on a Whisper replica of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from analysis_app import live_consumers
from analysis_app.engine_settings import engine_config


@pytest.fixture(autouse=True)
def fresh_configs() -> Iterator[None]:
    live_consumers.live_engine_config.cache_clear()
    yield
    live_consumers.live_engine_config.cache_clear()


def test_one_whisper_replica_per_decode_thread(settings: Any) -> None:
    # given
    settings.LIVE_DECODE_THREADS = 3

    # when
    config = live_consumers.live_engine_config()

    # then: the replicas change, the analysis' model settings do not
    assert config.whisper_num_workers == 3
    assert config.resolved_whisper_model == engine_config().resolved_whisper_model
    assert config.whisper_cpu_threads == engine_config().whisper_cpu_threads
    assert engine_config().whisper_num_workers == 1


def test_the_decode_threads_default_to_the_cores(settings: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    # given
    settings.LIVE_DECODE_THREADS = 0
    monkeypatch.setattr(live_consumers.os, "cpu_count", lambda: 16)

    # when / then
    assert live_consumers.live_engine_config().whisper_num_workers == 16


@pytest.mark.parametrize(("threads", "setting", "expected"),
                         [(2, 0, 4), (1, 0, 2), (4, 0, 8), (2, 5, 5)])
def test_the_stream_cap_defaults_to_what_the_benchmark_keeps_up_with(
    settings: Any, threads: int, setting: int, expected: int
) -> None:
    # given: 2 streams per decode thread keep a p90 lag under 2 s in make bench-live
    settings.LIVE_DECODE_THREADS = threads
    settings.LIVE_MAX_STREAMS = setting

    # when / then
    assert live_consumers.max_streams() == expected
