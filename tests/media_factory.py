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


def sliding_face_video(path: Path, *, still_s: float, slide_s: float, px_per_s: float,
                       size: int = 512, fps: int = 15) -> Path:
    """A silent webm: the astronaut photo (at 3/4 of the frame) held still for `still_s`, then
    sliding to the right at `px_per_s` for `slide_s`, as a sitter who shifts in the chair."""
    require_tools("ffmpeg")
    still = face_image(path.with_suffix(".png"), size=size)
    inner, margin = size * 3 // 4, size // 8
    x = f"if(lt(t,{still_s}),{margin},{margin}+(t-{still_s})*{px_per_s})"
    _run([
        "ffmpeg", "-y", "-loglevel", "error",
        "-f", "lavfi", "-i", f"color=black:s={size}x{size}:r={fps}:d={still_s + slide_s}",
        "-loop", "1", "-framerate", str(fps), "-i", str(still),
        "-filter_complex", f"[1:v]scale={inner}:{inner}[face];[0:v][face]overlay=x='{x}'"
        f":y={margin}:shortest=1",
        "-c:v", "libvpx", "-b:v", "300k", "-an", str(path),
    ])
    still.unlink()
    return path


def audio_file(source_wav: Path, path: Path) -> Path:
    """Re-encode a wav into the container the suffix names (ogg/Opus, mp3, wav)."""
    require_tools("ffmpeg")
    codecs = {".ogg": ["-c:a", "libopus"], ".mp3": ["-c:a", "libmp3lame"], ".wav": []}[path.suffix]
    _run(["ffmpeg", "-y", "-loglevel", "error", "-i", str(source_wav), *codecs, str(path)])
    return path


#: Where the astronaut's features are in scikit-image's photo, as fractions of its side (read
#: once with MediaPipe's face mesh: landmarks 1, 13/14, 152, 33/263 and 105/334).
_NOSE_TIP = (0.436, 0.254)
_FACE_CENTRE = (0.436, 0.245)
_UPPER_LIP, _LOWER_LIP, _CHIN = 0.280, 0.293, 0.347
_BROWS = ((0.388, 0.170), (0.494, 0.177))
_EYE_LINE = 0.200
#: Distance between the outer eye corners: the unit of the face's own measures.
_BIOCULAR = 0.119
#: Head and shoulders: the square of the photo the moving-face videos show.
_CROP_LEFT, _CROP_TOP, _CROP_SIDE = 0.186, 0.0, 0.5


def _smooth_step(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3.0 - 2.0 * x)


