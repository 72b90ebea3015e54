"""A minimal client for OpenAI-compatible chat completions, standard library only.

Any server that speaks ``POST {base_url}/chat/completions`` works (OpenAI, Azure-style proxies,
vLLM, llama.cpp, Ollama). The client is deliberately small and strict: one overall deadline
covering connect, send and a slow trickle of bytes (a socket timeout alone restarts with every
byte), a cap on the reply size, no redirects, and a single ``LLMError`` for every way a call
can fail, so that callers have exactly one thing to catch before falling back to the bank.
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

ENV_PREFIX = "LLM_"
DEFAULT_TIMEOUT_S = 15.0


class LLMError(Exception):
    """The provider could not give a usable reply (timeout, HTTP error, malformed body)."""


@dataclass(frozen=True, slots=True)
class LLMConfig:
    """Where and how to call the provider. Built from the environment in production."""

    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_tokens: int = 1200
    temperature: float = 0.7
    max_reply_bytes: int = 1024 * 1024
    # Ask for response_format=json_object. Off by default: not every compatible server accepts
    # the parameter, and the prompt already demands JSON (the reply is validated either way).
    json_mode: bool = False

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, *, prefix: str = ENV_PREFIX
    ) -> LLMConfig | None:
        """``LLM_BASE_URL``, ``LLM_MODEL``, ``LLM_API_KEY``, ``LLM_TIMEOUT_S``,
        ``LLM_JSON_MODE``; None when the base URL or model is unset (the LLM is optional)."""
        env = os.environ if env is None else env
        base_url = env.get(f"{prefix}BASE_URL", "").strip()
        model = env.get(f"{prefix}MODEL", "").strip()
        if not base_url or not model:
            return None
        timeout = env.get(f"{prefix}TIMEOUT_S", "").strip()
        return cls(
            base_url=base_url,
            model=model,
            api_key=env.get(f"{prefix}API_KEY", "").strip() or None,
            timeout_s=float(timeout) if timeout else DEFAULT_TIMEOUT_S,
            json_mode=env.get(f"{prefix}JSON_MODE", "").strip().lower() in {"1", "true", "yes"},
        )


class ChatCompletionsClient:
    def __init__(self, config: LLMConfig) -> None:
        parts = urlsplit(config.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("LLM base URL must be an http(s) URL")
        self.config = config
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._path = parts.path.rstrip("/") + "/chat/completions"

    def complete(self, messages: Sequence[Mapping[str, str]]) -> str:
        """The assistant's reply text for ``messages``, or LLMError."""
        payload: dict[str, Any] = {
            "model": self.config.model,
            "messages": [dict(message) for message in messages],
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
        }
        if self.config.json_mode:
            payload["response_format"] = {"type": "json_object"}
        status, body = self._post(json.dumps(payload).encode("utf-8"))
        if status != 200:
            raise LLMError(f"provider answered HTTP {status}")
        return _reply_content(body)

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        if self._https:
            return http.client.HTTPSConnection(
                self._host, self._port, timeout=timeout, context=ssl.create_default_context()
            )
        return http.client.HTTPConnection(self._host, self._port, timeout=timeout)

    def _post(self, body: bytes) -> tuple[int, bytes]:
        deadline = time.monotonic() + self.config.timeout_s

        def remaining() -> float:
            left = deadline - time.monotonic()
            if left <= 0:
                raise LLMError(f"no reply within {self.config.timeout_s:g} s")
            return left

        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": "interview-coach",
        }
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        connection = self._connection(remaining())
        try:
            connection.request("POST", self._path, body=body, headers=headers)
            if connection.sock is not None:
                connection.sock.settimeout(remaining())
            response = connection.getresponse()
            chunks: list[bytes] = []
            size = 0
            while True:
                if connection.sock is not None:
                    connection.sock.settimeout(remaining())
                chunk = response.read1(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > self.config.max_reply_bytes:
                    raise LLMError("reply larger than the configured limit")
                chunks.append(chunk)
                remaining()
            return response.status, b"".join(chunks)
        except TimeoutError as error:
            raise LLMError(f"no reply within {self.config.timeout_s:g} s") from error
        except (OSError, http.client.HTTPException) as error:
            raise LLMError(f"connection failed: {error.__class__.__name__}") from error
        finally:
            connection.close()


def _reply_content(body: bytes) -> str:
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
