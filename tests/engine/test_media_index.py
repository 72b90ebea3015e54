"""A browser's live-stream webm gets a duration and a seek index; other files are left alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from analysis_app.engine.media import decode_audio, probe_media, remux_with_index

#: The EBML id of a Matroska "Cues" element: the seek index a player needs.
CUES_ID = b"\x1c\x53\xbb\x6b"


def test_a_live_stream_webm_is_copied_with_its_duration_and_cues(
    live_stream_webm: Path, interview_webm: Path, tmp_path: Path
) -> None:
    # given: a recording written like Chrome's, which has neither
    assert probe_media(live_stream_webm).duration_s == 0.0
    assert CUES_ID not in live_stream_webm.read_bytes()
    target = tmp_path / "indexed.webm"

    # when
    copied = remux_with_index(live_stream_webm, target)

    # then: the same streams and audio, now with a length and a seek index
    assert copied
    info = probe_media(target)
    assert abs(info.duration_s - probe_media(interview_webm).duration_s) < 0.1
    assert (info.has_audio, info.has_video, info.video_codec, info.audio_codec) == (
        True, True, "vp8", "opus")
    assert CUES_ID in target.read_bytes()
    before, after = decode_audio(live_stream_webm), decode_audio(target)
    assert before.size == after.size
    assert np.allclose(before, after)


def test_files_that_have_their_duration_or_are_not_webm_are_left_alone(
    interview_webm: Path, speech_wav: Path, tmp_path: Path
) -> None:
    # given
    target = tmp_path / "indexed.webm"

    # when / then
    assert not remux_with_index(interview_webm, target)
    assert not remux_with_index(speech_wav, target)
    assert not target.exists()


def test_a_broken_file_is_not_copied(tmp_path: Path) -> None:
    # given
    broken = tmp_path / "broken.webm"
    broken.write_bytes(b"\x1a\x45\xdf\xa3 not really a webm")
    target = tmp_path / "indexed.webm"

    # when / then
    assert not remux_with_index(broken, target)
    assert not target.exists()
