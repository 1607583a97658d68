"""Writes of the quarterly report: generating the laporan kinerja triwulan (SOP 2 steps 3–4) as one
numbered GeneratedDocument holding DOCX, PDF and XLSX.

Every generation is a new version (a new row, a new number); earlier versions stay in the archive.
The semester report (semester.py) is generated the same way through `generate_versioned_report`.

Generation runs in a background job (sakip.reports.jobs; report_jobs.py registers the kinds) and
reports its progress through the optional ``progress(percent, message)`` callback. The slow part
(data, charts, DOCX, PDF, XLSX) runs outside any write transaction; only the numbering and the
new row are written in one short transaction at the end (docs/decisions/0006).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.monitoring.access import can_verify
from sakip.monitoring.capaian import ROMAN
from sakip.monitoring.models import ReportingPeriod
from sakip.organization.models import Unit
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.reports.selectors import agency_short, document_versions, slug
from sakip.reports.storing import document_store

from . import render as report_render
from .data import QuarterlyReportData, quarterly_report_data

ProgressCallback = Callable[[int, str], None]

NOT_ALLOWED = _(
    "Hanya Kasubbag Perencanaan dan Keuangan atau Staf Penyusun Evaluasi Kinerja perangkat daerah "
    "ini yang dapat membuat laporan kinerja triwulan."
)
NUMBER_TAKEN = _(
    "Laporan lain dibuat pada saat yang sama sehingga nomor laporan berubah. Silakan buat ulang."
)

# The steps of a report generation, as the job page shows them.
STEP_COLLECT = _("Mengumpulkan data")
STEP_CHARTS = _("Membuat grafik")
STEP_DOCX = _("Membuat DOCX")
STEP_PDF = _("Membuat PDF")
STEP_XLSX = _("Membuat XLSX")
STEP_SAVE = _("Menyimpan dokumen")

# Official documents are Indonesian whatever language the person generating them uses on screen.
DOCUMENT_LANGUAGE = "id"

# Rendering again with the next number when another version took ours meanwhile: rare (two
# generations of the same agency at once), so a few attempts are plenty.
NUMBER_ATTEMPTS = 3


def no_progress(percent: int, message: str) -> None:
    """The callback of a generation nobody watches (a direct call, a test)."""


def quarterly_number(*, period: ReportingPeriod, sequence: int) -> str:
    """ "001/LKT/Diskominfo/2026/TW I": numbered per agency and year, one number per version."""
    return (
        f"{sequence:03d}/LKT/{agency_short(period.agency)}/{period.year}/TW {ROMAN[period.quarter]}"
    )


def quarterly_versions(period: ReportingPeriod) -> list[GeneratedDocument]:
    """The generated versions of a period's report, newest first."""
    return document_versions(DocumentKind.QUARTERLY, period)


# --- the shared generation -------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRecipe:
    """What differs between the generated reports (quarterly, semester, LKjIP); the numbering,
    the rendering outside a transaction and the storing are shared."""

    kind: DocumentKind
    agency: Unit
    year: int
    # The object the document is made from (a ReportingPeriod, an AnnualReport); locked while the
    # new row is written.
    source: models.Model
    # Raises ValidationError when the actor may not generate, or the data is not ready; asked
    # before rendering and again inside the final transaction.
    check: Callable[[], None]
    number: Callable[[int], str]
    stem: Callable[[int], str]
    # The DOCX, PDF and XLSX of the report with the given number printed in it.
    render: Callable[[str, ProgressCallback], dict[str, bytes]]
    title: Callable[[], str]


def render_report_files(data: QuarterlyReportData, progress: ProgressCallback) -> dict[str, bytes]:
    """The DOCX, PDF and XLSX of a quarterly or semester report's data (charts drawn once for
    both DOCX and PDF)."""
    progress(40, str(STEP_CHARTS))
    images = report_render.render_charts(data)
    progress(60, str(STEP_DOCX))
    docx = report_render.render_quarterly_docx(data, images)
    progress(80, str(STEP_PDF))
    pdf = report_render.render_quarterly_pdf(data, images)
    progress(95, str(STEP_XLSX))
    xlsx = report_render.render_quarterly_xlsx(data)
    return {"docx": docx, "pdf": pdf, "xlsx": xlsx}


