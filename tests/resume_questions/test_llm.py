"""The optional LLM path against a local chat-completions server, including every way it can
fail and fall back to the bank."""

from __future__ import annotations

import json
import socket
import time
from collections import Counter
from types import SimpleNamespace
from typing import Any

import pytest

from sessions_app.questions import (
    Category,
    ChatCompletionsClient,
    FollowUpReason,
    FollowUpSource,
    LLMConfig,
    LLMError,
    Source,
    tailored_follow_ups,
    tailored_questions,
)
from sessions_app.resume import ParsedResume
from tests.chat_server import RunningChatServer


def client_for(server: RunningChatServer, *, timeout_s: float = 2.0) -> ChatCompletionsClient:
    return ChatCompletionsClient(
        LLMConfig(
            base_url=server.base_url, model="coach-test", api_key="sk-test", timeout_s=timeout_s
        )
    )


def llm_reply(questions: list[dict[str, Any]]) -> str:
    return json.dumps({"questions": questions})


def question(text: str, category: str) -> dict[str, Any]:
    return {"text": text, "category": category, "key_points": ["a concrete example", "result"]}


SIX_GOOD = [
    question(
        "Tell me about a time you had to push a risky migration through review.", "behavioural"
    ),
    question("Describe how you handled a teammate who missed every deadline.", "behavioural"),
    question("How would you shard a PostgreSQL table that outgrew one machine?", "role"),
    question("How do you keep a Kafka consumer from processing a message twice?", "role"),
    question("You moved 30 services to k8s at Acme Corp: what broke first, and why?", "resume"),
    question("At Globex Inc you built REST APIs in Django: how did you version them?", "resume"),
]


def ask(
    server: RunningChatServer,
    bank: list[dict[str, Any]],
    resume: ParsedResume | None,
    *,
    timeout_s: float = 2.0,
    count: int = 6,
) -> Any:
    return tailored_questions(
        bank,
        client=client_for(server, timeout_s=timeout_s),
        role="software_engineer",
        difficulty="medium",
        count=count,
        resume=resume,
        seed=1,
    )


def test_config_comes_from_settings_and_hides_the_key() -> None:
    # given
    settings = SimpleNamespace(
        LLM_BASE_URL="http://127.0.0.1:9/v1",
        LLM_MODEL="m",
        LLM_API_KEY="sk-secret",
        LLM_TIMEOUT_S=3.5,
    )

    # when
    config = LLMConfig.from_settings(settings)

    # then
    assert config is not None
    assert (config.base_url, config.model, config.api_key, config.timeout_s) == (
        "http://127.0.0.1:9/v1",
        "m",
        "sk-secret",
        3.5,
    )
    assert "sk-secret" not in repr(config)
    assert LLMConfig.from_settings(SimpleNamespace(LLM_BASE_URL="", LLM_MODEL="m")) is None


def test_tailored_questions_follow_the_chat_completions_contract(
    llm_server: RunningChatServer, seed_bank: list[dict[str, Any]], engineer_resume: ParsedResume
) -> None:
    # given
    llm_server.state.content = llm_reply(SIX_GOOD)

    # when
    result = ask(llm_server, seed_bank, engineer_resume)

    # then: the request
    (request,) = llm_server.state.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.headers["content-type"] == "application/json"
    assert request.body["model"] == "coach-test"
    assert [message["role"] for message in request.body["messages"]] == ["system", "user"]
    sent = request.body["messages"][1]["content"]
    assert "Kubernetes" in sent and "Acme Corp" in sent
    assert "alex.morgan@example.com" not in sent and "Alex Morgan" not in sent
    # and the result: all six, balanced, from the LLM
    assert result.llm_used and result.fallback_reason is None
    assert [q.source for q in result.questions] == [Source.LLM] * 6
    assert Counter(q.category for q in result.questions) == {
        Category.BEHAVIOURAL: 2,
        Category.ROLE: 2,
        Category.RESUME: 2,
    }
    assert all(q.key.startswith("llm:") and q.key_points for q in result.questions)


