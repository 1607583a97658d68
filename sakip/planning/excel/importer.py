"""Import of indicators and targets from the Indikator sheet: open safely, parse, validate, apply.

parse_workbook() only reads: it returns an ImportPlan with, per row, the action (new / update /
no change), the field changes and the errors in Indonesian. apply_plan() writes the whole plan
through the planning services in one transaction: one failing row and nothing is written.
Goals and objectives are never created here; they must already exist in the Renstra.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.functional import Promise
from openpyxl.workbook.workbook import Workbook

from sakip.core.numbers import NumberError, storage_problem
from sakip.core.numbers import parse_number as parse_typed_number
from sakip.core.xlsx import SheetRow, formula_issues, load_upload, read_rows
from sakip.measurement.formatting import format_decimal_id
from sakip.measurement.plausibility import ValidRange
from sakip.organization.models import Unit

from .. import errors, services
from ..choices import Aggregation, Polarity, TargetKind
from ..models import Goal, Indicator, Objective, Renstra
from . import layout, messages

ZIP_MAGIC = b"PK\x03\x04"
# An XLSX is a zip of XML: refuse archives that unpack to more than this (zip bombs).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 200
MAX_DIGITS = 20  # indicator values: DecimalField(max_digits=20, decimal_places=4)
MAX_DECIMALS = 4

Key = tuple[str, str, str]  # (goal code, objective code, indicator code)


class ImportFileError(Exception):
    """The upload is not a workbook we can read; the message is for the user."""


# --- opening the file ------------------------------------------------------------------------


def _rewind(source: Any) -> None:
    if hasattr(source, "seek"):
        source.seek(0)


def open_workbook(source: str | Any) -> Workbook:
    """Open an uploaded XLSX read-only, after checking it really is one (magic bytes, zip, size).

    Formulas stay formulas (sakip.core.xlsx.load_upload): the importers refuse them with
    ``read_rows`` and ``formula_issues`` instead of reading their cached value or nothing.
    """
    try:
        if hasattr(source, "read"):
            _rewind(source)
            head = source.read(4)
        else:
            with open(source, "rb") as handle:
                head = handle.read(4)
        if head != ZIP_MAGIC:
            raise ImportFileError(str(messages.INVALID_FILE))
        _rewind(source)
        with zipfile.ZipFile(source) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ImportFileError(str(messages.FILE_CONTENT_TOO_LARGE))
            if archive.testzip() is not None:
                raise ImportFileError(str(messages.INVALID_FILE))
        _rewind(source)
        return load_upload(source)
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure to read means "not a valid xlsx"
        raise ImportFileError(str(messages.INVALID_FILE)) from exc


def check_upload(source: Any) -> None:
    """Raise ImportFileError unless openpyxl can open the upload."""
    open_workbook(source).close()
    _rewind(source)


# --- the result of parsing -------------------------------------------------------------------


class RowAction:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass
class RowIssue:
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column:
            return str(messages.ROW_COLUMN_ERROR) % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return str(messages.ROW_ERROR) % {"row": self.row, "message": self.message}


@dataclass
class Change:
    key: str
    label: str
    old: str
    new: str


_UNSET: Any = object()


@dataclass
class RowPlan:
    """One data row of the sheet and what applying it would do."""

    row: int
    goal_code: str = ""
    objective_code: str = ""
    code: str = ""
    name: str = ""
    objective: Objective | None = None
    indicator: Indicator | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    parent_key: Any = _UNSET  # Key, None (no parent), or _UNSET (column absent: keep)
    targets: dict[int, services.TargetValue] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)

    @property
    def key(self) -> Key:
        return (self.goal_code, self.objective_code, self.code)

    @property
    def action(self) -> str:
        if self.errors:
            return RowAction.ERROR
        if self.indicator is None:
            return RowAction.NEW
        return RowAction.UPDATE if self.changes else RowAction.UNCHANGED

    def error(self, column: Any, message: Any) -> None:
        self.errors.append(RowIssue(self.row, str(column) if column else None, str(message)))


@dataclass
class ImportPlan:
    renstra: Renstra
    rows: list[RowPlan] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    # Indicators of the Renstra by key, to attach parents when applying.
    existing: dict[Key, Indicator] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.errors for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(
            (RowAction.NEW, RowAction.UPDATE, RowAction.UNCHANGED, RowAction.ERROR), 0
        )
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def has_changes(self) -> bool:
        return any(r.action in (RowAction.NEW, RowAction.UPDATE) for r in self.rows)

    @property
    def issues(self) -> list[str]:
        return [*self.file_errors, *(str(i) for r in self.rows for i in r.errors)]

    def digest(self) -> str:
        """A fingerprint of what applying would do, to notice data that changed after preview."""
        summary = [[r.row, r.action, [[c.key, c.old, c.new] for c in r.changes]] for r in self.rows]
        return hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()


# --- cell values -----------------------------------------------------------------------------


class CellError(Exception):
    pass


def parse_number(
    value: Any, *, places: int = MAX_DECIMALS, max_digits: int = MAX_DIGITS, money: bool = False
) -> Decimal | None:
    """A number from a cell: a numeric cell as Excel holds it, or text read by the one strict
    parser of the active language (sakip.core.numbers: "1.250" is 1250 in Indonesian, "1.25" is
    refused), and refused when the database could not store it exactly."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(messages.NOT_A_NUMBER)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(messages.NOT_A_NUMBER)
        # Excel keeps 15 significant digits; more would be binary noise (0.30000000000000004).
        number = Decimal(format(value, ".15g"))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        if not value.strip():
            return None
        try:
            number = parse_typed_number(value, money=money)
        except NumberError as exc:
            raise CellError(exc.message) from None
    else:
        raise CellError(messages.NOT_A_NUMBER)
    problem = storage_problem(number, places=places, max_digits=max_digits)
    if problem is not None:
        raise CellError(problem.message)
    return number


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(layout.YES if value else layout.NO)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(value, ".15g")
    return str(value).strip()


