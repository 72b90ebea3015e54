"""Voice features on recordings whose pitch and pauses are known."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.media import read_wav
from analysis_app.engine.prosody import AudioAnalysis, analyze_audio
from analysis_app.engine.typed_json import dump, load
from tests.engine.conftest import PAUSE_S

pytestmark = pytest.mark.slow  # Silero VAD is a (small) model


@pytest.mark.parametrize("frequency", [150.0, 220.0])
def test_pitch_of_a_tone_is_its_frequency(
    tone_wavs: dict[float, Path], frequency: float, config: EngineConfig
) -> None:
    # given
    audio = read_wav(tone_wavs[frequency])

    # when
    features = analyze_audio(audio, config).features

    # then: within 3 %, and a steady tone has no range
    assert features["pitch_median_hz"] == pytest.approx(frequency, rel=0.03)
    assert features["pitch_range_semitones"] < 0.5


def test_inserted_three_second_pauses_are_found_where_they_were_put(
    pause_wav: tuple[Path, list[float]], config: EngineConfig
) -> None:
    # given
    path, silence_starts = pause_wav

    # when
    analysis = analyze_audio(read_wav(path), config)

    # then
    long_pauses = analysis.long_pauses
    assert analysis.features["long_pause_count"] == len(silence_starts) == len(long_pauses)
    for pause, inserted_at in zip(long_pauses, silence_starts, strict=True):
        # the found pause holds the inserted silence; espeak's own trailing silence lengthens
        # it a little
        assert pause.start <= inserted_at + 0.05
        assert pause.end >= inserted_at + PAUSE_S - 0.05
        assert pause.duration_s <= PAUSE_S + 0.8


def test_speech_time_excludes_the_pauses(
    pause_wav: tuple[Path, list[float]], config: EngineConfig
) -> None:
    # given
    path, silence_starts = pause_wav
    audio = read_wav(path)

    # when
    features = analyze_audio(audio, config).features

    # then
    assert features["speech_duration_s"] < features["duration_s"] - PAUSE_S * len(silence_starts)
    assert features["speech_duration_s"] > 0.5 * (features["duration_s"] - 2 * PAUSE_S)
    assert 0.3 < features["pause_ratio"] < 0.7


def test_speech_has_a_voice_pitch_and_a_range(wer_wav: Path, config: EngineConfig) -> None:
    # given: espeak-ng's default male voice, around 100 Hz with intonation
    audio = read_wav(wer_wav)

    # when
    analysis = analyze_audio(audio, config)

    # then
    features = analysis.features
    assert 70.0 < features["pitch_median_hz"] < 160.0
    assert 1.0 < features["pitch_range_semitones"] < 24.0
    assert features["loudness_mean_db"] is not None and features["loudness_std_db"] > 0
    assert len(analysis.timelines["pitch_hz"]) == len(analysis.timelines["loudness_db"])


def test_silence_has_no_speech_and_no_pitch(silence_only_wav: Path, config: EngineConfig) -> None:
    # given
    audio = read_wav(silence_only_wav)

    # when
    features = analyze_audio(audio, config).features

    # then
    assert features["speech_duration_s"] == 0.0
    assert features["pitch_median_hz"] is None
    assert features["pause_count"] == 0


def test_audio_analysis_round_trips_through_json(wer_wav: Path, config: EngineConfig) -> None:
    # given
    analysis = analyze_audio(read_wav(wer_wav), config)

    # when
    restored = load(AudioAnalysis, dump(analysis))

    # then
    assert dump(restored) == dump(analysis)
