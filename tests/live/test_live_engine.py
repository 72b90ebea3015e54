"""The pure live logic: incremental Whisper on generated speech, and the nudge rules."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
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
from tests.live.speech import ANSWER, answer_wav, read_pcm16, speech_onset_s
from tests.media_factory import face_jpeg

FRAME = 1600  # 100 ms at 16 kHz
RATE = 16000


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


@pytest.mark.slow
def test_the_first_words_come_from_the_decode_a_second_after_the_voice_starts(
    tmp_path: Path,
) -> None:
    # given: a candidate who reads the question for 1.35 s (not a whole step), then answers
    pcm = read_pcm16(answer_wav(tmp_path, 150))
    lead = 1.35
    audio = np.concatenate([np.zeros(round(lead * RATE), dtype=np.float32), pcm16_to_float(pcm)])
    onset = lead + speech_onset_s(pcm)
    transcriber = LiveTranscriber()

    # when: 100 ms frames, decoding whenever a decode is due (in stream time, no clock)
    first_words_at = None
    for offset in range(0, round((onset + 4) * RATE), FRAME):
        events = transcriber.feed(audio[offset:offset + FRAME])
        if first_words_at is None and any(event["words"] for event in events):
            first_words_at = transcriber.decoded_until_s

    # then: the decode that sent the first words heard at most ~1 s of the voice (it is then
    # ~0.5 s of CPU away from the screen), not the next fixed step
    assert first_words_at is not None
    assert first_words_at - onset <= 1.2, (first_words_at, onset)


def test_a_voice_brings_the_first_decode_forward_and_silence_does_not() -> None:
    # given
    rng = np.random.default_rng(0)
    voice = (0.1 * rng.standard_normal(RATE)).astype(np.float32)  # loud: 1 s
    silence = np.zeros(RATE, dtype=np.float32)
    quiet, loud = LiveTranscriber(), LiveTranscriber()

    # when: 0.1 s of silence, then 0.8 s more silence, or 0.4 s then 0.2 s more of voice
    quiet.append(silence[:1600])
    quiet.append(silence[:12800])
    loud.append(silence[:1600])
    loud.append(voice[:6400])
    before_enough_voice = loud.due
    loud.append(voice[:3200])

    # then: due once 0.6 s of voice is in, before the regular 1 s step; silence waits for it
    assert not quiet.due
    assert not before_enough_voice
    assert loud.due
    quiet.append(silence[:1600])
    assert quiet.due
    at_once = LiveTranscriber()  # a voice from the very first sample
    at_once.append(voice[:9600])
    assert at_once.due


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


def test_pace_is_judged_on_the_partial_tail_before_any_word_is_final() -> None:
    # given: 10 s of words at 260 wpm that Whisper has not settled yet
    engine = NudgeEngine()
    tail = _words(43, 260)

    # when: two decodes send the tail (the second one replacing the first, not adding to it)
    first = engine.add_words([], now=9.0, tail=tail[:35])
    second = engine.add_words([], now=10.0, tail=tail)

    # then: the pace hint comes now, mid-sentence, not once the words settle
    assert [n["kind"] for n in first + second] == ["pace_fast"]
    assert 250 < engine.pace_wpm(10.0) < 270


def test_pace_rolls_over_the_last_20_seconds_of_settled_and_partial_words() -> None:
    # given: 20 s of rushed speech, then 20 s at a normal pace (settled, then a partial tail)
    fast, normal = _words(87, 260), _words(50, 150, start=20.0)
    engine = NudgeEngine(LiveConfig(min_interval_s=0.0, same_kind_interval_s=0.0))

    # when
    engine.add_words(fast, now=20.0)
    pace_then = engine.pace_wpm(20.0)
    nudges_after = engine.add_words(normal[:40], now=40.0, tail=normal[40:])

    # then: the rushed part has left the window; the last 20 s are judged on their own
    assert pace_then is not None and pace_then > 250
    assert 140 < engine.pace_wpm(40.0) < 160
    assert nudges_after == []


def test_a_normal_pace_is_not_nudged_however_often_it_is_judged() -> None:
    # given: 30 s at 150 wpm, arriving as a growing partial tail, settling every 5 s
    engine = NudgeEngine()
    words = _words(75, 150)

    # when: a decode every second
    nudges = []
    for second in range(1, 31):
        heard = [w for w in words if w["end"] <= second]
        settled = [w for w in heard if w["end"] <= second // 5 * 5]
        already = [w for w in words if w["end"] <= (second - 1) // 5 * 5]
        nudges += engine.add_words(settled[len(already):], now=float(second),
                                   tail=heard[len(settled):])

    # then
    assert nudges == []


def test_a_burst_of_fillers_is_nudged() -> None:
    # given
    engine = NudgeEngine()
    words = _words(6, 150, word="so") + _words(3, 150, start=3.0, word="um,")

    # when
    nudges = engine.add_words(words, now=5.0)

    # then
    assert [n["kind"] for n in nudges] == ["fillers"]


def test_fillers_spread_over_the_answer_are_not_a_burst() -> None:
    # given: one "um" every 12 s, in 36 s of speech at 150 wpm
    words = _words(90, 150)
    for index in (10, 40, 70):
        words[index] = LiveWord(word="um", start=words[index]["start"], end=words[index]["end"])
    engine = NudgeEngine()

    # when: words arrive second by second
    nudges = [n for second in range(1, 37)
              for n in engine.add_words([w for w in words if second - 1 <= w["end"] < second],
                                        now=float(second))]

    # then
    assert [n["kind"] for n in nudges] == []


def test_nothing_is_nudged_once_the_answer_is_stopped() -> None:
    # given: a rushing speaker with no face in the frame, and the candidate presses Stop
    engine = NudgeEngine()
    engine.stop()

    # when: the last words and frames still come in
    speech = engine.add_words(_words(87, 260), now=20.0)
    faces = [n for i in range(10) for n in engine.add_face(FaceObservation(i / 2, False, False))]

    # then
    assert speech == [] and faces == []
    assert engine.nudges == []


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
