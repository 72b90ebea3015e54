"""LLM rephrasing against the suite's fake provider (a real local HTTP server): used when it
keeps the facts, otherwise the built-in feedback comes back unchanged (timeouts, HTTP errors,
malformed or unfaithful replies); and the scoring stage builds its client from settings."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from analysis_app.engine.graph import Stage
from analysis_app.engine.llm_client import ChatCompletionsClient, LLMConfig
from analysis_app.engine.media import MediaInfo
from analysis_app.engine.scoring import Feedback, ScoreResult, score_features
from analysis_app.engine.scoring.feedback_llm import TEMPERATURE, rephrase_feedback
from analysis_app.models import AnswerReport
from analysis_app.stage_io import stage_output_save
from tests.chat_server import ChatServerState, RunningChatServer
from tests.factories import AnswerFactory
from tests.scoring.profiles import answer as features

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


@pytest.fixture
def provider(llm_server: RunningChatServer) -> RunningChatServer:
    """The suite's fake provider, answering with a faithful rephrasing until told otherwise."""
    llm_server.state.content = json.dumps(FAITHFUL)
    return llm_server


def _client(server: RunningChatServer, timeout_s: float = 2.0) -> ChatCompletionsClient:
    return ChatCompletionsClient(LLMConfig(base_url=server.base_url, model="coach-llm",
                                           api_key="secret", timeout_s=timeout_s))


def test_a_faithful_rephrasing_is_used(provider: RunningChatServer) -> None:
    # when
    result = rephrase_feedback(ORIGINAL, client=_client(provider))
    # then
    assert result.summary == FAITHFUL["summary"]
    assert result.improvements == tuple(FAITHFUL["improvements"])
    assert result.source == "llm:coach-llm"
    (sent,) = provider.state.requests
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == "Bearer secret"
    assert sent.body["model"] == "coach-llm"
    assert sent.body["temperature"] == TEMPERATURE
    assert json.loads(sent.body["messages"][1]["content"])["improvements"] == list(
        ORIGINAL.improvements)


def test_a_fenced_json_reply_is_accepted(provider: RunningChatServer) -> None:
    # given
    provider.state.content = "```json\n" + json.dumps(FAITHFUL) + "\n```"
    # when
    result = rephrase_feedback(ORIGINAL, client=_client(provider))
    # then
    assert result.source == "llm:coach-llm"


def test_a_slow_provider_times_out_to_the_built_in_feedback(
    provider: RunningChatServer, caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    provider.state.mode = "slow"
    provider.state.delay_s = 3.0
    # when
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        result = rephrase_feedback(ORIGINAL, client=_client(provider, timeout_s=0.3))
    elapsed = time.monotonic() - started
    # then
    assert result is ORIGINAL
    assert elapsed < 1.5
    assert "no reply within 0.3 s" in caplog.text


def _content(text: str) -> Callable[[ChatServerState], None]:
    return lambda state: setattr(state, "content", text)


def _raw(body: str) -> Callable[[ChatServerState], None]:
    return lambda state: (setattr(state, "mode", "raw"), setattr(state, "content", body))


def _redirect(state: ChatServerState) -> None:
    state.status = 302
    state.headers["Location"] = "http://example.invalid/"


BAD_REPLIES: dict[str, Callable[[ChatServerState], None]] = {
    "HTTP 500": lambda state: setattr(state, "status", 500),
    "body is not JSON": _raw("<html>oops</html>"),
    "no choices": _raw('{"error": "overloaded"}'),
    "content is not JSON": _content("Sure! Here you go."),
    "content is a JSON list": _content("[1, 2]"),
    "an improvement dropped": _content(json.dumps(FAITHFUL | {"improvements": []})),
    "a number changed": _content(json.dumps(FAITHFUL | {"improvements": [
        "Fillers came up 5 times; get under 3 by pausing."]})),
    "a number invented in the summary": _content(
        json.dumps(FAITHFUL | {"summary": "Top 5% of candidates!"})),
    "a redirect elsewhere": _redirect,
}


@pytest.mark.parametrize("break_it", BAD_REPLIES.values(), ids=BAD_REPLIES.keys())
def test_an_unusable_reply_falls_back_to_the_built_in_feedback(
    provider: RunningChatServer, break_it: Callable[[ChatServerState], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given
    break_it(provider.state)
    # when
    with caplog.at_level(logging.WARNING):
        result = rephrase_feedback(ORIGINAL, client=_client(provider))
    # then
    assert result is ORIGINAL
    assert len(provider.state.requests) == 1
    assert "keeping the built-in feedback" in caplog.text


def test_an_unreachable_provider_falls_back() -> None:
    # given: nothing listens on this port
    client = ChatCompletionsClient(LLMConfig(base_url="http://127.0.0.1:9/v1", model="m",
                                             timeout_s=1.0))
    # when
    result = rephrase_feedback(ORIGINAL, client=client)
    # then
    assert result is ORIGINAL


def test_without_a_client_nothing_is_sent(provider: RunningChatServer) -> None:
    # when
    result = rephrase_feedback(ORIGINAL, client=None)
    # then
    assert result is ORIGINAL
    assert provider.state.requests == []



def _scoring_stage_feedback(result: ScoreResult) -> dict[str, Any]:
    """The feedback the scoring stage stores for a real answer (`stage_io.stage_output_save`)."""
    answer = AnswerFactory()
    media = MediaInfo(duration_s=30.0, has_audio=True, has_video=False, container="webm")
    inputs = SimpleNamespace(answer=answer, media=lambda: media, output=lambda stage: None,
                             runs={})
    stage_output_save(inputs, Stage.SCORING, result).apply()  # type: ignore[arg-type]
    return dict(AnswerReport.objects.get(answer=answer).feedback)


@pytest.mark.django_db
def test_the_scoring_stage_rephrases_with_the_provider_in_settings(
    llm: RunningChatServer, settings: object,
) -> None:
    # given the fake provider in settings, answering with the built-in text (faithful)
    settings.FEEDBACK_USE_LLM = True  # type: ignore[attr-defined]
    result = score_features(features())
    built_in = result.feedback
    llm.state.content = json.dumps({"summary": built_in.summary,
                                    "strengths": list(built_in.strengths),
                                    "improvements": list(built_in.improvements)})
    # when
    feedback = _scoring_stage_feedback(result)
    # then: the stage asked the configured provider and stored its rephrasing
    (request,) = llm.state.requests
    assert request.body["model"] == "test-model"
    assert feedback["source"] == "llm:test-model"


@pytest.mark.django_db
def test_the_scoring_stage_sends_nothing_when_rephrasing_is_off(
    llm: RunningChatServer, settings: object,
) -> None:
    # given
    settings.FEEDBACK_USE_LLM = False  # type: ignore[attr-defined]
    # when
    feedback = _scoring_stage_feedback(score_features(features()))
    # then
    assert llm.state.requests == []
    assert feedback["source"] != "llm:test-model"
