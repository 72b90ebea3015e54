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
from itertools import takewhile, zip_longest
from typing import Required, TypedDict, Unpack

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
class _Shape(StrEnum):
    """What kind of phrase a key point is, which decides the sentences it can fill.

    Key points are written as whatever reads best in the bank ("the budget and costs",
    "map the stakeholders", "how it was resolved", "project"), so one template for all of
    them produced "How would you handle project here?" (issue 15).
    """

    CLAUSE = "clause"  # "how it was resolved": asked about directly
    ACTION = "action"  # "map the stakeholders": what the candidate would do
    TOPIC = "topic"  # "the budget and costs", "testing with users": something to mention


#: Every template ends with "?" and puts the key point where its shape reads as English; no
#: template makes a verb agree with the key point, as "the budget and costs" is plural.
_KEY_POINT_QUESTIONS: dict[_Shape, tuple[str, ...]] = {
    _Shape.CLAUSE: (
        "You didn't say {point}. Could you tell me?",
        "Could you tell me {point}?",
        "Could you say more about {point}?",
    ),
    _Shape.ACTION: (
        "How would you {point}?",
        "You didn't say how you would {point}. Could you walk me through it?",
        "Could you talk me through how you would {point}?",
    ),
    _Shape.TOPIC: (
        "You didn't mention {point}. How does that come into it?",
        "Could you say more about {point}?",
        "Where would {point} come into it?",
    ),
}
_CLAUSE_WORDS = frozenset({"how", "what", "why", "who", "whom", "whose", "when", "where",
                           "which", "whether", "if"})
#: Verbs that start a key point as an instruction ("diagnose the cause"), unless "of" follows
#: ("estimate of generalisation").
_ACTION_VERBS = frozenset({
    "acknowledge", "adjust", "align", "allocate", "analyse", "analyze", "ask", "avoid",
    "choose", "clarify", "collect", "communicate", "compare", "decide", "define", "diagnose",
    "ensure", "escalate", "explain", "find", "follow", "gather", "identify", "improve",
    "inspect", "involve", "isolate", "keep", "know", "listen", "make", "measure", "negotiate",
    "overfit", "prioritise", "prioritize", "quantify", "re-engage", "reduce", "reinforce",
    "reproduce", "understand", "validate", "verify",
})
#: Verbs that as often start noun phrases ("test duration", "model choices"): an instruction
#: only with an object or particle after them ("test the options", "map the stakeholders").
_ACTION_OR_NOUN = frozenset({
    "build", "check", "design", "document", "estimate", "fix", "map", "model", "plan",
    "research", "review", "segment", "set", "support", "test", "track",
})
#: Words that make a noun phrase complete without an article ("the risks", "two options").
_DETERMINERS = frozenset({
    "a", "an", "the", "your", "my", "our", "their", "its", "his", "her", "this", "that",
    "these", "those", "any", "some", "each", "every", "no", "other", "another", "several",
    "multiple", "both", "all", "many", "much", "more", "most", "few", "fewer", "less", "enough",
    "one", "two", "three", "four", "five",
})
_OBJECT_STARTS = _DETERMINERS | {"it", "them", "up", "out", "down", "back", "before",
                                  "after", "first", "early", "where", "when", "how", "what",
                                  "why", "whether", "if"}
#: Words after a noun phrase's head: prepositions, conjunctions, relative clauses.
_AFTER_HEAD = frozenset({
    "of", "for", "with", "in", "on", "to", "at", "from", "by", "versus", "vs", "and", "or",
    "that", "which", "who", "where", "when", "you", "we", "they", "between", "across",
    "within", "per", "during", "after", "before", "under", "over", "as", "such",
})
_INDEFINITE_PRONOUNS = frozenset({"everyone", "everybody", "someone", "somebody", "anyone",
                                  "anybody", "nobody", "no-one"})


def _in_sentence(phrase: str) -> str:
    """The key point as it reads mid-sentence: no quotes or end mark of its own, and a
    capital kept only on a name or acronym ("Rollback plan" -> "rollback plan", "SQL")."""
    phrase = " ".join(phrase.split()).strip("\"'\u201c\u201d").strip().rstrip(".?!").strip()
    if len(phrase) > 1 and phrase[0].isupper() and phrase[1].islower():
        return phrase[0].lower() + phrase[1:]
    return phrase


