"""The LKjIP tables as an XLSX workbook (openpyxl), for the offices that work in Excel.

Layout only: every word and number comes from ``data.annual_report_data``. Numbers are written as
numbers (percentages as fractions with a percent format, rupiah with thousands separators), so
the workbook can be summed and charted; the styles are the quarterly report's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sakip.core.xlsx import SafeWorkbook, workbook_bytes
from sakip.reports.quarterly.data import BudgetLine
from sakip.reports.quarterly.render import (
    _BOLD,
    _WRAP,
    MONEY,
    NUMBER,
    PERCENT,
    _formats,
    _percent,
    _sheet_header,
    _sheet_title,
)

from .data import headers_for
from .types import AnnualReportData


def _title_rows(sheet: Any, data: AnnualReportData, subtitle: str = "") -> None:
    for line in data.title_lines:
        sheet.append([line])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    if data.number:
        sheet.append([f"{data.headers['number']}: {data.number}"])
    if subtitle:
        sheet.append([subtitle])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    if data.headers["unlocked_note"]:
        sheet.append([data.headers["unlocked_note"]])
    sheet.append([])


def _bold_row(sheet: Any) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD


def _wrap(sheet: Any, columns: Sequence[int]) -> None:
    for column in columns:
        sheet.cell(row=sheet.max_row, column=column).alignment = _WRAP


def _performance_sheet(sheet: Any, data: AnnualReportData) -> None:
    """Analyses (1), (3) and (4): this year's measure, the end target and the national standard."""
    h = data.headers
    _title_rows(sheet, data, h["section_performance"])
    period = f" ({data.renstra.period_text})" if data.renstra is not None else ""
    _sheet_header(
        sheet,
        [
            h["no"],
            h["objective"],
            h["code"],
            h["indicator"],
            h["unit_of_measure"],
            h["target"],
            h["target_high"],
            h["realisasi"],
            h["capaian"],
            h["category"],
            f"{h['end_target']}{period}",
            f"{h['end_target_high']}{period}",
            h["end_capaian"],
            h["national_standard"],
            h["national_capaian"],
            h["national_standard_source"],
            h["responsible_unit"],
        ],
        [5, 36, 8, 40, 10, 11, 11, 11, 11, 15, 13, 13, 13, 13, 13, 30, 24],
    )
    for block in data.objectives:
        for line in block.indicators:
            year = line.year
            sheet.append(
                [
                    block.no,
                    block.statement,
                    line.code,
                    line.name,
                    line.unit_of_measure,
                    year.target_low,
                    year.target_high,
                    year.realisasi,
                    _percent(year.capaian),
                    year.category,
                    line.end_target_low,
                    line.end_target_high,
                    _percent(line.end_capaian),
                    line.national_standard,
                    _percent(line.national_capaian),
                    line.national_standard_source,
                    line.unit_name,
                ]
            )
            _formats(
                sheet,
                {6: NUMBER, 7: NUMBER, 8: NUMBER, 9: PERCENT, 11: NUMBER, 12: NUMBER}
                | {13: PERCENT, 14: NUMBER, 15: PERCENT},
            )
            _wrap(sheet, (2, 4, 16))
    sheet.append([])
    sheet.append([h["categories"]])
    sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    for category in data.categories:
        sheet.append(["", category.label, "", category.count])


def _history_sheet(sheet: Any, data: AnnualReportData) -> None:
    """Analysis (2): the baseline, every earlier year of the Renstra and this year."""
    h = data.headers
    _title_rows(sheet, data, f"2. {h['analysis_2']}")
    years = data.objectives[0].history_years if data.objectives else []
    titles = [h["no"], h["code"], h["indicator"], h["unit_of_measure"], h["baseline"]]
    for year in [*years, data.year]:
        titles += [f"{h['target']} {year}", f"{h['realisasi']} {year}", f"{h['capaian']} {year}"]
    _sheet_header(sheet, titles, [5, 8, 40, 10, 11] + [11, 11, 11] * (len(years) + 1))
    no = 0
    for block in data.objectives:
        for line in block.indicators:
            no += 1
            row: list[Any] = [no, line.code, line.name, line.unit_of_measure, line.baseline]
            formats = {5: NUMBER}
            cells = [(c.target_low, c.realisasi, c.capaian) for c in line.history]
            cells.append((line.year.target_low, line.year.realisasi, line.year.capaian))
            for offset, (target, realisasi, capaian) in enumerate(cells):
                row += [target, realisasi, _percent(capaian)]
                column = 6 + 3 * offset
                formats |= {column: NUMBER, column + 1: NUMBER, column + 2: PERCENT}
            sheet.append(row)
            _formats(sheet, formats)
            _wrap(sheet, (3,))


