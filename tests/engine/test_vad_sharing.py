"""Silero's voice probabilities are computed once per recording and shared by Whisper's chunks,
the transcript's unvoiced-word check and the prosody stage's pauses, with the same results as
the model gives each of them on its own."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from analysis_app.engine import prosody, speech, vad
from analysis_app.engine.config import EngineConfig
from analysis_app.engine.media import read_wav

pytestmark = pytest.mark.slow  # Silero VAD and Whisper are real models


def test_one_analysis_runs_the_voice_model_once_for_all_three_readers(
    pause_wav: tuple[Path, list[float]], config: EngineConfig,
) -> None:
    # given: a recording no reader has seen
    audio = read_wav(pause_wav[0])
    shared = vad.shared_probabilities()
    before = shared.computed

    # when: the speech stage (the pipeline's chunks, then the unvoiced words) and the audio
    # stage (pauses) read its voice activity
    transcript = speech.transcribe(audio, config)
    analysis = prosody.analyze_audio(audio, config)

    # then
    assert transcript.words and analysis.pauses
    assert shared.computed == before + 1


def test_shared_regions_are_the_ones_the_model_gives_on_its_own(
    pause_wav: tuple[Path, list[float]],
) -> None:
    # given
    audio = read_wav(pause_wav[0]).astype(np.float32)
    shared = vad.shared_probabilities()
    padded = np.pad(audio, (0, 512 - audio.size % 512))

    # when: the regions through the shared probabilities, asked twice
    first = vad.speech_regions(audio, min_silence_s=0.25)
    again = vad.speech_regions(audio, min_silence_s=1.0)

    # then: the probabilities are the model's own, and each call's thresholds still apply
    assert np.array_equal(shared(padded), shared.model(padded))
    assert len(first) == len(again) == 3  # the three sentences between 3 s pauses
    assert first != again  # a longer silence to bridge holds the last region open longer


def test_readers_on_two_threads_wait_for_one_computation(
    pause_wav: tuple[Path, list[float]],
) -> None:
    # given: a recording nobody has read yet (the others' audio is already remembered)
    audio = read_wav(pause_wav[0]).astype(np.float32)[: 16000 * 7]
    shared = vad.shared_probabilities()
    before = shared.computed
    results: list[vad.Regions] = []

    # when: the speech and audio stages ask at the same moment
    threads = [threading.Thread(target=lambda: results.append(vad.speech_regions(audio)))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert shared.computed == before + 1
    assert results[0] == results[1]
