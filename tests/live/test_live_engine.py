"""The pure live logic: incremental Whisper on generated speech, and the nudge rules."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from analysis_app.engine.live import (
    FaceObservation,
    LiveConfig,
    LiveTranscriber,
    LiveWord,
    NudgeEngine,
    observe_face,
    pcm16_to_float,
)
from tests.engine.metrics import word_error_rate
from tests.live.speech import ANSWER, answer_wav, read_pcm16
from tests.media_factory import face_jpeg

FRAME = 1600  # 100 ms at 16 kHz


def _words(count: int, wpm: float, start: float = 0.0, word: str = "word") -> list[LiveWord]:
    step = 60.0 / wpm
    return [LiveWord(word=word, start=start + i * step, end=start + i * step + step * 0.8)
            for i in range(count)]


@pytest.mark.slow
def test_incremental_transcript_is_accurate_and_final_words_are_never_resent(
    tmp_path: Path,
) -> None:
    # given: a 150 wpm answer, fed in 100 ms frames as the browser sends them
    audio = pcm16_to_float(read_pcm16(answer_wav(tmp_path, 150)))
    transcriber = LiveTranscriber()

    # when
    events = []
    for offset in range(0, audio.size, FRAME):
        events += transcriber.feed(audio[offset:offset + FRAME])
    events += transcriber.finish()

    # then: the finals add up to the answer, in order, without overlap
    finals = [event for event in events if event["type"] == "transcript.final"]
    text = " ".join(event["text"] for event in finals)
    assert word_error_rate(ANSWER, text) < 0.3, text
    for before, after in itertools.pairwise(finals):
        assert after["start"] >= before["end"] - 0.05
    assert any(event["type"] == "transcript.partial" and event["words"] for event in events)
    assert events[0]["start"] < 1.0  # the first words arrive with the first decode


def test_pace_nudges_fire_outside_the_norm_band_only() -> None:
    # given
    fast, normal, slow = NudgeEngine(), NudgeEngine(), NudgeEngine()

    # when: 20 s of final words at 260, 150 and 80 wpm
    fast_nudges = fast.add_words(_words(87, 260), now=20.0)
    normal_nudges = normal.add_words(_words(50, 150), now=20.0)
    slow_nudges = slow.add_words(_words(27, 80), now=20.0)

    # then
    assert [n["kind"] for n in fast_nudges] == ["pace_fast"]
    assert normal_nudges == []
    assert [n["kind"] for n in slow_nudges] == ["pace_slow"]


def test_nudges_are_rate_limited() -> None:
    # given: a speaker who keeps rushing, with a short minimum interval
    engine = NudgeEngine(LiveConfig(min_interval_s=8.0, same_kind_interval_s=8.0))
    words = _words(200, 260)

    # when: final words arrive every second
    shown = []
    for second in range(20, 40):
        shown += engine.add_words([w for w in words if second - 1 <= w["end"] < second],
                                  now=float(second))

    # then: one nudge per 8 s at most
    times = [nudge["t"] for nudge in shown]
    assert len(times) >= 2
    assert all(b - a >= 8.0 for a, b in itertools.pairwise(times))


def test_a_burst_of_fillers_is_nudged() -> None:
    # given
    engine = NudgeEngine()
    words = _words(6, 150, word="so") + _words(3, 150, start=3.0, word="um,")

    # when
    nudges = engine.add_words(words, now=5.0)

    # then
    assert [n["kind"] for n in nudges] == ["fillers"]


def test_looking_away_for_more_than_four_seconds_is_nudged_once() -> None:
    # given
    engine = NudgeEngine()

    # when: a face looking away, 2 frames a second for 6 s
    nudges = []
    for i in range(12):
        nudges += engine.add_face(FaceObservation(t=i / 2, has_face=True, eye_contact=False))

    # then
    assert [(n["kind"], n["t"]) for n in nudges] == [("look_at_camera", 4.0)]


def test_a_short_glance_away_is_not_nudged() -> None:
    # given
    engine = NudgeEngine()
    frames = [FaceObservation(t=i / 2, has_face=True, eye_contact=(i % 6 == 5))
              for i in range(24)]

    # when
    nudges = [nudge for frame in frames for nudge in engine.add_face(frame)]

    # then
    assert nudges == []


def test_a_face_out_of_frame_is_nudged() -> None:
    # given
    engine = NudgeEngine()

    # when
    nudges = [nudge for i in range(10)
              for nudge in engine.add_face(FaceObservation(i / 2, False, False))]

    # then
    assert [n["kind"] for n in nudges] == ["face_missing"]


@pytest.mark.slow
def test_face_mesh_finds_the_face_in_a_live_frame(tmp_path: Path) -> None:
    # given: a real frontal face and a scene without one, as JPEG frames
    face, empty = (face_jpeg(tmp_path / f"{has}.png", face=has) for has in (True, False))

    # when
    with_face, without = observe_face(face, 1.0), observe_face(empty, 1.5)

    # then
    assert with_face.has_face and with_face.eye_contact
    assert not without.has_face