def test_invalid_items_are_dropped_and_the_bank_fills_their_places(
    llm_server: RunningChatServer, seed_bank: list[dict[str, Any]], engineer_resume: ParsedResume
) -> None:
    # given a reply with two good questions and four bad items
    llm_server.state.content = llm_reply(
        [
            SIX_GOOD[0],
            SIX_GOOD[2],
            {"text": "Too short?", "category": "role", "key_points": ["x y"]},
            {"text": "A question with no key points at all, sadly?", "category": "role"},
            {
                "text": "A question in a category that does not exist?",
                "category": "trivia",
                "key_points": ["a b"],
            },
            "not even an object",
        ]
    )

    # when
    result = ask(llm_server, seed_bank, engineer_resume)

    # then
    sources = Counter(q.source for q in result.questions)
    assert sources[Source.LLM] == 2
    assert len(result.questions) == 6
    assert result.llm_used
    assert result.fallback_reason == "reply held 2 usable questions of 6"
    shares = Counter(
        "resume" if q.category in (Category.SKILL, Category.RESUME) else q.category.value
        for q in result.questions
    )
    assert shares == {"behavioural": 2, "role": 2, "resume": 2}


def test_code_fenced_json_is_accepted(
    llm_server: RunningChatServer, seed_bank: list[dict[str, Any]]
) -> None:
    # given
    llm_server.state.content = "```json\n" + llm_reply(SIX_GOOD[:4]) + "\n```"

    # when
    result = ask(llm_server, seed_bank, None, count=4)

    # then
    assert [q.source for q in result.questions] == [Source.LLM] * 4


def test_slow_server_times_out_and_the_bank_answers(
    llm_server: RunningChatServer, seed_bank: list[dict[str, Any]], engineer_resume: ParsedResume
) -> None:
    # given a server that takes 5 s and a 0.5 s deadline
    llm_server.state.mode = "slow"
    llm_server.state.delay_s = 5.0

    # when
    started = time.perf_counter()
    result = ask(llm_server, seed_bank, engineer_resume, timeout_s=0.5)
    elapsed = time.perf_counter() - started

    # then
    assert elapsed < 2.0
    assert not result.llm_used
    assert "no reply within 0.5 s" in (result.fallback_reason or "")
    assert len(result.questions) == 6
    assert {q.source for q in result.questions} <= {Source.BANK, Source.RESUME_TEMPLATE}


def test_trickling_reply_is_cut_at_the_overall_deadline(
    llm_server: RunningChatServer, seed_bank: list[dict[str, Any]]
) -> None:
    # given a server that sends one byte every 0.1 s: each read is quick, the reply is not
    llm_server.state.mode = "trickle"
    llm_server.state.delay_s = 0.1
    llm_server.state.content = llm_reply(SIX_GOOD[:4])

    # when
    started = time.perf_counter()
    result = ask(llm_server, seed_bank, None, timeout_s=0.8, count=4)

    # then
    assert time.perf_counter() - started < 2.0
    assert not result.llm_used
    assert [q.source for q in result.questions] == [Source.BANK] * 4