def _efficiency_sheet(sheet: Any, data: AnnualReportData) -> None:
    """Analysis (6): capaian kinerja beside serapan anggaran, and the efficiency."""
    h = data.headers
    _title_rows(sheet, data, f"6. {h['analysis_6']}")
    _sheet_header(
        sheet,
        [
            h["no"],
            h["objective"],
            h["code"],
            h["indicator"],
            h["performance_capaian"],
            h["pagu"],
            h["budget_spent"],
            h["absorption"],
            h["efficiency"],
            h["note"],
        ],
        [5, 36, 8, 40, 12, 18, 18, 11, 13, 40],
    )
    for block in data.objectives:
        for line in block.efficiency:
            # A missing figure keeps its word ("Tidak efisien"); a plain "-" stays empty.
            efficiency: Decimal | str | None = _percent(line.efficiency)
            if efficiency is None and line.efficiency_text not in ("", "-"):
                efficiency = line.efficiency_text
            sheet.append(
                [
                    block.no,
                    block.statement,
                    line.code,
                    line.name,
                    _percent(line.capaian),
                    line.pagu,
                    line.budget_spent,
                    _percent(line.absorption),
                    efficiency,
                    line.note or None,
                ]
            )
            _formats(sheet, {5: PERCENT, 6: MONEY, 7: MONEY, 8: PERCENT, 9: PERCENT})
            _wrap(sheet, (2, 4, 10))
    sheet.append([])
    sheet.append([h["efficiency_note"]])


def _budget_rows(sheet: Any, lines: list[BudgetLine], total: BudgetLine | None) -> None:
    for line in [*lines, *([total] if total is not None else [])]:
        sheet.append(
            [line.no, line.code, line.name, line.pagu, line.budget_spent, _percent(line.absorption)]
        )
        _formats(sheet, {4: MONEY, 5: MONEY, 6: PERCENT})
        if line.is_program:
            _bold_row(sheet)


def _budget_sheet(sheet: Any, data: AnnualReportData) -> None:
    """Bab III.B, then analysis (7) per objective: the programs behind it."""
    h = data.headers
    _title_rows(sheet, data, h["section_budget"])
    titles = [h["no"], h["code"], h["program"], h["pagu"], h["budget_spent"], h["absorption"]]
    _sheet_header(sheet, titles, [5, 16, 50, 18, 18, 11])
    _budget_rows(sheet, data.budget, data.budget_total)
    sheet.append([])
    sheet.append([h["budget_note"]])
    for block in data.objectives:
        sheet.append([])
        sheet.append([f"7. {h['analysis_7']} — {block.code} {block.statement}"])
        _bold_row(sheet)
        if not block.programs:
            sheet.append([h["no_programs"]])
            continue
        sheet.append(titles)
        _bold_row(sheet)
        _budget_rows(sheet, block.programs, block.programs_total)


def _agreement_sheet(sheet: Any, data: AnnualReportData) -> None:
    """Bab II and the attachment: the year's PK indicators and the program budget."""
    h = data.headers
    _title_rows(sheet, data, h["attachment_agreement"])
    _sheet_header(
        sheet,
        [h["no"], h["objective"], h["code"], h["indicator"], h["target"]],
        [5, 40, 10, 50, 18],
    )
    for no, line in enumerate(data.agreement, start=1):
        sheet.append([no, line.objective, line.code, line.indicator, line.target_text])
        _wrap(sheet, (2, 4))
    sheet.append([])
    sheet.append([h["no"], h["code"], h["program"], h["pagu"]])
    _bold_row(sheet)
    rows = [*data.agreement_budget]
    if data.agreement_budget_total is not None:
        rows.append(data.agreement_budget_total)
    for budget in rows:
        sheet.append([budget.no, budget.code, budget.name, budget.pagu])
        _formats(sheet, {4: MONEY})


def render_annual_xlsx(data: AnnualReportData) -> bytes:
    # Headings missing from a hand-built AnnualReportData (tests, samples) fall back to the
    # builder's own, so a sheet never fails on a missing key.
    data = replace(data, headers={**headers_for(data.year, data.unlocked_quarters), **data.headers})
    h = data.headers
    book = SafeWorkbook()
    performance = book.active
    performance.title = _sheet_title(h["sheet_performance"])
    _performance_sheet(performance, data)
    _history_sheet(book.create_sheet(_sheet_title(h["sheet_history"])), data)
    _efficiency_sheet(book.create_sheet(_sheet_title(h["sheet_efficiency"])), data)
    _budget_sheet(book.create_sheet(_sheet_title(h["sheet_budget"])), data)
    _agreement_sheet(book.create_sheet(_sheet_title(h["sheet_agreement"])), data)
    return workbook_bytes(book)
