"""Opening an uploaded workbook safely: by content, not by name; no zip bombs; formulas kept.

An XLSX is a zip of XML. Before openpyxl sees the upload we check its magic bytes, that the zip
is sound and what it unpacks to; openpyxl then parses the XML with defusedxml (openpyxl.DEFUSEDXML)
and keeps formulas as formulas (sakip.core.xlsx.load_upload), which the importers refuse.
"""

from __future__ import annotations

import zipfile
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml.common import DefusedXmlException

from sakip.core.xlsx import load_upload

from . import messages
from .cells import normalize, variants

ZIP_MAGIC = b"PK\x03\x04"
# Refuse archives that unpack to more than this (zip bombs).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
# openpyxl reads the sheets of a read-only workbook lazily: damage shows up only while reading.
DAMAGED_WORKBOOK_ERRORS = (
    zipfile.BadZipFile,
    ParseError,
    DefusedXmlException,
    KeyError,
    EOFError,
    OSError,
    ValueError,
    TypeError,
)


class ImportFileError(Exception):
    """The upload is not a workbook we can read; the message is for the user."""


def _rewind(source: Any) -> None:
    if hasattr(source, "seek"):
        source.seek(0)


def open_workbook(source: str | Any) -> Any:
    """Open an uploaded XLSX (a path or a file object) read-only, after checking it really is one
    (magic bytes, zip, unpacked size); ImportFileError otherwise."""
    try:
        if hasattr(source, "read"):
            _rewind(source)
            head = source.read(4)
        else:
            with open(source, "rb") as handle:
                head = handle.read(4)
        if head != ZIP_MAGIC:
            raise ImportFileError(str(messages.INVALID_FILE))
        _rewind(source)
        with zipfile.ZipFile(source) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ImportFileError(str(messages.FILE_CONTENT_TOO_LARGE))
            if archive.testzip() is not None:
                raise ImportFileError(str(messages.INVALID_FILE))
        _rewind(source)
        return load_upload(source)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to read means "not a valid xlsx"
        raise ImportFileError(str(messages.INVALID_FILE)) from exc


def check_upload(source: Any) -> None:
    """Raise ImportFileError unless openpyxl can open the upload (the upload forms' check)."""
    open_workbook(source).close()
    _rewind(source)


def find_sheet(workbook: Any, label: object) -> Any:
    """The sheet named ``label`` in any configured language, case and spaces aside; or None."""
    wanted = variants(label)
    for name in workbook.sheetnames:
        if normalize(name) in wanted:
            return workbook[name]
    return None
