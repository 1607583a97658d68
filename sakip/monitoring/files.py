"""Evidence files (data dukung): which uploads are accepted, checked by their content.

The browser's content type and the file name are not trusted: the first bytes decide the kind
(the magic-byte sniffing of sakip.core.filetypes), and the name's
extension must agree with it, so a text file renamed to .pdf is refused. Office files are ZIP
archives; the part that names the application (word/, xl/, ppt/) tells DOCX, XLSX and PPTX apart.
The size cap is the setting EVIDENCE_MAX_BYTES (default 10 MB).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from sakip.core.filetypes import FILE_TOO_LARGE, FILE_TYPE_MISMATCH, sniff_file_type
from sakip.measurement.formatting import format_decimal_id

EVIDENCE_TYPE_REFUSED = _(
    "Berkas “%(name)s” tidak dapat diterima sebagai data dukung: unggah PDF, gambar (PNG, JPEG) "
    "atau berkas Office (Word .docx, Excel .xlsx, PowerPoint .pptx)."
)
EVIDENCE_EMPTY = _("Berkas “%(name)s” kosong.")

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    content_type: str


KINDS = {
    "pdf": EvidenceKind("pdf", "application/pdf"),
    "png": EvidenceKind("png", "image/png"),
    "jpeg": EvidenceKind("jpeg", "image/jpeg"),
    "docx": EvidenceKind(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xlsx": EvidenceKind(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "pptx": EvidenceKind(
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}

# The kind each accepted extension promises.
KIND_BY_EXTENSION = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "docx": "docx",
    "xlsx": "xlsx",
    "pptx": "pptx",
}

# The main part of each Office Open XML application (ECMA-376 part names).
_OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}

ACCEPT_ATTRIBUTE = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx"


def evidence_max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def evidence_max_mb() -> int:
    """The size limit as the entry page states it ("Ukuran paling besar 10 MB per berkas")."""
    return evidence_max_bytes() // (1024 * 1024)


def _ooxml_kind(upload: UploadedFile) -> str | None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    finally:
        upload.seek(0)
    for kind, part in _OOXML_PARTS.items():
        if part in names:
            return kind
    return None


def detect_kind(upload: UploadedFile) -> str | None:
    """The accepted kind the file's content shows ("pdf", "png", "jpeg", "docx", "xlsx",
    "pptx"), or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    sniffed = sniff_file_type(head, upload)
    if sniffed in ("pdf", "png", "jpeg"):
        return sniffed
    if sniffed == "ooxml":
        return _ooxml_kind(upload)
    return None


def validate_evidence_file(upload: UploadedFile, *, field: str = "file") -> EvidenceKind:
    """Refuse (ValidationError keyed by `field`) a file that is too large, empty, of a type not
    accepted, or whose content does not match its extension; return its kind otherwise."""
    name = upload.name or ""
    limit = evidence_max_bytes()
    size = upload.size or 0
    if size > limit:
        raise ValidationError(
            {
                field: FILE_TOO_LARGE
                % {
                    "name": name,
                    "size": format_decimal_id(Decimal(size) / 1024 / 1024, 1),
                    "limit": format_decimal_id(Decimal(limit) / 1024 / 1024, 0),
                }
            }
        )
    if size == 0:
        raise ValidationError({field: EVIDENCE_EMPTY % {"name": name}})
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = KIND_BY_EXTENSION.get(ext)
    if expected is None:
        raise ValidationError({field: EVIDENCE_TYPE_REFUSED % {"name": name}})
    actual = detect_kind(upload)
    if actual is None:
        raise ValidationError({field: EVIDENCE_TYPE_REFUSED % {"name": name}})
    if actual != expected:
        raise ValidationError({field: FILE_TYPE_MISMATCH % {"name": name, "ext": ext}})
    return KINDS[actual]
