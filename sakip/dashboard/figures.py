"""The dashboard's figures: everything it computes from the capaian and the budget of a scope's
year (objectives, units, indicators, categories, the quarter and Renstra trends, the indicators at
risk, budget absorption), as plain data (strings, Decimals, ints; no model instances) kept in the
cache.

Every capaian comes from sakip.monitoring.capaian with the reports' rule (accepted data only,
``accepted_only=True``), so a figure on the dashboard equals the same figure in the quarterly report.
The indicators of the year are read once for the whole year (``Period.year()``); the capaian of a
quarter, a semester or the year to date is then evaluated from those rows with the same
``evaluate`` the reports use, without another query: the number of queries does not depend on the
period switch, nor on the number of indicators, units, submissions or years of data.

Averages (per objective, per unit, per quarter, per Renstra year) are the mean of the indicators'
capaian, n/a excluded (DOMAIN.md §3 rule 4, ``average_capaian``), categorized on the agency's scale.

The cache entry is named by the agency, the scope (the units of a unit head, or the whole agency),
the year, the period switch, the language (labels are translated), the Renstra, and the data
version of the Renstra years up to the year (``sakip.monitoring.versions``): a token that moves
with every change the figures come from, so a change shows on the next request and nothing is
invalidated by hand. Nothing here depends on the time of day: what does (late counts, the user's
tasks) is read live by the page.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sakip.accounts.types import Viewer
from sakip.core.formats import EMPTY, format_measured_id, format_money_id, format_target_id
from sakip.measurement import (
    ROMAN,
    Aggregation,
    Band,
    CapaianResult,
    NaReason,
    Period,
    Polarity,
    Target,
    average_capaian,
    format_percent_id,
    round_half_up,
)
from sakip.measurement.projection import Projection, project_year
from sakip.monitoring.capaian import (
    AgencySettings,
    IndicatorResult,
    agency_settings,
    budget_results,
    evaluate,
    indicator_results,
)
from sakip.monitoring.category_style import BandCount, category_badge, category_colour
from sakip.monitoring.versions import data_versions
from sakip.organization.models import Unit
from sakip.planning.models import Renstra

# The period switch: the latest quarter with data, the latest complete semester, the year to date.
PERIOD_QUARTER, PERIOD_SEMESTER, PERIOD_YEAR = "tw", "semester", "tahun"
PERIOD_KEYS = (PERIOD_QUARTER, PERIOD_SEMESTER, PERIOD_YEAR)
NA_TEXT = "n/a"
# Bumped when the cached classes change shape, so that a shared cache never hands a new process
# an entry written by an older one.
FIGURES_SCHEMA = 1


# --- rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capaian:
    """A capaian as shown: value (2 decimals), text, category label and key (or the n/a reason)."""

    value: Decimal | None
    text: str
    category: str
    category_key: str

    @property
    def badge(self) -> str:
        return category_badge(self.category_key)

    @property
    def colour(self) -> str:
        return category_colour(self.category_key)


def _capaian(result: CapaianResult, settings: AgencySettings) -> Capaian:
    shown = result.display
    if shown is None:
        return Capaian(None, NA_TEXT, _("Belum ada capaian"), "")
    band: Band | None = settings.scale.categorize(result)
    return Capaian(
        shown,
        format_percent_id(shown),
        band.label if band else "",
        band.key if band else "",
    )


@dataclass
class IndicatorRow:
    indicator_id: int
    code: str
    name: str
    unit_of_measure: str
    objective_id: int
    objective_code: str
    objective: str
    unit_id: int
    unit_name: str
    target_text: str
    realisasi_text: str
    capaian: Capaian
    result: CapaianResult
    quarters: list[Capaian]  # TW I–IV
    # The numbers for a spreadsheet: a single target and the realisasi as numbers, a range as text.
    target_cell: Decimal | str | None = None
    realisasi: Decimal | None = None


@dataclass
class GroupRow:
    """An objective or a unit: its indicators' average capaian and their count per category."""

    key: int
    code: str
    name: str
    indicator_count: int
    measured_count: int
    average: Capaian
    indicator_ids: list[int]


