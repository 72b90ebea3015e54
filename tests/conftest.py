"""Fixtures shared by the whole suite: users, API clients, private media, test recordings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from analysis_app.progress import RecordingProgressSink, set_progress_sink
from tests import media_factory
from tests.chat_server import RunningChatServer, chat_server
from tests.factories import AnswerFactory, UserFactory
from tests.s3_server import S3Server, running_s3_server


@pytest.fixture(autouse=True)
def private_media(tmp_path: Path, settings: object) -> Path:
    """Each test writes recordings into its own folder, never into the developer's media."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    return root


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """One real S3 API server (moto's, its own process) on loopback for the whole run."""
    from tests.live_platform import free_port

    log = tmp_path_factory.mktemp("s3") / "moto_server.log"
    with running_s3_server(free_port(), log) as server:
        yield server


@pytest.fixture
def s3_media(s3_server: S3Server, settings: object) -> str:
    """This test stores media in a fresh bucket of the S3 server (MEDIA_STORAGE=s3), as a
    cluster does; returns the bucket's name."""
    bucket = s3_server.new_bucket()
    for name, value in s3_server.settings_env(bucket).items():
        if name != "MEDIA_STORAGE":
            setattr(settings, name, value)
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    return bucket


@pytest.fixture(params=["local", "s3"])
def media_storage(request: pytest.FixtureRequest) -> str:
    """Runs a test once on local files and once on object storage."""
    if request.param == "s3":
        request.getfixturevalue("s3_media")
    return str(request.param)


@pytest.fixture
def llm_server() -> Iterator[RunningChatServer]:
    """The suite's one fake LLM provider, a real chat-completions server on loopback; tests
    hand its ``base_url`` to the client or set ``state`` to make it misbehave."""
    with chat_server() as server:
        yield server


@pytest.fixture
def llm(llm_server: RunningChatServer, settings: object) -> RunningChatServer:
    """The fake provider configured in Django settings, as every service reads it."""
    settings.LLM_BASE_URL = llm_server.base_url  # type: ignore[attr-defined]
    settings.LLM_MODEL = "test-model"  # type: ignore[attr-defined]
    settings.LLM_API_KEY = ""  # type: ignore[attr-defined]
    settings.LLM_TIMEOUT_S = 1.0  # type: ignore[attr-defined]
    return llm_server


@pytest.fixture
def progress_sink() -> Iterator[RecordingProgressSink]:
    sink = RecordingProgressSink()
    previous = set_progress_sink(sink)
    yield sink
    set_progress_sink(previous)


@pytest.fixture
def user(db: None) -> object:
    return UserFactory()


@pytest.fixture
def other_user(db: None) -> object:
    return UserFactory()


@pytest.fixture
def client_for() -> object:
    def make(user: object) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture
def answer(user: object) -> object:
    return AnswerFactory(question__session__owner=user)


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("recordings")


#: What `speech_wav` says (and so `interview_webm`): the truth its transcripts are checked against.
SPEECH_SCRIPT = (
    "I led the migration of our billing service. First I measured the load, then we "
    "moved one customer at a time, and in the end we cut the costs by a third."
)


@pytest.fixture(scope="session")
def speech_wav(media_dir: Path) -> Path:
    return media_factory.speech_wav(SPEECH_SCRIPT, media_dir / "speech.wav")


@pytest.fixture(scope="session")
def interview_webm(media_dir: Path, speech_wav: Path) -> Path:
    """A browser-like recording: VP8 video of a real face with Opus speech."""
    return media_factory.video_with_audio(speech_wav, media_dir / "interview.webm", size=256)


@pytest.fixture(scope="session")
def live_stream_webm(media_dir: Path, speech_wav: Path) -> Path:
    """The same recording written the way Chrome's MediaRecorder writes it: no duration, no
    cues (a player can neither show its length nor seek)."""
    return media_factory.video_with_audio(speech_wav, media_dir / "interview-live.webm",
                                          size=256, live=True)



class Doorbells:
    """The broker faked at its edge: stage tasks that would be sent are kept in a list, and
    `run` plays the worker, running each with the real claim, engine and stage end."""

    def __init__(self, capture: Callable) -> None:
        self.rung: list[tuple[str, str]] = []
        self.capture = capture

    def send(self, stage: str, answer_id: str) -> None:
        self.rung.append((stage, answer_id))

    def run(self, limit: int = 50) -> list[str]:
        from analysis_app.engine.graph import Stage
        from analysis_app.stage_runner import stage_execute

        ran = []
        while self.rung and len(ran) < limit:
            stage, answer_id = self.rung.pop(0)
            with self.capture(execute=True):
                stage_execute(answer_id=answer_id, stage=Stage(stage))
            ran.append(stage)
        return ran


@pytest.fixture
def doorbells(monkeypatch: pytest.MonkeyPatch,
              django_capture_on_commit_callbacks: Callable) -> Doorbells:
    from analysis_app import dispatch

    bells = Doorbells(django_capture_on_commit_callbacks)
    monkeypatch.setattr(dispatch, "_send", bells.send)
    return bells
