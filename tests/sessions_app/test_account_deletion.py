"""'Delete my data' removes every byte and row of the user, on local files and on S3, and
nothing of anyone else's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.test import Client

from analysis_app.models import (
    AnswerForReview,
    ReviewComment,
    ReviewerRating,
    WebhookAttempt,
    WebhookDelivery,
)
from sessions_app.models import Answer, InterviewSession
from tests.privacy_data import PersonData, person_with_everything, walk_storage
from tests.stored import stored_bytes

pytestmark = pytest.mark.django_db

TOP_LEVEL_FOLDERS = {"recordings", "resumes", "uploads"}


def _log_in(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _traces_elsewhere(person: PersonData) -> None:
    """What the admin and django-axes keep about a person besides their own rows."""
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    session = person.answer.session
    for model, obj in ((InterviewSession, session), (AnswerForReview, person.answer),
                       (get_user_model(), person.user)):
        LogEntry.objects.create(
            user=admin, content_type=ContentType.objects.get_for_model(
                model, for_concrete_model=False),
            object_id=str(obj.pk), object_repr=str(obj)[:200], action_flag=CHANGE)
    username = person.user.get_username()  # type: ignore[attr-defined]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        extra = {"get_data": "", "post_data": "", "failures_since_start": 1} if (
            model is AccessAttempt) else {}
        model.objects.create(username=username, ip_address="198.51.100.7",
                             user_agent="Firefox", http_accept="*/*",
                             path_info="/admin/login/", **extra)


def _rows_referencing(user_id: int) -> dict[str, int]:
    """Rows of any model with a foreign key to this user id."""
    user_model = get_user_model()
    found = {}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if (model_field.is_relation and model_field.concrete
                    and model_field.related_model is user_model):
                filters = ({f"{model_field.name}__id": user_id} if model_field.many_to_many
                           else {f"{model_field.attname}": user_id})
                count = model._default_manager.filter(**filters).count()
                if count:
                    found[f"{model._meta.label}.{model_field.name}"] = count
    return found


def _sessions_of(user_id: int) -> int:
    return sum(1 for row in Session.objects.all()
               if row.get_decoded().get(SESSION_KEY) == str(user_id))


def _empty_local_folders(root: Path) -> list[str]:
    return [os.path.relpath(path, root) for path, folders, files in os.walk(root)
            if not folders and not files and Path(path) != root
            and os.path.relpath(path, root) not in TOP_LEVEL_FOLDERS]


def test_deleting_my_account_removes_every_byte_and_row_of_mine_and_nothing_else(
    media_storage: str, private_media: Path
) -> None:
    # given: two people with data of every kind; the leaver also coached the stayer
    leaver = person_with_everything("leaver")
    stayer = person_with_everything("stayer", coach=leaver.user)
    _traces_elsewhere(leaver)
    device_a, device_b = _log_in(leaver.user), _log_in(leaver.user)
    other_device = _log_in(stayer.user)
    leaver_id = leaver.user.pk  # type: ignore[attr-defined]
    answer_ids = [str(leaver.answer.pk), str(leaver.uploading.pk)]
    delivery_ids = list(WebhookDelivery.objects.filter(webhook__owner=leaver.user)
                        .values_list("pk", flat=True))
    assert _sessions_of(leaver_id) == 2

    # when
    response = device_a.delete("/api/auth/me/")

    # then: the call worked and every device of theirs is logged out
    assert response.status_code == 204
    assert device_b.get("/api/auth/me/").status_code in (401, 403)
    assert other_device.get("/api/auth/me/").status_code == 200
    assert _sessions_of(leaver_id) == 0
    assert _sessions_of(stayer.user.pk) == 1  # type: ignore[attr-defined]

    # no file of theirs anywhere in the storage; the stayer's all still there
    everything = walk_storage()
    mine = [name for name in everything
            if name.startswith((f"recordings/{leaver_id}/", f"resumes/{leaver_id}/"))
            or any(answer_id in name for answer_id in answer_ids)]
    assert mine == []
    assert sorted(everything) == sorted(stayer.stored)
    assert stored_bytes(stayer.answer.recording.name) == stayer.recording_bytes
    if media_storage == "local":
        assert _empty_local_folders(private_media) == []

    # no row refers to them: their own, by cascade or not, and their traces elsewhere
    assert not get_user_model().objects.filter(pk=leaver_id).exists()
    assert _rows_referencing(leaver_id) == {}
    assert not Answer.objects.filter(pk__in=answer_ids).exists()
    assert not WebhookDelivery.objects.filter(pk__in=delivery_ids).exists()
    assert not WebhookAttempt.objects.filter(delivery_id__in=delivery_ids).exists()
    assert not LogEntry.objects.filter(object_repr__contains="leaver").exists()
    assert not LogEntry.objects.filter(object_id__in=[*answer_ids, str(leaver_id)]).exists()
    username = leaver.user.get_username()  # type: ignore[attr-defined]
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not model.objects.filter(username=username).exists()

    # the ratings they gave as a coach went with them (their words); the stayer's answer and
    # the stayer's coach's rating of it stay
    assert not ReviewerRating.objects.filter(answer=stayer.answer).exists()
    assert not ReviewComment.objects.filter(answer=stayer.answer).exists()
    assert Answer.objects.filter(pk=stayer.answer.pk).exists()


def test_deleting_a_session_leaves_no_empty_folders(
    private_media: Path, client_for: object
) -> None:
    # given
    person = person_with_everything("tidy")
    session = person.answer.session
    # when
    response = client_for(person.user).delete(  # type: ignore[operator]
        f"/api/sessions/{session.pk}/delete/")
    # then: only the résumé is left, and no answer's folder
    assert response.status_code == 204
    assert walk_storage() == [person.resume.file.name]
    assert not (private_media / "recordings" / str(person.user.pk) / str(  # type: ignore[attr-defined]
        person.answer.pk)).exists()
    assert not (private_media / "uploads" / str(person.uploading.pk)).exists()


def test_an_operator_deleting_an_account_in_the_admin_removes_its_files_too(
    private_media: Path,
) -> None:
    # given
    person = person_with_everything("erased")
    operator = _log_in(get_user_model().objects.create_superuser("op", "op@example.com", "pw"))
    # when
    response = operator.post(f"/admin/auth/user/{person.user.pk}/delete/",  # type: ignore[attr-defined]
                             {"post": "yes"})
    # then
    assert response.status_code == 302
    assert walk_storage() == []
    assert _empty_local_folders(private_media) == []
    assert _rows_referencing(person.user.pk) == {}  # type: ignore[attr-defined]
