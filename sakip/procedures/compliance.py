"""SOP compliance: how completed tasks met their Mutu Baku deadlines.

A task is on time when it was completed no later than its stored deadline; its actual time and its
lateness are counted in the agency's working time. The share of tasks done on time, per SOP and
per role (lane), is the office's SOP compliance, itself a performance figure (DOMAIN.md §1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sakip.measurement.formatting import format_percent_id

from . import selectors_runs
from .access import restrict_tasks
from .calendar import Calendars, calendar_for
from .choices import TaskStatus
from .models import ProcedureRun, Task
from .selectors_runs import (
    Outcome,
    format_standard_time,
    format_working_duration,
    outcome_for,
    timing_for,
)
from .working_time import WorkingCalendar, working_minutes_between


@dataclass
class Share:
    """Completed tasks of a group and how many were on time."""

    label: str
    completed: int = 0
    on_time: int = 0

    @property
    def late(self) -> int:
        return self.completed - self.on_time

    @property
    def share(self) -> Decimal | None:
        """Percentage on time, two decimals rounded half-up; None without completed tasks."""
        if not self.completed:
            return None
        return (Decimal(self.on_time) * 100 / Decimal(self.completed)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def share_display(self) -> str:
        share = self.share
        return "—" if share is None else format_percent_id(share)


def summarize_tasks(tasks: Iterable[Task], calendar: WorkingCalendar) -> Share:
    """The compliance of a set of tasks (e.g. one run), counting completed ones only."""
    total = Share(label="")
    for task in tasks:
        if task.status != TaskStatus.DONE or task.completed_at is None:
            continue
        total.completed += 1
        if outcome_for(task, calendar).on_time:
            total.on_time += 1
    return total


@dataclass
class ComplianceRow:
    """One task in the report: its run, step, unit, standard and actual time, lateness."""

    task: Task
    standard_time: str
    outcome: Outcome
    status_label: str
    late_open_minutes: int

    @property
    def actual(self) -> str:
        return self.outcome.actual

    @property
    def late_minutes(self) -> int:
        return self.outcome.late_minutes if self.outcome.on_time is False else 0


@dataclass
class ComplianceReport:
    rows: list[ComplianceRow]
    per_sop: list[Share]
    per_lane: list[Share]
    total: Share


def report_tasks(user: Any, *, year: int | None = None) -> QuerySet[Task]:
    tasks = restrict_tasks(Task.objects.exclude(status=TaskStatus.CANCELLED), user)
    if year:
        tasks = tasks.filter(run__year=year)
    return tasks.select_related(
        "run__agency", "run__revision__sop", "step__lane", "unit", "assignee__employee"
    ).order_by("-run__started_at", "run_id", "step__number", "unit__path", "round", "pk")


def compliance_report(user: Any, *, year: int | None = None, now: Any = None) -> ComplianceReport:
    """Per run, step and task; per SOP and per role (lane name): completed, on time, share."""
    now = now or selectors_runs.current_time()
    calendars = Calendars()
    rows: list[ComplianceRow] = []
    per_sop: dict[Any, Share] = {}
    per_lane: dict[str, Share] = {}
    total = Share(label=_("Semua SOP"))
    for task in report_tasks(user, year=year):
        calendar = calendars.for_agency(task.run.agency)
        outcome = outcome_for(task, calendar)
        late_open = 0
        if task.status == TaskStatus.DONE and task.completed_at is not None:
            label = outcome.label
            sop_share = per_sop.setdefault(
                task.run.revision.sop_id, Share(label=task.run.revision.title)
            )
            lane_share = per_lane.setdefault(task.step.lane.name, Share(label=task.step.lane.name))
            for share in (sop_share, lane_share, total):
                share.completed += 1
                share.on_time += 1 if outcome.on_time else 0
        else:
            timing = timing_for(task, now=now, calendar=calendar)
            if timing.status == "late" and task.deadline is not None:
                late_open = working_minutes_between(task.deadline, now, calendar)
                label = _("Belum selesai, terlambat %(duration)s kerja") % {
                    "duration": format_working_duration(late_open)
                }
            else:
                label = _("Belum selesai")
        rows.append(
            ComplianceRow(
                task=task,
                standard_time=format_standard_time(task.step),
                outcome=outcome,
                status_label=label,
                late_open_minutes=late_open,
            )
        )
    return ComplianceReport(
        rows=rows,
        per_sop=sorted(per_sop.values(), key=lambda s: s.label),
        per_lane=sorted(per_lane.values(), key=lambda s: s.label),
        total=total,
    )


def run_compliance(run: ProcedureRun, user: Any) -> Share:
    """The compliance of one run over the tasks the user may see."""
    tasks = restrict_tasks(Task.objects.filter(run=run), user)
    return summarize_tasks(tasks, calendar_for(run.agency))
