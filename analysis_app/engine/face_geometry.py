"""Geometry on MediaPipe face-mesh landmarks: head pose, gaze, eye openness, smile.

Pure numpy/OpenCV functions on an (N, 2) array of landmark pixel coordinates, so they can be
tested on synthetic faces with known angles. Conventions, all in degrees:

- yaw > 0: the face turns towards the image's right (the person's left);
- pitch > 0: the face tilts up;
- roll > 0: the head leans clockwise in the image.

Angles are relative to the line from the face to the camera, not to the optical axis: a face
in the corner of the frame that looks into the lens reads 0, which is what eye contact means.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from analysis_app.engine.arrays import FloatArray

# MediaPipe face-mesh indices ("left"/"right" in image terms, as the camera sees them).
NOSE_TIP = 1
CHIN = 152
EYE_LEFT_OUTER, EYE_LEFT_INNER = 33, 133  # the person's right eye
EYE_RIGHT_INNER, EYE_RIGHT_OUTER = 362, 263  # the person's left eye
IRIS_LEFT_CENTRE, IRIS_RIGHT_CENTRE = 468, 473  # present with refine_landmarks=True
MOUTH_LEFT, MOUTH_RIGHT = 61, 291
LIP_UPPER_INNER, LIP_LOWER_INNER = 13, 14
BROW_LEFT, BROW_RIGHT = 105, 334
#: Eye-aspect-ratio points p1..p6 (Soukupová & Čech 2016): corners p1/p4, lids p2,p3/p6,p5.
EAR_LEFT = (33, 160, 158, 133, 153, 144)
EAR_RIGHT = (362, 385, 387, 263, 373, 380)

#: A generic adult face in millimetres (x right, y down, z away from the camera; origin
#: between the outer eye corners), from anthropometric means (Farkas 1994: biocular width
#: ~90 mm, intercanthal ~32 mm, canthus to nose tip ~40 mm, to menton ~112 mm). Mouth corners
#: are left out on purpose: smiling lifts them and would read as a head tilt.
HEAD_MODEL_POINTS = {
    EYE_LEFT_OUTER: (-45.0, 0.0, 0.0),
    EYE_RIGHT_OUTER: (45.0, 0.0, 0.0),
    EYE_LEFT_INNER: (-16.0, 2.0, -6.0),
    EYE_RIGHT_INNER: (16.0, 2.0, -6.0),
    NOSE_TIP: (0.0, 40.0, -38.0),
    CHIN: (0.0, 112.0, -5.0),
}
_MODEL_INDICES = tuple(HEAD_MODEL_POINTS)
_MODEL = np.array([HEAD_MODEL_POINTS[i] for i in _MODEL_INDICES], dtype=np.float64)

#: The eye's width is ~2.5x the eyeball's radius (30 mm vs 12 mm), so an iris displaced by a
#: fraction f of the eye's width has turned by asin(2.5 f).
_EYE_WIDTH_OVER_RADIUS = 2.5
#: Looking straight ahead, the iris centre sits slightly above the line joining the eye
#: corners (the corners are below the eye's equator); measured as a share of eye width.
_IRIS_REST_ABOVE_CORNER_LINE = 0.05


@dataclass(frozen=True)
class HeadPose:
    yaw: float
    pitch: float
    roll: float


def camera_matrix(width: int, height: int) -> FloatArray:
    """Webcam intrinsics guessed from the image: focal length = longer side (~53 degree FOV)."""
    focal = float(max(width, height))
    return np.array([[focal, 0.0, width / 2.0], [0.0, focal, height / 2.0], [0.0, 0.0, 1.0]])


def head_pose(points: FloatArray, width: int, height: int) -> HeadPose | None:
    """Head orientation from cv2.solvePnP against the generic head model."""
    image_points = points[list(_MODEL_INDICES), :2].astype(np.float64)
    # opencv's stubs leave out None (no lens distortion), which solvePnP takes for distCoeffs.
    ok, rotation_vector, translation = cv2.solvePnP(  # type: ignore[call-overload]
        _MODEL, image_points, camera_matrix(width, height), None, flags=cv2.SOLVEPNP_SQPNP
    )
    if not ok:
        return None
    rotation, _ = cv2.Rodrigues(rotation_vector)
    # Direction the face points to (out of the face, towards a viewer) and the direction from
    # the face to the camera, both in camera coordinates.
    facing = rotation @ np.array([0.0, 0.0, -1.0])
    to_camera = -translation.reshape(3) / max(float(np.linalg.norm(translation)), 1e-9)
    if to_camera[2] >= 0:  # the solution put the face behind the camera: reject it
        return None

    def yaw_of(vector: FloatArray) -> float:
        return math.degrees(math.atan2(vector[0], -vector[2]))

    def pitch_of(vector: FloatArray) -> float:
        return math.degrees(math.atan2(-vector[1], math.hypot(vector[0], vector[2])))

    return HeadPose(
        yaw=yaw_of(facing) - yaw_of(to_camera),
        pitch=pitch_of(facing) - pitch_of(to_camera),
        roll=math.degrees(math.atan2(rotation[1, 0], rotation[0, 0])),
    )


def _eye_offsets(points: FloatArray, outer: int, inner: int, iris: int) -> tuple[float, float]:
    """Iris displacement from the eye's centre, as a share of the eye's width.

    Horizontal offset > 0 is towards the image's right; vertical > 0 is upwards.
    """
    left, right = (points[outer], points[inner]) if points[outer][0] < points[inner][0] \
        else (points[inner], points[outer])
    axis = right - left
    width = float(np.linalg.norm(axis))
    if width < 1e-6:
        return 0.0, 0.0
    unit = axis / width
    normal = np.array([unit[1], -unit[0]])  # perpendicular, pointing up in the image
    relative = points[iris] - left
    horizontal = float(relative @ unit) / width - 0.5
    vertical = float(relative @ normal) / width - _IRIS_REST_ABOVE_CORNER_LINE
    return horizontal, vertical


def eye_direction(points: FloatArray) -> tuple[float, float] | None:
    """(yaw, pitch) of the eyes within the head, averaged over both eyes."""
    if points.shape[0] <= IRIS_RIGHT_CENTRE:
        return None
    left = _eye_offsets(points[:, :2], EYE_LEFT_OUTER, EYE_LEFT_INNER, IRIS_LEFT_CENTRE)
    right = _eye_offsets(points[:, :2], EYE_RIGHT_OUTER, EYE_RIGHT_INNER, IRIS_RIGHT_CENTRE)
    # Averaging cancels each eye's nasal/temporal asymmetry (mirror images of each other).
    horizontal = (left[0] + right[0]) / 2
    vertical = (left[1] + right[1]) / 2

    def angle(offset: float) -> float:
        return math.degrees(math.asin(max(-1.0, min(1.0, offset * _EYE_WIDTH_OVER_RADIUS))))

    return angle(horizontal), angle(vertical)


def eye_aspect_ratio(points: FloatArray) -> float:
    """Mean EAR of both eyes: ~0.25-0.35 open, near 0 closed (Soukupová & Čech 2016)."""
    ratios = []
    for p1, p2, p3, p4, p5, p6 in (EAR_LEFT, EAR_RIGHT):
        vertical = (np.linalg.norm(points[p2, :2] - points[p6, :2])
                    + np.linalg.norm(points[p3, :2] - points[p5, :2]))
        horizontal = 2.0 * np.linalg.norm(points[p1, :2] - points[p4, :2])
        ratios.append(float(vertical / horizontal) if horizontal > 0 else 0.0)
    return float(np.mean(ratios))


def _face_frame(points: FloatArray) -> tuple[FloatArray, FloatArray, float]:
    """Origin, rotation (image -> face-upright) and biocular width, so head roll cancels."""
    left, right = points[EYE_LEFT_OUTER, :2], points[EYE_RIGHT_OUTER, :2]
    axis = right - left
    width = float(np.linalg.norm(axis))
    angle = math.atan2(axis[1], axis[0])
    cos, sin = math.cos(-angle), math.sin(-angle)
    return (left + right) / 2, np.array([[cos, -sin], [sin, cos]]), max(width, 1e-6)


def mouth_measures(points: FloatArray) -> tuple[float, float, float]:
    """(mouth width, lip-corner lift, mouth opening), each as a share of biocular width.

    Smiling (FACS action unit 12, lip corner puller) widens the mouth and lifts its corners
    above the centre of the lips.
    """
    origin, rotation, width = _face_frame(points)

    def upright(index: int) -> FloatArray:
        return rotation @ (points[index, :2] - origin)

    left, right = upright(MOUTH_LEFT), upright(MOUTH_RIGHT)
    upper, lower = upright(LIP_UPPER_INNER), upright(LIP_LOWER_INNER)
    lip_centre_y = (upper[1] + lower[1]) / 2
    corners_y = (left[1] + right[1]) / 2
    return (
        float(np.linalg.norm(right - left)) / width,
        float(lip_centre_y - corners_y) / width,  # image y grows downwards
        float(lower[1] - upper[1]) / width,
    )


def smile_score(mouth_width: float, corner_lift: float) -> float:
    """0 (neutral) to 1 (clear smile). A neutral mouth is ~0.55 biocular widths wide with
    its corners level with the lip centre."""
    widening = min(max((mouth_width - 0.55) / 0.12, 0.0), 1.0)
    lift = min(max(corner_lift / 0.06, 0.0), 1.0)
    return 0.5 * widening + 0.5 * lift


def brow_height(points: FloatArray) -> float:
    """Brow above the eye line, as a share of biocular width (raised brows: surprise, stress)."""
    origin, rotation, width = _face_frame(points)
    heights = [-(rotation @ (points[index, :2] - origin))[1] for index in (BROW_LEFT, BROW_RIGHT)]
    return float(np.mean(heights)) / width
