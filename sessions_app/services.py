"""Writes for accounts, sessions, questions, answers and resumable uploads.

Uploads follow the tus idea without its wire protocol: the client declares the total size,
sends chunks with their byte offset, can ask for the current offset after a dropped
connection, and finishes. Chunks are appended under a row lock, so a retried or duplicated
chunk never corrupts the file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from knox.settings import knox_settings

from analysis_app.engine.media import MediaError, remux_with_index, validate_recording
from analysis_app.engine.typed_json import dump
from interview_project.errors import ConflictError, DomainError, TooLargeError, UnprocessableError
from sessions_app import quotas, stored_files
from sessions_app.models import (
    AnalysisStatus,
    Answer,
    ApiToken,
    InterviewSession,
    Question,
    QuestionCategory,
    Resume,
    SessionStatus,
    UploadState,
    recording_path,
)

logger = logging.getLogger(__name__)

#: Containers a browser or a phone produces; the content is still decoded before it is trusted.
RECORDING_EXTENSIONS = frozenset({".webm", ".mp4", ".mkv", ".mov", ".ogg", ".wav", ".mp3", ".m4a"})


def user_signup(*, username: str, email: str, password: str) -> User:
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ["That username is taken."]})
    user = user_model(username=username, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def session_create(
    *, owner: User, target_role: str, difficulty: str, role: str = "",
    resume: Resume | None = None,
) -> InterviewSession:
    from sessions_app.resume.roles import role_for_title

    if resume is not None and resume.owner_id != owner.pk:
        raise ValidationError({"resume_id": ["Unknown résumé."]})
    session = InterviewSession(
        owner=owner, target_role=target_role.strip(), difficulty=difficulty,
        role=role or role_for_title(target_role) or "", resume=resume,
    )
    session.full_clean()
    session.save()
    return session


def session_lock_next_order(*, session: InterviewSession, rows: QuerySet[Any]) -> int:
    """Lock the session's row and return the `order` after the last of `rows` (the session's
    questions or answers). Call it inside the transaction that adds the row: two additions at
    once then never take the same place."""
    InterviewSession.objects.select_for_update().get(pk=session.pk)
    return (rows.aggregate(last=Max("order"))["last"] or 0) + 1


def questions_append(
    *, session: InterviewSession, items: Iterable[Mapping[str, Any]]
) -> list[Question]:
    """Add questions after the session's last one, in one transaction; each item holds a
    question's `text` and `category`, and may hold `key_points`, `key`, `source`, `skills`
    (a `GeneratedQuestion` dict, or a question written by hand)."""
    with transaction.atomic():
        first = session_lock_next_order(session=session, rows=session.questions.all())
        rows = []
        for offset, item in enumerate(items):
            question = Question(
                session=session, order=first + offset, text=item["text"],
                category=item["category"], key_points=list(item.get("key_points") or []),
                key=item.get("key", "")[:200], source=item.get("source", ""),
                skills=list(item.get("skills") or []),
            )
            question.full_clean()
            rows.append(question)
        return Question.objects.bulk_create(rows)


def question_create(
    *,
    session: InterviewSession,
    text: str,
    category: str = QuestionCategory.CUSTOM,
    key_points: list[str] | None = None,
) -> Question:
    item = {"text": text.strip(), "category": category, "key_points": key_points or []}
    [question] = questions_append(session=session, items=[item])
    return question


def question_lock_unanswered(*, question: Question) -> Question:
    """The question's row, locked, once it is certain nobody has answered it; call it inside
    a transaction.

    A take is scored against the question's text and key points, and its report quotes them:
    changing the question under a take would make its report describe another question. The
    session row is locked first, as `answer_create` does, so an answer cannot be started
    between this check and the change."""
    InterviewSession.objects.select_for_update().get(pk=question.session_id)
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.answers.exists():
        raise ConflictError(
            "This question already has an answer, so it can no longer be changed; add a new "
            "question instead.",
            code="question_answered",
        )
    return locked


def question_text_update(*, question: Question, text: str) -> Question:
    """Let the candidate reword a question before answering it.

    New words may ask something else, so the key points that came with the question (a bank
    question's, or ones found for it) no longer apply: they are cleared, as for a question
    added without any (`question_create`), and the worker's text stage finds them again for
    the new text (`analysis_app.question_key_points`). The `key` stays: it names what the
    session asked, so the next sessions still avoid that subject. The same text again
    changes nothing, and keeps the key points."""
    text = text.strip()
    with transaction.atomic():
        locked = question_lock_unanswered(question=question)
        if text == locked.text:
            return locked
        locked.text = text
        locked.key_points = []
        locked.key_points_origin = ""
        locked.source = "edited"
        locked.full_clean()
        locked.save(update_fields=["text", "key_points", "key_points_origin", "source"])
    return locked


def question_key_points_adopt(
    *, question: Question, key_points: list[str], origin: str
) -> Question:
    """Give a question that came without key points the ones found for it, once.

    Every take of the question must be scored against the same points, so the first
    analysis to find them decides: the update only applies while the question has none and no
    recorded origin, and the row is read back either way."""
    Question.objects.filter(pk=question.pk, key_points=[], key_points_origin="").update(
        key_points=key_points, key_points_origin=origin[:220]
    )
    question.refresh_from_db(fields=["key_points", "key_points_origin"])
    return question


def answer_create(*, session: InterviewSession, question: Question) -> Answer:
    if question.session_id != session.pk:
        raise ValidationError({"question": ["This question belongs to another session."]})
    with transaction.atomic():
        # The owner's row serialises their answer creations across sessions for the quota.
        get_user_model().objects.select_for_update().filter(pk=session.owner_id).first()
        quotas.check_answer_quota(owner_id=session.owner_id)
        order = session_lock_next_order(session=session, rows=session.answers.all())
        answer = Answer(session=session, question=question, order=order)
        answer.full_clean()
        answer.save()
        if session.status == SessionStatus.DRAFT:
            session.status = SessionStatus.IN_PROGRESS
            session.started_at = timezone.now()
            session.save(update_fields=["status", "started_at", "updated_at"])
    return answer


def _chunks_folder(answer: Answer) -> str:
    """Where an unfinished upload's chunks are stored, one file per chunk named by its offset.

    Chunks live in the media storage, not on the web node's disk, so that a client whose
    connection drops can resume through any web node, and the finish can run on any of them.
    """
    return f"uploads/{answer.pk}"


def _chunk_name(answer: Answer, offset: int) -> str:
    return f"{_chunks_folder(answer)}/{offset:012d}.part"


def _safe_extension(filename: str) -> str:
    extension = Path(filename).suffix.lower()
    if extension not in RECORDING_EXTENSIONS:
        allowed = ", ".join(sorted(ext.lstrip(".") for ext in RECORDING_EXTENSIONS))
        raise DomainError(
            f"Unsupported recording type '{extension or filename}'. Use one of: {allowed}.",
            code="unsupported_type",
        )
    return extension


def answer_upload_start(
    *, answer: Answer, filename: str, size: int, content_type: str = ""
) -> Answer:
    """Declare an upload; starting again discards a previous unfinished one."""
    _safe_extension(filename)
    if size <= 0:
        raise DomainError("The recording is empty.", code="empty_file")
    if size > settings.UPLOAD_MAX_BYTES:
        raise TooLargeError(
            f"The recording is {size} bytes; the limit is {settings.UPLOAD_MAX_BYTES} bytes."
        )
    with transaction.atomic():
        # The owner's row first (as in answer_create): their uploads start one at a time, so
        # two cannot both reserve the last of the storage quota.
        owner_id = answer.session.owner_id
        get_user_model().objects.select_for_update().filter(pk=owner_id).first()
        locked = Answer.objects.select_for_update().get(pk=answer.pk)
        if locked.upload_state == UploadState.COMPLETE:
            raise ConflictError(
                "This answer already has a recording; record a new answer to try again.",
                code="already_uploaded",
            )
        quotas.check_storage_quota(owner_id=owner_id, answer_id=locked.pk, size=size)
        stored_files.delete_folder(_chunks_folder(locked))
        locked.upload_state = UploadState.UPLOADING
        locked.upload_filename = Path(filename).name[:255]
        locked.upload_content_type = content_type[:120]
        locked.upload_size = size
        locked.upload_offset = 0
        locked.full_clean()
        locked.save()
    return locked


def _require_uploading(answer: Answer) -> None:
    if answer.upload_state != UploadState.UPLOADING:
        raise ConflictError("No upload is in progress for this answer.", code="no_upload")


def answer_upload_chunk(*, answer: Answer, offset: int, data: bytes) -> Answer:
    """Write `data` at `offset`; bytes the server already has are skipped, not rewritten.

    A chunk that starts beyond the current offset would leave a hole, so it is refused with
    the offset to resume from.
    """
    if len(data) > settings.UPLOAD_CHUNK_MAX_BYTES:
        raise TooLargeError(
            f"A chunk may hold at most {settings.UPLOAD_CHUNK_MAX_BYTES} bytes.",
            code="chunk_too_large",
        )
    with transaction.atomic():
        locked = Answer.objects.select_for_update().get(pk=answer.pk)
        _require_uploading(locked)
        current = locked.upload_offset
        if offset < 0 or offset > current:
            raise ConflictError(
                f"Offset {offset} does not match the upload; resume from byte {current}.",
                code="offset_mismatch",
                details={"offset": current},
            )
        end = offset + len(data)
        if end > locked.upload_size:
            raise TooLargeError(
                f"The chunk ends at byte {end}, past the declared size {locked.upload_size}.",
                code="beyond_declared_size",
            )
        if end > current:
            # Named by its offset: a chunk written by a request that died before its commit
            # is simply written again by the retry, which finds the same offset.
            stored_files.store(_chunk_name(locked, current), data[current - offset :])
            locked.upload_offset = end
            locked.save(update_fields=["upload_offset", "updated_at"])
    return locked


def _discard_upload(answer: Answer) -> None:
    stored_files.delete_folder(_chunks_folder(answer))
    answer.upload_state = UploadState.NONE
    answer.upload_filename = ""
    answer.upload_content_type = ""
    answer.upload_size = 0
    answer.upload_offset = 0
    answer.save(
        update_fields=[
            "upload_state",
            "upload_filename",
            "upload_content_type",
            "upload_size",
            "upload_offset",
            "updated_at",
        ]
    )


def answer_upload_cancel(*, answer: Answer) -> Answer:
    with transaction.atomic():
        locked = Answer.objects.select_for_update().get(pk=answer.pk)
        _require_uploading(locked)
        _discard_upload(locked)
    return locked


def _upload_extension(answer: Answer) -> str:
    return Path(answer.upload_filename).suffix.lower()


def _assembled_upload(answer: Answer, target: Path) -> Path:
    """The upload's chunks, in offset order, as one private local file for the decoder."""
    offset = 0
    with target.open("wb") as assembled:
        while offset < answer.upload_offset:
            try:
                with default_storage.open(_chunk_name(answer, offset), "rb") as chunk:
                    copied = _copy(chunk, assembled)
            except FileNotFoundError:
                copied = 0
            if copied == 0:
                raise ConflictError("A chunk of the upload is missing; start the upload again.",
                                    code="upload_incomplete", details={"offset": offset})
            offset += copied
    return target


def _copy(source: IO[bytes], target: IO[bytes]) -> int:
    copied = 0
    while block := source.read(1024 * 1024):
        target.write(block)
        copied += len(block)
    return copied


def _stored_name(answer: Answer) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(answer.upload_filename).stem).strip("-")[:60]
    return f"{stem or 'recording'}{Path(answer.upload_filename).suffix.lower()}"


