"""Audit events shown as a "Riwayat" tab: who, when, what, and each change as before → after.

Every detail page uses `history_entries`; a page only says how its own actions, fields and values
are named.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from sakip.core.templatetags.sakip_format import format_moment, id_plain

from .selectors import audit_events_for

NUMBER = re.compile(r"-?\d+(\.\d+)?")
# Times and dates are stored in the audit trail as ISO text (datetime.isoformat()).
ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_shown(value: str) -> str | None:
    """An ISO time as "Jumat, 04 Desember 2026 15:45 WITA", an ISO date as "04 Desember 2026";
    None for any other text."""
    try:
        if ISO_MOMENT.fullmatch(value):
            return format_moment(datetime.datetime.fromisoformat(value))
        if ISO_DATE.fullmatch(value):
            return formats.date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    except ValueError:  # 2026-02-30: not a date after all
        return None
    return None


@dataclass
class HistoryChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    at: Any
    actor: str
    action: str
    changes: list[HistoryChange]
    note: str


def plain_value(value: Any, value_labels: Mapping[str, Any] | None = None) -> str:
    """A stored change value for people: "—" for nothing; numbers, times and status codes spelt
    out."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("Ya") if value else _("Tidak"))
    if isinstance(value, list):
        parts = [plain_value(v, value_labels) for v in value if v not in (None, "")]
        return " · ".join(parts) if parts else "—"
    if isinstance(value, str) and NUMBER.fullmatch(value):
        return id_plain(Decimal(value))
    if isinstance(value, str) and value_labels and value in value_labels:
        return str(value_labels[value])
    if isinstance(value, str):
        shown = _iso_shown(value)
        if shown is not None:
            return shown
    return str(value)


def _pair(value: Any) -> tuple[Any, Any]:
    """Changes are stored as [before, after]; anything else is an "after" alone."""
    if isinstance(value, list) and len(value) == 2:
        return value[0], value[1]
    return None, value


def history_entries(
    instance: Any,
    *,
    action_labels: Mapping[str, Any],
    field_labels: Mapping[str, Any] | None = None,
    value_labels: Mapping[str, Any] | None = None,
    label: Callable[[str, str], str] | None = None,
    display: Callable[[str, Any], str] | None = None,
) -> list[HistoryEntry]:
    """The audit events of one object, newest first, ready to show."""
    fields = field_labels or {}

    def label_of(name: str, action: str) -> str:
        return label(name, action) if label else str(fields.get(name, name))

    def shown(name: str, value: Any) -> str:
        return display(name, value) if display else plain_value(value, value_labels)

    entries = []
    for event in (
        audit_events_for(instance).select_related("actor__employee").order_by("-at", "-pk")
    ):
        changes = []
        for name, stored in sorted(event.changes.items()):
            before, after = _pair(stored)
            changes.append(
                HistoryChange(
                    label=label_of(name, event.action),
                    before=shown(name, before),
                    after=shown(name, after),
                )
            )
        entries.append(
            HistoryEntry(
                at=event.at,
                actor=event.actor.display_name if event.actor else str(_("Sistem")),
                action=str(action_labels.get(event.action, event.action)),
                changes=changes,
                note=event.note,
            )
        )
    return entries
