"""Who sees which runs and tasks, and who may act on them.

A task is visible to its assignee, to the agency-wide roles of the run's agency (agency head,
Sekretaris, Kasubag, planning staff; the regency viewer reads everything of the regency), and to the
head of the task's unit and the heads above it (by path). A run is visible where one of its tasks
is, or through an agency-wide role. Only the assignee, or an administrator, completes or returns a
task; for anybody else the action does not exist (404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from sakip.organization.access import AGENCY_WIDE_VIEW_ROLES, PLANNER_ROLES
from sakip.organization.choices import Role
from sakip.organization.selectors import active_holdings

from .models import ProcedureRun, Sop, Task, TaskFile

# Who may start a run of an agency's SOP: the planners and the officials who give the disposition.
STARTER_ROLES = PLANNER_ROLES | {Role.AGENCY_HEAD, Role.SECRETARY}


@dataclass
class ProcedureScope:
    """The procedure-related scope of one user, computed once per request."""

    user_id: int | None = None
    is_admin: bool = False
    wide_paths: set[str] = field(default_factory=set)
    head_paths: set[str] = field(default_factory=set)
    starter_agency_ids: set[int] = field(default_factory=set)

    def _prefix_q(self, lookup: str, paths: set[str]) -> Q:
        query = Q(pk__in=[])
        for prefix in sorted(paths):
            query |= Q(**{f"{lookup}__startswith": prefix})
        return query

    def task_q(self, prefix: str = "") -> Q:
        """Tasks the user may see; `prefix` is the path from the queried model to the task."""
        return (
            Q(**{f"{prefix}assignee_id": self.user_id})
            | self._prefix_q(f"{prefix}run__agency__path", self.wide_paths)
            | self._prefix_q(f"{prefix}unit__path", self.head_paths)
        )


def _compute(user: Any) -> ProcedureScope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ProcedureScope()
    scope = ProcedureScope(user_id=user.pk, is_admin=user.is_superuser)
    holdings = (
        active_holdings()
        .filter(employee__user=user)
        .select_related("position__unit__parent__parent__parent")
    )
    for holding in holdings:
        position = holding.position
        unit = position.unit
        agency = unit.agency()
        if position.role == Role.REGENCY_VIEWER:
            scope.wide_paths.add("/" + unit.path.split("/")[1] + "/")
        elif position.role in AGENCY_WIDE_VIEW_ROLES and agency is not None:
            scope.wide_paths.add(agency.path)
        if position.is_unit_head:
            scope.head_paths.add(unit.path)
        if position.role in STARTER_ROLES and agency is not None:
            scope.starter_agency_ids.add(agency.pk)
    return scope


def scope_for(user: Any) -> ProcedureScope:
    """The user's procedure scope, cached on the user object for the rest of the request."""
    cached = getattr(user, "_sakip_procedure_scope", None)
    if cached is None:
        cached = _compute(user)
        user._sakip_procedure_scope = cached
    return cached


def restrict_tasks(queryset: QuerySet[Task], user: Any) -> QuerySet[Task]:
    scope = scope_for(user)
    if scope.is_admin:
        return queryset
    if scope.user_id is None:
        return queryset.none()
    return queryset.filter(scope.task_q())


def restrict_runs(queryset: QuerySet[ProcedureRun], user: Any) -> QuerySet[ProcedureRun]:
    scope = scope_for(user)
    if scope.is_admin:
        return queryset
    if scope.user_id is None:
        return queryset.none()
    own = Task.objects.filter(run=OuterRef("pk")).filter(
        Q(assignee_id=scope.user_id) | scope._prefix_q("unit__path", scope.head_paths)
    )
    return queryset.filter(scope._prefix_q("agency__path", scope.wide_paths) | Q(Exists(own)))


def get_run_for_user(
    user: Any, pk: int, queryset: QuerySet[ProcedureRun] | None = None
) -> ProcedureRun:
    """A run the user may see; anything else, existing or not, is a 404."""
    run = restrict_runs(
        queryset if queryset is not None else ProcedureRun.objects.all(), user
    ).filter(pk=pk)
    found = run.first()
    if found is None:
        raise Http404
    return found


def get_task_for_user(
    user: Any, pk: int, *, action: str = "view", queryset: QuerySet[Task] | None = None
) -> Task:
    """A task the user may see ("view") or complete/return ("change": its assignee or an
    administrator); anything else, existing or not, is a 404."""
    tasks = queryset if queryset is not None else Task.objects.all()
    if action == "change":
        scope = scope_for(user)
        if scope.user_id is None:
            raise Http404
        if not scope.is_admin:
            tasks = tasks.filter(assignee_id=scope.user_id)
    else:
        tasks = restrict_tasks(tasks, user)
    task = tasks.filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def get_task_file_for_user(user: Any, pk: int) -> TaskFile:
    """An output file of a task the user may see; otherwise 404."""
    scope = scope_for(user)
    files = TaskFile.objects.select_related("task")
    if not scope.is_admin:
        if scope.user_id is None:
            raise Http404
        files = files.filter(scope.task_q("task__"))
    found = files.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_act_on_task(user: Any, task: Task) -> bool:
    """Only the assignee (or an administrator) completes or returns a task."""
    scope = scope_for(user)
    return scope.user_id is not None and (scope.is_admin or task.assignee_id == scope.user_id)


def startable_sops(user: Any) -> QuerySet[Sop]:
    """SOPs whose runs the user may start: those of agencies where they plan or dispose."""
    scope = scope_for(user)
    sops = Sop.objects.select_related("agency")
    if scope.is_admin:
        return sops
    return sops.filter(agency_id__in=scope.starter_agency_ids)


def can_start_runs(user: Any) -> bool:
    scope = scope_for(user)
    return scope.is_admin or bool(scope.starter_agency_ids)
