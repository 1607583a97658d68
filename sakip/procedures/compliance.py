"""SOP compliance: how completed tasks met their Mutu Baku deadlines.

A task is on time when it was completed no later than its stored deadline; its actual time and its
lateness are counted in the agency's working time. The share of tasks done on time, per SOP and
per role (lane), is the office's SOP compliance, itself a performance figure (DOMAIN.md §1).

The units' answers to a request step (SOP 2: each unit's quarterly data) are no SOP step: they are
measured against the request's due date and reported apart, as "Ketepatan unit" (DOMAIN.md §1,
decision on SOP 2 step 1). Its share counts each unit's first answer; a correction after a return
has its own deadline, shown in its row but not counted, like the quarter's recap.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from sakip.accounts.types import Viewer
from sakip.measurement.formatting import format_percent_id

from . import selectors_runs
from .calendar import calendar_for, calendars_for
from .choices import TaskKind, TaskStatus
from .models import ProcedureRun, Task
from .selectors_runs import (
    Outcome,
    format_standard_time,
    format_working_duration,
    outcome_for,
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
    """The SOP compliance of a set of tasks (e.g. one run), counting completed step tasks only
    (the units' answers to a request are measured apart)."""
    total = Share(label="")
    for task in tasks:
        if task.status != TaskStatus.DONE or task.completed_at is None:
            continue
        if task.kind == TaskKind.SUPPLY:
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
    # The run's page, reversed once per run rather than once per row.
    run_url: str = ""

    @property
    def actual(self) -> str:
        return self.outcome.actual

    @property
    def late_minutes(self) -> int:
        return self.outcome.late_minutes if self.outcome.on_time is False else 0

    @property
    def badge(self) -> str:
        return status_css(self.outcome.on_time, self.late_open_minutes)


def status_css(on_time: bool | None, late_open_minutes: int) -> str:
    """The colour of a task's status: on time, late (done or still open), else neutral."""
    if on_time:
        return "success"
    if on_time is False or late_open_minutes:
        return "danger"
    return "secondary"


@dataclass
class ComplianceReport:
    rows: list[ComplianceRow]
    per_sop: list[Share]
    per_lane: list[Share]
    total: Share
    # The units' answers to request steps, apart from the SOP steps ("Ketepatan unit").
    unit_rows: list[ComplianceRow] = field(default_factory=list)
    per_unit: list[Share] = field(default_factory=list)
    units_total: Share = field(default_factory=lambda: Share(label=""))


# The columns the report, its page and its workbook print: a task row joins eight tables, and
# reading every column of each (texts, JSON, timestamps) cost more than all the working-time maths.
REPORT_FIELDS = (
    "run_id",
    "step_id",
    "unit_id",
    "assignee_id",
    "kind",
    "round",
    "status",
    "started_at",
    "deadline",
    "completed_at",
    "run__title",
    "run__year",
    "run__agency_id",
    "run__revision_id",
    "run__revision__sop_id",
    "run__revision__title",
    "step__number",
    "step__activity",
    "step__duration_value",
    "step__duration_unit",
    "step__lane_id",
    "step__lane__name",
    "unit__name",
    "assignee__username",
    "assignee__full_name",
    "assignee__employee__user_id",
    "assignee__employee__name",
    "assignee__employee__front_title",
    "assignee__employee__back_title",
)


def report_tasks(user: Viewer, *, year: int | None = None) -> QuerySet[Task]:
    tasks = Task.objects.restrict(user, "view").exclude(status=TaskStatus.CANCELLED)
    if year:
        tasks = tasks.filter(run__year=year)
    return report_columns(tasks).order_by(
        "-run__started_at", "run_id", "step__number", "unit__path", "round", "pk"
    )


def report_columns(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """The tasks with the related rows and the columns the report prints, nothing more."""
    return tasks.select_related("run__revision", "step__lane", "unit", "assignee__employee").only(
        *REPORT_FIELDS
    )


class ReportLabels:
    """The report's words, translated once per report rather than once per task; a standard
    time is written once per step, a run's address once per run."""

    def __init__(self) -> None:
        self.on_time = _("Tepat waktu")
        self.open = _("Belum selesai")
        self.request_due = _("Batas permintaan data")
        self._standard_times: dict[int, str] = {}
        self._run_urls: dict[int, str] = {}

    def outcome(self, outcome: Outcome) -> str:
        """`Outcome.label`, with the common word read once."""
        return self.on_time if outcome.on_time else outcome.label

    def standard_time(self, task: Task) -> str:
        if task.kind == TaskKind.SUPPLY:
            return self.request_due
        if task.step_id not in self._standard_times:
            self._standard_times[task.step_id] = format_standard_time(task.step)
        return self._standard_times[task.step_id]

    def run_url(self, task: Task) -> str:
        if task.run_id not in self._run_urls:
            self._run_urls[task.run_id] = reverse("procedures:run_detail", args=[task.run_id])
        return self._run_urls[task.run_id]


def open_status(
    deadline: Any, labels: ReportLabels, *, now: Any, calendar: WorkingCalendar
) -> tuple[str, int]:
    """The status of a task not done yet and its lateness in working minutes: late as
    `timing_for` judges it, past the deadline, counted in working time."""
    if deadline is None or now <= deadline:
        return labels.open, 0
    late = working_minutes_between(deadline, now, calendar)
    return _("Belum selesai, terlambat %(duration)s kerja") % {
        "duration": format_working_duration(late)
    }, late


def compliance_row(
    task: Task, calendar: WorkingCalendar, labels: ReportLabels, *, now: Any
) -> ComplianceRow:
    """One task's row: its standard time, outcome and status as the report writes them (an open
    task past its deadline is judged against `now`)."""
    outcome = outcome_for(task, calendar)
    late_open = 0
    if task.status == TaskStatus.DONE and task.completed_at is not None:
        label = labels.outcome(outcome)
        if task.kind == TaskKind.SUPPLY and task.round != 1:
            label = _("Perbaikan: %(outcome)s") % {"outcome": label}
    else:
        label, late_open = open_status(task.deadline, labels, now=now, calendar=calendar)
    return ComplianceRow(
        task=task,
        standard_time=labels.standard_time(task),
        outcome=outcome,
        status_label=label,
        late_open_minutes=late_open,
        run_url=labels.run_url(task),
    )


def compliance_report(
    user: Viewer, *, year: int | None = None, now: Any = None
) -> ComplianceReport:
    """Per run, step and task; per SOP and per role (lane name): completed, on time, share."""
    now = now or selectors_runs.current_time()
    labels = ReportLabels()
    rows: list[ComplianceRow] = []
    unit_rows: list[ComplianceRow] = []
    per_sop: dict[Any, Share] = {}
    per_lane: dict[str, Share] = {}
    per_unit: dict[str, Share] = {}
    total = Share(label=_("Semua SOP"))
    units_total = Share(label=_("Semua unit"))
    tasks = list(report_tasks(user, year=year))
    # Every agency's calendar in three queries, not three per agency.
    calendars = calendars_for({task.run.agency_id for task in tasks})
    for task in tasks:
        row = compliance_row(task, calendars[task.run.agency_id], labels, now=now)
        supply = task.kind == TaskKind.SUPPLY
        if task.status == TaskStatus.DONE and task.completed_at is not None:
            if supply:
                shares = []
                if task.round == 1:
                    unit_name = task.unit.name if task.unit is not None else "—"
                    shares = [per_unit.setdefault(unit_name, Share(label=unit_name)), units_total]
            else:
                sop_share = per_sop.setdefault(
                    task.run.revision.sop_id, Share(label=task.run.revision.title)
                )
                lane_share = per_lane.setdefault(
                    task.step.lane.name, Share(label=task.step.lane.name)
                )
                shares = [sop_share, lane_share, total]
            for share in shares:
                share.completed += 1
                share.on_time += 1 if row.outcome.on_time else 0
        (unit_rows if supply else rows).append(row)
    return ComplianceReport(
        rows=rows,
        per_sop=sorted(per_sop.values(), key=lambda s: s.label),
        per_lane=sorted(per_lane.values(), key=lambda s: s.label),
        total=total,
        unit_rows=unit_rows,
        per_unit=sorted(per_unit.values(), key=lambda s: s.label),
        units_total=units_total,
    )


def on_time_q() -> Q:
    """A completed task met its deadline (the rule of `outcome_for`, as a filter): it was started,
    and completed no later than its deadline or it had none."""
    return Q(started_at__isnull=False) & (
        Q(deadline__isnull=True) | Q(completed_at__lte=F("deadline"))
    )


def compliance_by_agency(agency_ids: Iterable[int], *, year: int | None = None) -> dict[int, Share]:
    """The SOP compliance of many agencies (completed SOP step tasks, the units' answers apart),
    by agency pk, in one grouped query: the figure the regency reads, never the tasks."""
    ids = sorted(set(agency_ids))
    shares = {pk: Share(label="") for pk in ids}
    tasks = Task.objects.filter(
        run__agency_id__in=ids, status=TaskStatus.DONE, completed_at__isnull=False
    ).exclude(kind=TaskKind.SUPPLY)
    if year:
        tasks = tasks.filter(run__year=year)
    for row in (
        tasks.order_by()
        .values("run__agency_id")
        .annotate(completed=Count("pk"), on_time=Count("pk", filter=on_time_q()))
    ):
        share = shares[row["run__agency_id"]]
        share.completed, share.on_time = row["completed"], row["on_time"]
    return shares


def run_compliance(run: ProcedureRun, user: Viewer) -> Share:
    """The compliance of one run over the tasks the user may see."""
    tasks = Task.objects.restrict(user, "view").filter(run=run)
    return summarize_tasks(tasks, calendar_for(run.agency))
