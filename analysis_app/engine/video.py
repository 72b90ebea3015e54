"""Non-verbal features from the video: face presence, eye contact, head pose, smile, blinks,
posture.

MediaPipe's face mesh (468 points + 10 iris points) runs on frames sampled at `frame_fps`;
the heavier pose model runs at `pose_fps`, since posture changes slowly. Features are shares
of frames or statistics over frames with a face, so they do not depend on the sampling rate
(blinks excepted: a blink lasts 100-400 ms, and at 5 fps some are missed, so the rate is a
lower bound; raise `frame_fps` where blink rate matters).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from analysis_app.engine import face_geometry, model_registry, timeline
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.frames import read_ahead, sample_frames
from analysis_app.engine.media import MediaError, probe_media
from analysis_app.engine.norms import BLINK_EAR_FRACTION_OF_OPEN

#: Pose landmarks (MediaPipe BlazePose): nose and shoulders.
_POSE_NOSE, _POSE_SHOULDER_LEFT, _POSE_SHOULDER_RIGHT = 0, 11, 12
_VISIBLE = 0.5
#: Shoulders within this angle of level, and the nose at least this many shoulder widths above
#: the shoulder line, read as upright (a slumped head drops towards the shoulders).
_LEVEL_SHOULDERS_DEG = 8.0
_UPRIGHT_HEAD_HEIGHT = 0.35


@dataclass(frozen=True)
class FaceFrame:
    """What one sampled frame shows; angles in degrees (see face_geometry for signs)."""

    t: float
    yaw: float | None = None
    pitch: float | None = None
    roll: float | None = None
    gaze_yaw: float | None = None
    gaze_pitch: float | None = None
    ear: float | None = None
    smile: float | None = None
    mouth_open: float | None = None
    brow: float | None = None

    @property
    def has_face(self) -> bool:
        return self.ear is not None


@dataclass(frozen=True)
class PoseFrame:
    t: float
    shoulders_visible: bool
    shoulder_tilt_deg: float | None = None
    head_height: float | None = None


@dataclass(frozen=True)
class VideoAnalysis:
    """The `video` stage's output."""

    features: dict[str, float | int | None]
    timelines: dict[str, timeline.Series] = field(default_factory=dict)
    blinks: tuple[float, ...] = ()
    frames_analyzed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": dict(self.features),
            "timelines": {name: list(series) for name, series in self.timelines.items()},
            "blinks": list(self.blinks),
            "frames_analyzed": self.frames_analyzed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> VideoAnalysis:
        return cls(
            features=dict(data.get("features", {})),
            timelines={name: list(series) for name, series in data.get("timelines", {}).items()},
            blinks=tuple(float(t) for t in data.get("blinks", [])),
            frames_analyzed=int(data.get("frames_analyzed", 0)),
        )


def measure_face(t: float, landmarks: Any, width: int, height: int) -> FaceFrame:
    points = np.array([(lm.x * width, lm.y * height) for lm in landmarks.landmark])
    pose = face_geometry.head_pose(points, width, height)
    eyes = face_geometry.eye_direction(points)
    mouth_width, corner_lift, mouth_open = face_geometry.mouth_measures(points)
    gaze_yaw = gaze_pitch = None
    if pose is not None and eyes is not None:
        # Where the eyes point = head direction + eye rotation within the head.
        gaze_yaw, gaze_pitch = pose.yaw + eyes[0], pose.pitch + eyes[1]
    return FaceFrame(
        t=t,
        yaw=pose.yaw if pose else None,
        pitch=pose.pitch if pose else None,
        roll=pose.roll if pose else None,
        gaze_yaw=gaze_yaw,
        gaze_pitch=gaze_pitch,
        ear=face_geometry.eye_aspect_ratio(points),
        smile=face_geometry.smile_score(mouth_width, corner_lift),
        mouth_open=mouth_open,
        brow=face_geometry.brow_height(points),
    )