def _shape(phrase: str) -> _Shape:
    """Read off the first words: a wh-word starts a clause, an instruction verb an action."""
    raw = phrase.split()
    if not raw or (len(raw[0]) > 1 and raw[0].isupper()):
        return _Shape.TOPIC  # a name in capitals: "EXPLAIN ANALYZE", "SQL joins"
    words = [word.lower() for word in raw]
    first = words[0].rstrip(",;:")
    following = words[1] if len(words) > 1 else None
    if first in _CLAUSE_WORDS:
        return _Shape.CLAUSE
    # A comma straight after the verb ends the instruction: "measure, for example with ...".
    verb_alone = words[0] != first
    if first in _ACTION_VERBS and following != "of":
        return _Shape.ACTION
    if first in _ACTION_OR_NOUN and (verb_alone or following in _OBJECT_STARTS):
        return _Shape.ACTION
    return _Shape.TOPIC


def _complete_noun_phrase(phrase: str) -> bool:
    """Can the phrase stand where a noun phrase goes, as it is?

    Yes with a determiner ("the budget and costs"), as a gerund ("testing with users") or a
    plural ("clear next steps"). A bare singular ("project", "rollback plan") needs an article
    that only the meaning can choose, so it is quoted as the key point's name instead.
    """
    if " " not in phrase and any(char.isupper() for char in phrase):
        return True  # a name or acronym: "Kubernetes", "SQL"
    words = phrase.lower().split()
    if not words:
        return False
    first = words[0]
    if first in _INDEFINITE_PRONOUNS:
        return False  # a clause of its own: "everyone commits"
    # The head noun comes before any preposition or conjunction: "limits of Python".
    before = list(takewhile(lambda word: word not in _AFTER_HEAD, words))
    head = (before or words)[-1].strip(",;:")
    if first == "not" and len(words) > 1:
        first = words[1]
    if first in _DETERMINERS or first[0].isdigit():
        return True
    if first.endswith("ing") and len(first) > 4:
        return True
    return len(head) > 3 and head.endswith("s") and not head.endswith(("ss", "us", "is"))


def key_point_question(point: str, template_index: int = 0) -> str:
    """The follow-up asking about a missed key point, in a sentence that fits its shape.

    `template_index` picks among the shape's templates (taken modulo their number), so that
    several missed points are not all asked in the same words.
    """
    phrase = _in_sentence(point)
    shape = _shape(phrase)
    if shape is _Shape.TOPIC and not _complete_noun_phrase(phrase):
        phrase = f'"{phrase}"'
    templates = _KEY_POINT_QUESTIONS[shape]
    return templates[template_index % len(templates)].format(point=phrase)


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


class AnswerGaps(TypedDict, total=False):
    """What the analysis found missing in one answer: the keyword arguments of ``follow_ups``.

    The rules and the LLM path (``tailoring.tailored_follow_ups``) take the same gaps and the
    LLM path hands them to the rules unchanged, so they are declared here once.
    ``star_found`` lists the STAR components the scoring found (absent or None: not
    analysed); ``key_points_missed`` the question's key points the answer did not cover.
    """

    category: Required[Category | str]
    star_found: Collection[str] | None
    key_points_missed: Sequence[str]
    word_count: int | None


def follow_ups(
    *, limit: int = 2, seed: int | None = None, **gaps: Unpack[AnswerGaps]
) -> list[FollowUp]:
    """Up to ``limit`` follow-ups for an answer with these gaps, most useful first.

    An answer with no gaps gets no follow-up: asking for more of a complete answer teaches
    nothing.
    """
    star_found, word_count = gaps.get("star_found"), gaps.get("word_count")
    key_points_missed = gaps.get("key_points_missed", ())
    rng = random.Random(seed)
    kind = Category(gaps["category"])
    result: list[FollowUp] = []
    if word_count is not None and word_count < MIN_ANSWER_WORDS:
        result.append(FollowUp(rng.choice(_TOO_SHORT), FollowUpReason.TOO_SHORT))

    star: list[FollowUp] = []
    if star_found is not None and kind in _STORY_CATEGORIES:
        for reason in _star_gaps(star_found):
            target = reason.value.removeprefix("missing_")
            star.append(FollowUp(rng.choice(_STAR_QUESTIONS[reason]), reason, target))
    offset = rng.randrange(len(_KEY_POINT_QUESTIONS[_Shape.TOPIC]))
    points = [
        FollowUp(key_point_question(point, offset + index), FollowUpReason.MISSED_KEY_POINT,
                 point)
        for index, point in enumerate(
            dict.fromkeys(p for p in key_points_missed if _in_sentence(p)))
    ]
    # Alternate story gaps and content gaps so that two follow-ups cover both kinds.
    for pair in zip_longest(star, points):
        result.extend(follow_up for follow_up in pair if follow_up is not None)
    return result[: max(limit, 0)]
