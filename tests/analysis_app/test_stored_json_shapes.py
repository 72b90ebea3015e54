"""Stored JSON written by the hand-written ``to_dict`` methods (engine 1.3.0, before the typed
models) still loads through the typed models, keeps its values, and is written back in the same
shape; and the report API serves such a row exactly as it served it before.

``data/stored_rows_engine_1_3.json`` was produced by the old code (its ``to_dict`` outputs for a
transcript, media info, audio, language and video stage results, transcript markers, two score
records, a session report, a training report, a parsed résumé, a question and a follow-up).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from analysis_app import selectors
from analysis_app.engine.language import LanguageAnalysis
from analysis_app.engine.media import MediaInfo
from analysis_app.engine.merge import TranscriptMarkers
from analysis_app.engine.prosody import AudioAnalysis
from analysis_app.engine.scoring import ScoreRecord, SessionReport
from analysis_app.engine.scoring.training import DimensionTrainingRecord, TrainingReportRecord
from analysis_app.engine.speech import Transcript
from analysis_app.engine.typed_json import dump, load
from analysis_app.engine.video import VideoAnalysis
from analysis_app.models import AnswerReport
from sessions_app.questions.followups import FollowUp
from sessions_app.questions.types import GeneratedQuestion
from sessions_app.resume import ParsedResume
from tests.factories import AnswerFactory, UserFactory

OLD = json.loads((Path(__file__).parent / "data" / "stored_rows_engine_1_3.json").read_text())

TYPES: dict[str, Any] = {
    "transcript": Transcript, "media": MediaInfo, "audio": AudioAnalysis,
    "language": LanguageAnalysis, "video": VideoAnalysis, "markers": TranscriptMarkers,
    "session": SessionReport, "resume": ParsedResume, "question": GeneratedQuestion,
    "follow": FollowUp, "training": TrainingReportRecord, "cv_metrics": DimensionTrainingRecord,
}


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value))


@pytest.mark.parametrize("name", sorted(TYPES))
def test_an_old_row_loads_and_is_written_back_unchanged(name: str) -> None:
    # given
    stored = OLD[name]
    # when
    loaded = load(TYPES[name], stored)
    # then
    assert _json(dump(loaded, TYPES[name])) == stored


def test_old_score_records_load_and_are_written_back_unchanged() -> None:
    for stored in OLD["scored"]:
        record = load(ScoreRecord, stored)
        assert _json(dump(record)) == stored
        assert record.explanations["fluency"][0].feature == stored["explanations"]["fluency"][0][
            "feature"]


def test_values_survive_loading_an_old_row() -> None:
    # given
    audio, transcript = OLD["audio"], OLD["transcript"]
    # when
    loaded_audio = load(AudioAnalysis, audio)
    loaded_transcript = load(Transcript, transcript)
    # then
    assert loaded_audio.speech_regions == tuple(tuple(r) for r in audio["speech_regions"])
    assert [p.long for p in loaded_audio.pauses] == [p["long"] for p in audio["pauses"]]
    assert loaded_audio.long_pauses == tuple(p for p in loaded_audio.pauses if p.long)
    assert [w.word for w in loaded_transcript.words] == [w["word"] for w in transcript["words"]]
    assert loaded_transcript.words[3].start == transcript["words"][3]["start"]
    assert loaded_transcript.segments[0].avg_logprob == transcript["segments"][0]["avg_logprob"]


def test_fields_an_older_row_lacks_take_their_defaults() -> None:
    # given: rows from before restarts, nods, notes and scorers were stored
    language = {k: v for k, v in OLD["language"].items() if k != "restarts"}
    video = {k: v for k, v in OLD["video"].items() if k != "nods"}
    scored = {k: v for k, v in OLD["scored"][0].items() if k not in ("notes", "scorers")}
    media = {"duration_s": 12.0, "has_audio": True, "has_video": False}
    # when / then
    assert load(LanguageAnalysis, language).restarts == ()
    assert load(VideoAnalysis, video).nods == ()
    assert (load(ScoreRecord, scored).notes, load(ScoreRecord, scored).scorers) == ({}, {})
    assert load(MediaInfo, media).container == ""
    assert load(ParsedResume, {"experiences": [{"title": "Dev"}]}).experiences[0].employer == ""


@pytest.mark.django_db
def test_the_report_api_serves_an_old_row_as_it_did_before() -> None:
    """Before, the API passed the stored JSON through untouched (JSONField), so what the
    selector returns is what it served; the typed fields must serve the same."""
    # given: a report row as the old scoring stage wrote it
    user = UserFactory()
    answer = AnswerFactory(question__session__owner=user, analysis_status="completed",
                           media_info=OLD["media"])
    scored = OLD["scored"][0]
    AnswerReport.objects.create(
        answer=answer, media=OLD["media"],
        transcript={"text": OLD["transcript"]["text"], "words": OLD["transcript"]["words"]},
        features={"duration_s": 9.5, "word_count": 19, "speech_rate_wpm": 150.2,
                  "eye_contact_ratio": None},
        timelines={"t": [0, 1, 2], "pace_wpm": [140.0, None, 150.0],
                   "pitch_hz": [180.0, 181.5, None]},
        markers=OLD["markers"], scores=scored["scores"], missing=scored["missing"],
        notes=scored["notes"], explanations=scored["explanations"],
        baselines=scored["baselines"], scorers=scored["scorers"], feedback=scored["feedback"],
        modalities={"speech": {"status": "finished", "reason": None},
                    "video": {"status": "skipped", "reason": "No video."}},
        rubric_version=scored["rubric_version"],
    )
    client = APIClient()
    client.force_authenticate(user=user)
    # when
    served = client.get(f"/api/answers/{answer.id}/report/").json()
    # then
    passed_through = _json(selectors.answer_report(answer=answer, viewer=user))
    assert passed_through["markers"]["long_pauses"]  # the row has every kind of part
    assert served == passed_through
