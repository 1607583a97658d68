"""Reads of runs and tasks: the inbox, the run page, the task page, and how to show working time.

Relative deadlines are in working time of the run's agency ("2 jam kerja lagi", "terlambat 1 jam
30 menit kerja"); absolute ones in WITA ("Jumat, 27 November 2026 08:30"). Queries stay constant
with the number of tasks: one calendar per agency per request, related rows joined or prefetched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sakip.accounts.models import User
from sakip.accounts.types import Viewer
from sakip.audit.models import AuditEvent
from sakip.audit.selectors import audit_events_for
from sakip.core import data_stamp
from sakip.core.kept import kept_under
from sakip.core.templatetags.sakip_format import id_plain

from .actions import StepHandler, handler_for
from .calendar import Calendars, calendar_for
from .choices import RunStatus, TaskStatus
from .models import Notification, ProcedureRun, SopRevision, SopStep, Task, TaskFile
from .notifications import format_moment
from .working_time import WorkingCalendar, working_minutes_between

# Below this much working time left, an open task is "due soon" (amber).
DUE_SOON_MINUTES = 120
INBOX_NOTIFICATIONS = 10
INBOX_COMPLETED = 10


def current_time() -> datetime.datetime:
    """The clock of the pages (one place, so that tests can fix it)."""
    return timezone.now()


# --- showing working time --------------------------------------------------------------------


def format_working_duration(minutes: int) -> str:
    """ "1 jam 30 menit", "2 jam", "45 menit", "0 menit" (working time)."""
    hours, rest = divmod(max(0, int(minutes)), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)d jam", "%(count)d jam", hours) % {"count": hours})
    if rest or not hours:
        parts.append(ngettext("%(count)d menit", "%(count)d menit", rest) % {"count": rest})
    return " ".join(parts)


def format_standard_time(step: SopStep) -> str:
    """A step's Mutu Baku standard time as written in the SOP: "2 jam", "15 menit", "1,5 hari"."""
    return f"{id_plain(step.duration_value)} {step.get_duration_unit_display()}"


@dataclass
class Timing:
    """The deadline of an open task as a person reads it; the label is always written."""

    status: str  # "on_time" | "due_soon" | "late" | "none"
    label: str
    css: str
    relative: str
    absolute: str


def timing_for(task: Task, *, now: datetime.datetime, calendar: WorkingCalendar) -> Timing:
    if task.deadline is None:
        return Timing("none", _("Tanpa tenggat"), "secondary", "", "")
    absolute = format_moment(task.deadline, with_zone=False)
    if now > task.deadline:
        late = working_minutes_between(task.deadline, now, calendar)
        relative = _("terlambat %(duration)s kerja") % {"duration": format_working_duration(late)}
        return Timing("late", _("Terlambat"), "danger", relative, absolute)
    left = working_minutes_between(now, task.deadline, calendar)
    relative = _("%(duration)s kerja lagi") % {"duration": format_working_duration(left)}
    if left < DUE_SOON_MINUTES:
        return Timing("due_soon", _("Segera berakhir"), "warning", relative, absolute)
    return Timing("on_time", _("Sesuai jadwal"), "success", relative, absolute)


@dataclass
class Outcome:
    """How a completed task met its deadline: actual working time and lateness."""

    actual_minutes: int | None
    on_time: bool | None
    late_minutes: int

    @property
    def actual(self) -> str:
        return "" if self.actual_minutes is None else format_working_duration(self.actual_minutes)

    @property
    def label(self) -> str:
        if self.on_time is None:
            return ""
        if self.on_time:
            return _("Tepat waktu")
        return _("Terlambat %(duration)s kerja") % {
            "duration": format_working_duration(self.late_minutes)
        }


def outcome_for(task: Task, calendar: WorkingCalendar) -> Outcome:
    """A task is on time when it was completed no later than its deadline (DOMAIN.md §1)."""
    if task.completed_at is None or task.started_at is None:
        return Outcome(None, None, 0)
    actual = working_minutes_between(task.started_at, task.completed_at, calendar)
    if task.deadline is None or task.completed_at <= task.deadline:
        return Outcome(actual, True, 0)
    late = working_minutes_between(task.deadline, task.completed_at, calendar)
    return Outcome(actual, False, late)


def work_urls(tasks: list[Task]) -> dict[int, str]:
    """Where the assignee does each task's work: the step handler's page, else the generic task
    page. Each handler is asked once for all of its tasks."""
    by_handler: dict[StepHandler, list[Task]] = {}
    for task in tasks:
        by_handler.setdefault(handler_for(task.step), []).append(task)
    found: dict[int, str | None] = {}
    for handler, own in by_handler.items():
        found.update(handler.work_urls(own))
    return {
        task.pk: found.get(task.pk) or reverse("procedures:task_detail", args=[task.pk])
        for task in tasks
    }


