"""The LKjIP as DOCX (python-docx), for the staff to edit before signing.

Layout only: the words and numbers come from ``AnnualReportData`` (and the shared headings and
paragraph rules of ``layout``). A4 portrait with the agency letterhead on the cover, each chapter
from a new page, Word heading styles (the navigation pane and a table of contents work), real
tables whose heading rows repeat on each page, and the same chart images as the PDF.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

from sakip.reports import docx_render as dx
from sakip.reports.quarterly.data import BudgetLine

from . import layout, sections
from .render_charts import AnnualChartImages
from .types import AnnualReportData, ObjectiveAnalysis

CENTER = WD_ALIGN_PARAGRAPH.CENTER
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
DRAFT_COLOUR = RGBColor(0xB0, 0x00, 0x20)

# A4 portrait less the 3 cm (binding side) and 2 cm margins: 16 cm of text width.
# The annual tables are dense: 9 pt text, so that "Rp1.004.422.800" fits its column.
TABLE_TEXT = 9
CATEGORY_WIDTHS = [1.0, 9.0, 4.0]
RENSTRA_WIDTHS = [1.0, 2.0, 13.0]
YEAR_WIDTHS = [1.0, 5.2, 1.6, 2.0, 2.0, 2.0, 2.2]
HISTORY_WIDTHS = [1.0, 4.6, 1.6, 2.4, 2.1, 2.1, 2.2]
END_TARGET_WIDTHS = [1.0, 5.8, 1.6, 2.5, 2.5, 2.6]
NATIONAL_WIDTHS = [1.0, 4.2, 1.6, 2.0, 3.0, 2.0, 2.2]
EXPLANATION_WIDTHS = [1.0, 4.2, 5.4, 5.4]
EFFICIENCY_WIDTHS = [1.0, 4.4, 2.2, 2.2, 2.2, 4.0]
BUDGET_WIDTHS = [1.0, 2.5, 4.6, 3.0, 3.0, 1.9]
# The PK document's own widths (sakip.reports.docx_render), given to the grid too.
PK_WIDTHS = [1.0, 5.5, 6.0, 3.5]
PK_BUDGET_WIDTHS = [1.0, 11.0, 4.0]
SIGNATURE_WIDTHS = [8.0, 8.0]
CHART_WIDTH = Cm(14)
COVER_EMBLEM_HEIGHT = 5.0  # cm
KEY_FIGURE_WIDTHS = [1.0, 10.5, 4.5]
# Elements of w:settings that come after w:updateFields (ECMA-376 §17.15.1.78).
_SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


# --- text ------------------------------------------------------------------------------------


def _no_stretched_lines(doc: DocxDocument) -> None:
    """A justified line that ends in a line break is not stretched to the margin (Word's
    "doNotExpandShiftReturn"; LibreOffice reads it too). It comes before every element the
    default template has in w:compat (useFELayout, compatSetting), so it goes first."""
    compat = doc.settings.element.find(qn("w:compat"))
    if compat is not None:
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def _style_headings(doc: DocxDocument) -> None:
    """Word's heading styles in the document's font and black: the default template's are
    theme-coloured Calibri, which would not match the letterhead."""
    for level, size in ((1, 13), (2, 11.5), (3, 11), (4, 11)):
        style = doc.styles[f"Heading {level}"]
        style.font.name = dx.FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        fonts.set(qn("w:eastAsia"), dx.FONT)
        style.paragraph_format.space_before = Pt(12 if level < 3 else 8)
        style.paragraph_format.space_after = Pt(6 if level == 1 else 4)
        style.paragraph_format.keep_with_next = True


def _heading(doc: DocxDocument, text: str, level: int) -> None:
    doc.add_heading(text, level=level)


def _chapter(doc: DocxDocument, lines: Sequence[str]) -> None:
    """A chapter's heading ("BAB I" over "PENDAHULUAN"), centred, on a new page; one Word
    heading, so the navigation pane lists it once."""
    paragraph = doc.add_heading(level=1)
    paragraph.alignment = CENTER
    paragraph.paragraph_format.page_break_before = True
    paragraph.paragraph_format.space_after = Pt(12)
    for index, line in enumerate(lines):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)


def _text(doc: DocxDocument, texts: Sequence[str]) -> None:
    """Narrative paragraphs: justified, first line indented; a single line break stays one."""
    for text in texts:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.paragraph_format.line_spacing = 1.15
        for index, line in enumerate(text.split("\n")):
            run = paragraph.add_run()
            if index:
                run.add_break(WD_BREAK.LINE)
            run.add_text(line.strip())


def _note(doc: DocxDocument, text: str) -> None:
    """A small line under a table (how a column is computed)."""
    dx._paragraph(doc, text, size=8.5, space_after=6).paragraph_format.space_before = Pt(3)


def _picture(doc: DocxDocument, png: bytes | None) -> None:
    if not png:
        return
    doc.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    picture = doc.paragraphs[-1]
    picture.alignment = CENTER
    picture.paragraph_format.space_after = Pt(8)


# --- tables ----------------------------------------------------------------------------------


def _cell(cell: _Cell, text: str, *, bold: bool = False, align: int | None = None) -> None:
    dx._paragraph(cell, text, bold=bold, size=TABLE_TEXT, align=align, first=True)


def _grid(doc: DocxDocument, headings: Sequence[str]) -> Table:
    """sakip.reports' grid (shaded heading row repeated on each page) in the annual text size."""
    table = dx._grid(doc, headings)
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.font.size = Pt(TABLE_TEXT)
    return table


