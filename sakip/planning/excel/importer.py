"""Import of indicators and targets from the Indikator sheet, on the import framework
(sakip.core.imports): what this import reads and how it applies.

parse_workbook() only reads: it returns an ImportPlan with, per row, the action (new / update /
no change), the field changes and the errors in Indonesian. apply_plan() writes the whole plan in
one service call (services.indicators_import: one transaction, a fixed number of statements, an
audit event per change): one failing row and nothing is written. Goals and objectives are never
created here; they must already exist in the Renstra.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor, Viewer
from sakip.core.imports import (
    ALL_ACTIONS,
    Cell,
    CellError,
    Cells,
    ExcelImporter,
    Header,
    ImportRow,
    Preview,
    RowAction,
    Section,
    SheetMessages,
    SheetReader,
    cell_text,
    parse_number,
    show_number,
    show_target,
)
from sakip.measurement.plausibility import ValidRange
from sakip.organization.models import Unit

from .. import errors, services
from ..choices import Aggregation, Polarity, TargetKind
from ..models import Goal, Indicator, Objective, Renstra
from . import layout, messages

# The framework's cell reader and row actions, as this import's tests and callers name them.
__all__ = [
    "CellError",
    "ImportPlan",
    "RowAction",
    "RowPlan",
    "apply_plan",
    "parse_number",
    "parse_workbook",
]

Key = tuple[str, str, str]  # (goal code, objective code, indicator code)

_UNSET: Any = object()  # RowPlan.parent_key when the sheet has no parent column: keep the parent
_BAD: Any = object()  # a cell that could not be read (its error is on the row)

# Columns that only say where an indicator hangs: a row with nothing else is a heading line.
_INFO_KEYS = {"goal_code", "goal", "objective_code", "objective"}
_ALL_COLUMNS = (*layout.INDICATOR_COLUMNS, layout.END_TARGET, layout.END_TARGET_HIGH)
_LABELS = {c.key: c.label for c in _ALL_COLUMNS}


def _label(key: str) -> str:
    return str(_LABELS[key])


def target_label(year: int) -> str:
    return str(layout.TARGET_LABEL) % {"year": year}


def target_high_label(year: int) -> str:
    return str(layout.TARGET_HIGH_LABEL) % {"year": year}


# --- the result of parsing -------------------------------------------------------------------


@dataclass
class RowPlan(ImportRow):
    """One data row of the Indikator sheet and what applying it would do."""

    goal_code: str = ""
    objective_code: str = ""
    code: str = ""
    name: str = ""
    objective: Objective | None = None
    indicator: Indicator | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    parent_key: Any = _UNSET  # Key, None (no parent), or _UNSET (column absent: keep)
    targets: dict[int, services.TargetValue] = field(default_factory=dict)

    @property
    def key(self) -> Key:
        return (self.goal_code, self.objective_code, self.code)

    @property
    def is_new(self) -> bool:
        return self.indicator is None

    def identity(self) -> list[Any]:
        return list(self.key)

    def cells(self) -> list[Cell]:
        return [
            Cell(f"{self.goal_code} / {self.objective_code}", nowrap=True),
            Cell(self.name, strong=self.code),
        ]


@dataclass
class ImportPlan(Preview):
    renstra: Renstra | None = None
    # Indicators of the Renstra by key, to attach parents when applying.
    existing: dict[Key, Indicator] = field(default_factory=dict)


# --- what is in the database -----------------------------------------------------------------


@dataclass
class _Context:
    renstra: Renstra
    goal_codes: set[str]
    objectives: dict[tuple[str, str], Objective]
    indicators: dict[Key, Indicator]
    by_code: dict[str, set[Key]]
    parent_of: dict[Key, Key | None]
    units: dict[str, Unit]

    @classmethod
    def load(cls, user: Viewer, renstra: Renstra) -> _Context:
        """Everything the rows are checked against, in a fixed number of queries."""
        objectives = {
            (o.goal.code, o.code): o
            for o in Objective.objects.restrict(user, "change")
            .filter(goal__renstra=renstra)
            .select_related("goal__renstra__agency")
        }
        goal_codes = set(
            Goal.objects.restrict(user, "change")
            .filter(renstra=renstra)
            .values_list("code", flat=True)
        )
        indicators: dict[Key, Indicator] = {}
        by_code: dict[str, set[Key]] = defaultdict(set)
        parent_of: dict[Key, Key | None] = {}
        rows = (
            Indicator.objects.restrict(user, "change")
            .filter(objective__goal__renstra=renstra)
            .select_related("objective__goal", "responsible_unit", "parent__objective__goal")
            .prefetch_related("targets")
        )
        for indicator in rows:
            key = _key_of(indicator)
            indicators[key] = indicator
            by_code[indicator.code].add(key)
            parent_of[key] = _key_of(indicator.parent) if indicator.parent else None
        units = {
            u.code.casefold(): u for u in Unit.objects.filter(path__startswith=renstra.agency.path)
        }
        return cls(renstra, goal_codes, objectives, indicators, by_code, parent_of, units)


def _key_of(indicator: Indicator) -> Key:
    return (indicator.objective.goal.code, indicator.objective.code, indicator.code)


# --- the Indikator sheet ---------------------------------------------------------------------


class IndicatorSheet(SheetReader[RowPlan]):
    label = layout.INDICATOR_SHEET
    messages = SheetMessages(
        sheet_missing=messages.SHEET_MISSING,
        columns_missing=messages.COLUMNS_MISSING,
        column_duplicate=messages.COLUMN_DUPLICATE,
        too_many_rows=messages.TOO_MANY_ROWS,
        no_rows=messages.NO_ROWS,
    )

    def __init__(self, renstra: Renstra) -> None:
        self.renstra = renstra
        self.context: _Context | None = None
        # Year columns: "Target 2026" and its high end "Target 2026 (atas)", year -> index.
        self.years: dict[int, int] = {}
        self.years_high: dict[int, int] = {}
        self.seen: dict[Key, int] = {}  # rows read so far, by key: the row number
        self.seen_by_code: dict[str, set[Key]] = {}
        self.target_labels: dict[int, tuple[str, str]] = {}
        # Read once per file, not per row: translated words and labels.
        yes_no = {form: True for form in layout.variants(layout.YES)}
        yes_no.update({form: False for form in layout.variants(layout.NO)})
        yes_no.update({"true": True, "false": False})
        self.yes_no = yes_no
        self.yes_no_shown = f"{layout.YES}, {layout.NO}"
        self.choices = [
            (key, layout.choice_lookup(labels, choices), ", ".join(str(s) for s in labels.values()))
            for key, labels, choices in (
                ("polarity", layout.POLARITY_LABELS, Polarity.choices),
                ("target_kind", layout.TARGET_KIND_LABELS, TargetKind.choices),
                ("aggregation", layout.AGGREGATION_LABELS, Aggregation.choices),
            )
        ]
        self.labels = {key: str(label) for key, label in _LABELS.items()}
        self.shown_choices: dict[str, dict[str, str]] = {
            "polarity": {k: str(v) for k, v in layout.POLARITY_LABELS.items()},
            "target_kind": {k: str(v) for k, v in layout.TARGET_KIND_LABELS.items()},
            "aggregation": {k: str(v) for k, v in layout.AGGREGATION_LABELS.items()},
        }

    def columns(self) -> tuple[layout.Column, ...]:
        return _ALL_COLUMNS

    def section(self) -> Section:
        return Section(
            key="indicator",
            headers=[_("Sasaran"), _("Indikator")],
            caption=_("Baris lembar Indikator dan perubahannya"),
            actions=ALL_ACTIONS,
        )

    # --- the header ------------------------------------------------------------------------

    def check_header(self, header: Header, preview: Preview) -> None:
        """Read the year columns, each in the Renstra and with its low column beside its high."""
        low_patterns = layout.year_pattern(layout.TARGET_LABEL)
        high_patterns = layout.year_pattern(layout.TARGET_HIGH_LABEL)
        for index, shown in header.unknown:
            text = layout.normalize(shown)
            for patterns, found in ((high_patterns, self.years_high), (low_patterns, self.years)):
                year = _year_of(text, patterns)
                if year is None:
                    continue
                try:
                    services.check_year_in_renstra(self.renstra, year)
                except ValidationError as exc:
                    preview.file_errors.append(
                        str(messages.COLUMN_ERROR % {"column": shown, "message": exc.messages[0]})
                    )
                else:
                    if year in found:
                        preview.file_errors.append(
                            str(messages.COLUMN_DUPLICATE % {"column": shown})
                        )
                    found[year] = index
                break
            # Any other column (a note the planner added) is ignored.
        for year in sorted(set(self.years_high) - set(self.years)):
            preview.file_errors.append(
                str(
                    messages.HIGH_COLUMN_WITHOUT_BASE
                    % {"column": target_high_label(year), "base": target_label(year)}
                )
            )
        self.target_labels = {
            year: (target_label(year), target_high_label(year)) for year in self.years
        }
        if header.has("end_target_high") and not header.has("end_target_low"):
            preview.file_errors.append(
                str(
                    messages.HIGH_COLUMN_WITHOUT_BASE
                    % {"column": layout.END_TARGET_HIGH.label, "base": layout.END_TARGET.label}
                )
            )

    # --- one row ---------------------------------------------------------------------------

    def identity_row(self, cells: Cells) -> RowPlan:
        return RowPlan(
            row=cells.number,
            goal_code=cells.text("goal_code"),
            objective_code=cells.text("objective_code"),
            code=cells.text("code"),
            name=cells.text("name"),
        )

    def parse_row(self, cells: Cells) -> RowPlan | None:
        context = self.context
        assert context is not None  # loaded before the rows
        columns = cells.header.columns
        year_cells = [cells.at(i) for i in (*self.years.values(), *self.years_high.values())]
        indicator_cells = [cells.get(k) for k in columns if k not in _INFO_KEYS] + year_cells
        if all(cell_text(v) == "" for v in indicator_cells):
            return None  # a goal/objective line without an indicator: nothing to import

        row = self.identity_row(cells)
        labels = self.labels
        # Where the indicator hangs: goal and objective must exist already.
        if not row.goal_code:
            row.error(labels["goal_code"], messages.REQUIRED)
        elif row.goal_code not in context.goal_codes:
            row.error(labels["goal_code"], messages.GOAL_NOT_FOUND % {"code": row.goal_code})
        if not row.objective_code:
            row.error(labels["objective_code"], messages.REQUIRED)
        elif row.goal_code in context.goal_codes:
            row.objective = context.objectives.get((row.goal_code, row.objective_code))
            if row.objective is None:
                row.error(
                    labels["objective_code"],
                    messages.OBJECTIVE_NOT_FOUND
                    % {"code": row.objective_code, "goal": row.goal_code},
                )
        if not row.code:
            row.error(labels["code"], messages.REQUIRED)
        elif len(row.code) > 20:
            row.error(labels["code"], messages.TOO_LONG % {"max": 20})
        elif row.objective is not None:
            if row.key in self.seen:
                row.error(
                    labels["code"],
                    messages.DUPLICATE_CODE % {"code": row.code, "row": self.seen[row.key]},
                )
            else:
                self.seen[row.key] = cells.number
                self.seen_by_code.setdefault(row.code, set()).add(row.key)
            row.indicator = context.indicators.get(row.key)
        existing = row.indicator

        # Plain text fields.
        values_new: dict[str, Any] = {}
        for column in layout.INDICATOR_COLUMNS:
            if column.key not in ("name", "unit_of_measure", "definition", "data_source"):
                continue
            if column.key not in columns:
                continue
            text = cells.text(column.key)
            if column.required and not text:
                row.error(column.label, messages.REQUIRED)
                continue
            if column.max_length and len(text) > column.max_length:
                row.error(column.label, messages.TOO_LONG % {"max": column.max_length})
                continue
            values_new[column.key] = text

        unit_code = cells.text("responsible_unit")
        if not unit_code:
            row.error(labels["responsible_unit"], messages.REQUIRED)
        else:
            unit = context.units.get(unit_code.casefold())
            if unit is None:
                row.error(
                    labels["responsible_unit"],
                    messages.UNIT_NOT_FOUND
                    % {"code": unit_code, "agency": context.renstra.agency.name},
                )
            else:
                values_new["responsible_unit"] = unit

        if "is_iku" in columns:
            text = cells.text("is_iku")
            if text:
                flag = self.yes_no.get(layout.normalize(text))
                if flag is None:
                    row.error(
                        labels["is_iku"],
                        messages.CHOICE_INVALID % {"value": text, "choices": self.yes_no_shown},
                    )
                else:
                    values_new["is_iku"] = flag
        for key, lookup, shown in self.choices:
            if key not in columns:
                continue
            text = cells.text(key)
            if not text:
                continue
            value = lookup.get(layout.normalize(text))
            if value is None:
                row.error(labels[key], messages.CHOICE_INVALID % {"value": text, "choices": shown})
            else:
                values_new[key] = value

        # The parent (cascading): in this Renstra, or a new indicator on an earlier row.
        if "parent" in columns:
            parent_code = cells.text("parent")
            if not parent_code:
                row.parent_key = None
            elif row.objective is not None and row.code:
                row.parent_key = self._resolve_parent(row, parent_code)

        kind = values_new.get("target_kind") or (
            existing.target_kind if existing else TargetKind.SINGLE
        )
        # The sheet has no columns for the valid range: an existing indicator keeps its own, a
        # new one has the default (no negatives) until a planner sets one on its page.
        valid_range = existing.valid_range if existing else ValidRange()

        # Yearly targets; a year whose cells are both empty has no target.
        existing_targets = {t.year: t for t in existing.targets.all()} if existing else {}
        for year, index in sorted(self.years.items()):
            low_label, high_label = self.target_labels[year]
            low = _number_cell(row, low_label, cells.at(index))
            high = _number_cell(row, high_label, cells.at(self.years_high.get(year)))
            if low is _BAD or high is _BAD:
                continue
            if low is None and high is None:
                target = services.TargetValue(None)
            elif not _target_ok(row, kind, low, high, low_label, high_label, valid_range):
                continue
            else:
                target = services.TargetValue(low, high)
            current = existing_targets.get(year)
            old = (current.low, current.high) if current else (None, None)
            if (target.low, target.high) != old:
                row.targets[year] = target
                row.change(
                    f"target_{year}",
                    low_label,
                    show_target(*old),
                    show_target(target.low, target.high),
                )

        if "end_target_low" in columns:
            low_label, high_label = labels["end_target_low"], labels["end_target_high"]
            low = _number_cell(row, low_label, cells.get("end_target_low"))
            high = _number_cell(row, high_label, cells.get("end_target_high"))
            valid = low is not _BAD and high is not _BAD
            if valid and (
                (low is None and high is None)
                or _target_ok(row, kind, low, high, low_label, high_label, valid_range)
            ):
                values_new["end_target_low"] = low
                values_new["end_target_high"] = high

        if row.errors:
            return row
        self._plan_fields(row, values_new)
        return row

    def _resolve_parent(self, row: RowPlan, code: str) -> Key | None | Any:
        context = self.context
        assert context is not None

        def earlier(key: Key) -> bool:  # a new indicator of an earlier row
            return key in self.seen and key != row.key

        own = (row.goal_code, row.objective_code, code)
        parts = tuple(p.strip() for p in code.split(layout.PARENT_SEPARATOR))
        if len(parts) == 3 and own not in context.indicators and not earlier(own):
            own = parts  # "T1/S2/IK1": a parent under another objective
        label = self.labels["parent"]
        if own == row.key:
            row.error(label, errors.PARENT_IS_SELF)
            return _UNSET
        if own in context.indicators or earlier(own):
            return own
        candidates = set(context.by_code.get(code, set())) | self.seen_by_code.get(code, set())
        candidates.discard(row.key)
        if len(candidates) == 1:
            return next(iter(candidates))
        if candidates:
            row.error(label, messages.PARENT_AMBIGUOUS % {"code": code})
        else:
            row.error(label, messages.PARENT_NOT_FOUND % {"code": code})
        return _UNSET

    def _show(self, key: str, value: Any) -> str:
        if value is None:
            return ""
        if key == "responsible_unit":
            return str(value.code)
        if key == "is_iku":
            return str(layout.YES if value else layout.NO)
        if key in self.shown_choices:
            return self.shown_choices[key].get(value, value)
        if isinstance(value, Decimal):
            return show_number(value)
        return str(value)

    def _plan_fields(self, row: RowPlan, values_new: dict[str, Any]) -> None:
        """Keep, for an existing indicator, only the fields that change; list the changes."""
        existing = row.indicator
        targets = row.changes
        row.changes = []
        for key, value in values_new.items():
            if existing is not None:
                old = getattr(existing, key)
                if key == "responsible_unit":
                    same = existing.responsible_unit_id == value.pk
                else:
                    same = old == value
                if same:
                    continue
            else:
                old = None
                if value in (None, ""):
                    continue
            row.fields[key] = value
            row.change(key, self.labels[key], self._show(key, old), self._show(key, value))
        if row.parent_key is not _UNSET:
            old_key = None
            if existing is not None and existing.parent is not None:
                old_key = _key_of(existing.parent)
            if existing is None or old_key != row.parent_key:
                if existing is not None or row.parent_key is not None:
                    row.change(
                        "parent",
                        self.labels["parent"],
                        layout.parent_reference(row.key, old_key) if old_key else "",
                        layout.parent_reference(row.key, row.parent_key) if row.parent_key else "",
                    )
            else:
                row.parent_key = _UNSET  # unchanged: leave the parent alone
        # Fields first, then the targets, in the order of the sheet.
        row.changes.extend(targets)

    # --- across rows -----------------------------------------------------------------------

    def finish(self, section: Section, preview: Preview) -> None:
        """Refuse parent links that would loop (A under B under A) once the whole file is applied."""
        context = self.context
        assert context is not None
        parent_of = dict(context.parent_of)
        rows: list[RowPlan] = section.rows
        for row in rows:
            if row.parent_key is not _UNSET and not row.errors:
                parent_of[row.key] = row.parent_key
        for row in rows:
            if row.errors or row.parent_key in (_UNSET, None):
                continue
            node = row.parent_key
            for _step in range(len(parent_of) + 1):
                if node is None:
                    break
                if node == row.key:
                    row.error(self.labels["parent"], messages.PARENT_CYCLE)
                    break
                node = parent_of.get(node)


def _year_of(text: str, patterns: list[re.Pattern[str]]) -> int | None:
    for pattern in patterns:
        match = pattern.match(text)
        if match:
            return int(match.group(1))
    return None


def _number_cell(row: RowPlan, label: str, value: Any) -> Any:
    try:
        return parse_number(value)
    except CellError as exc:
        row.error(label, exc.args[0])
        return _BAD


def _target_ok(
    row: RowPlan,
    kind: str,
    low: Decimal | None,
    high: Decimal | None,
    low_label: str,
    high_label: str,
    valid: ValidRange,
) -> bool:
    try:
        services.check_target(kind, low, high, valid=valid)
    except ValidationError as exc:
        # The missing or superfluous high value belongs to the "(atas)" column.
        about_high = (kind == TargetKind.RANGE and high is None and low is not None) or (
            kind != TargetKind.RANGE and high is not None and low is not None
        )
        row.error(high_label if about_high else low_label, exc.messages[0])
        return False
    return True


class PlanImporter(ExcelImporter):
    """The plan's import: one sheet, Indikator, checked against one Renstra."""

    def __init__(self, *, user: Viewer, renstra: Renstra) -> None:
        self.user = user
        self.renstra = renstra
        self.sheet = IndicatorSheet(renstra)

    def new_preview(self) -> ImportPlan:
        return ImportPlan(renstra=self.renstra)

    def readers(self) -> list[SheetReader[Any]]:
        return [self.sheet]

    def load(self, preview: Preview) -> None:
        context = _Context.load(self.user, self.renstra)
        self.sheet.context = context
        assert isinstance(preview, ImportPlan)
        preview.existing = context.indicators