def measure_pose(t: float, landmarks: Any, width: int, height: int) -> PoseFrame:
    if landmarks is None:
        return PoseFrame(t, False)
    points = landmarks.landmark
    left, right = points[_POSE_SHOULDER_LEFT], points[_POSE_SHOULDER_RIGHT]
    if min(left.visibility, right.visibility) < _VISIBLE or not all(
        0.0 <= p.x <= 1.0 and 0.0 <= p.y <= 1.0 for p in (left, right)
    ):
        return PoseFrame(t, False)
    dx, dy = (left.x - right.x) * width, (left.y - right.y) * height
    shoulder_width = math.hypot(dx, dy)
    tilt = math.degrees(math.atan2(dy, dx))
    tilt = (tilt + 90.0) % 180.0 - 90.0  # the line's angle, whichever shoulder is first
    nose = points[_POSE_NOSE]
    mid_y = (left.y + right.y) / 2 * height
    head_height = (mid_y - nose.y * height) / shoulder_width if shoulder_width > 0 else None
    return PoseFrame(t, True, round(tilt, 2), head_height)


def is_eye_contact(frame: FaceFrame, config: EngineConfig) -> bool:
    """Head and eyes towards the camera; during a blink the head alone decides."""
    if frame.yaw is None or frame.pitch is None:
        return False
    yaw = frame.gaze_yaw if frame.gaze_yaw is not None else frame.yaw
    pitch = frame.gaze_pitch if frame.gaze_pitch is not None else frame.pitch
    return abs(yaw) <= config.eye_contact_max_yaw_deg and \
        abs(pitch) <= config.eye_contact_max_pitch_deg


def find_blinks(face_frames: list[FaceFrame]) -> list[float]:
    """Times of eye closures: runs of frames whose EAR drops below a share of the open EAR."""
    ears = np.array([f.ear for f in face_frames if f.ear is not None])
    if ears.size < 3:
        return []
    threshold = BLINK_EAR_FRACTION_OF_OPEN * float(np.median(ears))
    blinks: list[float] = []
    closed = False
    for frame in face_frames:
        if frame.ear is None:
            closed = False
            continue
        if frame.ear < threshold and not closed:
            blinks.append(round(frame.t, 3))
        closed = frame.ear < threshold
    return blinks


def _std(values: list[float]) -> float | None:
    return round(float(np.std(values)), 2) if len(values) >= 2 else None


def _mean(values: list[float]) -> float | None:
    return round(float(np.mean(values)), 2) if values else None


