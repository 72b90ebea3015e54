"""Which kind of question an answer was given to: behavioural or technical/role.

The structure rubric depends on it (STAR parts for a story, organisation and specificity for
an explanation; see ``rubric.STRUCTURE``). Bank questions carry a category that says it; a
custom, résumé or follow-up question is classified from its wording with one documented rule:
behavioural-interview prompts ask for a past episode in a small set of stock phrases ("Tell
me about a time", "Describe a situation", "Give an example of when"; Janz 1982, the patterned
behaviour description interview), and anything else asks for knowledge or reasoning, which
is judged as technical/role. A false "technical" only stops STAR from being demanded; it never
costs a behavioural answer points it earned, since organisation and length still count.
"""

from __future__ import annotations

import re
from typing import Final

from analysis_app.engine.scoring.rubric_types import DEFAULT_QUESTION_KIND, QuestionKind

#: Stock phrasings of a behavioural prompt: each asks for one past episode.
BEHAVIOURAL_PROMPTS: Final = tuple(re.compile(pattern) for pattern in (
    r"\btell (me|us) about (a|an|the|one) (time|situation|occasion|moment|instance)\b",
    r"\btell (me|us) about (a|an) (project|conflict|challenge|mistake|failure|disagreement)"
    r" (where|when|in which|that)\b",
    r"\bdescribe (a|an|the|one) (time|situation|occasion|moment|instance|experience)\b",
    r"\bgive (me |us )?(an|one) example of (a time |a situation )?(when|where|how you)\b",
    r"\b(share|recall|walk (me|us) through) (a|an) (time|situation|experience|occasion)\b",
    r"\bhave you ever\b",
    r"\bwhat did you do when\b",
))

#: Question categories (sessions_app QuestionCategory values) that fix the kind; the others
#: (résumé, follow-up, custom) are classified from the text.
CATEGORY_KINDS: Final[dict[str, QuestionKind]] = {
    "behavioural": QuestionKind.BEHAVIOURAL,
    "role": QuestionKind.TECHNICAL,
    "skill": QuestionKind.TECHNICAL,
}


def classify_question(text: str | None) -> QuestionKind:
    """Behavioural when the wording asks for a past episode, else technical/role.

    No question at all gives the default (behavioural): nothing says STAR is out of place,
    and answers analysed without a question keep the scores they had."""
    if not (text or "").strip():
        return DEFAULT_QUESTION_KIND
    lowered = " ".join((text or "").lower().replace("\u2019", "'").split())
    if any(pattern.search(lowered) for pattern in BEHAVIOURAL_PROMPTS):
        return QuestionKind.BEHAVIOURAL
    return QuestionKind.TECHNICAL


def question_kind_for(category: str | None, text: str | None) -> QuestionKind:
    """The kind a question's category fixes, or the one its wording shows."""
    kind = CATEGORY_KINDS.get(category or "")
    return kind if kind is not None else classify_question(text)
