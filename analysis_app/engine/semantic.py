"""Relevance and key-point coverage from sentence embeddings (all-MiniLM-L6-v2).

Word overlap misses answers that use other words for the same idea ("cut costs" for "reduced
spending"), so relevance is the cosine similarity of sentence embeddings (Reimers & Gurevych
2019). The model reads at most 256 word pieces, so long answers are embedded in chunks and
averaged, weighted by length.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis_app.engine import model_registry
from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.lexicon import STOPWORDS
from analysis_app.engine.textstats import normalise, stem

_CHUNK_WORDS = 120
#: A key point counts as covered when one answer sentence is this close to it. MiniLM puts
#: paraphrases at 0.6-0.9 and sentences on the same topic at 0.4-0.6; unrelated ones near 0.
KEY_POINT_SIMILARITY = 0.5
#: ...or when this share of its content words (stemmed) occurs in the answer.
KEY_POINT_WORD_SHARE = 0.6


@dataclass(frozen=True)
class Coverage:
    ratio: float
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    source: str  # "key_points" or "question_keywords"
    #: For each covered key point, the answer sentence that covers it, so the report can show
    #: the candidate where (the sentence sharing most of its words, or the closest in meaning).
    evidence: dict[str, str] = field(default_factory=dict)


#: Embeddings kept per process and model, by text: the text stage embeds an answer's
#: sentences for key-point coverage and again for STAR, and a session's questions and key
#: points recur. Held in the model registry, so `model_registry.reset()` forgets them too.
_CACHE_SIZE = 4096
_cache_lock = threading.Lock()


def embed(texts: Sequence[str], config: EngineConfig) -> FloatArray:
    """Unit-length embeddings, one row per text; a text is encoded once per process (of the
    `_CACHE_SIZE` most recent)."""
    encoder = model_registry.embedder(config)
    cache: OrderedDict[str, FloatArray] = model_registry.get_or_load(
        ("embedding_cache", config.resolved_embedding_model, config.embedding_device),
        OrderedDict)
    with _cache_lock:
        known = {text: cache[text] for text in texts if text in cache}
        for text in known:
            cache.move_to_end(text)
    missing = list(dict.fromkeys(text for text in texts if text not in known))
    if missing:
        encoded = encoder.encode(missing)
        with _cache_lock:
            for text, vector in zip(missing, encoded, strict=True):
                known[text] = cache[text] = vector.copy()
            while len(cache) > _CACHE_SIZE:
                cache.popitem(last=False)
    if not texts:
        return encoder.encode([])
    return np.stack([known[text] for text in texts])


def chunk_sentences(sentences: Sequence[str], max_words: int = _CHUNK_WORDS) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for sentence in sentences:
        words = len(sentence.split())
        if current and size + words > max_words:
            chunks.append(" ".join(current))
            current, size = [], 0
        current.append(sentence)
        size += words
    if current:
        chunks.append(" ".join(current))
    return chunks


def relevance(question: str, sentences: Sequence[str], config: EngineConfig) -> float | None:
    """Cosine similarity between the question and the whole answer, in [-1, 1]."""
    chunks = chunk_sentences([s for s in sentences if s.strip()])
    if not question.strip() or not chunks:
        return None
    vectors = embed([question, *chunks], config)
    weights = np.array([len(chunk.split()) for chunk in chunks], dtype=np.float32)
    answer = (vectors[1:] * weights[:, None]).sum(axis=0)
    norm = float(np.linalg.norm(answer))
    if norm == 0.0:
        return None
    return round(float(vectors[0] @ answer / norm), 4)


def content_stems(text: str) -> set[str]:
    tokens = (normalise(word) for word in text.split())
    return {stem(token) for token in tokens if len(token) > 2 and token not in STOPWORDS}


def question_keywords(question: str) -> list[str]:
    """Content words of the question: the fallback 'expected keywords' with no key points."""
    seen: dict[str, str] = {}
    for word in question.split():
        token = normalise(word)
        if len(token) > 2 and token not in STOPWORDS and stem(token) not in seen:
            seen[stem(token)] = token
    return list(seen.values())


def _tidy(sentence: str) -> str:
    return " ".join(sentence.split())


def coverage(
    key_points: Sequence[str],
    question: str | None,
    sentences: Sequence[str],
    config: EngineConfig,
) -> Coverage | None:
    """Which expected points the answer covers, by shared words or by meaning."""
    points = [point.strip() for point in key_points if point.strip()]
    source = "key_points"
    if not points and question:
        points, source = question_keywords(question), "question_keywords"
    answer_sentences = [s for s in sentences if s.strip()]
    if not points:
        return None
    if not answer_sentences:
        return Coverage(0.0, (), tuple(points), source)
    answer_stems = content_stems(" ".join(answer_sentences))
    sentence_stems = [content_stems(sentence) for sentence in answer_sentences]
    covered_flags: list[bool] = []
    evidence: dict[str, str] = {}
    for point in points:
        stems = content_stems(point) or {stem(normalise(point))}
        covered_flags.append(len(stems & answer_stems) / len(stems) >= KEY_POINT_WORD_SHARE)
        if covered_flags[-1]:
            shared = [len(stems & own) for own in sentence_stems]
            evidence[point] = _tidy(answer_sentences[int(np.argmax(shared))])
    if source == "key_points" and not all(covered_flags):
        vectors = embed([*points, *answer_sentences], config)
        similarity = vectors[: len(points)] @ vectors[len(points):].T
        for index, point in enumerate(points):
            if not covered_flags[index] and float(similarity[index].max()) >= KEY_POINT_SIMILARITY:
                covered_flags[index] = True
                evidence[point] = _tidy(answer_sentences[int(similarity[index].argmax())])
    covered = tuple(point for point, flag in zip(points, covered_flags, strict=True) if flag)
    missing = tuple(point for point, flag in zip(points, covered_flags, strict=True) if not flag)
    return Coverage(round(len(covered) / len(points), 4), covered, missing, source,
                    evidence if source == "key_points" else {})
