"""Key points for a question added without any: borrowed from the bank question that asks the
same thing, else written by the optional LLM, else none (coverage not scored). Real embedding
model, real database (the bank is the seeded one), a real local chat-completions server."""

from __future__ import annotations

import json

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.question_key_points import NO_KEY_POINTS, key_points_for
from sessions_app.models import BankQuestion, Question
from tests.chat_server import RunningChatServer
from tests.factories import QuestionFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

#: No bank question asks this; the nearest ones are about other things.
UNHELD = "How do rockets reach orbit?"


def custom(text: str) -> Question:
    return QuestionFactory(text=text, category="custom", key_points=[])


def test_a_rewording_of_a_bank_question_borrows_its_key_points_once() -> None:
    # given
    question = custom("How do you pick which features go into a model?")
    lender = BankQuestion.objects.get(key="data_scientist.role.medium.choose-features-model")
    # when
    points = key_points_for(question, EngineConfig())
    # then
    question.refresh_from_db()
    assert points == tuple(lender.key_points)
    assert question.key_points == lender.key_points
    assert question.key_points_origin == f"bank:{lender.key}"
    # and: a later take reads what was stored, even if the bank changes meanwhile
    lender.key_points = ["something else entirely"]
    lender.save()
    assert key_points_for(question, EngineConfig()) == points


def test_without_a_bank_match_or_an_llm_the_question_has_none(settings: object) -> None:
    # given
    settings.LLM_BASE_URL = ""  # type: ignore[attr-defined]
    question = custom(UNHELD)
    # when
    points = key_points_for(question, EngineConfig())
    # then
    question.refresh_from_db()
    assert points == ()
    assert question.key_points == [] and question.key_points_origin == NO_KEY_POINTS


def test_without_a_bank_match_the_llm_writes_them(llm: RunningChatServer) -> None:
    # given
    llm.state.content = json.dumps({"key_points": [
        "thrust exceeds weight", "horizontal speed of about 7.8 km/s", "x" * 500]})
    question = custom(UNHELD)
    # when
    points = key_points_for(question, EngineConfig())
    # then: the over-long item is dropped, the rest stored with their origin
    question.refresh_from_db()
    assert points == ("thrust exceeds weight", "horizontal speed of about 7.8 km/s")
    assert question.key_points_origin == "llm"
    assert UNHELD in llm.state.requests[0].body["messages"][1]["content"]


def test_an_llm_failure_leaves_the_question_for_the_next_take(
    llm: RunningChatServer,
) -> None:
    # given
    llm.state.status = 500
    question = custom(UNHELD)
    # when
    points = key_points_for(question, EngineConfig())
    # then
    question.refresh_from_db()
    assert points == ()
    assert question.key_points == [] and question.key_points_origin == ""
    # and: when the LLM is back, the next take gets key points
    llm.state.status, llm.state.content = 200, json.dumps({"key_points": ["orbital speed"]})
    assert key_points_for(question, EngineConfig()) == ("orbital speed",)


def test_key_points_given_with_the_question_are_kept() -> None:
    question = QuestionFactory(text="How do you pick which features go into a model?",
                               category="custom", key_points=["my own point"])
    assert key_points_for(question, EngineConfig()) == ("my own point",)
    question.refresh_from_db()
    assert question.key_points_origin == ""
