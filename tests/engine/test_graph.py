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
    failure_reason,
    modality_failures,
    ready_stages,
    skip_reason,
    timeout_reason,
)
from analysis_app.engine.media import MediaInfo
from analysis_app.engine.speech import Transcript, Word
from analysis_app.engine.typed_json import dump

FINISHED, PENDING = StageState(StageStatus.FINISHED), StageState(StageStatus.PENDING)


def _states(**overrides: StageState) -> dict[Stage, StageState]:
    return {stage: overrides.get(stage.value, PENDING) for stage in GRAPH}


class _Inputs(SimpleNamespace):
    def media(self) -> object:
        return getattr(self, "info", None) or SimpleNamespace(has_video=self.has_video)

    def output(self, stage: Stage) -> object:
        return self.outputs.get(stage)

    def stage_states(self) -> dict[Stage, StageState]:
        return self.states


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


def test_the_scoring_stage_hands_the_failed_analyses_to_the_scorer() -> None:
    # given: the graph's scoring stage as the workers and the CLI run it, after the speech
    # stage failed (taking the text stage down) and the video stage crashed
    states = {**{stage: FINISHED for stage in GRAPH},
              Stage.SPEECH: StageState(StageStatus.FAILED, timeout_reason(Stage.SPEECH)),
              Stage.TEXT: StageState(StageStatus.SKIPPED, "Needs the speech stage, which failed."),
              Stage.VIDEO: StageState(StageStatus.FAILED,
                                      failure_reason(Stage.VIDEO, RuntimeError("no model")))}
    inputs = _Inputs(outputs={}, scoring_models={}, states=states,
                     info=MediaInfo(duration_s=30.0, has_audio=True, has_video=True,
                                    container="webm"))
    # when
    missing = dump(GRAPH[Stage.SCORING].run(inputs).record())["missing"]
    # then
    assert missing["fluency"] == "the speech analysis failed (it took too long and was stopped)"
    assert missing["eye_contact"] == (
        "the video analysis failed (an internal error: RuntimeError: no model)")


def test_only_failures_and_what_they_took_down_count_as_failed_modalities() -> None:
    # given: the video track is absent (declined), prosody crashed
    states = {**{stage: FINISHED for stage in GRAPH},
              Stage.VIDEO: StageState(StageStatus.SKIPPED, "The recording has no video track."),
              Stage.AUDIO: StageState(StageStatus.FAILED, crash_reason(Stage.AUDIO, 2))}
    # when
    failures = modality_failures(states)
    # then: an absent modality is not a failure; text ran without prosody, so it is not one
    assert failures == {
        "audio": "the audio analysis failed (it stopped unexpectedly 2 times on this recording)"}
