"""Whisper on real speech: accuracy on a known script, fillers kept, nothing invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.language import analyze_language
from analysis_app.engine.media import read_wav
from analysis_app.engine.speech import Transcript, transcribe
from analysis_app.engine.typed_json import dump, load
from tests.engine.conftest import FILLERS_INSERTED, WER_SCRIPT
from tests.engine.metrics import word_error_rate

pytestmark = pytest.mark.slow


def test_known_script_is_transcribed_with_low_word_error_rate(
    wer_wav: Path, config: EngineConfig
) -> None:
    # given
    audio = read_wav(wer_wav)

    # when
    transcript = transcribe(audio, config)

    # then
    assert word_error_rate(WER_SCRIPT, transcript.text) < 0.25


def test_words_carry_ordered_timings_and_probabilities(
    wer_wav: Path, config: EngineConfig
) -> None:
    # given
    audio = read_wav(wer_wav)
    duration = audio.size / 16_000

    # when
    transcript = transcribe(audio, config)

    # then
    assert len(transcript.words) >= 35
    starts = [word.start for word in transcript.words]
    assert starts == sorted(starts)
    assert all(0.0 <= w.start <= w.end <= duration + 0.5 for w in transcript.words)
    assert all(0.0 <= w.probability <= 1.0 for w in transcript.words)


@pytest.mark.parametrize("batch_size", [8, 1], ids=["batched", "sequential"])
def test_inserted_ums_and_uhs_survive_transcription(
    filler_wav: Path, config: EngineConfig, batch_size: int
) -> None:
    # given
    audio = read_wav(filler_wav)

    # when
    transcript = transcribe(audio, config.with_changes(whisper_batch_size=batch_size))
    language = analyze_language(transcript, None, None, (), config)

    # then
    found = sum(1 for marker in language.fillers if marker.text in {"um", "uh", "umm", "uhm"})
    assert found / FILLERS_INSERTED >= 0.7, transcript.text


def test_without_the_verbatim_prompt_whisper_drops_fillers(
    filler_wav: Path, config: EngineConfig
) -> None:
    # given: the same speech, transcribed the way Whisper does by default
    audio = read_wav(filler_wav)

    # when
    plain = transcribe(audio, config.with_changes(verbatim_transcript=False))
    verbatim = transcribe(audio, config)

    # then: the prompt is what keeps them (the reason it exists)
    def count(transcript: Transcript) -> int:
        return len(analyze_language(transcript, None, None, (), config).fillers)

    assert count(verbatim) > count(plain)


def test_silence_gives_an_empty_transcript(silence_only_wav: Path, config: EngineConfig) -> None:
    # given
    audio = read_wav(silence_only_wav)

    # when
    transcript = transcribe(audio, config)

    # then: no hallucinated "Thank you." or fillers on silence
    assert transcript.is_empty
    assert transcript.text == ""


def test_transcript_round_trips_through_json(wer_wav: Path, config: EngineConfig) -> None:
    # given
    transcript = transcribe(read_wav(wer_wav), config)

    # when
    restored = load(Transcript, dump(transcript))

    # then
    assert dump(restored) == dump(transcript)

