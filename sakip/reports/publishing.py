"""Publishing (menerbitkan) a generated document: the version that becomes the official one.

Several versions of the same report may be published (a corrected report after the first one was
handed out); each keeps its own number. Publishing happens once per document and cannot be undone;
afterwards the document is immutable (`GeneratedDocument.save` refuses any change).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.audit.services import audit_record

from .access import may_publish
from .formatting import format_date_id
from .models import GeneratedDocument

NOT_ALLOWED = _("Anda tidak berwenang menerbitkan dokumen ini.")
ALREADY_PUBLISHED = _(
    "Dokumen nomor %(number)s telah diterbitkan pada %(date)s oleh %(name)s. Dokumen yang telah "
    "terbit tidak dapat diterbitkan ulang atau diubah; untuk perbaikan, buat versi baru."
)
INCOMPLETE = _("Dokumen ini belum memiliki berkas PDF, sehingga belum dapat diterbitkan.")


def _publisher_name(document: GeneratedDocument) -> str:
    user = document.published_by
    return user.display_name if user is not None else str(_("Sistem"))


def document_publish(*, actor: Any, document: GeneratedDocument) -> GeneratedDocument:
    """Publish ``document`` now, by ``actor``; refused when already published or not allowed."""
    with transaction.atomic():
        locked = (
            # Only the document's row is locked (PostgreSQL refuses to lock the nullable side of
            # the publisher's outer join).
            GeneratedDocument.objects.select_for_update(of=("self",))
            .select_related("agency", "published_by__employee")
            .get(pk=document.pk)
        )
        if not may_publish(actor, locked):
            raise ValidationError(NOT_ALLOWED)
        if locked.published_at is not None:
            raise ValidationError(
                ALREADY_PUBLISHED
                % {
                    "number": locked.number or locked.title,
                    "date": format_date_id(timezone.localdate(locked.published_at)),
                    "name": _publisher_name(locked),
                }
            )
        if not locked.pdf:
            raise ValidationError(INCOMPLETE)
        locked.published_at = timezone.now()
        locked.published_by = actor
        locked.save(update_fields=["published_at", "published_by"])
        audit_record(
            actor=actor,
            instance=locked,
            action="publish",
            changes={"published_at": [None, locked.published_at.isoformat()]},
            note=locked.number,
        )
    return locked
