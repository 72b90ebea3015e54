"""Whisper sometimes gets stuck repeating itself on speech it cannot follow; such a segment is
dropped rather than scored as words the candidate never said. Whisper is faked here (the
looping output cannot be produced on demand); the filter and everything after it are real."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from faster_whisper.transcribe import get_compression_ratio

from analysis_app.engine import model_registry
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.speech import transcribe

LOOP = "and I've been here for a long time, " * 8


def _segment(text: str, start: float, end: float) -> SimpleNamespace:
    tokens = text.split()
    step = (end - start) / len(tokens)
    words = [SimpleNamespace(word=f" {token}", start=start + i * step,
                             end=start + (i + 1) * step, probability=0.95)
             for i, token in enumerate(tokens)]
    return SimpleNamespace(start=start, end=end, text=f" {text}", avg_logprob=-0.3,
                           no_speech_prob=0.01, compression_ratio=get_compression_ratio(text),
                           words=words)


class LoopingWhisper:
    def transcribe(self, audio: np.ndarray, **options: Any) -> tuple[Any, None]:
        return iter([_segment("I led the migration.", 0.0, 2.0),
                     _segment(LOOP.strip(), 2.0, 9.0),
                     _segment("We cut the costs by a third.", 9.0, 11.0)]), None


def test_a_segment_that_repeats_itself_is_dropped_and_the_rest_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: Whisper's own loop test (compression ratio > 2.4) flags the middle segment only
    monkeypatch.setattr(model_registry, "whisper", lambda config: LoopingWhisper())
    assert get_compression_ratio(LOOP) > 2.4 > get_compression_ratio("I led the migration.")

    # when
    transcript = transcribe(np.zeros(12 * 16_000, dtype=np.float32),
                            EngineConfig(whisper_batch_size=1))

    # then
    assert transcript.text == "I led the migration. We cut the costs by a third."
    assert [segment.start for segment in transcript.segments] == [0.0, 9.0]
    assert "been" not in [word.word for word in transcript.words]
    assert len(transcript.words) == 4 + 7
