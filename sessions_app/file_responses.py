"""Serving private recordings with HTTP Range support, so browsers can seek in them.

The bytes come from the media storage (local files or object storage) through
`stored_files.open_range`, so a web node needs no copy of the recording on its own disk.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse

from sessions_app.stored_files import open_range

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CONTENT_TYPES = {
    ".webm": "video/webm",
    ".mkv": "video/x-matroska",
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
}


def ranged_file_response(request: HttpRequest, name: str) -> HttpResponse | FileResponse:
    """The stored file `name`, whole (200) or the requested byte range (206)."""
    filename = PurePosixPath(name).name
    size = default_storage.size(name)
    content_type = _CONTENT_TYPES.get(PurePosixPath(name).suffix.lower()) or (
        mimetypes.guess_type(filename)[0] or "application/octet-stream"
    )
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if not match or match.groups() == ("", ""):
        start, end, status = 0, size - 1, 200
    else:
        first, last = match.groups()
        if first == "":
            start, end = max(size - int(last), 0), size - 1
        else:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        if start >= size or start > end:
            refusal = HttpResponse(status=416)
            refusal["Content-Range"] = f"bytes */{size}"
            return refusal
        status = 206
    length = end - start + 1
    response = FileResponse(open_range(name, start, length), content_type=content_type,
                            status=status, filename=filename)
    response["Content-Length"] = str(length)
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