def _widths(table: Table, widths: Sequence[float]) -> None:
    """Column widths for Word (cell widths) and for LibreOffice (the table grid), which would
    otherwise share the width equally and break the money columns."""
    dx._set_widths(table, widths)
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Cm(width)


def _empty_row(table: Table, text: str) -> None:
    cells = table.add_row().cells
    _cell(cells[0].merge(cells[-1]), text, align=CENTER)


def _finish(doc: DocxDocument, table: Table, widths: Sequence[float], *notes: str) -> None:
    """Widths, then the table's notes (those not empty) or a blank line before what follows."""
    _widths(table, widths)
    text = " ".join(note for note in notes if note)
    if text:
        _note(doc, text)
    else:
        dx._paragraph(doc, space_after=4)


def _code_table(
    doc: DocxDocument, rows: Sequence[tuple[str, str]], heading: str, h: dict[str, str]
) -> None:
    table = _grid(doc, [h["no"], h["code"], heading])
    for no, (code, statement) in enumerate(rows, start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(no), align=CENTER)
        _cell(cells[1], code, align=CENTER)
        _cell(cells[2], statement)
    if not rows:
        _empty_row(table, "-")
    _finish(doc, table, RENSTRA_WIDTHS)


def _budget_cells(cells: Sequence[_Cell], line: BudgetLine, *, bold: bool) -> None:
    _cell(cells[3], line.pagu_text, bold=bold, align=RIGHT)
    _cell(cells[4], line.budget_spent_text, bold=bold, align=RIGHT)
    _cell(cells[5], line.absorption_text, bold=bold, align=RIGHT)


def _budget_table(
    doc: DocxDocument,
    lines: Sequence[BudgetLine],
    total: BudgetLine | None,
    h: dict[str, str],
    empty_text: str,
    note: str = "",
) -> None:
    table = _grid(
        doc, [h["no"], h["code"], h["program"], h["pagu"], h["budget_spent"], h["absorption"]]
    )
    for line in lines:
        cells = table.add_row().cells
        _cell(cells[0], line.no, align=CENTER)
        _cell(cells[1], line.code, bold=line.is_program)
        _cell(cells[2], line.name, bold=line.is_program)
        if not line.is_program:  # activities sit under their program
            cells[2].paragraphs[0].paragraph_format.left_indent = Cm(0.4)
        _budget_cells(cells, line, bold=line.is_program)
    if total is not None:
        cells = table.add_row().cells
        _cell(cells[0].merge(cells[2]), h["total"], bold=True, align=CENTER)
        _budget_cells(cells, total, bold=True)
    if not lines:
        _empty_row(table, empty_text)
    _finish(doc, table, BUDGET_WIDTHS, note)