def answer_upload_finish(*, answer: Answer) -> Answer:
    """Decode the whole upload for real; accept it, or refuse cleanly.

    An accepted recording leaves the answer `queued` in the database: that row is the promise
    of an analysis, which `analysis_app.services.analysis_request` starts (and the reconciler
    starts if this process dies first). A refused upload leaves nothing behind: the partial
    file is deleted and the answer goes back to having no recording, so the client can simply
    upload again.
    """
    with transaction.atomic():
        locked = Answer.objects.select_for_update().select_related("session").get(pk=answer.pk)
        _require_uploading(locked)
        if locked.upload_offset != locked.upload_size:
            raise ConflictError(
                f"The upload is incomplete: {locked.upload_offset} of {locked.upload_size} bytes "
                "received.",
                code="upload_incomplete",
                details={"offset": locked.upload_offset},
            )
        with stored_files.private_workdir("upload-") as workdir:
            partial = _assembled_upload(locked, workdir / f"upload{_upload_extension(locked)}")
            try:
                info = validate_recording(partial)
            except MediaError as error:
                # Raised after the block so that the cleanup commits instead of rolling back.
                _discard_upload(locked)
                refusal: UnprocessableError | None = UnprocessableError(
                    str(error), code="invalid_recording")
            else:
                refusal = None
                indexed = workdir / f"indexed{partial.suffix}"
                if remux_with_index(partial, indexed):
                    partial = indexed  # a seek bar that works in the report's player
                name = stored_files.store(recording_path(locked, _stored_name(locked)), partial)
                stored_files.delete_folder(_chunks_folder(locked))
                locked.recording.name = name
                locked.media_info = dump(info)
                locked.upload_state = UploadState.COMPLETE
                locked.analysis_status = AnalysisStatus.QUEUED
                locked.analysis_error = ""
                locked.full_clean()
                locked.save()
    if refusal is not None:
        raise refusal
    return locked


