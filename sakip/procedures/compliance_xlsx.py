"""The SOP compliance report as an XLSX workbook (offices work in Excel; DOMAIN.md §4)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from sakip.core.xlsx import SafeWorkbook, workbook_bytes

from .compliance import ComplianceReport, Share

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


def _header(sheet, titles: list[str]) -> None:  # type: ignore[no-untyped-def]
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def _widths(sheet, widths: list[int]) -> None:  # type: ignore[no-untyped-def]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _local(moment):  # type: ignore[no-untyped-def]
    # Excel has no time zones: write the WITA wall-clock time without tzinfo.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _share_rows(sheet, shares: list[Share], total: Share | None = None) -> None:  # type: ignore[no-untyped-def]
    for share in [*shares, *([total] if total is not None else [])]:
        value = share.share
        sheet.append(
            [
                share.label,
                share.completed,
                share.on_time,
                share.late,
                None if value is None else value / Decimal(100),
            ]
        )
        sheet.cell(row=sheet.max_row, column=5).number_format = "0.00%"
    if total is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = _HEADER_FONT


def _unit_sheet(book: SafeWorkbook, report: ComplianceReport, shares_header: list[str]) -> None:
    """ "Ketepatan unit": the units' answers to a data request, against the request's due date,
    apart from the SOP steps (the share counts each unit's first answer)."""
    units = book.create_sheet(_("Ketepatan unit"))
    _header(units, [_("Unit"), _("Data dikirim"), *shares_header[2:]])
    _share_rows(units, report.per_unit, report.units_total if report.per_unit else None)
    units.append([])
    _header(
        units,
        [
            _("Pelaksanaan"),
            _("Tahun"),
            _("Unit"),
            _("Putaran"),
            _("Penanggung jawab"),
            _("Batas pengiriman"),
            _("Dikirim"),
            _("Tepat waktu"),
            _("Terlambat (menit kerja)"),
            _("Keterangan"),
        ],
    )
    units.freeze_panes = None
    for row in report.unit_rows:
        task = row.task
        on_time = row.outcome.on_time
        units.append(
            [
                task.run.title,
                task.run.year,
                task.unit.name if task.unit is not None else "",
                task.round,
                task.assignee.display_name,
                _local(task.deadline),
                _local(task.completed_at),
                "" if on_time is None else (_("Ya") if on_time else _("Tidak")),
                row.late_minutes or row.late_open_minutes or (0 if on_time is not None else None),
                row.status_label,
            ]
        )
        for column in (6, 7):
            units.cell(row=units.max_row, column=column).number_format = "dd/mm/yyyy hh:mm"
    _widths(units, [30, 13, 13, 12, 28, 17, 17, 11, 14, 34])


def compliance_workbook(report: ComplianceReport) -> bytes:
    book = SafeWorkbook()
    steps = book.active
    steps.title = _("Per langkah")
    _header(
        steps,
        [
            _("Pelaksanaan"),
            _("Tahun"),
            _("SOP"),
            _("No"),
            _("Kegiatan"),
            _("Pelaksana (peran)"),
            _("Unit"),
            _("Putaran"),
            _("Penanggung jawab"),
            _("Waktu baku"),
            _("Mulai"),
            _("Tenggat"),
            _("Selesai"),
            _("Waktu kerja aktual (menit)"),
            _("Tepat waktu"),
            _("Terlambat (menit kerja)"),
            _("Keterangan"),
        ],
    )
    for row in report.rows:
        task = row.task
        on_time = row.outcome.on_time
        steps.append(
            [
                task.run.title,
                task.run.year,
                task.run.revision.title,
                task.step.number,
                task.step.activity,
                task.step.lane.name,
                task.unit.name if task.unit is not None else "",
                task.round,
                task.assignee.display_name,
                row.standard_time,
                _local(task.started_at),
                _local(task.deadline),
                _local(task.completed_at),
                row.outcome.actual_minutes,
                "" if on_time is None else (_("Ya") if on_time else _("Tidak")),
                row.late_minutes or row.late_open_minutes or (0 if on_time is not None else None),
                row.status_label,
            ]
        )
        for column in (11, 12, 13):
            steps.cell(row=steps.max_row, column=column).number_format = "dd/mm/yyyy hh:mm"
    _widths(steps, [30, 7, 30, 5, 40, 24, 24, 8, 28, 12, 17, 17, 17, 14, 11, 14, 34])

    shares_header = [
        "",
        _("Tugas selesai"),
        _("Tepat waktu"),
        _("Terlambat"),
        _("Persentase tepat waktu"),
    ]
    per_sop = book.create_sheet(_("Per SOP"))
    _header(per_sop, [_("SOP"), *shares_header[1:]])
    _share_rows(per_sop, report.per_sop, report.total)
    _widths(per_sop, [45, 14, 13, 12, 22])

    per_lane = book.create_sheet(_("Per peran"))
    _header(per_lane, [_("Pelaksana (peran)"), *shares_header[1:]])
    _share_rows(per_lane, report.per_lane)
    _widths(per_lane, [40, 14, 13, 12, 22])

    _unit_sheet(book, report, shares_header)
    return workbook_bytes(book)
