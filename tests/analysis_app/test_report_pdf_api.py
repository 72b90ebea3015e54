"""PDF downloads of the reports through the API and the real database: the same readers as
the JSON reports (owner, staff reviewer, a share link's holder), a 409 before there are
scores, and the one error shape whatever the client asked for."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from analysis_app.engine.pipeline import ENGINE_VERSION
from analysis_app.engine.scoring import DIMENSIONS
from analysis_app.engine.scoring.labels import dimension_label
from analysis_app.report_pdf.layout import NO_SCORE, score_text
from sessions_app.models import Answer
from tests.factories import (
    AnswerFactory,
    InterviewSessionFactory,
    QuestionFactory,
    UserFactory,
    analysed_answer,
)
from tests.scoring.profiles import answer as features
from tests.scoring.profiles import with_fillers

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _reviewer() -> object:
    """Staff with the reviewer permission: the one predicate that reads others' reports."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="reviewers"))
    return user


def _answer() -> Answer:
    return analysed_answer(with_fillers(6), transcript="Um, I led the migration of the résumé "
                                                       "parser.")


def _pdf_url(answer: Answer) -> str:
    return f"/api/answers/{answer.id}/report.pdf"


def test_the_owner_downloads_the_answer_report_as_a_pdf(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = _answer()
    day = timezone.localdate(answer.created_at)
    # when
    response = client_for(answer.session.owner).get(_pdf_url(answer))
    # then: a PDF to save, named by its date, kept out of caches
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="interview-report-{day:%Y-%m-%d}.pdf"')
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    # and: it says what the report says
    text = _text(response.content)
    scores = answer.report.scores
    assert answer.question.text in text
    assert f"{score_text(scores['overall'])} / 100 overall" in text
    for name in DIMENSIONS:
        assert f"{dimension_label(name)} {score_text(scores[name])}" in text
    assert "[Um], I led the migration of the résumé parser." in text
    assert f"engine {ENGINE_VERSION}" in text
    assert "Software engineer" in text


def test_another_user_gets_404_in_the_error_shape(
    client_for: Callable[[object], APIClient], other_user: object,
) -> None:
    # given
    answer = _answer()
    # when
    response = client_for(other_user).get(_pdf_url(answer))
    # then
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_staff_reviewer_downloads_it_and_plain_staff_do_not(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = _answer()
    # when
    reviewer = client_for(_reviewer()).get(_pdf_url(answer))
    plain_staff = client_for(UserFactory(is_staff=True)).get(_pdf_url(answer))
    # then
    assert reviewer.status_code == 200
    assert reviewer["Content-Type"] == "application/pdf"
    assert plain_staff.status_code == 404


def test_anonymous_gets_401() -> None:
    # given
    answer = _answer()
    # when
    response = APIClient().get(_pdf_url(answer))
    # then
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("status", ["queued", "running", "failed"])
def test_an_answer_without_scores_gets_409_not_a_pdf(
    client_for: Callable[[object], APIClient], status: str,
) -> None:
    # given
    answer = AnswerFactory(analysis_status=status)
    # when
    response = client_for(answer.session.owner).get(_pdf_url(answer))
    # then
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "report_not_ready"
    assert error["details"] == {"analysis_status": status}


def test_a_client_asking_for_pdf_only_gets_the_pdf_and_errors_as_json(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    ready = _answer()
    running = AnswerFactory(analysis_status="running", question__session=ready.session)
    client = client_for(ready.session.owner)
    # when
    pdf = client.get(_pdf_url(ready), HTTP_ACCEPT="application/pdf")
    refused = client.get(_pdf_url(running), HTTP_ACCEPT="application/pdf")
    # then: no 406 hiding either answer
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/json"
    assert refused.json()["error"]["code"] == "report_not_ready"


def test_the_session_report_pdf_has_each_questions_overall(
    client_for: Callable[[object], APIClient],
) -> None:
    # given: two analysed questions and a third still being analysed
    session = InterviewSessionFactory(target_role="Data engineer")
    first = analysed_answer(features(), question=QuestionFactory(
        session=session, order=1, text="Why this role — really?"), session=session, order=1)
    second = analysed_answer(with_fillers(12), question=QuestionFactory(
        session=session, order=2, text="Tell me about a conflict."), session=session, order=2)
    AnswerFactory(analysis_status="running", question=QuestionFactory(
        session=session, order=3, text="What would you change first?"), session=session,
        order=3)
    day = timezone.localdate(session.created_at)
    # when
    response = client_for(session.owner).get(f"/api/sessions/{session.id}/report.pdf")
    # then
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"] == (
        f'attachment; filename="interview-session-report-{day:%Y-%m-%d}.pdf"')
    text = _text(response.content)
    assert "Session report Data engineer" in text
    assert "2 answers analysed" in text
    assert (f"1. Why this role — really? Overall "
            f"{score_text(first.report.scores['overall'])}") in text
    assert (f"2. Tell me about a conflict. Overall "
            f"{score_text(second.report.scores['overall'])}") in text
    assert f"3. What would you change first? Overall {NO_SCORE} Being analysed" in text
    assert f"rubric {first.report.rubric_version}" in text


def test_session_report_pdf_readers_and_a_session_with_nothing_analysed(
    client_for: Callable[[object], APIClient], other_user: object,
) -> None:
    # given
    answer = _answer()
    empty = InterviewSessionFactory(owner=answer.session.owner)
    AnswerFactory(analysis_status="running", question__session=empty)
    url = f"/api/sessions/{answer.session_id}/report.pdf"
    # when / then
    assert client_for(other_user).get(url).status_code == 404
    assert client_for(_reviewer()).get(url).status_code == 200
    assert APIClient().get(url).status_code == 401
    refused = client_for(empty.owner).get(f"/api/sessions/{empty.id}/report.pdf")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "report_not_ready"


def test_a_share_links_holder_downloads_the_shared_report_until_it_is_revoked(
    client_for: Callable[[object], APIClient],
) -> None:
    # given
    answer = _answer()
    owner = client_for(answer.session.owner)
    created = owner.post(f"/api/answers/{answer.id}/shares/create/").json()
    token = created["url"].rstrip("/").rsplit("/", 1)[-1]
    day = timezone.localdate(answer.report_shares.get().created_at)
    # when: anyone, without signing in
    response = APIClient().get(f"/api/shared/{token}/report.pdf")
    # then: the shared report's content, dated by the share, without the session's role
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"] == (
        f'attachment; filename="interview-report-{day:%Y-%m-%d}.pdf"')
    text = _text(response.content)
    assert answer.question.text in text
    assert "Shared " in text
    assert "Software engineer" not in text
    # and: revoked, it is gone like the page
    owner.delete(f"/api/answers/{answer.id}/shares/{created['id']}/")
    gone = APIClient().get(f"/api/shared/{token}/report.pdf")
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "not_found"