# --- cover and front matter ------------------------------------------------------------------


def _draft_header(doc: DocxDocument, note: str) -> None:
    """Every page after the cover says it is a draft (the cover says it in full)."""
    paragraph = doc.sections[0].header.paragraphs[0]
    paragraph.alignment = RIGHT
    run = paragraph.add_run(note)
    run.bold = True
    run.font.size = Pt(8)
    run.font.color.rgb = DRAFT_COLOUR


def _cover(doc: DocxDocument, data: AnnualReportData, h: dict[str, str]) -> None:
    # The cover carries no page number and no running header.
    doc.sections[0].different_first_page_header_footer = True
    dx._letterhead(doc, data.letterhead)
    emblem = data.letterhead.emblem_path
    for index, line in enumerate(data.title_lines):
        paragraph = dx._paragraph(doc, line, bold=True, size=16 if index == 0 else 14, align=CENTER)
        paragraph.paragraph_format.space_before = Pt((60 if emblem else 150) if index == 0 else 6)
        if index == 1 and emblem:  # the emblem between the title and the agency's name
            picture = dx._paragraph(doc, align=CENTER)
            picture.paragraph_format.space_before = Pt(36)
            picture.paragraph_format.space_after = Pt(30)
            if not dx._emblem_run(picture, emblem, COVER_EMBLEM_HEIGHT):
                picture._p.getparent().remove(picture._p)
    if data.number:
        number = dx._paragraph(doc, f"{h['number']}: {data.number}", align=CENTER)
        number.paragraph_format.space_before = Pt(12)
    note = layout.draft_note(data, h)
    if note:
        paragraph = dx._paragraph(doc, note, bold=True, size=13, align=CENTER)
        paragraph.paragraph_format.space_before = Pt(48)
        paragraph.runs[0].font.color.rgb = DRAFT_COLOUR
        _draft_header(doc, note)


def _front_section(doc: DocxDocument, title: str, texts: list[str]) -> None:
    _chapter(doc, layout.heading_lines(title))
    _text(doc, texts)


def _foreword(
    doc: DocxDocument, data: AnnualReportData, h: dict[str, str], texts: list[str]
) -> None:
    """Kata Pengantar, signed by the agency head."""
    _front_section(doc, h["foreword"], texts)
    dx._signatures(doc, None, data.signature, data.place_date)
    _widths(doc.tables[-1], SIGNATURE_WIDTHS)


