"""Questions and follow-ups written by an LLM for this candidate, with the bank as fallback.

The LLM is an optional improvement, never a dependency: every call has a deadline, every reply
is validated item by item, and whatever it cannot provide (no provider configured, a timeout,
an HTTP error, malformed JSON, too few usable items) is filled from the bank and the rules, so
a session always gets its full, balanced set. Only a summary of the résumé is sent (titles,
employers, skills, projects), never the candidate's name or contact details.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Unpack

from analysis_app.engine.llm_client import ChatCompletionsClient, LLMError, parse_json_content
from sessions_app.questions.followups import (
    AnswerGaps,
    FollowUp,
    FollowUpReason,
    FollowUpSource,
    follow_ups,
)
from sessions_app.questions.generation import (
    QuestionSetOptions,
    Share,
    generate_question_shares,
    interleave,
    share_counts,
)
from sessions_app.questions.types import (
    Category,
    Difficulty,
    GeneratedQuestion,
    Source,
    normalise_question_text,
)
from sessions_app.resume.parse import ParsedResume
from sessions_app.resume.roles import ROLE_LABELS

logger = logging.getLogger(__name__)

_SHARE_OF_CATEGORY = {
    "behavioural": Share.BEHAVIOURAL,
    "role": Share.ROLE,
    "skill": Share.ROLE,
    "resume": Share.RESUME,
}
_MAX_QUESTION_CHARS = 400
_MAX_KEY_POINT_CHARS = 160
_MAX_ANSWER_CHARS = 4000


@dataclass(frozen=True, slots=True)
class TailoredQuestions:
    questions: list[GeneratedQuestion]
    llm_used: bool
    fallback_reason: str | None = None  # why (some of) the set came from the bank


@dataclass(frozen=True, slots=True)
class TailoredFollowUps:
    follow_ups: list[FollowUp]
    llm_used: bool
    fallback_reason: str | None = None


def _resume_summary(resume: ParsedResume) -> dict[str, Any]:
    return {
        "years_of_experience": resume.years_of_experience,
        "experience": [
            {
                "title": job.title,
                "employer": job.employer,
                "from": job.start,
                "to": "present" if job.is_current else job.end,
                "skills": job.skills[:8],
                "highlights": job.highlights[:3],
            }
            for job in resume.experiences[:6]
        ],
        "skills": resume.skills[:20],
        "projects": [
            {"name": project.name, "skills": project.skills[:5]} for project in resume.projects[:4]
        ],
    }


def _question_messages(
    *,
    role: str,
    difficulty: Difficulty,
    wanted: Mapping[Share, int],
    resume: ParsedResume | None,
    avoid: Sequence[str],
) -> list[dict[str, str]]:
    system = (
        "You are an experienced interviewer preparing a mock job interview. Reply with one "
        'JSON object and nothing else, exactly of this shape: {"questions": [{"text": "...", '
        '"category": "behavioural" | "role" | "resume", "key_points": ["...", "..."]}]}. '
        "key_points are 3 to 5 short phrases naming what a strong answer covers."
    )
    request: dict[str, Any] = {
        "role": ROLE_LABELS.get(role, role),
        "difficulty": difficulty.value,
        "questions_per_category": {share.value: number for share, number in wanted.items()},
        "do_not_repeat": list(avoid)[:20],
    }
    if resume is not None:
        request["resume"] = _resume_summary(resume)
        request["note"] = (
            "'resume' questions must name something specific from the résumé, such as a skill "
            "used at an employer or a project."
        )
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": json.dumps(request, ensure_ascii=False)},
    ]


def _text_items(value: Any, *, low: int, high: int) -> list[str] | None:
    if not isinstance(value, list):
        return None
    items = [" ".join(item.split()) for item in value if isinstance(item, str)]
    items = [item for item in items if low <= len(item) <= high]
    return items or None


def _llm_question(item: Any, difficulty: Difficulty, with_resume: bool) -> GeneratedQuestion | None:
    """One validated question from the reply, or None: a bad item is dropped, not trusted."""
    if not isinstance(item, dict):
        return None
    text = item.get("text")
    category = item.get("category")
    if not isinstance(text, str) or not isinstance(category, str):
        return None
    text = " ".join(text.split())
    share = _SHARE_OF_CATEGORY.get(category.strip().lower())
    if share is None or (share is Share.RESUME and not with_resume):
        return None
    if not 15 <= len(text) <= _MAX_QUESTION_CHARS or len(text.split()) < 4:
        return None
    key_points = _text_items(item.get("key_points"), low=2, high=_MAX_KEY_POINT_CHARS)
    if key_points is None:
        return None
    digest = hashlib.sha1(normalise_question_text(text).encode(), usedforsecurity=False)
    return GeneratedQuestion(
        key=f"llm:{digest.hexdigest()[:16]}",
        text=text,
        category=Category(share.value),
        key_points=tuple(key_points[:6]),
        source=Source.LLM,
        difficulty=difficulty,
    )


def _parse_questions(
    content: str, difficulty: Difficulty, with_resume: bool
) -> list[GeneratedQuestion]:
    data = parse_json_content(content)
    items = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise LLMError("reply JSON has no 'questions' list")
    parsed = [_llm_question(item, difficulty, with_resume) for item in items]
    return [question for question in parsed if question is not None]


def tailored_questions(
    bank: Iterable[Mapping[str, Any]],
    *,
    client: ChatCompletionsClient | None,
    **options: Unpack[QuestionSetOptions],
) -> TailoredQuestions:
    """LLM-written questions in the same balanced shares as ``generate_questions`` (and with
    the same options); every share the LLM leaves short is filled from the bank's choice for
    that share."""
    level = Difficulty(options["difficulty"])
    role, count, resume = options["role"], options["count"], options.get("resume")
    recent_keys, recent_texts = options.get("recent_keys", ()), options.get("recent_texts", ())
    bank_shares = generate_question_shares(list(bank), **options)
    if client is None:
        return TailoredQuestions(interleave(bank_shares)[:count], llm_used=False)

    wanted = share_counts(count, with_resume=resume is not None)
    avoid = list(recent_texts)
    try:
        content = client.complete(
            _question_messages(
                role=role, difficulty=level, wanted=wanted, resume=resume, avoid=avoid
            )
        )
        proposed = _parse_questions(content, level, resume is not None)
    except LLMError as error:
        logger.warning("LLM questions unavailable, using the bank: %s", error)
        return TailoredQuestions(interleave(bank_shares)[:count], False, str(error))

    recent_keys_set = set(recent_keys)
    seen = {normalise_question_text(text) for text in recent_texts}
    chosen: dict[Share, list[GeneratedQuestion]] = {share: [] for share in wanted}
    for question in proposed:
        share = Share(question.category.value)
        normalised = normalise_question_text(question.text)
        if normalised in seen or question.key in recent_keys_set:
            continue
        if len(chosen[share]) < wanted[share]:
            seen.add(normalised)
            chosen[share].append(question)
    llm_count = sum(map(len, chosen.values()))
    for share, number in wanted.items():
        for question in bank_shares.get(share, []):
            if len(chosen[share]) >= number:
                break
            normalised = normalise_question_text(question.text)
            if normalised not in seen:
                seen.add(normalised)
                chosen[share].append(question)
    reason = None
    if llm_count == 0:
        reason = "reply held no usable questions"
    elif llm_count < count:
        reason = f"reply held {llm_count} usable questions of {count}"
    if reason:
        logger.warning("LLM questions incomplete, filled from the bank: %s", reason)
    return TailoredQuestions(interleave(chosen)[:count], llm_count > 0, reason)


def _follow_up_messages(
    *,
    question: str,
    answer: str,
    gaps: Sequence[FollowUp],
    limit: int,
) -> list[dict[str, str]]:
    system = (
        "You are an experienced interviewer. Given a question, the candidate's answer and "
        "the gaps found in it, write follow-up questions that probe those gaps, one sentence "
        'each. Reply with one JSON object and nothing else: {"follow_ups": [{"text": "...", '
        '"reason": "..."}]}.'
    )
    request = {
        "question": question,
        "answer": answer[:_MAX_ANSWER_CHARS],
        "gaps": [gap.target or gap.reason.value for gap in gaps],
        "max_follow_ups": limit,
    }
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": json.dumps(request, ensure_ascii=False)},
    ]


def _parse_follow_ups(content: str) -> list[FollowUp]:
    data = parse_json_content(content)
    items = data.get("follow_ups") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise LLMError("reply JSON has no 'follow_ups' list")
    result: list[FollowUp] = []
    for item in items:
        text = item.get("text") if isinstance(item, dict) else None
        if not isinstance(text, str):
            continue
        text = " ".join(text.split())
        if 10 <= len(text) <= _MAX_QUESTION_CHARS and len(text.split()) >= 3:
            reason = item.get("reason")
            target = reason.strip()[:_MAX_KEY_POINT_CHARS] if isinstance(reason, str) else None
            result.append(
                FollowUp(text, FollowUpReason.TAILORED, target or None, FollowUpSource.LLM)
            )
    return result


def tailored_follow_ups(
    *,
    client: ChatCompletionsClient | None,
    question: str,
    answer: str,
    limit: int = 2,
    seed: int | None = None,
    **gaps: Unpack[AnswerGaps],
) -> TailoredFollowUps:
    """Follow-ups written by the LLM for this answer, or the rule-based ones when the LLM is
    not configured or fails. The rules' gaps guide the LLM, so both probe the same weaknesses."""
    rules = follow_ups(limit=max(limit, 3), seed=seed, **gaps)
    if client is None:
        return TailoredFollowUps(rules[:limit], llm_used=False)
    try:
        content = client.complete(
            _follow_up_messages(question=question, answer=answer, gaps=rules, limit=limit)
        )
        written = _parse_follow_ups(content)
    except LLMError as error:
        logger.warning("LLM follow-ups unavailable, using the rules: %s", error)
        return TailoredFollowUps(rules[:limit], False, str(error))
    if not written:
        return TailoredFollowUps(rules[:limit], False, "reply held no usable follow-ups")
    return TailoredFollowUps(written[:limit], llm_used=True)


def _key_point_messages(question: str) -> list[dict[str, str]]:
    system = (
        "You are an experienced interviewer. Given an interview question, list what a strong "
        "answer covers, as 3 to 5 short phrases. Reply with one JSON object and nothing "
        'else: {"key_points": ["...", "..."]}.'
    )
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": json.dumps({"question": question[:_MAX_QUESTION_CHARS]},
                                               ensure_ascii=False)},
    ]


def llm_key_points(client: ChatCompletionsClient, question: str) -> tuple[str, ...]:
    """Key points the LLM expects of an answer to `question`; LLMError when it gives none.

    Used for a candidate's own question that the bank does not hold, so that coverage can be
    scored; the caller stores them with their origin, and the report shows them."""
    data = parse_json_content(client.complete(_key_point_messages(question)))
    points = _text_items(data.get("key_points") if isinstance(data, dict) else None,
                         low=2, high=_MAX_KEY_POINT_CHARS)
    if points is None:
        raise LLMError("reply JSON has no usable 'key_points' list")
    return tuple(points[:6])
