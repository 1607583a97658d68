"""Reads of the Rencana Aksi: which indicators a unit plans and their annual targets, a plan's rows
with the checks, the list of units and their status, and the history tab.

Every function reads a fixed number of queries, whatever the number of units or indicators.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Viewer
from sakip.audit.history import HistoryEntry, history_entries
from sakip.measurement import Target
from sakip.organization.access import access_for
from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit

from ..action_plan_models import (
    ActionPlan,
    ActionPlanJustification,
    ActionPlanStatus,
    QuarterTarget,
)
from ..choices import TargetKind
from ..models import Indicator, IndicatorTarget, Objective, RktIndicatorLine
from ..rkt_models import RktStatus
from ..selectors import natural_key
from . import access
from .checks import QUARTERS, CheckResult, check_quarters, target_of

# --- the indicators of a plan unit and their annual targets ---------------------------------


def _renstra_covers(year: int, prefix: str = "objective__goal__renstra__") -> dict[str, Any]:
    return {f"{prefix}start_year__lte": year, f"{prefix}end_year__gte": year}


def annual_targets(*, agency_ids: Iterable[int], year: int) -> dict[int, Target]:
    """The annual target of every indicator of these agencies with a target in `year`.

    The Renstra's IndicatorTarget, overridden by the line of the year's locked RKT where there is
    one: once the RKT is locked, its targets are the ones the PK was signed on. Two queries.
    """
    agency_ids = list(agency_ids)
    targets: dict[int, Target] = {}
    for row in IndicatorTarget.objects.filter(
        year=year,
        indicator__objective__goal__renstra__agency_id__in=agency_ids,
        **_renstra_covers(year, "indicator__objective__goal__renstra__"),
    ).values_list("indicator_id", "low", "high"):
        target = target_of(row[1], row[2])
        if target is not None:
            targets[row[0]] = target
    lines = (
        RktIndicatorLine.objects.filter(
            form__document__agency_id__in=agency_ids,
            form__document__year=year,
            form__document__status=RktStatus.LOCKED,
            target_low__isnull=False,
        )
        .order_by("form__document__locked_at", "form__document_id")
        .values_list("indicator_id", "target_low", "target_high")
    )
    for indicator_id, low, high in lines:  # a later locked RKT wins
        target = target_of(low, high)
        if target is not None:
            targets[indicator_id] = target
    return targets


def _plan_unit_paths(agency: Unit, units: Iterable[Unit] | None = None) -> list[str]:
    return [u.path for u in (units if units is not None else access.plan_units(agency))]


@dataclass
class PlanIndicator:
    indicator: Indicator
    annual: Target


def plan_indicators(*, agency: Unit, unit: Unit, year: int) -> list[PlanIndicator]:
    """The PK indicators of the year that `unit`'s Rencana Aksi holds: those of its subtree with a
    target in the year, except those of another plan unit below it (the agency's own plan holds
    only the indicators the agency owns directly). Sorted by goal, objective and indicator code."""
    targets = annual_targets(agency_ids=[agency.pk], year=year)
    if not targets:
        return []
    paths = _plan_unit_paths(agency)
    indicators = (
        Indicator.objects.filter(
            pk__in=list(targets),
            objective__goal__renstra__agency=agency,
            responsible_unit__path__startswith=unit.path,
            **_renstra_covers(year),
        )
        .select_related("objective__goal", "responsible_unit")
        .order_by()
    )
    found = [
        PlanIndicator(indicator, targets[indicator.pk])
        for indicator in indicators
        if access.plan_unit_of(indicator.responsible_unit.path, paths) == unit.path
    ]
    found.sort(key=lambda p: _indicator_order(p.indicator))
    return found


def _indicator_order(indicator: Indicator) -> tuple[Any, ...]:
    return (
        natural_key(indicator.objective.goal.code),
        natural_key(indicator.objective.code),
        natural_key(indicator.code),
    )


# --- one plan, as rows -----------------------------------------------------------------------


@dataclass
class PlanRow:
    """One indicator of a Rencana Aksi with its four quarters and the check against the year."""

    indicator: Indicator
    annual: Target | None
    quarters: dict[int, QuarterTarget]
    justification: str
    check: CheckResult

    @property
    def is_range(self) -> bool:
        return self.indicator.target_kind == TargetKind.RANGE

    def target(self, quarter: int) -> Target | None:
        row = self.quarters.get(quarter)
        return target_of(row.low, row.high) if row is not None else None

    @property
    def quarter_list(self) -> list[QuarterTarget | None]:
        return [self.quarters.get(q) for q in QUARTERS]


@dataclass
class ObjectiveRows:
    objective: Objective
    rows: list[PlanRow] = field(default_factory=list)


@dataclass
class PlanView:
    rows: list[PlanRow]

    @property
    def groups(self) -> list[ObjectiveRows]:
        groups: dict[int, ObjectiveRows] = {}
        for row in self.rows:
            objective = row.indicator.objective
            groups.setdefault(objective.pk, ObjectiveRows(objective)).rows.append(row)
        return list(groups.values())

    @property
    def mismatch_count(self) -> int:
        return sum(1 for r in self.rows if r.check.needs_justification)

    @property
    def unexplained_count(self) -> int:
        return sum(
            1 for r in self.rows if r.check.needs_justification and not r.justification.strip()
        )

    @property
    def empty_count(self) -> int:
        return sum(1 for r in self.rows if r.check.empty)


def check_row(
    indicator: Indicator, annual: Target | None, quarters: dict[int, Target | None]
) -> CheckResult:
    return check_quarters(
        aggregation=indicator.aggregation,
        polarity=indicator.polarity,
        annual=annual,
        quarters=quarters,
    )


def plan_rows(plan: ActionPlan) -> PlanView:
    """The plan's indicators in plan order, each with its quarters, annual target and check."""
    quarter_rows = list(
        QuarterTarget.objects.filter(action_plan=plan).select_related(
            "indicator__objective__goal", "indicator__responsible_unit"
        )
    )
    justifications = dict(
        ActionPlanJustification.objects.filter(action_plan=plan).values_list("indicator_id", "text")
    )
    targets = annual_targets(agency_ids=[plan.agency_id], year=plan.year)
    indicators: dict[int, Indicator] = {}
    by_indicator: dict[int, dict[int, QuarterTarget]] = defaultdict(dict)
    for row in quarter_rows:
        indicators[row.indicator_id] = row.indicator
        by_indicator[row.indicator_id][row.quarter] = row
    rows = []
    for indicator in sorted(indicators.values(), key=_indicator_order):
        quarters = by_indicator[indicator.pk]
        annual = targets.get(indicator.pk)
        check = check_row(
            indicator,
            annual,
            {q: target_of(quarters[q].low, quarters[q].high) for q in quarters},
        )
        rows.append(
            PlanRow(
                indicator=indicator,
                annual=annual,
                quarters=quarters,
                justification=justifications.get(indicator.pk, ""),
                check=check,
            )
        )
    return PlanView(rows)


