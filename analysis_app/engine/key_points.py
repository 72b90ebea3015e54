"""Key points for a question that came without any: those of the closest bank question.

A candidate's own question ("How do you pick features for a model?") is often a rewording of
one the bank already holds with curated key points. Sentence embeddings (all-MiniLM-L6-v2,
Reimers & Gurevych 2019) find it by meaning. Borrowing is only safe when the two questions ask
for the same thing: MiniLM puts paraphrases of a question at 0.65-0.95 but questions on a
neighbouring topic ("TCP and UDP" beside "a process and a thread", "your Kubernetes
experience" beside "what problem Kubernetes solves") at 0.35-0.62, and those expect different
points. Below the threshold no key points are borrowed and coverage is not scored at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from analysis_app.engine import semantic
from analysis_app.engine.arrays import FloatArray
from analysis_app.engine.config import EngineConfig

#: The least cosine similarity at which a bank question counts as the same question; checked
#: on rewordings and near-misses in tests/engine/test_key_points.py.
BANK_MATCH_SIMILARITY = 0.65


@dataclass(frozen=True)
class BankCandidate:
    """A bank question that may lend its key points."""

    key: str
    text: str
    key_points: tuple[str, ...]


@dataclass(frozen=True)
class BankMatch:
    key: str
    text: str
    key_points: tuple[str, ...]
    similarity: float


@lru_cache(maxsize=4)
def _bank_vectors(texts: tuple[str, ...], config: EngineConfig) -> FloatArray:
    """The bank changes rarely and holds a few hundred questions: embedded once per process."""
    return semantic.embed(texts, config)


def _lenders(bank: Sequence[BankCandidate]) -> list[BankCandidate]:
    """The bank questions that have key points to lend."""
    return [item for item in bank if item.key_points and item.text.strip()]


def embed_bank(bank: Sequence[BankCandidate], config: EngineConfig) -> int:
    """Embed the lending bank questions now (a worker's warm-up), so that the first question
    without key points does not wait for the whole bank; returns how many were embedded."""
    lenders = _lenders(bank)
    if lenders:
        _bank_vectors(tuple(item.text for item in lenders), config)
    return len(lenders)


def closest_bank_question(
    question: str, bank: Sequence[BankCandidate], config: EngineConfig
) -> BankMatch | None:
    """The bank question that asks the same thing as `question`, or None if none does."""
    candidates = _lenders(bank)
    if not question.strip() or not candidates:
        return None
    vectors = _bank_vectors(tuple(item.text for item in candidates), config)
    similarity = vectors @ semantic.embed([question], config)[0]
    best = int(np.argmax(similarity))
    if float(similarity[best]) < BANK_MATCH_SIMILARITY:
        return None
    chosen = candidates[best]
    return BankMatch(chosen.key, chosen.text, chosen.key_points,
                     round(float(similarity[best]), 4))
