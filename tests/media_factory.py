"""Real test recordings made offline: espeak-ng speech, sox edits, ffmpeg containers.

Tests need real media (the platform decodes for real), and nothing may be downloaded, so every
recording is synthesised here from tools Debian ships and the photo scikit-image ships.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True)


def require_tools(*names: str) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        raise RuntimeError(f"Missing tools for test media: {', '.join(missing)} (scripts/setup.sh)")


def speech_wav(
    text: str, path: Path, *, wpm: int = 150, voice: str = "en-us", pitch: int = 50,
    word_gap_ms: int = 0,
) -> Path:
    """Speak `text` with espeak-ng at `wpm` (espeak's rate: measured over speaking time it comes
    out ~20 % faster), base `pitch` (0-99) and extra silence between words (espeak's minimum
    rate is 80, so slower speech needs the gap), resampled to 16 kHz mono."""
    require_tools("espeak-ng", "sox")
    raw = path.with_suffix(".raw.wav")
    _run(["espeak-ng", "-v", voice, "-s", str(wpm), "-p", str(pitch),
          "-g", str(max(0, word_gap_ms // 10)), "-w", str(raw), text])
    _run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(path)])
    raw.unlink()
    return path


def silence_wav(seconds: float, path: Path) -> Path:
    require_tools("sox")
    _run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(path), "trim", "0", str(seconds)])
    return path


def tone_wav(frequency_hz: float, seconds: float, path: Path) -> Path:
    require_tools("sox")
    _run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(path), "synth", str(seconds),
          "sine", str(frequency_hz), "vol", "0.5"])
    return path


def concat_wavs(parts: list[Path], path: Path) -> Path:
    require_tools("sox")
    _run(["sox", *[str(part) for part in parts], str(path)])
    return path


def face_image(path: Path, *, face: bool = True, size: int = 512) -> Path:
    """The scikit-image astronaut portrait (a real frontal face), or a face-free scene."""
    from skimage import data, transform
    from skimage.io import imsave

    image = data.astronaut() if face else data.coffee()
    image = transform.resize(image, (size, size), anti_aliasing=True)
    imsave(str(path), (image * 255).astype(np.uint8), check_contrast=False)
    return path


def face_jpeg(path: Path, *, face: bool = True) -> bytes:
    """`face_image` as the JPEG bytes of a camera frame, as the browser sends them live."""
    import cv2

    ok, data = cv2.imencode(".jpg", cv2.imread(str(face_image(path, face=face))))
    assert ok
    return data.tobytes()


def video_with_audio(
    audio: Path, path: Path, *, face: bool = True, size: int = 512, fps: int = 15,
    live: bool = False,
) -> Path:
    """A webm/mp4/mkv 'interview': a slowly moving still photo over the given audio track.

    The container follows the suffix of `path`; webm uses VP8 + Opus like a browser recording.
    `live` writes it as a live stream, as Chrome's MediaRecorder does: no duration, no cues.
    """
    require_tools("ffmpeg")
    still = face_image(path.with_suffix(".png"), face=face, size=size)
    codecs = {
        ".webm": ["-c:v", "libvpx", "-b:v", "300k", "-c:a", "libopus", "-b:a", "48k"],
        ".mkv": ["-c:v", "libvpx", "-b:v", "300k", "-c:a", "libopus", "-b:a", "48k"],
        ".mp4": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
        ".mov": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    }[path.suffix]
    # A gentle sway keeps the video from being a single repeated frame, as a real sitter moves.
    sway = f"rotate=0.02*sin(2*PI*t/3):fillcolor=black,scale={size}:{size}"
    _run([
        "ffmpeg", "-y", "-loglevel", "error", "-loop", "1", "-framerate", str(fps),
        "-i", str(still),
        "-i", str(audio), "-vf", sway, *codecs, *(["-live", "1"] if live else []),
        "-shortest", str(path),
    ])
    still.unlink()
    return path


def audio_file(source_wav: Path, path: Path) -> Path:
    """Re-encode a wav into the container the suffix names (ogg/Opus, mp3, wav)."""
    require_tools("ffmpeg")
    codecs = {".ogg": ["-c:a", "libopus"], ".mp3": ["-c:a", "libmp3lame"], ".wav": []}[path.suffix]
    _run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(source_wav), *codecs, str(path)])
    return path
