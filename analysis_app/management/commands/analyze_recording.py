"""`manage.py analyze_recording FILE`: the engine in-process, for one recording, offline.

A thin shell: it gathers arguments, runs `engine.pipeline.analyze_recording` (the same code the
workers run, stage by stage) and prints either a readable report or the JSON contract of
docs/product.md. A file that is not a usable recording ends the command with one line on stderr
and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analysis_app.engine.config import EngineConfig
from analysis_app.engine.key_points import BankCandidate, closest_bank_question
from analysis_app.engine.media import MediaError
from analysis_app.engine.pipeline import analyze_recording
from analysis_app.engine.scoring import DIMENSIONS, OVERALL, LearnedModel
from analysis_app.engine.scoring.rubric_types import QuestionKind
from analysis_app.engine_settings import engine_config as settings_engine_config
from sessions_app.questions.bank import load_seed_bank

_BAR_WIDTH = 30


class ProgressBar:
    """A one-line bar on a terminal; one line per stage when stderr is a file or a pipe."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.interactive = stream.isatty()
        self.last_stage: str | None = None

    def __call__(self, stage: str, fraction: float) -> None:
        filled = round(fraction * _BAR_WIDTH)
        line = f"[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {fraction * 100:3.0f}% {stage}"
        if self.interactive:
            self.stream.write(f"\r{line:<60}")
            if fraction >= 1.0:
                self.stream.write("\n")
        elif stage != self.last_stage or fraction >= 1.0:
            self.stream.write(line + "\n")
        self.last_stage = stage
        self.stream.flush()


@contextmanager
def native_stderr_silenced(enabled: bool) -> Iterator[IO[str]]:
    """MediaPipe and TensorFlow Lite log from C++ straight to file descriptor 2; for a clean
    terminal, point fd 2 at /dev/null and hand back a stream on the real stderr for the bar."""
    if not enabled:
        yield sys.stderr
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    real_stderr = os.fdopen(os.dup(saved), "w", buffering=1)
    os.dup2(devnull, 2)
    try:
        yield real_stderr
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
        real_stderr.close()


def engine_config(overrides: dict[str, Any]) -> EngineConfig:
    """The workers' settings (ANALYSIS_ENGINE), then the command's flags on top."""
    return settings_engine_config().with_changes(
        **{key: value for key, value in overrides.items() if value is not None}
    )


class TrainedModels(Mapping[str, LearnedModel]):
    """The workers' active learned scorers, read from the database only when the scoring stage
    asks (a file refused at decoding never touches it); none where there is no database."""

    def __init__(self, use_them: bool) -> None:
        self.use_them = use_them

    @cached_property
    def _models(self) -> dict[str, LearnedModel]:
        if not self.use_them:
            return {}
        from django.db import DatabaseError

        from analysis_app.scoring_models import active_scoring_models

        try:
            return active_scoring_models()
        except DatabaseError:
            return {}  # no database (or not migrated): the rubric scores, as out of the box

    def __getitem__(self, name: str) -> LearnedModel:
        return self._models[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._models)

    def __len__(self) -> int:
        return len(self._models)


def format_report(data: dict[str, Any]) -> str:
    """The human-readable summary printed without --json."""
    features, media = data["features"], data["media"]
    feedback = data["feedback"] or {}

    def value(key: str, unit: str = "") -> str:
        item = features.get(key)
        return "n/a" if item is None else f"{item}{unit}"

    def score(name: str) -> str:
        item = data["scores"].get(name)
        return f"{item:5.1f}" if item is not None else f"  n/a ({data['missing'].get(name)})"

    lines = [
        f"Recording: {media['duration_s']} s, audio {'yes' if media['has_audio'] else 'no'}, "
        f"video {'yes' if media['has_video'] else 'no'}",
        "",
        "Transcript:",
        f"  {data['transcript']['text'] or '(no speech recognised)'}",
        "",
        "Delivery:",
        f"  speaking rate      {value('speech_rate_wpm', ' wpm')} (110-150 conversational)",
        f"  fillers            {value('filler_count')} ({value('filler_rate_per_100_words')}"
        " per 100 words)",
        f"  hedges             {value('hedge_count')}",
        f"  pauses             {value('pause_count')}, long (>1 s): {value('long_pause_count')}",
        f"  pitch              median {value('pitch_median_hz', ' Hz')}, range "
        f"{value('pitch_range_semitones', ' semitones')}",
        "Content:",
        f"  relevance          {value('relevance_similarity')}",
        f"  key-point coverage {value('keyword_coverage')}",
        f"  STAR components    {value('star_components')} of 4",
        f"  sentiment          {value('sentiment')}",
        "Presence:",
        f"  face visible       {value('face_present_ratio')}",
        f"  eye contact        {value('eye_contact_ratio')}",
        f"  smiling            {value('smile_ratio')}",
        f"  blinks             {value('blink_rate_per_min', ' per min')}",
        "",
        "Scores (0-100):",
        *[f"  {name.replace('_', ' '):<20} {score(name)}" for name in (*DIMENSIONS, OVERALL)],
        "",
        feedback.get("summary", "No scores: the scoring stage did not finish."),
        *[f"  + {item}" for item in feedback.get("strengths", [])],
        *[f"  - {item}" for item in feedback.get("improvements", [])],
        "",
        f"Status: {data['status']}" + (f" ({data['error']})" if data["error"] else ""),
        "Modalities: " + ", ".join(
            f"{name} {status['status']}" + (f" ({status['reason']})" if status["reason"] else "")
            for name, status in data["modalities"].items()
        ),
    ]
    return "\n".join(lines)


