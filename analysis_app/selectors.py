"""Reads of analysis results, shaped for the report pages and the progress chart.

Takes: a candidate may record a question several times (several Answer rows for one question,
`order` increasing). Every aggregate (the session report's means and trends, the progress
chart) counts one take per question, the one `counted_reports` picks, so re-recording an
answer replaces it instead of counting twice. Every take stays in the answer lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from statistics import mean
from typing import Any, Final
from uuid import UUID

from django.db.models import Exists, OuterRef, QuerySet

from analysis_app.engine.graph import STAGE_ORDER
from analysis_app.engine.scoring import DIMENSIONS, OVERALL, session_report
from analysis_app.models import AnswerReport
from sessions_app.models import AnalysisStatus, Answer, InterviewSession
from sessions_app.selectors import User, session_list

#: An answer whose analysis ended with scores to count (partial: a modality failed, the rest
#: was scored). Queued, running and failed analyses have nothing to count yet, or nothing.
ANALYSED_STATUSES: Final = (AnalysisStatus.COMPLETED, AnalysisStatus.PARTIAL)

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
            "restarts": markers.get("restarts", []),
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


def _analysed_reports() -> QuerySet[AnswerReport]:
    return AnswerReport.objects.filter(answer__analysis_status__in=ANALYSED_STATUSES)


def counted_reports(
    *, sessions: QuerySet[InterviewSession] | Iterable[InterviewSession]
) -> QuerySet[AnswerReport]:
    """The reports every aggregate counts: per question, its latest *analysed* take.

    The latest analysed take is the answer with the highest `order` among the question's
    answers whose analysis ended completed or partial with a report. A newer take that is
    still being analysed, or whose analysis failed, does not hide it: the candidate's last
    scored answer keeps counting until a newer one has scores to replace it (and an answer
    being re-analysed counts again once its analysis settles).

    Ordered by question, then take, per session: a re-recorded take stands in its
    question's place in the trend, so the report equals that of a session that only ever
    had the new take. One query, whatever the number of sessions.
    """
    newer_take = _analysed_reports().filter(
        answer__question_id=OuterRef("answer__question_id"),
        answer__order__gt=OuterRef("answer__order"),
    )
    return (
        _analysed_reports().filter(answer__session__in=sessions)
        .exclude(Exists(newer_take))
        .select_related("answer__question")
        .order_by("answer__session_id", "answer__question__order", "answer__order")
    )


def _answer_rows(
    answers: list[Answer], counted: set[UUID], scores: dict[UUID, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every take, in recording order, numbered per question and marked when it counts."""
    takes: dict[int, int] = defaultdict(int)
    rows = []
    for answer in answers:
        takes[answer.question_id] += 1
        rows.append({
            "answer_id": str(answer.id), "question_id": answer.question_id,
            "question_text": answer.question.text, "take": takes[answer.question_id],
            "is_counted_take": answer.id in counted,
            "analysis_status": answer.analysis_status,
            "scores": scores.get(answer.id, {}),
        })
    return rows


def session_report_for(*, session: InterviewSession) -> dict[str, Any]:
    """Per-dimension means and trends over the session's counted takes (one per question,
    see `counted_reports`), in question order; every take is listed in `answers`."""
    reports = list(counted_reports(sessions=[session]))
    aggregate = session_report([
        {"scores": r.scores, "explanations": r.explanations} for r in reports
    ]).to_dict()
    answers = list(session.answers.select_related("question").order_by("order"))
    scores_by_answer = dict(
        AnswerReport.objects.filter(answer__session=session).values_list("answer_id", "scores"))
    dimensions = aggregate["dimensions"]
    return {
        "session_id": str(session.id),
        "answer_count": aggregate["answer_count"],
        "answers": _answer_rows(answers, {r.answer_id for r in reports}, scores_by_answer),
        "dimensions": {name: dimensions[name] for name in DIMENSIONS},
        "overall": dimensions[OVERALL]["mean"],
        "top_improvements": [item["advice"] for item in aggregate["focus"]],
        "focus": aggregate["focus"],
        "summary": aggregate["summary"],
    }


def progress_for(*, user: User) -> list[dict[str, Any]]:
    """One point per session with analysed answers, oldest first: the dashboard's chart.

    A session's point is the mean over its counted takes (`counted_reports`), so a question
    answered twice weighs as much as one answered once."""
    sessions = list(session_list(user=user).filter(owner=user).order_by("created_at"))
    by_session: dict[UUID, list[AnswerReport]] = defaultdict(list)
    for report in counted_reports(sessions=sessions):
        by_session[report.answer.session_id].append(report)
    points = []
    for session in sessions:
        reports = by_session.get(session.id)
        if not reports:
            continue
        scores: dict[str, float | None] = {}
        for name in (*DIMENSIONS, OVERALL):
            values = [r.scores.get(name) for r in reports if r.scores.get(name) is not None]
            scores[name] = round(mean(values), 2) if values else None
        points.append({"session_id": str(session.id), "created_at": session.created_at,
                       "target_role": session.target_role, "scores": scores})
    return points
