"""What the dashboard (Dasbor) shows: one read, ``dashboard_data``, feeding the page, its charts
and its XLSX export, so that all three show the same numbers.

Every capaian comes from sakip.monitoring.capaian with the reports' rule (accepted data only,
``accepted_only=True``), so a figure on the dashboard equals the same figure in the quarterly report.
The indicators of the year are read once for the whole year (``Period.year()``); the capaian of a
quarter, a semester or the year to date is then evaluated from those rows with the same
``evaluate`` the reports use, without another query: the number of queries does not depend on the
period switch, nor on the number of indicators, units, submissions or years of data.

Averages (per objective, per unit, per quarter, per Renstra year) are the mean of the indicators'
capaian, n/a excluded (DOMAIN.md §3 rule 4, ``average_capaian``), categorized on the agency's scale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
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
from sakip.monitoring.category_style import category_badge, category_colour
from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.monitoring.selectors import Recap, period_recap
from sakip.organization.access import access_for
from sakip.organization.choices import Role
from sakip.organization.models import Unit
from sakip.planning.models import Renstra
from sakip.procedures.choices import TaskStatus
from sakip.procedures.compliance import Share, compliance_report
from sakip.procedures.models import Task
from sakip.procedures.selectors_runs import current_time

# Who has a dashboard: the agency-wide readers and planners see their agency ...
AGENCY_ROLES = frozenset(
    {Role.AGENCY_HEAD, Role.SECRETARY, Role.PLANNING_STAFF, Role.KASUBAG_PLANNING}
)
# ... a unit head sees the same page for their unit and the units below it.
UNIT_ROLES = frozenset({Role.DIVISION_HEAD, Role.SECTION_HEAD})
# Who lands on it after login (the unit heads keep landing in their inbox).
LANDING_ROLES = AGENCY_ROLES

# The period switch: the latest quarter with data, its semester, the year to date.
PERIOD_QUARTER, PERIOD_SEMESTER, PERIOD_YEAR = "tw", "semester", "tahun"
PERIOD_KEYS = (PERIOD_QUARTER, PERIOD_SEMESTER, PERIOD_YEAR)
NA_TEXT = "n/a"
# The drill-down key of the indicators without a capaian in the period.
UNMEASURED = "na"


# --- scope -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Whose dashboard: the agency, and the units it is narrowed to (None: the whole agency)."""

    agency: Unit
    units: list[Unit] | None = None

    @property
    def unit_ids(self) -> set[int] | None:
        return None if self.units is None else {u.pk for u in self.units}

    @property
    def heading_units(self) -> list[Unit]:
        """The top units of a narrowed scope (the headed units, not their subtree)."""
        if self.units is None:
            return []
        paths = [u.path for u in self.units]
        return [
            u for u in self.units if not any(u.path.startswith(p) and u.path != p for p in paths)
        ]


def dashboard_scope(user: Viewer) -> Scope | None:
    """The user's dashboard scope, or None when the user has no dashboard (answered with 404)."""
    access = access_for(user)
    if not access.agency_ids:
        return None
    if access.roles & AGENCY_ROLES:
        units = None
    elif access.roles & UNIT_ROLES and access.head_paths:
        query = Q()
        for path in sorted(access.head_paths):
            query |= Q(path__startswith=path)
        units = list(Unit.objects.filter(query).order_by("path"))
    else:
        return None
    agency = Unit.objects.filter(pk__in=access.agency_ids).order_by("path").first()
    if agency is None:
        return None
    return Scope(agency=agency, units=units)


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
class CategoryCount:
    key: str
    label: str
    count: int

    @property
    def badge(self) -> str:
        return category_badge(self.key)

    @property
    def colour(self) -> str:
        return category_colour(self.key)


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
class Collection:
    """The data collection of one reporting period: each unit's state and the counts."""

    period: ReportingPeriod | None
    recap: Recap | None
    submitted: int = 0
    accepted: int = 0
    late: int = 0
    not_yet: int = 0


@dataclass
class MyTasks:
    open: int
    late: int


@dataclass
class DashboardData:
    scope: Scope
    year: int
    period_key: str
    period: Period | None
    latest_quarter: int | None  # the latest quarter of the year with accepted data
    settings: AgencySettings
    indicators: list[IndicatorRow]
    objectives: list[GroupRow]
    units: list[GroupRow]
    categories: list[CategoryCount]
    unmeasured: int
    quarter_trend: list[TrendPoint]
    renstra_trend: list[TrendPoint]
    at_risk: list[RiskRow]
    budget: list[BudgetRow]
    collection: Collection
    compliance: Share
    unit_timeliness: Share
    my_tasks: MyTasks
    renstra: Renstra | None = None
    budget_note: str = ""
    band_legend: list[CategoryCount] = field(default_factory=list)

    @property
    def period_label(self) -> str:
        return self.period.label_id if self.period is not None else ""


def period_for(key: str, latest_quarter: int | None) -> Period | None:
    """The period of the switch: TW k, its semester or s.d. TW k (k: latest quarter with data)."""
    if latest_quarter is None:
        return None
    if key == PERIOD_SEMESTER:
        return Period.semester(1 if latest_quarter <= 2 else 2)
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


