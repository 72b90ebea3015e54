"""The answer report gives the web client every measure in words, so it never shows
"Pitch std semitones" or "Eye contact · 1"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from tests.factories import AnswerFactory, analysed_answer
from tests.scoring.profiles import answer as features

pytestmark = pytest.mark.django_db


def test_the_answer_report_names_its_features_in_words_with_their_values(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = analysed_answer(features(eye_contact_ratio=1.0, pitch_std_semitones=2.31,
                                      asr_confidence=0.91, readability_flesch=64.0))
    # when
    report = client_for(answer.session.owner).get(f"/api/answers/{answer.id}/report/").json()
    # then: every feature in the features and in the explanations has words
    labels = report["feature_labels"]
    explained = {row["feature"] for rows in report["explanations"].values() for row in rows}
    numeric = {name for name, value in report["features"].items()
               if value is None or isinstance(value, int | float)}
    assert explained | numeric <= set(labels)
    assert labels["pitch_std_semitones"] == {
        "label": "Pitch variation", "unit": "semitones", "shown": "2.3 semitones"}
    assert labels["eye_contact_ratio"]["shown"] == "100% of frames"
    assert labels["asr_confidence"]["label"] == "Articulation"
    assert labels["readability_flesch"]["label"] == "Plain wording"
    # derived by the scoring (1 long pause in 90 s), so only in the explanations
    assert labels["long_pauses_per_min"]["shown"] == "0.7 per minute"


def test_a_report_still_analysing_has_no_labels(
    client_for: Callable[[object], APIClient],
) -> None:
    answer = AnswerFactory(analysis_status="running")
    report = client_for(answer.session.owner).get(f"/api/answers/{answer.id}/report/").json()
    assert report["feature_labels"] == {}