def show_number(value: Decimal | None) -> str:
    """A number as the preview shows it: Indonesian format, no trailing zeros (80; 95,5612)."""
    if value is None:
        return ""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_decimal_id(value, places)


def show_target(low: Decimal | None, high: Decimal | None) -> str:
    if low is None:
        return ""
    if high is None:
        return show_number(low)
    return f"{show_number(low)} – {show_number(high)}"


# --- the header ------------------------------------------------------------------------------


@dataclass
class Columns:
    """Where each known column sits in the sheet (0-based indexes)."""

    fixed: dict[str, int] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)
    years_high: dict[int, int] = field(default_factory=dict)

    def has(self, key: str) -> bool:
        return key in self.fixed


def target_label(year: int) -> str:
    return str(layout.TARGET_LABEL) % {"year": year}


def target_high_label(year: int) -> str:
    return str(layout.TARGET_HIGH_LABEL) % {"year": year}


def _read_header(header: Iterable[Any], renstra: Renstra, plan: ImportPlan) -> Columns:
    columns = Columns()
    lookup: dict[str, str] = {}
    for column in (*layout.INDICATOR_COLUMNS, layout.END_TARGET, layout.END_TARGET_HIGH):
        for form in layout.variants(column.label):
            lookup[form] = column.key
    low_patterns = layout.year_pattern(layout.TARGET_LABEL)
    high_patterns = layout.year_pattern(layout.TARGET_HIGH_LABEL)

    def year_of(text: str, patterns: list[re.Pattern[str]]) -> int | None:
        for pattern in patterns:
            match = pattern.match(text)
            if match:
                return int(match.group(1))
        return None

    for index, raw in enumerate(header):
        if raw is None or not str(raw).strip():
            continue
        text = layout.normalize(cell_text(raw))
        shown = cell_text(raw)
        key = lookup.get(text)
        if key is not None:
            if key in columns.fixed:
                plan.file_errors.append(str(messages.COLUMN_DUPLICATE % {"column": shown}))
            columns.fixed[key] = index
            continue
        for patterns, target in (
            (high_patterns, columns.years_high),
            (low_patterns, columns.years),
        ):
            year = year_of(text, patterns)
            if year is None:
                continue
            try:
                services.check_year_in_renstra(renstra, year)
            except ValidationError as exc:
                plan.file_errors.append(
                    str(messages.COLUMN_ERROR % {"column": shown, "message": exc.messages[0]})
                )
            else:
                if year in target:
                    plan.file_errors.append(str(messages.COLUMN_DUPLICATE % {"column": shown}))
                target[year] = index
            break
        # Any other column (a note the planner added) is ignored.

    missing = [
        str(c.label) for c in layout.INDICATOR_COLUMNS if c.required and not columns.has(c.key)
    ]
    if missing:
        plan.file_errors.append(
            str(
                messages.COLUMNS_MISSING
                % {"sheet": layout.INDICATOR_SHEET, "columns": ", ".join(missing)}
            )
        )
    for year in sorted(set(columns.years_high) - set(columns.years)):
        plan.file_errors.append(
            str(
                messages.HIGH_COLUMN_WITHOUT_BASE
                % {"column": target_high_label(year), "base": target_label(year)}
            )
        )
    if columns.has("end_target_high") and not columns.has("end_target_low"):
        plan.file_errors.append(
            str(
                messages.HIGH_COLUMN_WITHOUT_BASE
                % {"column": layout.END_TARGET_HIGH.label, "base": layout.END_TARGET.label}
            )
        )
    return columns


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
    def load(cls, user: Any, renstra: Renstra) -> _Context:
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


