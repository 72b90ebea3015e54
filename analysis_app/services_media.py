"""The media stage: probe the stored recording and extract the 16 kHz mono analysis audio."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage

from analysis_app.engine.media import load_recording, write_wav
from sessions_app.models import Answer, recording_path


def answer_media_prepare(*, answer: Answer) -> dict[str, Any]:
    """Decode once here so speech and prosody read a small wav instead of the container."""
    info, audio = load_recording(answer.recording.path)
    name = recording_path(answer, "analysis-16k.wav")
    target = default_storage.path(name)
    default_storage.delete(name)
    write_wav(audio, target)
    media = info.to_dict()
    answer.analysis_audio.name = name
    answer.media_info = media
    answer.save(update_fields=["analysis_audio", "media_info", "updated_at"])
    return {"media": media, "analysis_audio": name, "samples": int(audio.size)}
