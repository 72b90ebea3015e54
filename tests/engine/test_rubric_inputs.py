"""The rubric reads only features the engine emits.

The rubric renormalises its weights over the features it finds, so a feature the engine never
produces does not fail anything: it silently drops out of every score (this is how
`restarts_per_100_words`, `facial_animation` and `nods_per_min` went unnoticed while the
scoring tests fed synthetic profiles that contained them). This test runs the real engine on a
real recording that has every modality and fails when any rule reads a feature that is missing
or null after `derive_features`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.graph import MODALITY_STAGES, StageStatus
from analysis_app.engine.pipeline import analyze_recording
from analysis_app.engine.scoring.features import derive_features
from analysis_app.engine.scoring.rubric import DIMENSION_RUBRICS

pytestmark = pytest.mark.slow

QUESTION = "Tell me about a migration you led and what it achieved."
#: With key points the text stage measures keyword coverage (without them it falls back to
#: the question's keywords; either way the feature is measured).
KEY_POINTS = ("the billing service migration", "the cost savings")


def rubric_features() -> set[str]:
    """Every feature name any rule of any dimension reads."""
    return {rule.feature for rubric in DIMENSION_RUBRICS.values() for rule in rubric.rules}


def test_every_feature_the_rubric_reads_is_emitted_by_the_engine(
    interview_webm: Path, config: EngineConfig,
) -> None:
    # given: a browser-like recording with speech, a voice, video and a frontal face, answering
    # a question with key points, so no modality is genuinely absent
    expected = rubric_features()

    # when: the same entry point as `manage.py analyze_recording`
    result = analyze_recording(interview_webm, question=QUESTION, key_points=KEY_POINTS,
                               config=config)
    values = derive_features(result.features)

    # then
    unfinished = {str(stage): state for stage, state in result.stages.items()
                  if stage in MODALITY_STAGES and state.status != StageStatus.FINISHED}
    assert not unfinished, f"every modality should have been analysed: {unfinished}"
    missing = sorted(name for name in expected if name not in values)
    unmeasured = sorted(name for name in expected if name in values and values[name] is None)
    assert not missing and not unmeasured, (
        f"the rubric reads features the engine never emits: {missing}; and features it left "
        f"null on a recording with every modality: {unmeasured}"
    )