def period_report_renderer(
    data: Callable[[str], QuarterlyReportData],
) -> Callable[[str, ProgressCallback], dict[str, bytes]]:
    """The recipe's ``render`` for a report laid out from QuarterlyReportData."""

    def render(number: str, progress: ProgressCallback) -> dict[str, bytes]:
        # Looked up at call time: a test swaps render_report_files to race a second version.
        return render_report_files(data(number), progress)

    return render


def _next_sequence(recipe: ReportRecipe) -> int:
    return (
        GeneratedDocument.objects.filter(
            agency=recipe.agency, kind=recipe.kind, year=recipe.year
        ).count()
        + 1
    )


def generate_versioned_report(
    *, actor: User, recipe: ReportRecipe, progress: ProgressCallback | None = None
) -> GeneratedDocument:
    """Render the report with the next number, then store it as a new numbered version.

    The rendering runs without a write transaction; the short transaction at the end locks the
    agency (numbers are per agency, kind and year) and the source, checks again, and writes the
    files and the row. If another version took the number meanwhile, the report is rendered
    again with the next one.
    """
    report = progress or no_progress
    written: list[str] = []
    try:
        for _attempt in range(NUMBER_ATTEMPTS):
            report(10, str(STEP_COLLECT))
            recipe.check()
            sequence = _next_sequence(recipe)
            number = recipe.number(sequence)
            with translation.override(DOCUMENT_LANGUAGE):
                files = recipe.render(number, report)
                title = recipe.title()
            report(98, str(STEP_SAVE))
            with transaction.atomic():
                Unit.objects.select_for_update().filter(pk=recipe.agency.pk).first()
                type(recipe.source)._default_manager.select_for_update().filter(
                    pk=recipe.source.pk
                ).first()
                recipe.check()
                if _next_sequence(recipe) != sequence:
                    continue
                return document_store(
                    actor=actor,
                    source=recipe.source,
                    agency=recipe.agency,
                    kind=recipe.kind,
                    year=recipe.year,
                    number=number,
                    title=title,
                    stem=recipe.stem(sequence),
                    files=files,
                    written=written,
                )
        raise ValidationError(NUMBER_TAKEN)
    except BaseException:
        # The row rolls back with the transaction; the files written so far must go too.
        for name in written:
            default_storage.delete(name)
        raise


# --- the quarterly report --------------------------------------------------------------------


def quarterly_report_generate(
    *,
    actor: User,
    period: ReportingPeriod,
    on: datetime.date | None = None,
    progress: ProgressCallback | None = None,
) -> GeneratedDocument:
    """Generate the quarterly report of ``period`` as DOCX, PDF and XLSX on one new row.

    ``on`` is the date printed above the signature (default: today in the agency's time zone);
    ``progress(percent, message)`` hears of each step (call it outside a transaction).
    """
    day = on or timezone.localdate()
    period = ReportingPeriod.objects.select_related("agency").get(pk=period.pk)

    def check() -> None:
        if not can_verify(actor, period):
            raise ValidationError({"period": NOT_ALLOWED})

    def stem(sequence: int) -> str:
        return f"LKT-{period.year}-TW{period.quarter}-{slug(agency_short(period.agency))}-{sequence:03d}"

    def title() -> str:
        return str(
            _("Laporan Kinerja Triwulan %(roman)s Tahun %(year)s — %(agency)s")
            % {"roman": ROMAN[period.quarter], "year": period.year, "agency": period.agency.name}
        )

    recipe = ReportRecipe(
        kind=DocumentKind.QUARTERLY,
        agency=period.agency,
        year=period.year,
        source=period,
        check=check,
        number=lambda sequence: quarterly_number(period=period, sequence=sequence),
        stem=stem,
        render=period_report_renderer(
            lambda number: quarterly_report_data(period, number=number, on=day)
        ),
        title=title,
    )
    return generate_versioned_report(actor=actor, recipe=recipe, progress=progress)
