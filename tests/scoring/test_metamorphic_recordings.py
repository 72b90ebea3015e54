"""Metamorphic tests of the scores on real recordings through the real engine.

Each test makes two or three recordings that differ in one respect (speed, fillers, pauses,
topic, structure, intonation, a face) and checks that the dimension about that respect moves
the right way, by a margin. No expected number is hard-coded: only the ordering and the gap.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.pipeline import analyze_recording
from analysis_app.engine.scoring import score_features
from analysis_app.engine.typed_json import dump
from tests import media_factory

pytestmark = pytest.mark.slow

QUESTION = "Tell me about a time you resolved a conflict within your team."
KEY_POINTS = ("the conflict", "listening to both sides", "the outcome")
STORY = (
    "Last year two engineers on my team disagreed about how to release a payment feature. "
    "I had to find a plan both could accept before the deadline. I met each of them, "
    "listened to both sides, and then we agreed to ship behind a feature flag. As a result "
    "we released on time and the conflict was resolved, and both of them were happy."
)
FILLED_STORY = STORY.replace("I had to", "Um, I had to").replace(
    "I met", "uh, I met").replace("and then", "um, and then").replace(
    "As a result", "Uh, as a result").replace("we released", "um, we released").replace(
    "the conflict", "uh, the conflict")
OFF_TOPIC = (
    "My favourite recipe is a simple pasta with tomatoes and basil. You boil the water, add "
    "salt, cook the spaghetti for nine minutes, and meanwhile fry garlic in olive oil with "
    "the tomatoes. Then you mix everything and add fresh basil and some cheese on top."
)
RAMBLING = (
    "Well, teams are interesting, people are different, and there are always opinions about "
    "things, and some days are busy, and other days are quieter, and I think communication is "
    "important in general, and meetings happen, and people have lunch, and that is how it goes."
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("metamorphic")


#: espeak settings (rate, extra gap between words in ms) that measure ~90, ~150 and ~260 wpm
#: over speaking time: espeak's own rate unit runs ~20 % fast and stops at 80.
SPEEDS = {90: (80, 20), 150: (122, 0), 260: (220, 0)}


def _analyse(path: Path, question: str = QUESTION) -> tuple[dict, dict[str, float | None]]:
    result = analyze_recording(path, question=question, key_points=KEY_POINTS,
                               config=EngineConfig())
    return result.features, dump(score_features(result.features).record())["scores"]


def _scores(path: Path, question: str = QUESTION) -> dict[str, float | None]:
    return _analyse(path, question)[1]


def _speech(workdir: Path, name: str, text: str, **voice: int) -> Path:
    return media_factory.speech_wav(text, workdir / f"{name}.wav", **voice)


def test_fluency_peaks_near_150_wpm(workdir: Path) -> None:
    # given / when
    measured = {
        target: _analyse(_speech(workdir, f"rate{target}", STORY, wpm=rate, word_gap_ms=gap))
        for target, (rate, gap) in SPEEDS.items()
    }
    fluency = {target: scores["fluency"] for target, (_, scores) in measured.items()}
    # then: the clips really are at the three speeds, and the middle one is the most fluent
    for target, (features, _) in measured.items():
        assert features["speech_rate_wpm"] == pytest.approx(target, rel=0.15), target
    assert fluency[150] > fluency[90] + 10, fluency
    assert fluency[150] > fluency[260] + 10, fluency


def test_fillers_lower_fluency(workdir: Path) -> None:
    clean = _scores(_speech(workdir, "clean", STORY, wpm=122))["fluency"]
    filled = _scores(_speech(workdir, "filled", FILLED_STORY, wpm=122))["fluency"]
    assert clean > filled + 5, (clean, filled)


def test_long_pauses_lower_fluency(workdir: Path) -> None:
    # given: the same story with three 3-second silences between its sentences
    sentences = [part.strip() + "." for part in STORY.split(".") if part.strip()]
    silence = media_factory.silence_wav(3.0, workdir / "gap.wav")
    parts: list[Path] = []
    for index, sentence in enumerate(sentences):
        parts.append(_speech(workdir, f"sentence{index}", sentence, wpm=122))
        if index < 3:
            parts.append(silence)
    paused = media_factory.concat_wavs(parts, workdir / "paused.wav")
    # when
    smooth = _scores(_speech(workdir, "smooth", STORY, wpm=122))["fluency"]
    halting = _scores(paused)["fluency"]
    # then
    assert smooth > halting + 5, (smooth, halting)


def test_an_on_topic_answer_beats_an_off_topic_one_on_relevance(workdir: Path) -> None:
    on_topic = _scores(_speech(workdir, "on_topic", STORY))["relevance"]
    off_topic = _scores(_speech(workdir, "off_topic", OFF_TOPIC))["relevance"]
    assert on_topic >= off_topic + 15, (on_topic, off_topic)


def test_a_star_answer_beats_a_rambling_one_on_structure(workdir: Path) -> None:
    star = _scores(_speech(workdir, "star", STORY))["structure"]
    rambling = _scores(_speech(workdir, "rambling", RAMBLING))["structure"]
    assert star > rambling + 10, (star, rambling)


def test_alternating_pitch_beats_monotone_on_vocal_expressiveness(workdir: Path) -> None:
    # given: the same sentences at one base pitch, or alternating low and high
    sentences = [part.strip() + "." for part in STORY.split(".") if part.strip()]
    monotone = media_factory.concat_wavs(
        [_speech(workdir, f"mono{i}", s, pitch=50) for i, s in enumerate(sentences)],
        workdir / "monotone.wav")
    lively = media_factory.concat_wavs(
        [_speech(workdir, f"alt{i}", s, pitch=15 if i % 2 else 85)
         for i, s in enumerate(sentences)], workdir / "alternating.wav")
    # when
    flat = _scores(monotone)["vocal_expressiveness"]
    varied = _scores(lively)["vocal_expressiveness"]
    # then
    assert varied > flat + 10, (varied, flat)


def test_a_face_beats_no_face_on_eye_contact(workdir: Path) -> None:
    speech = _speech(workdir, "face_speech", STORY)
    face = media_factory.video_with_audio(speech, workdir / "face.webm", size=320)
    no_face = media_factory.video_with_audio(speech, workdir / "noface.webm", face=False,
                                             size=320)
    with_face = _scores(face)["eye_contact"]
    without_face = _scores(no_face)["eye_contact"]
    assert with_face >= without_face + 30, (with_face, without_face)
