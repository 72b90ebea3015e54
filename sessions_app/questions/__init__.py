"""Interview questions: the curated bank, balanced generation, follow-ups, optional LLM.

Pure Python, no Django: services pass bank rows as dicts and store what comes back. The LLM
client is the project's one (`analysis_app.engine.llm_client`), re-exported here for callers.
"""

from __future__ import annotations

from analysis_app.engine.llm_client import ChatCompletionsClient, LLMConfig, LLMError
from sessions_app.questions.bank import (
    BankEntryError,
    BankQuestion,
    load_seed_bank,
    parse_bank_entry,
)
from sessions_app.questions.followups import FollowUp, FollowUpReason, FollowUpSource, follow_ups
from sessions_app.questions.generation import generate_questions
from sessions_app.questions.tailoring import (
    TailoredFollowUps,
    TailoredQuestions,
    tailored_follow_ups,
    tailored_questions,
)
from sessions_app.questions.types import Category, Difficulty, GeneratedQuestion, Source

__all__ = [
    "BankEntryError",
    "BankQuestion",
    "Category",
    "ChatCompletionsClient",
    "Difficulty",
    "FollowUp",
    "FollowUpReason",
    "FollowUpSource",
    "GeneratedQuestion",
    "LLMConfig",
    "LLMError",
    "Source",
    "TailoredFollowUps",
    "TailoredQuestions",
    "follow_ups",
    "generate_questions",
    "load_seed_bank",
    "parse_bank_entry",
    "tailored_follow_ups",
    "tailored_questions",
]
