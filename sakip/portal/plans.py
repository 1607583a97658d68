"""The agency's plans as the public reads them: the Renstra with its indicators and targets per
year, the IKU (its key indicators), and the accepted Rencana Aksi of a year.

What is settled is public, as for the regency reader (decision 0002): a Renstra once the agency
has locked an RKT or published a document in one of its years (before that the plan may still be
typed in), and a Rencana Aksi once it is accepted (a unit's draft or returned plan never shows).
Every read runs a fixed number of queries whatever the number of goals, indicators or units.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from sakip.core.formats import EMPTY, format_target_id
from sakip.organization.models import Unit
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus, QuarterTarget
from sakip.planning.models import Goal, Indicator, IndicatorTarget, Objective, Renstra
from sakip.planning.rkt_models import RktDocument, RktStatus
from sakip.planning.selectors import natural_key

from .selectors import public_documents


def public_renstras(agency: Unit) -> QuerySet[Renstra]:
    """The agency's Renstras that are settled, the latest first."""
    locked_rkt = RktDocument.objects.filter(
        agency=agency,
        status=RktStatus.LOCKED,
        year__gte=OuterRef("start_year"),
        year__lte=OuterRef("end_year"),
    )
    published = public_documents().filter(
        agency=agency, year__gte=OuterRef("start_year"), year__lte=OuterRef("end_year")
    )
    return (
        Renstra.objects.filter(agency=agency)
        .filter(Q(Exists(locked_rkt)) | Q(Exists(published)))
        .order_by("-start_year")
    )


def get_public_renstra(agency: Unit) -> Renstra:
    renstra = public_renstras(agency).first()
    if renstra is None:
        raise Http404
    return renstra


@dataclass
class IndicatorRow:
    indicator: Indicator
    targets: list[str]  # one per Renstra year, "-" where none
    end_target: str


@dataclass
class ObjectivePlan:
    objective: Objective
    indicators: list[IndicatorRow] = field(default_factory=list)


@dataclass
class GoalPlan:
    goal: Goal
    objectives: list[ObjectivePlan] = field(default_factory=list)


def renstra_plan(renstra: Renstra, *, iku_only: bool = False) -> list[GoalPlan]:
    """Goals → objectives → indicators with their targets per year (three queries)."""
    goals = {
        g.pk: GoalPlan(goal=g)
        for g in sorted(Goal.objects.filter(renstra=renstra), key=lambda g: natural_key(g.code))
    }
    objectives: dict[int, ObjectivePlan] = {}
    indicators = Indicator.objects.filter(objective__goal__renstra=renstra).select_related(
        "objective__goal", "responsible_unit"
    )
    if iku_only:
        indicators = indicators.filter(is_iku=True)
    rows = sorted(
        indicators,
        key=lambda i: (
            natural_key(i.objective.goal.code),
            natural_key(i.objective.code),
            natural_key(i.code),
        ),
    )
    targets: dict[int, dict[int, str]] = defaultdict(dict)
    for target in IndicatorTarget.objects.filter(indicator__in=[i.pk for i in rows]):
        targets[target.indicator_id][target.year] = format_target_id(target.low, target.high)
    for indicator in rows:
        objective = indicator.objective
        plan = objectives.get(objective.pk)
        if plan is None:
            plan = objectives[objective.pk] = ObjectivePlan(objective=objective)
            goals[objective.goal_id].objectives.append(plan)
        plan.indicators.append(
            IndicatorRow(
                indicator=indicator,
                targets=[targets[indicator.pk].get(year, EMPTY) for year in renstra.years],
                end_target=format_target_id(indicator.end_target_low, indicator.end_target_high),
            )
        )
    return [g for g in goals.values() if g.objectives or not iku_only]


# --- Rencana Aksi ------------------------------------------------------------------------------


def accepted_plans(agency: Unit) -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(agency=agency, status=ActionPlanStatus.ACCEPTED)


def action_plan_years(agency: Unit) -> list[int]:
    """Years with at least one accepted Rencana Aksi, latest first."""
    years = accepted_plans(agency).order_by().values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


@dataclass
class QuarterLine:
    indicator: Indicator
    targets: list[str]  # TW I–IV
    actions: list[str]  # TW I–IV


@dataclass
class UnitPlan:
    plan: ActionPlan
    lines: list[QuarterLine] = field(default_factory=list)


def action_plans_of_year(agency: Unit, year: int) -> list[UnitPlan]:
    """The accepted Rencana Aksi of the year, per unit in the structure's order (two queries)."""
    plans = {
        p.pk: UnitPlan(plan=p)
        for p in accepted_plans(agency)
        .filter(year=year)
        .select_related("unit")
        .order_by("unit__path")
    }
    by_plan: dict[int, dict[int, QuarterLine]] = defaultdict(dict)
    quarter_targets = QuarterTarget.objects.filter(action_plan_id__in=list(plans)).select_related(
        "indicator__objective__goal"
    )
    for qt in quarter_targets:
        line = by_plan[qt.action_plan_id].get(qt.indicator_id)
        if line is None:
            line = by_plan[qt.action_plan_id][qt.indicator_id] = QuarterLine(
                indicator=qt.indicator, targets=[EMPTY] * 4, actions=[""] * 4
            )
        if 1 <= qt.quarter <= 4:
            line.targets[qt.quarter - 1] = format_target_id(qt.low, qt.high)
            line.actions[qt.quarter - 1] = qt.actions
    for pk, unit_plan in plans.items():
        unit_plan.lines = sorted(
            by_plan[pk].values(),
            key=lambda line: (
                natural_key(line.indicator.objective.goal.code),
                natural_key(line.indicator.objective.code),
                natural_key(line.indicator.code),
            ),
        )
    return [p for p in plans.values() if p.lines]
