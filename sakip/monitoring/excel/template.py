"""The pre-filled quarterly workbook of one unit submission (issue 4, item 3).

Sheets:
- "Realisasi": one row per indicator of the submission (Kode, Indikator, Satuan, the quarter's
  target from the accepted Rencana Aksi as text and as numbers, the annual target, the realisasi of
  the earlier quarters, then the three columns to fill: Realisasi, Kendala, Solusi).
- "Progres Bulanan": one row per sub-activity × month of the quarter (Kode, Sub Kegiatan, Pagu,
  Bulan, Progres Fisik (%), Realisasi Anggaran).
- "Petunjuk": how to fill it.
- "Meta" (hidden, protected): which template this is — agency, unit, year, quarter, submission,
  template version — with a signed token, so that the upload refuses another unit's, another
  quarter's, an old or a foreign file.

The same gathering (``load_submission_data``) feeds the import, which compares the file with it.
The read-only columns are grey and the sheets protected without a password: guard rails against
typing in the wrong column, not security (the importer never trusts them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core import signing
from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from sakip.core.imports import show_target
from sakip.core.xlsx import FORMULA_GUIDE, RUPIAH_FORMAT, SafeWorkbook
from sakip.core.xlsx import workbook_bytes as safe_bytes
from sakip.measurement import Period, Target
from sakip.planning.models import Budget, Indicator, SubActivity
from sakip.planning.selectors import natural_key

from ..capaian import ROMAN, indicator_results
from ..models import MonthlyProgress, Realisasi, UnitSubmission
from ..selectors import quarter_months, reporting_units, unit_sub_activities

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What the Meta sheet says this file is. Bump TEMPLATE_VERSION whenever the layout changes in a way
# the importer of the new layout cannot read; files of another version are refused with a message.
TEMPLATE_KIND = "esakip-realisasi-triwulan"
TEMPLATE_VERSION = 1
SIGNING_SALT = "sakip.monitoring.excel.template"
META_TOKEN_KEY = "tanda"

REALISASI_SHEET = _("Realisasi")
PROGRESS_SHEET = _("Progres Bulanan")
GUIDE_SHEET = _("Petunjuk")
# Never translated: the importer looks it up by this exact name.
META_SHEET = "Meta"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
READ_ONLY_FILL = PatternFill("solid", fgColor="EDEDED")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
NUMBER_FORMAT = "#,##0.####"


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise | str
    width: int
    editable: bool = False
    required: bool = False  # the importer refuses a sheet without it


# The header row of the data sheets; the importer finds it by these labels.
CODE = Column("code", _("Kode"), 14, required=True)
INDICATOR = Column("name", _("Indikator"), 48)
UNIT_OF_MEASURE = Column("unit_of_measure", _("Satuan"), 12)
TARGET_TEXT = Column("target", _("Target TW"), 14)
TARGET_LOW = Column("target_low", _("Target (nilai bawah)"), 13)
TARGET_HIGH = Column("target_high", _("Target (nilai atas)"), 13)
ANNUAL_TARGET = Column("annual_target", _("Target Tahunan"), 14)
PREVIOUS_LABEL = _("Realisasi TW %(quarter)s")
PREVIOUS_WIDTH = 13
VALUE = Column("value", _("Realisasi"), 14, editable=True, required=True)
PROBLEMS = Column("problems", _("Kendala"), 40, editable=True, required=True)
SOLUTIONS = Column("solutions", _("Solusi"), 40, editable=True, required=True)

SUB_ACTIVITY = Column("name", _("Sub Kegiatan"), 48)
PAGU = Column("pagu", _("Pagu"), 18)
MONTH = Column("month", _("Bulan"), 12, required=True)
PHYSICAL = Column("physical_percent", _("Progres Fisik (%)"), 14, editable=True, required=True)
SPENT = Column("budget_spent", _("Realisasi Anggaran"), 18, editable=True, required=True)

PROGRESS_COLUMNS: tuple[Column, ...] = (CODE, SUB_ACTIVITY, PAGU, MONTH, PHYSICAL, SPENT)
# Rows above the header: title, subject, note, blank.
HEADER_ROW = 5


def month_name(month: int) -> str:
    return str(MONTHS[month])


def realisasi_columns(quarter: int) -> list[Column]:
    """The columns of the Realisasi sheet for TW ``quarter``: one read-only column per earlier
    quarter between the targets and the value to fill."""
    previous = [
        Column(f"previous_{q}", str(PREVIOUS_LABEL) % {"quarter": ROMAN[q]}, PREVIOUS_WIDTH)
        for q in range(1, quarter)
    ]
    return [
        CODE,
        INDICATOR,
        UNIT_OF_MEASURE,
        TARGET_TEXT,
        TARGET_LOW,
        TARGET_HIGH,
        ANNUAL_TARGET,
        *previous,
        VALUE,
        PROBLEMS,
        SOLUTIONS,
    ]


# --- what the submission holds -----------------------------------------------------------------


@dataclass
class IndicatorLine:
    indicator: Indicator
    reference: str  # what the Kode column shows and the importer matches
    target: Target | None  # the quarter's target (accepted Rencana Aksi)
    annual_target: Target | None
    previous: dict[int, Decimal | None]
    current: Realisasi | None

    @property
    def value(self) -> Decimal | None:
        return self.current.value if self.current else None

    @property
    def problems(self) -> str:
        return self.current.problems if self.current else ""

    @property
    def solutions(self) -> str:
        return self.current.solutions if self.current else ""


@dataclass
class ProgressLine:
    sub_activity: SubActivity
    reference: str
    pagu: Decimal | None
    month: int
    current: MonthlyProgress | None

    @property
    def physical_percent(self) -> Decimal | None:
        return self.current.physical_percent if self.current else None

    @property
    def budget_spent(self) -> Decimal | None:
        return self.current.budget_spent if self.current else None


@dataclass
class SubmissionData:
    submission: UnitSubmission
    indicators: list[IndicatorLine] = field(default_factory=list)
    progress: list[ProgressLine] = field(default_factory=list)

    @property
    def quarter(self) -> int:
        return self.submission.period.quarter

    @property
    def year(self) -> int:
        return self.submission.period.year

    def indicator_lines(self) -> dict[str, IndicatorLine]:
        return {line.reference.casefold(): line for line in self.indicators}

    def progress_lines(self) -> dict[tuple[str, int], ProgressLine]:
        return {(line.reference.casefold(), line.month): line for line in self.progress}


def _references(items: Iterable[Any], code: Any, qualified: Any) -> dict[int, str]:
    """The Kode of each item: its own code, or a qualified one where two items share a code
    (indicator codes are unique per objective only; sub-activity codes per activity)."""
    items = list(items)
    seen: dict[str, int] = {}
    for item in items:
        key = code(item).casefold()
        seen[key] = seen.get(key, 0) + 1
    return {
        item.pk: qualified(item) if seen[code(item).casefold()] > 1 else code(item)
        for item in items
    }


def load_submission_data(submission: UnitSubmission) -> SubmissionData:
    """The indicators and sub-activities of a submission with their current values.

    The indicators are those of ``capaian.indicator_results`` (the agency's plan for the year, with
    an annual target or accepted quarter targets) whose responsible unit is the submission's unit
    or below it; the sub-activities are those of the same units with a pagu for the year. A fixed
    number of queries whatever the size of the plan.
    """
    period = submission.period
    agency = period.agency
    year, quarter = period.year, period.quarter
    data = SubmissionData(submission=submission)
    # A Bidang reports its seksi's indicators and sub-activities too; the Sekretariat also the
    # agency's own indicators.
    units = reporting_units(submission)

    results = indicator_results(
        agency=agency,
        year=year,
        period=Period.year(),
        units=units,
        include_drafts=True,
    )
    current = {r.indicator_id: r for r in Realisasi.objects.filter(submission=submission)}
    references = _references(
        (r.indicator for r in results),
        lambda i: i.code,
        lambda i: f"{i.objective.goal.code}/{i.objective.code}/{i.code}",
    )
    for result in results:
        indicator = result.indicator
        data.indicators.append(
            IndicatorLine(
                indicator=indicator,
                reference=references[indicator.pk],
                target=result.quarter_targets.get(quarter),
                annual_target=result.annual_target,
                previous={q: result.quarter_realisasi.get(q) for q in range(1, quarter)},
                current=current.get(indicator.pk),
            )
        )

    # Sub-activities: the same set the entry page and submission_save accept.
    budgets = list(
        Budget.objects.filter(
            year=year,
            sub_activity__in=unit_sub_activities(submission),
            sub_activity__activity__program__renstra__agency=agency,
            sub_activity__activity__program__renstra__start_year__lte=year,
            sub_activity__activity__program__renstra__end_year__gte=year,
        ).select_related("sub_activity__activity__program")
    )
    budgets.sort(
        key=lambda b: (
            natural_key(b.sub_activity.activity.program.code),
            natural_key(b.sub_activity.activity.code),
            natural_key(b.sub_activity.code),
        )
    )
    subs = [b.sub_activity for b in budgets]
    sub_references = _references(subs, lambda s: s.code, lambda s: f"{s.activity.code}/{s.code}")
    progress = {
        (p.sub_activity_id, p.month): p
        for p in MonthlyProgress.objects.filter(submission=submission)
    }
    for budget in budgets:
        sub = budget.sub_activity
        for month in quarter_months(quarter):
            data.progress.append(
                ProgressLine(
                    sub_activity=sub,
                    reference=sub_references[sub.pk],
                    pagu=budget.pagu,
                    month=month,
                    current=progress.get((sub.pk, month)),
                )
            )
    return data


# --- the Meta sheet ----------------------------------------------------------------------------


def template_identity(submission: UnitSubmission) -> dict[str, Any]:
    """What the Meta sheet records; the signed copy of it is what the importer trusts."""
    period = submission.period
    return {
        "kind": TEMPLATE_KIND,
        "version": TEMPLATE_VERSION,
        "agency": period.agency_id,
        "agency_code": period.agency.code,
        "agency_name": period.agency.name,
        "unit": submission.unit_id,
        "unit_code": submission.unit.code,
        "unit_name": submission.unit.name,
        "year": period.year,
        "quarter": period.quarter,
        "submission": submission.pk,
        "data_version": submission.version,
    }


def sign_identity(identity: dict[str, Any]) -> str:
    return signing.dumps(identity, salt=SIGNING_SALT, compress=True)


def read_identity(token: str) -> dict[str, Any] | None:
    """The identity signed by this installation, or None (foreign, edited or broken token)."""
    try:
        value = signing.loads(token, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, dict) else None


def _meta_sheet(sheet: Worksheet, submission: UnitSubmission) -> None:
    identity = template_identity(submission)
    rows = [
        ("jenis", identity["kind"]),
        ("versi", identity["version"]),
        ("perangkat_daerah", identity["agency_code"]),
        ("unit", identity["unit_code"]),
        ("tahun", identity["year"]),
        ("triwulan", identity["quarter"]),
        ("kiriman", identity["submission"]),
        ("versi_data", identity["data_version"]),
        (META_TOKEN_KEY, sign_identity(identity)),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 40
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


# --- building the workbook -----------------------------------------------------------------------


def template_filename(submission: UnitSubmission) -> str:
    period = submission.period
    return f"realisasi-{period.year}-tw{period.quarter}-{submission.unit.code}.xlsx"


def template_bytes(submission: UnitSubmission) -> bytes:
    return safe_bytes(build_template(submission))


def build_template(submission: UnitSubmission) -> SafeWorkbook:
    data = load_submission_data(submission)
    workbook = SafeWorkbook()
    sheet = workbook.active
    sheet.title = str(REALISASI_SHEET)
    _realisasi_sheet(sheet, data)
    _progress_sheet(workbook.create_sheet(str(PROGRESS_SHEET)), data)
    _guide_sheet(workbook.create_sheet(str(GUIDE_SHEET)), data)
    _meta_sheet(workbook.create_sheet(META_SHEET), submission)
    workbook.active = 0
    return workbook


def _title_rows(sheet: Worksheet, data: SubmissionData, title: Promise, note: Promise) -> None:
    period = data.submission.period
    heading = sheet.cell(
        row=1,
        column=1,
        value=str(title) % {"quarter": ROMAN[period.quarter], "year": period.year},
    )
    heading.font = Font(bold=True, size=13)
    sheet.cell(row=2, column=1, value=f"{data.submission.unit.name} — {period.agency.name}")
    sheet.cell(row=3, column=1, value=str(note)).font = Font(italic=True)


def _header(sheet: Worksheet, columns: list[Column] | tuple[Column, ...]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=str(column.label))
        cell.font = HEADER_FONT
        cell.fill = INPUT_FILL if column.editable else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    # A coordinate, not a cell: sheet.cell() would create an empty row 6 above the data.
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"


def _write_row(sheet: Worksheet, row: int, values: list[Any]) -> None:
    for column, value in enumerate(values, start=1):
        sheet.cell(row=row, column=column, value=value)


def _style_rows(sheet: Worksheet, columns: list[Column] | tuple[Column, ...], count: int) -> None:
    for offset in range(count):
        row = HEADER_ROW + 1 + offset
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=row, column=index)
            if column.editable:
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
            else:
                cell.fill = READ_ONLY_FILL
            cell.alignment = WRAP if isinstance(cell.value, str) else TOP


def _protect(sheet: Worksheet) -> None:
    """Lock the read-only cells; people may still resize, sort and filter."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.sort = False
    protection.autoFilter = False


