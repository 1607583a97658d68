"""Storing uploaded files beside a database change, without losing what the person typed.

A disk that is full or failing must not turn a save into a server error that throws away the
values typed in the same form: `store_upload_file` turns the storage's OSError into
FileNotStored, which services turn into a message next to the file's input. Files are not part of
the database transaction, so `files_kept_only_on_success` removes the files stored inside a block
that fails, where the rows pointing to them were rolled back.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator
from typing import Any

logger = logging.getLogger(__name__)

_stored_in_block: contextvars.ContextVar[list[tuple[Any, str]] | None] = contextvars.ContextVar(
    "stored_in_block", default=None
)


class FileNotStored(Exception):
    """The storage refused a file (disk full, permissions, I/O error)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def store_upload_file(field_file: Any, name: str, upload: Any) -> str:
    """Save `upload` into a FileField's file under `name` (the row is saved by the caller) and
    return the stored name; raise FileNotStored when the storage fails."""
    try:
        upload.seek(0)
        field_file.save(name, upload, save=False)
    except OSError as exc:
        logger.exception("could not store the uploaded file %r", name)
        raise FileNotStored(name) from exc
    stored = field_file.name
    block = _stored_in_block.get()
    if block is not None:
        block.append((field_file.storage, stored))
    return stored


@contextlib.contextmanager
def files_kept_only_on_success() -> Iterator[None]:
    """Remove the files stored by `store_upload_file` inside this block if the block raises.

    Blocks nest like transactions: the files of an inner block that succeeded still go when an
    enclosing block fails, since the rows pointing to them are rolled back with it."""
    stored: list[tuple[Any, str]] = []
    token = _stored_in_block.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in stored:
            with contextlib.suppress(OSError):
                storage.delete(name)
        raise
    finally:
        _stored_in_block.reset(token)
    enclosing = _stored_in_block.get()
    if enclosing is not None:
        enclosing.extend(stored)
