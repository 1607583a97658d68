"""The Rencana Aksi as an XLSX workbook, and back.

The export holds one sheet "Rencana Aksi" (one row per indicator: its code, name, satuan,
aggregation and annual target, to read; the quarterly targets, planned actions and the explanation
of a mismatch, to fill) and a sheet "Petunjuk" that names the plan's unit and year, so that a
file is never applied to another unit's plan.

The import runs on the import framework (sakip.core.imports): parse_upload() only reads and
returns an ActionPlanImport with, per row, the changes and the errors in Indonesian ("Baris 5,
kolom Target TW II: bukan angka."); the views apply it through services.action_plan_update, one
transaction: one failing value and nothing is written. Opening the file safely, reading numbers
and refusing formulas (row and column named) are the framework's. The export is a SafeWorkbook:
planned actions starting with "=" are written as text and read back unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

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
    find_sheet,
    normalize,
    parse_number,
    show_target,
)
from sakip.core.xlsx import FORMULA_GUIDE, SafeWorkbook, formula_issues, read_rows
from sakip.core.xlsx import workbook_bytes as safe_bytes
from sakip.measurement import ROMAN

from ..action_plan_models import ActionPlan
from ..choices import TargetKind
from ..excel import layout
from ..excel import messages as excel_messages
from ..excel.export import XLSX_CONTENT_TYPE
from ..services import value_problem
from . import errors
from .checks import QUARTERS, target_of
from .selectors import PlanRow, PlanView, check_row
from .services import MAX_TEXT

__all__ = [
    "XLSX_CONTENT_TYPE",
    "ActionPlanImport",
    "export_filename",
    "parse_upload",
    "workbook_bytes",
]

SHEET = _("Rencana Aksi")
GUIDE_SHEET = _("Petunjuk")

COL_OBJECTIVE = _("Kode Sasaran")
COL_CODE = _("Kode Indikator")
COL_NAME = _("Indikator")
COL_UNIT = _("Satuan")
COL_AGGREGATION = _("Agregasi")
COL_ANNUAL = _("Target Tahunan")
COL_ANNUAL_HIGH = _("Target Tahunan (atas)")
COL_TARGET = _("Target TW %(tw)s")
COL_TARGET_HIGH = _("Target TW %(tw)s (atas)")
COL_ACTIONS = _("Rencana Aksi TW %(tw)s")
COL_JUSTIFICATION = _("Penjelasan Selisih")
INFO_UNIT_CODE = _("Kode Unit")
INFO_UNIT = _("Unit")
INFO_YEAR = _("Tahun")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
READ_ONLY_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

# Columns the import reads; the others (name, satuan, aggregation, annual target) are context.
READ_ONLY_KEYS = ("name", "unit_of_measure", "aggregation", "annual", "annual_high")


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise
    params: tuple[tuple[str, str], ...] = ()
    width: int = 14
    required: bool = False  # the import refuses a sheet without it

    def text(self) -> str:
        return str(self.label) % dict(self.params) if self.params else str(self.label)

    def variants(self) -> set[str]:
        """The normalized header in every configured language, so a file exported in one
        language imports in another."""
        found = {normalize(self.text())}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                found.add(normalize(self.text()))
        return found


def _tw(quarter: int) -> tuple[tuple[str, str], ...]:
    return (("tw", ROMAN[quarter]),)


def columns(with_high: bool) -> list[Column]:
    """The columns of the sheet, in order; the "(atas)" ones only when the plan has a range."""
    cols = [
        Column("objective_code", COL_OBJECTIVE, width=12),
        Column("code", COL_CODE, width=14),
        Column("name", COL_NAME, width=45),
        Column("unit_of_measure", COL_UNIT, width=12),
        Column("aggregation", COL_AGGREGATION, width=14),
        Column("annual", COL_ANNUAL, width=13),
    ]
    if with_high:
        cols.append(Column("annual_high", COL_ANNUAL_HIGH, width=13))
    for quarter in QUARTERS:
        cols.append(Column(f"low_{quarter}", COL_TARGET, _tw(quarter), width=12))
        if with_high:
            cols.append(Column(f"high_{quarter}", COL_TARGET_HIGH, _tw(quarter), width=12))
    for quarter in QUARTERS:
        cols.append(Column(f"actions_{quarter}", COL_ACTIONS, _tw(quarter), width=35))
    cols.append(Column("justification", COL_JUSTIFICATION, width=40))
    return cols


def _all_columns() -> dict[str, Column]:
    return {c.key: c for c in columns(with_high=True)}


def export_filename(plan: ActionPlan) -> str:
    return f"rencana-aksi-{plan.year}-{plan.unit.code}.xlsx"


# --- export ----------------------------------------------------------------------------------


def _has_range(plan_view: PlanView) -> bool:
    return any(r.is_range for r in plan_view.rows)


def build_workbook(plan: ActionPlan, plan_view: PlanView) -> SafeWorkbook:
    workbook = SafeWorkbook()
    sheet = workbook.active
    sheet.title = str(SHEET)
    cols = columns(_has_range(plan_view))
    sheet.append([c.text() for c in cols])
    for index, column in enumerate(cols, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "C2"
    for row in plan_view.rows:
        sheet.append([_value(row, c.key) for c in cols])
    for cells in sheet.iter_rows(min_row=2):
        for column, cell in zip(cols, cells, strict=False):
            cell.alignment = WRAP if isinstance(cell.value, str) else TOP
            if column.key in READ_ONLY_KEYS:
                cell.fill = READ_ONLY_FILL
    _guide_sheet(workbook.create_sheet(str(GUIDE_SHEET)), plan)
    return workbook


def _value(row: PlanRow, key: str) -> Any:
    indicator = row.indicator
    if key == "objective_code":
        return indicator.objective.code
    if key == "code":
        return indicator.code
    if key == "name":
        return indicator.name
    if key == "unit_of_measure":
        return indicator.unit_of_measure
    if key == "aggregation":
        return str(layout.AGGREGATION_LABELS.get(indicator.aggregation, indicator.aggregation))
    if key == "annual":
        return row.annual.low if row.annual else None
    if key == "annual_high":
        return row.annual.high if row.annual else None
    if key == "justification":
        return row.justification or None
    kind, quarter = key.rsplit("_", 1)
    stored = row.quarters.get(int(quarter))
    if stored is None:
        return None
    if kind == "low":
        return stored.low
    if kind == "high":
        return stored.high
    return stored.actions or None


def _guide_sheet(sheet: Any, plan: ActionPlan) -> None:
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 90
    title = sheet.cell(row=1, column=1, value=str(_("Rencana Aksi — petunjuk pengisian")))
    title.font = Font(bold=True, size=13)
    # The identity of the plan: the import refuses a file made for another unit or year.
    sheet.append([str(INFO_UNIT_CODE), plan.unit.code])
    sheet.append([str(INFO_UNIT), plan.unit.name])
    sheet.append([str(INFO_YEAR), plan.year])
    for row in range(2, 5):
        sheet.cell(row=row, column=1).font = HEADER_FONT
    sheet.append([])
    notes = [
        _(
            "Isi target per triwulan (kolom Target TW I–IV) dan rencana aksi per triwulan. Kolom "
            "berlatar abu-abu (indikator, satuan, agregasi, target tahunan) hanya untuk dibaca; "
            "perubahannya tidak disimpan."
        ),
        _(
            "Agregasi menentukan pemeriksaan terhadap target tahunan: Kumulatif — target TW IV "
            "sama dengan target tahunan; Inkremental — jumlah keempat triwulan sama dengan target "
            "tahunan; Rata-rata — rata-rata triwulan sama dengan target tahunan; Terakhir — target "
            "TW IV sama dengan target tahunan."
        ),
        _(
            "Bila target triwulan memang tidak sesuai dengan target tahunan, tuliskan alasannya di "
            "kolom Penjelasan Selisih; tanpa penjelasan Rencana Aksi tidak dapat diajukan."
        ),
        _("Untuk target rentang, isi nilai bawah di kolom Target dan nilai atas di kolom (atas)."),
        _(
            "Angka ditulis sebagai angka, atau sebagai teks dengan koma desimal (95,56). Paling "
            "banyak 4 angka di belakang koma. Sel target yang dikosongkan menghapus target "
            "triwulan itu."
        ),
        _(
            "Jangan ubah judul kolom, nama lembar, atau Kode Unit dan Tahun di atas. Setelah "
            "diunggah, sistem menampilkan pratinjau; tidak ada data yang disimpan sebelum Anda "
            "menekan Terapkan, dan bila satu baris salah, tidak ada yang disimpan."
        ),
        FORMULA_GUIDE,
    ]
    for note in notes:
        sheet.append(["", str(note)])
        sheet.cell(row=sheet.max_row, column=2).alignment = WRAP


def workbook_bytes(plan: ActionPlan, plan_view: PlanView) -> bytes:
    return safe_bytes(build_workbook(plan, plan_view))


# --- import ----------------------------------------------------------------------------------


@dataclass
class ActionPlanRow(ImportRow):
    """One data row of the sheet and what applying it would do; ``notes`` are the checks of the
    row's quarters against the annual target once applied."""

    objective_code: str = ""
    code: str = ""
    name: str = ""
    plan_row: PlanRow | None = None
    # quarter → (low, high, actions); actions None when the file has no actions column.
    values: dict[int, tuple[Decimal | None, Decimal | None, str | None]] = field(
        default_factory=dict
    )
    justification: str | None = None  # None when the file has no explanation column

    def identity(self) -> list[Any]:
        return [self.objective_code, self.code]

    def cells(self) -> list[Cell]:
        return [Cell(self.name, strong=self.code, limit=100)]