def _categories(rows: list[IndicatorRow], settings: AgencySettings) -> list[CategoryCount]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.capaian.category_key:
            counts[row.capaian.category_key] += 1
    return [
        CategoryCount(band.key, band.label, counts.get(band.key, 0))
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


def collection_period(agency: Unit, year: int) -> ReportingPeriod | None:
    """The data collection to watch: the agency's latest open quarter, else the selected year's
    latest quarter (one query: the open quarters and the year's, at most a handful)."""
    candidates = list(
        ReportingPeriod.objects.filter(agency=agency)
        .filter(Q(status=PeriodStatus.OPEN) | Q(year=year))
        .select_related("agency")
        .order_by("-year", "-quarter")
    )
    open_periods = [p for p in candidates if p.status == PeriodStatus.OPEN]
    if open_periods:
        return open_periods[0]
    return next((p for p in candidates if p.year == year), None)


def _collection(user: Viewer, agency: Unit, year: int, scope: Scope) -> Collection:
    period = collection_period(agency, year)
    if period is None:
        return Collection(period=None, recap=None)
    recap = period_recap(period, user)
    if scope.units is not None:
        ids = scope.unit_ids or set()
        recap.rows = [r for r in recap.rows if r.submission.unit_id in ids]
    collection = Collection(period=period, recap=recap)
    for row in recap.rows:
        if row.state == "submitted":
            collection.submitted += 1
        elif row.state == "accepted":
            collection.accepted += 1
        else:
            collection.not_yet += 1
        if row.late:
            collection.late += 1
    return collection


def my_tasks(user: Viewer) -> MyTasks:
    """The user's open tasks and how many of them are past their deadline (one query)."""
    tasks = Task.objects.filter(assignee_id=user.pk, status=TaskStatus.OPEN)
    counts = {"open": 0, "late": 0}
    now = current_time()  # late as in the inbox: past the deadline
    for deadline in tasks.values_list("deadline", flat=True):
        counts["open"] += 1
        if deadline is not None and deadline < now:
            counts["late"] += 1
    return MyTasks(**counts)


def latest_quarter(results: Iterable[IndicatorResult]) -> int | None:
    """The latest quarter in which any indicator has an accepted realisasi."""
    quarters = [q for r in results for q, v in r.quarter_realisasi.items() if v is not None]
    return max(quarters) if quarters else None


def dashboard_data(
    *, user: Viewer, scope: Scope, year: int, period_key: str = PERIOD_QUARTER
) -> DashboardData:
    agency = scope.agency
    settings = agency_settings(agency)
    year_results = indicator_results(
        agency=agency,
        year=year,
        period=Period.year(),
        user=user,
        units=scope.units,
        accepted_only=True,
        settings=settings,
    )
    latest = latest_quarter(year_results)
    period_key = period_key if period_key in PERIOD_KEYS else PERIOD_QUARTER
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
    renstra = (
        Renstra.objects.filter(agency=agency, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )
    budget_period = period or Period.year()
    compliance = compliance_report(user, year=year)
    return DashboardData(
        scope=scope,
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
            units=scope.units,
            settings=settings,
        ),
        at_risk=_at_risk(year_results, by_id, settings),
        budget=_budget(agency=agency, year=year, period=budget_period, units=scope.units),
        collection=_collection(user, agency, year, scope),
        compliance=compliance.total,
        unit_timeliness=compliance.units_total,
        my_tasks=my_tasks(user),
        renstra=renstra,
        budget_note=_(
            "Realisasi anggaran kumulatif sampai dengan akhir %(period)s %(year)s; "
            "serapan = realisasi anggaran / pagu × 100."
        )
        % {"period": budget_period.label_id, "year": year},
        band_legend=[
            CategoryCount(band.key, band.label, 0) for band in reversed(settings.scale.bands)
        ],
    )


@dataclass(frozen=True)
class IndicatorFilter:
    """The drill-down from a figure to its indicators: an objective, a unit or a category."""

    label: str
    rows: list[IndicatorRow]


def filter_indicators(
    data: DashboardData, *, objective: str = "", unit: str = "", category: str = ""
) -> IndicatorFilter | None:
    """The indicators behind one bar or row of the page (None: no filter asked, or an unknown
    one, which shows every indicator)."""
    if objective:
        group = next((g for g in data.objectives if str(g.key) == objective), None)
        if group is not None:
            return IndicatorFilter(
                _("Sasaran %(code)s %(name)s") % {"code": group.code, "name": group.name},
                [r for r in data.indicators if r.objective_id == group.key],
            )
    if unit:
        group = next((g for g in data.units if str(g.key) == unit), None)
        if group is not None:
            return IndicatorFilter(
                _("Unit %(name)s") % {"name": group.name},
                [r for r in data.indicators if r.unit_id == group.key],
            )
    if category:
        if category == UNMEASURED:
            return IndicatorFilter(
                _("Belum ada capaian"), [r for r in data.indicators if not r.capaian.category_key]
            )
        band = next((c for c in data.categories if c.key == category), None)
        if band is not None:
            return IndicatorFilter(
                _("Kategori %(label)s") % {"label": band.label},
                [r for r in data.indicators if r.capaian.category_key == band.key],
            )
    return None
