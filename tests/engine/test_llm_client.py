"""The one LLM client against the suite's fake provider, a real chat-completions server on
loopback: what it sends, and that every way a call can fail is one ``LLMError`` within the
deadline, never a crash, a repeated request or a call nobody configured."""

from __future__ import annotations

import json
import socket
import time
from types import SimpleNamespace

import pytest

from analysis_app.engine.llm_client import (
    ChatCompletionsClient,
    LLMConfig,
    LLMError,
    client_from_settings,
)
from tests.chat_server import RunningChatServer

HELLO = [{"role": "user", "content": "Say hello as JSON."}]


def client_for(server: RunningChatServer, **options: object) -> ChatCompletionsClient:
    config = LLMConfig(base_url=server.base_url, model="coach-test", **options)  # type: ignore[arg-type]
    return ChatCompletionsClient(config)


def free_port() -> int:
    """A port nothing listens on once this returns."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_reply_is_the_assistants_text_and_the_request_follows_the_contract(
    llm_server: RunningChatServer,
) -> None:
    # given
    llm_server.state.content = '{"hello": "world"}'
    client = client_for(llm_server, api_key="sk-test", timeout_s=2.0)
    # when
    reply = client.complete(HELLO)
    # then
    assert reply == '{"hello": "world"}'
    (request,) = llm_server.state.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.headers["content-type"] == "application/json"
    assert request.body == {"model": "coach-test", "messages": HELLO, "temperature": 0.7,
                            "max_tokens": 1200}


def test_a_caller_may_ask_for_another_temperature_and_json_mode(
    llm_server: RunningChatServer,
) -> None:
    # given
    client = client_for(llm_server, json_mode=True)
    # when
    client.complete(HELLO, temperature=0.2)
    # then
    (request,) = llm_server.state.requests
    assert request.body["temperature"] == 0.2
    assert request.body["response_format"] == {"type": "json_object"}


def test_without_an_api_key_no_authorization_header_is_sent(
    llm_server: RunningChatServer,
) -> None:
    # when
    client_for(llm_server).complete(HELLO)
    # then
    assert "authorization" not in llm_server.state.requests[0].headers


def test_a_provider_that_does_not_answer_in_time_is_an_error_within_the_deadline(
    llm_server: RunningChatServer,
) -> None:
    # given a provider that takes 5 s and a 0.4 s budget
    llm_server.state.mode = "slow"
    llm_server.state.delay_s = 5.0
    client = client_for(llm_server, timeout_s=0.4, max_retries=2)
    # when
    started = time.perf_counter()
    with pytest.raises(LLMError, match=r"no reply within 0\.4 s"):
        client.complete(HELLO)
    # then: cut at the budget, and the sent request was not repeated
    assert time.perf_counter() - started < 1.5
    assert len(llm_server.state.requests) == 1


def test_a_trickling_reply_is_cut_at_the_overall_deadline(
    llm_server: RunningChatServer,
) -> None:
    # given one byte every 0.05 s: each read is quick, the whole reply is not
    llm_server.state.mode = "trickle"
    llm_server.state.delay_s = 0.05
    llm_server.state.content = "x" * 200
    client = client_for(llm_server, timeout_s=0.5)
    # when
    started = time.perf_counter()
    with pytest.raises(LLMError, match="no reply within"):
        client.complete(HELLO)
    # then
    assert time.perf_counter() - started < 1.5


@pytest.mark.parametrize("status", [500, 401, 429])
def test_an_http_error_is_an_error_and_is_not_retried(
    llm_server: RunningChatServer, status: int
) -> None:
    # given
    llm_server.state.status = status
    # when / then
    with pytest.raises(LLMError, match=f"provider answered HTTP {status}"):
        client_for(llm_server, max_retries=3).complete(HELLO)
    assert len(llm_server.state.requests) == 1


def test_a_redirect_is_not_followed(llm_server: RunningChatServer) -> None:
    # given a provider that points elsewhere
    llm_server.state.status = 307
    llm_server.state.headers["Location"] = "http://example.invalid/v1/chat/completions"
    # when / then
    with pytest.raises(LLMError, match="HTTP 307"):
        client_for(llm_server).complete(HELLO)
    assert len(llm_server.state.requests) == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<html>Bad gateway</html>", "reply is not JSON"),
        ('{"choices": [{"message": {"content": "trun', "reply is not JSON"),
        ("[1, 2, 3]", "not a JSON object"),
        ('{"error": {"message": "overloaded"}}', "reply has no choices"),
        ('{"choices": [{"message": {"content": "  "}}]}', "no message content"),
    ],
)
def test_a_malformed_body_is_an_error(
    llm_server: RunningChatServer, body: str, reason: str
) -> None:
    # given
    llm_server.state.mode = "raw"
    llm_server.state.content = body
    # when / then
    with pytest.raises(LLMError, match=reason):
        client_for(llm_server).complete(HELLO)


def test_an_oversized_reply_is_refused(llm_server: RunningChatServer) -> None:
    # given
    llm_server.state.content = "x" * 5000
    # when / then
    with pytest.raises(LLMError, match="larger than"):
        client_for(llm_server, max_reply_bytes=1000).complete(HELLO)


def test_an_unreachable_provider_is_an_error_even_after_retries() -> None:
    # given a port nothing listens on
    client = ChatCompletionsClient(LLMConfig(base_url=f"http://127.0.0.1:{free_port()}/v1",
                                             model="m", timeout_s=1.0, max_retries=1))
    # when / then
    with pytest.raises(LLMError, match="connection failed"):
        client.complete(HELLO)


def test_a_base_url_that_is_not_http_is_an_error_not_a_crash() -> None:
    # given
    client = ChatCompletionsClient(LLMConfig(base_url="file:///etc/passwd", model="m"))
    # when / then
    with pytest.raises(LLMError, match="http"):
        client.complete(HELLO)


@pytest.mark.parametrize("missing", ["LLM_BASE_URL", "LLM_MODEL"])
def test_without_a_base_url_or_model_there_is_no_client_and_nothing_is_sent(
    llm_server: RunningChatServer, missing: str
) -> None:
    # given settings that name the provider but leave one of the two out
    named = {"LLM_BASE_URL": llm_server.base_url, "LLM_MODEL": "m", "LLM_API_KEY": "sk"}
    settings = SimpleNamespace(**(named | {missing: "  "}))
    # when
    client = client_from_settings(settings)
    # then
    assert client is None
    assert LLMConfig.from_settings(settings) is None
    assert llm_server.state.requests == []


def test_the_client_comes_from_django_settings(llm: RunningChatServer, settings: object) -> None:
    # given the fake provider configured in Django settings, as the services read them
    settings.LLM_API_KEY = "sk-settings"  # type: ignore[attr-defined]
    settings.LLM_MAX_RETRIES = 2  # type: ignore[attr-defined]
    settings.LLM_JSON_MODE = True  # type: ignore[attr-defined]
    llm.state.content = json.dumps({"ok": True})
    # when
    client = client_from_settings(settings)
    assert client is not None
    reply = client.complete(HELLO)
    # then
    assert json.loads(reply) == {"ok": True}
    assert (client.config.timeout_s, client.config.max_retries) == (1.0, 2)
    (request,) = llm.state.requests
    assert request.headers["authorization"] == "Bearer sk-settings"
    assert request.body["model"] == "test-model"
    assert request.body["response_format"] == {"type": "json_object"}
    assert "sk-settings" not in repr(client.config)