def parse_workbook(
    source: str | Any, *, user: Viewer, renstra: Renstra, rows_cache: Path | None = None
) -> ImportPlan:
    """Read the Indikator sheet and plan every row; writes nothing. With ``rows_cache`` the rows
    read are kept there, and read from there the next time (sakip.core.imports.rowcache)."""
    plan = PlanImporter(user=user, renstra=renstra).parse(source, rows_cache=rows_cache)
    assert isinstance(plan, ImportPlan)
    return plan


# --- applying --------------------------------------------------------------------------------


@dataclass
class ApplyResult:
    created: int = 0
    updated: int = 0


def _column_for(field_name: str) -> str | None:
    if field_name in _LABELS:
        return _label(field_name)
    if field_name.startswith("target_") and field_name[7:].isdigit():
        return target_label(int(field_name[7:]))
    if field_name == "objective":
        return _label("objective_code")
    return None


def _record(row: RowPlan, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, problems in exc.error_dict.items():
            for problem in problems:
                for text in problem.messages:
                    row.error(_column_for(name), text)
    else:
        for text in exc.messages:
            row.error(None, text)


def apply_plan(plan: ImportPlan, *, actor: Actor) -> ApplyResult | None:
    """Write every row through the planning services in one transaction; None (and nothing
    written) if any row fails, with the errors added to the rows (or, for a conflict with a save
    made meanwhile, to the file)."""
    if plan.has_errors or plan.renstra is None:
        return None
    rows: dict[int, RowPlan] = {}
    items: dict[Key, services.IndicatorImport] = {}
    for row in plan.rows:
        if row.action not in (RowAction.NEW, RowAction.UPDATE):
            continue
        assert row.objective is not None  # rows without one carry an error
        item = services.IndicatorImport(
            ref=row.row,
            objective=row.objective,
            code=row.code,
            indicator=row.indicator,
            fields=dict(row.fields),
            targets=dict(row.targets),
        )
        if row.parent_key is not _UNSET:
            item.parent = (
                None
                if row.parent_key is None
                else items.get(row.parent_key) or plan.existing[row.parent_key]
            )
        rows[row.row] = row
        items[row.key] = item
    try:
        created, updated = services.indicators_import(
            actor=actor, renstra=plan.renstra, items=list(items.values())
        )
    except services.IndicatorsRefused as refused:
        for ref, exc in refused.refused.items():
            _record(rows[ref], exc)
        return None
    except DatabaseError:
        # A save made between the check and the write (e.g. the same new code): nothing written.
        plan.file_errors.append(str(messages.SAVE_CONFLICT))
        return None
    return ApplyResult(created=created, updated=updated)
