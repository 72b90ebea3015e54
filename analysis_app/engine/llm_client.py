"""The one client for OpenAI-compatible chat completions, shared by every LLM feature.

Question tailoring (``sessions_app.questions.tailoring``) and the feedback writer
(``analysis_app.engine.scoring.feedback_llm``) both call it, so there is one timeout, one retry
policy and one list of ways a call can fail. It lives in the engine because both pure cores may
import the engine's leaf modules and neither may import the other's app; it imports nothing of
the project and no Django (import-linter checks), and the HTTP work is httpx's (the ``httpx2``
distribution, the maintained httpx line the lock already holds for huggingface_hub).

Any server that speaks ``POST {base_url}/chat/completions`` works (OpenAI, Azure-style
proxies, vLLM, llama.cpp, Ollama). The client is small and strict:

* one overall deadline, ``timeout_s``: httpx bounds each phase (connect, send, each read) by
  it, and the client checks the deadline once the headers are in and after every body chunk,
  because a per-read timeout alone restarts with every byte a slow server trickles (the reason
  the feedback path once ran its call on a thread and stopped waiting at the deadline). A
  trickle is cut at the deadline; the one case past it is a provider that spends nearly the
  whole budget in one phase and then stalls in the next, bounded by one more ``timeout_s``
  (and one more for each connection retry);
* retries only where nothing reached the provider (connection refused or timed out while
  connecting: httpx's transport retries), never a sent request, which could bill twice;
* a cap on the reply size, counted after decompression; no redirects, so the prompt goes only
  to the configured host; no proxy, certificate or ``.netrc`` settings read from the process
  environment: the configuration comes from Django settings and nothing else;
* a single ``LLMError`` for every way a call can fail, so callers have exactly one thing to
  catch before they fall back to the bank, the rules or the built-in feedback.
"""

from __future__ import annotations

import functools
import json
import ssl
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx2

#: The Django settings default too (``LLM_TIMEOUT_S``): one budget for every LLM call.
DEFAULT_TIMEOUT_S = 20.0
_USER_AGENT = "interview-coach"


class LLMError(Exception):
    """The provider could not give a usable reply (timeout, HTTP error, malformed body)."""


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Where and how to call the provider; Django's shells build it from settings
    (`LLMConfig.from_settings`), tests build it directly."""

    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = DEFAULT_TIMEOUT_S
    # Extra connection attempts when nothing reached the provider; 0 = one attempt.
    max_retries: int = 0
    max_tokens: int = 1200
    temperature: float = 0.7
    max_reply_bytes: int = 1024 * 1024
    # Ask for response_format=json_object. Off by default: not every compatible server accepts
    # the parameter, and every prompt already demands JSON (the reply is validated either way).
    json_mode: bool = False

    @classmethod
    def from_settings(cls, settings: object) -> LLMConfig | None:
        """The provider named by ``LLM_BASE_URL``, ``LLM_MODEL``, ``LLM_API_KEY``,
        ``LLM_TIMEOUT_S``, ``LLM_MAX_RETRIES`` and ``LLM_JSON_MODE`` on a settings object
        (Django's ``settings``, which reads them from the environment), or None when the base
        URL or model is unset: the LLM is optional everywhere. It takes the object rather than
        importing Django so that the pure cores stay pure and tests can pass a namespace."""
        base_url = str(getattr(settings, "LLM_BASE_URL", "") or "").strip()
        model = str(getattr(settings, "LLM_MODEL", "") or "").strip()
        if not base_url or not model:
            return None
        return cls(
            base_url=base_url,
            model=model,
            api_key=str(getattr(settings, "LLM_API_KEY", "") or "").strip() or None,
            timeout_s=float(getattr(settings, "LLM_TIMEOUT_S", DEFAULT_TIMEOUT_S)),
            max_retries=int(getattr(settings, "LLM_MAX_RETRIES", 0)),
            json_mode=bool(getattr(settings, "LLM_JSON_MODE", False)),
        )


def client_from_settings(settings: object) -> ChatCompletionsClient | None:
    """The configured client, or None when no provider is configured (nothing will be sent)."""
    config = LLMConfig.from_settings(settings)
    return ChatCompletionsClient(config) if config is not None else None


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Built once per process: loading the trust store costs tens of milliseconds, and a
    client is built for every call."""
    return httpx2.create_ssl_context(trust_env=False)


class ChatCompletionsClient:
    """Sends one chat and returns the assistant's text; see the module docstring for limits."""

    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self._url = config.base_url.rstrip("/") + "/chat/completions"

    def complete(
        self, messages: Sequence[Mapping[str, str]], *, temperature: float | None = None
    ) -> str:
        """The assistant's reply text for ``messages``, or LLMError. ``temperature`` overrides
        the configured one for callers that want steadier wording (the feedback writer)."""
        payload: dict[str, Any] = {
            "model": self.config.model,
            "messages": [dict(message) for message in messages],
            "temperature": self.config.temperature if temperature is None else temperature,
            "max_tokens": self.config.max_tokens,
        }
        if self.config.json_mode:
            payload["response_format"] = {"type": "json_object"}
        return reply_content(self._post(payload))

    def _post(self, payload: dict[str, Any]) -> bytes:
        if not self._url.startswith(("http://", "https://")):
            raise LLMError("the LLM base URL must be an http(s) URL")
        timeout_s = self.config.timeout_s
        deadline = time.monotonic() + timeout_s
        timed_out = f"no reply within {timeout_s:g} s"
        headers = {"Accept": "application/json", "User-Agent": _USER_AGENT}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        transport = httpx2.HTTPTransport(
            verify=_ssl_context(), trust_env=False, retries=self.config.max_retries
        )
        try:
            with (
                httpx2.Client(
                    transport=transport,
                    timeout=httpx2.Timeout(timeout_s),
                    follow_redirects=False,
                    trust_env=False,
                ) as http,
                http.stream("POST", self._url, json=payload, headers=headers) as response,
            ):
                if time.monotonic() > deadline:
                    raise LLMError(timed_out)
                if response.status_code != 200:
                    raise LLMError(f"provider answered HTTP {response.status_code}")
                return self._read_body(response, deadline, timed_out)
        except httpx2.TimeoutException as error:
            raise LLMError(timed_out) from error
        except httpx2.HTTPError as error:
            raise LLMError(f"connection failed: {error.__class__.__name__}") from error

    def _read_body(self, response: httpx2.Response, deadline: float, timed_out: str) -> bytes:
        """The decoded body, cut at the deadline and at the size cap, whichever comes first."""
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.config.max_reply_bytes:
                raise LLMError("reply larger than the configured limit")
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise LLMError(timed_out)
        return b"".join(chunks)


def reply_content(body: bytes) -> str:
    """``choices[0].message.content`` of a chat-completions body, checked at every step."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LLMError("reply is not JSON") from error
    if not isinstance(data, dict):
        raise LLMError("reply is not a JSON object")
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise LLMError("reply has no choices")
    message = choices[0].get("message")
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str) or not content.strip():
        raise LLMError("reply has no message content")
    return content


def parse_json_content(content: str) -> Any:
    """The JSON the model was asked for. Models often wrap it in a Markdown code fence even
    when told not to; that much is forgiven, nothing else is."""
    text = content.strip()
    if text.startswith("```"):
        first_newline = text.find("\n")
        text = text[first_newline + 1 :] if first_newline != -1 else ""
        text = text.rstrip()
        if text.endswith("```"):
            text = text[:-3]
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LLMError("message content is not the requested JSON") from error
