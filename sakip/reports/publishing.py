"""Publishing (menerbitkan) a generated document: the version that becomes the official one.

Several versions of the same report may be published (a corrected report after the first one was
handed out); each keeps its own number. Publishing happens once per document and cannot be undone;
afterwards the document is immutable (`GeneratedDocument.save` refuses any change).

A version may also be out of date: the app that makes a kind of document registers why its
versions may no longer be published (`register_publication_block`; e.g. a quarterly report
generated before its quarter was reopened). Such a version is not published (the service refuses,
the pages show the reason instead of the button); one already published stays published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.audit.services import audit_record
from sakip.core.formats import format_date_id
from sakip.core.templatetags.sakip_format import before_period

from .access import may_publish
from .models import DocumentKind, GeneratedDocument

# The kinds of document the public reads (the portal) and the regency counts as published, in the
# order an evaluator reads them: plan of the year, agreement, quarterly and semester reports, the
# annual report.
PUBLIC_KINDS = (
    DocumentKind.RKT,
    DocumentKind.PK,
    DocumentKind.QUARTERLY,
    DocumentKind.SEMESTER,
    DocumentKind.ANNUAL,
)

NOT_ALLOWED = _("Anda tidak berwenang menerbitkan dokumen ini.")
ALREADY_PUBLISHED = _(
    "Dokumen nomor %(number)s telah diterbitkan pada %(date)s oleh %(name)s. Dokumen yang telah "
    "terbit tidak dapat diterbitkan ulang atau diubah; untuk perbaikan, buat versi baru."
)
INCOMPLETE = _("Dokumen ini belum memiliki berkas PDF, sehingga belum dapat diterbitkan.")


# kind -> the reasons why versions of that kind may not be published: {document pk: reason}, for
# a batch of unpublished documents of the kind (a page lists many; one query per batch).
PublicationBlock = Callable[[Sequence[GeneratedDocument]], dict[int, str]]
_blocks: dict[str, PublicationBlock] = {}


def register_publication_block(kind: str, reasons: PublicationBlock) -> None:
    """The app making documents of ``kind`` says why a version may not be published."""
    _blocks[str(kind)] = reasons


def publication_blocks(documents: Iterable[GeneratedDocument]) -> dict[int, str]:
    """Why each unpublished document may not be published, by pk; a document absent from the
    answer may be published (as far as its data goes: who may publish is `may_publish`)."""
    by_kind: dict[str, list[GeneratedDocument]] = defaultdict(list)
    for document in documents:
        if document.published_at is None and document.kind in _blocks:
            by_kind[document.kind].append(document)
    reasons: dict[int, str] = {}
    for kind, batch in by_kind.items():
        reasons.update(_blocks[kind](batch))
    return reasons


def with_publication_blocks(documents: Sequence[GeneratedDocument]) -> Sequence[GeneratedDocument]:
    """Set ``publication_block`` (the reason, or "") on each document for the pages."""
    reasons = publication_blocks(documents)
    for document in documents:
        document.publication_block = reasons.get(document.pk, "")  # type: ignore[attr-defined]
    return documents


def _publisher_name(document: GeneratedDocument) -> str:
    user = document.published_by
    return user.display_name if user is not None else str(_("Sistem"))


def document_publish(*, actor: User, document: GeneratedDocument) -> GeneratedDocument:
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
                    "name": before_period(_publisher_name(locked)),
                }
            )
        if not locked.pdf:
            raise ValidationError(INCOMPLETE)
        blocked = publication_blocks([locked]).get(locked.pk)
        if blocked:
            raise ValidationError(blocked)
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
