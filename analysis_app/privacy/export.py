"""The data export's ZIP: `data.json` and the user's stored files, built in a temporary file.

A temporary file rather than memory: recordings make an export as large as the user's
storage quota. Each stored file is streamed from the media storage into the archive (one GET
per object on S3, no second temporary copy) and stored uncompressed, as recordings and
résumés are compressed already; the JSON is deflated. The file is unlinked from the start
(`TemporaryFile`), so closing it (the response does, when sent) leaves nothing on disk.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import zipfile
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder

from analysis_app.privacy.selectors import ExportFile, user_data_export
from sessions_app.stored_files import open_range

DOCUMENT_NAME = "data.json"
_COPY_BUFFER = 1024 * 1024


def _copy_stored(archive: zipfile.ZipFile, item: ExportFile) -> bool:
    """Stream one stored file into the archive; False when it is not in the storage."""
    try:
        size = default_storage.size(item.name)
    except FileNotFoundError:
        return False
    info = zipfile.ZipInfo(item.arcname, date_time=time.localtime()[:6])
    info.compress_type = zipfile.ZIP_STORED
    with archive.open(info, "w", force_zip64=True) as sink:
        if size:
            source = open_range(item.name, 0, size)
            try:
                shutil.copyfileobj(source, sink, _COPY_BUFFER)
            finally:
                source.close()
    return True


def user_data_zip(*, user: User) -> IO[bytes]:
    """The user's export as an open, rewound temporary file (closing it deletes it).

    The document lists a file it names but the storage no longer has (an expiry running
    meanwhile) under `files_missing`, instead of failing the whole export.
    """
    document, files = user_data_export(user=user)
    target: IO[bytes] = tempfile.TemporaryFile(dir=settings.MEDIA_TEMP_DIR or None)
    try:
        with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
            missing = [item.arcname for item in files if not _copy_stored(archive, item)]
            body: dict[str, Any] = {**document, "files_missing": missing}
            archive.writestr(DOCUMENT_NAME,
                             json.dumps(body, cls=DjangoJSONEncoder, indent=2,
                                        ensure_ascii=False),
                             compress_type=zipfile.ZIP_DEFLATED)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target
