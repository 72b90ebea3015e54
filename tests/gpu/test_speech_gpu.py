"""Whisper on the GPU worker's settings (CUDA, float16): as accurate as on the CPU, and the
same words as the CPU's int8 model."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_app.engine import model_registry
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.media import read_wav
from analysis_app.engine.speech import transcribe
from tests.conftest import SPEECH_SCRIPT
from tests.engine.metrics import word_error_rate

pytestmark = [pytest.mark.gpu, pytest.mark.slow]


@pytest.mark.parametrize(
    ("compute_type", "batch_size"),
    [("float16", 8), ("float16", 1), ("int8_float16", 8)],
    ids=["float16-batched", "float16-sequential", "int8_float16-batched"],
)
def test_whisper_on_cuda_transcribes_known_speech_with_ordered_word_timings(
    gpu_config: EngineConfig, speech_wav: Path, compute_type: str, batch_size: int,
) -> None:
    # given
    config = gpu_config.with_changes(whisper_compute_type=compute_type,
                                     whisper_batch_size=batch_size)
    audio = read_wav(speech_wav)
    duration = audio.size / 16_000

    # when
    transcript = transcribe(audio, config)

    # then: the CPU's int8 model reads this clip at a WER of 0.19
    assert word_error_rate(SPEECH_SCRIPT, transcript.text) < 0.3, transcript.text
    starts = [word.start for word in transcript.words]
    assert len(starts) >= 20
    assert starts == sorted(starts)
    assert all(0.0 <= w.start <= w.end <= duration + 0.5 for w in transcript.words)
    assert all(0.0 <= w.probability <= 1.0 for w in transcript.words)


def test_whisper_on_cuda_agrees_with_the_cpu_int8_transcript(
    gpu_config: EngineConfig, speech_wav: Path,
) -> None:
    # given: the GPU worker's model and the CPU worker's, on the same speech
    audio = read_wav(speech_wav)
    cpu_config = gpu_config.with_changes(whisper_device="cpu", whisper_compute_type="auto")

    # when
    on_gpu = transcribe(audio, gpu_config)
    on_cpu = transcribe(audio, cpu_config)

    # then: float16 and int8 may differ by a few words (< 15 %), not more
    assert word_error_rate(on_cpu.text, on_gpu.text) < 0.15, (on_cpu.text, on_gpu.text)
    assert abs(len(on_gpu.words) - len(on_cpu.words)) <= 2


def test_the_registry_keeps_the_cuda_whisper_apart_from_the_cpu_one(
    gpu_config: EngineConfig,
) -> None:
    # given
    cpu_config = gpu_config.with_changes(whisper_device="cpu", whisper_compute_type="auto")

    # when
    on_gpu = model_registry.whisper(gpu_config)
    on_cpu = model_registry.whisper(cpu_config)

    # then: one model per device, each loaded once, each where it was asked for
    assert on_gpu is not on_cpu
    assert model_registry.whisper(gpu_config) is on_gpu
    assert on_gpu.model.device == "cuda"
    assert on_gpu.model.compute_type == "float16"
    assert on_cpu.model.device == "cpu"
    assert on_cpu.model.compute_type.startswith("int8")  # int8_float32, as CTranslate2 says
