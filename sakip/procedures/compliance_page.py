"""The SOP compliance page: its shares counted by the database and only the page's task rows read.

The report (`compliance.compliance_report`, which the workbook writes) reads every task the user
may see and works out each one's working time: some 2,000 tasks of a regency's year cost the page
tens of milliseconds. The page shows the shares of all of them but only fifty rows of each list:
the shares are counted in one grouped query (the rule of `outcome_for` as `on_time_q`) and kept,
with both lists' task ids in order, under the tasks' and the people's stamps per viewer; a page's
rows are kept as HTML, and only the status of a task not done yet is judged on every view (its
lateness moves with the clock). The same numbers and rows as the report: the tests compare them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sakip.accounts.types import Viewer
from sakip.core import data_stamp
from sakip.core.kept import digest, kept_under
from sakip.organization.access import access_for

from . import selectors_runs
from .calendar import calendars_for
from .choices import TaskKind, TaskStatus
from .compliance import (
    ReportLabels,
    Share,
    compliance_row,
    on_time_q,
    open_status,
    report_columns,
    report_tasks,
    status_css,
)
from .compliance_rows_html import badge_cell, step_row_head, unit_row_head
from .models import Task

# Task rows per page of each list (the shares above them count every task).
PAGE_SIZE = 50
# Raise when what `_counted` or `_kept_rows` keeps changes shape.
COUNTS_SCHEMA = 1
ROWS_SCHEMA = 1


@dataclass
class ComplianceShares:
    """The page's shares: per SOP, per role (lane) and in all; the units' first answers apart."""

    per_sop: list[Share]
    per_lane: list[Share]
    total: Share
    per_unit: list[Share] = field(default_factory=list)
    units_total: Share = field(default_factory=lambda: Share(label=""))


@dataclass
class CompliancePage:
    shares: ComplianceShares
    # Pages of task ids; their rows' HTML beside them.
    rows_page: Page[int]
    unit_rows_page: Page[int]
    rows_html: SafeString
    unit_rows_html: SafeString


def _visible(user: Viewer, year: int | None) -> QuerySet[Task]:
    tasks = Task.objects.restrict(user, "view").exclude(status=TaskStatus.CANCELLED)
    return tasks.filter(run__year=year) if year else tasks


def _counted(user: Viewer, year: int | None) -> dict[str, Any]:
    """The completed tasks grouped as the shares count them, and both lists' task ids in order."""
    done = _visible(user, year).filter(status=TaskStatus.DONE, completed_at__isnull=False)
    groups = list(
        done.order_by()
        .values(
            "kind",
            "round",
            "run__revision__sop_id",
            "run__revision__title",
            "step__lane__name",
            "unit__name",
        )
        .annotate(
            completed=Count("pk"),
            on_time=Count("pk", filter=on_time_q()),
            latest=Max("run__started_at"),
        )
    )
    # Both lists' task ids in the report's order: a page is then read by primary key (ordering
    # and limiting the joined rows cost PostgreSQL as much as reading them all).
    ordered = report_tasks(user, year=year).values_list("pk", "kind")
    rows = [pk for pk, kind in ordered if kind != TaskKind.SUPPLY]
    unit_rows = [pk for pk, kind in ordered if kind == TaskKind.SUPPLY]
    return {"groups": groups, "rows": rows, "unit_rows": unit_rows}


def _shares(groups: list[dict[str, Any]]) -> ComplianceShares:
    """The shares of `compliance_report` from the grouped counts. An SOP is labelled with the
    title of its newest run's revision, as the report (whose rows run newest first) does."""
    per_sop: dict[Any, Share] = {}
    newest: dict[Any, Any] = {}
    per_lane: dict[str, Share] = {}
    per_unit: dict[str, Share] = {}
    total = Share(label=_("Semua SOP"))
    units_total = Share(label=_("Semua unit"))
    for group in groups:
        if group["kind"] == TaskKind.SUPPLY:
            if group["round"] != 1:
                continue  # a correction has its own deadline and is not counted
            name = group["unit__name"] if group["unit__name"] is not None else "—"
            shares = [per_unit.setdefault(name, Share(label=name)), units_total]
        else:
            sop = group["run__revision__sop_id"]
            share = per_sop.setdefault(sop, Share(label=group["run__revision__title"]))
            latest = group["latest"]
            if latest is not None and (newest.get(sop) is None or latest > newest[sop]):
                newest[sop], share.label = latest, group["run__revision__title"]
            lane = group["step__lane__name"]
            shares = [share, per_lane.setdefault(lane, Share(label=lane)), total]
        for share in shares:
            share.completed += group["completed"]
            share.on_time += group["on_time"]
    return ComplianceShares(
        per_sop=sorted(per_sop.values(), key=lambda s: s.label),
        per_lane=sorted(per_lane.values(), key=lambda s: s.label),
        total=total,
        per_unit=sorted(per_unit.values(), key=lambda s: s.label),
        units_total=units_total,
    )


