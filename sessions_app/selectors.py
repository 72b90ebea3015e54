"""Reads with ownership built in: another user's object is simply not found (404, not 403)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as Account
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from interview_project.errors import DomainError
from interview_project.lookups import row_get_or_404
from sessions_app.models import (
    Answer,
    ApiToken,
    BankQuestion,
    InterviewSession,
    Question,
    QuestionCategory,
    Resume,
)
from sessions_app.questions import Category, ChatCompletionsClient, follow_ups, tailored_follow_ups

#: The permission that makes an account a reviewer (coach): the `reviewers` group holds it
#: (analysis_app migration 0003), superusers hold every permission.
REVIEWER_PERMISSION = "analysis_app.view_answerforreview"

#: Whoever asks: a signed-in account or the anonymous visitor (`request.user`).
User = Account | AnonymousUser

_Row = TypeVar("_Row", bound=Model)


def signed_in(user: User) -> Account:
    """The account behind a request that authentication let through (`IsAuthenticated`,
    `login_required`, the admin): refused as unauthenticated should an anonymous one get here."""
    if not isinstance(user, Account):
        raise DomainError("Sign in first.", code="not_authenticated", status_code=401)
    return user


def user_can_see_all(user: User) -> bool:
    """Whether `user` may read other users' sessions, answers, reports, transcripts and
    recordings (REST and the progress WebSocket): the one predicate every cross-user read asks.

    Both are required: staff status (an operator's deliberate grant that also opens the admin,
    where coaches review) and the reviewer permission. Group membership alone is not enough:
    a group can be joined by mistake or by a script, and a candidate's recordings are the most
    private thing the platform holds. Plain staff without the permission read only their own.
    An inactive account reads nothing of anyone else's.
    """
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return bool(user.has_perm(REVIEWER_PERMISSION))


def _readable(rows: QuerySet[_Row], *, user: User, owner: str) -> QuerySet[_Row]:
    """`rows` as `user` may read them: every one for a reviewer, none for an anonymous
    visitor, otherwise those whose `owner` lookup (the path to the owning account) is them."""
    if user_can_see_all(user):
        return rows.all()
    if not user.is_authenticated:
        return rows.none()
    return rows.filter(**{owner: user})


def session_list(*, user: User) -> QuerySet[InterviewSession]:
    return _readable(InterviewSession.objects.select_related("owner"), user=user, owner="owner")


def session_get(*, user: User, session_id: UUID | str) -> InterviewSession:
    return row_get_or_404(session_list(user=user), "Interview session not found.", id=session_id)


def session_owned_get(*, user: User, session_id: UUID | str) -> InterviewSession:
    """For writes: only the owner changes a session, even staff only read it."""
    session = session_get(user=user, session_id=session_id)
    if session.owner_id != user.pk:
        raise Http404("Interview session not found.")
    return session


def question_list(*, session: InterviewSession) -> QuerySet[Question]:
    return session.questions.order_by("order")


def question_owned_get(
    *, user: User, session_id: UUID | str, question_id: int
) -> Question:
    """For changing a question: only the session's owner, and only a question of that session
    (a question id from another session is not found, even the user's own)."""
    session = session_owned_get(user=user, session_id=session_id)
    questions = question_list(session=session).select_related("session")
    return row_get_or_404(questions, "Question not found.", id=question_id)


def answer_list(*, user: User, session: InterviewSession | None = None) -> QuerySet[Answer]:
    answers = Answer.objects.select_related("session", "question")
    if session is not None:
        answers = answers.filter(session=session)
    return _readable(answers, user=user, owner="session__owner")


def answer_get(*, user: User, answer_id: UUID | str) -> Answer:
    return row_get_or_404(answer_list(user=user), "Answer not found.", id=answer_id)


def answer_owned_get(*, user: User, answer_id: UUID | str) -> Answer:
    answer = answer_get(user=user, answer_id=answer_id)
    if answer.session.owner_id != user.pk:
        raise Http404("Answer not found.")
    return answer


#: The question kinds the follow-up rules know (the generated categories); anything else is
#: asked about like a story.
_FOLLOW_UP_BASE_CATEGORIES = frozenset(Category)


def _follow_up_key_prefix(answer: Answer) -> str:
    return f"follow_up:{answer.pk}:"


def answer_follow_ups_existing(*, answer: Answer, limit: int) -> list[Question]:
    """The follow-ups an earlier call added for `answer` (their keys name it), in order."""
    return list(
        answer.session.questions.filter(key__startswith=_follow_up_key_prefix(answer))
        .order_by("order")[:limit]
    )


def _answer_gaps(answer: Answer) -> dict[str, Any]:
    """STAR parts found and key points missed, from the answer's language analysis."""
    text = answer.stage_runs.filter(stage="text", status="finished").first()
    if text is None or not text.result:
        raise DomainError(
            "Follow-ups need the answer's transcript analysis, which is not finished.",
            code="analysis_not_ready", status_code=409,
        )
    return text.result.get("gaps", {})


@dataclass(frozen=True)
class FollowUpDrafts:
    """Follow-up questions for an answer as they would be stored, before anything is."""

    #: `Question` fields per follow-up (key, text, category, source, key_points).
    items: list[dict[str, Any]]
    llm_used: bool
    fallback_reason: str | None


def answer_follow_ups_draft(
    *, answer: Answer, limit: int, client: ChatCompletionsClient | None = None
) -> FollowUpDrafts:
    """The follow-ups `answer` gets, computed and not stored.

    The one place that turns an answer's gaps into follow-up questions: the preview (which
    never writes) and `answer_follow_ups_create` (which appends these items) both call it,
    so what a client is shown is what taking it up adds. Without a client the rules decide,
    deterministically (seeded by the answer's place in the session); with one the LLM may
    word them, which is why only the create call passes a client. Raises 409
    `analysis_not_ready` until the transcript analysis has finished, 404 without a question."""
    question = answer.question
    if question is None:
        raise DomainError("The answer has no question.", code="not_found", status_code=404)
    gaps = _answer_gaps(answer)
    category = (question.category if question.category in _FOLLOW_UP_BASE_CATEGORIES
                else Category.BEHAVIOURAL)
    arguments: dict[str, Any] = {
        "category": category, "star_found": gaps.get("star_found"),
        "key_points_missed": gaps.get("key_points_missed", []),
        "word_count": gaps.get("word_count"), "limit": limit, "seed": answer.order,
    }
    if client is not None:
        tailored = tailored_follow_ups(client=client, question=question.text,
                                       answer=gaps.get("transcript", ""), **arguments)
        chosen, llm_used, reason = tailored.follow_ups, tailored.llm_used, tailored.fallback_reason
    else:
        chosen, llm_used, reason = follow_ups(**arguments), False, None
    prefix = _follow_up_key_prefix(answer)
    items = [
        {"key": f"{prefix}{index}", "text": item.text,
         "category": QuestionCategory.FOLLOW_UP.value, "source": f"follow_up_{item.source}",
         "key_points": [item.target] if item.target else []}
        for index, item in enumerate(chosen)
    ]
    return FollowUpDrafts(items, llm_used, reason)


@dataclass(frozen=True)
class FollowUpPreview:
    """The follow-up an answer offers: what taking it up asks, and the question once added."""

    text: str
    category: str
    key_points: list[str]
    #: The session's question when it was added already (by an earlier POST), else None.
    question: Question | None


def answer_follow_up_preview(*, answer: Answer) -> FollowUpPreview | None:
    """The follow-up that POST .../follow-ups/ with limit 1 adds (or added), writing nothing.

    Viewing a report or the room must not change the candidate's session: an unanswered
    question appended on sight would hold back the session's completion (and its webhook)
    and show in their reports. So the offer is read here and only taking it up writes.
    None when the answer's gaps give no follow-up (a complete answer)."""
    existing = answer_follow_ups_existing(answer=answer, limit=1)
    if existing:
        [question] = existing
        return FollowUpPreview(question.text, question.category, list(question.key_points),
                               question)
    drafts = answer_follow_ups_draft(answer=answer, limit=1)
    if not drafts.items:
        return None
    [item] = drafts.items
    return FollowUpPreview(item["text"], item["category"], list(item["key_points"]), None)


def recent_question_keys_and_texts(
    *, user: Account, exclude_session: InterviewSession | None, sessions: int
) -> tuple[set[str], set[str]]:
    """What the user was asked in their last `sessions` sessions, so it is not asked again."""
    recent = InterviewSession.objects.filter(owner=user).order_by("-created_at")
    if exclude_session is not None:
        recent = recent.exclude(pk=exclude_session.pk)
    ids = list(recent.values_list("id", flat=True)[:sessions])
    rows = Question.objects.filter(session_id__in=ids).values_list("key", "text")
    return {key for key, _ in rows if key}, {text for _, text in rows}


def resume_list(*, user: User) -> QuerySet[Resume]:
    return Resume.objects.filter(owner=user) if user.is_authenticated else Resume.objects.none()


def resume_get(*, user: User, resume_id: UUID | str) -> Resume:
    return row_get_or_404(resume_list(user=user), "Résumé not found.", id=resume_id)


def bank_questions_active() -> QuerySet[BankQuestion]:
    """The bank as staff keep it in the admin: questions, and key points others may borrow."""
    return BankQuestion.objects.filter(active=True).order_by("key")


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's API tokens that still work, newest first (expired ones are not shown)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user).exclude(expiry__lte=timezone.now())


def api_token_get(*, user: User, token_id: UUID | str) -> ApiToken:
    return row_get_or_404(api_token_list(user=user), "API token not found.", id=token_id)
