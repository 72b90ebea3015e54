"""Reads of analysis results, shaped for the report pages and the progress chart."""

from __future__ import annotations

from statistics import mean
from typing import Any

from analysis_app.engine.graph import STAGE_ORDER
from analysis_app.engine.scoring import DIMENSIONS, OVERALL, session_report
from analysis_app.models import AnswerReport
from sessions_app.models import Answer, InterviewSession
from sessions_app.selectors import User, session_list

#: Timeline series in the order the report charts them.
TIMELINE_SERIES = ("pace_wpm", "pitch_hz", "loudness_db", "eye_contact")


def _points(timelines: dict[str, list[Any]], name: str) -> list[dict[str, float]]:
    """Engine timelines are parallel arrays; charts want points, with gaps left out."""
    axis = timelines.get("t", [])
    return [
        {"t": float(t), "value": float(value)}
        for t, value in zip(axis, timelines.get(name, []), strict=False)
        if value is not None
    ]


def answer_report(*, answer: Answer) -> dict[str, Any]:
    """The answer's report; while analysis runs, the same shape with empty results."""
    report = AnswerReport.objects.filter(answer=answer).first()
    timelines = report.timelines if report else {}
    markers = report.markers if report else {}
    return {
        "answer_id": str(answer.id),
        "session_id": str(answer.session_id),
        "question": {"id": answer.question.id, "text": answer.question.text,
                     "category": answer.question.category,
                     "key_points": answer.question.key_points},
        "analysis_status": answer.analysis_status,
        "analysis_error": answer.analysis_error,
        "stages": [
            {"stage": run.stage, "status": run.status, "attempt": run.attempt,
             "error": run.error}
            for run in sorted(answer.stage_runs.all(), key=lambda run: STAGE_ORDER[run.stage])
        ],
        "media": answer.media_info or {},
        "transcript": report.transcript if report else {"text": "", "words": []},
        "features": report.features if report else {},
        "timelines": {name: _points(timelines, name) for name in TIMELINE_SERIES},
        "markers": {
            "fillers": [{**m, "word": m.get("text", "")} for m in markers.get("fillers", [])],
            "hedges": markers.get("hedges", []),
            "long_pauses": markers.get("long_pauses", []),
        },
        "scores": report.scores if report else {},
        "missing": report.missing if report else {},
        "notes": report.notes if report else {},
        "explanations": report.explanations if report else {},
        "baselines": report.baselines if report else {},
        "feedback": report.feedback if report else {},
        "modalities": report.modalities if report else {},
        "rubric_version": report.rubric_version if report else None,
    }


def _reports_in_order(session: InterviewSession) -> list[AnswerReport]:
    return list(
        AnswerReport.objects.filter(answer__session=session)
        .select_related("answer__question").order_by("answer__order")
    )


def session_report_for(*, session: InterviewSession) -> dict[str, Any]:
    """Per-dimension means and trends over the session's analysed answers, in answer order."""
    reports = _reports_in_order(session)
    aggregate = session_report([
        {"scores": r.scores, "explanations": r.explanations} for r in reports
    ]).to_dict()
    answers = list(session.answers.select_related("question").order_by("order"))
    scores_by_answer = {report.answer_id: report.scores for report in reports}
    dimensions = aggregate["dimensions"]
    return {
        "session_id": str(session.id),
        "answers": [
            {"answer_id": str(answer.id), "question_text": answer.question.text,
             "analysis_status": answer.analysis_status,
             "scores": scores_by_answer.get(answer.id, {})}
            for answer in answers
        ],
        "dimensions": {name: dimensions[name] for name in DIMENSIONS},
        "overall": dimensions[OVERALL]["mean"],
        "top_improvements": [item["advice"] for item in aggregate["focus"]],
        "focus": aggregate["focus"],
        "summary": aggregate["summary"],
    }


def progress_for(*, user: User) -> list[dict[str, Any]]:
    """One point per session with analysed answers, oldest first: the dashboard's chart."""
    sessions = session_list(user=user).filter(owner=user).order_by("created_at")
    points = []
    for session in sessions:
        reports = _reports_in_order(session)
        if not reports:
            continue
        scores: dict[str, float | None] = {}
        for name in (*DIMENSIONS, OVERALL):
            values = [r.scores.get(name) for r in reports if r.scores.get(name) is not None]
            scores[name] = round(mean(values), 2) if values else None
        points.append({"session_id": str(session.id), "created_at": session.created_at,
                       "target_role": session.target_role, "scores": scores})
    return points
