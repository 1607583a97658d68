"""What the dashboard (Dasbor) shows: one read, ``dashboard_data``, feeding the page, its charts
and its XLSX export, so that all three show the same numbers.

The figures computed from the capaian and the budget (``figures.py``) come from the cache, keyed by
the data version; what depends on the clock or on data outside that version (the data collection
and its late units, the SOP compliance, the user's tasks) is read live, in a few small queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from sakip.accounts.types import Viewer
from sakip.core import data_stamp
from sakip.core.kept import kept_under
from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.monitoring.selectors import RecapRow, submission_rows
from sakip.organization.access import access_for
from sakip.organization.choices import Role
from sakip.organization.models import Unit
from sakip.planning.models import Renstra
from sakip.procedures.choices import TaskKind, TaskStatus
from sakip.procedures.compliance import Share, on_time_q
from sakip.procedures.models import Task
from sakip.procedures.selectors_runs import current_time

from .figures import PERIOD_QUARTER, Figures, IndicatorRow, dashboard_figures

# Who has a dashboard: the agency-wide readers and planners see their agency ...
AGENCY_ROLES = frozenset(
    {Role.AGENCY_HEAD, Role.SECRETARY, Role.PLANNING_STAFF, Role.KASUBAG_PLANNING}
)
# ... a unit head sees the same page for their unit and the units below it.
UNIT_ROLES = frozenset({Role.DIVISION_HEAD, Role.SECTION_HEAD})
# Who lands on it after login (the unit heads keep landing in their inbox).
LANDING_ROLES = AGENCY_ROLES

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


# --- the live parts ----------------------------------------------------------------------


@dataclass
class Collection:
    """The data collection of one reporting period: each unit's state and the counts."""

    period: ReportingPeriod | None
    rows: list[RecapRow] = field(default_factory=list)
    submitted: int = 0
    accepted: int = 0
    late: int = 0
    not_yet: int = 0


@dataclass
class MyTasks:
    open: int
    late: int


@dataclass(kw_only=True)
class DashboardData(Figures):
    """The cached figures and the parts read live."""

    scope: Scope
    collection: Collection
    compliance: Share
    unit_timeliness: Share
    my_tasks: MyTasks
    renstra: Renstra | None = None
    # The figures' cache key (their data version included): the page keeps its HTML under it.
    figures_key: str = ""


# Raise when what the dashboard keeps below changes shape.
KEPT_SCHEMA = 1


def collection_period(agency: Unit, year: int) -> ReportingPeriod | None:
    """The data collection to watch: the agency's latest open quarter, else the selected year's
    latest quarter (one query: the open quarters and the year's, at most a handful; kept until
    the figures' data changes)."""
    candidates = kept_under(
        (data_stamp.FIGURES,),
        f"dashboard-periods-{KEPT_SCHEMA}:{agency.pk}:{year}",
        list,
        lambda: list(
            ReportingPeriod.objects.filter(agency=agency)
            .filter(Q(status=PeriodStatus.OPEN) | Q(year=year))
            .select_related("agency")
            .order_by("-year", "-quarter")
        ),
    )
    open_periods = [p for p in candidates if p.status == PeriodStatus.OPEN]
    if open_periods:
        return open_periods[0]
    return next((p for p in candidates if p.year == year), None)


def _collection(user: Viewer, agency: Unit, year: int, scope: Scope) -> Collection:
    period = collection_period(agency, year)
    if period is None:
        return Collection(period=None)
    rows = submission_rows(period, user, people=False)
    if scope.units is not None:
        ids = scope.unit_ids or set()
        rows = [r for r in rows if r.submission.unit_id in ids]
    collection = Collection(period=period, rows=rows)
    for row in rows:
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
    """The user's open tasks and how many of them are past their deadline (one query; the
    deadlines kept until a task changes, lateness judged against the clock on every view)."""
    deadlines = kept_under(
        (data_stamp.TASKS,),
        f"dashboard-deadlines-{KEPT_SCHEMA}:{user.pk}",
        list,
        lambda: list(
            Task.objects.filter(assignee_id=user.pk, status=TaskStatus.OPEN).values_list(
                "deadline", flat=True
            )
        ),
    )
    counts = {"open": 0, "late": 0}
    now = current_time()  # late as in the inbox: past the deadline
    for deadline in deadlines:
        counts["open"] += 1
        if deadline is not None and deadline < now:
            counts["late"] += 1
    return MyTasks(**counts)


def compliance_shares(user: Viewer, *, year: int) -> tuple[Share, Share]:
    """The SOP compliance card: the completed SOP step tasks of the year done by their deadline,
    and the units' first answers to a data request ("Ketepatan unit"), over the tasks the user may
    see. The totals of `compliance_report` (the same tasks, the same rule, `on_time_q`), counted
    by the database in one query (grouped by kind and round) instead of reading every task."""
    steps, answers = Share(_("Semua SOP")), Share(_("Semua unit"))
    # Completed tasks do not move with the clock: kept until a task or the user's access changes.
    groups = kept_under(
        (data_stamp.TASKS, data_stamp.PEOPLE),
        f"dashboard-compliance-{KEPT_SCHEMA}:{access_for(user).signature()}:{year}",
        list,
        lambda: _completed_groups(user, year),
    )
    for group in groups:
        if group["kind"] != TaskKind.SUPPLY:
            share = steps
        elif group["round"] == 1:
            share = answers  # a unit's first answer; a correction has its own deadline
        else:
            continue
        share.completed += group["completed"]
        share.on_time += group["on_time"]
    return steps, answers


def _completed_groups(user: Viewer, year: int) -> list[dict[str, Any]]:
    done = Task.objects.restrict(user, "view").filter(
        run__year=year, status=TaskStatus.DONE, completed_at__isnull=False
    )
    return list(
        done.order_by()
        .values("kind", "round")
        .annotate(completed=Count("pk"), on_time=Count("pk", filter=on_time_q()))
    )


def current_renstra(agency: Unit, year: int) -> Renstra | None:
    """The agency's Renstra covering the year (kept until the figures' data changes)."""
    found = kept_under(
        (data_stamp.FIGURES,),
        f"dashboard-renstra-{KEPT_SCHEMA}:{agency.pk}:{year}",
        list,
        lambda: list(
            Renstra.objects.filter(
                agency=agency, start_year__lte=year, end_year__gte=year
            ).order_by("-start_year")[:1]
        ),
    )
    return found[0] if found else None


def dashboard_data(
    *, user: Viewer, scope: Scope, year: int, period_key: str = PERIOD_QUARTER
) -> DashboardData:
    """The cached figures of the scope's year with the parts read live: the data collection (late
    is judged against the clock), the SOP compliance and the user's tasks."""
    agency = scope.agency
    renstra = current_renstra(agency, year)
    figures, key = dashboard_figures(
        user=user,
        agency=agency,
        units=scope.units,
        year=year,
        period_key=period_key,
        renstra=renstra,
    )
    compliance, unit_timeliness = compliance_shares(user, year=year)
    return DashboardData(
        **vars(figures),
        scope=scope,
        collection=_collection(user, agency, year, scope),
        compliance=compliance,
        unit_timeliness=unit_timeliness,
        my_tasks=my_tasks(user),
        renstra=renstra,
        figures_key=key,
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
