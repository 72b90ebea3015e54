"""The key points an answer is scored against, found once for a question that had none.

A question added without key points borrows those of the bank question that asks the same
thing (`engine.key_points`); failing that, the optional LLM writes some; failing both, the
question has none and coverage is not scored (no penalty). This runs in the worker's text
stage, where the sentence embedder is already loaded, not in the web process; what it finds is
stored on the question, so the report shows the points and every later take uses them.
"""

from __future__ import annotations

import logging

from django.conf import settings

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.key_points import BankCandidate, closest_bank_question
from analysis_app.engine.llm_client import LLMError, client_from_settings
from sessions_app import selectors, services
from sessions_app.models import Question
from sessions_app.questions.tailoring import llm_key_points

logger = logging.getLogger(__name__)

#: Recorded when neither the bank nor the LLM gave key points, so the search is not repeated.
NO_KEY_POINTS = "none"


def bank_candidates() -> list[BankCandidate]:
    """The active bank, as the engine compares questions with it."""
    return [BankCandidate(row.key, row.text, tuple(row.key_points))
            for row in selectors.bank_questions_active()]


def key_points_for(question: Question, config: EngineConfig) -> tuple[str, ...]:
    """The question's key points, finding and storing them first if it came with none."""
    if question.key_points or question.key_points_origin:
        return tuple(question.key_points)
    bank = bank_candidates()
    match = closest_bank_question(question.text, bank, config)
    if match is not None:
        points, origin = match.key_points, f"bank:{match.key}"
    else:
        points, origin = (), NO_KEY_POINTS
        client = client_from_settings(settings)
        if client is not None:
            try:
                points, origin = llm_key_points(client, question.text), "llm"
            except LLMError as error:
                # Left unresolved: the next take asks again rather than never scoring coverage.
                logger.warning("LLM key points unavailable for question %s: %s",
                               question.pk, error)
                return ()
    adopted = services.question_key_points_adopt(
        question=question, key_points=list(points), origin=origin
    )
    return tuple(adopted.key_points)
