"""The media stage: probe the stored recording and extract the 16 kHz mono analysis audio."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage

from analysis_app.engine.media import ANALYSIS_SAMPLE_RATE, decode_audio, probe_media, write_wav
from sessions_app.models import Answer, recording_path


def answer_media_prepare(*, answer: Answer) -> dict[str, Any]:
    """Decode once here so speech and prosody read a small wav instead of the container."""
    source = answer.recording.path
    info = probe_media(source)
    audio = decode_audio(source)
    name = recording_path(answer, "analysis-16k.wav")
    target = default_storage.path(name)
    default_storage.delete(name)
    write_wav(audio, target)
    decoded_s = audio.size / ANALYSIS_SAMPLE_RATE
    media = {**info.to_dict(), "duration_s": round(max(info.duration_s, decoded_s), 3)}
    answer.analysis_audio.name = name
    answer.media_info = media
    answer.save(update_fields=["analysis_audio", "media_info", "updated_at"])
    return {"media": media, "analysis_audio": name, "samples": int(audio.size)}
