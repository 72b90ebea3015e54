"""Where a worker's stage reads its inputs and keeps its output: the database and storage.

`StoredStageInputs` gives the engine's stage graph what it asks for (the recording, the
question, earlier stages' outputs) from the answer's rows, so a stage runs the same engine
code in a worker as in `analyze_recording`. `stage_output_save` turns a stage's output into
the JSON its StageRun keeps, plus the row writes that must commit with the stage's end.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models.fields.files import FieldFile

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.graph import (
    MODALITY_STAGES,
    MediaOutput,
    StageInputError,
    StageState,
)
from analysis_app.engine.language import LanguageAnalysis
from analysis_app.engine.llm_client import client_from_settings
from analysis_app.engine.media import MediaInfo, read_wav, write_wav
from analysis_app.engine.merge import merge_features, merge_timelines, transcript_markers
from analysis_app.engine.prosody import AudioAnalysis
from analysis_app.engine.question_kind import question_kind_for
from analysis_app.engine.report import AnswerReportRecord, ModalityState, ReportTranscript
from analysis_app.engine.scoring import LearnedModel, ScoreResult, rephrase_feedback
from analysis_app.engine.scoring.rubric_types import QuestionKind
from analysis_app.engine.speech import Transcript
from analysis_app.engine.stages import Stage, StageStatus
from analysis_app.engine.typed_json import dump, load
from analysis_app.engine.video import VideoAnalysis
from analysis_app.engine_settings import engine_config
from analysis_app.models import AnswerReport, StageRun
from analysis_app.question_key_points import key_points_for
from analysis_app.scoring_models import active_scoring_models
from sessions_app import stored_files
from sessions_app.models import Answer, recording_path

#: The type of a finished stage's stored JSON (`typed_json` writes and reads it).
_OUTPUT_TYPES: dict[Stage, type] = {
    Stage.SPEECH: Transcript,
    Stage.AUDIO: AudioAnalysis,
    Stage.VIDEO: VideoAnalysis,
    Stage.TEXT: LanguageAnalysis,
}

#: Beside the recording, in a folder of its own: an uploaded file's name never holds a "/", so
#: no recording can be stored under this name and be replaced by the analysis audio.
ANALYSIS_AUDIO_NAME = "analysis/audio-16k.wav"
#: 16 kHz 16-bit mono is 32 kB a second: this bounds the copy at about four hours of audio.
ANALYSIS_AUDIO_MAX_BYTES = 500 * 1024 * 1024


def _stored_name(field: FieldFile) -> str:
    """The storage name of a file the stage needs; a stage never runs before it is stored."""
    if not field.name:
        raise StageInputError(f"The answer has no stored {field.field.name.replace('_', ' ')}.")
    return field.name


class StoredStageInputs:
    """The engine's `StageInputs` over one answer's rows (`runs`: its StageRuns by stage)."""

    def __init__(self, answer: Answer, runs: Mapping[str, StageRun],
                 workdir: Path | None = None) -> None:
        self.answer = answer
        self.runs = runs
        self._workdir = workdir

    @property
    def workdir(self) -> Path:
        """This process's private folder for the stage: local copies of stored files.

        Only a stage that runs has one; deciding what to queue or skip reads rows only."""
        if self._workdir is None:
            raise RuntimeError("Reading stored files needs the stage's private folder.")
        return self._workdir

    @property
    def config(self) -> EngineConfig:
        return engine_config()

    @property
    def question(self) -> str | None:
        return self.answer.question.text

    @cached_property
    def key_points(self) -> tuple[str, ...]:
        """A question added without key points gets them here, once (`question_key_points`)."""
        return key_points_for(self.answer.question, self.config)

    @property
    def question_kind(self) -> QuestionKind:
        """From the question's category; custom, résumé and follow-up ones by their wording."""
        question = self.answer.question
        return question_kind_for(question.category, question.text)

    @cached_property
    def scoring_models(self) -> Mapping[str, LearnedModel]:
        return active_scoring_models()

    @cached_property
    def _recording(self) -> Path:
        name = _stored_name(self.answer.recording)
        # Under its own name (what a decoder reports), in a folder of its own.
        local = self.workdir / "recording" / PurePosixPath(name).name
        local.parent.mkdir()
        return stored_files.fetch(name, local, max_bytes=settings.UPLOAD_MAX_BYTES)

    def recording(self) -> Path:
        """A private copy of the stored recording (the storage may be on another node)."""
        return self._recording

    def media(self) -> MediaInfo:
        return load(MediaInfo, self.answer.media_info or {})

    def samples(self) -> np.ndarray:
        local = self.workdir / "analysis-audio-16k.wav"
        stored_files.fetch(_stored_name(self.answer.analysis_audio), local,
                           max_bytes=ANALYSIS_AUDIO_MAX_BYTES)
        return read_wav(local)

    def output(self, stage: Stage) -> Any | None:
        run = self.runs.get(stage)
        if run is None or run.status != StageStatus.FINISHED or run.result is None:
            return None
        return load(_OUTPUT_TYPES[stage], run.result)

    def stage_states(self) -> dict[Stage, StageState]:
        """The stages' states as their rows hold them: the scoring stage is only queued once
        every modality stage has ended, so it reads their final states and reasons."""
        return {Stage(name): StageState(StageStatus(run.status), run.error)
                for name, run in self.runs.items()}


