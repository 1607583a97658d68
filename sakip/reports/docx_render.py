"""DOCX layout of the official documents (python-docx): A4, letterhead, real tables, signatures.

Only layout lives here; the words and numbers come from selectors.rkt_document_data /
pk_document_data, which the PDF renderer uses too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.exceptions import UnrecognizedImageError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell

from sakip.organization.letterhead import Letterhead

from .selectors import BudgetRow, ObjectiveGroup, PkData, RktData, Signature

FONT = "Arial"

# Elements that must follow w:pBdr in w:pPr, and w:tblBorders in w:tblPr (ECMA-376 §17.3.1.26,
# §17.4.60).
_PPR_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_TBLPR_AFTER_BORDERS = (
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
HEADER_FILL = "D9D9D9"
# Emblem, names, and an empty column as wide as the emblem's, so the names sit on the page's axis.
LETTERHEAD_WIDTHS = (2.6, 10.8, 2.6)


# --- low-level helpers -----------------------------------------------------------------------


def _new_document(page_label: str, page_of: str) -> DocxDocument:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    # East-Asian font slot too, or Word falls back to its default for some characters.
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(0)
    _page_number_footer(doc, page_label, page_of)
    return doc


def _field(paragraph, instruction: str) -> None:  # type: ignore[no-untyped-def]
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = instruction
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, placeholder, end):
        run._r.append(element)


def _page_number_footer(doc: DocxDocument, page_label: str, page_of: str) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{page_label} ")
    _field(paragraph, "PAGE")
    paragraph.add_run(f" {page_of} ")
    _field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(9)


def _paragraph(
    doc_or_cell,  # type: ignore[no-untyped-def]
    text: str = "",
    *,
    bold: bool = False,
    size: float | None = None,
    align: int | None = None,
    space_after: float = 0,
    first: bool = False,
):
    """A paragraph; in a fresh table cell `first` reuses the empty paragraph the cell starts with."""
    paragraph = doc_or_cell.paragraphs[0] if first else doc_or_cell.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _bottom_border(paragraph) -> None:  # type: ignore[no-untyped-def]
    """The double rule under a letterhead (kop surat)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "thickThinSmallGap")
    bottom.set(qn("w:sz"), "18")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    # WordprocessingML fixes the order of a paragraph's properties; Word rejects it otherwise.
    p_pr.insert_element_before(borders, *_PPR_AFTER_BORDER)


def _shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    """The heading row repeats on every page a long table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)


def _cell(cell: _Cell, text: str, *, bold: bool = False, align: int | None = None) -> None:
    _paragraph(cell, text, bold=bold, size=10, align=align, first=True)


def _grid(doc: DocxDocument, headers: Sequence[str]) -> Table:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, heading in zip(table.rows[0].cells, headers, strict=True):
        _cell(cell, heading, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _shade(cell, HEADER_FILL)
    _repeat_header(table.rows[0])
    return table


def _set_widths(table: Table, widths_cm: Sequence[float]) -> None:
    # Word reads the width of each cell, not of the column.
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)


# --- building blocks -------------------------------------------------------------------------


def _letterhead_names(doc_or_cell, letterhead: Letterhead, *, first: bool = False):  # type: ignore[no-untyped-def]
    """The names and address lines of a kop surat, centred; the last paragraph is returned."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    if letterhead.regency_name:
        _paragraph(
            doc_or_cell, letterhead.regency_name, bold=True, size=14, align=center, first=first
        )
        first = False
    last = _paragraph(
        doc_or_cell, letterhead.agency_name, bold=True, size=15, align=center, first=first
    )
    for line in letterhead.lines:
        last = _paragraph(doc_or_cell, line, size=9, align=center)
    return last


def _emblem_run(paragraph, path: str, height: float) -> bool:  # type: ignore[no-untyped-def]
    """The regency's emblem as an inline picture; False when the file cannot be read as an
    image (the document then comes out without it)."""
    try:
        paragraph.add_run().add_picture(path, height=Cm(height))
    except (OSError, UnrecognizedImageError, ZeroDivisionError):
        return False
    return True


def _letterhead(doc: DocxDocument, letterhead: Letterhead) -> None:
    """Kop surat: the names centred over a thick-thin rule, the emblem on the left when the
    agency profile has one (a borderless table keeps the names centred on the page)."""
    if letterhead.emblem_path:
        table = doc.add_table(rows=1, cols=3)
        _no_borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        emblem, names, _right = table.rows[0].cells
        emblem.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        names.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if _emblem_run(emblem.paragraphs[0], letterhead.emblem_path, 2.2):
            _letterhead_names(names, letterhead, first=True)
            _set_widths(table, LETTERHEAD_WIDTHS)
            for column, width in zip(table.columns, LETTERHEAD_WIDTHS, strict=True):
                column.width = Cm(width)
            rule = _paragraph(doc, size=2)
            _bottom_border(rule)
            _paragraph(doc)
            return
        table._tbl.getparent().remove(table._tbl)
    _bottom_border(_letterhead_names(doc, letterhead))
    _paragraph(doc)


