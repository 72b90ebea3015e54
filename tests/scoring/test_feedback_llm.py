"""LLM rephrasing against a real local HTTP server: used when it keeps the facts, otherwise the
built-in feedback comes back unchanged (timeouts, HTTP errors, malformed or unfaithful replies)."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from analysis_app.engine.scoring import Feedback
from analysis_app.engine.scoring.feedback_llm import FeedbackLLMConfig, rephrase_feedback

ORIGINAL = Feedback(
    summary="Overall 72/100 across 10 dimensions.",
    strengths=("Pitch range: 11.0 semitones, on target (8-18).",),
    improvements=(
        'You said fillers like "um" and "uh" 9 times, 6.9 per 100 words; aim for under 3: '
        "pause silently instead.",
    ),
)
FAITHFUL = {
    "summary": "You scored 72/100 overall, a solid base.",
    "strengths": ["Your voice moved nicely across 11.0 semitones, right in the 8-18 range."],
    "improvements": ["Fillers came up 9 times (6.9 per 100 words); get under 3 by pausing "
                     "silently."],
}


def _completion(content: str) -> bytes:
    return json.dumps({"choices": [{"message": {"role": "assistant",
                                                "content": content}}]}).encode()


@dataclass
class FakeProvider:
    """What the server answers, and what it was asked."""

    status: int = 200
    body: bytes = field(default_factory=lambda: _completion(json.dumps(FAITHFUL)))
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def provider() -> Iterator[tuple[FakeProvider, str]]:
    fake = FakeProvider()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            fake.requests.append({"path": self.path, "headers": dict(self.headers),
                                  "json": json.loads(self.rfile.read(length))})
            time.sleep(fake.delay_s)
            self.send_response(fake.status)
            for name, value in fake.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(fake.body)))
            self.end_headers()
            self.wfile.write(fake.body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield fake, f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def _config(url: str, timeout_s: float = 2.0) -> FeedbackLLMConfig:
    return FeedbackLLMConfig(base_url=url, model="coach-llm", api_key="secret",
                             timeout_s=timeout_s)


def test_a_faithful_rephrasing_is_used(provider: tuple[FakeProvider, str]) -> None:
    # given
    fake, url = provider
    # when
    result = rephrase_feedback(ORIGINAL, config=_config(url))
    # then
    assert result.summary == FAITHFUL["summary"]
    assert result.improvements == tuple(FAITHFUL["improvements"])
    assert result.source == "llm:coach-llm"
    sent = fake.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["headers"]["Authorization"] == "Bearer secret"
    assert sent["json"]["model"] == "coach-llm"
    assert json.loads(sent["json"]["messages"][1]["content"])["improvements"] == list(
        ORIGINAL.improvements)


def test_a_fenced_json_reply_is_accepted(provider: tuple[FakeProvider, str]) -> None:
    # given
    fake, url = provider
    fake.body = _completion("```json\n" + json.dumps(FAITHFUL) + "\n```")
    # when
    result = rephrase_feedback(ORIGINAL, config=_config(url))
    # then
    assert result.source == "llm:coach-llm"


def test_a_slow_provider_times_out_to_the_built_in_feedback(
    provider: tuple[FakeProvider, str], caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    fake, url = provider
    fake.delay_s = 3.0
    # when
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        result = rephrase_feedback(ORIGINAL, config=_config(url, timeout_s=0.3))
    elapsed = time.monotonic() - started
    # then
    assert result is ORIGINAL
    assert elapsed < 1.5
    assert "no reply within 0.3 s" in caplog.text


BAD_REPLIES: dict[str, Callable[[FakeProvider], None]] = {
    "HTTP 500": lambda f: setattr(f, "status", 500),
    "body is not JSON": lambda f: setattr(f, "body", b"<html>oops</html>"),
    "no choices": lambda f: setattr(f, "body", b'{"error": "overloaded"}'),
    "content is not JSON": lambda f: setattr(f, "body", _completion("Sure! Here you go.")),
    "an improvement dropped": lambda f: setattr(
        f, "body", _completion(json.dumps(FAITHFUL | {"improvements": []}))),
    "a number changed": lambda f: setattr(
        f, "body", _completion(json.dumps(FAITHFUL | {"improvements": [
            "Fillers came up 5 times; get under 3 by pausing."]}))),
    "a number invented in the summary": lambda f: setattr(
        f, "body", _completion(json.dumps(FAITHFUL | {"summary": "Top 5% of candidates!"}))),
    "a redirect elsewhere": lambda f: (setattr(f, "status", 302),
                                       f.headers.update(Location="http://example.invalid/")),
}


@pytest.mark.parametrize("break_it", BAD_REPLIES.values(), ids=BAD_REPLIES.keys())
def test_an_unusable_reply_falls_back_to_the_built_in_feedback(
    provider: tuple[FakeProvider, str], break_it: Callable[[FakeProvider], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    fake, url = provider
    break_it(fake)
    # when
    with caplog.at_level(logging.WARNING):
        result = rephrase_feedback(ORIGINAL, config=_config(url))
    # then
    assert result is ORIGINAL
    assert len(fake.requests) == 1
    assert "keeping the built-in feedback" in caplog.text


def test_an_unreachable_provider_falls_back() -> None:
    # given: nothing listens on this port
    config = _config("http://127.0.0.1:9/v1", timeout_s=1.0)
    # when
    result = rephrase_feedback(ORIGINAL, config=config)
    # then
    assert result is ORIGINAL


def test_without_configuration_nothing_is_sent(provider: tuple[FakeProvider, str]) -> None:
    # given
    fake, _ = provider
    # when
    result = rephrase_feedback(ORIGINAL, env={})
    # then
    assert result is ORIGINAL
    assert fake.requests == []


def test_the_configuration_comes_from_the_llm_environment() -> None:
    # when
    config = FeedbackLLMConfig.from_env({"LLM_BASE_URL": "http://llm:8000/v1",
                                          "LLM_MODEL": "m", "LLM_TIMEOUT_S": "4"})
    # then
    assert config == FeedbackLLMConfig(base_url="http://llm:8000/v1", model="m", timeout_s=4.0)
    assert FeedbackLLMConfig.from_env({"LLM_MODEL": "m"}) is None
