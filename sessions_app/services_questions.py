"""Writes for résumés, generated questions and follow-ups; the pure cores do the thinking.

`sessions_app.resume` reads files and `sessions_app.questions` chooses questions without
Django; these services feed them database rows and settings and store what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from interview_project.errors import ConflictError, DomainError, TooLargeError
from sessions_app import selectors, services
from sessions_app.models import (
    Answer,
    BankQuestion,
    InterviewSession,
    Question,
    Resume,
)
from sessions_app.questions import (
    ChatCompletionsClient,
    FollowUpSource,
    LLMConfig,
    tailored_questions,
)
from sessions_app.questions.swap import swap_candidate
from sessions_app.resume import ExtractionLimits, ParsedResume, ResumeError, read_resume
from sessions_app.resume.roles import GENERAL, role_for_title
from sessions_app.selectors import recent_question_keys_and_texts


def _limits() -> ExtractionLimits:
    return ExtractionLimits(
        max_file_bytes=settings.RESUME_MAX_UPLOAD_BYTES,
        max_pdf_pages=settings.RESUME_MAX_PDF_PAGES,
        max_archive_entries=settings.RESUME_MAX_ARCHIVE_ENTRIES,
        max_uncompressed_bytes=settings.RESUME_MAX_UNCOMPRESSED_BYTES,
        max_compression_ratio=settings.RESUME_MAX_COMPRESSION_RATIO,
    )


def llm_client() -> ChatCompletionsClient | None:
    """The configured provider, or None: the LLM is optional everywhere."""
    config = LLMConfig.from_settings(settings)
    return ChatCompletionsClient(config) if config else None


def resume_upload(*, owner: AbstractBaseUser, file: UploadedFile) -> Resume:
    """Parse first, store after: a refused file leaves nothing on disk or in the database."""
    if file.size is not None and file.size > settings.RESUME_MAX_UPLOAD_BYTES:
        raise TooLargeError(
            f"The résumé is {file.size} bytes; the limit is {settings.RESUME_MAX_UPLOAD_BYTES}.",
            code="resume_too_large",
        )
    data = file.read(settings.RESUME_MAX_UPLOAD_BYTES + 1)
    try:
        extracted, parsed = read_resume(data, file.name, limits=_limits())
    except ResumeError as error:
        status = 413 if error.code == "too_large" else 400
        raise DomainError(error.message, code=f"resume_{error.code}", status_code=status) from error
    resume = Resume(
        owner=owner, original_name=(file.name or "resume")[:255], size=len(data),
        source_format=str(extracted.source_format), text=extracted.text, parsed=parsed.to_dict(),
    )
    resume.file.save(f"resume.{extracted.source_format}", ContentFile(data), save=False)
    resume.full_clean()
    resume.save()
    return resume


def resume_delete(*, resume: Resume) -> None:
    resume.file.delete(save=False)
    resume.delete()


def session_role(session: InterviewSession) -> str:
    return session.role or role_for_title(session.target_role) or GENERAL


@dataclass(frozen=True)
class GeneratedSet:
    questions: list[Question]
    llm_used: bool
    fallback_reason: str | None
    #: False when nothing was added because the questions asked for already existed.
    created: bool = True


def _append_questions(session: InterviewSession, items: list[dict[str, Any]]) -> list[Question]:
    """Add questions after the session's last one; `items` are GeneratedQuestion dicts."""
    with transaction.atomic():
        InterviewSession.objects.select_for_update().get(pk=session.pk)
        last = session.questions.aggregate(last=Max("order"))["last"] or 0
        rows = []
        for offset, item in enumerate(items, start=1):
            question = Question(
                session=session, order=last + offset, text=item["text"],
                category=item["category"], key_points=list(item.get("key_points", [])),
                key=item.get("key", "")[:200], source=item.get("source", ""),
                skills=list(item.get("skills", [])),
            )
            question.full_clean()
            rows.append(question)
        return Question.objects.bulk_create(rows)


def session_questions_generate(
    *, session: InterviewSession, count: int, resume: Resume | None = None,
    seed: int | None = None, use_llm: bool = False,
) -> GeneratedSet:
    """A balanced set (behavioural, role, résumé) for the session, avoiding recent repeats."""
    if resume is not None and session.resume_id != resume.pk:
        session.resume = resume
        session.save(update_fields=["resume", "updated_at"])
    resume = resume or session.resume
    parsed = ParsedResume.from_dict(resume.parsed) if resume is not None else None
    recent_keys, recent_texts = recent_question_keys_and_texts(
        user=session.owner, exclude_session=session, sessions=settings.QUESTION_RECENT_SESSIONS
    )
    bank = [row.as_entry() for row in BankQuestion.objects.filter(active=True)]
    chosen = tailored_questions(
        bank, client=llm_client() if use_llm else None, role=session_role(session),
        difficulty=session.difficulty, count=count, resume=parsed, recent_keys=recent_keys,
        recent_texts=recent_texts, seed=seed,
    )
    if not chosen.questions:
        raise DomainError("The question bank has no questions for this role.", code="empty_bank")
    reason = chosen.fallback_reason
    if use_llm and not chosen.llm_used and reason is None:
        reason = "No LLM provider is configured; the questions come from the bank."
    rows = _append_questions(session, [question.to_dict() for question in chosen.questions])
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
    client = llm_client() if use_llm else None
    drafts = selectors.answer_follow_ups_draft(answer=answer, limit=limit, client=client)
    reason = drafts.fallback_reason
    if use_llm and client is None:
        reason = "No LLM provider is configured; rule-based follow-ups."
    with transaction.atomic():
        InterviewSession.objects.select_for_update().get(pk=answer.session_id)
        existing = selectors.answer_follow_ups_existing(answer=answer, limit=limit)
        if existing:
            return _already_made(existing)
        rows = _append_questions(answer.session, drafts.items)
    return GeneratedSet(rows, drafts.llm_used, reason)


def question_swap(*, question: Question, seed: int | None = None) -> Question:
    """Replace a question nobody has answered with another from the bank, in its place.

    The row is kept (its id and its order), so a client that shows the session only swaps one
    line; what it asks becomes the bank question's, key points and skills included, so the new
    question is scored like any bank question. The replacement is never a question the session
    already holds (`questions.swap`), and a refusal (409 `no_swap_available`) says so when the
    bank has nothing else for it."""
    session = question.session
    recent_keys, recent_texts = recent_question_keys_and_texts(
        user=session.owner, exclude_session=session, sessions=settings.QUESTION_RECENT_SESSIONS
    )
    bank = [row.as_entry() for row in BankQuestion.objects.filter(active=True)]
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