def _realisasi_sheet(sheet: Worksheet, data: SubmissionData) -> None:
    _title_rows(
        sheet,
        data,
        _("Realisasi Kinerja TW %(quarter)s Tahun %(year)s"),
        _("Isi kolom Realisasi, Kendala dan Solusi. Kolom abu-abu hanya untuk dibaca."),
    )
    columns = realisasi_columns(data.quarter)
    _header(sheet, columns)
    for number, line in enumerate(data.indicators, start=HEADER_ROW + 1):
        target = line.target
        values: list[Any] = [
            line.reference,
            line.indicator.name,
            line.indicator.unit_of_measure,
            show_target(target.low, target.high) if target else None,
            target.low if target else None,
            target.high if target else None,
            show_target(line.annual_target.low, line.annual_target.high)
            if line.annual_target
            else None,
            *(line.previous.get(q) for q in range(1, data.quarter)),
            line.value,
            line.problems or None,
            line.solutions or None,
        ]
        _write_row(sheet, number, values)
    _style_rows(sheet, columns, len(data.indicators))
    numeric = {TARGET_LOW.key, TARGET_HIGH.key, VALUE.key} | {
        c.key for c in columns if c.key.startswith("previous_")
    }
    for index, column in enumerate(columns, start=1):
        if column.key in numeric:
            for row in range(HEADER_ROW + 1, HEADER_ROW + 1 + len(data.indicators)):
                sheet.cell(row=row, column=index).number_format = NUMBER_FORMAT
    _protect(sheet)