@dataclass
class TrendPoint:
    label: str
    measured_count: int
    average: Capaian


@dataclass
class RiskRow:
    indicator: IndicatorRow
    target_text: str
    projected_text: str
    projection: Projection
    projected: Capaian
    quarters_text: str
    target_cell: Decimal | str | None = None
    projected_value: Decimal | None = None


@dataclass
class BudgetRow:
    program_id: int
    code: str
    name: str
    pagu: Decimal
    budget_spent: Decimal | None
    absorption: Decimal | None  # 2 decimals
    pagu_text: str
    budget_spent_text: str
    absorption_text: str


@dataclass
class Figures:
    """What the dashboard computes from the capaian and budget of its scope's year."""

    year: int
    period_key: str
    period: Period | None
    latest_quarter: int | None  # the latest quarter of the year with accepted data
    settings: AgencySettings
    indicators: list[IndicatorRow]
    objectives: list[GroupRow]
    units: list[GroupRow]
    categories: list[BandCount]
    unmeasured: int
    quarter_trend: list[TrendPoint]
    renstra_trend: list[TrendPoint]
    at_risk: list[RiskRow]
    budget: list[BudgetRow]
    budget_note: str = ""
    band_legend: list[BandCount] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return self.period.label_id if self.period is not None else ""


def target_cell(low: Decimal | None, high: Decimal | None) -> Decimal | str | None:
    """A target as a spreadsheet cell: a number, or a range "80–90" as text."""
    if low is None or high is None or high == low:
        return low
    return format_target_id(low, high)


def period_for(key: str, latest_quarter: int | None) -> Period | None:
    """The period of the switch: TW k, the latest complete semester, or s.d. TW k (k: latest
    quarter with data). A semester counts once both its quarters are in: a semester still running
    would set one quarter's realisasi against two quarters' targets (None before TW II)."""
    if latest_quarter is None:
        return None
    if key == PERIOD_SEMESTER:
        if latest_quarter < 2:
            return None
        return Period.semester(2 if latest_quarter == 4 else 1)
    if key == PERIOD_YEAR:
        return Period.to_date(latest_quarter)
    return Period.quarter(latest_quarter)


def _evaluate(
    result: IndicatorResult, period: Period, settings: AgencySettings
) -> tuple[Target | None, Decimal | None, CapaianResult, Band | None, bool]:
    """The indicator's (target, realisasi, capaian, category, needs explanation) over ``period``,
    from its rows of the year, by the reports' own rule (monitoring.capaian.evaluate)."""
    return evaluate(
        polarity=result.indicator.polarity,
        aggregation=result.indicator.aggregation,
        quarter_targets=result.quarter_targets,
        quarter_realisasi=result.quarter_realisasi,
        period=period,
        annual_target=result.annual_target,
        settings=settings,
    )


def _indicator_row(
    result: IndicatorResult, period: Period | None, settings: AgencySettings
) -> IndicatorRow:
    indicator = result.indicator
    quarters = [
        _capaian(_evaluate(result, Period.quarter(q), settings)[2], settings) for q in (1, 2, 3, 4)
    ]
    if period is None:
        target, value, capaian = None, None, CapaianResult.not_available(NaReason.NO_REALISASI)
    else:
        target, value, capaian, _category, _needs = _evaluate(result, period, settings)
    low = None if target is None else target.low
    high = None if target is None else target.high
    return IndicatorRow(
        indicator_id=indicator.pk,
        code=indicator.code,
        name=indicator.name,
        unit_of_measure=indicator.unit_of_measure,
        objective_id=result.objective.pk,
        objective_code=result.objective.code,
        objective=result.objective.statement,
        unit_id=result.unit.pk,
        unit_name=result.unit.name,
        target_text=EMPTY if target is None else format_target_id(low, high),
        realisasi_text=format_measured_id(value, low, high),
        capaian=_capaian(capaian, settings),
        result=capaian,
        quarters=quarters,
        target_cell=target_cell(low, high),
        realisasi=value,
    )


