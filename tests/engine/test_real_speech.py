"""Whisper and the filler counter on real human speech, through the real model.

The espeak tests (test_speech.py) know exactly which fillers went in, but a synthetic voice says
"um" the same way every time. These recordings are real people (tests/data/real_speech/,
SOURCES.md): unscripted monologues with their own hesitations, phrases said with deliberate
fillers, fluent phrases and read book text, each with a verbatim reference.

The thresholds are the levels measured with the default setup on these files
(docs/performance.md, "Real human speech") less about one filler or one word of slack: a
regression guard, so that a change of model, prompt, decoding or filler lexicon that loses
real fillers or invents them fails here. No timing is asserted.
"""

from __future__ import annotations

import re

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.media import decode_audio
from analysis_app.engine.speech import transcribe
from tests.real_speech import DATA_DIR, GROUPS, Clip, Score, load_clips, score


def _score_groups(clips: list[Clip], config: EngineConfig) -> dict[str, Score]:
    totals = {group: Score() for group in GROUPS}
    for clip in clips:
        totals[clip.group].add(score(clip, transcribe(decode_audio(clip.path), config)))
    return totals


@pytest.fixture(scope="module")
def clips() -> list[Clip]:
    return load_clips()


@pytest.fixture(scope="module")
def default_scores(clips: list[Clip], config: EngineConfig) -> dict[str, Score]:
    return _score_groups(clips, config)


def test_every_recording_has_a_reference_and_a_documented_source(clips: list[Clip]) -> None:
    # given
    sources = (DATA_DIR / "SOURCES.md").read_text(encoding="utf-8")
    on_disk = {path.name for path in DATA_DIR.glob("*.opus")}

    # when
    referenced = {clip.path.name for clip in clips}

    # then: no orphan audio, no missing file, and each name (or its family) has a source line
    assert referenced == on_disk
    assert {clip.group for clip in clips} == set(GROUPS)
    for clip in clips:
        family = re.sub(r"_\d+$", "", clip.name)
        assert clip.name in sources or family in sources, clip.name


@pytest.mark.slow
def test_unscripted_and_read_speech_stay_within_the_word_error_target(
    default_scores: dict[str, Score],
) -> None:
    # given / when: the default setup on every clip (module fixture)
    spontaneous, read = default_scores["spontaneous"], default_scores["read"]

    # then
    assert spontaneous.wer <= 0.10, spontaneous
    assert read.wer <= 0.06, read


@pytest.mark.slow
def test_fillers_in_unscripted_speech_are_found_and_not_invented(
    default_scores: dict[str, Score],
) -> None:
    # given / when
    spontaneous = default_scores["spontaneous"]

    # then
    assert spontaneous.reference_fillers == 15
    assert spontaneous.filler_recall is not None and spontaneous.filler_recall >= 0.85, (
        spontaneous.missed)
    assert spontaneous.filler_precision is not None and spontaneous.filler_precision >= 0.85, (
        spontaneous.invented)


@pytest.mark.slow
def test_deliberate_fillers_are_counted(default_scores: dict[str, Score]) -> None:
    # given / when
    elicited = default_scores["elicited"]

    # then
    assert elicited.filler_recall is not None and elicited.filler_recall >= 0.75, elicited.missed
    assert elicited.filler_precision is not None and elicited.filler_precision >= 0.7, (
        elicited.invented)


@pytest.mark.slow
def test_fluent_speech_and_breaths_get_no_fillers(default_scores: dict[str, Score]) -> None:
    # given / when
    fluent = default_scores["fluent"]

    # then: breaths and short gaps between words are not "uh"
    assert fluent.hypothesis_fillers == 0, fluent.invented


@pytest.mark.slow
def test_without_the_verbatim_prompt_real_fillers_are_lost(
    clips: list[Clip], config: EngineConfig, default_scores: dict[str, Score],
) -> None:
    # given: the unscripted monologues, transcribed the way Whisper does by default
    spontaneous = [clip for clip in clips if clip.group == "spontaneous"]

    # when
    plain = _score_groups(spontaneous, config.with_changes(verbatim_transcript=False))

    # then: the prompt is what keeps real hesitations in the transcript
    assert plain["spontaneous"].fillers_found <= 5
    assert default_scores["spontaneous"].fillers_found >= plain["spontaneous"].fillers_found + 8
