"""The task rows of the SOP compliance page written in Python (decision 0015: hot markup in
Python): a page of fifty step tasks and fifty unit answers through the template language was half
of the page's time. The markup is the template's (tests compare it with the template's own
rendering); every value a person typed or named is escaped."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from html import escape

from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from .compliance import ComplianceRow
from .models import Task

EMPTY = "—"


def _text(value: object) -> str:
    return escape(str(value), quote=True)


def _round(task_round: int) -> str:
    if task_round <= 1:
        return ""
    label = gettext("putaran %(round)s") % {"round": task_round}
    return f' <span class="badge text-bg-light border">{_text(label)}</span>'


def _moment(value: datetime.datetime | None) -> str:
    """As the template's `|date:"d F Y H:i"`: in the local time zone, month names translated."""
    if value is None:
        return EMPTY
    return _text(dateformat.format(timezone.localtime(value), "d F Y H:i"))


def _unit(task: Task) -> str:
    """As the template's `{{ task.unit.name|default:"—" }}`."""
    return _text(task.unit.name) if task.unit is not None and task.unit.name else EMPTY


def badge_cell(css: str, label: str) -> str:
    """A row's last cell, its status, and the row's end."""
    return f'<td><span class="badge text-bg-{css}">{_text(label)}</span></td></tr>'


def step_row_head(row: ComplianceRow) -> str:
    """A row of "Per pelaksanaan dan langkah" up to its status cell."""
    task = row.task
    step = task.step
    activity = Truncator(step.activity).chars(60)
    return (
        "<tr>"
        f'<td><a href="{_text(row.run_url)}">{_text(task.run.title)}</a></td>'
        f"<td>{_text(step.number)}. {_text(activity)}{_round(task.round)}</td>"
        f"<td>{_text(step.lane.name)}"
        f'<div class="small text-secondary">{_text(task.assignee.display_name)}</div></td>'
        f"<td>{_unit(task)}</td>"
        f"<td>{_text(row.standard_time)}</td>"
        f"<td>{_text(row.actual) if row.actual else EMPTY}</td>"
    )


def unit_row_head(row: ComplianceRow) -> str:
    """A row of the units' answers to a data request ("Ketepatan unit") up to its status cell."""
    task = row.task
    return (
        "<tr>"
        f'<td><a href="{_text(row.run_url)}">{_text(task.run.title)}</a>'
        f"{_round(task.round)}</td>"
        f"<td>{_unit(task)}</td>"
        f"<td>{_text(task.assignee.display_name)}</td>"
        f'<td class="text-nowrap">{_moment(task.deadline)}</td>'
        f'<td class="text-nowrap">{_moment(task.completed_at)}</td>'
    )


def step_rows_html(rows: Iterable[ComplianceRow]) -> SafeString:
    """The rows of "Per pelaksanaan dan langkah"."""
    out = [step_row_head(row) + badge_cell(row.badge, row.status_label) for row in rows]
    return mark_safe("\n".join(out))  # noqa: S308  # every value escaped above


def unit_rows_html(rows: Iterable[ComplianceRow]) -> SafeString:
    """The rows of the units' answers to a data request ("Ketepatan unit")."""
    out = [unit_row_head(row) + badge_cell(row.badge, row.status_label) for row in rows]
    return mark_safe("\n".join(out))  # noqa: S308  # every value escaped above