@dataclass(frozen=True)
class KeptRow:
    """A row's HTML up to its status cell, and the status cell when it does not move with the
    clock; a task not done yet with a deadline keeps its deadline and agency instead, to be
    judged on each view."""

    head: str
    status_cell: str = ""
    deadline: datetime.datetime | None = None
    agency_id: int = 0


def _kept_rows(ids: list[int], *, units: bool) -> list[KeptRow]:
    """The rows of these tasks (ids the user may see, chosen by `_counted`), in their order."""
    found = {task.pk: task for task in report_columns(Task.objects.filter(pk__in=ids))}
    tasks = [found[pk] for pk in ids if pk in found]
    calendars = calendars_for({task.run.agency_id for task in tasks})
    labels = ReportLabels()
    now = selectors_runs.current_time()  # only for the rows kept whole, which do not read it
    head = unit_row_head if units else step_row_head
    rows = []
    for task in tasks:
        row = compliance_row(task, calendars[task.run.agency_id], labels, now=now)
        done = task.status == TaskStatus.DONE and task.completed_at is not None
        if done or task.deadline is None:
            rows.append(KeptRow(head(row), badge_cell(row.badge, row.status_label)))
        else:
            rows.append(KeptRow(head(row), deadline=task.deadline, agency_id=task.run.agency_id))
    return rows


def _rows_html(ids: list[int], *, units: bool, now: Any) -> SafeString:
    """The page's rows: kept, whoever asks, until a task, a name or the calendar changes; the
    status of a task not done yet is judged against the clock."""
    rows = kept_under(
        (data_stamp.TASKS, data_stamp.PEOPLE, data_stamp.CALENDAR),
        f"compliance-rows-{ROWS_SCHEMA}:{int(units)}:{get_language()}:{digest(ids)}",
        list,
        lambda: _kept_rows(ids, units=units),
    )
    judged = [row for row in rows if row.deadline is not None]
    calendars = calendars_for({row.agency_id for row in judged}) if judged else {}
    labels = ReportLabels()
    out = []
    for row in rows:
        if row.deadline is None:
            out.append(row.head + row.status_cell)
            continue
        label, late = open_status(row.deadline, labels, now=now, calendar=calendars[row.agency_id])
        out.append(row.head + badge_cell(status_css(None, late), label))
    return mark_safe("\n".join(out))  # noqa: S308  (escaped by compliance_rows_html)


def compliance_page(
    user: Viewer, *, year: int | None, page: Any = 1, unit_page: Any = 1, now: Any = None
) -> CompliancePage:
    """The shares and the asked page of each list, as `compliance_report` has them."""
    now = now or selectors_runs.current_time()
    counted = kept_under(
        (data_stamp.TASKS, data_stamp.PEOPLE),
        f"compliance-counts-{COUNTS_SCHEMA}:{access_for(user).signature()}:{year or 0}",
        dict,
        lambda: _counted(user, year),
    )
    rows_page = Paginator(counted["rows"], PAGE_SIZE).get_page(page)
    unit_rows_page = Paginator(counted["unit_rows"], PAGE_SIZE).get_page(unit_page)
    return CompliancePage(
        shares=_shares(counted["groups"]),
        rows_page=rows_page,
        unit_rows_page=unit_rows_page,
        rows_html=_rows_html(list(rows_page.object_list), units=False, now=now),
        unit_rows_html=_rows_html(list(unit_rows_page.object_list), units=True, now=now),
    )
