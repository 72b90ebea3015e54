"""Face, gaze, head pose, nods and facial animation on real video: the astronaut's frontal
face (still, nodding, talking), and no face."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.frames import sample_frames
from analysis_app.engine.media import MediaError
from analysis_app.engine.typed_json import dump, load
from analysis_app.engine.video import VideoAnalysis, analyze_video
from tests.engine.conftest import NOD_S, NOD_STARTS

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def face_video(face_webm: Path, config: EngineConfig) -> VideoAnalysis:
    analysis = analyze_video(face_webm, config)
    assert analysis is not None
    return analysis


@pytest.fixture(scope="module")
def moving_videos(moving_faces: dict[str, Path], config: EngineConfig,
                  ) -> dict[str, VideoAnalysis]:
    analyses = {name: analyze_video(path, config) for name, path in moving_faces.items()}
    assert all(analysis is not None for analysis in analyses.values())
    return analyses  # type: ignore[return-value]


def test_a_nodding_head_is_counted_and_a_still_one_is_not(
    moving_videos: dict[str, VideoAnalysis], face_video: VideoAnalysis,
) -> None:
    # given: the face nods three times (pitch down ~10 degrees and back within 0.8 s); the
    # same face held still; the swaying photo of the other tests

    # when
    nodding, still = moving_videos["nodding"], moving_videos["still"]

    # then: each nod is found at its lowest point, sampled at 5 fps
    assert 2 <= nodding.features["nod_count"] <= len(NOD_STARTS)
    lowest = [start + NOD_S / 2 for start in NOD_STARTS]
    assert all(min(abs(t - low) for low in lowest) <= 0.3 for t in nodding.nods)
    assert still.features["nod_count"] == 0
    assert face_video.features["nod_count"] == 0


def test_talking_does_not_read_as_nodding(moving_videos: dict[str, VideoAnalysis]) -> None:
    # given: the jaw drags the chin landmark, which moves the estimated pitch a little

    # when
    features = moving_videos["talking"].features

    # then
    assert features["nod_count"] == 0


def test_a_talking_face_is_more_animated_than_a_still_one(
    moving_videos: dict[str, VideoAnalysis], face_video: VideoAnalysis,
) -> None:
    # given: the same face held still, and talking (jaw opening ~7 mm at syllable rate, brows
    # raised every 1.7 s)

    # when
    still = moving_videos["still"].features["facial_animation"]
    talking = moving_videos["talking"].features["facial_animation"]

    # then: on the rubric's scale a still face is under 0.2, an animated one 0.4 or more
    assert still is not None and talking is not None
    assert still < 0.1 and face_video.features["facial_animation"] < 0.1
    assert 0.3 <= talking <= 1.0
    assert talking > still + 0.25


def test_frames_are_sampled_at_the_configured_rate_and_size(face_webm: Path) -> None:
    # given: a 15 fps, 512x512 recording

    # when
    frames = list(sample_frames(face_webm, fps=5.0, max_side=256))

    # then
    times = [t for t, _ in frames]
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert all(0.19 <= gap <= 0.27 for gap in gaps)
    assert all(image.shape == (256, 256, 3) and image.dtype.name == "uint8"
               for _, image in frames)


def test_sampling_an_audio_file_is_refused(audio_only_files: dict[str, Path]) -> None:
    # given / when / then
    with pytest.raises(MediaError, match="no video"):
        next(sample_frames(audio_only_files[".ogg"]))


def test_a_frontal_face_is_present_and_looks_into_the_camera(face_video: VideoAnalysis) -> None:
    # given: the astronaut portrait, facing the camera

    # when
    features = face_video.features

    # then
    assert features["face_present_ratio"] > 0.9
    assert features["eye_contact_ratio"] > 0.5
    assert abs(features["head_yaw_mean_deg"]) < 10
    assert abs(features["head_pitch_mean_deg"]) < 10


def test_a_still_photo_holds_its_head_steady_smiles_and_does_not_blink(
    face_video: VideoAnalysis,
) -> None:
    # given: the photo only sways by about 1 degree; the astronaut smiles

    # when
    features = face_video.features

    # then
    assert features["head_yaw_std_deg"] < 3 and features["head_pitch_std_deg"] < 3
    assert features["smile_ratio"] > 0.9
    assert features["blink_rate_per_min"] == 0.0
    assert features["shoulders_visible_ratio"] > 0.5


def test_eye_contact_timeline_has_one_value_per_second(
    face_video: VideoAnalysis, face_webm: Path
) -> None:
    # given
    from analysis_app.engine.media import probe_media

    seconds = probe_media(face_webm).duration_s

    # when
    series = face_video.timelines["eye_contact"]

    # then
    assert len(series) == int(seconds) + (seconds % 1 > 0)
    assert all(value is not None and value > 0.5 for value in series[:-1])


def test_a_video_without_a_face_reads_absent(noface_mp4: Path, config: EngineConfig) -> None:
    # given: the scikit-image coffee cup

    # when
    analysis = analyze_video(noface_mp4, config)

    # then
    assert analysis is not None
    assert analysis.features["face_present_ratio"] < 0.1
    assert analysis.features["eye_contact_ratio"] is None
    assert analysis.features["smile_ratio"] is None
    assert analysis.features["nod_count"] is None
    assert analysis.features["facial_animation"] is None


def test_an_audio_only_file_has_no_video_analysis(
    audio_only_files: dict[str, Path], config: EngineConfig
) -> None:
    # given / when / then
    assert analyze_video(audio_only_files[".mp3"], config) is None


def test_video_analysis_round_trips_through_json(face_video: VideoAnalysis) -> None:
    # given / when
    restored = load(VideoAnalysis, dump(face_video))

    # then
    assert restored == face_video
