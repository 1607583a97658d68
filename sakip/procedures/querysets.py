"""Access rules of SOP definitions, runs, tasks, notifications and the working calendar:
`.restrict(user, action)`, reading the one access object (sakip.organization.access,
docs/decisions/0002).

- An SOP (with its revisions, lanes and steps) is read by everyone with a position in its agency
  (the sheet is the office's own rulebook) and by the regency viewer; changed by administrators
  only (a new revision changes how the office works).
- A task is seen by its assignee, by the agency-wide roles of the run's agency (not by the regency
  viewer: it reads the compliance figures of completed tasks only, decision 0002) and by the head of the task's unit and the heads above it; it is
  completed or returned by its assignee only (or an administrator). A run is seen where one of its
  tasks is, or through an agency-wide role; it is started (and so changed) by the agency's
  planners, agency head and Sekretaris. A task's output file goes with the task.
- A notification is its recipient's alone, administrators included (the inbox is personal).
- The working calendar: rows shared by every agency (agency empty) and those of the agencies the
  user works in are read; an agency's rows are changed by its planners, shared rows by
  administrators (docs/decisions/0004-working-time.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q

from sakip.organization.access import ScopedQuerySet, UserAccess, via

from .choices import TaskStatus

if TYPE_CHECKING:
    from sakip.core.querysets import Action


class AgencySopQuerySet(ScopedQuerySet[Any]):
    """SOP definitions: `agency_field` leads to the SOP's agency."""

    agency_field = "agency"

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "change":
            return access.admin_only()
        return access.agency_q(self.agency_field)


class SopQuerySet(AgencySopQuerySet):
    agency_field = "agency"


class SopRevisionQuerySet(AgencySopQuerySet):
    agency_field = "sop__agency"


class SopPartQuerySet(AgencySopQuerySet):
    """Lanes and steps of a revision."""

    agency_field = "revision__sop__agency"


def task_q(access: UserAccess, prefix: str = "") -> Q:
    """Tasks the user may see; `prefix` is the path from the queried model to the task. The
    regency reader sees no agency's tasks through the regency (a task is a unit's work in
    progress; decision 0002): the regency reads the compliance figures of completed tasks."""
    access = access.without_regency()
    return (
        Q(**{f"{prefix}assignee_id": access.user_id})
        | access.wide_q(f"{prefix}run__agency")
        | access.head_q(f"{prefix}unit")
    )


class TaskQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if access.is_admin:
            return None
        if action == "change":
            # Only the assignee completes or returns a task (for anybody else it does not exist).
            return Q(assignee_id=access.user_id)
        return task_q(access)


class ProcedureRunQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if access.is_admin:
            return None
        if action == "change":
            return Q(agency_id__in=sorted(access.starter_agency_ids))
        from .models import Task

        own = Task.objects.filter(run=OuterRef("pk")).filter(
            Q(assignee_id=access.user_id) | access.head_q("unit")
        )
        # Not through the regency: a run is an agency's work, its tasks unseen (decision 0002).
        return access.without_regency().wide_q("agency") | Q(Exists(own))


class TaskFileQuerySet(ScopedQuerySet[Any]):
    """A task's output file goes with its task."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        from .models import Task

        return via("task", Task.objects.all(), access, action)


class NotificationQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        return Q(user_id=access.user_id)

    def unread(self) -> NotificationQuerySet:
        """Not read yet and still worth reading: a notification about a task that is already
        done (or cancelled) has nothing left to act on, so it no longer counts as unread."""
        return self.filter(read_at__isnull=True).exclude(
            task__status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]
        )

    def with_unread(self) -> NotificationQuerySet:
        """Each row with `is_unread`, the rule of `unread()` (for the list)."""
        return self.annotate(
            is_unread=ExpressionWrapper(
                Q(read_at__isnull=True)
                & ~Q(task__status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]),
                output_field=models.BooleanField(),
            )
        )


class CalendarQuerySet(ScopedQuerySet[Any]):
    """Holidays and working schedules: `agency_field` leads to the row's agency (empty: shared by
    every agency of the installation)."""

    agency_field = "agency"

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if access.is_admin:
            return None
        if action == "change":
            # An agency's rows are its planners'; a shared row (no agency) matches no path.
            return access.unit_q("change", self.agency_field)
        return Q(**{f"{self.agency_field}__isnull": True}) | Q(
            **{f"{self.agency_field}_id__in": sorted(access.agency_ids)}
        )


class WorkScheduleDayQuerySet(CalendarQuerySet):
    agency_field = "schedule__agency"
