"""The sentence embedder on CUDA (`embedding_device="cuda"`) scores what it scores on CPU."""

from __future__ import annotations

import numpy as np
import pytest

from analysis_app.engine import model_registry, semantic
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.sentence_encoder import SentenceEncoder
from tests.conftest import SPEECH_SCRIPT

pytestmark = [pytest.mark.gpu, pytest.mark.slow]

QUESTION = "Tell me about a migration you led and what it achieved."
SENTENCES = [sentence.strip() + "." for sentence in SPEECH_SCRIPT.split(".") if sentence.strip()]


def test_relevance_on_cuda_matches_relevance_on_cpu(torch_cuda: None) -> None:
    # given
    on_cpu = EngineConfig(embedding_device="cpu")
    on_cuda = on_cpu.with_changes(embedding_device="cuda")

    # when
    cpu_relevance = semantic.relevance(QUESTION, SENTENCES, on_cpu)
    cuda_relevance = semantic.relevance(QUESTION, SENTENCES, on_cuda)
    cpu_vectors = semantic.embed(SENTENCES, on_cpu)
    cuda_vectors = semantic.embed(SENTENCES, on_cuda)

    # then
    assert cpu_relevance is not None and cuda_relevance is not None
    assert cuda_relevance == pytest.approx(cpu_relevance, abs=1e-3)
    assert np.abs(cuda_vectors - cpu_vectors).max() < 1e-3


def test_the_registry_keeps_the_cuda_embedder_apart_from_the_cpu_one(torch_cuda: None) -> None:
    # given
    on_cpu = EngineConfig(embedding_device="cpu")
    on_cuda = on_cpu.with_changes(embedding_device="cuda")

    # when
    cpu_model = model_registry.embedder(on_cpu)
    cuda_model = model_registry.embedder(on_cuda)

    # then
    assert cuda_model is not cpu_model
    assert model_registry.embedder(on_cuda) is cuda_model
    assert cuda_model.model.device.type == "cuda"  # type: ignore[attr-defined]
    assert isinstance(cpu_model, SentenceEncoder)  # numpy, no torch