def _progress_sheet(sheet: Worksheet, data: SubmissionData) -> None:
    _title_rows(
        sheet,
        data,
        _("Progres Bulanan Sub Kegiatan TW %(quarter)s Tahun %(year)s"),
        _(
            "Isi Progres Fisik (0–100) dan Realisasi Anggaran kumulatif sampai akhir bulan. "
            "Kolom abu-abu hanya untuk dibaca."
        ),
    )
    _header(sheet, PROGRESS_COLUMNS)
    for number, line in enumerate(data.progress, start=HEADER_ROW + 1):
        _write_row(
            sheet,
            number,
            [
                line.reference,
                line.sub_activity.name,
                line.pagu,
                month_name(line.month),
                line.physical_percent,
                line.budget_spent,
            ],
        )
    count = len(data.progress)
    _style_rows(sheet, PROGRESS_COLUMNS, count)
    first, last = HEADER_ROW + 1, HEADER_ROW + max(count, 1)
    letters = {c.key: get_column_letter(i) for i, c in enumerate(PROGRESS_COLUMNS, start=1)}
    for row in range(first, first + count):
        sheet[f"{letters['pagu']}{row}"].number_format = RUPIAH_FORMAT
        sheet[f"{letters['budget_spent']}{row}"].number_format = "#,##0.##"
    # Excel warns while typing; the importer checks again whatever the file says.
    percent = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        errorTitle=str(_("Progres fisik")),
        error=str(_("Progres fisik diisi angka 0 sampai 100.")),
    )
    percent.add(f"{letters['physical_percent']}{first}:{letters['physical_percent']}{last}")
    budget_spent = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        errorTitle=str(_("Realisasi anggaran")),
        error=str(_("Realisasi anggaran diisi angka 0 atau lebih.")),
    )
    budget_spent.add(f"{letters['budget_spent']}{first}:{letters['budget_spent']}{last}")
    sheet.add_data_validation(percent)
    sheet.add_data_validation(budget_spent)
    _protect(sheet)


