"""A candidate's own question borrows the key points of the bank question that asks the same
thing, and nothing from a question on a neighbouring topic (real embedding model)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from analysis_app.engine import model_registry
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.key_points import (
    BANK_MATCH_SIMILARITY,
    BankCandidate,
    closest_bank_question,
    embed_bank,
)
from sessions_app.questions.bank import load_seed_bank

pytestmark = pytest.mark.slow

#: Rewordings of bank questions, each with the bank key it must borrow from.
REWORDINGS = {
    "How do you choose features for a model?":
        "data_scientist.role.medium.choose-features-model",
    "Walk me through how you pick which features go into a machine learning model.":
        "data_scientist.role.medium.choose-features-model",
    "Tell me a bit about yourself.": "general.behavioural.easy.yourself-brings-role",
    "How would you deal with an angry customer on the phone?":
        "customer_support.role.easy.handle-angry-customer",
    "Why would you like to work for us?": "general.behavioural.easy.want-work-here",
    "How would you go about designing a URL shortening service?":
        "software_engineer.role.medium.design-url-shortener",
}
#: Questions the bank does not hold, several on a neighbouring topic of a bank question: their
#: key points would be the wrong ones.
UNMATCHED = (
    "Explain the difference between TCP and UDP.",
    "What would you do in your first 90 days as a product manager?",
    "Describe your experience running Kubernetes in production.",
    "What is your favourite colour?",
    "How do you bake sourdough bread?",
    "What do you think of remote work?",
    "Tell me about the history of the Roman empire.",
)


@pytest.fixture(scope="module")
def bank() -> list[BankCandidate]:
    return [BankCandidate(entry["key"], entry["text"], tuple(entry["key_points"]))
            for entry in load_seed_bank()]


def test_the_rewordings_name_real_bank_questions(bank: list[BankCandidate]) -> None:
    keys = {item.key for item in bank}
    assert set(REWORDINGS.values()) <= keys


@pytest.mark.parametrize("question", list(REWORDINGS))
def test_a_rewording_borrows_the_bank_questions_key_points(
    question: str, bank: list[BankCandidate], config: EngineConfig
) -> None:
    # when
    match = closest_bank_question(question, bank, config)
    # then
    assert match is not None
    assert match.key == REWORDINGS[question]
    assert match.key_points == next(item.key_points for item in bank if item.key == match.key)
    assert match.similarity >= BANK_MATCH_SIMILARITY


@pytest.mark.parametrize("question", UNMATCHED)
def test_a_question_the_bank_does_not_hold_borrows_nothing(
    question: str, bank: list[BankCandidate], config: EngineConfig
) -> None:
    assert closest_bank_question(question, bank, config) is None


def test_bank_questions_without_key_points_are_never_lent(config: EngineConfig) -> None:
    bank = [BankCandidate("empty", "How do you choose features for a model?", ())]
    assert closest_bank_question("How do you choose features for a model?", bank,
                                 config) is None


def test_a_bank_embedded_ahead_is_not_embedded_again_for_a_question(
    bank: list[BankCandidate], config: EngineConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: the bank embedded ahead, as each worker process does when it starts
    lenders = [item for item in bank if item.key_points and item.text.strip()]
    assert embed_bank(bank, config) == len(lenders) > 100
    encoder = model_registry.embedder(config)
    real_encode = encoder.encode
    encoded: list[str] = []

    def counting_encode(texts: Sequence[str], batch_size: int = 32) -> object:
        encoded.extend(texts)
        return real_encode(texts, batch_size)

    monkeypatch.setattr(encoder, "encode", counting_encode)
    # when: a question without key points looks for its bank question
    question = "Which features would you pick for a model, and how?"
    match = closest_bank_question(question, bank, config)
    # then: only the question itself was embedded, and the match is the usual one
    assert encoded == [question]
    assert match is not None
    assert match.key == "data_scientist.role.medium.choose-features-model"
