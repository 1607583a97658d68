"""The dashboard's tables as an XLSX workbook: one sheet per chart (or only the asked one), with
the same numbers as the page. Written through sakip.core.xlsx, so a text starting with = + - @
stays text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from sakip.core.xlsx import RUPIAH_FORMAT, SafeWorkbook, workbook_bytes

from .figures import Capaian
from .selectors import DashboardData

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DDE5F0")
PERCENT = "0.00"


def _sheet(book: SafeWorkbook, title: str, intro: str, header: list[str], widths: list[int]) -> Any:
    sheet = book.create_sheet(title[:31])
    sheet.append([intro])
    sheet.cell(row=1, column=1).font = _BOLD
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = _BOLD
        cell.fill = _FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return sheet


def _capaian_cells(capaian: Capaian) -> list[Any]:
    return [capaian.value, capaian.category]


def _format_column(sheet: Any, column: int, number_format: str) -> None:
    for row in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
        for cell in row:
            cell.number_format = number_format


def _objectives(book: SafeWorkbook, data: DashboardData, intro: str) -> None:
    sheet = _sheet(
        book,
        _("Sasaran"),
        intro,
        [
            _("Kode"),
            _("Sasaran"),
            _("Indikator"),
            _("Indikator dengan capaian"),
            _("Rata-rata capaian (%)"),
            _("Kategori"),
        ],
        [10, 60, 12, 14, 14, 18],
    )
    for row in data.objectives:
        sheet.append(
            [
                row.code,
                row.name,
                row.indicator_count,
                row.measured_count,
                *_capaian_cells(row.average),
            ]
        )
    _format_column(sheet, 5, PERCENT)


def _indicators(book: SafeWorkbook, data: DashboardData, intro: str) -> None:
    sheet = _sheet(
        book,
        _("Indikator"),
        intro,
        [
            _("Sasaran"),
            _("Kode"),
            _("Indikator"),
            _("Satuan"),
            _("Unit penanggung jawab"),
            _("Target"),
            _("Realisasi"),
            _("Capaian (%)"),
            _("Kategori"),
            "TW I (%)",
            "TW II (%)",
            "TW III (%)",
            "TW IV (%)",
        ],
        [10, 10, 50, 12, 30, 14, 14, 12, 18, 10, 10, 10, 10],
    )
    for row in data.indicators:
        sheet.append(
            [
                row.objective_code,
                row.code,
                row.name,
                row.unit_of_measure,
                row.unit_name,
                row.target_cell,
                row.realisasi,
                *_capaian_cells(row.capaian),
                *[q.value for q in row.quarters],
            ]
        )
    for column in (8, 10, 11, 12, 13):
        _format_column(sheet, column, PERCENT)


def _units(book: SafeWorkbook, data: DashboardData, intro: str) -> None:
    sheet = _sheet(
        book,
        _("Unit"),
        intro,
        [
            _("Unit"),
            _("Indikator"),
            _("Indikator dengan capaian"),
            _("Rata-rata capaian (%)"),
            _("Kategori"),
        ],
        [40, 12, 14, 14, 18],
    )
    for row in data.units:
        sheet.append(
            [row.name, row.indicator_count, row.measured_count, *_capaian_cells(row.average)]
        )
    _format_column(sheet, 4, PERCENT)


def _categories(book: SafeWorkbook, data: DashboardData, intro: str) -> None:
    sheet = _sheet(book, _("Kategori"), intro, [_("Kategori"), _("Jumlah indikator")], [24, 16])
    for row in data.categories:
        sheet.append([row.label, row.count])
    sheet.append([_("Belum ada capaian"), data.unmeasured])


def _quarters(book: SafeWorkbook, data: DashboardData, intro: str) -> None:
    sheet = _sheet(
        book,
        _("Tren triwulan"),
        intro,
        [_("Triwulan"), _("Indikator dengan capaian"), _("Rata-rata capaian (%)"), _("Kategori")],
        [12, 14, 14, 18],
    )
    for point in data.quarter_trend:
        sheet.append([point.label, point.measured_count, *_capaian_cells(point.average)])
    _format_column(sheet, 3, PERCENT)


def _renstra(book: SafeWorkbook, data: DashboardData, intro: str) -> None:
    sheet = _sheet(
        book,
        _("Tren Renstra"),
        intro,
        [_("Tahun"), _("Indikator dengan capaian"), _("Rata-rata capaian (%)"), _("Kategori")],
        [12, 14, 14, 18],
    )
    for point in data.renstra_trend:
        sheet.append([point.label, point.measured_count, *_capaian_cells(point.average)])
    _format_column(sheet, 3, PERCENT)


def _at_risk(book: SafeWorkbook, data: DashboardData, intro: str) -> None:
    sheet = _sheet(
        book,
        _("Berisiko"),
        intro,
        [
            _("Kode"),
            _("Indikator"),
            _("Unit penanggung jawab"),
            _("Target tahunan"),
            _("Triwulan terlapor"),
            _("Proyeksi akhir tahun"),
            _("Proyeksi capaian (%)"),
            _("Kategori"),
        ],
        [10, 50, 30, 14, 20, 16, 14, 18],
    )
    for row in data.at_risk:
        sheet.append(
            [
                row.indicator.code,
                row.indicator.name,
                row.indicator.unit_name,
                row.target_cell,
                row.quarters_text,
                row.projected_value,
                *_capaian_cells(row.projected),
            ]
        )
    _format_column(sheet, 7, PERCENT)


def _collection(book: SafeWorkbook, data: DashboardData, intro: str) -> None:
    sheet = _sheet(
        book,
        _("Pengumpulan data"),
        intro,
        [_("Unit"), _("Status"), _("Terlambat")],
        [40, 16, 12],
    )
    for row in data.collection.rows:
        sheet.append(
            [row.submission.unit.name, row.state_label, _("Ya") if row.late else _("Tidak")]
        )


def _budget(book: SafeWorkbook, data: DashboardData, intro: str) -> None:
    sheet = _sheet(
        book,
        _("Anggaran"),
        intro,
        [_("Kode"), _("Program"), _("Pagu (Rp)"), _("Realisasi anggaran (Rp)"), _("Serapan (%)")],
        [18, 50, 18, 18, 12],
    )
    for row in data.budget:
        sheet.append([row.code, row.name, row.pagu, row.budget_spent, row.absorption])
    _format_column(sheet, 3, RUPIAH_FORMAT)
    _format_column(sheet, 4, RUPIAH_FORMAT)
    _format_column(sheet, 5, PERCENT)


SECTIONS: dict[str, Callable[[SafeWorkbook, DashboardData, str], None]] = {
    "objectives": _objectives,
    "indicators": _indicators,
    "units": _units,
    "categories": _categories,
    "quarters": _quarters,
    "renstra": _renstra,
    "at_risk": _at_risk,
    "collection": _collection,
    "budget": _budget,
}


def dashboard_workbook(data: DashboardData, *, section: str = "") -> bytes:
    """The workbook of every section, or of ``section`` alone when it names one."""
    book = SafeWorkbook()
    book.remove(book.active)
    intro = _("Dasbor %(agency)s, tahun %(year)s, %(period)s") % {
        "agency": data.scope.agency.name,
        "year": data.year,
        "period": data.period_label or _("belum ada data"),
    }
    for key, write in SECTIONS.items():
        if not section or section == key:
            write(book, data, intro)
    return workbook_bytes(book)