# --- parsing ---------------------------------------------------------------------------------


def _find_sheet(workbook: Workbook) -> Any:
    wanted = layout.variants(layout.INDICATOR_SHEET)
    for name in workbook.sheetnames:
        if layout.normalize(name) in wanted:
            return workbook[name]
    return None


Rows = list[SheetRow]


def sheet_rows(sheet: Any) -> tuple[SheetRow, Rows]:
    """The header (row 1) and the non-blank data rows of a sheet, numbered as Excel shows them,
    each with its formulas apart (a row holding only a formula is not blank).

    Raises ImportFileError past MAX_ROWS data rows: a file that large is refused whole.
    """
    header = SheetRow(1, (), {})
    rows: Rows = []
    for row in read_rows(sheet, max_col=MAX_COLUMNS):
        if row.number == 1:
            header = row
            continue
        if row.is_blank():
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(str(messages.TOO_MANY_ROWS % {"max": MAX_ROWS}))
        rows.append(row)
    return header, rows


def parse_workbook(source: str | Any, *, user: Any, renstra: Renstra) -> ImportPlan:
    """Read the Indikator sheet and plan every row; writes nothing."""
    plan = ImportPlan(renstra=renstra)
    try:
        workbook = open_workbook(source)
    except ImportFileError as exc:
        plan.file_errors.append(str(exc))
        return plan
    try:
        sheet = _find_sheet(workbook)
        if sheet is None:
            plan.file_errors.append(str(messages.SHEET_MISSING % {"sheet": layout.INDICATOR_SHEET}))
            return plan
        header, rows = sheet_rows(sheet)
    except ImportFileError as exc:
        plan.file_errors.append(str(exc))
        return plan
    except Exception:  # noqa: BLE001 - a broken sheet inside a valid zip
        plan.file_errors.append(str(messages.INVALID_FILE))
        return plan
    finally:
        workbook.close()

    for column, message in formula_issues(header, header.values):
        plan.file_errors.append(str(RowIssue(header.number, column, message)))
    columns = _read_header(header.values, renstra, plan)
    if plan.file_errors:
        return plan
    context = _Context.load(user, renstra)
    plan.existing = context.indicators
    seen: dict[Key, int] = {}
    for sheet_row in rows:
        if sheet_row.formulas:
            plan.rows.append(_formula_row(sheet_row, header.values, columns))
            continue
        row = _parse_row(sheet_row.number, sheet_row.values, columns, context, seen)
        if row is not None:
            plan.rows.append(row)
    _check_cycles(plan, context)
    if not plan.rows and not plan.file_errors:
        plan.file_errors.append(str(messages.NO_ROWS % {"sheet": layout.INDICATOR_SHEET}))
    return plan


