"""Reads of the performance plan: which Renstra a user looks at, the plan tree, an indicator's
detail and history, and the choices offered by the plan's forms.

Every read starts from a scoped queryset (`restrict(user, "view" | "change")`), so a unit head's
tree holds only their own unit's indicators, grouped under the goals and objectives they serve.
The tree is built from a fixed set of flat queries and assembled in Python: the number of queries
does not grow with the number of indicators or programs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import DecimalField, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Viewer
from sakip.audit.history import HistoryEntry, history_entries
from sakip.core.templatetags.sakip_format import id_plain
from sakip.organization.access import access_for
from sakip.organization.models import Unit
from sakip.organization.selectors import agency_units

from .models import (
    Activity,
    Budget,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Program,
    Renstra,
    SubActivity,
)

# --- sorting ---------------------------------------------------------------------------------

_DIGITS = re.compile(r"(\d+)")


def natural_key(code: str) -> tuple[Any, ...]:
    """Sort codes as people read them: IK2 before IK10, IK1.1 after IK1."""
    return tuple(int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(code))


def sub_activity_code(activity_code: str, sub_code: str) -> str:
    """The sub-activity's full code, printed once: Kepmendagri codes are stored whole
    ("2.16.01.2.01.0001" under "2.16.01.2.01"); a short code ("01") gets its activity's in front."""
    if sub_code == activity_code or sub_code.startswith(f"{activity_code}."):
        return sub_code
    return f"{activity_code}.{sub_code}"


def _by_code(items: Iterable[Any]) -> list[Any]:
    return sorted(items, key=lambda item: natural_key(item.code))


# --- which Renstra ---------------------------------------------------------------------------


def visible_renstras(user: Viewer) -> list[Renstra]:
    """Every Renstra the user may read, grouped by agency, newest first."""
    return list(
        Renstra.objects.restrict(user, "view")
        .select_related("agency")
        .order_by("agency__name", "-start_year")
    )


def pick_renstra(renstras: list[Renstra], *, user: Viewer, year: int) -> Renstra | None:
    """The Renstra to show by default: of the user's own agency if any, the one holding the
    selected year, else the latest one."""
    if not renstras:
        return None
    own = [r for r in renstras if r.agency_id in access_for(user).agency_ids]
    candidates = own or renstras
    holding_year = [r for r in candidates if r.start_year <= year <= r.end_year]
    if holding_year:
        return holding_year[0]
    return max(candidates, key=lambda r: (r.start_year, -r.pk))


def can_change_renstra(user: Viewer, renstra: Renstra) -> bool:
    """Planners of the Renstra's agency (and administrators) maintain it."""
    return access_for(user).covers(renstra.agency, "change")


def filter_units(user: Viewer, renstra: Renstra) -> list[Unit]:
    """Units offered by the tree's "responsible unit" filter: those of the agency the user sees."""
    access = access_for(user)
    return [unit for unit in agency_units(renstra.agency) if access.covers(unit, "view")]


# --- the plan tree ---------------------------------------------------------------------------


@dataclass
class IndicatorNode:
    indicator: Indicator
    target: IndicatorTarget | None
    children: list[IndicatorNode] = field(default_factory=list)
    # Set when the indicator cascades from a parent that is not shown right above it.
    cascades_from: Indicator | None = None


@dataclass
class ObjectiveNode:
    objective: Objective
    indicators: list[IndicatorNode] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[IndicatorNode, int]]:
        """The indicators depth first with their depth (0 for the top ones): the tree's table
        renders one loop over these instead of one recursive include per indicator."""
        flat: list[tuple[IndicatorNode, int]] = []
        stack = [(node, 0) for node in reversed(self.indicators)]
        while stack:
            node, depth = stack.pop()
            flat.append((node, depth))
            stack.extend((child, depth + 1) for child in reversed(node.children))
        return flat


@dataclass
class GoalNode:
    goal: Goal
    objectives: list[ObjectiveNode] = field(default_factory=list)


