"""Head pose, gaze and eye geometry on synthetic faces whose angles are known exactly."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis_app.engine import face_geometry as geometry
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.video import FaceFrame, find_blinks, is_eye_contact

WIDTH, HEIGHT = 640, 480


def rotation(yaw: float, pitch: float) -> np.ndarray:
    """A head turned by yaw (towards the image's right) and pitched up, in camera axes."""
    y, p = math.radians(yaw), math.radians(pitch)
    turn = np.array([[math.cos(y), 0, -math.sin(y)], [0, 1, 0], [math.sin(y), 0, math.cos(y)]])
    tilt = np.array([[1, 0, 0], [0, math.cos(p), math.sin(p)], [0, -math.sin(p), math.cos(p)]])
    return turn @ tilt


def project(yaw: float, pitch: float, position: tuple[float, float, float] = (0, 0, 600)
            ) -> np.ndarray:
    """Landmark pixels of the head model seen by the assumed webcam."""
    model = np.array(list(geometry.HEAD_MODEL_POINTS.values()))
    camera = geometry.camera_matrix(WIDTH, HEIGHT)
    points = (rotation(yaw, pitch) @ model.T).T + np.array(position)
    pixels = (camera @ points.T).T
    landmarks = np.zeros((478, 2))
    landmarks[list(geometry.HEAD_MODEL_POINTS)] = pixels[:, :2] / pixels[:, 2:]
    return landmarks


@pytest.mark.parametrize(("yaw", "pitch"), [(0, 0), (20, 0), (-25, 0), (0, 15), (0, -15),
                                            (-20, -10), (30, 20)])
def test_head_pose_recovers_known_angles_with_documented_signs(yaw: float, pitch: float) -> None:
    # given
    landmarks = project(yaw, pitch)

    # when
    pose = geometry.head_pose(landmarks, WIDTH, HEIGHT)

    # then
    assert pose is not None
    assert pose.yaw == pytest.approx(yaw, abs=0.5)
    assert pose.pitch == pytest.approx(pitch, abs=0.5)
    assert pose.roll == pytest.approx(0.0, abs=0.5)


def test_a_face_off_centre_looking_into_the_lens_reads_zero() -> None:
    # given: a head up and to the left of the frame, turned towards the camera
    position = np.array([-200.0, -120.0, 700.0])
    towards_camera_yaw = -math.degrees(math.atan2(position[0], position[2]))
    towards_camera_pitch = -math.degrees(math.atan2(-position[1], math.hypot(*position[[0, 2]])))
    landmarks = project(towards_camera_yaw, towards_camera_pitch, tuple(position))

    # when
    pose = geometry.head_pose(landmarks, WIDTH, HEIGHT)

    # then
    assert pose is not None
    assert abs(pose.yaw) < 1.0 and abs(pose.pitch) < 1.0


def test_eye_aspect_ratio_falls_when_the_eyes_close() -> None:
    # given: eyes 30 px wide, open 9 px, then nearly shut
    def eyes(opening: float) -> np.ndarray:
        points = np.zeros((478, 2))
        for (p1, p2, p3, p4, p5, p6), x0 in ((geometry.EAR_LEFT, 100), (geometry.EAR_RIGHT, 200)):
            points[p1], points[p4] = (x0, 100), (x0 + 30, 100)
            points[p2], points[p3] = (x0 + 10, 100 - opening / 2), (x0 + 20, 100 - opening / 2)
            points[p6], points[p5] = (x0 + 10, 100 + opening / 2), (x0 + 20, 100 + opening / 2)
        return points

    # when
    open_ear = geometry.eye_aspect_ratio(eyes(9.0))
    closed_ear = geometry.eye_aspect_ratio(eyes(1.0))

    # then
    assert open_ear == pytest.approx(0.3)
    assert closed_ear < 0.05


def test_blinks_are_runs_of_closed_frames() -> None:
    # given: open eyes with two closures, one lasting two frames
    ears = [0.3, 0.31, 0.08, 0.3, 0.29, 0.1, 0.09, 0.3, 0.3, 0.31]
    frames = [FaceFrame(t=i * 0.2, ear=ear) for i, ear in enumerate(ears)]

    # when
    blinks = find_blinks(frames)

    # then
    assert blinks == pytest.approx([0.4, 1.0])


def test_eye_contact_needs_head_and_eyes_towards_the_camera() -> None:
    # given
    config = EngineConfig()
    looking = FaceFrame(t=0, yaw=5, pitch=-3, gaze_yaw=8, gaze_pitch=-2, ear=0.3)
    head_turned = FaceFrame(t=0, yaw=35, pitch=0, gaze_yaw=38, gaze_pitch=0, ear=0.3)
    eyes_away = FaceFrame(t=0, yaw=2, pitch=0, gaze_yaw=-25, gaze_pitch=0, ear=0.3)

    # when / then
    assert is_eye_contact(looking, config)
    assert not is_eye_contact(head_turned, config)
    assert not is_eye_contact(eyes_away, config)


def test_smile_score_rises_with_a_wider_mouth_and_lifted_corners() -> None:
    # given / when / then
    assert geometry.smile_score(0.55, 0.0) == 0.0
    assert geometry.smile_score(0.70, 0.08) == 1.0
    assert 0.0 < geometry.smile_score(0.60, 0.02) < 0.5
