"""Reads of analysis results, shaped for the report pages and the progress chart.

Takes: a candidate may record a question several times (several Answer rows for one question,
`order` increasing). Every aggregate (the session report's means and trends, the progress
chart) counts one take per question, the one `counted_reports` picks, so re-recording an
answer replaces it instead of counting twice. Every take stays in the answer lists, and an
answer's report says which take it is and whether it counts.

Coaches' reviews are shown to the answer's owner only (`answer_report`'s `viewer`): staff
reviewers (`sessions_app.selectors.user_can_see_all`) read any report, but they read reviews in
the admin, where the rating form is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from statistics import mean
from typing import Any, Final
from uuid import UUID

from django.db.models import Avg, Count, Exists, Max, OuterRef, QuerySet

from analysis_app.engine.merge import TIMELINE_KEYS
from analysis_app.engine.scoring import DIMENSIONS, OVERALL, session_report
from analysis_app.engine.scoring.labels import labels_for
from analysis_app.engine.stages import STAGE_ORDER, Stage, StageStatus
from analysis_app.engine.typed_json import dump
from analysis_app.models import AnswerReport, ReviewComment, ReviewerRating, StageRun
from sessions_app.models import AnalysisStatus, Answer, BankQuestion, InterviewSession, Question
from sessions_app.selectors import Account, User, session_list

#: An answer whose analysis ended with scores to count (partial: a modality failed, the rest
#: was scored). Queued, running and failed analyses have nothing to count yet, or nothing.
ANALYSED_STATUSES: Final = (AnalysisStatus.COMPLETED, AnalysisStatus.PARTIAL)

#: `key_points.coverage_status`: each point marked covered or not.
COVERAGE_SCORED: Final = "scored"
#: The question has no key points: coverage is not scored at all (the relevance score then
#: rests on the question alone), which the page must say rather than show 0 %.
COVERAGE_NO_KEY_POINTS: Final = "no_key_points"
#: The question has key points, but this answer has no stored coverage: its analysis has not
#: ended, or its text stage did not run (no speech), or it predates the stored coverage.
COVERAGE_NOT_MEASURED: Final = "not_measured"
COVERAGE_STATUSES: Final = (COVERAGE_SCORED, COVERAGE_NO_KEY_POINTS, COVERAGE_NOT_MEASURED)


def _points(timelines: dict[str, list[Any]], name: str) -> list[dict[str, float]]:
    """Engine timelines are parallel arrays; charts want points, with gaps left out."""
    axis = timelines.get("t", [])
    return [
        {"t": float(t), "value": float(value)}
        for t, value in zip(axis, timelines.get(name, []), strict=False)
        if value is not None
    ]


def _key_point_texts(key_points: object) -> list[str]:
    """The question's key points as the engine reads them (stripped, blanks dropped)."""
    if not isinstance(key_points, list):
        return []
    return [point.strip() for point in key_points if isinstance(point, str) and point.strip()]


def key_point_coverage(*, answer: Answer, runs: Iterable[StageRun]) -> dict[str, Any]:
    """Each key point of the question, covered by the answer or not.

    The text stage keeps the engine's verdict on its StageRun (`result["coverage"]`:
    `covered`, `missing`, and `source`, which is "question_keywords" when the question had
    no key points and the engine fell back to the question's own words: those are no
    expected points, and are not scored). `evidence` is read from `coverage["evidence"]`
    ({point: sentence}) when the engine stores it; until then it is null.
    """
    return {**_key_point_verdicts(answer=answer, runs=runs),
            **key_points_origin(question=answer.question)}


def key_points_origin(*, question: Question) -> dict[str, str | None]:
    """Where the question's key points came from, so the candidate knows what they were
    scored against: given with the question, borrowed from the bank question asking the
    same thing (`analysis_app.question_key_points`), or written by the LLM."""
    origin = question.key_points_origin
    if origin.startswith("bank:"):
        lender = BankQuestion.objects.filter(key=origin.removeprefix("bank:")).first()
        return {"origin": "bank", "origin_question": lender.text if lender else None}
    if origin == "llm":
        return {"origin": "llm", "origin_question": None}
    return {"origin": "given", "origin_question": None}