@dataclass
class ActionPlanImport(Preview):
    plan: ActionPlan | None = None

    def service_args(self) -> dict[str, Any]:
        """The changed rows as arguments of services.action_plan_update."""
        targets: dict[tuple[int, int], tuple[Decimal | None, Decimal | None, str]] = {}
        justifications: dict[int, str] = {}
        for row in self.rows:
            if row.action != RowAction.UPDATE or row.plan_row is None:
                continue
            plan_row = row.plan_row
            pk = plan_row.indicator.pk
            for quarter, (low, high, actions) in row.values.items():
                stored = plan_row.quarters.get(quarter)
                if actions is None:
                    actions = stored.actions if stored else ""
                targets[(pk, quarter)] = (low, high, actions)
            if row.justification is not None and row.justification != plan_row.justification:
                justifications[pk] = row.justification
        return {"targets": targets, "justifications": justifications}


def _required_keys(with_high: bool) -> set[str]:
    keys = {"code", *(f"low_{q}" for q in QUARTERS)}
    if with_high:
        keys |= {f"high_{q}" for q in QUARTERS}
    return keys


_BAD: Any = object()


class ActionPlanSheet(SheetReader[ActionPlanRow]):
    label = SHEET
    messages = SheetMessages(
        sheet_missing=errors.SHEET_MISSING,
        columns_missing=errors.COLUMNS_MISSING,
        column_duplicate=excel_messages.COLUMN_DUPLICATE,
        too_many_rows=excel_messages.TOO_MANY_ROWS,
        no_rows=errors.NO_ROWS,
    )

    def __init__(self, plan_view: PlanView) -> None:
        self.plan_view = plan_view
        self.known = _all_columns()
        self.by_code: dict[str, list[PlanRow]] = {}
        for plan_row in plan_view.rows:
            self.by_code.setdefault(plan_row.indicator.code.casefold(), []).append(plan_row)
        self.seen: dict[int, int] = {}

    def columns(self) -> list[Column]:
        # Every column is known (a "(atas)" column copied from another template is read and
        # refused per row); the "(atas)" ones are required only when the plan has a range.
        required = _required_keys(_has_range(self.plan_view))
        return [replace(c, required=c.key in required) for c in self.known.values()]

    def section(self) -> Section:
        return Section(
            key="action_plan",
            headers=[_("Indikator")],
            caption=_("Baris lembar Rencana Aksi dan perubahannya"),
            notes_header=_("Pemeriksaan setelah diterapkan"),
        )

    def identity_row(self, cells: Cells) -> ActionPlanRow:
        return ActionPlanRow(
            row=cells.number,
            objective_code=cells.text("objective_code"),
            code=cells.text("code"),
            name=cells.text("name"),
        )

    def parse_row(self, cells: Cells) -> ActionPlanRow | None:
        found = cells.header.columns
        known = self.known
        editable = [k for k in found if k not in READ_ONLY_KEYS and k != "objective_code"]
        if all(cells.text(k) == "" for k in editable):
            return None  # an empty line, or only context columns

        row = self.identity_row(cells)
        code_column = known["code"].text()
        if not row.code:
            row.error(code_column, excel_messages.REQUIRED)
            return row
        candidates = self.by_code.get(row.code.casefold(), [])
        if row.objective_code:
            candidates = [
                c
                for c in candidates
                if c.indicator.objective.code.casefold() == row.objective_code.casefold()
            ]
        if not candidates:
            row.error(code_column, errors.INDICATOR_NOT_IN_PLAN % {"code": row.code})
            return row
        if len(candidates) > 1:
            row.error(code_column, errors.INDICATOR_AMBIGUOUS % {"code": row.code})
            return row
        plan_row = candidates[0]
        row.plan_row = plan_row
        row.name = plan_row.indicator.name
        pk = plan_row.indicator.pk
        if pk in self.seen:
            row.error(code_column, errors.DUPLICATE_ROW % {"code": row.code, "row": self.seen[pk]})
            return row
        self.seen[pk] = cells.number
        is_range = plan_row.indicator.target_kind == TargetKind.RANGE

        for quarter in QUARTERS:
            low_col, high_col = known[f"low_{quarter}"].text(), known[f"high_{quarter}"].text()
            low = _number(row, low_col, cells.get(f"low_{quarter}"))
            high = (
                _number(row, high_col, cells.get(f"high_{quarter}"))
                if f"high_{quarter}" in found
                else None
            )
            actions: str | None = None
            if f"actions_{quarter}" in found:
                actions = cells.text(f"actions_{quarter}")
                if len(actions) > MAX_TEXT:
                    row.error(
                        known[f"actions_{quarter}"].text(),
                        errors.TEXT_TOO_LONG % {"max": MAX_TEXT},
                    )
            if low is _BAD or high is _BAD:
                continue
            implausible = [
                (column, problem)
                for column, value in ((low_col, low), (high_col, high))
                if (problem := value_problem(plan_row.indicator.valid_range, value)) is not None
            ]
            if implausible:
                row.error(*implausible[0])
                continue
            if is_range:
                if low is None and high is not None:
                    row.error(low_col, errors.LOW_REQUIRED)
                    continue
                if low is not None and high is None:
                    row.error(high_col, errors.HIGH_REQUIRED)
                    continue
                if low is not None and high is not None and low > high:
                    row.error(low_col, errors.LOW_ABOVE_HIGH)
                    continue
            elif high is not None:
                row.error(high_col, errors.HIGH_NOT_ALLOWED)
                continue
            row.values[quarter] = (low, high, actions)

        if "justification" in found:
            row.justification = cells.text("justification")
            if len(row.justification) > MAX_TEXT:
                row.error(known["justification"].text(), errors.TEXT_TOO_LONG % {"max": MAX_TEXT})
        if row.errors:
            return row
        _plan_changes(row, plan_row, known)
        return row