def missing_indicators(plan: ActionPlan) -> list[PlanIndicator]:
    """PK indicators of the plan's unit added to the plan since it was made (new targets)."""
    have = set(
        QuarterTarget.objects.filter(action_plan=plan).values_list("indicator_id", flat=True)
    )
    return [
        p
        for p in plan_indicators(agency=plan.agency, unit=plan.unit, year=plan.year)
        if p.indicator.pk not in have
    ]


# --- the list of units -----------------------------------------------------------------------


@dataclass
class UnitRow:
    unit: Unit
    plan: ActionPlan | None
    indicator_count: int
    can_create: bool


@dataclass
class AgencyBlock:
    agency: Unit
    rows: list[UnitRow]


def list_blocks(user: Viewer, year: int) -> list[AgencyBlock]:
    """The plan units the user may see with their Rencana Aksi of `year`: planners and the
    agency-wide roles see every plan unit of their agency; a unit sees its own (a seksi sees its
    bidang's). A fixed number of queries whatever the number of units and indicators."""
    user_access = access_for(user)
    all_agencies = list(Unit.objects.filter(kind=UnitKind.AGENCY).order_by("name"))
    own_paths = user_access.own_unit_paths
    own_lines = user_access.line_paths
    agencies = [
        a
        for a in all_agencies
        if user_access.is_admin
        or user_access.covers(a, "view")
        or any(p.startswith(a.path) for p in own_paths)
    ]
    if not agencies:
        return []
    agency_ids = [a.pk for a in agencies]
    units = list(
        Unit.objects.filter(Q(pk__in=agency_ids) | Q(parent_id__in=agency_ids)).order_by(
            "path", "order"
        )
    )
    plans = {
        p.unit_id: p
        for p in ActionPlan.objects.filter(agency_id__in=agency_ids, year=year).select_related(
            "submitted_by", "approved_by"
        )
    }
    targets = annual_targets(agency_ids=agency_ids, year=year)
    indicator_paths = list(
        Indicator.objects.filter(
            pk__in=list(targets),
            objective__goal__renstra__agency_id__in=agency_ids,
            **_renstra_covers(year),
        ).values_list("responsible_unit__path", flat=True)
    )
    headed = user_access.head_unit_ids
    blocks = []
    for agency in agencies:
        plan_units = [u for u in units if u.pk == agency.pk or u.parent_id == agency.pk]
        paths = [u.path for u in plan_units]
        counts: dict[str, int] = defaultdict(int)
        for path in indicator_paths:
            owner = access.plan_unit_of(path, paths)
            if owner is not None:
                counts[owner] += 1
        sees_all = user_access.is_admin or user_access.covers(agency, "view")
        planner = user_access.plans(agency)
        rows = []
        for unit in plan_units:
            if not sees_all and unit.path not in own_lines:
                continue
            plan = plans.get(unit.pk)
            count = counts.get(unit.path, 0)
            # The agency's own plan is listed only when the agency owns indicators directly.
            if unit.pk == agency.pk and plan is None and count == 0:
                continue
            rows.append(
                UnitRow(
                    unit=unit,
                    plan=plan,
                    indicator_count=count,
                    can_create=plan is None and count > 0 and (planner or unit.pk in headed),
                )
            )
        if rows:
            blocks.append(AgencyBlock(agency, rows))
    return blocks