def _formula_row(sheet_row: SheetRow, header: tuple[Any, ...], columns: Columns) -> RowPlan:
    """A row holding a formula: refused whole, each formula named by its column. Read as values,
    a formula would be empty and clear what it stands for (issue 8)."""

    def text(key: str) -> str:
        index = columns.fixed.get(key)
        values = sheet_row.values
        return cell_text(values[index]) if index is not None and index < len(values) else ""

    row = RowPlan(
        row=sheet_row.number,
        goal_code=text("goal_code"),
        objective_code=text("objective_code"),
        code=text("code"),
        name=text("name"),
    )
    for column, message in formula_issues(sheet_row, header):
        row.error(column, message)
    return row


_LABELS = {
    c.key: c.label for c in (*layout.INDICATOR_COLUMNS, layout.END_TARGET, layout.END_TARGET_HIGH)
}
_INFO_KEYS = {"goal_code", "goal", "objective_code", "objective"}


def _label(key: str) -> str:
    return str(_LABELS[key])


def _choice(
    row: RowPlan, key: str, raw: Any, lookup: dict[str, str], shown: Iterable[Promise]
) -> str | None:
    text = cell_text(raw)
    if not text:
        return None
    value = lookup.get(layout.normalize(text))
    if value is None:
        row.error(
            _label(key),
            messages.CHOICE_INVALID % {"value": text, "choices": ", ".join(str(s) for s in shown)},
        )
    return value