class _MovingFace:
    """The astronaut's head and shoulders, re-rendered with a head pitch and an expression.

    The photo is flat, and a flat face tilted in 3-D barely changes what a face mesh sees, so
    a pitch is rendered in 2.5-D: each pixel of the face moves vertically as the point of a
    head-shaped surface (a half-ellipsoid ~0.75 biocular widths deep with a nose ~0.42 deep on
    it, Farkas 1994 proportions) rotated about the neck, so the nose moves against the eyes
    and chin as on a real nodding head. The jaw and brows move by smooth local displacements.
    """

    def __init__(self, size: int) -> None:
        from skimage import data, transform

        photo = data.astronaut()
        side = photo.shape[0]
        top, left = int(_CROP_TOP * side), int(_CROP_LEFT * side)
        crop = photo[top: top + int(_CROP_SIDE * side), left: left + int(_CROP_SIDE * side)]
        self.image = (transform.resize(crop, (size, size), anti_aliasing=True) * 255
                      ).astype(np.uint8)
        self.size = size
        ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / size
        self.xs, self.ys = xs, ys

        def x_of(value: float) -> float:
            return (value - _CROP_LEFT) / _CROP_SIDE

        def y_of(value: float) -> float:
            return (value - _CROP_TOP) / _CROP_SIDE

        unit = _BIOCULAR / _CROP_SIDE
        self.unit = unit
        centre_x, centre_y = x_of(_FACE_CENTRE[0]), y_of(_FACE_CENTRE[1])
        radius = np.sqrt(((xs - centre_x) / (0.84 * unit)) ** 2
                         + ((ys - centre_y) / (1.1 * unit)) ** 2)
        nose_x, nose_y = x_of(_NOSE_TIP[0]), y_of(_NOSE_TIP[1])
        nose = np.exp(-((xs - nose_x) ** 2 + (ys - nose_y) ** 2) / (2 * (0.18 * unit) ** 2))
        self.depth = 0.75 * unit * np.sqrt(np.clip(1 - radius ** 2, 0, 1)) + 0.42 * unit * nose
        self.head = _smooth_step((1.35 - radius) / 0.35)  # 1 on the face, 0 past its edge
        self.neck_y = y_of(_CHIN) + 0.45 * unit
        mouth_x = x_of(_NOSE_TIP[0])
        across_mouth = np.exp(-((xs - mouth_x) / (0.3 * unit)) ** 2 / 2)
        opening = _smooth_step((ys - y_of(_UPPER_LIP)) / (y_of(_LOWER_LIP) - y_of(_UPPER_LIP)))
        below_chin = _smooth_step(1 - (ys - y_of(_CHIN)) / (0.35 * unit))
        self.jaw = across_mouth * opening * below_chin
        self.brows = sum(
            np.exp(-((xs - x_of(bx)) / (0.3 * unit)) ** 2 / 2
                   - ((ys - y_of(by)) / (0.1 * unit)) ** 2 / 2)
            for bx, by in _BROWS
        ) * (ys < y_of(_EYE_LINE))

    def render(self, pitch_deg: float = 0.0, jaw: float = 0.0, brows: float = 0.0) -> np.ndarray:
        """One RGB frame: head pitched down by `pitch_deg` (up if negative), the jaw dropped
        and the brows raised by the given shares of the biocular width."""
        import cv2

        theta = np.radians(pitch_deg)
        # Source row of each output pixel: expression first (jaw down, brows up) ...
        source_y = self.ys - jaw * self.unit * self.jaw + brows * self.unit * self.brows
        # ... then the pitch: y' = (y - neck) cos + depth sin about the neck, on the face only.
        shift = self.head * ((self.ys - self.neck_y) * (np.cos(theta) - 1)
                             + self.depth * np.sin(theta))
        rows = np.clip(np.rint((self.ys - shift) * self.size), 0, self.size - 1).astype(int)
        source_y = np.take_along_axis(source_y, rows, axis=0) - np.take_along_axis(
            shift, rows, axis=0)
        return cv2.remap(self.image, (self.xs * self.size).astype(np.float32),
                         (source_y * self.size).astype(np.float32), cv2.INTER_LINEAR,
                         borderMode=cv2.BORDER_REPLICATE)


def _nod_pitch(t: float, starts: tuple[float, ...], degrees: float, seconds: float) -> float:
    """Down and back up once from each start: a raised cosine over `seconds`."""
    for start in starts:
        if start <= t <= start + seconds:
            return degrees * (1 - np.cos(2 * np.pi * (t - start) / seconds)) / 2
    return 0.0


def moving_face_video(
    audio: Path, path: Path, *, nods: tuple[float, ...] = (), nod_deg: float = 10.0,
    nod_s: float = 0.8, talking: bool = False, size: int = 256, fps: int = 15,
) -> Path:
    """A webm answer of the astronaut's face that moves like a person's: the head nods (down
    by `nod_deg` and back within `nod_s`, from each time in `nods`) and, when `talking`, the
    jaw opens and closes at syllable rate (~0.08 biocular widths, a 7 mm lip opening) and the
    brows rise (~0.06, 5 mm) every couple of seconds. With neither it is the same face held
    still, the fair comparison for both."""
    import wave

    require_tools("ffmpeg")
    with wave.open(str(audio), "rb") as track:
        seconds = track.getnframes() / track.getframerate()
    face = _MovingFace(size)
    frames = []
    for index in range(int(np.ceil(seconds * fps))):
        t = index / fps
        jaw = brows = 0.0
        if talking:
            # ~2.3 openings a second with uneven depth, like syllables; a brow raise (a
            # conversational "baton") of 0.5 s every 1.7 s.
            jaw = 0.08 * (1 - np.cos(2 * np.pi * 2.3 * t)) / 2 * (0.6 + 0.4 * np.sin(2.3 * t))
            phase = (t % 1.7) / 0.5
            brows = 0.06 * np.sin(np.pi * phase) if phase < 1 else 0.0
        frames.append(face.render(_nod_pitch(t, nods, nod_deg, nod_s), jaw, brows))
    subprocess.run([
        "ffmpeg", "-y", "-loglevel", "error", "-f", "rawvideo", "-pix_fmt", "rgb24",
        "-s", f"{size}x{size}", "-r", str(fps), "-i", "-", "-i", str(audio),
        "-c:v", "libvpx", "-b:v", "400k", "-c:a", "libopus", "-b:a", "48k", "-shortest",
        str(path),
    ], input=np.stack(frames).tobytes(), check=True, capture_output=True)
    return path
