"""Reading what the platform stored, through the storage API: the tests pass the same on local
files and on object storage (MEDIA_STORAGE=s3)."""

from __future__ import annotations

from django.core.files.storage import default_storage


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as stored:
        return stored.read()


def stored_files(folder: str) -> list[str]:
    """The names of the files directly in `folder` (none if it does not exist)."""
    try:
        return sorted(default_storage.listdir(folder)[1])
    except FileNotFoundError:
        return []


def upload_received(answer_id: object) -> bytes:
    """What the server holds of an unfinished upload: its chunks, in offset order."""
    folder = f"uploads/{answer_id}"
    return b"".join(stored_bytes(f"{folder}/{name}") for name in stored_files(folder))
