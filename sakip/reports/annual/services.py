"""Writes of the LKjIP document (SOP 2 step 9): generating it as one numbered GeneratedDocument
holding DOCX (to edit), PDF (to sign and publish) and XLSX (its tables), in the background.

The document is made from the year's accepted data and the staff's narrative sections (stored
texts, or the texts pre-filled from the data where a section was never edited). It is generated
only once the four quarters of the year are locked: before that the year's numbers can still
change, and the page shows the live draft instead.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.accounts.types import Viewer
from sakip.organization.models import Unit
from sakip.reports.jobs import ProgressCallback, report_job_start
from sakip.reports.models import DocumentKind, GeneratedDocument, ReportJob
from sakip.reports.quarterly.services import (
    STEP_CHARTS,
    STEP_DOCX,
    STEP_PDF,
    STEP_XLSX,
    ReportRecipe,
    generate_versioned_report,
)
from sakip.reports.selectors import agency_short, slug

from .access import can_edit_annual
from .data import annual_report_data, unlocked_quarters
from .render_charts import render_annual_charts
from .render_docx import render_annual_docx
from .render_pdf import render_annual_pdf
from .render_xlsx import render_annual_xlsx
from .section_services import annual_report_ensure
from .selectors import narratives_for, with_narratives

NOT_ALLOWED = _(
    "Hanya Kasubbag Perencanaan dan Keuangan atau Staf Penyusun Evaluasi Kinerja perangkat daerah "
    "ini yang dapat membuat LKjIP."
)
NOT_LOCKED = _(
    "LKjIP tahun %(year)s baru dapat dibuat setelah data keempat triwulan dikunci. "
    "Belum dikunci: %(missing)s."
)
STEP_NARRATIVES = _("Mengambil narasi")


def annual_number(*, agency: Unit, year: int, sequence: int) -> str:
    """ "001/LKjIP/Diskominfo/2025": numbered per agency and year, one number per version."""
    return f"{sequence:03d}/LKjIP/{agency_short(agency)}/{year}"


def annual_title(agency: Unit, year: int) -> str:
    return str(
        _("Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun %(year)s — %(agency)s")
        % {"year": year, "agency": agency.name}
    )


def annual_check(*, actor: User, agency: Unit, year: int) -> None:
    """Raise the reason the actor may not generate the year's LKjIP now (nothing when ready)."""
    if not can_edit_annual(actor, agency):
        raise ValidationError({"year": NOT_ALLOWED})
    missing = unlocked_quarters(agency, year)
    if missing:
        raise ValidationError({"year": NOT_LOCKED % {"year": year, "missing": ", ".join(missing)}})


def _render(
    agency: Unit, year: int, *, number: str, on: datetime.date, progress: ProgressCallback
) -> dict[str, bytes]:
    data = annual_report_data(agency, year, number=number, on=on)
    progress(20, str(STEP_NARRATIVES))
    with_narratives(data, narratives_for(agency, year, data))
    progress(35, str(STEP_CHARTS))
    images = render_annual_charts(data)
    progress(50, str(STEP_DOCX))
    docx = render_annual_docx(data, images)
    progress(70, str(STEP_PDF))
    pdf = render_annual_pdf(data, images)
    progress(92, str(STEP_XLSX))
    xlsx = render_annual_xlsx(data)
    return {"docx": docx, "pdf": pdf, "xlsx": xlsx}


def annual_report_generate(
    *,
    actor: User,
    agency: Unit,
    year: int,
    on: datetime.date | None = None,
    progress: ProgressCallback | None = None,
) -> GeneratedDocument:
    """Generate the year's LKjIP as DOCX, PDF and XLSX on one new numbered row (the shared
    numbering, rendering and storing of report_services.generate_versioned_report)."""
    day = on or timezone.localdate()
    source = annual_report_ensure(agency=agency, year=year)
    recipe = ReportRecipe(
        kind=DocumentKind.ANNUAL,
        agency=agency,
        year=year,
        source=source,
        check=lambda: annual_check(actor=actor, agency=agency, year=year),
        number=lambda sequence: annual_number(agency=agency, year=year, sequence=sequence),
        stem=lambda sequence: f"LKjIP-{year}-{slug(agency_short(agency))}-{sequence:03d}",
        render=lambda number, report: _render(agency, year, number=number, on=day, progress=report),
        title=lambda: annual_title(agency, year),
    )
    return generate_versioned_report(actor=actor, recipe=recipe, progress=progress)


# --- in the background -------------------------------------------------------------------------


def annual_report_start(*, actor: User, agency: Unit, year: int) -> ReportJob:
    """Check at once (the user sees why not on the page), then queue the generation."""
    annual_check(actor=actor, agency=agency, year=year)
    return report_job_start(
        actor=actor,
        kind=DocumentKind.ANNUAL,
        params={"agency": agency.pk, "year": year},
        agency=agency,
        year=year,
        return_url=reverse("reports:annual_report", args=[year]) + f"?agency={agency.pk}",
        title=annual_title(agency, year),
    )


def run_annual(job: ReportJob, progress: ProgressCallback) -> GeneratedDocument:
    """The job runner: the person who asked is the actor, the day they asked the signature date."""
    agency = Unit.objects.get(pk=job.params["agency"])
    return annual_report_generate(
        actor=job.created_by,
        agency=agency,
        year=int(job.params["year"]),
        on=timezone.localdate(job.created_at),
        progress=progress,
    )


def may_publish_annual(user: Viewer, document: GeneratedDocument) -> bool:
    return can_edit_annual(user, document.agency)