@pytest.mark.parametrize(
    ("mode", "status", "content", "reason"),
    [
        ("raw", 200, "<html>Bad gateway</html>", "reply is not JSON"),
        ("raw", 200, '{"error": {"message": "overloaded"}}', "reply has no choices"),
        ("raw", 200, '{"choices": [{"message": {"content": ""}}]}', "no message content"),
        ("raw", 200, "[1, 2, 3]", "not a JSON object"),
        ("ok", 200, "Sure! Here are some great questions: 1. ...", "not the requested JSON"),
        ("ok", 200, '{"items": []}', "no 'questions' list"),
        ("ok", 200, '{"questions": []}', "no usable questions"),
        ("ok", 500, "{}", "HTTP 500"),
        ("ok", 401, "{}", "HTTP 401"),
    ],
)
def test_malformed_or_failed_replies_fall_back_to_the_bank(
    llm_server: RunningChatServer,
    seed_bank: list[dict[str, Any]],
    engineer_resume: ParsedResume,
    mode: str,
    status: int,
    content: str,
    reason: str,
) -> None:
    # given
    llm_server.state.mode = mode
    llm_server.state.status = status
    llm_server.state.content = content

    # when
    result = ask(llm_server, seed_bank, engineer_resume)

    # then
    assert not result.llm_used
    assert reason in (result.fallback_reason or "")
    assert len(result.questions) == 6
    assert any(q.source is Source.RESUME_TEMPLATE for q in result.questions)


def test_oversized_reply_is_refused(llm_server: RunningChatServer) -> None:
    # given a reply over the client's size cap
    llm_server.state.content = "x" * 5000
    client = ChatCompletionsClient(
        LLMConfig(base_url=llm_server.base_url, model="m", max_reply_bytes=1000)
    )
    # when / then
    with pytest.raises(LLMError, match="larger than"):
        client.complete([{"role": "user", "content": "hi"}])


def test_unreachable_provider_falls_back(seed_bank: list[dict[str, Any]]) -> None:
    # given a port nothing listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = ChatCompletionsClient(LLMConfig(base_url=f"http://127.0.0.1:{port}/v1", model="m"))

    # when
    result = tailored_questions(
        seed_bank, client=client, role="sales", difficulty="easy", count=4, seed=0
    )

    # then
    assert not result.llm_used
    assert "connection failed" in (result.fallback_reason or "")
    assert len(result.questions) == 4


def test_without_a_provider_the_bank_is_used_silently(seed_bank: list[dict[str, Any]]) -> None:
    # when
    result = tailored_questions(
        seed_bank, client=None, role="designer", difficulty="hard", count=5, seed=0
    )
    # then
    assert not result.llm_used and result.fallback_reason is None
    assert len(result.questions) == 5


def test_llm_follow_ups_are_used_when_valid(llm_server: RunningChatServer) -> None:
    # given
    llm_server.state.content = json.dumps(
        {
            "follow_ups": [
                {
                    "text": "What did the migration cost in downtime, if anything?",
                    "reason": "result",
                },
                {"text": "Why?", "reason": "too short to keep"},
            ]
        }
    )

    # when
    result = tailored_follow_ups(
        client=client_for(llm_server),
        question="Tell me about a risky migration.",
        answer="We moved the database over a weekend and it went fine.",
        category="behavioural",
        star_found={"situation", "action"},
        word_count=11,
    )

    # then: the rules' gaps were sent as guidance, the valid follow-up came back
    sent = json.loads(llm_server.state.requests[0].body["messages"][1]["content"])
    assert sent["gaps"][:2] == ["too_short", "result"]
    assert result.llm_used
    assert [f.text for f in result.follow_ups] == [
        "What did the migration cost in downtime, if anything?"
    ]
    assert result.follow_ups[0].source is FollowUpSource.LLM


def test_llm_follow_ups_fall_back_to_the_rules(llm_server: RunningChatServer) -> None:
    # given a malformed reply
    llm_server.state.content = '{"follow_ups": "none today"}'

    # when
    result = tailored_follow_ups(
        client=client_for(llm_server),
        question="How would you design a rate limiter?",
        answer="I would use a token bucket in Redis, per client, refilled every second.",
        category="role",
        key_points_missed=["behaviour when the limiter fails"],
        word_count=80,
    )

    # then
    assert not result.llm_used
    assert result.fallback_reason == "reply JSON has no 'follow_ups' list"
    assert [f.reason for f in result.follow_ups] == [FollowUpReason.MISSED_KEY_POINT]
    assert result.follow_ups[0].source is FollowUpSource.RULES