def _key_point_verdicts(*, answer: Answer, runs: Iterable[StageRun]) -> dict[str, Any]:
    points = _key_point_texts(answer.question.key_points)
    if not points:
        return {"coverage_status": COVERAGE_NO_KEY_POINTS, "covered_count": None,
                "total": 0, "points": []}
    text = next((run for run in runs if run.stage == Stage.TEXT), None)
    coverage = (text.result or {}).get("coverage") if (
        text is not None and text.status == StageStatus.FINISHED) else None
    if (answer.analysis_status not in ANALYSED_STATUSES or not isinstance(coverage, dict)
            or coverage.get("source") != "key_points"):
        return {"coverage_status": COVERAGE_NOT_MEASURED, "covered_count": None,
                "total": len(points),
                "points": [{"text": point, "covered": None, "evidence": None}
                           for point in points]}
    covered = [str(point) for point in coverage.get("covered") or []]
    scored = covered + [str(point) for point in coverage.get("missing") or []]
    # The question's order, which the candidate saw; then any point the question has lost
    # since the analysis (the verdicts are on the points as they were then).
    ordered = [point for point in points if point in scored]
    ordered += [point for point in scored if point not in ordered]
    evidence = coverage.get("evidence")
    if not isinstance(evidence, dict):
        evidence = {}
    return {
        "coverage_status": COVERAGE_SCORED,
        "covered_count": sum(point in covered for point in ordered),
        "total": len(ordered),
        "points": [{"text": point, "covered": point in covered,
                    "evidence": evidence.get(point) if point in covered else None}
                   for point in ordered],
    }


def _take_numbers(answers: Iterable[Answer]) -> dict[UUID, int]:
    """Each answer's take number within its question: 1, 2, ... in recording order.

    `answers` must come in recording order (`order`), as every caller reads them."""
    seen: dict[int, int] = defaultdict(int)
    numbers = {}
    for answer in answers:
        seen[answer.question_id] += 1
        numbers[answer.id] = seen[answer.question_id]
    return numbers


def answer_takes(*, answer: Answer) -> list[dict[str, Any]]:
    """Every take of the answer's question, numbered, the counted one marked (at most one:
    see `counted_reports`)."""
    takes = list(Answer.objects.filter(question_id=answer.question_id).order_by("order"))
    counted = set(
        counted_reports(sessions=InterviewSession.objects.filter(pk=answer.session_id))
        .filter(answer__question_id=answer.question_id).values_list("answer_id", flat=True))
    numbers = _take_numbers(takes)
    return [{"answer_id": str(take.id), "take": numbers[take.id],
             "is_counted_take": take.id in counted, "analysis_status": take.analysis_status}
            for take in takes]


def coach_review(*, answer: Answer) -> dict[str, Any] | None:
    """What coaches made of the answer: the mean of their ratings per dimension and their
    comments; None until a coach has rated or commented. Reviewers are not named: the
    candidate is shown the coaching, not who on staff gave it."""
    ratings = list(
        ReviewerRating.objects.filter(answer=answer).values("dimension")
        .annotate(mean=Avg("score"), count=Count("reviewer", distinct=True),
                  updated_at=Max("updated_at")))
    comments = list(ReviewComment.objects.filter(answer=answer).order_by("created_at", "id"))
    if not ratings and not comments:
        return None
    reviewers = {
        *ReviewerRating.objects.filter(answer=answer).values_list("reviewer_id", flat=True),
        *(comment.reviewer_id for comment in comments),
    }
    by_dimension = {row["dimension"]: row for row in ratings}
    return {
        "reviewer_count": len(reviewers),
        "ratings": {
            dimension: {"score": round(float(row["mean"]), 1), "reviewer_count": row["count"]}
            for dimension in DIMENSIONS if (row := by_dimension.get(dimension))
        },
        "comments": [{"text": comment.text, "updated_at": comment.updated_at}
                     for comment in comments],
        "updated_at": max([*(row["updated_at"] for row in ratings),
                           *(comment.updated_at for comment in comments)]),
    }


