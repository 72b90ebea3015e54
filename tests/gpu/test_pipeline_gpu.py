"""The whole engine with Whisper on the GPU, as the GPU worker runs its speech stage."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_app.engine import model_registry
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.graph import GRAPH, StageStatus
from analysis_app.engine.pipeline import analyze_recording
from tests.conftest import SPEECH_SCRIPT
from tests.engine.metrics import word_error_rate

pytestmark = [pytest.mark.gpu, pytest.mark.slow]

QUESTION = "Tell me about a migration you led."


def test_the_whole_analysis_with_whisper_on_cuda_finishes_every_stage(
    gpu_config: EngineConfig, interview_webm: Path,
) -> None:
    # given: the entry `manage.py analyze_recording` uses, with the GPU worker's Whisper

    # when
    result = analyze_recording(interview_webm, question=QUESTION, config=gpu_config)

    # then
    reasons = {str(stage): state.reason for stage, state in result.stages.items()}
    assert set(result.stages) == set(GRAPH)
    assert all(state.status == StageStatus.FINISHED for state in result.stages.values()), reasons
    assert result.status == "completed"
    assert result.transcript is not None
    assert word_error_rate(SPEECH_SCRIPT, result.transcript.text) < 0.35, result.transcript.text
    assert result.scoring is not None and result.scoring.scores["overall"] is not None
    assert model_registry.whisper(gpu_config).model.device == "cuda"