def _parse_row(
    number: int,
    values: tuple[Any, ...],
    columns: Columns,
    context: _Context,
    seen: dict[Key, int],
) -> RowPlan | None:
    def raw(key: str) -> Any:
        index = columns.fixed.get(key)
        return values[index] if index is not None and index < len(values) else None

    def at(index: int | None) -> Any:
        return values[index] if index is not None and index < len(values) else None

    indicator_cells = [raw(k) for k in columns.fixed if k not in _INFO_KEYS]
    indicator_cells += [at(i) for i in (*columns.years.values(), *columns.years_high.values())]
    if all(cell_text(v) == "" for v in indicator_cells):
        return None  # a goal/objective line without an indicator: nothing to import

    row = RowPlan(row=number)
    row.goal_code = cell_text(raw("goal_code"))
    row.objective_code = cell_text(raw("objective_code"))
    row.code = cell_text(raw("code"))
    row.name = cell_text(raw("name"))

    # Where the indicator hangs: goal and objective must exist already.
    if not row.goal_code:
        row.error(_label("goal_code"), messages.REQUIRED)
    elif row.goal_code not in context.goal_codes:
        row.error(_label("goal_code"), messages.GOAL_NOT_FOUND % {"code": row.goal_code})
    if not row.objective_code:
        row.error(_label("objective_code"), messages.REQUIRED)
    elif row.goal_code in context.goal_codes:
        row.objective = context.objectives.get((row.goal_code, row.objective_code))
        if row.objective is None:
            row.error(
                _label("objective_code"),
                messages.OBJECTIVE_NOT_FOUND % {"code": row.objective_code, "goal": row.goal_code},
            )
    if not row.code:
        row.error(_label("code"), messages.REQUIRED)
    elif len(row.code) > 20:
        row.error(_label("code"), messages.TOO_LONG % {"max": 20})
    elif row.objective is not None:
        if row.key in seen:
            row.error(
                _label("code"), messages.DUPLICATE_CODE % {"code": row.code, "row": seen[row.key]}
            )
        else:
            seen[row.key] = number
        row.indicator = context.indicators.get(row.key)
    existing = row.indicator

    # Plain text fields.
    values_new: dict[str, Any] = {}
    for column in layout.INDICATOR_COLUMNS:
        if column.key not in ("name", "unit_of_measure", "definition", "data_source"):
            continue
        if not columns.has(column.key):
            continue
        text = cell_text(raw(column.key))
        if column.required and not text:
            row.error(column.label, messages.REQUIRED)
            continue
        if column.max_length and len(text) > column.max_length:
            row.error(column.label, messages.TOO_LONG % {"max": column.max_length})
            continue
        values_new[column.key] = text

    unit_code = cell_text(raw("responsible_unit"))
    if not unit_code:
        row.error(_label("responsible_unit"), messages.REQUIRED)
    else:
        unit = context.units.get(unit_code.casefold())
        if unit is None:
            row.error(
                _label("responsible_unit"),
                messages.UNIT_NOT_FOUND
                % {"code": unit_code, "agency": context.renstra.agency.name},
            )
        else:
            values_new["responsible_unit"] = unit

    if columns.has("is_iku"):
        yes_no = {form: True for form in layout.variants(layout.YES)}
        yes_no.update({form: False for form in layout.variants(layout.NO)})
        yes_no.update({"true": True, "false": False})
        text = cell_text(raw("is_iku"))
        if text:
            flag = yes_no.get(layout.normalize(text))
            if flag is None:
                row.error(
                    _label("is_iku"),
                    messages.CHOICE_INVALID
                    % {"value": text, "choices": f"{layout.YES}, {layout.NO}"},
                )
            else:
                values_new["is_iku"] = flag
    for key, labels, choices in (
        ("polarity", layout.POLARITY_LABELS, Polarity.choices),
        ("target_kind", layout.TARGET_KIND_LABELS, TargetKind.choices),
        ("aggregation", layout.AGGREGATION_LABELS, Aggregation.choices),
    ):
        if columns.has(key):
            value = _choice(
                row, key, raw(key), layout.choice_lookup(labels, choices), labels.values()
            )
            if value is not None:
                values_new[key] = value

    # The parent (cascading): in this Renstra, or a new indicator on an earlier row.
    if columns.has("parent"):
        parent_code = cell_text(raw("parent"))
        if not parent_code:
            row.parent_key = None
        elif row.objective is not None and row.code:
            row.parent_key = _resolve_parent(row, parent_code, context, seen)

    kind = values_new.get("target_kind") or (
        existing.target_kind if existing else TargetKind.SINGLE
    )
    # The sheet has no columns for the valid range: an existing indicator keeps its own, a new one
    # has the default (no negatives) until a planner sets one on its page.
    valid_range = existing.valid_range if existing else ValidRange()

    # Yearly targets; a year whose cells are both empty has no target.
    existing_targets = {t.year: t for t in existing.targets.all()} if existing else {}
    for year, index in sorted(columns.years.items()):
        low = _number_cell(row, target_label(year), at(index))
        high = _number_cell(row, target_high_label(year), at(columns.years_high.get(year)))
        if low is _BAD or high is _BAD:
            continue
        if low is None and high is None:
            target = services.TargetValue(None)
        elif not _target_ok(
            row, kind, low, high, target_label(year), target_high_label(year), valid_range
        ):
            continue
        else:
            target = services.TargetValue(low, high)
        current = existing_targets.get(year)
        old = (current.low, current.high) if current else (None, None)
        if (target.low, target.high) != old:
            row.targets[year] = target
            row.changes.append(
                Change(
                    f"target_{year}",
                    target_label(year),
                    show_target(*old),
                    show_target(target.low, target.high),
                )
            )

    if columns.has("end_target_low"):
        low = _number_cell(row, _label("end_target_low"), raw("end_target_low"))
        high = _number_cell(row, _label("end_target_high"), raw("end_target_high"))
        valid = low is not _BAD and high is not _BAD
        if valid and (
            (low is None and high is None)
            or _target_ok(
                row,
                kind,
                low,
                high,
                _label("end_target_low"),
                _label("end_target_high"),
                valid_range,
            )
        ):
            values_new["end_target_low"] = low
            values_new["end_target_high"] = high

    if row.errors:
        return row
    _plan_fields(row, values_new)
    return row


_BAD: Any = object()


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


def _resolve_parent(
    row: RowPlan, code: str, context: _Context, seen: dict[Key, int]
) -> Key | None | Any:
    earlier = {k for k in seen if k != row.key}
    own = (row.goal_code, row.objective_code, code)
    parts = tuple(p.strip() for p in code.split(layout.PARENT_SEPARATOR))
    if len(parts) == 3 and own not in context.indicators and own not in earlier:
        own = parts  # "T1/S2/IK1": a parent under another objective
    if own == row.key:
        row.error(_label("parent"), errors.PARENT_IS_SELF)
        return _UNSET
    if own in context.indicators or own in earlier:
        return own
    candidates = set(context.by_code.get(code, set())) | {k for k in earlier if k[2] == code}
    candidates.discard(row.key)
    if len(candidates) == 1:
        return next(iter(candidates))
    if candidates:
        row.error(_label("parent"), messages.PARENT_AMBIGUOUS % {"code": code})
    else:
        row.error(_label("parent"), messages.PARENT_NOT_FOUND % {"code": code})
    return _UNSET


