"""Nods and facial animation from per-frame face measures, sampled as the engine samples them
(5 fps by default). The real-video checks are in test_video.py; these pin the detectors'
thresholds on series whose truth is known exactly."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.typed_json import dump, load
from analysis_app.engine.video import (
    NOD_MIN_DEG,
    FaceFrame,
    VideoAnalysis,
    facial_animation,
    find_nods,
    summarise,
)

FPS = 5.0
Pitch = Callable[[float], float]


def face(t: float, pitch: float = 0.0, mouth: float = 0.1, brow: float = 0.23,
         smile: float = 0.0) -> FaceFrame:
    return FaceFrame(t=round(t, 3), yaw=0.0, pitch=pitch, roll=0.0, ear=0.3, smile=smile,
                     mouth_open=mouth, brow=brow)


def pitch_series(seconds: float, pitch: Pitch, fps: float = FPS) -> list[FaceFrame]:
    """Frames every 1/fps s with the head pitch `pitch(t)` (degrees, > 0 is up)."""
    return [face(i / fps, pitch(i / fps)) for i in range(int(seconds * fps))]


def nod(start: float, degrees: float = 10.0, seconds: float = 0.8) -> Pitch:
    """Down by `degrees` and back up once, a raised cosine from `start`."""
    def pitch(t: float) -> float:
        if start <= t <= start + seconds:
            return -degrees * (1 - math.cos(2 * math.pi * (t - start) / seconds)) / 2
        return 0.0
    return pitch


def test_one_nod_is_found_at_its_lowest_point() -> None:
    # given: a 0.8 s nod of 10 degrees starting at 2 s
    frames = pitch_series(5, nod(2.0))

    # when
    nods = find_nods(frames, FPS)

    # then
    assert nods == [2.4]


def test_a_double_nod_is_two_nods() -> None:
    # given: "yes, yes": two nods back to back
    first, second = nod(1.0), nod(1.8)
    frames = pitch_series(4, lambda t: first(t) + second(t))

    # when / then
    assert len(find_nods(frames, FPS)) == 2


@pytest.mark.parametrize(("what", "pitch"), [
    ("a wiggle under the threshold", nod(2.0, degrees=NOD_MIN_DEG * 0.7)),
    ("a slow dip of 3 s is a change of posture", nod(1.0, degrees=15.0, seconds=3.0)),
    ("raising the chin and lowering it again", lambda t: -nod(2.0)(t)),
    ("looking down and staying there", lambda t: -12.0 if t > 2.0 else 0.0),
])
def test_other_head_movements_are_not_nods(what: str, pitch: Pitch) -> None:
    # given
    frames = pitch_series(6, pitch)

    # when / then
    assert find_nods(frames, FPS) == [], what


def test_speech_jitter_in_the_estimated_pitch_is_not_nodding() -> None:
    # given: talking moves the estimated pitch by up to ~4 degrees peak to peak
    rng = np.random.default_rng(7)
    jitter = rng.uniform(-2.0, 2.0, size=300)
    frames = [face(i / FPS, float(value)) for i, value in enumerate(jitter)]

    # when / then
    assert find_nods(frames, FPS) == []


def test_a_frame_without_a_face_breaks_the_movement() -> None:
    # given: the face is lost at the bottom of the nod
    frames = pitch_series(5, nod(2.0))
    frames = [FaceFrame(f.t) if f.t == 2.4 else f for f in frames]

    # when / then: the descent and the return were never seen as one movement
    assert find_nods(frames, FPS) == []


def test_nods_are_found_at_a_higher_sampling_rate_too() -> None:
    # given
    frames = pitch_series(5, nod(2.0), fps=15.0)

    # when / then
    assert find_nods(frames, 15.0) == [2.4]


def speaking(seconds: float, fps: float, mouth: float, brow: float = 0.0) -> list[FaceFrame]:
    """A mouth opening and closing 2.3 times a second by `mouth`, brows rising by `brow`
    every 1.7 s, plus the tracker's jitter."""
    rng = np.random.default_rng(3)
    frames = []
    for i in range(int(seconds * fps)):
        t = i / fps
        phase = (t % 1.7) / 0.5
        frames.append(face(
            t, mouth=0.1 + mouth * (1 - math.cos(2 * math.pi * 2.3 * t)) / 2
            + rng.normal(0, 0.004),
            brow=0.23 + (brow * math.sin(math.pi * phase) if phase < 1 else 0.0)
            + rng.normal(0, 0.0015),
        ))
    return frames


def test_a_still_face_scores_about_zero_and_a_speaking_one_more() -> None:
    # given: tracker jitter only; lips opening ~4.5 mm (0.05 biocular widths) with each
    # syllable; the same with brow raises of ~5 mm (0.06)
    still = speaking(20, FPS, mouth=0.0)
    lips = speaking(20, FPS, mouth=0.05)
    expressive = speaking(20, FPS, mouth=0.05, brow=0.06)

    # when
    scores = [facial_animation(frames, FPS) or 0.0 for frames in (still, lips, expressive)]

    # then: the rubric's scale: a still face under 0.2, an animated one 0.4 and up
    assert scores[0] < 0.05
    assert 0.15 <= scores[1] < 0.4
    assert scores[2] >= 0.4
    assert all(0.0 <= score <= 1.0 for score in scores)


def test_facial_animation_does_not_depend_on_the_sampling_rate() -> None:
    # given: the same expressive face sampled at 5 and at 15 fps
    at_5, at_15 = speaking(20, 5.0, 0.05, 0.06), speaking(20, 15.0, 0.05, 0.06)

    # when / then: motion is measured over 0.2 s at any rate
    assert facial_animation(at_15, 15.0) == pytest.approx(facial_animation(at_5, 5.0), abs=0.1)


def test_without_a_face_there_are_no_nods_and_no_animation() -> None:
    # given: the camera was on but nobody was in frame
    frames = [FaceFrame(i / FPS) for i in range(50)]

    # when
    features = summarise(frames, [], 10.0, EngineConfig()).features

    # then
    assert features["nod_count"] is None
    assert features["facial_animation"] is None


def test_a_video_analysis_stored_before_nods_still_loads() -> None:
    # given: a stored video-stage row from before nods and facial animation existed
    analysis = summarise(pitch_series(5, nod(2.0)), [], 5.0, EngineConfig())
    stored = dump(analysis)
    del stored["nods"]
    for name in ("nod_count", "facial_animation"):
        del stored["features"][name]

    # when
    restored = load(VideoAnalysis, stored)

    # then
    assert restored.nods == ()
    assert load(VideoAnalysis, dump(analysis)) == analysis
    assert analysis.nods == (2.4,) and analysis.features["nod_count"] == 1
