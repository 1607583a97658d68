"""Writes of the quarterly report: generating the laporan kinerja triwulan (SOP 2 steps 3–4) as one
numbered GeneratedDocument holding DOCX, PDF and XLSX.

Every generation is a new version (a new row, a new number); earlier versions stay in the archive.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sakip.audit.services import audit_record
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.reports.selectors import slug

from . import report_render
from .access import can_verify
from .capaian import ROMAN
from .models import ReportingPeriod
from .report_data import quarterly_report_data

NOT_ALLOWED = _(
    "Hanya Kasubbag Perencanaan dan Keuangan atau Staf Penyusun Evaluasi Kinerja perangkat daerah "
    "ini yang dapat membuat laporan kinerja triwulan."
)

# Official documents are Indonesian whatever language the person generating them uses on screen.
DOCUMENT_LANGUAGE = "id"


def _agency_short(period: ReportingPeriod) -> str:
    return period.agency.short_name or period.agency.code


def quarterly_number(*, period: ReportingPeriod, sequence: int) -> str:
    """ "001/LKT/Diskominfo/2026/TW I": numbered per agency and year, one number per version."""
    return f"{sequence:03d}/LKT/{_agency_short(period)}/{period.year}/TW {ROMAN[period.quarter]}"


def quarterly_versions(period: ReportingPeriod) -> list[GeneratedDocument]:
    """The generated versions of a period's report, newest first."""
    return list(
        GeneratedDocument.objects.filter(
            kind=DocumentKind.QUARTERLY,
            source_type=ReportingPeriod._meta.label_lower,
            source_id=str(period.pk),
        )
        .select_related("created_by__employee")
        .order_by("-created_at", "-pk")
    )


def quarterly_report_generate(
    *, actor: Any, period: ReportingPeriod, on: datetime.date | None = None
) -> GeneratedDocument:
    """Generate the quarterly report of ``period`` as DOCX, PDF and XLSX on one new row.

    ``on`` is the date printed above the signature (default: today in the agency's time zone).
    """
    day = on or timezone.localdate()
    written: list[str] = []
    try:
        return _generate(actor=actor, period=period, day=day, written=written)
    except BaseException:
        # The row rolls back with the transaction; the files written so far must go too.
        for name in written:
            default_storage.delete(name)
        raise


def _generate(
    *, actor: Any, period: ReportingPeriod, day: datetime.date, written: list[str]
) -> GeneratedDocument:
    with transaction.atomic():
        # Locking the period serializes generations, so two versions never share a number.
        locked = (
            ReportingPeriod.objects.select_for_update().select_related("agency").get(pk=period.pk)
        )
        if not can_verify(actor, locked):
            raise ValidationError({"period": NOT_ALLOWED})
        sequence = (
            GeneratedDocument.objects.filter(
                agency=locked.agency, kind=DocumentKind.QUARTERLY, year=locked.year
            ).count()
            + 1
        )
        number = quarterly_number(period=locked, sequence=sequence)
        with translation.override(DOCUMENT_LANGUAGE):
            data = quarterly_report_data(locked, number=number, on=day)
            images = report_render.render_charts(data)
            docx = report_render.render_quarterly_docx(data, images)
            pdf = report_render.render_quarterly_pdf(data, images)
            xlsx = report_render.render_quarterly_xlsx(data)
            title = str(
                _("Laporan Kinerja Triwulan %(roman)s Tahun %(year)s — %(agency)s")
                % {
                    "roman": ROMAN[locked.quarter],
                    "year": locked.year,
                    "agency": locked.agency.name,
                }
            )
        document = GeneratedDocument(
            agency=locked.agency,
            kind=DocumentKind.QUARTERLY,
            year=locked.year,
            number=number,
            title=title,
            source_type=ReportingPeriod._meta.label_lower,
            source_id=str(locked.pk),
            unit=None,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        stem = f"LKT-{locked.year}-TW{locked.quarter}-{slug(_agency_short(locked))}-{sequence:03d}"
        for extension, content in (("docx", docx), ("pdf", pdf), ("xlsx", xlsx)):
            field = getattr(document, extension)
            field.save(f"{stem}.{extension}", ContentFile(content), save=False)
            written.append(field.name)
        document.save()
        audit_record(
            actor=actor,
            instance=document,
            action="generate",
            changes={"kind": [None, DocumentKind.QUARTERLY.value], "number": [None, number]},
            note=f"{ReportingPeriod._meta.label_lower}:{locked.pk}",
        )
    return document