def sop_sheet_url(revision: SopRevision) -> str | None:
    try:
        return reverse("procedures:sop_sheet", args=[revision.pk])
    except NoReverseMatch:
        return None


# --- the inbox -------------------------------------------------------------------------------


# What a task's row shows: its run (agency, SOP revision), step and lane, unit.
_TASK_RELATED = ("run__agency", "run__revision", "step__lane", "unit")


def _task_rows(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related(*_TASK_RELATED, "assignee__employee")


@dataclass
class InboxRow:
    task: Task
    timing: Timing
    url: str


@dataclass
class Inbox:
    rows: list[InboxRow]
    notifications: list[Notification]
    unread: int
    completed: list[Task] = field(default_factory=list)


@dataclass
class InboxLists:
    """What the inbox reads from the tables; its deadlines' timing is judged at each view."""

    tasks: list[Task]
    urls: dict[int, str]
    notifications: list[Notification]
    unread: int
    completed: list[Task]


# Raise when InboxLists or the rows it holds change.
INBOX_SCHEMA = 1


def inbox(user: User, *, now: datetime.datetime | None = None) -> Inbox:
    """The user's open tasks (overdue first, then by deadline), recent notifications and recently
    completed tasks. Query count does not depend on the number of tasks.

    The lists are kept in the cache under the tasks stamp (tasks, notifications, runs, the SOPs,
    the work pages' forms and periods) and the people stamp (unit names): any such write shows on
    the next view. Only the timing, which moves with the clock, is judged on every view."""
    now = now or current_time()
    lists = kept_under(
        (data_stamp.TASKS, data_stamp.PEOPLE),
        f"inbox-{INBOX_SCHEMA}:{user.pk}",
        InboxLists,
        lambda: inbox_lists(user),
    )
    calendars = Calendars()
    rows = [
        InboxRow(
            task,
            timing_for(task, now=now, calendar=calendars.for_agency(task.run.agency)),
            lists.urls[task.pk],
        )
        for task in lists.tasks
    ]
    # Overdue first, then by deadline (tasks without a deadline last).
    rows.sort(
        key=lambda r: (
            r.timing.status != "late",
            r.task.deadline is None,
            r.task.deadline or now,
            r.task.pk,
        )
    )
    return Inbox(
        rows=rows,
        notifications=lists.notifications,
        unread=lists.unread,
        completed=lists.completed,
    )


def inbox_lists(user: User) -> InboxLists:
    """The user's open tasks with their work pages, the newest notifications, the unread count and
    the newest completed tasks (six queries, or fewer)."""
    # The assignee is the user: not joined again (fewer joins for PostgreSQL to plan).
    tasks = list(
        Task.objects.filter(assignee=user, status=TaskStatus.OPEN)
        .select_related(*_TASK_RELATED)
        .order_by("deadline", "pk")
    )
    # A notification whose task is already done has nothing left to act on: it is shown as read
    # and does not count as unread (Notification.objects.unread()).
    notifications = list(
        Notification.objects.filter(user=user)
        .with_unread()
        .select_related("task")
        .order_by("-created_at", "-pk")[:INBOX_NOTIFICATIONS]
    )
    unread = Notification.objects.filter(user=user).unread().count()
    # The newest done tasks in two steps: their ids, then their rows. As one query (an OR over
    # two people, eight joins, a sort and a limit) PostgreSQL took 8-12 ms to plan it, ten times
    # what it took to run.
    done_ids = list(
        Task.objects.filter(Q(assignee=user) | Q(completed_by=user), status=TaskStatus.DONE)
        .order_by("-completed_at", "-pk")
        .values_list("pk", flat=True)[:INBOX_COMPLETED]
    )
    # Only what the list shows (the step, its lane, the unit, the run's title): PostgreSQL spent
    # more time planning the eight joins of a full task row than running them.
    completed = (
        list(
            Task.objects.filter(pk__in=done_ids)
            .select_related("run", "step__lane", "unit")
            .order_by("-completed_at", "-pk")
        )
        if done_ids
        else []
    )
    return InboxLists(
        tasks=tasks,
        urls=work_urls(tasks),
        notifications=notifications,
        unread=unread,
        completed=completed,
    )


# --- runs --------------------------------------------------------------------------------------


def visible_runs(user: Viewer) -> QuerySet[ProcedureRun]:
    return ProcedureRun.objects.restrict(user, "view").select_related(
        "agency", "revision__sop", "started_by__employee"
    )


def run_list(user: Viewer, *, status: str = "", year: int | None = None) -> list[dict[str, Any]]:
    """Visible runs with their progress: open and done task counts (two queries)."""
    runs = visible_runs(user).order_by("-started_at", "-pk")
    if status in RunStatus.values:
        runs = runs.filter(status=status)
    if year:
        runs = runs.filter(year=year)
    run_list_ = list(runs)
    counts: dict[int, dict[str, int]] = {r.pk: {"open": 0, "done": 0, "late": 0} for r in run_list_}
    now = current_time()
    for run_id, task_status, deadline in Task.objects.filter(run__in=run_list_).values_list(
        "run_id", "status", "deadline"
    ):
        if task_status == TaskStatus.OPEN:
            counts[run_id]["open"] += 1
            if deadline is not None and deadline < now:
                counts[run_id]["late"] += 1
        elif task_status == TaskStatus.DONE:
            counts[run_id]["done"] += 1
    return [{"run": r, **counts[r.pk]} for r in run_list_]


@dataclass
class TaskView:
    task: Task
    outcome: Outcome
    timing: Timing | None
    files: list[TaskFile]


@dataclass
class StepView:
    step: SopStep
    standard_time: str
    tasks: list[TaskView]


def run_detail(
    run: ProcedureRun, user: Viewer, *, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """Everything the run page shows, in a constant number of queries."""
    from .compliance import summarize_tasks

    now = now or current_time()
    calendar = calendar_for(run.agency)
    steps = list(run.revision.steps.select_related("lane").order_by("number"))
    tasks = list(
        _task_rows(Task.objects.restrict(user, "view").filter(run=run))
        .select_related("completed_by__employee")
        .prefetch_related(Prefetch("files", queryset=TaskFile.objects.order_by("uploaded_at")))
        .order_by("step__number", "unit__path", "round", "pk")
    )
    by_step: dict[int, list[TaskView]] = {}
    for task in tasks:
        task.run = run
        by_step.setdefault(task.step_id, []).append(
            TaskView(
                task=task,
                outcome=outcome_for(task, calendar),
                timing=(
                    timing_for(task, now=now, calendar=calendar)
                    if task.status == TaskStatus.OPEN
                    else None
                ),
                files=list(task.files.all()),
            )
        )
    step_views = [StepView(s, format_standard_time(s), by_step.get(s.pk, [])) for s in steps]
    task_ids = [str(t.pk) for t in tasks]
    history = list(
        AuditEvent.objects.filter(
            Q(object_type="procedures.procedurerun", object_id=str(run.pk))
            | Q(object_type="procedures.task", object_id__in=task_ids)
        )
        .select_related("actor__employee")
        .order_by("at", "id")
    )
    tasks_by_id = {str(t.pk): t for t in tasks}
    history_rows = []
    for event in history:
        of_task = (
            tasks_by_id.get(event.object_id) if event.object_type == "procedures.task" else None
        )
        history_rows.append({"event": event, "task": of_task, "label": action_label(event)})
    return {
        "steps": step_views,
        "history": history_rows,
        "summary": summarize_tasks(tasks, calendar),
        "sop_sheet_url": sop_sheet_url(run.revision),
    }


def action_label(event: AuditEvent) -> str:
    """What an audit event of a run or task means, in words."""
    if event.object_type == "procedures.procedurerun":
        labels = {"start": _("Pelaksanaan dimulai"), "complete": _("Pelaksanaan selesai")}
    else:
        labels = {
            "open": _("Tugas dibuka"),
            "complete": _("Tugas diselesaikan"),
            "return": _("Dikembalikan untuk diperbaiki"),
            "remind": _("Pengingat tenggat dikirim"),
            "escalate": _("Terlambat; dilaporkan ke atasan"),
        }
    label = labels.get(event.action, event.action)
    if event.object_type == "procedures.task" and event.action == "complete":
        outcome = (event.changes.get("outcome") or [None, None])[1]
        if outcome == "accepted":
            label = _("Diterima")
    return label


def task_history(task: Task) -> list[dict[str, Any]]:
    events = audit_events_for(task).select_related("actor__employee").order_by("at", "id")
    return [{"event": e, "label": action_label(e)} for e in events]


def earlier_rounds(task: Task) -> list[Task]:
    """The unit's earlier tasks of the same run (the notes of a return, the previous fill)."""
    if task.unit_id is None:
        return []
    return list(
        Task.objects.filter(run_id=task.run_id, unit_id=task.unit_id, status=TaskStatus.DONE)
        .exclude(pk=task.pk)
        .select_related("step", "completed_by__employee")
        .order_by("-completed_at", "-pk")
    )
