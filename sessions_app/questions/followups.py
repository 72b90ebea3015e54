"""Follow-up questions from the gaps in an answer, without an LLM.

A follow-up is what a good interviewer asks next: the part of the story that was missing
(what *you* did, how it ended) or a key point the answer skipped. Gaps are ranked by how much
they weaken an answer: an answer too short to judge first; then the story's gaps (a missing
action, the core of a behavioural answer, then a missing result, then missing context)
alternating with missed key points in the order the question lists them.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import zip_longest
from typing import Any

from sessions_app.questions.types import Category

STAR_COMPONENTS = ("situation", "task", "action", "result")
# Below this an answer has no room for a story or an explanation (about 15 s of speech).
MIN_ANSWER_WORDS = 40
# Story questions are judged on STAR; technical ones on their key points.
_STORY_CATEGORIES = frozenset({Category.BEHAVIOURAL, Category.RESUME})


class FollowUpReason(StrEnum):
    TOO_SHORT = "too_short"
    MISSING_ACTION = "missing_action"
    MISSING_RESULT = "missing_result"
    MISSING_CONTEXT = "missing_context"
    MISSING_SITUATION = "missing_situation"
    MISSING_TASK = "missing_task"
    MISSED_KEY_POINT = "missed_key_point"
    TAILORED = "tailored"  # written by the LLM for this answer


class FollowUpSource(StrEnum):
    RULES = "rules"
    LLM = "llm"


@dataclass(frozen=True, slots=True)
class FollowUp:
    text: str
    reason: FollowUpReason
    target: str | None = None  # the STAR component or key point it asks about
    source: FollowUpSource = FollowUpSource.RULES

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "reason": self.reason.value,
            "target": self.target,
            "source": self.source.value,
        }


_STAR_QUESTIONS: dict[FollowUpReason, tuple[str, ...]] = {
    FollowUpReason.MISSING_ACTION: (
        "What did you personally do? Walk me through the steps you took.",
        "What was your own part in that, as opposed to the team's?",
    ),
    FollowUpReason.MISSING_RESULT: (
        "How did it end? What was the result, and can you put a number on it?",
        "What changed because of what you did? How did you know it worked?",
    ),
    FollowUpReason.MISSING_CONTEXT: (
        "Can you set the scene: what was the situation, and what were you responsible for?",
    ),
    FollowUpReason.MISSING_SITUATION: (
        "What was the context? Where were you, and what was going on at the time?",
    ),
    FollowUpReason.MISSING_TASK: (
        "What exactly were you responsible for in that situation?",
        "What was the goal you had to reach there?",
    ),
}
_TOO_SHORT = (
    "That was brief. Can you walk me through a specific example, step by step?",
    "Could you expand on that with a concrete example from your experience?",
)
_KEY_POINT_QUESTIONS = (
    "You didn't mention {point}. How does that come into it?",
    "Could you say more about {point}?",
    "How would you handle {point} here?",
)


def _in_sentence(phrase: str) -> str:
    phrase = phrase.strip().rstrip(".?!")
    if len(phrase) > 1 and phrase[0].isupper() and phrase[1].islower():
        return phrase[0].lower() + phrase[1:]
    return phrase


def _star_gaps(found: Collection[str]) -> list[FollowUpReason]:
    present = {component.strip().lower() for component in found}
    gaps: list[FollowUpReason] = []
    if "action" not in present:
        gaps.append(FollowUpReason.MISSING_ACTION)
    if "result" not in present:
        gaps.append(FollowUpReason.MISSING_RESULT)
    situation, task = "situation" in present, "task" in present
    if not situation and not task:
        gaps.append(FollowUpReason.MISSING_CONTEXT)
    elif not situation:
        gaps.append(FollowUpReason.MISSING_SITUATION)
    elif not task:
        gaps.append(FollowUpReason.MISSING_TASK)
    return gaps


def follow_ups(
    *,
    category: Category | str,
    star_found: Collection[str] | None = None,
    key_points_missed: Sequence[str] = (),
    word_count: int | None = None,
    limit: int = 2,
    seed: int | None = None,
) -> list[FollowUp]:
    """Up to ``limit`` follow-ups for an answer, most useful first.

    ``star_found`` lists the STAR components the scoring found (None: not analysed);
    ``key_points_missed`` the question's key points the answer did not cover. An answer with
    no gaps gets no follow-up: asking for more of a complete answer teaches nothing.
    """
    rng = random.Random(seed)
    kind = Category(category)
    result: list[FollowUp] = []
    if word_count is not None and word_count < MIN_ANSWER_WORDS:
        result.append(FollowUp(rng.choice(_TOO_SHORT), FollowUpReason.TOO_SHORT))

    star: list[FollowUp] = []
    if star_found is not None and kind in _STORY_CATEGORIES:
        for reason in _star_gaps(star_found):
            target = reason.value.removeprefix("missing_")
            star.append(FollowUp(rng.choice(_STAR_QUESTIONS[reason]), reason, target))
    templates = list(_KEY_POINT_QUESTIONS)
    rng.shuffle(templates)
    points = [
        FollowUp(
            templates[index % len(templates)].format(point=_in_sentence(point)),
            FollowUpReason.MISSED_KEY_POINT,
            point,
        )
        for index, point in enumerate(dict.fromkeys(p for p in key_points_missed if p.strip()))
    ]
    # Alternate story gaps and content gaps so that two follow-ups cover both kinds.
    for pair in zip_longest(star, points):
        result.extend(follow_up for follow_up in pair if follow_up is not None)
    return result[: max(limit, 0)]