def _show(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == "responsible_unit":
        return value.code
    if key == "is_iku":
        return str(layout.YES if value else layout.NO)
    if key == "polarity":
        return str(layout.POLARITY_LABELS.get(value, value))
    if key == "target_kind":
        return str(layout.TARGET_KIND_LABELS.get(value, value))
    if key == "aggregation":
        return str(layout.AGGREGATION_LABELS.get(value, value))
    if isinstance(value, Decimal):
        return show_number(value)
    return str(value)


def _plan_fields(row: RowPlan, values_new: dict[str, Any]) -> None:
    """Keep, for an existing indicator, only the fields that change; list the changes."""
    existing = row.indicator
    field_changes: list[Change] = []
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
        field_changes.append(Change(key, _label(key), _show(key, old), _show(key, value)))
    if row.parent_key is not _UNSET:
        old_key = None
        if existing is not None and existing.parent is not None:
            old_key = _key_of(existing.parent)
        if existing is None or old_key != row.parent_key:
            if existing is not None or row.parent_key is not None:
                field_changes.append(
                    Change(
                        "parent",
                        _label("parent"),
                        layout.parent_reference(row.key, old_key) if old_key else "",
                        layout.parent_reference(row.key, row.parent_key) if row.parent_key else "",
                    )
                )
        else:
            row.parent_key = _UNSET  # unchanged: leave the parent alone
    # Fields first, then the targets, in the order of the sheet.
    row.changes = field_changes + row.changes


def _check_cycles(plan: ImportPlan, context: _Context) -> None:
    """Refuse parent links that would loop (A under B under A) once the whole file is applied."""
    parent_of = dict(context.parent_of)
    for row in plan.rows:
        if row.parent_key is not _UNSET and not row.errors:
            parent_of[row.key] = row.parent_key
    for row in plan.rows:
        if row.errors or row.parent_key in (_UNSET, None):
            continue
        node = row.parent_key
        for _step in range(len(parent_of) + 1):
            if node is None:
                break
            if node == row.key:
                row.error(_label("parent"), messages.PARENT_CYCLE)
                break
            node = parent_of.get(node)


# --- applying --------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


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


def apply_plan(plan: ImportPlan, *, actor: Any) -> ApplyResult | None:
    """Write every row through the services in one transaction; None (and nothing written) if
    any row fails, with the errors added to the rows."""
    if plan.has_errors:
        return None
    result = ApplyResult()
    created: dict[Key, Indicator] = {}
    try:
        with transaction.atomic():
            for row in plan.rows:
                if row.action not in (RowAction.NEW, RowAction.UPDATE):
                    continue
                fields = dict(row.fields)
                if row.parent_key is not _UNSET:
                    fields["parent"] = (
                        None
                        if row.parent_key is None
                        else created.get(row.parent_key) or plan.existing[row.parent_key]
                    )
                try:
                    if row.indicator is None:
                        assert row.objective is not None  # rows without one carry an error
                        created[row.key] = services.indicator_create(
                            actor=actor,
                            objective=row.objective,
                            targets=row.targets or None,
                            code=row.code,
                            **fields,
                        )
                        result.created += 1
                    else:
                        if fields:
                            services.indicator_update(
                                actor=actor,
                                indicator=row.indicator,
                                expected_version=None,
                                targets=row.targets or None,
                                **fields,
                            )
                        else:
                            services.targets_set(
                                actor=actor, indicator=row.indicator, targets=row.targets
                            )
                        result.updated += 1
                except ValidationError as exc:
                    _record(row, exc)
                except DatabaseError:
                    row.error(None, messages.CANNOT_SAVE)
            if any(r.errors for r in plan.rows):
                raise _Rollback
    except _Rollback:
        return None
    return result