def _fld_char(paragraph, kind: str) -> None:  # type: ignore[no-untyped-def]
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _update_fields_on_open(doc: DocxDocument) -> None:
    """Word fills in the table of contents (and the page numbers) when the file is opened."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.insert_element_before(update, *_SETTINGS_AFTER_UPDATE_FIELDS)


def _contents(
    doc: DocxDocument, data: AnnualReportData, h: dict[str, str], *, foreword: bool
) -> None:
    """Daftar Isi: a Word TOC field over the heading levels 1–2. Until Word updates it (it is
    asked to on opening) the field shows the chapters and sections without page numbers."""
    title = dx._paragraph(doc, h["contents"].upper(), bold=True, size=13, align=CENTER)
    title.style = doc.styles["TOC Heading"]
    title.paragraph_format.page_break_before = True
    title.paragraph_format.space_after = Pt(12)
    for run in title.runs:
        run.font.name = dx.FONT
        run.font.size = Pt(13)
        run.font.color.rgb = RGBColor(0, 0, 0)
    entries = layout.contents(data, h, foreword=foreword)
    first = doc.add_paragraph()
    _fld_char(first, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = r' TOC \o "1-2" \h \z \u '
    first.add_run()._r.append(instruction)
    _fld_char(first, "separate")
    paragraph = first
    for index, entry in enumerate(entries):
        if index:
            paragraph = doc.add_paragraph()
        paragraph.add_run(entry.text).bold = entry.level == 1
        paragraph.paragraph_format.left_indent = Cm(0 if entry.level == 1 else 0.75)
        paragraph.paragraph_format.space_after = Pt(3)
    _fld_char(paragraph, "end")
    _note(doc, h["contents_update"])
    _update_fields_on_open(doc)


def _key_figures(doc: DocxDocument, data: AnnualReportData, h: dict[str, str]) -> None:
    """The Ikhtisar's figures: counts and budget, the indicators' capaian, the main problems."""
    _heading(doc, h["key_figures"], 2)
    table = _grid(doc, [h["no"], h["figure"], h["figure_value"]])
    for no, (label, value) in enumerate(layout.key_figures(data, h), start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(no), align=CENTER)
        _cell(cells[1], label)
        _cell(cells[2], value, align=RIGHT)
    _finish(doc, table, KEY_FIGURE_WIDTHS)
    caption, lines = layout.key_indicators(data, h)
    if lines:
        _heading(doc, caption, 2)
        table = _grid(
            doc,
            [
                h["no"],
                h["indicator"],
                h["unit_of_measure"],
                h["target"],
                h["realisasi"],
                h["capaian"],
                h["category"],
            ],
        )
        for no, line in enumerate(lines, start=1):
            cells = table.add_row().cells
            _cell(cells[0], str(no), align=CENTER)
            _cell(cells[1], layout.indicator_label(line))
            _cell(cells[2], line.unit_of_measure, align=CENTER)
            _cell(cells[3], line.year.target_text, align=CENTER)
            _cell(cells[4], line.year.realisasi_text, align=CENTER)
            _cell(cells[5], line.year.capaian_text, align=RIGHT)
            _cell(cells[6], line.year.category, align=CENTER)
        _finish(doc, table, YEAR_WIDTHS)
    _heading(doc, h["main_problems"], 2)
    problems = layout.main_problems(data)
    if not problems:
        _text(doc, [h["no_main_problems"]])
        return
    table = _grid(doc, [h["no"], h["indicator"], h["problems"], h["solutions"]])
    for no, row in enumerate(problems, start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(no), align=CENTER)
        _cell(cells[1], row.label)
        _cell(cells[2], "\n".join(row.problems) or "-")
        _cell(cells[3], "\n".join(row.solutions) or "-")
    _finish(doc, table, EXPLANATION_WIDTHS)


# --- chapters --------------------------------------------------------------------------------


def _bab1(doc: DocxDocument, data: AnnualReportData, h: dict[str, str]) -> None:
    _chapter(doc, layout.heading_lines(h["chapter_1"]))
    for key, heading in layout.BAB1_SECTIONS:
        _heading(doc, h[heading], 2)
        _text(doc, layout.narrative(data, key))


def _agreement_table(doc: DocxDocument, data: AnnualReportData) -> None:
    """The PK's objectives, indicators and targets, laid out as in the PK document."""
    h = layout.headings(data)
    table = dx._objectives_table(doc, layout.plan_groups(data.agreement), h, unit_column=False)
    _widths(table, PK_WIDTHS)


