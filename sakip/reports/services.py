"""Writes of the reports app: publishing a locked RKT as official documents.

A generated document is immutable: publishing again adds new rows (versions); the archive lists the
newest first.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.planning.models import PerformanceAgreement, RktDocument
from sakip.planning.rkt.agreements import agreements_build
from sakip.planning.rkt_models import RktStatus

from . import docx_render, pdf_render, selectors
from .models import DocumentKind, GeneratedDocument
from .storing import document_store

RKT_NOT_LOCKED = _(
    "RKT belum dikunci. Dokumen RKT dan Perjanjian Kinerja hanya dapat diterbitkan dari RKT yang "
    "telah dikunci setelah semua formulir diterima."
)

# Official documents are Indonesian whatever language the person publishing uses on screen.
DOCUMENT_LANGUAGE = "id"


def pk_number(*, rkt: RktDocument, sequence: int) -> str:
    """ "001/PK/Diskominfo/2027", numbered in the order the PKs are listed."""
    return f"{sequence:03d}/PK/{selectors.agency_short(rkt.agency)}/{rkt.year}"


def _store(
    *,
    actor: Actor,
    rkt: RktDocument,
    kind: str,
    number: str,
    title: str,
    unit: Any,
    stem: str,
    docx: bytes,
    pdf: bytes,
    written: list[str],
) -> GeneratedDocument:
    return document_store(
        actor=actor,
        source=rkt,
        agency=rkt.agency,
        kind=kind,
        year=rkt.year,
        number=number,
        title=title,
        stem=stem,
        files={"docx": docx, "pdf": pdf},
        written=written,
        unit=unit,
    )


def rkt_publish(
    *, actor: Actor, rkt: RktDocument, on: datetime.date | None = None
) -> list[GeneratedDocument]:
    """The RKT document and one PK per official (agency head, Sekretaris, each Kepala Bidang).

    `on` is the date printed above the signatures (default: today in the agency's time zone).
    """
    day = on or timezone.localdate()
    written: list[str] = []
    try:
        return _publish(actor=actor, rkt=rkt, day=day, written=written)
    except BaseException:
        # The rows roll back with the transaction; the files written so far must go too.
        for name in written:
            default_storage.delete(name)
        raise


def _publish(
    *, actor: Actor, rkt: RktDocument, day: datetime.date, written: list[str]
) -> list[GeneratedDocument]:
    with transaction.atomic():
        locked = RktDocument.objects.select_for_update().select_related("agency").get(pk=rkt.pk)
        if locked.status != RktStatus.LOCKED:
            raise ValidationError({"status": RKT_NOT_LOCKED})
        agreements_build(rkt=locked, actor=actor, on=day)
        agreements = list(
            PerformanceAgreement.objects.filter(rkt=locked).select_related("unit", "rkt__agency")
        )
        short = selectors.agency_short(locked.agency)
        documents: list[GeneratedDocument] = []
        with translation.override(DOCUMENT_LANGUAGE):
            rkt_data = selectors.rkt_document_data(locked, on=day)
            documents.append(
                _store(
                    actor=actor,
                    rkt=locked,
                    kind=DocumentKind.RKT,
                    number=locked.number,
                    title=str(
                        _("Rencana Kinerja Tahunan %(agency)s Tahun %(year)s")
                        % {"agency": locked.agency.name, "year": locked.year}
                    ),
                    unit=None,
                    stem=f"RKT-{locked.year}-{selectors.slug(short)}",
                    docx=docx_render.render_rkt_docx(rkt_data),
                    pdf=pdf_render.render_rkt_pdf(rkt_data),
                    written=written,
                )
            )
            for sequence, agreement in enumerate(agreements, start=1):
                number = pk_number(rkt=locked, sequence=sequence)
                data = selectors.pk_document_data(agreement, number=number, on=day)
                documents.append(
                    _store(
                        actor=actor,
                        rkt=locked,
                        kind=DocumentKind.PK,
                        number=number,
                        title=str(
                            _("Perjanjian Kinerja %(year)s — %(title)s")
                            % {"year": locked.year, "title": agreement.first_party_title}
                        ),
                        unit=agreement.unit,
                        stem=f"PK-{locked.year}-{selectors.slug(short)}-{sequence:03d}",
                        docx=docx_render.render_pk_docx(data),
                        pdf=pdf_render.render_pk_pdf(data),
                        written=written,
                    )
                )
        audit_record(
            actor=actor,
            instance=locked,
            action="publish",
            changes={"documents": [None, [d.pk for d in documents]]},
        )
    return documents
