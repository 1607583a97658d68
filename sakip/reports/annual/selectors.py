"""Reads of the LKjIP's narrative sections and of its list of years.

`narratives_for` is what the document says: the staff's text where a section was edited, the text
pre-filled from the data otherwise. Two queries whatever the number of sections (the stored
sections; the unit tree for Bab I).
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sakip.audit.history import HistoryEntry, history_entries
from sakip.monitoring.capaian import ROMAN
from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.organization.models import Unit
from sakip.reports.annual.models import AnnualReport, AnnualReportSection
from sakip.reports.models import DocumentKind, GeneratedDocument
from sakip.reports.selectors import document_versions

from . import sections
from .prefill import prefilled_texts
from .types import AnnualReportData

LKJIP_KIND = DocumentKind.ANNUAL
SOURCE_TYPE = AnnualReport._meta.label_lower  # "reports.annualreport"


@dataclass(frozen=True)
class SectionState:
    """One narrative section as the page shows it."""

    section: sections.Section
    text: str  # what the document says: the stored text, or the pre-filled one
    prefilled: str
    is_edited: bool
    is_optional: bool
    updated_by: str  # who stored the current text ("" when it is the data's)
    updated_at: datetime.datetime | None
    version: int  # of the stored row; 0 when the section was never stored

    @property
    def key(self) -> str:
        return self.section.key


def _stored_sections(agency: Unit, year: int) -> dict[str, AnnualReportSection]:
    rows = AnnualReportSection.objects.filter(
        report__agency=agency, report__year=year
    ).select_related("updated_by__employee")
    return {row.key: row for row in rows}


def section_states(
    agency: Unit, year: int, data: AnnualReportData, prefilled: dict[str, str] | None = None
) -> list[SectionState]:
    """Every narrative section of the year's LKjIP, in document order; ``prefilled`` is
    ``prefilled_texts(data)`` when the caller has it (the page keeps it with the data)."""
    stored = _stored_sections(agency, year)
    if prefilled is None:
        prefilled = prefilled_texts(data)
    states = []
    for section in sections.sections_for(data):
        row = stored.get(section.key)
        # A stored row with an empty text was reset: the section follows the data again.
        edited = row if row is not None and row.is_edited else None
        from_data = prefilled.get(section.key, "")
        states.append(
            SectionState(
                section=section,
                text=edited.text if edited else from_data,
                prefilled=from_data,
                is_edited=edited is not None,
                is_optional=section.key in sections.OPTIONAL_KEYS,
                updated_by=edited.updated_by.display_name if edited and edited.updated_by else "",
                updated_at=edited.updated_at if edited else None,
                version=row.version if row is not None else 0,
            )
        )
    return states


def narratives_for(agency: Unit, year: int, data: AnnualReportData) -> dict[str, str]:
    """Section key -> the text the LKjIP prints (stored where edited, pre-filled otherwise)."""
    return {state.key: state.text for state in section_states(agency, year, data)}


def with_narratives(data: AnnualReportData, narratives: dict[str, str]) -> AnnualReportData:
    """``data`` with the narrative texts set, on the report and on each objective (the
    objectives are frozen dataclasses: replaced, not changed)."""
    data.narratives = dict(narratives)
    data.objectives = [
        dataclasses.replace(
            block,
            narrative=narratives.get(sections.objective_key(block.objective_id), ""),
        )
        for block in data.objectives
    ]
    return data


def section_row(agency: Unit, year: int, key: str) -> AnnualReportSection | None:
    return (
        AnnualReportSection.objects.filter(report__agency=agency, report__year=year, key=key)
        .select_related("updated_by__employee")
        .first()
    )


HISTORY_ACTIONS = {
    "create": gettext_lazy("Mengubah teks"),
    "update": gettext_lazy("Mengubah teks"),
    "reset": gettext_lazy("Mengembalikan ke teks dari data"),
}


def section_history(row: AnnualReportSection | None) -> list[HistoryEntry]:
    """The section's edits, newest first; long texts shortened (the page shows the full text)."""
    if row is None:
        return []

    def shown(_name: str, value: Any) -> str:
        if not value:
            return _("(teks dari data)")
        return Truncator(str(value)).chars(240)

    return history_entries(
        row,
        action_labels=HISTORY_ACTIONS,
        field_labels={"text": gettext_lazy("Teks")},
        display=shown,
    )


@dataclass
class AnnualYear:
    """A row of the LKjIP list: a year with data for the agency."""

    year: int
    quarters: int  # reporting periods opened
    locked: list[str]  # "TW I", … locked
    edited_sections: int
    versions: int


def annual_years(agency: Unit) -> list[AnnualYear]:
    """Years with quarterly data or an LKjIP for the agency, newest first (three queries)."""
    rows: dict[int, AnnualYear] = {}

    def row(year: int) -> AnnualYear:
        return rows.setdefault(year, AnnualYear(year, 0, [], 0, 0))

    for year, quarter, status in (
        ReportingPeriod.objects.filter(agency=agency)
        .order_by("year", "quarter")
        .values_list("year", "quarter", "status")
    ):
        found = row(year)
        found.quarters += 1
        if status == PeriodStatus.LOCKED:
            found.locked.append(f"TW {ROMAN[quarter]}")
    reports = AnnualReport.objects.filter(agency=agency).annotate(
        edited=Count("sections", filter=~Q(sections__text=""))
    )
    report_years = {}
    for report in reports:
        row(report.year).edited_sections = report.edited  # type: ignore[attr-defined]
        report_years[str(report.pk)] = report.year
    if report_years:
        for source_id, count in (
            GeneratedDocument.objects.filter(
                kind=LKJIP_KIND, source_type=SOURCE_TYPE, source_id__in=list(report_years)
            )
            .order_by()
            .values("source_id")
            .annotate(n=Count("pk"))
            .values_list("source_id", "n")
        ):
            row(report_years[source_id]).versions = count
    return sorted(rows.values(), key=lambda found: -found.year)


def annual_versions(agency: Unit, year: int) -> list[GeneratedDocument]:
    """The generated LKjIP versions of the agency's year, newest first."""
    # One report per agency and year: ordered by pk, not joined to the units for the default order.
    report = AnnualReport.objects.filter(agency=agency, year=year).only("pk").order_by("pk").first()
    if report is None:
        return []
    return document_versions(LKJIP_KIND, report)
