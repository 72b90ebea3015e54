"""The numpy sentence encoder gives sentence-transformers' embeddings, and a CPU analysis no
longer imports torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis_app.engine import model_registry, semantic, star, star_embeddings
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.sentence_encoder import SentenceEncoder
from tests.conftest import SPEECH_SCRIPT

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    "Tell me about a migration you led and what it achieved.",
    *[sentence.strip() + "." for sentence in SPEECH_SCRIPT.split(".") if sentence.strip()],
    "We reduced spending on servers by a third.",
    "Um, so, yeah, I think I, uh, basically handled it, you know.",
    "Café résumé naïve: a CV with accents, digits (2024) and a rocket 🚀.",
    "",
    # Longer than the model's 256 word pieces: truncated the way sentence-transformers does.
    "I owned the rollout plan and the customer communication. " * 40,
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    """sentence-transformers (PyTorch) on the same wheel's model: what the engine used before."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(EngineConfig().resolved_embedding_model, device="cpu",
                                local_files_only=True)
    return np.asarray(model.encode(TEXTS, convert_to_numpy=True, normalize_embeddings=True))


def test_the_embeddings_are_sentence_transformers_to_float32_rounding(
    reference: np.ndarray,
) -> None:
    # given
    encoder = SentenceEncoder(EngineConfig().resolved_embedding_model)

    # when
    vectors = encoder.encode(TEXTS)

    # then
    assert vectors.shape == reference.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    assert np.abs(vectors - reference).max() < 1e-5
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    # "we cut the costs by a third" is nearer "we reduced spending by a third" than "um" is
    assert similarity[2, 3] > similarity[3, 4] + 0.2
    assert similarity[0, 1] > similarity[0, 4] + 0.2  # the question: nearer the answer than "um"


def test_no_texts_give_no_rows() -> None:
    assert SentenceEncoder(EngineConfig().resolved_embedding_model).encode([]).shape == (0, 384)


def test_the_cpu_registry_lends_the_numpy_encoder() -> None:
    assert isinstance(model_registry.embedder(EngineConfig()), SentenceEncoder)


def test_a_whole_cpu_analysis_never_imports_torch(interview_webm: Path) -> None:
    """torch, transformers and sentence-transformers were ~3 s of a cold analysis' imports."""
    # given
    script = (
        "import sys\n"
        "from analysis_app.engine.pipeline import analyze_recording\n"
        f"result = analyze_recording({str(interview_webm)!r}, "
        "question='Tell me about a migration you led.', key_points=['cut costs'])\n"
        "assert result.language.features['relevance_similarity'] is not None\n"
        "print(sorted(name for name in ('torch', 'transformers', 'sentence_transformers') "
        "if name in sys.modules))\n"
    )

    # when
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={"HF_HUB_OFFLINE": "1",
                                                       "PATH": "/usr/bin:/bin"})

    # then
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_shipped_star_training_embeddings_are_the_models_and_are_used() -> None:
    # given: the training sentences, embedded now by the packaged model
    texts = [row.text for row in star.load_sentences("train")]
    config = EngineConfig()
    now = semantic.embed(texts, config)

    # when
    shipped = star_embeddings.shipped(texts, config)

    # then: what is shipped is what the model gives (else write them again, see the module)
    assert shipped is not None, "stale: python -m analysis_app.engine.star_embeddings"
    assert np.abs(shipped - now).max() < 1e-5
    # ...and nothing is used for other sentences or another model
    assert star_embeddings.shipped([*texts, "One more."], config) is None
    assert star_embeddings.shipped(texts, config.with_changes(embedding_model="/elsewhere")) is None


def test_each_text_is_encoded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # given: the real encoder, behind a counter, and no embeddings kept yet
    config = EngineConfig()
    real = model_registry.embedder(config)
    model_registry.reset()
    calls: list[list[str]] = []

    class Counting:
        def encode(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return real.encode(texts)

    monkeypatch.setattr(model_registry, "embedder", lambda config: Counting())

    # when: the STAR sentences and then the coverage sentences of one answer, say
    first = semantic.embed(["We cut costs.", "I led it.", "We cut costs."], config)
    second = semantic.embed(["I led it.", "It worked."], config)

    # then: each distinct text went through the model once, and rows are what it gives
    assert calls == [["We cut costs.", "I led it."], ["It worked."]]
    assert np.array_equal(first[0], first[2]) and np.array_equal(second[0], first[1])
    assert np.abs(second - real.encode(["I led it.", "It worked."])).max() < 1e-6
    assert semantic.embed([], config).shape == (0, 384)
    model_registry.reset()


def test_forgetting_the_embeddings_keeps_the_model() -> None:
    # given
    config = EngineConfig()
    semantic.embed(["A sentence."], config)
    model = model_registry.embedder(config)
    # when
    model_registry.forget("embedding_cache")
    # then
    assert "embedding_cache" not in model_registry.loaded()
    assert model_registry.embedder(config) is model
