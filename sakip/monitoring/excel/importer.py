"""Upload of a filled quarterly template, on the import framework (sakip.core.imports): what this
import reads and how it applies.

``parse_upload`` only reads. It refuses a file that is not this submission's template (Meta sheet:
signed identity, template version, agency, unit, year, quarter, submission) and otherwise returns an
``ExcelPreview``: per row of the Realisasi and Progres Bulanan sheets, the cell changes (old → new)
and the errors in Indonesian with row and column. ``apply_preview`` writes every change through the
cycle's ``submission_save`` in one transaction: one failing value and nothing is written.

Opening the file safely, finding each sheet's header under the template's title rows, reading
numbers ("95,56", numeric cells) and refusing formulas (row and column named, never read as their
cached value or as empty) are the framework's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor
from sakip.core.imports import (
    Cell,
    CellError,
    Cells,
    ExcelImporter,
    ImportRow,
    Preview,
    RowAction,
    RowIssue,
    Section,
    SheetMessages,
    SheetReader,
    cell_text,
    normalize,
    parse_number,
    show_number,
)
from sakip.core.imports.messages import NOT_A_NUMBER as FRAMEWORK_NOT_A_NUMBER
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
# Rows searched for the header (the template puts it on row 5, under the title).
HEADER_SEARCH_ROWS = 15


# --- the result of parsing ---------------------------------------------------------------------


@dataclass
class RowPreview(ImportRow):
    """One data row of a sheet and what applying it would do."""

    code: str = ""
    name: str = ""
    month: int | None = None
    line: IndicatorLine | ProgressLine | None = None
    new: dict[str, Any] = field(default_factory=dict)

    @property
    def month_label(self) -> str:
        return month_name(self.month) if self.month else ""

    def identity(self) -> list[Any]:
        return [self.code, self.month]

    def cells(self) -> list[Cell]:
        return [Cell(strong=self.code or "—", nowrap=True), Cell(self.name)]

    def error(self, column: Column | Any, message: Any) -> None:
        label = column.label if isinstance(column, Column) else column
        super().error(label, message)


@dataclass
class ProgressRowPreview(RowPreview):
    """A row of the Progres Bulanan sheet: one sub-activity in one month."""

    def cells(self) -> list[Cell]:
        return [*super().cells(), Cell(self.month_label or "—")]


@dataclass
class ExcelPreview(Preview):
    submission: UnitSubmission | None = None

    def _rows(self, key: str) -> list[Any]:
        found = [s for s in self.sections if s.key == key]
        return found[0].rows if found else []

    @property
    def indicator_rows(self) -> list[RowPreview]:
        return self._rows("indicator")

    @property
    def progress_rows(self) -> list[RowPreview]:
        return self._rows("progress")

    @staticmethod
    def _counts(rows: list[RowPreview]) -> dict[str, int]:
        counts = dict.fromkeys((RowAction.UPDATE, RowAction.UNCHANGED, RowAction.ERROR), 0)
        for row in rows:
            counts[row.action] += 1
        return counts

    @property
    def indicator_counts(self) -> dict[str, int]:
        return self._counts(self.indicator_rows)

    @property
    def progress_counts(self) -> dict[str, int]:
        return self._counts(self.progress_rows)

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


def _check_identity(workbook: Any, submission: UnitSubmission) -> tuple[str | None, bool]:
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


# --- reading cells -----------------------------------------------------------------------------

SHEET_MESSAGES = SheetMessages(
    sheet_missing=messages.SHEET_MISSING,
    columns_missing=messages.COLUMNS_MISSING,
    column_duplicate=messages.COLUMN_DUPLICATE,
    too_many_rows=messages.TOO_MANY_ROWS,
)


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
        message = exc.args[0] if exc.args else FRAMEWORK_NOT_A_NUMBER
        if str(message) == str(FRAMEWORK_NOT_A_NUMBER):
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
    row.change(column.key, column.label, old, new)


class _TemplateSheet(SheetReader[RowPreview]):
    """A data sheet of the template: its header sits under the title rows."""

    messages = SHEET_MESSAGES
    header_rows = HEADER_SEARCH_ROWS
    anchor = CODE.key

    def __init__(self) -> None:
        self.data: SubmissionData | None = None

    def identity_row(self, cells: Cells) -> RowPreview:
        return RowPreview(row=cells.number, code=cells.text(CODE.key), name=cells.text("name"))


# --- the Realisasi sheet -----------------------------------------------------------------------


class RealisasiSheet(_TemplateSheet):
    label = REALISASI_SHEET

    def __init__(self, quarter: int) -> None:
        super().__init__()
        self.quarter = quarter
        self.lines: dict[str, IndicatorLine] = {}
        self.seen: dict[str, int] = {}

    def columns(self) -> list[Column]:
        return realisasi_columns(self.quarter)

    def section(self) -> Section:
        return Section(
            key="indicator",
            title=_("Lembar Realisasi"),
            headers=[_("Kode"), _("Indikator")],
            caption=_("Baris lembar Realisasi dan perubahannya"),
            summary_label=_("Ringkasan lembar Realisasi"),
            only_changed=True,
            empty_text=_("Tidak ada perubahan di lembar ini."),
            change_limit=80,
        )

    def parse_row(self, cells: Cells) -> RowPreview:
        number = cells.number
        code = cells.text(CODE.key)
        row = self.identity_row(cells)
        if not code:
            row.error(CODE, messages.REQUIRED)
            return row
        line = self.lines.get(code.casefold())
        if line is None:
            row.error(CODE, messages.UNKNOWN_INDICATOR % {"code": code})
            return row
        row.line = line
        row.name = line.indicator.name
        if code.casefold() in self.seen:
            row.error(
                CODE,
                messages.DUPLICATE_INDICATOR % {"code": code, "row": self.seen[code.casefold()]},
            )
            return row
        self.seen[code.casefold()] = number

        value, _ok = _number(
            row, VALUE, cells.get(VALUE.key), places=VALUE_PLACES, digits=VALUE_DIGITS
        )
        implausible = value_problem(line.indicator.valid_range, value)
        if implausible is not None:
            row.error(VALUE, implausible)
        problems = _text(row, PROBLEMS, cells.get(PROBLEMS.key))
        solutions = _text(row, SOLUTIONS, cells.get(SOLUTIONS.key))
        if row.errors:
            return row
        row.new = {"value": value, "problems": problems, "solutions": solutions}
        if value != line.value:
            _change(row, VALUE, show_number(line.value), show_number(value))
        if problems != line.problems.strip():
            _change(row, PROBLEMS, line.problems, problems)
        if solutions != line.solutions.strip():
            _change(row, SOLUTIONS, line.solutions, solutions)
        if not row.changes:
            return row
        # Whitespace-only differences are not changes: keep the stored text then.
        if problems == line.problems.strip():
            row.new["problems"] = line.problems
        if solutions == line.solutions.strip():
            row.new["solutions"] = line.solutions
        return row

    def finish(self, section: Section, preview: Preview) -> None:
        missing = len(self.lines) - len(self.seen)
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


class ProgressSheet(_TemplateSheet):
    label = PROGRESS_SHEET

    def __init__(self, quarter: int) -> None:
        super().__init__()
        self.quarter = quarter
        self.lines: dict[tuple[str, int], ProgressLine] = {}
        self.codes: set[str] = set()
        self.seen: dict[tuple[str, int], int] = {}
        self.months = _month_lookup()
        self.warnings: list[str] = []

    def columns(self) -> tuple[Column, ...]:
        return PROGRESS_COLUMNS

    def section(self) -> Section:
        return Section(
            key="progress",
            title=_("Lembar Progres Bulanan"),
            headers=[_("Kode"), _("Sub Kegiatan"), _("Bulan")],
            caption=_("Baris lembar Progres Bulanan dan perubahannya"),
            summary_label=_("Ringkasan lembar Progres Bulanan"),
            only_changed=True,
            empty_text=_("Tidak ada perubahan di lembar ini."),
            change_limit=80,
        )

    def identity_row(self, cells: Cells) -> ProgressRowPreview:
        return ProgressRowPreview(
            row=cells.number, code=cells.text(CODE.key), name=cells.text("name")
        )

    def _month(self, row: RowPreview, raw: Any) -> int | None:
        month: int | None = None
        if isinstance(raw, datetime.date):
            month = raw.month
        elif (
            isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer()
        ):
            month = int(raw)
        else:
            text = cell_text(raw)
            if not text:
                row.error(MONTH, messages.REQUIRED)
                return None
            month = int(text) if text.isdigit() else self.months.get(normalize(text))
        if month is None or not 1 <= month <= 12:
            row.error(MONTH, messages.MONTH_UNKNOWN % {"value": cell_text(raw)})
            return None
        months = quarter_months(self.quarter)
        if month not in months:
            row.error(
                MONTH,
                messages.MONTH_OUTSIDE_QUARTER
                % {
                    "month": month_name(month),
                    "quarter": ROMAN[self.quarter],
                    "months": f"{month_name(months[0])}–{month_name(months[-1])}",
                },
            )
            return None
        return month

    def parse_row(self, cells: Cells) -> RowPreview:
        number = cells.number
        code = cells.text(CODE.key)
        row = self.identity_row(cells)
        if not code:
            row.error(CODE, messages.REQUIRED)
        month = self._month(row, cells.get(MONTH.key))
        row.month = month
        physical, _ok = _number(
            row,
            PHYSICAL,
            cells.get(PHYSICAL.key),
            places=PHYSICAL_PLACES,
            digits=PHYSICAL_DIGITS,
        )
        budget_spent, _ok = _number(
            row,
            SPENT,
            cells.get(SPENT.key),
            places=SPENT_PLACES,
            digits=SPENT_DIGITS,
            money=True,
        )
        if physical is not None and not Decimal(0) <= physical <= Decimal(100):
            row.error(PHYSICAL, messages.PERCENT_RANGE % {"value": show_number(physical)})
        if budget_spent is not None and budget_spent < 0:
            row.error(SPENT, messages.NEGATIVE_BUDGET % {"value": show_number(budget_spent)})
        if not code or month is None:
            return row
        key = (code.casefold(), month)
        line = self.lines.get(key)
        if line is None:
            if code.casefold() not in self.codes:
                row.error(CODE, messages.UNKNOWN_SUB_ACTIVITY % {"code": code})
            return row
        row.line = line
        row.name = line.sub_activity.name
        if key in self.seen:
            row.error(
                CODE,
                messages.DUPLICATE_PROGRESS
                % {"code": code, "month": month_name(month), "row": self.seen[key]},
            )
            return row
        self.seen[key] = number
        if row.errors:
            return row
        row.new = {"physical_percent": physical, "budget_spent": budget_spent}
        if physical != line.physical_percent:
            _change(row, PHYSICAL, show_number(line.physical_percent), show_number(physical))
        if budget_spent != line.budget_spent:
            _change(row, SPENT, show_number(line.budget_spent), show_number(budget_spent))
        if budget_spent is not None and line.pagu is not None and budget_spent > line.pagu:
            self.warnings.append(
                str(messages.SPENT_ABOVE_PAGU)
                % {
                    "row": number,
                    "spent": show_number(budget_spent),
                    "pagu": show_number(line.pagu),
                }
            )
        return row

    def finish(self, section: Section, preview: Preview) -> None:
        preview.warnings.extend(self.warnings)


# --- entry points --------------------------------------------------------------------------------


class SubmissionImporter(ExcelImporter):
    """The filled template of one submission: a signed Meta sheet, then Realisasi and Progres
    Bulanan, compared with what the submission holds now."""

    def __init__(self, submission: UnitSubmission) -> None:
        self.submission = submission
        quarter = submission.period.quarter
        self.realisasi = RealisasiSheet(quarter)
        self.progress = ProgressSheet(quarter)

    def new_preview(self) -> ExcelPreview:
        return ExcelPreview(submission=self.submission)

    def readers(self) -> list[SheetReader[Any]]:
        return [self.realisasi, self.progress]

    def check_workbook(self, workbook: Any, preview: Preview) -> None:
        problem, changed = _check_identity(workbook, self.submission)
        if problem:
            preview.file_errors.append(problem)
        elif changed:
            preview.warnings.append(str(messages.DATA_CHANGED_SINCE_DOWNLOAD))

    def load(self, preview: Preview) -> None:
        data = load_submission_data(self.submission)
        self.realisasi.lines = data.indicator_lines()
        lines = data.progress_lines()
        self.progress.lines = lines
        self.progress.codes = {code for code, _month in lines}


def parse_upload(source: Any, *, submission: UnitSubmission) -> ExcelPreview:
    """Read a filled template (a path or a file object) into a preview of the submission's changes."""
    preview = SubmissionImporter(submission).parse(source)
    assert isinstance(preview, ExcelPreview)
    return preview


@dataclass
class ApplyResult:
    indicators: int
    progress: int


def apply_preview(
    preview: ExcelPreview, *, actor: Actor, expected_version: int | None
) -> ApplyResult:
    """Write every change of a clean preview through submission_save, all or nothing.

    Raises ValidationError (the service's, e.g. a stale version or a closed submission) with
    nothing written.
    """
    if preview.has_errors or preview.submission is None:
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
