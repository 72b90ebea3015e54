"""Files in the media storage, and the private local copies that decoders need.

Recordings, the decoded analysis audio, résumés and unfinished uploads live in Django's default
storage: local files on one machine, S3-compatible object storage on a cluster (MEDIA_STORAGE),
where no two nodes share a disk. Everything reads and writes them through the storage API.
PyAV and `wave` want a path, so a process copies what it needs into a private temporary
folder (bounded in size, removed when the work ends) and writes what it produces back.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Protocol

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage

_COPY_BUFFER = 1024 * 1024


class StoredFileTooLargeError(Exception):
    """A stored file is larger than the caller is prepared to copy."""


@contextmanager
def private_workdir(prefix: str) -> Iterator[Path]:
    """A folder only this process uses, under MEDIA_TEMP_DIR, removed with all it holds."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=settings.MEDIA_TEMP_DIR or None) as path:
        yield Path(path)


def fetch(name: str, target: Path, *, max_bytes: int) -> Path:
    """Copy the stored file `name` to the local path `target`, refusing more than `max_bytes`."""
    size = default_storage.size(name)
    if size > max_bytes:
        raise StoredFileTooLargeError(f"{name} holds {size} bytes; at most {max_bytes} are copied.")
    s3_object = _s3_object(name)
    if s3_object is not None:
        # Straight to the target: opening it through the storage would first download the
        # whole object into a temporary file of django-storages', then copy that.
        s3_object.download_file(str(target))  # type: ignore[attr-defined]
        return target
    with default_storage.open(name, "rb") as source, target.open("wb") as copy:
        shutil.copyfileobj(source, copy, _COPY_BUFFER)
    return target


def store(name: str, content: bytes | Path) -> str:
    """Write `content` under exactly `name`, replacing what was there.

    The storage API never overwrites by default (a local storage picks another name), but an
    upload chunk or a re-analysed answer's audio must land under its known name.
    """
    if not getattr(default_storage, "file_overwrite", False):  # S3Storage replaces by itself
        default_storage.delete(name)
    if isinstance(content, Path):
        with content.open("rb") as source:
            saved = default_storage.save(name, File(source, name=content.name))
    else:
        saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # pragma: no cover - another writer raced us between delete and save
        default_storage.delete(saved)
        raise FileExistsError(f"Could not store {name}: the name was taken meanwhile.")
    return saved


def delete_folder(prefix: str) -> None:
    """Delete every stored file directly under `prefix` (a folder of the storage)."""
    try:
        _, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return
    for file_name in files:
        default_storage.delete(f"{prefix.rstrip('/')}/{file_name}")
    _remove_empty_local_folder(prefix)


def delete_tree(prefix: str) -> int:
    """Delete every stored file under `prefix` at any depth, and on local storage the folders
    it empties; returns how many files went.

    What deleting a person's data needs: an answer's folder also holds its derived audio in a
    subfolder, and a file no row names any more (a crash between a store and its row's save)
    still sits under its owner's folder. On object storage a "folder" is only a key prefix,
    listed level by level through the storage API.
    """
    prefix = prefix.rstrip("/")
    try:
        folders, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return 0
    deleted = sum(delete_tree(f"{prefix}/{folder}") for folder in folders)
    for file_name in files:
        default_storage.delete(f"{prefix}/{file_name}")
        deleted += 1
    _remove_empty_local_folder(prefix)
    return deleted


def _remove_empty_local_folder(prefix: str) -> None:
    """Object stores have no folders; a local storage keeps empty ones unless told."""
    try:
        folder = Path(default_storage.path(prefix))
    except NotImplementedError:
        return
    with suppress(OSError):
        folder.rmdir()


class BoundedStream:
    """Stops after `length` bytes: the end of the requested range."""

    def __init__(self, source: IO[bytes], length: int) -> None:
        self._source = source
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size < 0 else min(size, self._left)
        data = self._source.read(size)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._source.close()


class _S3Like(Protocol):
    bucket: object

    def _normalize_name(self, name: str) -> str: ...


def open_range(name: str, start: int, length: int) -> BoundedStream:
    """A readable stream of `length` bytes of the stored file from `start`.

    On object storage this is one ranged GET, so seeking in a long recording does not copy
    the whole object through the web process; elsewhere it is a seek in the open file.
    """
    s3_object = _s3_object(name)
    if s3_object is not None:
        response = s3_object.get(Range=f"bytes={start}-{start + length - 1}")  # type: ignore[attr-defined]
        return BoundedStream(response["Body"], length)
    source = default_storage.open(name, "rb")
    source.seek(start)
    return BoundedStream(source, length)


def _s3_object(name: str) -> object | None:
    """The boto3 object behind `name` when the media storage is S3 (None otherwise): reads
    that the storage API would route through a temporary copy go to it directly."""
    storage: Storage = default_storage
    if not (hasattr(storage, "bucket") and hasattr(storage, "_normalize_name")):
        return None
    s3: _S3Like = storage
    return s3.bucket.Object(s3._normalize_name(name))  # type: ignore[attr-defined]