def session_delete(*, session: InterviewSession) -> None:
    """Delete a session with its recordings on disk, not only its rows."""
    answers = list(session.answers.all())
    with transaction.atomic():
        session.delete()
    for answer in answers:
        _delete_answer_files(answer)


def answer_folder(answer: Answer) -> str:
    """The storage folder of an answer's recording and what is derived from it."""
    return recording_path(answer, "").rstrip("/")


def _delete_answer_files(answer: Answer) -> None:
    """The recording, its derived audio and unfinished chunks, with their (local) folders."""
    for field in (answer.recording, answer.analysis_audio):
        if field.name:
            default_storage.delete(field.name)
    stored_files.delete_tree(answer_folder(answer))
    stored_files.delete_tree(_chunks_folder(answer))


def stale_uploads_discard(*, older_than_hours: int) -> int:
    """Housekeeping: abandon uploads nobody resumed for a long time and free their disk space."""
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    discarded = 0
    for answer in Answer.objects.filter(upload_state=UploadState.UPLOADING, updated_at__lt=cutoff):
        with transaction.atomic():
            locked = Answer.objects.select_for_update().get(pk=answer.pk)
            if locked.upload_state == UploadState.UPLOADING and locked.updated_at < cutoff:
                _discard_upload(locked)
                discarded += 1
    return discarded


