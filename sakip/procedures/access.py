"""Who sees which runs and tasks, and who may act on them: the helpers of the views, on top of
the models' `.restrict(user, action)` (querysets.py), which reads the one access object
(sakip.organization.access).

A task is visible to its assignee, to the agency-wide roles of the run's agency (agency head,
Sekretaris, Kasubag, planning staff; not the regency viewer, decision 0002), and to the
head of the task's unit and the heads above it (by path). A run is visible where one of its tasks
is, or through an agency-wide role. Only the assignee, or an administrator, completes or returns a
task; for anybody else the action does not exist (404).
"""

from __future__ import annotations

from typing import cast

from django.db.models import QuerySet
from django.http import Http404

from sakip.accounts.types import Viewer
from sakip.organization.access import STARTER_ROLES, Action, access_for, get_object_for_user

from .models import ProcedureRun, Sop, Task, TaskFile

__all__ = [
    "STARTER_ROLES",
    "can_act_on_task",
    "can_start_runs",
    "get_run_for_user",
    "get_task_file_for_user",
    "get_task_for_user",
    "startable_sops",
]


def get_run_for_user(
    user: Viewer, pk: int, queryset: QuerySet[ProcedureRun] | None = None
) -> ProcedureRun:
    """A run the user may see; anything else, existing or not, is a 404."""
    runs = queryset if queryset is not None else ProcedureRun.objects.all()
    return cast(ProcedureRun, get_object_for_user(runs, user, "view", pk=pk))


def get_task_for_user(
    user: Viewer, pk: int, *, action: Action = "view", queryset: QuerySet[Task] | None = None
) -> Task:
    """A task the user may see ("view") or complete/return ("change": its assignee or an
    administrator); anything else, existing or not, is a 404."""
    tasks = queryset if queryset is not None else Task.objects.all()
    return cast(Task, get_object_for_user(tasks, user, action, pk=pk))


def get_task_file_for_user(user: Viewer, pk: int) -> TaskFile:
    """An output file of a task the user may see; otherwise 404."""
    found = TaskFile.objects.restrict(user, "view").select_related("task").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_act_on_task(user: Viewer, task: Task) -> bool:
    """Only the assignee (or an administrator) completes or returns a task."""
    access = access_for(user)
    return access.is_authenticated and (access.is_admin or task.assignee_id == access.user_id)


def startable_sops(user: Viewer) -> QuerySet[Sop]:
    """SOPs whose runs the user may start: those of agencies where they plan or dispose."""
    access = access_for(user)
    sops = Sop.objects.select_related("agency")
    if access.is_admin:
        return sops
    return sops.filter(agency_id__in=access.starter_agency_ids)


def can_start_runs(user: Viewer) -> bool:
    return access_for(user).can_start_runs
