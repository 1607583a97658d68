"""Storing a generated document: the files under MEDIA_ROOT/documents/<agency>/<year>/ and the
numbered GeneratedDocument row, with its audit event. Shared by every generator (RKT/PK, quarterly,
semester, LKjIP), which call it inside their final short transaction."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.files.base import ContentFile
from django.db import models

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.organization.models import Unit

from .models import GeneratedDocument


def document_store(
    *,
    actor: Actor,
    source: models.Model,
    agency: Unit,
    kind: str,
    year: int,
    number: str,
    title: str,
    stem: str,
    files: Mapping[str, bytes],
    written: list[str],
    unit: Unit | None = None,
) -> GeneratedDocument:
    """Save ``files`` (extension → bytes: "docx", "pdf", "xlsx") as ``<stem>.<extension>`` and the
    row made from ``source``. Every file name written is appended to ``written`` so that the caller
    can delete them if its transaction rolls back (the storage does not roll back)."""
    source_type = source._meta.label_lower
    document = GeneratedDocument(
        agency=agency,
        kind=kind,
        year=year,
        number=number,
        title=title,
        source_type=source_type,
        source_id=str(source.pk),
        unit=unit,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for extension, content in files.items():
        field = getattr(document, extension)
        # The storage adds a suffix when a name is taken: a version never overwrites another.
        field.save(f"{stem}.{extension}", ContentFile(content), save=False)
        written.append(field.name)
    document.save()
    audit_record(
        actor=actor,
        instance=document,
        action="generate",
        changes={"kind": [None, str(kind)], "number": [None, number]},
        note=f"{source_type}:{source.pk}",
    )
    return document
