"""The pose model runs again only when the body may have moved: the face has left its place
since the last measured pose, or that measure is older than `pose_max_reuse_s`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from analysis_app.engine import model_registry
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.video import FacePlace, VideoAnalysis, analyze_video
from tests import media_factory

STILL_S, SLIDE_S = 10.0, 10.0


def test_a_face_within_a_quarter_eye_span_and_five_percent_scale_is_steady() -> None:
    # given: the face at the last measured pose, 80 px between the outer eye corners
    before = FacePlace(x=200.0, y=150.0, width=80.0)

    # when / then: a 20 px shift is a quarter of the span, 4 px of width is 5 %
    assert FacePlace(x=212.0, y=166.0, width=80.0).is_near(before)
    assert FacePlace(x=200.0, y=150.0, width=84.0).is_near(before)
    assert not FacePlace(x=221.0, y=150.0, width=80.0).is_near(before)
    assert not FacePlace(x=200.0, y=150.0, width=75.0).is_near(before)


class _CountingPose:
    """The real pose solution, counting the frames it is given."""

    def __init__(self, solution: Any) -> None:
        self.solution = solution
        self.calls = 0

    def process(self, image: Any) -> Any:
        self.calls += 1
        return self.solution.process(image)


@pytest.fixture
def counted_pose(monkeypatch: pytest.MonkeyPatch) -> _CountingPose:
    real_pose = model_registry.pose
    counter = _CountingPose(None)

    @contextmanager
    def pose() -> Iterator[_CountingPose]:
        with real_pose() as solution:
            counter.solution = solution
            yield counter

    monkeypatch.setattr(model_registry, "pose", pose)
    return counter


@pytest.fixture(scope="module")
def sliding_webm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # 12 px/s moves the eyes 24 px between pose samples 2 s apart; their span is ~46 px here.
    return media_factory.sliding_face_video(
        tmp_path_factory.mktemp("pose_reuse") / "sliding.webm",
        still_s=STILL_S, slide_s=SLIDE_S, px_per_s=12.0,
    )


@pytest.mark.slow
def test_the_pose_is_measured_again_when_the_face_moves_and_not_while_it_stays(
    sliding_webm: Path, counted_pose: _CountingPose,
) -> None:
    # given: 10 s of a still sitter, then 10 s of sliding sideways; pose samples every 2 s
    config = EngineConfig(pose_fps=0.5, pose_max_reuse_s=6.0)

    # when
    analysis = analyze_video(sliding_webm, config)

    # then: of 10 pose samples, the model ran while still only at 0 s and at 6 s (the reuse
    # limit; at 10 s the slide has just begun), then at every sample once the face had moved
    # (12, 14, 16, 18 s)
    assert analysis is not None
    assert analysis.features["shoulders_visible_ratio"] is not None
    assert counted_pose.calls == 2 + 4


@pytest.mark.slow
def test_reusing_poses_leaves_the_posture_features_of_a_still_sitter_as_measured(
    sliding_webm: Path,
) -> None:
    # given: the same video measured at every pose sample, and with reuse
    def posture(analysis: VideoAnalysis | None) -> dict[str, Any]:
        assert analysis is not None
        return {name: value for name, value in analysis.features.items()
                if name.startswith(("shoulder", "posture"))}

    # when
    every = posture(analyze_video(sliding_webm, EngineConfig(pose_max_reuse_s=0.0)))
    reused = posture(analyze_video(sliding_webm, EngineConfig(pose_max_reuse_s=6.0)))

    # then: the shares are the same and the mean tilt moves by less than a degree
    assert reused["shoulders_visible_ratio"] == every["shoulders_visible_ratio"]
    assert reused["posture_upright_ratio"] == every["posture_upright_ratio"]
    assert reused["shoulder_tilt_deg"] == pytest.approx(every["shoulder_tilt_deg"], abs=1.0)