@dataclass
class SubActivityRow:
    sub_activity: SubActivity
    pagu: Decimal | None


@dataclass
class ActivityNode:
    activity: Activity
    sub_activities: list[SubActivityRow] = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        return _sum_pagu(row.pagu for row in self.sub_activities)


@dataclass
class ProgramNode:
    program: Program
    objective_codes: list[str] = field(default_factory=list)
    activities: list[ActivityNode] = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        return _sum_pagu(activity.total for activity in self.activities)


@dataclass
class PlanTree:
    renstra: Renstra
    year: int
    goals: list[GoalNode]
    programs: list[ProgramNode]
    indicator_count: int
    filtered: bool

    @property
    def year_in_period(self) -> bool:
        return self.renstra.start_year <= self.year <= self.renstra.end_year

    @property
    def total_pagu(self) -> Decimal | None:
        return _sum_pagu(program.total for program in self.programs)


def _sum_pagu(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if present else None


@dataclass(frozen=True)
class TreeFilter:
    search: str = ""
    unit: Unit | None = None
    iku_only: bool = False

    @property
    def active(self) -> bool:
        return bool(self.search or self.unit or self.iku_only)

    def text_matches(self, *texts: str) -> bool:
        if not self.search:
            return True
        needle = self.search.casefold()
        return any(needle in text.casefold() for text in texts)

    def unit_matches(self, unit: Unit) -> bool:
        # A bidang includes its seksi: the filter follows the unit tree.
        return self.unit is None or unit.path.startswith(self.unit.path)


def plan_tree(
    *, user: Viewer, renstra: Renstra, year: int, tree_filter: TreeFilter | None = None
) -> PlanTree:
    """The Renstra as the user may see it: goals → objectives → indicators (children nested under
    their parent) with the year's target, and programs → activities → sub-activities with pagu."""
    flt = tree_filter or TreeFilter()
    in_period = renstra.start_year <= year <= renstra.end_year
    objectives = list(Objective.objects.restrict(user, "view").filter(goal__renstra=renstra))
    shown_year = year if in_period else None
    goals, indicator_count = _goal_nodes(user, renstra, objectives, shown_year, flt)
    programs = _program_nodes(user, renstra, objectives, shown_year, flt)
    return PlanTree(
        renstra=renstra,
        year=year,
        goals=goals,
        programs=programs,
        indicator_count=indicator_count,
        filtered=flt.active,
    )


def _goal_nodes(
    user: Viewer, renstra: Renstra, objectives: list[Objective], year: int | None, flt: TreeFilter
) -> tuple[list[GoalNode], int]:
    goals = list(Goal.objects.restrict(user, "view").filter(renstra=renstra))
    indicator_qs = Indicator.objects.restrict(user, "view").filter(objective__goal__renstra=renstra)
    indicators = list(indicator_qs.select_related("responsible_unit", "parent"))
    targets: dict[int, IndicatorTarget] = {}
    if year is not None:
        targets = {
            t.indicator_id: t
            for t in IndicatorTarget.objects.filter(
                indicator__in=indicator_qs.values("pk"), year=year
            )
        }

    shown = [
        ind
        for ind in indicators
        if (not flt.iku_only or ind.is_iku)
        and flt.unit_matches(ind.responsible_unit)
        and flt.text_matches(ind.code, ind.name)
    ]
    nodes = {ind.pk: IndicatorNode(ind, targets.get(ind.pk)) for ind in _by_code(shown)}
    roots: dict[int, list[IndicatorNode]] = defaultdict(list)
    for node in nodes.values():
        ind = node.indicator
        parent_node = nodes.get(ind.parent_id) if ind.parent_id else None
        # Nest under the parent only when it is shown in the same objective; otherwise the
        # indicator stands at its objective's root and names the indicator it cascades from.
        if parent_node is not None and parent_node.indicator.objective_id == ind.objective_id:
            parent_node.children.append(node)
        else:
            node.cascades_from = ind.parent if ind.parent_id else None
            roots[ind.objective_id].append(node)

    objective_nodes: dict[int, list[ObjectiveNode]] = defaultdict(list)
    for objective in _by_code(objectives):
        node_list = roots.get(objective.pk, [])
        if flt.active and not node_list:
            continue
        objective_nodes[objective.goal_id].append(ObjectiveNode(objective, node_list))
    goal_nodes = []
    for goal in _by_code(goals):
        children = objective_nodes.get(goal.pk, [])
        if flt.active and not children:
            continue
        goal_nodes.append(GoalNode(goal, children))
    return goal_nodes, len(shown)


def _program_nodes(
    user: Viewer, renstra: Renstra, objectives: list[Objective], year: int | None, flt: TreeFilter
) -> list[ProgramNode]:
    programs = {
        p.pk: p
        for p in Program.objects.restrict(user, "view")
        .filter(renstra=renstra)
        .select_related("responsible_unit")
    }
    activities = {
        a.pk: a
        for a in Activity.objects.restrict(user, "view")
        .filter(program__renstra=renstra)
        .select_related("responsible_unit", "program__responsible_unit")
    }
    sub_qs = SubActivity.objects.restrict(user, "view").filter(activity__program__renstra=renstra)
    subs = list(
        sub_qs.select_related(
            "responsible_unit", "activity__responsible_unit", "activity__program__responsible_unit"
        )
    )
    pagu: dict[int, Decimal] = {}
    if year is not None:
        pagu = {
            b.sub_activity_id: b.pagu
            for b in Budget.objects.filter(sub_activity__in=sub_qs.values("pk"), year=year)
        }
    # A unit head sees their own activities under the program they belong to, even when the
    # program itself is another unit's (as goals and objectives frame a unit's indicators).
    for sub in subs:
        activities.setdefault(sub.activity_id, sub.activity)
    for activity in list(activities.values()):
        programs.setdefault(activity.program_id, activity.program)

    visible_objectives = {objective.pk: objective.code for objective in objectives}
    served: dict[int, list[str]] = defaultdict(list)
    for program_id, objective_id in Program.objectives.through.objects.filter(
        program__renstra=renstra
    ).values_list("program_id", "objective_id"):
        if objective_id in visible_objectives:
            served[program_id].append(visible_objectives[objective_id])

    def matches(obj: Any) -> bool:
        return flt.unit_matches(obj.responsible_unit) and flt.text_matches(obj.code, obj.name)

    subs_by_activity: dict[int, list[SubActivity]] = defaultdict(list)
    for sub in subs:
        subs_by_activity[sub.activity_id].append(sub)
    activities_by_program: dict[int, list[Activity]] = defaultdict(list)
    for activity in activities.values():
        activities_by_program[activity.program_id].append(activity)

    # With a filter, a node shows when it matches (then with everything below it) or when
    # something below it matches (then with those parts only).
    result = []
    for program in _by_code(programs.values()):
        whole_program = not flt.active or matches(program)
        activity_nodes = []
        for activity in _by_code(activities_by_program.get(program.pk, [])):
            whole_activity = whole_program or matches(activity)
            rows = [
                SubActivityRow(sub, pagu.get(sub.pk))
                for sub in _by_code(subs_by_activity.get(activity.pk, []))
                if whole_activity or matches(sub)
            ]
            if whole_activity or rows:
                activity_nodes.append(ActivityNode(activity, rows))
        if whole_program or activity_nodes:
            codes = sorted(served.get(program.pk, []), key=natural_key)
            result.append(ProgramNode(program, codes, activity_nodes))
    return result


# --- one indicator ---------------------------------------------------------------------------


@dataclass
class YearTarget:
    year: int
    target: IndicatorTarget | None


@dataclass
class IndicatorDetail:
    indicator: Indicator
    renstra: Renstra
    targets: list[YearTarget]
    children: list[Indicator]
    parent_visible: bool


def indicator_targets(indicator: Indicator) -> dict[int, IndicatorTarget]:
    return {t.year: t for t in IndicatorTarget.objects.filter(indicator=indicator)}


def sub_activity_budgets(sub_activity: SubActivity) -> dict[int, Decimal]:
    return {b.year: b.pagu for b in Budget.objects.filter(sub_activity=sub_activity)}


def indicator_detail(*, user: Viewer, indicator: Indicator) -> IndicatorDetail:
    renstra = indicator.objective.goal.renstra
    by_year = indicator_targets(indicator)
    children = _by_code(
        Indicator.objects.restrict(user, "view")
        .filter(parent=indicator)
        .select_related("responsible_unit")
    )
    parent_visible = bool(
        indicator.parent_id
        and Indicator.objects.restrict(user, "view").filter(pk=indicator.parent_id).exists()
    )
    return IndicatorDetail(
        indicator=indicator,
        renstra=renstra,
        targets=[YearTarget(year, by_year.get(year)) for year in renstra.years],
        children=children,
        parent_visible=parent_visible,
    )


# --- history (audit events) ------------------------------------------------------------------

ACTION_LABELS = {
    "create": _("Dibuat"),
    "update": _("Diubah"),
    "targets": _("Target tahunan diubah"),
    "budget": _("Pagu diubah"),
}


def _model_field(model: type[Any], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _display(model: type[Any], name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(value, list):
        # A yearly target is stored as [low, high]; high is None for a single value.
        return "–".join(_display(model, name, part) for part in value if part is not None)
    model_field = _model_field(model, name)
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    # Numbers (targets, pagu, baseline) are stored as exact strings; show them the Indonesian way.
    numeric = name.isdigit() or isinstance(model_field, DecimalField)
    if numeric and isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return id_plain(Decimal(value))
    return str(value)


def _label(model: type[Any], name: str, action: str) -> str:
    if name.isdigit():
        template = _("Target %(year)s") if action == "targets" else _("Pagu %(year)s")
        return str(template) % {"year": name}
    model_field = _model_field(model, name)
    verbose = getattr(model_field, "verbose_name", None)
    return str(capfirst(verbose)) if verbose else name


def history(instance: Any) -> list[HistoryEntry]:
    """The audit events of one object, newest first, ready to show as before → after."""
    model = type(instance)
    return history_entries(
        instance,
        action_labels=ACTION_LABELS,
        label=lambda name, action: _label(model, name, action),
        display=lambda name, value: _display(model, name, value),
    )


# --- choices offered by the forms ------------------------------------------------------------


def units_for_renstra(renstra: Renstra) -> QuerySet[Unit]:
    """Responsible units on offer: the Renstra's agency and every unit below it."""
    return agency_units(renstra.agency)


def goals_for(user: Viewer, renstra: Renstra) -> QuerySet[Goal]:
    return Goal.objects.restrict(user, "change").filter(renstra=renstra).order_by("code")


def objectives_for(user: Viewer, renstra: Renstra) -> QuerySet[Objective]:
    return (
        Objective.objects.restrict(user, "change")
        .filter(goal__renstra=renstra)
        .order_by("goal__code", "code")
    )


def parent_choices(
    user: Viewer, renstra: Renstra, *, exclude: Indicator | None = None
) -> QuerySet[Indicator]:
    """Indicators of the same Renstra that may be a parent: never the indicator itself nor one
    cascading from it (that would make a loop)."""
    queryset = Indicator.objects.restrict(user, "change").filter(objective__goal__renstra=renstra)
    if exclude is None or exclude.pk is None:
        return queryset.order_by("code")
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in queryset.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    banned, stack = set(), [exclude.pk]
    while stack:
        pk = stack.pop()
        if pk not in banned:
            banned.add(pk)
            stack.extend(children.get(pk, []))
    return queryset.exclude(pk__in=banned).order_by("code")