@dataclass(frozen=True)
class SavedOutput:
    #: What the StageRun keeps for the stages after it.
    result: dict[str, Any]
    #: Row writes that commit together with the stage's end (and not at all if it lost its
    #: lease to another worker meanwhile).
    apply: Callable[[], None] = lambda: None


def _media_saved(inputs: StoredStageInputs, media: MediaOutput) -> SavedOutput:
    """The decoded audio is written once here, so speech and prosody read a small wav."""
    answer = inputs.answer
    local = inputs.workdir / "analysis-audio-16k.wav"
    write_wav(media.samples, local)
    name = stored_files.store(recording_path(answer, ANALYSIS_AUDIO_NAME), local)
    info = dump(media.info)

    def apply() -> None:
        answer.analysis_audio.name = name
        answer.media_info = info
        answer.save(update_fields=["analysis_audio", "media_info", "updated_at"])

    return SavedOutput({"media": info, "analysis_audio": name,
                        "samples": int(media.samples.size)}, apply)


def _text_saved(inputs: StoredStageInputs, language: LanguageAnalysis) -> SavedOutput:
    coverage = language.coverage or {}
    transcript = inputs.output(Stage.SPEECH)
    return SavedOutput({
        **dump(language),
        # What the follow-up questions ask about: the STAR parts and key points not covered.
        "gaps": {
            "star_found": sorted(language.star),
            "key_points_missed": list(coverage.get("missing", [])),
            "word_count": language.features.get("word_count"),
            "transcript": transcript.text if transcript else "",
        },
    })


def _scoring_saved(inputs: StoredStageInputs, scored: ScoreResult) -> SavedOutput:
    """The answer's report: what every modality produced, merged once, with the scores."""
    answer = inputs.answer
    if settings.FEEDBACK_USE_LLM:
        feedback = rephrase_feedback(scored.feedback, client=client_from_settings(settings))
        scored = dataclasses.replace(scored, feedback=feedback)
    result = scored.record()
    media = inputs.media()
    audio, video = inputs.output(Stage.AUDIO), inputs.output(Stage.VIDEO)
    language = inputs.output(Stage.TEXT)
    transcript = inputs.output(Stage.SPEECH) or Transcript(text="")
    report = AnswerReportRecord(
        media=media,
        transcript=ReportTranscript(transcript.text, transcript.words),
        features=merge_features(media, audio, language, video),
        timelines=merge_timelines(media.duration_s, audio, language, video),
        markers=transcript_markers(audio, language),
        scores=result.scores,
        missing=result.missing,
        notes=result.notes,
        explanations=result.explanations,
        baselines=result.baselines,
        scorers=result.scorers,
        feedback=result.feedback,
        modalities={
            stage.value: ModalityState(inputs.runs[stage].status,
                                       inputs.runs[stage].error or None)
            for stage in MODALITY_STAGES if stage in inputs.runs
        },
        rubric_version=result.rubric_version,
    )

    def apply() -> None:
        AnswerReport.objects.update_or_create(answer=answer, defaults=dump(report))

    return SavedOutput({"scores": result.scores, "missing": result.missing,
                        "rubric_version": result.rubric_version}, apply)


def stage_output_save(inputs: StoredStageInputs, stage: Stage, output: Any) -> SavedOutput:
    """Files are written now (outside any transaction); rows only in `apply`."""
    if stage == Stage.MEDIA:
        return _media_saved(inputs, output)
    if stage == Stage.TEXT:
        return _text_saved(inputs, output)
    if stage == Stage.SCORING:
        return _scoring_saved(inputs, output)
    return SavedOutput(dump(output))
