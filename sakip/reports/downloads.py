"""A generated document's stored file as a download: the archive and the public portal serve
their files the same way, after each has checked who may have the document."""

from __future__ import annotations

from django.http import FileResponse, Http404

from .models import GeneratedDocument
from .selectors import download_filename

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def document_file(document: GeneratedDocument, extension: str) -> FileResponse:
    """The document's DOCX, PDF or XLSX as an attachment; a 404 when it has none or the file is
    gone from storage."""
    stored = getattr(document, extension)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_filename(document, extension),
        content_type=CONTENT_TYPES[extension],
    )
