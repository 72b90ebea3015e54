"""Writes for résumés: a file is read by the pure core (`sessions_app.resume`) before anything
is stored, so a refused file leaves nothing on disk or in the database."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from analysis_app.engine.typed_json import dump
from interview_project.errors import DomainError, TooLargeError
from sessions_app.models import Resume
from sessions_app.resume import ExtractionLimits, ResumeError, read_resume


def resume_upload(*, owner: User, file: UploadedFile) -> Resume:
    """Parse first, store after: a refused file leaves nothing on disk or in the database."""
    if file.size is not None and file.size > settings.RESUME_MAX_UPLOAD_BYTES:
        raise TooLargeError(
            f"The résumé is {file.size} bytes; the limit is {settings.RESUME_MAX_UPLOAD_BYTES}.",
            code="resume_too_large",
        )
    data = file.read(settings.RESUME_MAX_UPLOAD_BYTES + 1)
    limits = ExtractionLimits.from_settings(settings)
    try:
        extracted, parsed = read_resume(data, file.name, limits=limits)
    except ResumeError as error:
        status = 413 if error.code == "too_large" else 400
        raise DomainError(error.message, code=f"resume_{error.code}", status_code=status) from error
    resume = Resume(
        owner=owner, original_name=(file.name or "resume")[:255], size=len(data),
        source_format=str(extracted.source_format), text=extracted.text, parsed=dump(parsed),
    )
    resume.file.save(f"resume.{extracted.source_format}", ContentFile(data), save=False)
    resume.full_clean()
    resume.save()
    return resume


def resume_delete(*, resume: Resume) -> None:
    resume.file.delete(save=False)
    resume.delete()