def _key_points(question: str | None, given: tuple[str, ...],
                config: EngineConfig) -> tuple[tuple[str, ...], str]:
    """The key points to score against and where they came from, as the platform does it: a
    question given without any borrows those of the bank question asking the same thing."""
    if given or not question:
        return given, ""
    bank = [BankCandidate(entry["key"], entry["text"], tuple(entry["key_points"]))
            for entry in load_seed_bank()]
    match = closest_bank_question(question, bank, config)
    if match is None:
        return (), "none"
    return match.key_points, f"bank:{match.key}"


class Command(BaseCommand):
    help = "Analyse one interview recording in-process and print a report or the JSON result."
    # Needs no database: the engine is pure, so skip the checks that would touch it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="webm, mp4, mkv, mov, wav, mp3 or ogg recording")
        parser.add_argument("--question", default=None, help="the question that was answered")
        parser.add_argument("--key-point", action="append", dest="key_points", default=[],
                            help="an expected key point of a good answer (repeatable)")
        parser.add_argument("--question-kind", choices=[str(k) for k in QuestionKind],
                            default=None,
                            help="behavioural (STAR) or technical (organisation, specifics); "
                                 "by default detected from the question's wording")
        parser.add_argument("--json", dest="json_target", default=None, metavar="PATH|-",
                            help="write the JSON result to PATH, or to stdout with '-'")
        parser.add_argument("--whisper-model", default=None,
                            help="tiny.en (bundled), another faster-whisper model directory")
        parser.add_argument("--device", default=None, help="cpu or cuda for Whisper")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--native-logs", action="store_true",
                            help="keep MediaPipe's own log lines on stderr")
        parser.add_argument("--rubric-only", action="store_true",
                            help="score with the rubric even where a trained model is active")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            config = engine_config({"whisper_model": options["whisper_model"],
                                    "whisper_device": options["device"]})
        except (TypeError, ValueError) as error:
            raise CommandError(f"Bad engine settings: {error}") from error
        key_points, key_points_origin = _key_points(options["question"],
                                                    tuple(options["key_points"]), config)
        try:
            with native_stderr_silenced(not options["native_logs"]) as stderr:
                bar = None if options["no_progress"] else ProgressBar(stderr)
                result = analyze_recording(
                    path, question=options["question"], key_points=key_points,
                    config=config, progress=bar,
                    scoring_models=TrainedModels(not options["rubric_only"]),
                    question_kind=(QuestionKind(options["question_kind"])
                                   if options["question_kind"] else None))
        except MediaError as error:
            raise CommandError(str(error)) from error
        except Exception as error:
            raise CommandError(f"The analysis failed: {type(error).__name__}: {error}") from error

        data = result.to_json()
        data["key_points"] = {"points": list(key_points), "origin": key_points_origin}
        target = options["json_target"]
        if target is None:
            self.stdout.write(format_report(data))
            return
        document = json.dumps(data, indent=2, ensure_ascii=False)
        if target == "-":
            self.stdout.write(document)
        else:
            Path(target).write_text(document + "\n", encoding="utf-8")
            self.stdout.write(format_report(data))
            self.stdout.write(f"\nJSON written to {target}")
