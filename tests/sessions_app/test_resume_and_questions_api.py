"""Résumés and questions through the API, on the seeded bank and real files the tests build."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from analysis_app.models import StageRun
from sessions_app.models import BankQuestion, Resume
from sessions_app.resume.roles import ROLES
from tests.chat_server import RunningChatServer
from tests.factories import AnswerFactory
from tests.resume_questions import resume_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user: object, client_for: Callable[[object], APIClient]) -> APIClient:
    return client_for(user)


def _upload(api: APIClient, name: str, data: bytes) -> dict:
    response = api.post("/api/resumes/upload/", {"file": SimpleUploadedFile(name, data)},
                        format="multipart")
    return {"status": response.status_code, **response.json()}


def _session(api: APIClient, **fields: object) -> dict:
    body = {"target_role": "Senior Software Engineer", "difficulty": "medium", **fields}
    response = api.post("/api/sessions/create/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def _generate(api: APIClient, session_id: str, **fields: object) -> dict:
    response = api.post(f"/api/sessions/{session_id}/questions/generate/", fields, format="json")
    return {"status": response.status_code, **response.json()}


def test_the_migration_seeds_a_bank_of_200_questions_over_8_roles_and_3_levels() -> None:
    bank = BankQuestion.objects.filter(active=True)
    assert bank.count() >= 200
    assert set(ROLES) <= set(bank.values_list("role", flat=True))
    assert set(bank.values_list("difficulty", flat=True)) == {"easy", "medium", "hard"}
    assert {"behavioural", "role"} <= set(bank.values_list("category", flat=True))
    assert not bank.filter(key_points=[]).exists()


def test_pdf_resume_upload_returns_skills_roles_and_years(api: APIClient) -> None:
    # when
    response = _upload(api, "alex-morgan.pdf",
                       resume_files.pdf_from_lines(resume_files.SOFTWARE_ENGINEER_LINES))
    # then
    assert response["status"] == 201, response
    parsed = response["parsed"]
    assert {"Kubernetes", "JavaScript", "scikit-learn", "Go", "Python"} <= set(parsed["skills"])
    titles = [experience["title"] for experience in parsed["experiences"]]
    assert "Senior Software Engineer" in titles
    assert "Acme Corp" in [experience["employer"] for experience in parsed["experiences"]]
    assert parsed["years_of_experience"] >= 9
    assert response["source_format"] == "pdf"


def test_docx_resume_upload_is_parsed(api: APIClient) -> None:
    response = _upload(api, "priya.docx", resume_files.data_scientist_docx())
    assert response["status"] == 201, response
    assert response["source_format"] == "docx"
    assert response["parsed"]["skills"]


@pytest.mark.parametrize(
    ("name", "make", "code", "status"),
    [
        ("locked.pdf", lambda: resume_files.pdf_from_lines(
            resume_files.SOFTWARE_ENGINEER_LINES, user_password="s3"), "resume_pdf_encrypted", 400),
        ("scan.pdf", lambda: resume_files.image_only_pdf(resume_files.SOFTWARE_ENGINEER_LINES),
         "resume_pdf_image_only", 400),
        ("broken.docx", lambda: resume_files.data_scientist_docx()[:3000],
         "resume_docx_corrupt", 400),
        ("bomb.docx", lambda: resume_files.docx_bomb(200), "resume_archive_too_large", 400),
        ("huge.txt", lambda: b"Python developer. " * 400_000, "resume_too_large", 413),
    ],
)
def test_bad_resumes_are_refused_clearly_and_nothing_is_stored(
    api: APIClient, name: str, make: Callable[[], bytes], code: str, status: int
) -> None:
    # when
    response = _upload(api, name, make())
    # then
    assert response["status"] == status, response
    assert response["error"]["code"] == code
    assert len(response["error"]["message"]) > 10
    assert not Resume.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "resumes").exists()


def test_another_user_cannot_read_my_resume(
    api: APIClient, other_user: object, client_for: Callable[[object], APIClient]
) -> None:
    resume = _upload(api, "cv.txt", b"Python and Kubernetes engineer at Acme since 2019.")
    response = client_for(other_user).get(f"/api/resumes/{resume['id']}/")
    assert response.status_code == 404


def test_generation_is_balanced_and_uses_the_resume(api: APIClient) -> None:
    # given
    resume = _upload(api, "alex.pdf",
                     resume_files.pdf_from_lines(resume_files.SOFTWARE_ENGINEER_LINES))
    session = _session(api, resume_id=resume["id"])
    # when
    generated = _generate(api, session["id"], count=6, seed=7)
    # then
    assert generated["status"] == 201, generated
    categories = [question["category"] for question in generated["questions"]]
    assert len(categories) == 6
    assert categories.count("behavioural") == 2
    assert categories.count("role") == 2
    assert sum(category in ("resume", "skill") for category in categories) == 2
    resume_texts = " ".join(q["text"] for q in generated["questions"]
                            if q["category"] in ("resume", "skill"))
    assert any(word in resume_texts for word in ("Acme", "Kubernetes", "Globex", "Kafka", "Go"))
    assert all(question["key_points"] for question in generated["questions"])
    assert generated["llm_used"] is False


def test_same_seed_gives_the_same_questions(
    api: APIClient, other_user: object, client_for: Callable[[object], APIClient]
) -> None:
    first = _generate(api, _session(api)["id"], count=5, seed=3)
    other = client_for(other_user)
    second = _generate(other, _session(other)["id"], count=5, seed=3)
    assert [q["text"] for q in first["questions"]] == [q["text"] for q in second["questions"]]


def test_questions_from_recent_sessions_are_not_repeated(api: APIClient) -> None:
    # given
    asked: set[str] = set()
    for seed in range(3):
        generated = _generate(api, _session(api)["id"], count=6, seed=seed)
        asked |= {question["text"] for question in generated["questions"]}
    # when
    latest = _generate(api, _session(api)["id"], count=6, seed=0)
    # then
    assert not asked & {question["text"] for question in latest["questions"]}


def test_llm_questions_are_used_when_the_provider_answers(
    api: APIClient, llm: RunningChatServer
) -> None:
    # given
    llm.state.content = json.dumps({"questions": [
        {"text": f"Tailored question number {n} about distributed tracing at scale?",
         "category": category, "key_points": ["tracing", "sampling"]}
        for n, category in enumerate(["behavioural", "behavioural", "role", "role"])
    ]})
    # when
    generated = _generate(api, _session(api)["id"], count=4, use_llm=True)
    # then
    assert generated["status"] == 201, generated
    assert generated["llm_used"] is True
    assert any(q["source"] == "llm" for q in generated["questions"])
    assert llm.state.requests[0].body["model"] == "test-model"


@pytest.mark.parametrize("mode", ["slow", "malformed"])
def test_llm_timeout_or_garbage_falls_back_to_the_bank(
    api: APIClient, llm: RunningChatServer, mode: str
) -> None:
    # given
    if mode == "slow":
        llm.state.mode, llm.state.delay_s = "slow", 5.0
    else:
        llm.state.mode, llm.state.content = "raw", "{not json"
    # when
    generated = _generate(api, _session(api)["id"], count=4, use_llm=True)
    # then
    assert generated["status"] == 201
    assert generated["llm_used"] is False
    assert generated["fallback_reason"]
    assert len(generated["questions"]) == 4
    assert all(q["source"] == "bank" for q in generated["questions"])


def test_follow_ups_ask_for_the_missing_star_parts(api: APIClient, user: object) -> None:
    # given: an answer whose language analysis found only the situation and the action
    answer = AnswerFactory(question__session__owner=user, question__category="behavioural")
    StageRun.objects.create(answer=answer, stage="text", status="finished", result={
        "gaps": {"star_found": ["situation", "action"], "key_points_missed": ["outcome"],
                 "word_count": 120},
    })
    # when
    response = api.post(f"/api/answers/{answer.id}/follow-ups/", {"limit": 2}, format="json")
    # then
    assert response.status_code == 201, response.json()
    questions = response.json()["questions"]
    assert 1 <= len(questions) <= 2
    assert all(q["category"] == "follow_up" for q in questions)
    assert answer.session.questions.filter(category="follow_up").count() == len(questions)


def test_follow_ups_wait_for_the_analysis(api: APIClient, user: object) -> None:
    answer = AnswerFactory(question__session__owner=user)
    response = api.post(f"/api/answers/{answer.id}/follow-ups/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "analysis_not_ready"


def test_admin_refuses_a_bank_question_without_key_points(admin_client: object) -> None:
    response = admin_client.post("/admin/sessions_app/bankquestion/add/", {  # type: ignore[attr-defined]
        "key": "general.behavioural.easy.new-one", "role": "general", "difficulty": "easy",
        "category": "behavioural", "text": "Tell me about a time you learned something fast.",
        "key_points": "[]", "skills": "[]", "active": "on",
    })
    assert response.status_code == 200
    assert "at least one key point" in response.content.decode()
    assert not BankQuestion.objects.filter(key="general.behavioural.easy.new-one").exists()