def _guide_sheet(sheet: Worksheet, data: SubmissionData) -> None:
    period = data.submission.period
    sheet.column_dimensions["A"].width = 110
    title = sheet.cell(row=1, column=1, value=str(_("Petunjuk pengisian")))
    title.font = Font(bold=True, size=13)
    months = ", ".join(month_name(m) for m in quarter_months(period.quarter))
    notes = [
        _("Templat ini untuk %(unit)s, TW %(quarter)s tahun %(year)s, %(agency)s.")
        % {
            "unit": data.submission.unit.name,
            "quarter": ROMAN[period.quarter],
            "year": period.year,
            "agency": period.agency.name,
        },
        _(
            "Templat hanya dapat diunggah untuk kiriman ini. Jangan mengganti nama lembar, judul "
            "kolom, kode, atau lembar tersembunyi Meta."
        ),
        _(
            "Lembar Realisasi: isi Realisasi (angka), Kendala dan Solusi untuk setiap indikator. "
            "Kendala dan solusi wajib diisi bila capaian di bawah ambang batas saat kiriman "
            "dikirim."
        ),
        _(
            "Lembar Progres Bulanan: untuk setiap sub kegiatan dan bulan (%(months)s), isi Progres "
            "Fisik dalam persen (0 sampai 100) dan Realisasi Anggaran dalam rupiah, kumulatif "
            "sampai akhir bulan itu, tidak boleh negatif."
        )
        % {"months": months},
        _(
            "Angka ditulis sebagai angka, atau sebagai teks dengan koma desimal (95,56). Realisasi "
            "paling banyak 4 angka di belakang koma; progres dan anggaran paling banyak 2."
        ),
        _(
            "Sel yang dikosongkan menghapus nilai yang tersimpan. Baris yang dihapus dari berkas "
            "tidak mengubah data."
        ),
        _(
            "Setelah diunggah, sistem menampilkan pratinjau perubahan (nilai lama → baru) dan "
            "galat per baris. Tidak ada data yang disimpan sebelum Anda menekan Terapkan; bila "
            "satu baris salah, tidak ada yang disimpan."
        ),
        FORMULA_GUIDE,
    ]
    for row, note in enumerate(notes, start=3):
        cell = sheet.cell(row=row, column=1, value=str(note))
        cell.alignment = WRAP
        sheet.row_dimensions[row].height = 32
    sheet.cell(
        row=len(notes) + 4,
        column=1,
        value=str(_("Versi templat: %(version)s")) % {"version": TEMPLATE_VERSION},
    ).font = Font(italic=True, color="666666")
