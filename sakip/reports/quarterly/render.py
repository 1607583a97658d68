"""The quarterly performance report as DOCX (python-docx), PDF (WeasyPrint) and XLSX (openpyxl).

Layout only: every word and number comes from `report_data.quarterly_report_data`. The DOCX and
PDF reuse the official-document building blocks of sakip.reports (letterhead, title, tables,
signature, the safe URL fetcher) so that all documents of the agency look alike.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from docx.table import Table
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from weasyprint.urls import URLFetcherResponse

from sakip.core.xlsx import SafeWorkbook, workbook_bytes
from sakip.reports import charts
from sakip.reports import docx_render as dx
from sakip.reports.pdf_render import LocalFilesURLFetcher, document_css_url, html_to_pdf

from .data import BudgetLine, Measure, QuarterlyReportData

# --- charts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartImages:
    capaian: bytes
    absorption: bytes | None  # None when there is no budget


def render_charts(data: QuarterlyReportData) -> ChartImages:
    """Render the two charts once; the DOCX and the PDF embed the same images."""
    absorption = charts.cached_png(data.absorption_chart) if data.absorption_chart.bars else None
    return ChartImages(capaian=charts.cached_png(data.capaian_chart), absorption=absorption)


# --- DOCX ------------------------------------------------------------------------------------

# A4 landscape: 29.7 cm wide, margins 3 cm (binding side) and 2 cm leave 24.7 cm.
PERFORMANCE_WIDTHS = [0.8, 3.6, 4.6, 1.5, 1.7, 1.7, 1.8, 1.9, 1.7, 1.7, 1.8, 1.9]
EXPLANATION_WIDTHS = [0.8, 5.4, 6.5, 6.5, 5.5]
BUDGET_WIDTHS = [0.8, 3.2, 9.7, 4.0, 4.0, 3.0]


def _landscape(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)


def _header_row(table: Table, texts: Sequence[str]) -> None:
    for cell, text in zip(table.rows[-1].cells, texts, strict=True):
        if text:
            dx._cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        dx._shade(cell, dx.HEADER_FILL)
    dx._repeat_header(table.rows[-1])


def _section_heading(doc: DocxDocument, text: str) -> None:
    dx._paragraph(doc)
    dx._paragraph(doc, text, bold=True, space_after=4)


def _measure_cells(cells: Sequence[Any], measure: Measure) -> None:
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    dx._cell(cells[0], measure.target_text, align=center)
    dx._cell(cells[1], measure.realisasi_text, align=center)
    dx._cell(cells[2], measure.capaian_text, align=right)
    dx._cell(cells[3], measure.category, align=center)


def _performance_table(doc: DocxDocument, data: QuarterlyReportData) -> None:
    h = data.headers
    table = doc.add_table(rows=2, cols=12)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    first, second = table.rows
    # Two heading rows: the period groups span their four columns; the others span both rows.
    for index, text in enumerate([h["no"], h["objective"], h["indicator"], h["unit_of_measure"]]):
        merged = first.cells[index].merge(second.cells[index])
        dx._cell(merged, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        dx._shade(merged, dx.HEADER_FILL)
    for start, label in ((4, h["quarter"]), (8, h["to_date"])):
        merged = first.cells[start].merge(first.cells[start + 3])
        dx._cell(merged, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        dx._shade(merged, dx.HEADER_FILL)
        for offset, text in enumerate([h["target"], h["realisasi"], h["capaian"], h["category"]]):
            cell = second.cells[start + offset]
            dx._cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            dx._shade(cell, dx.HEADER_FILL)
    dx._repeat_header(first)
    dx._repeat_header(second)
    for block in data.objectives:
        first_cells = None
        for line in block.lines:
            cells = table.add_row().cells
            first_cells = first_cells or cells
            dx._cell(cells[2], line.name)
            dx._cell(cells[3], line.unit_of_measure, align=WD_ALIGN_PARAGRAPH.CENTER)
            _measure_cells(cells[4:8], line.quarter)
            _measure_cells(cells[8:12], line.to_date)
        assert first_cells is not None
        dx._cell(first_cells[0], str(block.no), align=WD_ALIGN_PARAGRAPH.CENTER)
        dx._cell(first_cells[1], block.statement)
        if len(block.lines) > 1:
            last = table.rows[-1].cells
            first_cells[0].merge(last[0])
            first_cells[1].merge(last[1])
    if not data.objectives:
        cells = table.add_row().cells
        dx._cell(cells[0].merge(cells[-1]), h["no_indicators"], align=WD_ALIGN_PARAGRAPH.CENTER)
    dx._set_widths(table, PERFORMANCE_WIDTHS)


def _explanation_table(doc: DocxDocument, data: QuarterlyReportData) -> None:
    h = data.headers
    table = dx._grid(doc, [h["no"], h["indicator"], h["problems"], h["solutions"], h["evidence"]])
    for no, line in enumerate(data.explanations, start=1):
        cells = table.add_row().cells
        dx._cell(cells[0], str(no), align=WD_ALIGN_PARAGRAPH.CENTER)
        dx._cell(cells[1], f"{line.name} ({line.quarter.capaian_text})")
        dx._cell(cells[2], line.problems or "-")
        dx._cell(cells[3], line.solutions or "-")
        dx._cell(cells[4], "\n".join(line.evidence) or "-")
    if not data.explanations:
        cells = table.add_row().cells
        dx._cell(cells[0].merge(cells[-1]), h["no_explanations"], align=WD_ALIGN_PARAGRAPH.CENTER)
    dx._set_widths(table, EXPLANATION_WIDTHS)


def _budget_cells(cells: Sequence[Any], line: BudgetLine, *, bold: bool) -> None:
    right = WD_ALIGN_PARAGRAPH.RIGHT
    dx._cell(cells[3], line.pagu_text, bold=bold, align=right)
    dx._cell(cells[4], line.budget_spent_text, bold=bold, align=right)
    dx._cell(cells[5], line.absorption_text, bold=bold, align=right)


def _budget_table(doc: DocxDocument, data: QuarterlyReportData) -> None:
    h = data.headers
    table = dx._grid(
        doc,
        [h["no"], h["code"], h["program"], h["pagu"], h["budget_spent"], h["absorption"]],
    )
    for line in data.budget:
        cells = table.add_row().cells
        dx._cell(cells[0], line.no, align=WD_ALIGN_PARAGRAPH.CENTER)
        dx._cell(cells[1], line.code, bold=line.is_program)
        dx._cell(
            cells[2], line.name if line.is_program else f"    {line.name}", bold=line.is_program
        )
        _budget_cells(cells, line, bold=line.is_program)
    if data.budget_total is not None:
        cells = table.add_row().cells
        label = cells[0].merge(cells[2])
        dx._cell(label, h["total"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _budget_cells(cells, data.budget_total, bold=True)
    else:
        cells = table.add_row().cells
        dx._cell(cells[0].merge(cells[-1]), h["no_budget"], align=WD_ALIGN_PARAGRAPH.CENTER)
    dx._set_widths(table, BUDGET_WIDTHS)
    dx._paragraph(doc, h["budget_note"], size=9)


def _progress_table(doc: DocxDocument, data: QuarterlyReportData) -> None:
    h = data.headers
    months = data.progress_months
    table = doc.add_table(rows=2, cols=3 + 2 * len(months))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    first, second = table.rows
    for index, text in enumerate([h["no"], h["sub_activity"], h["pagu"]]):
        merged = first.cells[index].merge(second.cells[index])
        dx._cell(merged, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        dx._shade(merged, dx.HEADER_FILL)
    for offset, month in enumerate(months):
        start = 3 + 2 * offset
        merged = first.cells[start].merge(first.cells[start + 1])
        dx._cell(merged, month, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        dx._shade(merged, dx.HEADER_FILL)
        for column, text in ((start, h["physical"]), (start + 1, h["budget_spent_month"])):
            dx._cell(second.cells[column], text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            dx._shade(second.cells[column], dx.HEADER_FILL)
    dx._repeat_header(first)
    dx._repeat_header(second)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for no, line in enumerate(data.progress, start=1):
        cells = table.add_row().cells
        dx._cell(cells[0], str(no), align=WD_ALIGN_PARAGRAPH.CENTER)
        dx._cell(cells[1], f"{line.code} {line.name}")
        dx._cell(cells[2], line.pagu_text, align=right)
        for offset, cell in enumerate(line.months):
            dx._cell(cells[3 + 2 * offset], cell.physical_text, align=right)
            dx._cell(cells[4 + 2 * offset], cell.budget_spent_text, align=right)
    if not data.progress:
        cells = table.add_row().cells
        dx._cell(cells[0].merge(cells[-1]), h["no_progress"], align=WD_ALIGN_PARAGRAPH.CENTER)
    widths = [0.8, 6.5, 3.4] + [1.7, 2.3] * len(months)
    # A semester has six months: shrink the columns to the 24.7 cm of the landscape page.
    scale = min(1.0, 24.7 / sum(widths))
    dx._set_widths(table, [round(width * scale, 2) for width in widths])


def render_quarterly_docx(data: QuarterlyReportData, images: ChartImages | None = None) -> bytes:
    images = images or render_charts(data)
    h = data.headers
    doc = dx._new_document(h["page"], h["page_of"])
    _landscape(doc)
    dx._letterhead(doc, data.letterhead)
    dx._title(doc, data.title_lines, data.number, h["number"])
    dx._paragraph(doc, h["section_performance"], bold=True, space_after=4)
    _performance_table(doc, data)
    _section_heading(doc, h["section_explanation"])
    _explanation_table(doc, data)
    _section_heading(doc, h["section_budget"])
    _budget_table(doc, data)
    _section_heading(doc, h["section_progress"])
    _progress_table(doc, data)
    _section_heading(doc, h["section_charts"])
    for png in (images.capaian, images.absorption):
        if png:
            doc.add_picture(io.BytesIO(png), width=Cm(17))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    dx._signatures(doc, None, data.signature, data.place_date)
    return dx._save(doc)


# --- PDF -------------------------------------------------------------------------------------

CHART_SCHEME = "sakip-chart"


class ChartURLFetcher(LocalFilesURLFetcher):
    """The safe fetcher of sakip.reports, plus the report's own chart images held in memory
    (``sakip-chart:<name>``); every other URL is still refused by the parent."""

    def __init__(self, images: dict[str, bytes], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._images = images

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        prefix = f"{CHART_SCHEME}:"
        if url.startswith(prefix) and url[len(prefix) :] in self._images:
            return URLFetcherResponse(
                url, body=self._images[url[len(prefix) :]], headers={"Content-Type": "image/png"}
            )
        return super().fetch(url, headers)


def render_quarterly_pdf(data: QuarterlyReportData, images: ChartImages | None = None) -> bytes:
    images = images or render_charts(data)
    stored = {"capaian": images.capaian}
    if images.absorption:
        stored["absorption"] = images.absorption
    html = render_to_string(
        "reports/pdf/quarterly.html",
        {
            "doc": data,
            "h": data.headers,
            "css_url": document_css_url(),
            "charts": {name: f"{CHART_SCHEME}:{name}" for name in stored},
        },
    )
    return html_to_pdf(html, url_fetcher=ChartURLFetcher(stored))


# --- XLSX ------------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_WRAP = Alignment(wrap_text=True, vertical="top")
PERCENT = "0.00%"
NUMBER = "#,##0.####"
MONEY = "#,##0"


def _sheet_header(sheet: Any, titles: Sequence[str], widths: Sequence[int]) -> None:
    sheet.append(list(titles))
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.freeze_panes = f"A{sheet.max_row + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _title_rows(sheet: Any, data: QuarterlyReportData) -> None:
    for line in data.title_lines:
        sheet.append([line])
        sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    if data.number:
        sheet.append([f"{data.headers['number']}: {data.number}"])
    sheet.append([])


def _percent(value: Decimal | None) -> Decimal | None:
    """Excel keeps a percent as a fraction: 97,32% is 0.9732 shown with the "0.00%" format."""
    return None if value is None else value / 100


def _formats(sheet: Any, formats: dict[int, str]) -> None:
    for column, number_format in formats.items():
        sheet.cell(row=sheet.max_row, column=column).number_format = number_format


def _measure_values(measure: Measure) -> list[Any]:
    return [
        measure.target_low,
        measure.target_high,
        measure.realisasi,
        _percent(measure.capaian),
        measure.category,
    ]


def _performance_sheet(sheet: Any, data: QuarterlyReportData) -> None:
    h = data.headers
    _title_rows(sheet, data)
    q, td = h["quarter"], h["to_date"]
    titles = [h["no"], h["objective"], h["code"], h["indicator"], h["unit_of_measure"]]
    for label in (q, td):
        titles += [
            f"{h['target']} {label}",
            f"{h['target_high']} {label}",
            f"{h['realisasi']} {label}",
            f"{h['capaian']} {label}",
            f"{h['category']} {label}",
        ]
    titles.append(h["responsible_unit"])
    _sheet_header(sheet, titles, [5, 36, 8, 40, 10] + [11, 11, 11, 11, 15] * 2 + [24])
    for block in data.objectives:
        for line in block.lines:
            sheet.append(
                [
                    block.no,
                    block.statement,
                    line.code,
                    line.name,
                    line.unit_of_measure,
                    *_measure_values(line.quarter),
                    *_measure_values(line.to_date),
                    line.unit_name,
                ]
            )
            _formats(
                sheet,
                {6: NUMBER, 7: NUMBER, 8: NUMBER, 9: PERCENT}
                | {11: NUMBER, 12: NUMBER, 13: NUMBER, 14: PERCENT},
            )


def _explanation_sheet(sheet: Any, data: QuarterlyReportData) -> None:
    h = data.headers
    _sheet_header(
        sheet,
        [
            h["no"],
            h["code"],
            h["indicator"],
            h["capaian"],
            h["problems"],
            h["solutions"],
            h["evidence"],
        ],
        [5, 8, 40, 11, 45, 45, 30],
    )
    for no, line in enumerate(data.explanations, start=1):
        sheet.append(
            [
                no,
                line.code,
                line.name,
                _percent(line.quarter.capaian),
                line.problems,
                line.solutions,
                "\n".join(line.evidence),
            ]
        )
        _formats(sheet, {4: PERCENT})
        for column in (3, 5, 6, 7):
            sheet.cell(row=sheet.max_row, column=column).alignment = _WRAP


def _budget_sheet(sheet: Any, data: QuarterlyReportData) -> None:
    h = data.headers
    _sheet_header(
        sheet,
        [h["no"], h["code"], h["program"], h["pagu"], h["budget_spent"], h["absorption"]],
        [5, 16, 50, 18, 18, 11],
    )
    rows = list(data.budget)
    if data.budget_total is not None:
        rows.append(data.budget_total)
    for line in rows:
        sheet.append(
            [line.no, line.code, line.name, line.pagu, line.budget_spent, _percent(line.absorption)]
        )
        _formats(sheet, {4: MONEY, 5: MONEY, 6: PERCENT})
        if line.is_program:
            for cell in sheet[sheet.max_row]:
                cell.font = _BOLD


def _progress_sheet(sheet: Any, data: QuarterlyReportData) -> None:
    h = data.headers
    titles = [h["no"], h["code"], h["sub_activity"], h["pagu"]]
    for month in data.progress_months:
        titles += [f"{h['physical']} {month}", f"{h['budget_spent_month']} {month}"]
    _sheet_header(sheet, titles, [5, 18, 40, 18] + [12, 18] * len(data.progress_months))
    for no, line in enumerate(data.progress, start=1):
        values: list[Any] = [no, line.code, line.name, line.pagu]
        formats = {4: MONEY}
        for offset, cell in enumerate(line.months):
            values += [_percent(cell.physical), cell.budget_spent]
            formats |= {5 + 2 * offset: PERCENT, 6 + 2 * offset: MONEY}
        sheet.append(values)
        _formats(sheet, formats)


def _sheet_title(text: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    return "".join(c for c in text if c not in "[]:*?/\\")[:31]


def render_quarterly_xlsx(data: QuarterlyReportData) -> bytes:
    h = data.headers
    book = SafeWorkbook()
    performance = book.active
    performance.title = _sheet_title(h["sheet_performance"])
    _performance_sheet(performance, data)
    _explanation_sheet(book.create_sheet(_sheet_title(h["sheet_explanation"])), data)
    _budget_sheet(book.create_sheet(_sheet_title(h["sheet_budget"])), data)
    _progress_sheet(book.create_sheet(_sheet_title(h["sheet_progress"])), data)
    return workbook_bytes(book)