def summarise(frames: list[FaceFrame], poses: list[PoseFrame], duration_s: float,
              config: EngineConfig) -> VideoAnalysis:
    """Turn per-frame measures into the feature contract and per-second timelines."""
    faces = [f for f in frames if f.has_face]
    posed = [f for f in faces if f.yaw is not None and f.pitch is not None]
    contact = [is_eye_contact(f, config) for f in faces]
    blinks = find_blinks(frames)
    face_minutes = len(faces) / config.frame_fps / 60.0
    directions = [(f.t, f.yaw, f.pitch) for f in posed
                  if f.yaw is not None and f.pitch is not None]
    yaws = [yaw for _, yaw, _ in directions]
    pitches = [pitch for _, _, pitch in directions]
    # Head motion: angular speed between consecutive sampled frames (fidgeting, nodding).
    motion = [
        math.hypot(yaw_b - yaw_a, pitch_b - pitch_a) / (t_b - t_a)
        for (t_a, yaw_a, pitch_a), (t_b, yaw_b, pitch_b) in itertools.pairwise(directions)
        if t_b > t_a
    ]
    visible = [p for p in poses if p.shoulders_visible]
    tilts = [abs(p.shoulder_tilt_deg) for p in visible if p.shoulder_tilt_deg is not None]
    upright = [
        abs(p.shoulder_tilt_deg or 0.0) <= _LEVEL_SHOULDERS_DEG
        and (p.head_height or 0.0) >= _UPRIGHT_HEAD_HEIGHT
        for p in visible
    ]
    # Facial animation: how much the mouth opening and brow height vary over the answer.
    expression = ([float(np.std([getattr(f, name) for f in faces]))
                   for name in ("mouth_open", "brow")] if len(faces) >= 2 else [])
    features: dict[str, float | int | None] = {
        "frames_analyzed": len(frames),
        "face_present_ratio": round(len(faces) / len(frames), 4) if frames else 0.0,
        "eye_contact_ratio": round(float(np.mean(contact)), 4) if faces else None,
        "head_yaw_mean_deg": _mean(yaws),
        "head_pitch_mean_deg": _mean(pitches),
        "head_roll_mean_deg": _mean([f.roll for f in posed if f.roll is not None]),
        # Steadiness: the spread of head direction; a composed speaker's head moves little.
        "head_yaw_std_deg": _std(yaws),
        "head_pitch_std_deg": _std(pitches),
        "head_motion_deg_per_s": _mean(motion),
        "gaze_yaw_mean_deg": _mean([f.gaze_yaw for f in faces if f.gaze_yaw is not None]),
        "gaze_pitch_mean_deg": _mean([f.gaze_pitch for f in faces if f.gaze_pitch is not None]),
        # Smiling predicted hiring ratings in the MIT Interview Dataset (Naim et al. 2015).
        "smile_ratio": (round(float(np.mean([(f.smile or 0.0) >= 0.5 for f in faces])), 4)
                        if faces else None),
        "smile_intensity_mean": _mean([f.smile for f in faces if f.smile is not None]),
        "expression_variability": round(float(np.mean(expression)), 4) if expression else None,
        "blink_count": len(blinks) if faces else None,
        "blink_rate_per_min": (round(len(blinks) / face_minutes, 2)
                               if face_minutes > 0 else None),
        "shoulders_visible_ratio": round(len(visible) / len(poses), 4) if poses else None,
        "shoulder_tilt_deg": _mean(tilts),
        "posture_upright_ratio": round(float(np.mean(upright)), 4) if upright else None,
    }
    times = [f.t for f in frames]
    face_times = [f.t for f in faces]
    timelines = {
        "eye_contact": timeline.per_second(face_times, [float(c) for c in contact], duration_s),
        "face_present": timeline.per_second(times, [float(f.has_face) for f in frames],
                                            duration_s),
        "smile": timeline.per_second(face_times, [f.smile or 0.0 for f in faces], duration_s),
    }
    return VideoAnalysis(features=features, timelines=timelines, blinks=tuple(blinks),
                         frames_analyzed=len(frames))


def analyze_video(path: str | Path, config: EngineConfig | None = None) -> VideoAnalysis | None:
    """Video features, or None when the recording has no video track (audio-only answer)."""
    config = config or EngineConfig()
    info = probe_media(path)
    if not info.has_video:
        return None
    frames: list[FaceFrame] = []
    poses: list[PoseFrame] = []
    next_pose_t = 0.0
    last_t = 0.0
    with model_registry.face_mesh() as mesh, model_registry.pose() as body:
        for t, image in read_ahead(sample_frames(path, config.frame_fps, config.frame_max_side)):
            height, width = image.shape[:2]
            image.flags.writeable = False  # lets MediaPipe use the buffer without a copy
            result = mesh.process(image)
            faces = result.multi_face_landmarks
            frames.append(measure_face(t, faces[0], width, height) if faces else FaceFrame(t))
            if config.pose_fps > 0 and t + 1e-6 >= next_pose_t:
                poses.append(measure_pose(t, body.process(image).pose_landmarks, width, height))
                next_pose_t = t + 1.0 / config.pose_fps
            last_t = t
    if not frames:
        raise MediaError("The recording's video track has no decodable frames.")
    duration = info.duration_s or last_t + 1.0 / config.frame_fps
    return summarise(frames, poses, duration, config)
