"""A user holding some of everything the platform stores about a person, for the privacy tests
(deletion, export): recordings with derived audio, an unfinished upload, a résumé, ratings
and comments received and given, API tokens, a webhook with its delivery log, log-ins."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from analysis_app.models import (
    ReviewComment,
    ReviewerRating,
    StageRun,
    Webhook,
    WebhookAttempt,
    WebhookDelivery,
)
from sessions_app import stored_files
from sessions_app.models import Answer, ApiToken, Resume, UploadState, recording_path
from tests.factories import AnswerFactory, UserFactory, analysed_answer
from tests.scoring.profiles import answer as answer_features


@dataclass
class PersonData:
    user: object
    answer: Answer
    uploading: Answer
    resume: Resume
    token_key: str
    webhook_secret: str
    transcript: str
    recording_bytes: bytes
    audio_bytes: bytes
    resume_bytes: bytes
    stored: list[str] = field(default_factory=list)


def _store(name: str, content: bytes, stored: list[str]) -> str:
    stored.append(stored_files.store(name, content))
    return name


def person_with_everything(tag: str, *, coach: object | None = None) -> PersonData:
    """`tag` is written into every piece of their data, so a test can look for it anywhere."""
    stored: list[str] = []
    user = UserFactory(username=f"person-{tag}", email=f"{tag}@example.com")
    transcript = f"My name is {tag} and I led the migration."
    answer = analysed_answer(answer_features(), transcript=transcript,
                             question__session__owner=user)
    recording_bytes, audio_bytes = f"WEBM-{tag}".encode() * 50, f"RIFF-{tag}".encode() * 40
    answer.recording.name = _store(recording_path(answer, "take.webm"), recording_bytes, stored)
    answer.analysis_audio.name = _store(recording_path(answer, "analysis/audio-16k.wav"),
                                        audio_bytes, stored)
    answer.upload_state = UploadState.COMPLETE
    answer.upload_size = len(recording_bytes)
    answer.save()
    StageRun.objects.create(answer=answer, stage="media", status="finished")

    uploading = AnswerFactory(question=answer.question, session=answer.session,
                              upload_state=UploadState.UPLOADING, upload_filename="b.webm",
                              upload_size=1000, upload_offset=10)
    _store(f"uploads/{uploading.pk}/{0:012d}.part", f"CHUNK-{tag}".encode()[:10], stored)

    resume_bytes = f"{tag} Doe\n{tag}@example.com\n+44 20 7946 0000\nPython, SQL".encode()
    resume = Resume(owner=user, original_name=f"cv-{tag}.txt", size=len(resume_bytes),
                    source_format="txt", text=resume_bytes.decode(),
                    parsed={"skills": ["python"], "email": f"{tag}@example.com"})
    resume.file.save("resume.txt", ContentFile(resume_bytes), save=False)
    resume.save()
    stored.append(resume.file.name)

    coach = coach or UserFactory(username=f"coach-of-{tag}", is_staff=True)
    ReviewerRating.objects.create(answer=answer, reviewer=coach, dimension="fluency", score=71,
                                  comment=f"Nice pace, {tag}.")
    ReviewComment.objects.create(answer=answer, reviewer=coach, text=f"Well done, {tag}.")

    _, token_key = ApiToken.objects.create(user=user, name=f"ci-{tag}")
    secret = f"whsec-{tag}-0123456789abcdef0123456789"
    webhook = Webhook.objects.create(owner=user, url=f"https://{tag}.example.com/hook",
                                     events=["answer.completed"], secret=secret)
    delivery = WebhookDelivery.objects.create(webhook=webhook, event="answer.completed",
                                              body=f'{{"who": "{tag}"}}',
                                              series_started_at=timezone.now())
    WebhookAttempt.objects.create(delivery=delivery, number=1, started_at=timezone.now(),
                                  outcome="succeeded", response_code=200)
    return PersonData(user=user, answer=answer, uploading=uploading, resume=resume,
                      token_key=token_key, webhook_secret=secret, transcript=transcript,
                      recording_bytes=recording_bytes, audio_bytes=audio_bytes,
                      resume_bytes=resume_bytes, stored=stored)


def walk_storage(folder: str = "") -> list[str]:
    """Every file name in the media storage under `folder`, at any depth."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    names = [f"{prefix}{name}" for name in files]
    for sub in folders:
        names += walk_storage(f"{prefix}{sub}")
    return sorted(names)


def age(answer: Answer, days: float) -> None:
    """Pretend the answer was recorded `days` ago (update() skips auto_now_add)."""
    Answer.objects.filter(pk=answer.pk).update(created_at=timezone.now() - timedelta(days=days))
