"""Serving private recordings with HTTP Range support, so browsers can seek in them."""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from django.http import FileResponse, HttpRequest, HttpResponse

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CONTENT_TYPES = {
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
}


class _BoundedFile:
    """A file object that stops after `length` bytes (the end of the requested range)."""

    def __init__(self, path: Path, start: int, length: int) -> None:
        self._file = path.open("rb")
        self._file.seek(start)
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size < 0 else min(size, self._left)
        data = self._file.read(size)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._file.close()


def ranged_file_response(request: HttpRequest, path: Path, filename: str) -> HttpResponse:
    size = path.stat().st_size
    content_type = _CONTENT_TYPES.get(path.suffix.lower()) or (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if not match or match.groups() == ("", ""):
        response = FileResponse(path.open("rb"), content_type=content_type, filename=filename)
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = match.groups()
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    length = end - start + 1
    response = FileResponse(
        _BoundedFile(path, start, length), content_type=content_type, status=206, filename=filename
    )
    response["Content-Length"] = str(length)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
