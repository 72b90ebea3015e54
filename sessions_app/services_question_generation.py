"""Writes for the questions the bank or the LLM chooses: generated sets, follow-ups, swaps.

`sessions_app.questions` chooses questions without Django; these services feed it database
rows, the parsed résumé and settings, and store what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from analysis_app.engine.llm_client import client_from_settings
from analysis_app.engine.typed_json import dump, load
from interview_project.errors import ConflictError, DomainError
from sessions_app import selectors, services
from sessions_app.models import (
    Answer,
    InterviewSession,
    Question,
    Resume,
)
from sessions_app.questions import FollowUpSource, tailored_questions
from sessions_app.questions.swap import swap_candidate
from sessions_app.resume import ParsedResume
from sessions_app.resume.roles import GENERAL, role_for_title
from sessions_app.selectors import recent_question_keys_and_texts


def session_role(session: InterviewSession) -> str:
    return session.role or role_for_title(session.target_role) or GENERAL


def _bank_and_recent(
    session: InterviewSession,
) -> tuple[list[dict[str, object]], set[str], set[str]]:
    """The active bank, and the keys and texts of what the owner was asked in their last
    `QUESTION_RECENT_SESSIONS` sessions (not asked again)."""
    recent_keys, recent_texts = recent_question_keys_and_texts(
        user=session.owner, exclude_session=session, sessions=settings.QUESTION_RECENT_SESSIONS
    )
    return [row.as_entry() for row in selectors.bank_questions_active()], recent_keys, recent_texts


@dataclass(frozen=True)
class GeneratedSet:
    questions: list[Question]
    llm_used: bool
    fallback_reason: str | None
    #: False when nothing was added because the questions asked for already existed.
    created: bool = True


def session_questions_generate(
    *, session: InterviewSession, count: int, resume: Resume | None = None,
    seed: int | None = None, use_llm: bool = False,
) -> GeneratedSet:
    """A balanced set (behavioural, role, résumé) for the session, avoiding recent repeats."""
    if resume is not None and session.resume_id != resume.pk:
        session.resume = resume
        session.save(update_fields=["resume", "updated_at"])
    resume = resume or session.resume
    parsed = load(ParsedResume, resume.parsed) if resume is not None else None
    bank, recent_keys, recent_texts = _bank_and_recent(session)
    client = client_from_settings(settings) if use_llm else None
    chosen = tailored_questions(
        bank, client=client, role=session_role(session), difficulty=session.difficulty,
        count=count, resume=parsed, recent_keys=recent_keys, recent_texts=recent_texts, seed=seed,
    )
    if not chosen.questions:
        raise DomainError("The question bank has no questions for this role.", code="empty_bank")
    reason = chosen.fallback_reason
    if use_llm and not chosen.llm_used and reason is None:
        reason = "No LLM provider is configured; the questions come from the bank."
    rows = services.questions_append(
        session=session, items=[dump(question) for question in chosen.questions]
    )
    return GeneratedSet(rows, chosen.llm_used, reason)


def _already_made(questions: list[Question]) -> GeneratedSet:
    llm_used = any(question.source == f"follow_up_{FollowUpSource.LLM}" for question in questions)
    return GeneratedSet(questions, llm_used, None, created=False)


def answer_follow_ups_create(*, answer: Answer, use_llm: bool = False, limit: int = 2
                             ) -> GeneratedSet:
    """Follow-up questions from what the answer left out, appended to its session.

    Once per answer: a second call returns the follow-ups the first one added (at most
    `limit`, `created` False) instead of appending the same questions again. The check is
    repeated under the session's lock, after the (possibly slow) LLM call, so two calls at once
    still add them once. What is added comes from `selectors.answer_follow_ups_draft`, the
    function the preview (GET .../follow-ups/next/) reads too, so the offer shown is the
    question added."""
    existing = selectors.answer_follow_ups_existing(answer=answer, limit=limit)
    if existing:
        return _already_made(existing)
    client = client_from_settings(settings) if use_llm else None
    drafts = selectors.answer_follow_ups_draft(answer=answer, limit=limit, client=client)
    reason = drafts.fallback_reason
    if use_llm and client is None:
        reason = "No LLM provider is configured; rule-based follow-ups."
    with transaction.atomic():
        InterviewSession.objects.select_for_update().get(pk=answer.session_id)
        existing = selectors.answer_follow_ups_existing(answer=answer, limit=limit)
        if existing:
            return _already_made(existing)
        rows = services.questions_append(session=answer.session, items=drafts.items)
    return GeneratedSet(rows, drafts.llm_used, reason)


def question_swap(*, question: Question, seed: int | None = None) -> Question:
    """Replace a question nobody has answered with another from the bank, in its place.

    The row is kept (its id and its order), so a client that shows the session only swaps one
    line; what it asks becomes the bank question's, key points and skills included, so the new
    question is scored like any bank question. The replacement is never a question the session
    already holds (`questions.swap`), and a refusal (409 `no_swap_available`) says so when the
    bank has nothing else for it."""
    session = question.session
    bank, recent_keys, recent_texts = _bank_and_recent(session)
    with transaction.atomic():
        locked = services.question_lock_unanswered(question=question)
        held = list(session.questions.values_list("key", "text"))
        choice = swap_candidate(
            bank, category=locked.category, role=session_role(session),
            difficulty=session.difficulty, session_keys={key for key, _ in held if key},
            session_texts={text for _, text in held}, recent_keys=recent_keys,
            recent_texts=recent_texts, seed=seed,
        )
        if choice is None:
            raise ConflictError(
                "Every question the bank has for this session is already in it; edit this "
                "question instead.",
                code="no_swap_available",
            )
        locked.text = choice.text
        locked.category = choice.category.value
        locked.key_points = list(choice.key_points)
        locked.key_points_origin = ""
        locked.key = choice.key[:200]
        locked.source = choice.source.value
        locked.skills = list(choice.skills)
        locked.full_clean()
        locked.save(update_fields=["text", "category", "key_points", "key_points_origin", "key",
                                   "source", "skills"])
    return locked
