"""Writes of the LKjIP's narrative sections (SOP 2 step 9): one atomic, audited action each
(ARCHITECTURE.md §2).

A section's stored text replaces the text pre-filled from the data; resetting empties it, so the
section follows the data again while its row (and its edit history) stays. Edits race: each form
carries the version it was loaded with (0 when the section had never been stored), and a save over
someone else's newer text is refused with STALE_EDIT, nothing overwritten.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.audit.services import audit_record
from sakip.organization.models import Unit
from sakip.planning.models import Objective
from sakip.reports.annual.models import AnnualReport, AnnualReportSection

from . import sections
from .access import can_edit_annual

TEXT_MAX_LENGTH = 30000

NOT_ALLOWED = _(
    "Hanya Kasubbag Perencanaan dan Keuangan atau Staf Penyusun Evaluasi Kinerja perangkat daerah "
    "ini yang dapat mengubah teks LKjIP."
)
UNKNOWN_SECTION = _("Bagian ini tidak ada dalam LKjIP perangkat daerah ini.")
TEXT_REQUIRED = _(
    "Isi teks bagian ini. Untuk memakai kembali teks dari data, tekan “Kembalikan ke teks dari "
    "data”."
)
TEXT_TOO_LONG = _("Teks terlalu panjang: paling banyak %(max)s karakter (sekarang %(length)s).")
STALE_EDIT = _(
    "Bagian ini telah diubah oleh %(actor)s saat Anda menyuntingnya, sehingga teks Anda belum "
    "disimpan. Salin teks Anda, muat ulang halaman untuk melihat perubahan tersebut, lalu "
    "terapkan kembali perubahan Anda."
)

SOMEONE_ELSE = _("pengguna lain")  # the racing editor, when their account is gone


class StaleSectionError(ValidationError):
    """The section changed since the form was loaded: refuse instead of overwriting."""


def normalize_text(text: str) -> str:
    """One newline convention (browsers post CRLF) and no trailing blanks."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def check_key(*, agency: Unit, year: int, key: str) -> None:
    """A static section key, or an objective of the agency's Renstra covering ``year``."""
    if key in sections.SECTION_KEYS:
        return
    objective_id = sections.objective_id_of(key)
    if (
        objective_id is None
        or not Objective.objects.filter(
            pk=objective_id,
            goal__renstra__agency=agency,
            goal__renstra__start_year__lte=year,
            goal__renstra__end_year__gte=year,
        ).exists()
    ):
        raise ValidationError({"key": UNKNOWN_SECTION}, code="unknown_section")


def annual_report_ensure(*, agency: Unit, year: int) -> AnnualReport:
    """The agency's AnnualReport of ``year``, created on first use (no audit: it holds nothing
    by itself; its sections and documents are audited)."""
    report, _created = AnnualReport.objects.get_or_create(agency=agency, year=year)
    return report


def _locked_report(agency: Unit, year: int) -> AnnualReport:
    """The report row locked: every write of its sections is serialized, including the first
    creation of a section row (two first saves cannot both "create")."""
    report = annual_report_ensure(agency=agency, year=year)
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


def _refuse_stale(section: AnnualReportSection | None, version: int | None) -> None:
    if version is None:
        return
    current = section.version if section is not None else 0
    if current == version:
        return
    # Every save stores its editor; the audit trail would not know more (its actor is dropped
    # with the same account).
    editor = section.updated_by if section is not None else None
    actor = editor.display_name if editor is not None else str(SOMEONE_ELSE)
    raise StaleSectionError(STALE_EDIT % {"actor": actor}, code="stale")


def _check_allowed(actor: User, agency: Unit) -> None:
    if not can_edit_annual(actor, agency):
        raise ValidationError(NOT_ALLOWED, code="not_allowed")


def annual_section_save(
    *, actor: User, agency: Unit, year: int, key: str, text: str, version: int | None
) -> AnnualReportSection:
    """Store the staff's text of section ``key``; ``version`` is the section's version when the
    form was loaded (0: never stored; None: no check, for imports and scripts)."""
    _check_allowed(actor, agency)
    check_key(agency=agency, year=year, key=key)
    text = normalize_text(text)
    if not text:
        raise ValidationError({"text": TEXT_REQUIRED}, code="required")
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {"text": TEXT_TOO_LONG % {"max": TEXT_MAX_LENGTH, "length": len(text)}},
            code="max_length",
        )
    with transaction.atomic():
        report = _locked_report(agency, year)
        section = (
            AnnualReportSection.objects.select_related("updated_by__employee")
            .filter(report=report, key=key)
            .first()
        )
        _refuse_stale(section, version)
        if section is None:
            section = AnnualReportSection(report=report, key=key)
            before = ""
            action = "create"
        else:
            before = section.text
            action = "update"
            if before == text:
                return section
            section.version += 1
        section.text = text
        section.updated_by = actor if getattr(actor, "pk", None) else None
        section.save()
        audit_record(
            actor=actor,
            instance=section,
            action=action,
            changes={"text": [before or None, text]},
            note=key,
        )
    return section


def annual_section_reset(
    *, actor: User, agency: Unit, year: int, key: str, version: int | None = None
) -> AnnualReportSection | None:
    """Back to the text pre-filled from the data: the stored text is emptied (the row and its
    history stay). Nothing happens when the section already follows the data."""
    _check_allowed(actor, agency)
    check_key(agency=agency, year=year, key=key)
    with transaction.atomic():
        report = _locked_report(agency, year)
        section = (
            AnnualReportSection.objects.select_related("updated_by__employee")
            .filter(report=report, key=key)
            .first()
        )
        _refuse_stale(section, version)
        if section is None or not section.text:
            return section
        before = section.text
        section.text = ""
        section.version += 1
        section.updated_by = actor if getattr(actor, "pk", None) else None
        section.save()
        audit_record(
            actor=actor,
            instance=section,
            action="reset",
            changes={"text": [before, None]},
            note=key,
        )
    return section