def _number(row: ActionPlanRow, label: str, value: Any) -> Any:
    try:
        return parse_number(value)
    except CellError as exc:
        row.error(label, exc.args[0])
        return _BAD


def _plan_changes(row: ActionPlanRow, plan_row: PlanRow, known: dict[str, Column]) -> None:
    """Compare the row with the stored plan; list the changes and the check after applying."""
    new_targets = {}
    for quarter in QUARTERS:
        stored = plan_row.quarters.get(quarter)
        old_low, old_high = (stored.low, stored.high) if stored else (None, None)
        old_actions = stored.actions if stored else ""
        low, high, actions = row.values[quarter]
        if show_target(low, high) != show_target(old_low, old_high):
            row.change(
                f"target_{quarter}",
                known[f"low_{quarter}"].text(),
                show_target(old_low, old_high),
                show_target(low, high),
            )
        if actions is not None and actions != old_actions:
            row.change(
                f"actions_{quarter}", known[f"actions_{quarter}"].text(), old_actions, actions
            )
        new_targets[quarter] = target_of(low, high)
    if row.justification is not None and row.justification != plan_row.justification:
        row.change(
            "justification",
            known["justification"].text(),
            plan_row.justification,
            row.justification,
        )
    check = check_row(plan_row.indicator, plan_row.annual, new_targets)
    row.notes = check.messages