# --- for the reports: the approved quarterly targets ------------------------------------------


def approved_quarter_targets(*, agency: Unit, year: int) -> dict[int, dict[int, Target]]:
    """indicator id → {quarter: Target} from the approved Rencana Aksi of the agency's year.
    Each indicator lies in exactly one plan (see access.py), so there is nothing to choose."""
    result: dict[int, dict[int, Target]] = defaultdict(dict)
    for indicator_id, quarter, low, high in QuarterTarget.objects.filter(
        action_plan__agency=agency,
        action_plan__year=year,
        action_plan__status=ActionPlanStatus.APPROVED,
        low__isnull=False,
    ).values_list("indicator_id", "quarter", "low", "high"):
        target = target_of(low, high)
        if target is not None:
            result[indicator_id][quarter] = target
    return dict(result)


# --- history -----------------------------------------------------------------------------------

ACTION_LABELS = {
    "create": _("Dibuat"),
    "update": _("Diubah"),
    "sync": _("Indikator ditambahkan"),
    "submit": _("Diajukan"),
    "approve": _("Disetujui"),
    "return": _("Dikembalikan ke unit"),
}
FIELD_LABELS = {
    "status": _("Status"),
    "unit": _("Unit"),
    "year": _("Tahun"),
    "indicators": _("Jumlah indikator"),
    "review_note": _("Catatan pemeriksa"),
}
STATUS_LABELS = dict(ActionPlanStatus.choices)


def plan_history(plan: ActionPlan) -> list[HistoryEntry]:
    """The audit events of a plan, newest first (the "Riwayat" tab)."""
    return history_entries(
        plan, action_labels=ACTION_LABELS, field_labels=FIELD_LABELS, value_labels=STATUS_LABELS
    )