def feature_labels(*, report: AnswerReport | None) -> dict[str, dict[str, str]]:
    """Every measure the report shows, in words: {feature: {label, unit, shown}}, `shown`
    being this answer's value ("82% of frames"). From the engine's one table
    (`engine.scoring.labels`), so the client needs no copy of it that could fall behind. The
    rates the rubric derives (fillers per 100 words) appear only in the explanations, so
    their values come from there."""
    if report is None:
        return {}
    values: dict[str, object] = dict(report.features or {})
    for rows in (report.explanations or {}).values():
        for row in rows:
            name = row.get("feature")
            if name and values.get(name) is None:
                values[name] = row.get("value")
    return labels_for(values)


def answer_report(*, answer: Answer, viewer: User | None = None) -> dict[str, Any]:
    """The answer's report; while analysis runs, the same shape with empty results.

    `coach_review` is filled only when `viewer` owns the answer: a review is feedback to
    its candidate, and nobody else's business in the candidate-facing API."""
    report = AnswerReport.objects.filter(answer=answer).first()
    timelines = report.timelines if report else {}
    markers = report.markers if report else {}
    runs = sorted(answer.stage_runs.all(), key=lambda run: STAGE_ORDER[run.stage])
    takes = answer_takes(answer=answer)
    this_take = next(take for take in takes if take["answer_id"] == str(answer.id))
    is_owner = viewer is not None and viewer.is_authenticated and (
        answer.session.owner_id == viewer.pk)
    return {
        "answer_id": str(answer.id),
        "session_id": str(answer.session_id),
        "question": {"id": answer.question.id, "text": answer.question.text,
                     "category": answer.question.category,
                     "key_points": answer.question.key_points},
        "take": this_take["take"],
        "is_counted_take": this_take["is_counted_take"],
        "takes": takes,
        "analysis_status": answer.analysis_status,
        "analysis_error": answer.analysis_error,
        "stages": [
            {"stage": run.stage, "status": run.status, "attempt": run.attempt,
             "error": run.error}
            for run in runs
        ],
        "key_points": key_point_coverage(answer=answer, runs=runs),
        "coach_review": coach_review(answer=answer) if is_owner else None,
        "media": answer.media_info or {},
        "recording_expired_at": answer.recording_expired_at,
        "transcript": report.transcript if report else {"text": "", "words": []},
        "features": report.features if report else {},
        "feature_labels": feature_labels(report=report),
        "timelines": {name: _points(timelines, name) for name in TIMELINE_KEYS},
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
    numbers = _take_numbers(answers)
    return [
        {
            "answer_id": str(answer.id), "question_id": answer.question_id,
            "question_text": answer.question.text, "take": numbers[answer.id],
            "is_counted_take": answer.id in counted,
            "analysis_status": answer.analysis_status,
            "scores": scores.get(answer.id, {}),
        }
        for answer in answers
    ]


def session_report_for(*, session: InterviewSession) -> dict[str, Any]:
    """Per-dimension means and trends over the session's counted takes (one per question,
    see `counted_reports`), in question order; every take is listed in `answers`."""
    reports = list(counted_reports(sessions=[session]))
    aggregate = dump(session_report([
        {"scores": r.scores, "explanations": r.explanations} for r in reports
    ]))
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


def progress_sessions(*, user: Account) -> QuerySet[InterviewSession]:
    """The user's own sessions with an analysed take, oldest first: one progress point each.

    A queryset, so that the API pages it in the database and computes the points of one page
    only, not of every session the user ever had."""
    return (session_list(user=user).filter(owner=user)
            .filter(Exists(_analysed_reports().filter(answer__session=OuterRef("pk"))))
            .order_by("created_at"))


def progress_points(*, sessions: Sequence[InterviewSession]) -> list[dict[str, Any]]:
    """One point per session with analysed answers, in the order given: the dashboard's chart.

    A session's point is the mean over its counted takes (`counted_reports`), so a question
    answered twice weighs as much as one answered once."""
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
                       "target_role": session.target_role, "answer_count": len(reports),
                       "scores": scores})
    return points