def _bab2(doc: DocxDocument, data: AnnualReportData, h: dict[str, str]) -> None:
    _chapter(doc, layout.heading_lines(h["chapter_2"]))
    _heading(doc, h["section_renstra"], 2)
    _text(doc, layout.narrative(data, sections.BAB2_PLAN))
    renstra = data.renstra
    if renstra is None:
        _text(doc, [h["no_renstra"]])
    else:
        caption = layout.renstra_caption(renstra.title, renstra.period_text)
        dx._paragraph(doc, caption, bold=True, space_after=4)
        dx._paragraph(doc, h["renstra_goals"], bold=True, space_after=2)
        _code_table(doc, renstra.goals, h["goal"], h)
        dx._paragraph(doc, h["renstra_objectives"], bold=True, space_after=2)
        _code_table(doc, renstra.objectives, h["objective"], h)
        _text(doc, [h["renstra_indicator_count"] % {"count": renstra.indicator_count}])
    _heading(doc, h["section_agreement"], 2)
    _text(doc, layout.narrative(data, sections.BAB2_AGREEMENT))
    if data.agreement:
        _agreement_table(doc, data)
        dx._paragraph(doc, space_after=4)
    else:
        _text(doc, [h["no_agreement"]])


def _categories(doc: DocxDocument, data: AnnualReportData, h: dict[str, str]) -> None:
    if not data.categories:
        return
    dx._paragraph(doc, h["categories"], bold=True, space_after=4)
    table = _grid(doc, [h["no"], h["category"], h["count"]])
    for no, category in enumerate(data.categories, start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(no), align=CENTER)
        _cell(cells[1], category.label)
        _cell(cells[2], str(category.count), align=CENTER)
    cells = table.add_row().cells
    _cell(cells[0].merge(cells[1]), h["total"], bold=True, align=CENTER)
    total = sum(category.count for category in data.categories)
    _cell(cells[2], str(total), bold=True, align=CENTER)
    _finish(doc, table, CATEGORY_WIDTHS)


def _analysis_title(doc: DocxDocument, number: int, h: dict[str, str]) -> None:
    _heading(doc, f"{number}. {h[f'analysis_{number}']}", 4)


def _year_table(
    doc: DocxDocument, block: ObjectiveAnalysis, h: dict[str, str], images: AnnualChartImages
) -> None:
    table = _grid(
        doc,
        [
            h["no"],
            h["indicator"],
            h["unit_of_measure"],
            h["target"],
            h["realisasi"],
            h["capaian"],
            h["category"],
        ],
    )
    for no, line in enumerate(block.indicators, start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(no), align=CENTER)
        _cell(cells[1], layout.indicator_label(line))
        _cell(cells[2], line.unit_of_measure, align=CENTER)
        _cell(cells[3], line.year.target_text, align=CENTER)
        _cell(cells[4], line.year.realisasi_text, align=CENTER)
        _cell(cells[5], line.year.capaian_text, align=RIGHT)
        _cell(cells[6], line.year.category, align=CENTER)
    if not block.indicators:
        _empty_row(table, h["no_indicators"])
    _finish(doc, table, YEAR_WIDTHS)
    _picture(doc, images.objectives.get(block.objective_id))


def _history_table(
    doc: DocxDocument, data: AnnualReportData, block: ObjectiveAnalysis, h: dict[str, str]
) -> None:
    table = _grid(
        doc,
        [
            h["no"],
            h["indicator"],
            h["unit_of_measure"],
            h["year"],
            h["target"],
            h["realisasi"],
            h["capaian"],
        ],
    )
    for no, line in enumerate(block.indicators, start=1):
        first = None
        for row in layout.history_rows(block, line, data.year, h):
            cells = table.add_row().cells
            first = first or cells
            current = row.label == str(data.year)
            _cell(cells[3], row.label, bold=current, align=CENTER)
            _cell(cells[4], row.target_text, bold=current, align=CENTER)
            _cell(cells[5], row.realisasi_text, bold=current, align=CENTER)
            _cell(cells[6], row.capaian_text, bold=current, align=RIGHT)
        assert first is not None
        _cell(first[0], str(no), align=CENTER)
        _cell(first[1], layout.indicator_label(line))
        _cell(first[2], line.unit_of_measure, align=CENTER)
        last = table.rows[-1].cells
        for column in range(3):
            first[column].merge(last[column])
    if not block.indicators:
        _empty_row(table, h["no_indicators"])
    _finish(
        doc,
        table,
        HISTORY_WIDTHS,
        "" if block.history_years else h["no_history"],
        h.get("history_note", ""),
    )