def _groups(rows: list[IndicatorRow], key: str, settings: AgencySettings) -> list[GroupRow]:
    grouped: dict[int, list[IndicatorRow]] = {}
    for row in rows:
        grouped.setdefault(getattr(row, f"{key}_id"), []).append(row)
    groups = []
    for pk, members in grouped.items():
        first = members[0]
        measured = [m.result for m in members if m.result.display is not None]
        groups.append(
            GroupRow(
                key=pk,
                code=first.objective_code if key == "objective" else "",
                name=first.objective if key == "objective" else first.unit_name,
                indicator_count=len(members),
                measured_count=len(measured),
                average=_capaian(average_capaian(measured), settings),
                indicator_ids=[m.indicator_id for m in members],
            )
        )
    return groups


def _categories(rows: list[IndicatorRow], settings: AgencySettings) -> list[BandCount]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.capaian.category_key:
            counts[row.capaian.category_key] += 1
    return [
        BandCount(band.key, band.label, counts.get(band.key, 0))
        for band in reversed(settings.scale.bands)
    ]


def _trend_point(
    label: str, results: Iterable[CapaianResult], settings: AgencySettings
) -> TrendPoint:
    measured = [r for r in results if r.display is not None]
    return TrendPoint(label, len(measured), _capaian(average_capaian(measured), settings))


def _renstra_trend(
    *,
    agency: Unit,
    renstra: Renstra | None,
    year: int,
    year_results: list[IndicatorResult],
    user: Viewer,
    units: Sequence[Unit] | None,
    settings: AgencySettings,
) -> list[TrendPoint]:
    """The annual capaian (the year's rule, accepted data) of every Renstra year up to ``year``
    that has any; the same number of queries whatever the years hold."""
    if renstra is None:
        return []
    points = []
    for each in renstra.years:
        if each > year:
            break
        results = (
            year_results
            if each == year
            else indicator_results(
                agency=agency,
                year=each,
                period=Period.year(),
                user=user,
                units=units,
                accepted_only=True,
                settings=settings,
            )
        )
        point = _trend_point(str(each), (r.capaian for r in results), settings)
        if point.measured_count:
            points.append(point)
    return points


def _at_risk(
    results: list[IndicatorResult], rows: dict[int, IndicatorRow], settings: AgencySettings
) -> list[RiskRow]:
    risks = []
    for result in results:
        target = result.target  # the year's target (Period.year())
        projection = project_year(
            polarity=Polarity(result.indicator.polarity),
            aggregation=Aggregation(result.indicator.aggregation),
            year_target=target,
            values=result.quarter_realisasi,
        )
        if not projection.at_risk:
            continue
        low = None if target is None else target.low
        high = None if target is None else target.high
        value = projection.value
        risks.append(
            RiskRow(
                indicator=rows[result.indicator.pk],
                target_text=EMPTY if target is None else format_target_id(low, high),
                projected_text=EMPTY
                if value is None
                else format_measured_id(round_half_up(value, 2), low, high),
                projection=projection,
                projected=_capaian(projection.capaian, settings),
                quarters_text=", ".join(f"TW {ROMAN[q]}" for q in projection.quarters),
                target_cell=target_cell(low, high),
                projected_value=None if value is None else round_half_up(value, 2),
            )
        )
    risks.sort(key=lambda r: (r.projected.value or Decimal(0), r.indicator.code))
    return risks


def _budget(
    *, agency: Unit, year: int, period: Period, units: Sequence[Unit] | None
) -> list[BudgetRow]:
    rows = budget_results(agency=agency, year=year, period=period, units=units, accepted_only=True)
    lines = []
    for row in rows:
        if not row.is_program:
            continue
        shown = None if row.absorption is None else round_half_up(row.absorption, 2)
        lines.append(
            BudgetRow(
                program_id=row.obj.pk,
                code=row.code,
                name=row.name,
                pagu=row.pagu,
                budget_spent=row.budget_spent,
                absorption=shown,
                pagu_text=format_money_id(row.pagu),
                budget_spent_text=format_money_id(row.budget_spent),
                absorption_text=EMPTY if shown is None else format_percent_id(shown),
            )
        )
    return lines


def latest_quarter(results: Iterable[IndicatorResult]) -> int | None:
    """The latest quarter in which any indicator has an accepted realisasi."""
    quarters = [q for r in results for q, v in r.quarter_realisasi.items() if v is not None]
    return max(quarters) if quarters else None