def _title(doc: DocxDocument, lines: Sequence[str], number: str, number_label: str) -> None:
    for line in lines:
        _paragraph(doc, line, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    if number:
        _paragraph(doc, f"{number_label}: {number}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc)


def _objectives_table(
    doc: DocxDocument,
    groups: Sequence[ObjectiveGroup],
    headers: dict[str, str],
    *,
    unit_column: bool,
) -> Table:
    columns = [headers["no"], headers["objective"], headers["indicator"], headers["target"]]
    widths = [1.0, 5.5, 6.0, 3.5]
    if unit_column:
        columns.append(headers["unit"])
        widths = [1.0, 5.0, 5.5, 2.5, 2.0]
    table = _grid(doc, columns)
    for group in groups:
        first_row = None
        for indicator in group.indicators:
            cells = table.add_row().cells
            first_row = first_row or cells
            _cell(cells[2], indicator.name)
            if unit_column:
                _cell(cells[3], indicator.target, align=WD_ALIGN_PARAGRAPH.CENTER)
                _cell(cells[4], indicator.unit_of_measure, align=WD_ALIGN_PARAGRAPH.CENTER)
            else:
                _cell(cells[3], indicator.target_text, align=WD_ALIGN_PARAGRAPH.CENTER)
        assert first_row is not None
        _cell(first_row[0], str(group.no), align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell(first_row[1], group.objective)
        if len(group.indicators) > 1:
            # The objective spans its indicators' rows, as in the printed forms.
            last = table.rows[-1].cells
            first_row[0].merge(last[0])
            first_row[1].merge(last[1])
    if not groups:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _cell(merged, "-", align=WD_ALIGN_PARAGRAPH.CENTER)
    _set_widths(table, widths)
    return table


def _budget_table(
    doc: DocxDocument,
    rows: Sequence[BudgetRow],
    total_text: str,
    headers: dict[str, str],
    *,
    note_column: bool,
) -> Table:
    columns = [headers["no"], headers["program"], headers["budget"]]
    widths = [1.0, 11.0, 4.0]
    if note_column:
        columns.append(headers["note"])
        widths = [1.0, 9.0, 3.5, 2.5]
    table = _grid(doc, columns)
    for row in rows:
        cells = table.add_row().cells
        _cell(cells[0], row.no, align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell(cells[1], row.name if row.is_program else f"    {row.name}", bold=row.is_program)
        _cell(cells[2], row.budget_text, bold=row.is_program, align=WD_ALIGN_PARAGRAPH.RIGHT)
        if note_column:
            _cell(cells[3], row.note)
    cells = table.add_row().cells
    label = cells[0].merge(cells[1])
    _cell(label, headers["total"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(cells[2], total_text, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _set_widths(table, widths)
    return table


def _signature_rows(signature: Signature | None, place_date: str | None) -> list[tuple[str, str]]:
    """One block's lines as (kind, text), one kind per row of the signature table."""
    if signature is None:
        return []
    rows = [("date", place_date or ""), ("heading", signature.heading), ("title", signature.title)]
    rows += [("space", ""), ("name", signature.name), ("nip", signature.nip)]
    return rows


def _keep_with_next(element) -> None:  # type: ignore[no-untyped-def]
    """Every paragraph of a body element (a paragraph, or a table's last row) stays on the page
    of what follows it."""
    if element.tag == qn("w:tbl"):
        rows = element.findall(qn("w:tr"))
        element = rows[-1] if rows else element
    for p in element.iter(qn("w:p")):
        p.get_or_add_pPr().get_or_add_keepNext()


def _single_signature(doc: DocxDocument, signature: Signature, place_date: str) -> None:
    """One block on the right half of the page, in one cell kept on one page."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cell = table.rows[0].cells[1]
    first = True
    for text in (place_date, signature.heading, signature.title):
        if text:
            _paragraph(cell, text, align=WD_ALIGN_PARAGRAPH.CENTER, first=first)
            first = False
    for _blank in range(4):  # room for the signature and the stamp
        _paragraph(cell)
    name = _paragraph(cell, signature.name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    name.runs[0].underline = True
    if signature.nip:
        _paragraph(cell, signature.nip, align=WD_ALIGN_PARAGRAPH.CENTER)
    for paragraph in cell.paragraphs[:-1]:
        paragraph.paragraph_format.keep_with_next = True
    _set_widths(table, [8.0, 8.0])


def _signatures(
    doc: DocxDocument, left: Signature | None, right: Signature, place_date: str
) -> None:
    """Two signature blocks side by side, one table row per line (date, heading, title, space,
    name, NIP) so that both names stand on one line however long the titles are. The block is
    kept whole and on the page of the lines before it: it never stands alone on a last page."""
    previous = doc.element.body[-2] if len(doc.element.body) > 1 else None
    if previous is not None and previous.tag in (qn("w:p"), qn("w:tbl")):
        _keep_with_next(previous)
    spacer = _paragraph(doc)
    spacer.paragraph_format.keep_with_next = True
    if left is None:
        _single_signature(doc, right, place_date)
        return
    left_rows = dict(_signature_rows(left, ""))
    right_rows = dict(_signature_rows(right, place_date))
    kinds = [
        kind
        for kind in ("date", "heading", "title", "space", "name", "nip")
        if kind in ("date", "title", "space", "name") or left_rows.get(kind) or right_rows.get(kind)
    ]
    table = doc.add_table(rows=0, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, kind in enumerate(kinds):
        row = table.add_row()
        for cell, lines in zip(row.cells, (left_rows, right_rows), strict=True):
            text = lines.get(kind, "")
            if kind == "space":
                paragraph = cell.paragraphs[0]
                for _blank in range(3):  # room for the signature and the stamp
                    paragraph = _paragraph(cell)
            else:
                paragraph = _paragraph(
                    cell, text, bold=kind == "name", align=WD_ALIGN_PARAGRAPH.CENTER, first=True
                )
                if kind == "name" and text:
                    paragraph.runs[0].underline = True
            if index < len(kinds) - 1:
                for item in cell.paragraphs:
                    item.paragraph_format.keep_with_next = True
    _set_widths(table, [8.0, 8.0])


def _rows_kept_whole(doc: DocxDocument) -> None:
    """No table row breaks across a page (Word's "cantSplit"): a long cell moves whole."""
    for tr in doc.element.body.iter(qn("w:tr")):
        tr_pr = tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _save(doc: DocxDocument) -> bytes:
    _rows_kept_whole(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# --- documents -------------------------------------------------------------------------------


def render_rkt_docx(data: RktData) -> bytes:
    h = data.headers
    doc = _new_document(h["page"], h["page_of"])
    _letterhead(doc, data.letterhead)
    _title(doc, data.title_lines, data.number, h["number"])
    for index, section in enumerate(data.sections, start=1):
        _paragraph(doc, f"{index}. {section.title}", bold=True, space_after=4)
        _objectives_table(doc, section.objectives, h, unit_column=True)
        _paragraph(doc)
        if section.budget:
            _budget_table(doc, section.budget, section.budget_total_text, h, note_column=False)
        _paragraph(doc)
    if len(data.sections) > 1:
        _paragraph(doc, f"{h['grand_total']}: {data.total_text}", bold=True)
    _signatures(doc, None, data.signature, data.place_date)
    return _save(doc)


def _party(doc: DocxDocument, party, role: str, h: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=0, cols=3)
    _no_borders(table)
    for label, value in (
        (h["name"], party.name),
        (h["nip"], party.nip),
        (h["position"], party.title),
    ):
        if label == h["nip"] and not value:
            continue  # a regent has no NIP
        cells = table.add_row().cells
        _cell(cells[0], label)
        _cell(cells[1], ":")
        _cell(cells[2], value)
    _set_widths(table, [3.0, 0.5, 12.5])
    _paragraph(doc, role, space_after=6)


def render_pk_docx(data: PkData) -> bytes:
    h = data.headers
    doc = _new_document(h["page"], h["page_of"])
    _letterhead(doc, data.letterhead)
    _title(doc, data.title_lines, data.number, h["number"])
    _paragraph(doc, data.opening, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
    _party(doc, data.first_party, data.first_party_role, h)
    _party(doc, data.second_party, data.second_party_role, h)
    for text in data.commitments:
        _paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=6)
    _signatures(doc, data.left_signature, data.right_signature, data.place_date)

    _page_break(doc)
    for line in data.attachment_title_lines:
        _paragraph(doc, line, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc)
    _objectives_table(doc, data.objectives, h, unit_column=False)
    _paragraph(doc)
    _budget_table(doc, data.budget, data.total_text, h, note_column=True)
    _signatures(doc, data.left_signature, data.right_signature, data.place_date)
    return _save(doc)
