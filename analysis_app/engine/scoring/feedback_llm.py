"""Optional rephrasing of the built-in feedback by an OpenAI-compatible chat endpoint.

The built-in feedback is the product; the LLM may only make it read better. So the reply is
accepted only if it keeps the shape (same number of strengths and improvements) and every
number: an item that loses or invents a number is a rephrasing that changed the facts. Any
failure (no configuration, timeout, HTTP error, malformed reply, a changed number) returns
the built-in feedback unchanged, and the caller never has to catch anything.

Only the feedback text is sent, never the transcript or who the candidate is. The deadline
is a wall-clock one for the whole call (a socket timeout alone restarts with every byte a
slow server trickles), enforced by waiting on a daemon thread. Redirects are refused so the
text goes only to the configured host. Configuration shares the ``LLM_*`` environment
variables of question generation: ``LLM_BASE_URL``, ``LLM_MODEL``, ``LLM_API_KEY``,
``LLM_TIMEOUT_S``.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analysis_app.engine.scoring.feedback import Feedback

logger = logging.getLogger(__name__)

ENV_PREFIX = "LLM_"
DEFAULT_TIMEOUT_S = 10.0
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MAX_ITEM_CHARS = 600

SYSTEM_PROMPT = (
    "You rewrite feedback on a job-interview practice answer so it reads warm, direct and "
    "encouraging. Keep every number exactly as written (digits, not words) and add no new "
    "number, fact or advice. Keep the same number of strengths and improvements, in the same "
    "order, each one or two sentences. Reply with only a JSON object: "
    '{"summary": string, "strengths": [string], "improvements": [string]}.'
)


class LLMFeedbackError(Exception):
    """The endpoint gave no usable rephrasing."""


@dataclass(frozen=True, slots=True)
class FeedbackLLMConfig:
    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_reply_bytes: int = 256 * 1024
    temperature: float = 0.3

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> FeedbackLLMConfig | None:
        """None when no endpoint is configured: the LLM is optional."""
        env = os.environ if env is None else env
        base_url = env.get(f"{ENV_PREFIX}BASE_URL", "").strip()
        model = env.get(f"{ENV_PREFIX}MODEL", "").strip()
        if not base_url or not model:
            return None
        timeout = env.get(f"{ENV_PREFIX}TIMEOUT_S", "").strip()
        return cls(
            base_url=base_url,
            model=model,
            api_key=env.get(f"{ENV_PREFIX}API_KEY", "").strip() or None,
            timeout_s=float(timeout) if timeout else DEFAULT_TIMEOUT_S,
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _post(config: FeedbackLLMConfig, payload: dict[str, Any]) -> bytes:
    url = config.base_url.rstrip("/") + "/chat/completions"
    if not url.startswith(("http://", "https://")):
        raise LLMFeedbackError("the LLM base URL must be http(s)")
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode("utf-8"), headers=headers, method="POST"
    )
    outcome: dict[str, Any] = {}
    timed_out = f"no reply within {config.timeout_s:g} s"

    def call() -> None:
        try:
            with _OPENER.open(request, timeout=config.timeout_s) as response:
                outcome["body"] = response.read(config.max_reply_bytes + 1)
        except urllib.error.HTTPError as error:
            outcome["error"] = f"HTTP {error.code}"
        except (OSError, http.client.HTTPException, ValueError) as error:
            reason = getattr(error, "reason", error)  # URLError wraps the socket's error
            if isinstance(error, TimeoutError) or isinstance(reason, TimeoutError):
                outcome["error"] = timed_out
            else:
                outcome["error"] = f"connection failed: {error.__class__.__name__}"

    worker = threading.Thread(target=call, name="feedback-llm", daemon=True)
    worker.start()
    worker.join(config.timeout_s)
    if worker.is_alive():
        raise LLMFeedbackError(timed_out)
    if "error" in outcome:
        raise LLMFeedbackError(outcome["error"])
    body: bytes = outcome["body"]
    if len(body) > config.max_reply_bytes:
        raise LLMFeedbackError("reply larger than the configured limit")
    return body


def _content(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
        content = data["choices"][0]["message"]["content"].strip()
    except (UnicodeDecodeError, ValueError, KeyError, IndexError, TypeError, AttributeError) as e:
        raise LLMFeedbackError("reply is not a chat completion") from e
    if content.startswith("```"):  # models often fence JSON even when told not to
        content = content.split("\n", 1)[-1].rsplit("```", 1)[0]
    try:
        parsed = json.loads(content)
    except ValueError as error:
        raise LLMFeedbackError("message content is not JSON") from error
    if not isinstance(parsed, dict):
        raise LLMFeedbackError("message content is not a JSON object")
    return parsed


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(text))


def _checked(original: Feedback, reply: Mapping[str, Any], model: str) -> Feedback:
    summary = reply.get("summary")
    strengths = reply.get("strengths")
    improvements = reply.get("improvements")
    if not isinstance(summary, str) or not summary.strip():
        raise LLMFeedbackError("no summary")
    for name, new, old in (("strengths", strengths, original.strengths),
                           ("improvements", improvements, original.improvements)):
        if not isinstance(new, list) or len(new) != len(old):
            raise LLMFeedbackError(f"{name}: expected {len(old)} items")
        for new_item, old_item in zip(new, old, strict=True):
            if not isinstance(new_item, str) or not 0 < len(new_item.strip()) <= _MAX_ITEM_CHARS:
                raise LLMFeedbackError(f"{name}: an item is empty or too long")
            if _numbers(new_item) != _numbers(old_item):
                raise LLMFeedbackError(f"{name}: numbers changed in {new_item!r}")
    if not _numbers(summary) <= _numbers(original.summary):
        raise LLMFeedbackError("summary: a number was invented")
    return Feedback(
        summary=summary.strip(),
        strengths=tuple(s.strip() for s in strengths),  # type: ignore[union-attr]
        improvements=tuple(s.strip() for s in improvements),  # type: ignore[union-attr]
        source=f"llm:{model}",
    )


def rephrase_feedback(
    feedback: Feedback,
    *,
    config: FeedbackLLMConfig | None = None,
    env: Mapping[str, str] | None = None,
) -> Feedback:
    """The feedback rephrased by the configured LLM, or ``feedback`` itself on any failure."""
    config = config or FeedbackLLMConfig.from_env(env)
    if config is None:
        return feedback
    original = {"summary": feedback.summary, "strengths": list(feedback.strengths),
                "improvements": list(feedback.improvements)}
    payload = {
        "model": config.model,
        "temperature": config.temperature,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": json.dumps(original, ensure_ascii=False)},
        ],
    }
    try:
        return _checked(feedback, _content(_post(config, payload)), config.model)
    except LLMFeedbackError as error:
        logger.warning("LLM feedback not used, keeping the built-in feedback: %s", error)
        return feedback
