"""Probe and decode recordings in-process with PyAV.

The platform never trusts a file name or a declared content type: a recording is accepted only
after its audio has really been decoded. Everything here is plain Python (no Django) so the
upload validation, the `media` worker stage and the offline CLI share one implementation.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from analysis_app.engine.arrays import FloatArray

#: Whisper and the prosody features all work on 16 kHz mono audio.
ANALYSIS_SAMPLE_RATE = 16_000

#: A container that declares a duration but whose audio stops well before it is truncated:
#: the tail of the upload never arrived or was cut.
_TRUNCATION_TOLERANCE = 0.9
#: Short files have little slack for container rounding, so allow this much absolute gap too.
_TRUNCATION_SLACK_S = 0.5


class MediaError(Exception):
    """A recording that cannot be used; the message is shown to the person who uploaded it."""


@dataclass(frozen=True)
class MediaInfo:
    """What the platform needs to know about a recording before analysing it."""

    duration_s: float
    has_audio: bool
    has_video: bool
    #: The demuxer's name ("matroska,webm"); "" where a stored row lacks it.
    container: str = ""
    audio_codec: str | None = None
    sample_rate: int | None = None
    channels: int | None = None
    video_codec: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None


def _open(path: str | Path) -> av.container.InputContainer:
    file = Path(path)
    if not file.exists():
        raise MediaError(f"File not found: {file}")
    if file.stat().st_size == 0:
        raise MediaError("The file is empty.")
    try:
        return av.open(str(file), mode="r", metadata_errors="ignore")
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as error:
        raise MediaError("The file is not a readable audio or video recording.") from error


def _container_duration(container: av.container.InputContainer) -> float | None:
    if container.duration is None or container.duration <= 0:
        return None
    return float(container.duration) / av.time_base


def probe_media(path: str | Path) -> MediaInfo:
    """Read stream metadata without decoding; cheap, but not proof the file is intact."""
    with _open(path) as container:
        audio = next(iter(container.streams.audio), None)
        video = next((s for s in container.streams.video if not _is_cover_art(s)), None)
        fps = float(video.average_rate) if video is not None and video.average_rate else None
        return MediaInfo(
            duration_s=round(_container_duration(container) or 0.0, 3),
            has_audio=audio is not None,
            has_video=video is not None,
            container=container.format.name,
            audio_codec=audio.codec_context.name if audio is not None else None,
            sample_rate=audio.codec_context.sample_rate if audio is not None else None,
            channels=audio.codec_context.channels if audio is not None else None,
            video_codec=video.codec_context.name if video is not None else None,
            width=video.codec_context.width if video is not None else None,
            height=video.codec_context.height if video is not None else None,
            fps=round(fps, 3) if fps else None,
        )


def _is_cover_art(stream: av.video.stream.VideoStream) -> bool:
    """An mp3 or m4a with album art has a one-picture 'video' stream that is not a recording."""
    return bool(stream.disposition & av.stream.Disposition.attached_pic)


def decode_audio(path: str | Path, sample_rate: int = ANALYSIS_SAMPLE_RATE) -> FloatArray:
    """Decode the first audio stream to mono float32 in [-1, 1] at `sample_rate`.

    Raises MediaError when there is no audio track or the stream is corrupt.
    """
    with _open(path) as container:
        stream = next(iter(container.streams.audio), None)
        if stream is None:
            raise MediaError("The recording has no audio track.")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
        chunks: list[NDArray[np.number[Any]]] = []  # float32 ("flt") samples
        try:
            for frame in container.decode(stream):
                for resampled in resampler.resample(frame):
                    chunks.append(resampled.to_ndarray().reshape(-1))
            for resampled in resampler.resample(None):
                chunks.append(resampled.to_ndarray().reshape(-1))
        except (av.FFmpegError, ValueError) as error:
            raise MediaError("The recording's audio is corrupt and cannot be decoded.") from error
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    samples: FloatArray = np.clip(np.concatenate(chunks).astype(np.float32, copy=False),
                                  -1.0, 1.0)
    return samples


def validate_recording(path: str | Path) -> MediaInfo:
    """Accept only a recording whose audio really decodes to a positive duration.

    Returns the media info with the duration measured from the decoded audio (browser webm
    files often declare none).
    """
    return load_recording(path)[0]


def remux_with_index(source: str | Path, target: str | Path) -> bool:
    """Copy a webm recording made as a live stream into `target`, with a duration and cues.

    Chrome's MediaRecorder writes webm as a live stream: no duration and no seek index, so a
    player shows no length and its seek bar does not work. Copying the packets (no re-encoding,
    milliseconds for minutes of video) into a file lets the muxer write both at the end.
    Returns False, writing nothing, for a file that has its duration or is not webm, and when
    the copy fails: the original is still a valid recording, only a less seekable one.
    """
    target = Path(target)
    try:
        with _open(source) as source_container:
            formats = source_container.format.name.split(",")
            if "webm" not in formats or _container_duration(source_container) is not None:
                return False
            streams = [s for s in source_container.streams if s.type in ("audio", "video")]
            with av.open(str(target), mode="w", format="webm") as out:
                copies = {stream.index: out.add_stream_from_template(stream) for stream in streams}
                for packet in source_container.demux(*streams):
                    if packet.dts is None:  # the demuxer's end-of-stream marker
                        continue
                    packet.stream = copies[packet.stream.index]
                    out.mux(packet)
    except (av.FFmpegError, MediaError, ValueError):
        target.unlink(missing_ok=True)
        return False
    return True


def write_wav(
    samples: FloatArray, path: str | Path, sample_rate: int = ANALYSIS_SAMPLE_RATE
) -> None:
    """Store analysis audio as 16-bit PCM wav: compact, and readable by every tool."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())


def read_wav(path: str | Path) -> FloatArray:
    """Read back audio stored by `write_wav` as float32 in [-1, 1]."""
    with wave.open(str(path), "rb") as source:
        if source.getnchannels() != 1 or source.getsampwidth() != 2:
            raise MediaError("Analysis audio must be 16-bit mono wav.")
        data = source.readframes(source.getnframes())
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32767.0


def load_recording(path: str | Path) -> tuple[MediaInfo, FloatArray]:
    """`validate_recording` and `decode_audio` in one pass: the audio is decoded only once.

    The in-process pipeline needs both the checked media info and the samples; decoding a long
    Opus track twice would cost as much as the prosody analysis.
    """
    info = probe_media(path)
    if not info.has_audio:
        raise MediaError("The recording has no audio track.")
    audio = decode_audio(path)
    decoded_s = audio.size / ANALYSIS_SAMPLE_RATE
    if decoded_s <= 0:
        raise MediaError("The recording contains no audio (zero duration).")
    declared_s = info.duration_s
    if declared_s > 0 and decoded_s < declared_s * _TRUNCATION_TOLERANCE - _TRUNCATION_SLACK_S:
        raise MediaError(
            f"The recording is truncated: {decoded_s:.1f} s of {declared_s:.1f} s could be decoded."
        )
    checked = replace(info, duration_s=round(max(declared_s, decoded_s), 3))
    return checked, audio
