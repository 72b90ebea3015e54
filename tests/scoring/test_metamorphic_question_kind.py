"""Metamorphic relations for question kinds, key points and the numbers feedback shows.

STAR is asked of behavioural answers only; a technical answer is judged on organisation and
specifics. A question without key points costs no coverage points, and feedback never shows
raw 0-1 or negative similarities.
"""

from __future__ import annotations

import re

import pytest

from analysis_app.engine.scoring import ScoreResult, score_features
from analysis_app.engine.scoring.rubric import DIMENSION_RUBRICS
from analysis_app.engine.scoring.rubric_types import QuestionKind
from tests.scoring.profiles import answer

BEHAVIOURAL, TECHNICAL = QuestionKind.BEHAVIOURAL, QuestionKind.TECHNICAL
RELEVANCE = DIMENSION_RUBRICS["relevance"]


def _score(result: ScoreResult, dimension: str) -> float:
    score = result.dimensions[dimension].score
    assert score is not None, result.dimensions[dimension].missing_reason
    return score


def _texts(result: ScoreResult) -> list[str]:
    feedback = result.feedback
    return [feedback.summary, *feedback.strengths, *feedback.improvements]


def _technical_answer(**overrides: float | None) -> dict[str, float | None]:
    """An organised, specific explanation with no story in it (no STAR parts)."""
    defaults: dict[str, float | None] = {
        "star_components": 0.0, "organisation_markers": 3.0, "specificity_per_100_words": 4.0}
    return answer(**{**defaults, **overrides})


def test_a_good_technical_answer_scores_structure_as_high_as_a_star_answer_on_target() -> None:
    # given: the technical answer, and a behavioural one with the STAR parts the target asks
    technical = _technical_answer()
    behavioural = answer(star_components=3.0)
    # when
    as_technical = score_features(technical, kind=TECHNICAL)
    as_behavioural = score_features(behavioural, kind=BEHAVIOURAL)
    # then
    assert _score(as_technical, "structure") >= _score(as_behavioural, "structure")


def test_missing_star_parts_only_hurt_under_the_behavioural_rules() -> None:
    # given: the same technical answer without and with all four STAR parts
    without_star, with_star = _technical_answer(), _technical_answer(star_components=4.0)
    # when
    technical = [score_features(f, kind=TECHNICAL) for f in (without_star, with_star)]
    behavioural = [score_features(f, kind=BEHAVIOURAL) for f in (without_star, with_star)]
    # then: STAR moves nothing for a technical question, a lot for a behavioural one
    assert _score(technical[0], "structure") == _score(technical[1], "structure")
    assert _score(behavioural[1], "structure") - _score(behavioural[0], "structure") >= 30
    assert _score(technical[0], "structure") > _score(behavioural[0], "structure")
    assert not any("STAR" in text for text in _texts(technical[0]))
    assert any("STAR" in text for text in _texts(behavioural[0]))


def test_a_technical_answer_is_explained_by_organisation_and_specifics() -> None:
    # given: the organised, specific answer and a disorganised, generic one
    good = score_features(_technical_answer(), kind=TECHNICAL)
    vague = score_features(_technical_answer(organisation_markers=0.0,
                                             specificity_per_100_words=0.0), kind=TECHNICAL)
    # then
    assert _score(good, "structure") - _score(vague, "structure") >= 30
    explained = {c.feature for c in vague.dimensions["structure"].contributions}
    assert explained == {"organisation_markers", "specificity_per_100_words",
                         "answer_length_words"}
    dimension = vague.dimensions["structure"]
    assert dimension.baseline is not None
    assert abs(dimension.baseline + sum(c.contribution for c in dimension.contributions)
               - _score(vague, "structure")) < 1e-9


def test_the_kind_recorded_with_the_features_picks_the_rules() -> None:
    # given: the text stage writes the kind into the feature dict (stored with the report)
    features = {**_technical_answer(), "question_kind": "technical"}
    # when
    recorded = score_features(features)
    explicit = score_features(_technical_answer(), kind=TECHNICAL)
    legacy = score_features(_technical_answer())  # stored before kinds: behavioural
    # then
    assert _score(recorded, "structure") == _score(explicit, "structure")
    assert _score(legacy, "structure") == _score(
        score_features(_technical_answer(), kind=BEHAVIOURAL), "structure")


@pytest.mark.parametrize("similarity", [0.09, 0.21, 0.5])
def test_a_question_without_key_points_is_not_penalised_for_coverage(similarity: float) -> None:
    # given: a custom question with no key points, so the text stage leaves coverage null
    no_key_points = answer(relevance_similarity=similarity, keyword_coverage=None)
    # when
    scored = score_features(no_key_points)
    # then: relevance is the similarity rule alone, and nothing mentions key points
    similarity_rule = RELEVANCE.rule("relevance_similarity")
    assert similarity_rule is not None
    assert _score(scored, "relevance") == pytest.approx(100 * similarity_rule.curve(similarity))
    assert {c.feature for c in scored.dimensions["relevance"].contributions} == {
        "relevance_similarity"}
    assert not any("key point" in text.lower() for text in _texts(scored))


def test_coverage_is_shown_as_key_points_covered_out_of_the_total() -> None:
    # given
    features = answer(keyword_coverage=1 / 3, key_points_covered=1.0, key_points_total=3.0)
    # when
    texts = _texts(score_features(features))
    # then
    assert any("covered 1 of 3 key points" in text for text in texts)


_NEGATIVE_PERCENT = re.compile(r"-\s?\d+(\.\d+)?\s?%")


@pytest.mark.parametrize("kind", [BEHAVIOURAL, TECHNICAL])
@pytest.mark.parametrize("similarity", [-0.09, 0.0, 0.05, 0.62])
def test_feedback_shows_no_raw_0_1_scale_and_no_negative_percentages(
    kind: QuestionKind, similarity: float,
) -> None:
    # given: weak answers, so most features get advice
    features = answer(relevance_similarity=similarity, keyword_coverage=0.0,
                      key_points_covered=0.0, key_points_total=3.0, sentiment=-0.4,
                      facial_animation=0.05, smile_ratio=0.0, eye_contact_ratio=0.2,
                      star_components=0.0, organisation_markers=0.0,
                      specificity_per_100_words=0.0, word_count=30.0)
    # when
    texts = _texts(score_features(features, kind=kind))
    # then
    assert texts
    for text in texts:
        assert "(0-1)" not in text and "0-1 scale" not in text, text
        assert not _NEGATIVE_PERCENT.search(text), text
        assert "similarity" not in text, text
    if similarity < 0.25:
        assert any("topic was " + f"{max(0.0, similarity) * 100:.0f}%" in t for t in texts)