def _end_target_table(
    doc: DocxDocument, data: AnnualReportData, block: ObjectiveAnalysis, h: dict[str, str]
) -> None:
    end = h["end_target"]
    if data.renstra is not None:
        end = f"{end} ({data.renstra.period_text})"
    table = _grid(
        doc,
        [
            h["no"],
            h["indicator"],
            h["unit_of_measure"],
            end,
            f"{h['realisasi']} {data.year}",
            h["end_capaian"],
        ],
    )
    for no, line in enumerate(block.indicators, start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(no), align=CENTER)
        _cell(cells[1], layout.indicator_label(line))
        _cell(cells[2], line.unit_of_measure, align=CENTER)
        _cell(cells[3], line.end_target_text, align=CENTER)
        _cell(cells[4], line.year.realisasi_text, align=CENTER)
        _cell(cells[5], line.end_capaian_text, align=RIGHT)
    if not block.indicators:
        _empty_row(table, h["no_indicators"])
    _finish(doc, table, END_TARGET_WIDTHS, h.get("end_note", ""))


def _national_table(
    doc: DocxDocument, data: AnnualReportData, block: ObjectiveAnalysis, h: dict[str, str]
) -> None:
    lines = layout.national_indicators(block)
    if not block.has_national_standard or not lines:
        _text(doc, [h["no_national_standard"]])
        return
    table = _grid(
        doc,
        [
            h["no"],
            h["indicator"],
            h["unit_of_measure"],
            h["national_standard"],
            h["national_standard_source"],
            f"{h['realisasi']} {data.year}",
            h["national_capaian"],
        ],
    )
    for no, line in enumerate(lines, start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(no), align=CENTER)
        _cell(cells[1], layout.indicator_label(line))
        _cell(cells[2], line.unit_of_measure, align=CENTER)
        _cell(cells[3], line.national_standard_text, align=CENTER)
        _cell(cells[4], line.national_standard_source or "-")
        _cell(cells[5], line.year.realisasi_text, align=CENTER)
        _cell(cells[6], line.national_capaian_text, align=RIGHT)
    _finish(doc, table, NATIONAL_WIDTHS, h.get("national_note", ""))


def _explanation_table(
    doc: DocxDocument, data: AnnualReportData, block: ObjectiveAnalysis, h: dict[str, str]
) -> None:
    if block.has_explanations:
        table = _grid(doc, [h["no"], h["indicator"], h["problems"], h["solutions"]])
        for no, line in enumerate(block.indicators, start=1):
            cells = table.add_row().cells
            _cell(cells[0], str(no), align=CENTER)
            _cell(cells[1], f"{layout.indicator_label(line)} ({line.year.capaian_text})")
            _cell(cells[2], "\n".join(layout.explanations(line.problems)) or "-")
            _cell(cells[3], "\n".join(layout.explanations(line.solutions)) or "-")
        _finish(doc, table, EXPLANATION_WIDTHS)
    else:
        _text(doc, [h["no_explanations"]])
    _text(doc, layout.objective_narrative(data, block))


def _efficiency_table(doc: DocxDocument, block: ObjectiveAnalysis, h: dict[str, str]) -> None:
    if not block.efficiency:
        _text(doc, [h["no_efficiency"]])
        return
    table = _grid(
        doc,
        [
            h["no"],
            h["indicator"],
            h["performance_capaian"],
            h["absorption"],
            h["efficiency"],
            h["note"],
        ],
    )
    for no, line in enumerate(block.efficiency, start=1):
        cells = table.add_row().cells
        _cell(cells[0], str(no), align=CENTER)
        _cell(cells[1], f"{line.code} {line.name}" if line.code else line.name)
        _cell(cells[2], line.capaian_text, align=RIGHT)
        _cell(cells[3], line.absorption_text, align=RIGHT)
        _cell(cells[4], line.efficiency_text, align=RIGHT)
        _cell(cells[5], line.note or "-")
    _finish(doc, table, EFFICIENCY_WIDTHS, h["efficiency_note"])


