"""The stage graph's rules, which the workers and the CLI share: what is due, what is skipped
and why, and how an answer's analysis ends."""

from __future__ import annotations

from types import SimpleNamespace

from analysis_app.engine.graph import (
    GRAPH,
    Outcome,
    Stage,
    StageState,
    StageStatus,
    answer_outcome,
    crash_reason,
    ready_stages,
    skip_reason,
)
from analysis_app.engine.speech import Transcript, Word

FINISHED, PENDING = StageState(StageStatus.FINISHED), StageState(StageStatus.PENDING)


def _states(**overrides: StageState) -> dict[Stage, StageState]:
    return {stage: overrides.get(stage.value, PENDING) for stage in GRAPH}


class _Inputs(SimpleNamespace):
    def media(self) -> object:
        return SimpleNamespace(has_video=self.has_video)

    def output(self, stage: Stage) -> object:
        return self.outputs.get(stage)


def test_after_media_the_three_modalities_are_due_whisper_first() -> None:
    # given / when
    ready = ready_stages(_states(media=FINISHED))
    # then
    assert ready == [Stage.SPEECH, Stage.VIDEO, Stage.AUDIO]


def test_text_waits_for_prosody_but_runs_without_it_when_it_failed() -> None:
    # given
    speech_done = _states(media=FINISHED, speech=FINISHED, video=FINISHED)
    audio_failed = {**speech_done, Stage.AUDIO: StageState(StageStatus.FAILED, "pYIN crashed")}
    spoken = Transcript(text="We shipped.", words=(Word("We", 0.1, 0.3, 0.9),
                                                   Word("shipped.", 0.3, 0.8, 0.9)))
    inputs = _Inputs(has_video=True, outputs={Stage.SPEECH: spoken})
    # when / then
    assert Stage.TEXT not in ready_stages(speech_done)
    assert ready_stages(audio_failed) == [Stage.TEXT]
    assert skip_reason(Stage.TEXT, audio_failed, inputs) is None


def test_skip_reasons_name_what_is_missing() -> None:
    # given
    media_failed = _states(media=StageState(StageStatus.FAILED, "The file is empty."))
    no_video = _Inputs(has_video=False, outputs={})
    silent = _Inputs(has_video=True, outputs={Stage.SPEECH: Transcript(text="")})
    speech_done = _states(media=FINISHED, speech=FINISHED, audio=FINISHED)
    # when / then
    assert skip_reason(Stage.SPEECH, media_failed, no_video) == (
        "Needs the media stage, which failed.")
    assert skip_reason(Stage.VIDEO, _states(media=FINISHED), no_video) == (
        "The recording has no video track.")
    assert skip_reason(Stage.TEXT, speech_done, silent) == (
        "No speech was recognised in the recording.")


def test_an_answer_ends_failed_partial_or_completed() -> None:
    # given
    everything = {stage: FINISHED for stage in GRAPH}
    crashed = {**everything, Stage.VIDEO: StageState(StageStatus.FAILED,
                                                     crash_reason(Stage.VIDEO, 3))}
    undecodable = {**{stage: StageState(StageStatus.SKIPPED) for stage in GRAPH},
                   Stage.MEDIA: StageState(StageStatus.FAILED, "The file is empty.")}
    unfinished = {**everything, Stage.SCORING: StageState(StageStatus.STARTED)}
    # when / then
    assert answer_outcome(everything) == (Outcome.COMPLETED, "")
    assert answer_outcome(crashed) == (
        Outcome.PARTIAL, "video: The video analysis stopped its worker 3 times.")
    assert answer_outcome(undecodable) == (Outcome.FAILED, "The file is empty.")
    assert answer_outcome(unfinished) == (Outcome.FAILED, "Stages never finished: scoring")
