"""Optional rephrasing of the built-in feedback by an OpenAI-compatible chat endpoint.

The built-in feedback is the product; the LLM may only make it read better. So the reply is
accepted only if it keeps the shape (same number of strengths and improvements) and every
number: an item that loses or invents a number is a rephrasing that changed the facts. Any
failure (no configuration, timeout, HTTP error, malformed reply, a changed number) returns
the built-in feedback unchanged, and the caller never has to catch anything.

Only the feedback text is sent, never the transcript or who the candidate is. The call goes
through the one LLM client (``analysis_app.engine.llm_client``): its overall deadline is the
stage's time budget (``LLM_TIMEOUT_S``), and it refuses redirects, so the text goes only to the
configured host. The caller passes a client built from settings, or None when no provider is
configured; this module reads no environment.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any

from analysis_app.engine.llm_client import ChatCompletionsClient, LLMError, parse_json_content
from analysis_app.engine.scoring.feedback import Feedback

logger = logging.getLogger(__name__)

#: Lower than question writing's: a rephrasing should stay close to the facts it was given.
TEMPERATURE = 0.3
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MAX_ITEM_CHARS = 600

SYSTEM_PROMPT = (
    "You rewrite feedback on a job-interview practice answer so it reads warm, direct and "
    "encouraging. Keep every number exactly as written (digits, not words) and add no new "
    "number, fact or advice. Keep the same number of strengths and improvements, in the same "
    "order, each one or two sentences. Reply with only a JSON object: "
    '{"summary": string, "strengths": [string], "improvements": [string]}.'
)


def _content(reply: str) -> dict[str, Any]:
    parsed = parse_json_content(reply)
    if not isinstance(parsed, dict):
        raise LLMError("message content is not a JSON object")
    return parsed


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def _checked(original: Feedback, reply: Mapping[str, Any], model: str) -> Feedback:
    summary = reply.get("summary")
    strengths = reply.get("strengths")
    improvements = reply.get("improvements")
    if not isinstance(summary, str) or not summary.strip():
        raise LLMError("no summary")
    for name, new, old in (("strengths", strengths, original.strengths),
                           ("improvements", improvements, original.improvements)):
        if not isinstance(new, list) or len(new) != len(old):
            raise LLMError(f"{name}: expected {len(old)} items")
        for new_item, old_item in zip(new, old, strict=True):
            if not isinstance(new_item, str) or not 0 < len(new_item.strip()) <= _MAX_ITEM_CHARS:
                raise LLMError(f"{name}: an item is empty or too long")
            if _numbers(new_item) != _numbers(old_item):
                raise LLMError(f"{name}: numbers changed in {new_item!r}")
    if not _numbers(summary) <= _numbers(original.summary):
        raise LLMError("summary: a number was invented")
    return Feedback(
        summary=summary.strip(),
        strengths=tuple(s.strip() for s in strengths),  # type: ignore[union-attr]
        improvements=tuple(s.strip() for s in improvements),  # type: ignore[union-attr]
        source=f"llm:{model}",
    )


def rephrase_feedback(feedback: Feedback, *, client: ChatCompletionsClient | None) -> Feedback:
    """The feedback rephrased by the LLM behind ``client``, or ``feedback`` itself when there
    is no client (nothing is sent) or on any failure."""
    if client is None:
        return feedback
    original = {"summary": feedback.summary, "strengths": list(feedback.strengths),
                "improvements": list(feedback.improvements)}
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": json.dumps(original, ensure_ascii=False)},
    ]
    try:
        reply = client.complete(messages, temperature=TEMPERATURE)
        return _checked(feedback, _content(reply), client.config.model)
    except LLMError as error:
        logger.warning("LLM feedback not used, keeping the built-in feedback: %s", error)
        return feedback
