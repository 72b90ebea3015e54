"""The work of each modality stage: read the stored inputs, call the engine, return JSON.

Every function takes the answer and the stage runs so far and returns what its StageRun
stores; the scoring stage also assembles the answer's report from all of them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.conf import settings
from django.db import transaction

from analysis_app.engine.language import LanguageAnalysis, analyze_language
from analysis_app.engine.media import read_wav
from analysis_app.engine.pipeline import merge_features, merge_timelines, transcript_markers
from analysis_app.engine.prosody import AudioAnalysis, analyze_audio
from analysis_app.engine.scoring import rephrase_feedback, score_features
from analysis_app.engine.speech import Transcript, transcribe
from analysis_app.engine.video import VideoAnalysis, analyze_video
from analysis_app.engine_settings import engine_config
from analysis_app.models import AnswerReport, StageRun
from analysis_app.scoring_models import active_scoring_models
from analysis_app.stages import Stage, StageStatus
from sessions_app.models import Answer

StageRuns = dict[str, StageRun]


def _finished(runs: StageRuns, stage: Stage) -> dict[str, Any] | None:
    run = runs.get(stage)
    return run.result if run is not None and run.status == StageStatus.FINISHED else None


def speech_transcribe(answer: Answer, runs: StageRuns) -> dict[str, Any]:
    audio = read_wav(answer.analysis_audio.path)
    return transcribe(audio, engine_config()).to_dict()


def audio_analyse(answer: Answer, runs: StageRuns) -> dict[str, Any]:
    audio = read_wav(answer.analysis_audio.path)
    return analyze_audio(audio, engine_config()).to_dict()


def video_skip_reason(answer: Answer, runs: StageRuns) -> str | None:
    media = answer.media_info or {}
    return None if media.get("has_video") else "The recording has no video track."


def video_analyse(answer: Answer, runs: StageRuns) -> dict[str, Any]:
    return analyze_video(answer.recording.path, engine_config()).to_dict()


def text_skip_reason(answer: Answer, runs: StageRuns) -> str | None:
    transcript = _finished(runs, Stage.SPEECH)
    if transcript is not None and Transcript.from_dict(transcript).is_empty:
        return "No speech was recognised in the recording."
    return None


def text_analyse(answer: Answer, runs: StageRuns) -> dict[str, Any]:
    """Language features; speaking time comes from the audio stage when it finished."""
    transcript = Transcript.from_dict(runs[Stage.SPEECH].result or {})
    audio_result = _finished(runs, Stage.AUDIO)
    audio = AudioAnalysis.from_dict(audio_result) if audio_result else None
    question = answer.question
    language = analyze_language(
        transcript, audio, question.text, tuple(question.key_points), engine_config(),
        duration_s=float((answer.media_info or {}).get("duration_s") or 0.0),
    )
    coverage = language.coverage or {}
    return {
        **language.to_dict(),
        # What the follow-up questions ask about: the STAR parts and key points not covered.
        "gaps": {
            "star_found": sorted(language.star),
            "key_points_missed": list(coverage.get("missing", [])),
            "word_count": language.features.get("word_count"),
            "transcript": transcript.text,
        },
    }


def _load(runs: StageRuns, stage: Stage, loader: Any) -> Any:
    result = _finished(runs, stage)
    return loader(result) if result else None


def scoring_assemble(answer: Answer, runs: StageRuns) -> dict[str, Any]:
    """Merge what every modality produced, score it, explain it, and store the report."""
    media = answer.media_info or {}
    duration = float(media.get("duration_s") or 0.0)
    audio = _load(runs, Stage.AUDIO, AudioAnalysis.from_dict)
    language = _load(runs, Stage.TEXT, LanguageAnalysis.from_dict)
    video = _load(runs, Stage.VIDEO, VideoAnalysis.from_dict)
    transcript = _load(runs, Stage.SPEECH, Transcript.from_dict) or Transcript(text="")
    features = merge_features(duration, audio, language, video)
    scored = score_features(features, models=active_scoring_models())
    if settings.FEEDBACK_USE_LLM:
        scored = dataclasses.replace(scored, feedback=rephrase_feedback(scored.feedback))
    result = scored.to_dict()
    modalities = {
        stage.value: {"status": runs[stage].status, "reason": runs[stage].error or None}
        for stage in (Stage.SPEECH, Stage.AUDIO, Stage.VIDEO, Stage.TEXT) if stage in runs
    }
    with transaction.atomic():
        AnswerReport.objects.update_or_create(answer=answer, defaults={
            "media": media,
            "transcript": {"text": transcript.text,
                           "words": [word.to_dict() for word in transcript.words]},
            "features": features,
            "timelines": merge_timelines(duration, audio, language, video),
            "markers": transcript_markers(audio, language),
            "scores": result["scores"],
            "missing": result["missing"],
            "notes": result.get("notes", {}),
            "explanations": result["explanations"],
            "baselines": result["baselines"],
            "scorers": result.get("scorers", {}),
            "feedback": result["feedback"],
            "modalities": modalities,
            "rubric_version": result["rubric_version"],
        })
    return {"scores": result["scores"], "missing": result["missing"],
            "rubric_version": result["rubric_version"]}