def _objective(
    doc: DocxDocument,
    data: AnnualReportData,
    block: ObjectiveAnalysis,
    h: dict[str, str],
    images: AnnualChartImages,
) -> None:
    _heading(doc, layout.objective_heading(block, h), 3)
    _analysis_title(doc, 1, h)
    _year_table(doc, block, h, images)
    _analysis_title(doc, 2, h)
    _history_table(doc, data, block, h)
    _analysis_title(doc, 3, h)
    _end_target_table(doc, data, block, h)
    _analysis_title(doc, 4, h)
    _national_table(doc, data, block, h)
    _analysis_title(doc, 5, h)
    _explanation_table(doc, data, block, h)
    _analysis_title(doc, 6, h)
    _efficiency_table(doc, block, h)
    _analysis_title(doc, 7, h)
    if block.programs:
        _budget_table(doc, block.programs, block.programs_total, h, h["no_programs"])
    else:
        _text(doc, [h["no_programs"]])


def _bab3(
    doc: DocxDocument, data: AnnualReportData, h: dict[str, str], images: AnnualChartImages
) -> None:
    _chapter(doc, layout.heading_lines(h["chapter_3"]))
    _heading(doc, h["section_performance"], 2)
    _categories(doc, data, h)
    for block in data.objectives:
        _objective(doc, data, block, h, images)
    _heading(doc, h["section_budget"], 2)
    _text(doc, layout.narrative(data, sections.BAB3_BUDGET))
    _budget_table(
        doc,
        data.budget,
        data.budget_total,
        h,
        h["no_budget"],
        h["budget_note"] if data.budget else "",
    )
    _picture(doc, images.budget)


def _bab4(doc: DocxDocument, data: AnnualReportData, h: dict[str, str]) -> None:
    _chapter(doc, layout.heading_lines(h["chapter_4"]))
    for key, heading in layout.BAB4_SECTIONS:
        _heading(doc, h[heading], 2)
        _text(doc, layout.narrative(data, key))
    dx._signatures(doc, None, data.signature, data.place_date)
    _widths(doc.tables[-1], SIGNATURE_WIDTHS)


def _attachment(doc: DocxDocument, data: AnnualReportData, h: dict[str, str]) -> None:
    _chapter(doc, [h["attachment_agreement"].upper(), data.agency.name.upper()])
    _agreement_table(doc, data)
    if data.agreement_budget:
        dx._paragraph(doc)
        dx._paragraph(doc, h["attachment_budget"], bold=True, space_after=4)
        total = data.agreement_budget_total
        table = dx._budget_table(
            doc,
            layout.budget_rows(data.agreement_budget),
            total.pagu_text if total else "-",
            h,
            note_column=False,
        )
        _widths(table, PK_BUDGET_WIDTHS)
    left, right = layout.agreement_signatures(data)
    dx._signatures(doc, left, right, "")
    _widths(doc.tables[-1], SIGNATURE_WIDTHS)


def render_annual_docx(data: AnnualReportData, images: AnnualChartImages) -> bytes:
    h = layout.headings(data)
    doc = dx._new_document(h["page"], h["page_of"])
    _style_headings(doc)
    _no_stretched_lines(doc)
    _cover(doc, data, h)
    foreword = layout.narrative(data, layout.FOREWORD_KEY)
    if foreword:
        _foreword(doc, data, h, foreword)
    _contents(doc, data, h, foreword=bool(foreword))
    _front_section(doc, h["executive_summary"], layout.narrative(data, sections.EXECUTIVE_SUMMARY))
    _key_figures(doc, data, h)
    _bab1(doc, data, h)
    _bab2(doc, data, h)
    _bab3(doc, data, h, images)
    _bab4(doc, data, h)
    _attachment(doc, data, h)
    return dx._save(doc)
