"""Privacy writes: deleting a person's data for good, and the recordings' retention.

"Deleting an account removes every byte" (docs: README, Privacy): stored files go by the
folders the platform keeps per user and per answer, not only by the rows that name them, and
the rows that do not follow the account by cascade are found and deleted here.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import reduce
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone

from sessions_app import stored_files
from sessions_app.models import AnalysisStatus, Answer, Resume, UploadState
from sessions_app.services import answer_folder

logger = logging.getLogger(__name__)


def user_folders(user_id: int) -> list[str]:
    """The storage folders that hold only this user's files (models.recording_path and
    models.resume_path); each answer's upload chunks are in `uploads/<answer>` besides."""
    return [f"recordings/{user_id}", f"resumes/{user_id}"]


def _stored_names(user: User) -> tuple[list[str], list[str]]:
    """Every stored file a row of the user names, and every folder of theirs."""
    names: list[str] = []
    answers = Answer.objects.filter(session__owner=user).select_related("session")
    folders = list(user_folders(user.pk))
    for answer in answers.iterator():
        names += [field.name for field in (answer.recording, answer.analysis_audio)
                  if field.name]
        # Named folders too: an answer's folder is under its owner's today, but a row moved
        # to another owner in the admin would keep its files where they were written.
        folders += [answer_folder(answer), f"uploads/{answer.pk}"]
    names += [name for name in Resume.objects.filter(owner=user).values_list("file", flat=True)
              if name]
    return names, folders


def _delete_stored(names: Iterable[str], folders: Iterable[str]) -> None:
    for name in names:
        default_storage.delete(name)  # a missing file is no error, on either storage
    for folder in folders:
        stored_files.delete_tree(folder)


def login_sessions_delete(*, user: User) -> int:
    """Log the user out on every device: delete each stored log-in session holding their id.

    Django's session data is encoded, so the sessions table is scanned and each row decoded;
    account deletion is rare enough to afford it (expired rows are included: they hold the id
    too). A session engine without a table (signed cookies, cache) cannot be searched: its
    sessions die with the account, since they only name a user id that no longer exists.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        logger.warning("Session engine %s cannot be searched; log-ins of user %s left to expire",
                       settings.SESSION_ENGINE, user.pk)
        return 0
    user_id = str(user.pk)
    keys = [session.session_key
            for session in store_class.get_model_class().objects.iterator(chunk_size=2000)
            if str(session.get_decoded().get(SESSION_KEY)) == user_id]
    for key in keys:
        store_class(session_key=key).delete()  # the row, and a cached_db engine's cache entry
    return len(keys)


def _admin_history_delete(user: User) -> int:
    """The admin's change history of the user's account and of everything deleted with it
    (an entry keeps the object's text, e.g. a session's "Software engineer by ann"). Entries the
    user made go by cascade with the account."""
    using = router.db_for_write(get_user_model())
    collector = NestedObjects(using=using)
    collector.collect([user])
    deleted = 0
    for model, instances in collector.data.items():
        if model._meta.auto_created:  # many-to-many rows: the admin never logs them
            continue
        content_types = ContentType.objects.filter(reduce(operator.or_, (
            Q(app_label=m._meta.app_label, model=m._meta.model_name)
            for m in (model, *_proxies_of(model)))))
        ids = [str(instance.pk) for instance in instances]
        for start in range(0, len(ids), 1000):
            count, _ = LogEntry.objects.filter(content_type__in=content_types,
                                               object_id__in=ids[start:start + 1000]).delete()
            deleted += count
    return deleted


def _proxies_of(model: type[models.Model]) -> list[type[models.Model]]:
    """Proxy models of `model` (the admin logs an entry under the proxy it was edited as)."""
    return [candidate for candidate in apps.get_models()
            if candidate._meta.proxy and candidate._meta.concrete_model is model]


def _login_records_delete(user: User) -> int:
    """django-axes' records of log-ins to the admin under the username (address, browser).
    Failed attempts against the name go too: the name no longer exists to be locked."""
    username = user.get_username()
    return sum(model.objects.filter(username=username).delete()[0]
               for model in (AccessAttempt, AccessFailureLog, AccessLog))


def user_data_delete(*, user: User) -> None:
    """'Delete my data': every byte and row the platform holds of the user, then the account.

    Files first, by the names rows give and by the user's folders (recordings with their
    derived audio, résumés, unfinished uploads), so a failure leaves an account that can be
    deleted again rather than files nobody can find. Then, in one transaction, the rows: the
    account and what cascades from it (sessions, questions, answers with their analysis records,
    reports and ratings, résumés, API tokens, webhooks with their deliveries, and the ratings
    and comments the user gave as a coach: a coach's labels are their own words and leave with
    them; trained models keep no row of them), plus what does not cascade (log-in sessions on
    every device, the admin's history, admin log-in records). The folders are swept once more
    afterwards, for a derived audio file an analysis stage stored in the meantime.
    """
    names, folders = _stored_names(user)
    _delete_stored(names, folders)
    with transaction.atomic():
        # The account's row lock is the one answer creation and upload starts take: none can
        # start now, and any that did meanwhile is in this second look at the rows.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        late_names, late_folders = _stored_names(user)
        login_sessions_delete(user=user)
        _admin_history_delete(user)
        _login_records_delete(user)
        user.delete()
    _delete_stored(late_names, sorted({*folders, *late_folders}))


def recordings_expire(*, older_than_days: int, now: datetime | None = None) -> int:
    """Retention: delete the recordings (and derived audio) of answers recorded more than
    `older_than_days` days ago; 0 keeps them for ever. Returns how many expired.

    The report, scores, transcript and ratings stay: they are what the candidate reads and
    what trains the models. The answer keeps `recording_expired_at`, so the API says the
    recording expired (410) instead of not finding it. Answers still being analysed are left
    for a later run. Each answer is locked while its files go and only then marked, so a
    failure leaves it unmarked for the next run rather than marked with its bytes still there.
    """
    if older_than_days <= 0:
        return 0
    now = now or timezone.now()
    due = Answer.objects.filter(
        upload_state=UploadState.COMPLETE, recording_expired_at__isnull=True,
        created_at__lt=now - timedelta(days=older_than_days),
    ).exclude(analysis_status__in=(AnalysisStatus.QUEUED, AnalysisStatus.RUNNING))
    expired = 0
    for answer_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            answer = due.select_for_update(of=("self",)).filter(pk=answer_id).first()
            if answer is None:  # re-analysed or deleted meanwhile
                continue
            _delete_stored(
                [field.name for field in (answer.recording, answer.analysis_audio)
                 if field.name],
                [answer_folder(answer)],
            )
            answer.recording.name = ""
            answer.analysis_audio.name = ""
            answer.recording_expired_at = now
            answer.save(update_fields=["recording", "analysis_audio", "recording_expired_at",
                                       "updated_at"])
        expired += 1
    return expired