def compute_figures(
    *,
    user: Viewer,
    agency: Unit,
    units: Sequence[Unit] | None,
    year: int,
    period_key: str,
    renstra: Renstra | None,
) -> Figures:
    """The figures, computed (no cache)."""
    settings = agency_settings(agency)
    year_results = indicator_results(
        agency=agency,
        year=year,
        period=Period.year(),
        user=user,
        units=units,
        accepted_only=True,
        settings=settings,
    )
    latest = latest_quarter(year_results)
    period = period_for(period_key, latest)
    rows = [_indicator_row(r, period, settings) for r in year_results]
    by_id = {row.indicator_id: row for row in rows}
    quarter_trend = [
        _trend_point(
            f"TW {ROMAN[q]}",
            (_evaluate(r, Period.quarter(q), settings)[2] for r in year_results),
            settings,
        )
        for q in (1, 2, 3, 4)
    ]
    budget_period = period or Period.year()
    return Figures(
        year=year,
        period_key=period_key,
        period=period,
        latest_quarter=latest,
        settings=settings,
        indicators=rows,
        objectives=_groups(rows, "objective", settings),
        units=sorted(_groups(rows, "unit", settings), key=lambda g: g.name),
        categories=_categories(rows, settings),
        unmeasured=sum(1 for row in rows if not row.capaian.category_key),
        quarter_trend=quarter_trend,
        renstra_trend=_renstra_trend(
            agency=agency,
            renstra=renstra,
            year=year,
            year_results=year_results,
            user=user,
            units=units,
            settings=settings,
        ),
        at_risk=_at_risk(year_results, by_id, settings),
        budget=_budget(agency=agency, year=year, period=budget_period, units=units),
        budget_note=_(
            "Realisasi anggaran kumulatif sampai dengan akhir %(period)s %(year)s; "
            "serapan = realisasi anggaran / pagu × 100."
        )
        % {"period": budget_period.label_id, "year": year},
        band_legend=[BandCount(band.key, band.label, 0) for band in reversed(settings.scale.bands)],
    )


def figures_key(
    *,
    agency: Unit,
    units: Sequence[Unit] | None,
    year: int,
    period_key: str,
    renstra: Renstra | None,
) -> str:
    """The cache key of the figures: whose (agency and scope), which year and period, in which
    language, and the data version of the years they read (one query)."""
    if units is None:
        scope = "agency"
    else:
        ids = ",".join(str(pk) for pk in sorted(u.pk for u in units))
        scope = "units-" + hashlib.sha256(ids.encode()).hexdigest()[:16]
    # The Renstra trend reads the Renstra's years up to `year`: the version covers them all.
    since = renstra.start_year if renstra is not None else year
    version = data_versions([agency.pk], year, since=since)[agency.pk]
    plan = f"{renstra.pk}-{since}" if renstra is not None else "none"
    return ":".join(
        [
            f"dashboard-figures-{FIGURES_SCHEMA}",
            str(agency.pk),
            scope,
            str(year),
            period_key,
            get_language() or "",
            plan,
            version,
        ]
    )


def dashboard_figures(
    *,
    user: Viewer,
    agency: Unit,
    units: Sequence[Unit] | None,
    year: int,
    period_key: str,
    renstra: Renstra | None,
) -> tuple[Figures, str]:
    """The figures from the cache, computed and kept there when missing, with their key (the
    page keeps its HTML under it too).

    The user counts only through the scope: an agency-wide role sees its whole agency, a unit
    head the units they head and every unit below them, so two users of the same scope see the
    same figures (decision 0002)."""
    period_key = period_key if period_key in PERIOD_KEYS else PERIOD_QUARTER
    key = figures_key(agency=agency, units=units, year=year, period_key=period_key, renstra=renstra)
    figures = cache.get(key)
    if isinstance(figures, Figures):
        return figures, key
    figures = compute_figures(
        user=user,
        agency=agency,
        units=units,
        year=year,
        period_key=period_key,
        renstra=renstra,
    )
    cache.set(key, figures)
    return figures, key
