"""What an uploaded file really is, from its first bytes: the browser's content type and the
file's name are not trusted (an executable renamed .pdf is refused)."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

FILE_TOO_LARGE = gettext_lazy(
    "Berkas “%(name)s” terlalu besar (%(size)s MB); ukuran paling besar %(limit)s MB."
)
FILE_TYPE_MISMATCH = gettext_lazy(
    "Isi berkas “%(name)s” tidak sesuai dengan jenis berkasnya (.%(ext)s)."
)


def sniff_file_type(head: bytes, upload: UploadedFile) -> str | None:
    """The file's real kind from its magic bytes (the browser's content type is not trusted)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def _zip_kind(upload: UploadedFile) -> str | None:
    """Office Open XML has [Content_Types].xml; OpenDocument starts with its mimetype entry."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                return "ooxml"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype.startswith(b"application/vnd.oasis.opendocument"):
                    return "odf"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        upload.seek(0)
    return None


IMAGE_NOT_PNG_OR_JPEG = gettext_lazy("Lambang harus berupa gambar PNG atau JPEG.")
IMAGE_KINDS = frozenset({"png", "jpeg"})


def validate_png_or_jpeg(file) -> None:  # type: ignore[no-untyped-def]
    """A model-field validator: the file's first bytes say PNG or JPEG (its name and the
    browser's content type are not trusted). Documents embed the image, so nothing else."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if sniff_file_type(head, file) not in IMAGE_KINDS:
        raise ValidationError(IMAGE_NOT_PNG_OR_JPEG, code="image_type")
