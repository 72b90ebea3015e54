"""Real recordings for the engine tests, generated once per test session.

Speech is espeak-ng at known speeds with known words, fillers and pauses; the face is the
scikit-image astronaut photo. Knowing what went into each recording is what lets the tests
check the engine's numbers against the truth.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.media import read_wav
from tests import media_factory

os.environ.setdefault("HF_HUB_OFFLINE", "1")

#: Read at three speeds for the rate test; no numbers, so the word count is unambiguous.
RATE_SCRIPT = (
    "I joined the support team when our response times were slipping badly. "
    "My goal was to answer every customer within one day. I sorted the queue by urgency, "
    "wrote answers for the common questions, and trained two new colleagues. "
    "After a month we answered almost every ticket on the same day."
)
#: The known script for the word error rate test.
WER_SCRIPT = (
    "Last year I led a small team that rebuilt our mobile checkout. The old flow lost many "
    "customers at the payment step, so we interviewed users, simplified the form and tested "
    "every change. In the end more people finished their orders and support calls dropped."
)
#: Eight inserted fillers, four "um" and four "uh", in the places people put them.
FILLER_SCRIPT = (
    "So, um, I started on the project in the spring. Uh, the team was small and, um, "
    "quite new. We had, uh, a very tight deadline. Um, so I set up short daily meetings, "
    "and uh, we kept the scope small. Um, in the end we shipped on time, and, uh, the "
    "client was happy."
)
FILLERS_INSERTED = 8
RATE_SPEEDS = (110, 150, 190)
PAUSE_S = 3.0
PAUSE_PARTS = (
    "I led the migration of our billing system.",
    "It took three months of careful work.",
    "In the end it cost less than planned.",
)


@pytest.fixture(scope="session")
def engine_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("engine_recordings")


@pytest.fixture(scope="session")
def config() -> EngineConfig:
    return EngineConfig()


@pytest.fixture(scope="session")
def wer_wav(engine_dir: Path) -> Path:
    return media_factory.speech_wav(WER_SCRIPT, engine_dir / "wer.wav", wpm=150)


@pytest.fixture(scope="session")
def rate_wavs(engine_dir: Path) -> dict[int, Path]:
    return {wpm: media_factory.speech_wav(RATE_SCRIPT, engine_dir / f"rate_{wpm}.wav", wpm=wpm)
            for wpm in RATE_SPEEDS}


@pytest.fixture(scope="session")
def filler_wav(engine_dir: Path) -> Path:
    return media_factory.speech_wav(FILLER_SCRIPT, engine_dir / "fillers.wav", wpm=150)


@pytest.fixture(scope="session")
def pause_wav(engine_dir: Path) -> tuple[Path, list[float]]:
    """Three sentences with 3 s of silence between them; returns where the silences start."""
    parts: list[Path] = []
    starts: list[float] = []
    elapsed = 0.0
    silence = media_factory.silence_wav(PAUSE_S, engine_dir / "silence.wav")
    for index, text in enumerate(PAUSE_PARTS):
        part = media_factory.speech_wav(text, engine_dir / f"pause_part{index}.wav")
        parts.append(part)
        elapsed += read_wav(part).size / 16_000
        if index < len(PAUSE_PARTS) - 1:
            parts.append(silence)
            starts.append(elapsed)
            elapsed += PAUSE_S
    return media_factory.concat_wavs(parts, engine_dir / "pauses.wav"), starts


@pytest.fixture(scope="session")
def tone_wavs(engine_dir: Path) -> dict[float, Path]:
    return {hz: media_factory.tone_wav(hz, 3.0, engine_dir / f"tone_{int(hz)}.wav")
            for hz in (150.0, 220.0)}


@pytest.fixture(scope="session")
def silence_only_wav(engine_dir: Path) -> Path:
    return media_factory.silence_wav(4.0, engine_dir / "silence_only.wav")


@pytest.fixture(scope="session")
def face_webm(engine_dir: Path, filler_wav: Path) -> Path:
    """A browser-like answer: VP8 video of a frontal face, Opus speech with fillers."""
    return media_factory.video_with_audio(filler_wav, engine_dir / "face.webm", size=384)


#: When the nodding head starts each nod (down ~10 degrees and back up within 0.8 s).
NOD_STARTS = (1.5, 5.0, 9.0)
NOD_S = 0.8


@pytest.fixture(scope="session")
def moving_faces(engine_dir: Path, wer_wav: Path) -> dict[str, Path]:
    """The same face and speech three ways: held still, nodding at NOD_STARTS, and talking
    (jaw and brows moving)."""
    return {
        "still": media_factory.moving_face_video(wer_wav, engine_dir / "still.webm"),
        "nodding": media_factory.moving_face_video(wer_wav, engine_dir / "nodding.webm",
                                                   nods=NOD_STARTS, nod_s=NOD_S),
        "talking": media_factory.moving_face_video(wer_wav, engine_dir / "talking.webm",
                                                   talking=True),
    }


@pytest.fixture(scope="session")
def noface_mp4(engine_dir: Path, wer_wav: Path) -> Path:
    return media_factory.video_with_audio(wer_wav, engine_dir / "noface.mp4", face=False,
                                          size=384)


@pytest.fixture(scope="session")
def audio_only_files(engine_dir: Path, wer_wav: Path) -> dict[str, Path]:
    return {suffix: media_factory.audio_file(wer_wav, engine_dir / f"answer{suffix}")
            for suffix in (".ogg", ".mp3")}


@pytest.fixture(scope="session")
def bad_files(engine_dir: Path, face_webm: Path) -> dict[str, Path]:
    """An empty file, text named like a video, and a recording cut in half mid-upload."""
    empty = engine_dir / "empty.webm"
    empty.write_bytes(b"")
    garbage = engine_dir / "notes.mp4"
    garbage.write_text("these are my interview notes, not a video\n" * 50)
    truncated = engine_dir / "truncated.webm"
    data = face_webm.read_bytes()
    truncated.write_bytes(data[: len(data) // 3])
    return {"empty": empty, "garbage": garbage, "truncated": truncated}

