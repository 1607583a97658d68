"""Upload of a filled quarterly template: recognise, parse, validate, preview, apply.

``parse_upload`` only reads. It refuses a file that is not this submission's template (Meta sheet:
signed identity, template version, agency, unit, year, quarter, submission) and otherwise returns an
``ExcelPreview``: per row, the cell changes (old → new) and the errors in Indonesian with row and
column. ``apply_preview`` writes every change through the cycle's ``submission_save`` in one
transaction: one failing value and nothing is written.

Opening the file safely (magic bytes, zip check, unpacked size, defusedxml) and reading numbers
("95,56", numeric cells) are the plan import's helpers, shared on purpose; a cell holding a formula
is refused with its row and column (sakip.core.xlsx), never read as its cached value or as empty.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_3
from openpyxl.workbook.workbook import Workbook

from sakip.core.xlsx import SheetRow, formula_issues, read_rows
from sakip.planning.excel.importer import (
    MAX_COLUMNS,
    MAX_ROWS,
    CellError,
    Change,
    ImportFileError,
    RowAction,
    RowIssue,
    cell_text,
    open_workbook,
    parse_number,
    show_number,
)
from sakip.planning.excel.layout import normalize, variants
from sakip.planning.excel.messages import NOT_A_NUMBER as PLAN_NOT_A_NUMBER
from sakip.planning.services import value_problem

from ..models import UnitSubmission
from ..services import (
    PHYSICAL_DIGITS,
    PHYSICAL_PLACES,
    SPENT_DIGITS,
    SPENT_PLACES,
    TEXT_MAX,
    VALUE_DIGITS,
    VALUE_PLACES,
    submission_save,
)
from . import messages
from .template import (
    CODE,
    META_SHEET,
    META_TOKEN_KEY,
    MONTH,
    PHYSICAL,
    PROBLEMS,
    PROGRESS_COLUMNS,
    PROGRESS_SHEET,
    REALISASI_SHEET,
    ROMAN,
    SOLUTIONS,
    SPENT,
    TEMPLATE_KIND,
    TEMPLATE_VERSION,
    VALUE,
    Column,
    IndicatorLine,
    ProgressLine,
    SubmissionData,
    load_submission_data,
    month_name,
    quarter_months,
    read_identity,
    realisasi_columns,
)

# Kendala and solusi are free text; a whole report pasted into one cell is a mistake.
MAX_TEXT = TEXT_MAX
# Rows scanned for the header (the template puts it on row 5, under the title).
HEADER_SEARCH_ROWS = 15
DAMAGED_WORKBOOK_ERRORS = (
    zipfile.BadZipFile,
    ParseError,
    DefusedXmlException,
    KeyError,
    EOFError,
    OSError,
)


# --- the result of parsing ---------------------------------------------------------------------


@dataclass
class RowPreview:
    """One data row of a sheet and what applying it would do."""

    row: int
    code: str
    name: str
    month: int | None = None
    line: IndicatorLine | ProgressLine | None = None
    new: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.errors:
            return RowAction.ERROR
        return RowAction.UPDATE if self.changes else RowAction.UNCHANGED

    @property
    def month_label(self) -> str:
        return month_name(self.month) if self.month else ""

    def error(self, column: Column | str | None, message: Any) -> None:
        label = column.label if isinstance(column, Column) else column
        self.errors.append(RowIssue(self.row, str(label) if label else None, str(message)))


@dataclass
class ExcelPreview:
    submission: UnitSubmission
    file_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    indicator_rows: list[RowPreview] = field(default_factory=list)
    progress_rows: list[RowPreview] = field(default_factory=list)

    @property
    def rows(self) -> list[RowPreview]:
        return [*self.indicator_rows, *self.progress_rows]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.errors for r in self.rows)

    @property
    def has_changes(self) -> bool:
        return any(r.action == RowAction.UPDATE for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def issues(self) -> list[str]:
        return [*self.file_errors, *(str(i) for r in self.rows for i in r.errors)]

    def counts(self, rows: list[RowPreview]) -> dict[str, int]:
        counts = dict.fromkeys((RowAction.UPDATE, RowAction.UNCHANGED, RowAction.ERROR), 0)
        for row in rows:
            counts[row.action] += 1
        return counts

    @property
    def indicator_counts(self) -> dict[str, int]:
        return self.counts(self.indicator_rows)

    @property
    def progress_counts(self) -> dict[str, int]:
        return self.counts(self.progress_rows)

    @property
    def shown_indicator_rows(self) -> list[RowPreview]:
        """Rows the preview lists: those that change or have errors (unchanged ones are counted)."""
        return [r for r in self.indicator_rows if r.action != RowAction.UNCHANGED]

    @property
    def shown_progress_rows(self) -> list[RowPreview]:
        return [r for r in self.progress_rows if r.action != RowAction.UNCHANGED]

    @property
    def indicator_errors(self) -> list[RowIssue]:
        return [issue for r in self.indicator_rows for issue in r.errors]

    @property
    def progress_errors(self) -> list[RowIssue]:
        return [issue for r in self.progress_rows for issue in r.errors]

    @property
    def changed_indicator_rows(self) -> list[RowPreview]:
        return [r for r in self.indicator_rows if r.action == RowAction.UPDATE]

    @property
    def changed_progress_rows(self) -> list[RowPreview]:
        return [r for r in self.progress_rows if r.action == RowAction.UPDATE]

    def digest(self) -> str:
        """A fingerprint of what applying would do, to notice data that changed after preview."""
        summary = [
            self.submission.pk,
            [
                [r.row, r.code, r.month, r.action, [[c.key, c.old, c.new] for c in r.changes]]
                for r in self.rows
            ],
        ]
        return hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()

    # What submission_save takes (contract in the cycle's services).
    def values(self) -> dict[int, tuple[Decimal | None, str, str]]:
        found: dict[int, tuple[Decimal | None, str, str]] = {}
        for row in self.changed_indicator_rows:
            assert isinstance(row.line, IndicatorLine)
            found[row.line.indicator.pk] = (
                row.new["value"],
                row.new["problems"],
                row.new["solutions"],
            )
        return found

    def progress(self) -> dict[tuple[int, int], tuple[Decimal | None, Decimal | None]]:
        found: dict[tuple[int, int], tuple[Decimal | None, Decimal | None]] = {}
        for row in self.changed_progress_rows:
            assert isinstance(row.line, ProgressLine)
            found[(row.line.sub_activity.pk, row.line.month)] = (
                row.new["physical_percent"],
                row.new["budget_spent"],
            )
        return found


# --- recognising the template ------------------------------------------------------------------


def _subject(identity: dict[str, Any]) -> str:
    return str(messages.TEMPLATE_SUBJECT) % {
        "unit": identity.get("unit_name") or identity.get("unit_code") or "?",
        "quarter": ROMAN.get(identity.get("quarter"), "?"),  # type: ignore[arg-type]
        "year": identity.get("year") or "?",
        "agency": identity.get("agency_name") or identity.get("agency_code") or "?",
    }


def _check_identity(workbook: Workbook, submission: UnitSubmission) -> tuple[str | None, bool]:
    """(file error, data changed since download) of the Meta sheet against the submission."""
    if META_SHEET not in workbook.sheetnames:
        return str(messages.NOT_A_TEMPLATE), False
    token = None
    for row in workbook[META_SHEET].iter_rows(max_row=50, max_col=2, values_only=True):
        if row and cell_text(row[0]) == META_TOKEN_KEY and len(row) > 1:
            token = cell_text(row[1])
            break
    identity = read_identity(token) if token else None
    if identity is None or identity.get("kind") != TEMPLATE_KIND:
        return str(messages.NOT_A_TEMPLATE), False
    if identity.get("version") != TEMPLATE_VERSION:
        return (
            str(messages.OLD_TEMPLATE)
            % {"found": identity.get("version"), "current": TEMPLATE_VERSION},
            False,
        )
    period = submission.period
    expected = {
        "agency": period.agency_id,
        "unit": submission.unit_id,
        "year": period.year,
        "quarter": period.quarter,
        "submission": submission.pk,
    }
    if any(identity.get(key) != value for key, value in expected.items()):
        current = {
            "unit_name": submission.unit.name,
            "quarter": period.quarter,
            "year": period.year,
            "agency_name": period.agency.name,
        }
        return (
            str(messages.WRONG_TEMPLATE)
            % {"found": _subject(identity), "expected": _subject(current)},
            False,
        )
    return None, identity.get("data_version") != submission.version


# --- reading a sheet ---------------------------------------------------------------------------


def _find_sheet(workbook: Workbook, label: Any) -> Any:
    wanted = variants(label)
    for name in workbook.sheetnames:
        if normalize(name) in wanted:
            return workbook[name]
    return None


@dataclass
class _Sheet:
    name: str
    header_row: int
    columns: dict[str, int]  # column key -> 0-based index
    header: tuple[Any, ...]  # the titles of the header row, to name a column in an error
    rows: Iterator[SheetRow]


def _open_sheet(
    workbook: Workbook, label: Any, columns: list[Column], preview: ExcelPreview
) -> _Sheet | None:
    sheet = _find_sheet(workbook, label)
    if sheet is None:
        preview.file_errors.append(str(messages.SHEET_MISSING % {"sheet": label}))
        return None
    lookup: dict[str, str] = {}
    for column in columns:
        for form in variants(column.label):
            lookup[form] = column.key
    required = [c for c in columns if c.required]
    best: dict[str, int] = {}
    header_row = 0
    header = SheetRow(0, (), {})
    for sheet_row in read_rows(sheet, max_col=MAX_COLUMNS):
        number = sheet_row.number
        found: dict[str, int] = {}
        duplicates: list[str] = []
        for index, raw in enumerate(sheet_row.values):
            key = lookup.get(normalize(cell_text(raw))) if raw is not None else None
            if key is None:
                continue
            if key in found:
                duplicates.append(cell_text(raw))
            found[key] = index
        if CODE.key in found and len(found) > len(best):
            best, header_row, header = found, number, sheet_row
            if all(c.key in found for c in required):
                for shown in duplicates:
                    preview.file_errors.append(
                        str(messages.COLUMN_DUPLICATE % {"column": shown, "sheet": label})
                    )
                break
        if number >= HEADER_SEARCH_ROWS:
            break
    missing = [str(c.label) for c in required if c.key not in best]
    if missing:
        preview.file_errors.append(
            str(messages.COLUMNS_MISSING % {"sheet": label, "columns": ", ".join(missing)})
        )
        return None
    for where, message in formula_issues(header, header.values):
        preview.file_errors.append(str(RowIssue(header_row, where, message)))

    def data_rows() -> Iterator[SheetRow]:
        # A row holding only a formula is not blank: it is refused, not skipped.
        for row in read_rows(sheet, min_row=header_row + 1, max_col=MAX_COLUMNS):
            if row.formulas or any(
                value is not None and cell_text(value) != "" for value in row.values
            ):
                yield row

    return _Sheet(str(label), header_row, best, header.values, data_rows())


def _refuse_formulas(row: RowPreview, sheet_row: SheetRow, sheet: _Sheet) -> bool:
    """Refuse a row holding a formula (True), each formula named by its column: read as values,
    it would be empty and clear the stored realisasi or kendala (issue 8)."""
    for column, message in formula_issues(sheet_row, sheet.header):
        row.error(column, message)
    return bool(sheet_row.formulas)


def _cell(row: tuple[Any, ...], sheet: _Sheet, key: str) -> Any:
    index = sheet.columns.get(key)
    if index is None or index >= len(row):
        return None
    return row[index]


def _number(
    preview_row: RowPreview,
    column: Column,
    raw: Any,
    *,
    places: int,
    digits: int,
    money: bool = False,
) -> tuple[Decimal | None, bool]:
    """(value, ok) of a numeric cell, read like the entry form reads the same input (one parser,
    the same places and digits); errors go to the row with the value the user typed."""
    try:
        value = parse_number(raw, places=places, max_digits=digits, money=money)
    except CellError as exc:
        message = exc.args[0] if exc.args else PLAN_NOT_A_NUMBER
        if str(message) == str(PLAN_NOT_A_NUMBER):
            message = messages.NOT_A_NUMBER % {"value": cell_text(raw)}
        preview_row.error(column, message)
        return None, False
    return value, True


def _text(preview_row: RowPreview, column: Column, raw: Any) -> str:
    text = cell_text(raw)
    if len(text) > MAX_TEXT:
        preview_row.error(column, messages.TOO_LONG % {"max": MAX_TEXT})
    return text


def _change(row: RowPreview, column: Column, old: str, new: str) -> None:
    row.changes.append(Change(column.key, str(column.label), old, new))


# --- the Realisasi sheet -----------------------------------------------------------------------


def _parse_realisasi(sheet: _Sheet, data: SubmissionData, preview: ExcelPreview) -> None:
    lines = data.indicator_lines()
    seen: dict[str, int] = {}
    for sheet_row in sheet.rows:
        number, raw_row = sheet_row.number, sheet_row.values
        if number - sheet.header_row > MAX_ROWS:
            preview.file_errors.append(
                str(messages.TOO_MANY_ROWS % {"sheet": sheet.name, "max": MAX_ROWS})
            )
            return
        code = cell_text(_cell(raw_row, sheet, CODE.key))
        row = RowPreview(row=number, code=code, name=cell_text(_cell(raw_row, sheet, "name")))
        preview.indicator_rows.append(row)
        if _refuse_formulas(row, sheet_row, sheet):
            continue
        if not code:
            row.error(CODE, messages.REQUIRED)
            continue
        line = lines.get(code.casefold())
        if line is None:
            row.error(CODE, messages.UNKNOWN_INDICATOR % {"code": code})
            continue
        row.line = line
        row.name = line.indicator.name
        if code.casefold() in seen:
            row.error(
                CODE, messages.DUPLICATE_INDICATOR % {"code": code, "row": seen[code.casefold()]}
            )
            continue
        seen[code.casefold()] = number

        value, _ok = _number(
            row, VALUE, _cell(raw_row, sheet, VALUE.key), places=VALUE_PLACES, digits=VALUE_DIGITS
        )
        implausible = value_problem(line.indicator.valid_range, value)
        if implausible is not None:
            row.error(VALUE, implausible)
        problems = _text(row, PROBLEMS, _cell(raw_row, sheet, PROBLEMS.key))
        solutions = _text(row, SOLUTIONS, _cell(raw_row, sheet, SOLUTIONS.key))
        if row.errors:
            continue
        row.new = {"value": value, "problems": problems, "solutions": solutions}
        if value != line.value:
            _change(row, VALUE, show_number(line.value), show_number(value))
        if problems != line.problems.strip():
            _change(row, PROBLEMS, line.problems, problems)
        if solutions != line.solutions.strip():
            _change(row, SOLUTIONS, line.solutions, solutions)
        if not row.changes:
            continue
        # Whitespace-only differences are not changes: keep the stored text then.
        if problems == line.problems.strip():
            row.new["problems"] = line.problems
        if solutions == line.solutions.strip():
            row.new["solutions"] = line.solutions

    missing = len(lines) - len(seen)
    if missing and not preview.file_errors:
        preview.warnings.append(str(messages.ROWS_NOT_IN_FILE % {"count": missing}))


# --- the Progres Bulanan sheet -----------------------------------------------------------------


def _month_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    languages = [code for code, _name in settings.LANGUAGES]
    for language in [translation.get_language(), *languages]:
        with translation.override(language):
            for number in range(1, 13):
                lookup[normalize(MONTHS[number])] = number
                lookup[normalize(MONTHS_3[number])] = number
    return lookup


def _month(row: RowPreview, raw: Any, lookup: dict[str, int], quarter: int) -> int | None:
    month: int | None = None
    if isinstance(raw, datetime.date):
        month = raw.month
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        month = int(raw)
    else:
        text = cell_text(raw)
        if not text:
            row.error(MONTH, messages.REQUIRED)
            return None
        month = int(text) if text.isdigit() else lookup.get(normalize(text))
    if month is None or not 1 <= month <= 12:
        row.error(MONTH, messages.MONTH_UNKNOWN % {"value": cell_text(raw)})
        return None
    months = quarter_months(quarter)
    if month not in months:
        row.error(
            MONTH,
            messages.MONTH_OUTSIDE_QUARTER
            % {
                "month": month_name(month),
                "quarter": ROMAN[quarter],
                "months": f"{month_name(months[0])}–{month_name(months[-1])}",
            },
        )
        return None
    return month


def _parse_progress(sheet: _Sheet, data: SubmissionData, preview: ExcelPreview) -> None:
    lines = data.progress_lines()
    lookup = _month_lookup()
    seen: dict[tuple[str, int], int] = {}
    for sheet_row in sheet.rows:
        number, raw_row = sheet_row.number, sheet_row.values
        if number - sheet.header_row > MAX_ROWS:
            preview.file_errors.append(
                str(messages.TOO_MANY_ROWS % {"sheet": sheet.name, "max": MAX_ROWS})
            )
            return
        code = cell_text(_cell(raw_row, sheet, CODE.key))
        row = RowPreview(row=number, code=code, name=cell_text(_cell(raw_row, sheet, "name")))
        preview.progress_rows.append(row)
        if _refuse_formulas(row, sheet_row, sheet):
            continue
        if not code:
            row.error(CODE, messages.REQUIRED)
        month = _month(row, _cell(raw_row, sheet, MONTH.key), lookup, data.quarter)
        row.month = month
        physical, _ok = _number(
            row,
            PHYSICAL,
            _cell(raw_row, sheet, PHYSICAL.key),
            places=PHYSICAL_PLACES,
            digits=PHYSICAL_DIGITS,
        )
        spent, _ok = _number(
            row,
            SPENT,
            _cell(raw_row, sheet, SPENT.key),
            places=SPENT_PLACES,
            digits=SPENT_DIGITS,
            money=True,
        )
        if physical is not None and not Decimal(0) <= physical <= Decimal(100):
            row.error(PHYSICAL, messages.PERCENT_RANGE % {"value": show_number(physical)})
        if spent is not None and spent < 0:
            row.error(SPENT, messages.NEGATIVE_BUDGET % {"value": show_number(spent)})
        if not code or month is None:
            continue
        key = (code.casefold(), month)
        line = lines.get(key)
        if line is None:
            if not any(c == code.casefold() for c, _m in lines):
                row.error(CODE, messages.UNKNOWN_SUB_ACTIVITY % {"code": code})
            continue
        row.line = line
        row.name = line.sub_activity.name
        if key in seen:
            row.error(
                CODE,
                messages.DUPLICATE_PROGRESS
                % {"code": code, "month": month_name(month), "row": seen[key]},
            )
            continue
        seen[key] = number
        if row.errors:
            continue
        row.new = {"physical_percent": physical, "budget_spent": spent}
        if physical != line.physical_percent:
            _change(row, PHYSICAL, show_number(line.physical_percent), show_number(physical))
        if spent != line.budget_spent:
            _change(row, SPENT, show_number(line.budget_spent), show_number(spent))
        if spent is not None and line.pagu is not None and spent > line.pagu:
            preview.warnings.append(
                str(messages.SPENT_ABOVE_PAGU)
                % {"row": number, "spent": show_number(spent), "pagu": show_number(line.pagu)}
            )


# --- entry points --------------------------------------------------------------------------------


def parse_upload(source: Any, *, submission: UnitSubmission) -> ExcelPreview:
    """Read a filled template (a path or a file object) into a preview of the submission's changes."""
    preview = ExcelPreview(submission=submission)
    try:
        workbook = open_workbook(source)
    except ImportFileError as exc:
        preview.file_errors.append(str(exc))
        return preview
    try:
        problem, changed = _check_identity(workbook, submission)
        if problem:
            preview.file_errors.append(problem)
            return preview
        if changed:
            preview.warnings.append(str(messages.DATA_CHANGED_SINCE_DOWNLOAD))
        realisasi = _open_sheet(
            workbook, REALISASI_SHEET, realisasi_columns(submission.period.quarter), preview
        )
        progress = _open_sheet(workbook, PROGRESS_SHEET, list(PROGRESS_COLUMNS), preview)
        if realisasi is None or progress is None:
            return preview
        data = load_submission_data(submission)
        _parse_realisasi(realisasi, data, preview)
        _parse_progress(progress, data, preview)
    except DAMAGED_WORKBOOK_ERRORS:
        # openpyxl reads the sheets of a read-only workbook lazily: damage shows up only now.
        preview.file_errors.append(str(messages.INVALID_FILE))
    finally:
        workbook.close()
    return preview


@dataclass
class ApplyResult:
    indicators: int
    progress: int


def apply_preview(
    preview: ExcelPreview, *, actor: Any, expected_version: int | None
) -> ApplyResult:
    """Write every change of a clean preview through submission_save, all or nothing.

    Raises ValidationError (the service's, e.g. a stale version or a closed submission) with
    nothing written.
    """
    if preview.has_errors:
        raise ValidationError(str(messages.HAS_ERRORS))
    values = preview.values()
    progress = preview.progress()
    with transaction.atomic():
        submission_save(
            actor=actor,
            submission=preview.submission,
            expected_version=expected_version,
            values=values,
            progress=progress,
        )
    return ApplyResult(indicators=len(values), progress=len(progress))
