"""One table of human words for every feature: labels, units and values as people read them."""

from __future__ import annotations

import re
from dataclasses import fields

import numpy as np
import pytest

from analysis_app.engine.merge import FEATURE_KEYS
from analysis_app.engine.scoring import DIMENSIONS, OVERALL, score_features, session_report
from analysis_app.engine.scoring.advice import ADVICE, FeatureAdvice
from analysis_app.engine.scoring.features import ALIASES
from analysis_app.engine.scoring.labels import (
    FEATURE_LABELS,
    dimension_label,
    feature_entry,
    feature_label,
    feature_phrase,
    feature_unit,
    format_value,
    labels_for,
)
from analysis_app.engine.scoring.rubric import DIMENSION_RUBRICS
from tests.scoring.profiles import answer, random_answer, without_face, without_video

RUBRIC_FEATURES = sorted({f for rubric in DIMENSION_RUBRICS.values() for f in rubric.features})
EVERY_FEATURE = sorted({*RUBRIC_FEATURES, *FEATURE_KEYS})
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


@pytest.mark.parametrize("name", EVERY_FEATURE)
def test_every_feature_the_rubric_or_the_contract_has_a_label_and_a_unit(name: str) -> None:
    entry = feature_entry(name)
    assert entry is not None, f"{name} has no entry in labels.FEATURE_LABELS"
    assert entry.label and "_" not in entry.label and entry.label[0].isupper()
    assert entry.unit and "_" not in entry.unit
    assert entry.label.lower() != name.replace("_", " ")  # words, not the name re-spelt


@pytest.mark.parametrize("name", sorted({alt for alts in ALIASES.values() for alt in alts}))
def test_older_spellings_of_a_feature_read_like_the_feature(name: str) -> None:
    canonical = next(key for key, alts in ALIASES.items() if name in alts)
    assert feature_entry(name) in (FEATURE_LABELS.get(name), FEATURE_LABELS[canonical])


def test_values_read_as_words_with_their_units() -> None:
    assert format_value("speech_rate_wpm", 148.2) == "148 words per minute"
    assert format_value("pitch_std_semitones", 2.31) == "2.3 semitones"
    assert format_value("eye_contact_ratio", 1.0) == "100% of frames"
    assert format_value("filler_count", 1) == "1 filler"
    assert format_value("filler_count", 3) == "3 fillers"
    assert format_value("sentiment", 0.3) == "+0.30"
    assert format_value("smile_ratio", None) == "not measured"
    assert feature_label("pitch_std_semitones") == "Pitch variation"
    assert feature_label("asr_confidence") == "Articulation"
    assert feature_label("readability_flesch") == "Plain wording"
    assert feature_phrase("star_components") == "STAR structure"
    assert feature_unit("pitch_range_semitones") == "semitones"


@pytest.mark.parametrize("name", sorted(n for n, e in FEATURE_LABELS.items() if e.unit == "%"))
def test_ratios_are_shown_as_percentages(name: str) -> None:
    assert format_value(name, 0.82).startswith("82%")


def test_every_dimension_has_a_label() -> None:
    assert [dimension_label(d) for d in DIMENSIONS][:3] == [
        "Confidence", "Fluency", "Vocal expressiveness"]
    assert dimension_label(OVERALL) == "Overall"


def test_the_advice_has_no_labels_of_its_own() -> None:
    # One table: the advice says what to do; how a feature is named comes from labels only.
    assert {f.name for f in fields(FeatureAdvice)} == {"low", "high"}
    assert set(ADVICE) <= set(FEATURE_LABELS)


def test_an_unknown_feature_is_still_not_shown_by_its_raw_name() -> None:
    assert feature_label("new_measure_ratio") == "New measure ratio"
    assert labels_for({"question_kind": "behavioural", "word_count": 120}) == {
        "word_count": {"label": "Words", "unit": "words", "shown": "120 words"}}


def _texts(features: dict[str, float | None]) -> list[str]:
    feedback = score_features(features).feedback
    return [feedback.summary, *feedback.strengths, *feedback.improvements]


@pytest.mark.parametrize("features", [
    answer(), without_video(), without_face(),
    answer(speech_rate_wpm=240.0, filler_rate_per_100_words=9.0, eye_contact_ratio=0.1,
           relevance_similarity=0.05, pitch_range_semitones=2.0, smile_ratio=0.0),
    *(random_answer(np.random.default_rng(seed)) for seed in range(5)),
])
def test_feedback_never_names_a_feature_or_dimension_by_its_code_name(
    features: dict[str, float | None],
) -> None:
    texts = _texts(features)
    report = session_report([score_features(features), score_features(answer())])
    texts += [report.summary, *(item.advice for item in report.focus),
              *(item.label for item in report.focus)]
    assert [SNAKE_CASE.findall(text) for text in texts if SNAKE_CASE.search(text)] == []