class ActionPlanImporter(ExcelImporter):
    """A filled Rencana Aksi template of one plan: the Rencana Aksi sheet, and the Petunjuk sheet
    that names the unit and year the file was made for."""

    def __init__(self, *, plan: ActionPlan, plan_view: PlanView) -> None:
        self.plan = plan
        self.sheet = ActionPlanSheet(plan_view)

    def new_preview(self) -> ActionPlanImport:
        return ActionPlanImport(plan=self.plan)

    def readers(self) -> list[SheetReader[Any]]:
        return [self.sheet]

    def check_workbook(self, workbook: Any, preview: Preview) -> None:
        sheet = find_sheet(workbook, SHEET)
        guide = find_sheet(workbook, GUIDE_SHEET)
        if sheet is None or guide is None:
            absent = SHEET if sheet is None else GUIDE_SHEET
            preview.file_errors.append(str(errors.SHEET_MISSING % {"sheet": absent}))
            return
        unit_code, year = _read_identity(guide, preview)
        if preview.file_errors:
            return
        plan = self.plan
        if unit_code.casefold() != plan.unit.code.casefold() or year != str(plan.year):
            preview.file_errors.append(
                str(errors.WRONG_PLAN % {"unit": unit_code or "?", "year": year or "?"})
            )


def _read_identity(sheet: Any, preview: Preview) -> tuple[str, str]:
    """The unit code and year written on the Petunjuk sheet ("" when absent); a formula there
    is a file error."""
    unit_labels = layout.variants(INFO_UNIT_CODE)
    year_labels = layout.variants(INFO_YEAR)
    unit_code = year = ""
    for sheet_row in read_rows(sheet, max_row=20, max_col=2):
        for column, message in formula_issues(sheet_row):
            preview.file_errors.append(str(RowIssue(sheet_row.number, column, message)))
        values = sheet_row.values
        if not values:
            continue
        label = normalize(cell_text(values[0]))
        value = cell_text(values[1]) if len(values) > 1 else ""
        if label in unit_labels and not unit_code:
            unit_code = value
        elif label in year_labels and not year:
            year = value
    return unit_code, year


def parse_upload(source: Any, *, plan: ActionPlan, plan_view: PlanView) -> ActionPlanImport:
    """Read the Rencana Aksi sheet and plan every row against the current plan; writes nothing."""
    result = ActionPlanImporter(plan=plan, plan_view=plan_view).parse(source)
    assert isinstance(result, ActionPlanImport)
    return result
