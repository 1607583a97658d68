"""The public summary of an agency's achievement per objective (sasaran) per year.

Only published material is public, so a year's summary reaches exactly as far as the agency's
published performance reports of that year: the LKjIP covers the year, a semester report its
semester, a quarterly report its quarter. The summary of a year runs from TW I up to the last
quarter a published report covers ("s.d. TW III"), and only over quarters that are still locked: a
quarter reopened after publication may change, so the summary stops before it until it is locked
again.

The figures are those of the reports: `sakip.monitoring.capaian.indicator_results` over the
accepted data of the covered quarters, averaged per objective with n/a results left out
(DOMAIN.md §3 rule 4) and put in the agency's category scale.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import get_language

from sakip.core import data_stamp
from sakip.core.kept import kept
from sakip.measurement import (
    ROMAN,
    Band,
    CapaianResult,
    Period,
    average_capaian,
)
from sakip.monitoring.capaian import agency_settings, indicator_results
from sakip.monitoring.category_style import category_badge
from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.organization.models import Unit
from sakip.planning.models import Objective
from sakip.planning.selectors import natural_key
from sakip.reports.models import DocumentKind, GeneratedDocument

from .selectors import public_documents

REPORT_KINDS = (DocumentKind.QUARTERLY, DocumentKind.SEMESTER, DocumentKind.ANNUAL)
PERIOD_SOURCE = ReportingPeriod._meta.label_lower
# The Renstra's five years at most are summarised; older years stay in the documents.
MAX_YEARS = 5


@dataclass(frozen=True)
class YearCell:
    """One objective in one year: the mean capaian of its indicators and its category."""

    capaian: CapaianResult
    category: Band | None
    indicators: int  # indicators with a capaian (n/a left out of the mean)

    @property
    def display(self) -> Decimal | None:
        return self.capaian.display

    @property
    def badge(self) -> str:
        return category_badge(self.category.key) if self.category else ""


@dataclass
class ObjectiveRow:
    objective: Objective
    cells: dict[int, YearCell] = field(default_factory=dict)
    # The cells in the order of the summary's years (None: no indicator that year).
    in_order: list[YearCell | None] = field(default_factory=list)


@dataclass(frozen=True)
class YearColumn:
    year: int
    last_quarter: int

    @property
    def label(self) -> str:
        """ "2025" for a whole year, "2026 (s.d. TW II)" for a year in progress."""
        if self.last_quarter == 4:
            return str(self.year)
        return f"{self.year} (s.d. TW {ROMAN[self.last_quarter]})"

    @property
    def period(self) -> Period:
        return Period.year() if self.last_quarter == 4 else Period.to_date(self.last_quarter)


@dataclass
class AchievementSummary:
    years: list[YearColumn]
    rows: list[ObjectiveRow]


def _covered_quarter(document: GeneratedDocument, closing: dict[str, int]) -> int:
    """The last quarter of its year a published report covers."""
    if document.kind == DocumentKind.ANNUAL:
        return 4
    if document.source_type != PERIOD_SOURCE:
        return 0
    return closing.get(document.source_id, 0)


def published_reach(agency: Unit) -> list[YearColumn]:
    """Per year, newest first, the last quarter the published reports cover that is still locked
    together with every quarter before it. Three queries whatever the number of documents."""
    documents = list(
        public_documents()
        .filter(agency=agency, kind__in=REPORT_KINDS)
        .only("kind", "year", "source_type", "source_id")
    )
    period_ids = [
        int(d.source_id)
        for d in documents
        if d.source_type == PERIOD_SOURCE and d.source_id.isdigit()
    ]
    closing = {
        str(pk): quarter
        for pk, quarter in ReportingPeriod.objects.filter(
            pk__in=period_ids, agency=agency
        ).values_list("pk", "quarter")
    }
    reach: dict[int, int] = defaultdict(int)
    for document in documents:
        reach[document.year] = max(reach[document.year], _covered_quarter(document, closing))
    locked: dict[int, set[int]] = defaultdict(set)
    for year, quarter in ReportingPeriod.objects.filter(
        agency=agency, year__in=list(reach), status=PeriodStatus.LOCKED
    ).values_list("year", "quarter"):
        locked[year].add(quarter)
    columns = []
    for year in sorted(reach, reverse=True)[:MAX_YEARS]:
        last = 0
        while last < reach[year] and (last + 1) in locked[year]:
            last += 1
        if last:
            columns.append(YearColumn(year=year, last_quarter=last))
    return columns


SUMMARY_SCHEMA = 1  # raise when AchievementSummary changes shape


def kept_achievement_summary(agency: Unit) -> AchievementSummary:
    """`achievement_summary`, kept in the cache under the installation's data stamp
    (core/data_stamp.py): it moves with every change to the figures' sources and to the
    generated documents (a report published or withdrawn), so the public page shows a change at
    once and otherwise reads one row instead of computing up to five years."""
    token = data_stamp.current_token()
    if token is None:
        return achievement_summary(agency)
    key = f"portal-achievement-{SUMMARY_SCHEMA}:{agency.pk}:{token}:{get_language() or ''}"
    return kept(key, AchievementSummary, lambda: achievement_summary(agency))


def achievement_summary(agency: Unit) -> AchievementSummary:
    """Objectives (rows) × published years (columns), oldest year first."""
    columns = sorted(published_reach(agency), key=lambda c: c.year)
    if not columns:
        return AchievementSummary(years=[], rows=[])
    settings = agency_settings(agency)
    rows: dict[int, ObjectiveRow] = {}
    for column in columns:
        per_objective = defaultdict(list)
        for result in indicator_results(
            agency=agency,
            year=column.year,
            period=column.period,
            accepted_only=True,
            settings=settings,
        ):
            row = rows.setdefault(result.objective.pk, ObjectiveRow(objective=result.objective))
            per_objective[row.objective.pk].append(result.capaian)
        for objective_id, results in per_objective.items():
            mean = average_capaian(results)
            rows[objective_id].cells[column.year] = YearCell(
                capaian=mean,
                category=settings.scale.categorize(mean),
                indicators=sum(1 for r in results if r.value is not None),
            )
    ordered = sorted(
        rows.values(),
        key=lambda r: (
            natural_key(r.objective.goal.code),
            natural_key(r.objective.code),
            r.objective.pk,
        ),
    )
    for row in ordered:
        row.in_order = [row.cells.get(column.year) for column in columns]
    return AchievementSummary(years=columns, rows=ordered)
