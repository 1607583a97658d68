"""Uploaded Excel files kept between the preview and the confirmation of an import.

An import is two steps (preview, then apply all or nothing); the file waits under
VAR_DIR/imports/<uuid>.xlsx, named by a token kept in the user's session. Uploads nobody confirmed
are removed after a day.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings

STALE_UPLOAD_SECONDS = 24 * 60 * 60


def imports_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_path(token: str) -> Path:
    # The token comes from the session, but only ever a UUID reaches the file system.
    return imports_dir() / f"{uuid.UUID(hex=token)}.xlsx"


def store_upload(upload: Any) -> str:
    """Write the uploaded file to disk and return its token."""
    token = uuid.uuid4().hex
    with upload_path(token).open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return token


def remove_stale_uploads() -> None:
    limit = time.time() - STALE_UPLOAD_SECONDS
    # The uploads and the rows their previews kept (sakip.core.imports.rowcache).
    for path in [*imports_dir().glob("*.xlsx"), *imports_dir().glob("*.rows.json")]:
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()