def unrecorded_answers_delete(*, older_than_hours: int) -> int:
    """Housekeeping: delete answers that never got a recording.

    The web client creates the answer when the candidate starts recording, so that the live
    preview can stream to it; a candidate who then leaves without submitting leaves an empty
    answer behind. Nothing was stored for it (no upload, no analysis), so nothing is lost.
    """
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    _, deleted = Answer.objects.filter(
        upload_state=UploadState.NONE,
        analysis_status=AnalysisStatus.NOT_STARTED,
        updated_at__lt=cutoff,
    ).delete()
    return deleted.get(Answer._meta.label, 0)  # not the rows deleted along with them


def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new API token for `user`: the row, and the key, which exists only in this answer
    (knox stores its SHA-512 digest). Every call makes a new token, so each integration can
    have its own and lose it alone. The user's expired tokens are deleted on the way; past
    API_TOKEN_LIMIT_PER_USER live ones, the user must revoke one first."""
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        ApiToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
        limit = knox_settings.TOKEN_LIMIT_PER_USER
        if limit and ApiToken.objects.filter(user=user).count() >= limit:
            raise ConflictError(
                f"You have {limit} API tokens, the most one account may hold: revoke one first.",
                code="token_limit_reached",
            )
        token, key = ApiToken.objects.create(user=user, name=name.strip())
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


def api_tokens_revoke_all(*, user: User) -> int:
    """'Log out everywhere' for integrations: every API token of the user stops working."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted


def user_password_change(
    *, user: User, current_password: str, new_password: str
) -> int:
    """Set a new password after checking the current one (a borrowed, still signed-in browser
    must not be enough to take the account over) against the same validators as sign-up.

    Every API token of the user is revoked, as a password change is what a person does when
    they fear a leak, and a leaked token would otherwise outlive it. Other browsers' log-ins
    end by themselves: Django checks each session against a hash of the password. The caller
    keeps its own session with update_session_auth_hash. Returns how many tokens were revoked.
    """
    if not user.check_password(current_password):
        raise DomainError("Your current password is wrong.", code="wrong_password",
                          details={"current_password": ["Your current password is wrong."]})
    try:
        validate_password(new_password, user)
    except ValidationError as error:  # named after the field, for the form to show it there
        raise ValidationError({"new_password": error.messages}) from error
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        return api_tokens_revoke_all(user=user)
