"""Layout of the official SOP-AP sheet (PermenPAN-RB 35/2012): identity page and procedure table.

The flowchart is drawn per table row: the lane columns of a row form one cell holding an SVG whose
height fixes the row's height, so every row's symbols and connector pieces meet the next row's at
the border. Row heights are estimated here from the texts of the row (generously, so the text never
makes a row taller than its drawing) and the table is cut into pages of a fixed height; where the
flow continues on the next page an off-page connector (a pentagon with a letter) ends the page and
starts the next one.

All lengths are millimetres: the SVG viewBox uses them directly and the CSS column widths in
static/sakip/sop-sheet.css are the same numbers.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sakip.core.templatetags.sakip_format import significant_places
from sakip.measurement.formatting import format_decimal_id
from sakip.organization.models import AgencyProfile
from sakip.organization.nip import format_nip

from .choices import DurationUnit, SheetLetterhead, StepSymbol
from .models import SopRevision, SopStep

# --- the labels of the sheet -------------------------------------------------------------------

# Every label the sheet prints, by key, with its standard wording. A revision's `sheet_labels`
# gives the wording of its signed document for the keys it names ("Nama SOP" for "title",
# "Disahkan Oleh" …); `load_sops` reads them from the file's [sheet.labels].
SHEET_LABELS: dict[str, Any] = {
    # the identity rows
    "number": gettext_lazy("Nomor SOP"),
    "created_date": gettext_lazy("Tanggal Pembuatan"),
    "revised_date": gettext_lazy("Tanggal Revisi"),
    "approved_date": gettext_lazy("Tanggal Pengesahan"),
    "effective_date": gettext_lazy("Tanggal Efektif"),
    "approved_by": gettext_lazy("Disahkan oleh"),
    "title": gettext_lazy("Judul SOP"),
    # the blocks below them
    "legal_basis": gettext_lazy("Dasar Hukum"),
    "qualifications": gettext_lazy("Kualifikasi Pelaksana"),
    "related_sops": gettext_lazy("Keterkaitan"),
    "equipment": gettext_lazy("Peralatan/Perlengkapan"),
    "warning": gettext_lazy("Peringatan"),
    "record_keeping": gettext_lazy("Pencatatan dan Pendataan"),
    # the head of the "satuan kerja" letterhead; what an empty field or list shows
    "work_unit": gettext_lazy("SATUAN KERJA"),
    "blank": "-",
    # the procedure table's column headers
    "col_number": gettext_lazy("No."),
    "col_activity": gettext_lazy("Kegiatan / Uraian Prosedur"),
    "col_lanes": gettext_lazy("Pelaksana"),
    "col_quality": gettext_lazy("Mutu Baku"),
    "col_requirements": gettext_lazy("Persyaratan / Kelengkapan"),
    "col_time": gettext_lazy("Waktu"),
    "col_output": gettext_lazy("Output"),
    "col_remarks": gettext_lazy("Ket"),
}


def sheet_labels(revision: SopRevision) -> dict[str, str]:
    """The labels of a revision's sheet: its signed document's wording, else the standard one."""
    own = revision.sheet_labels if isinstance(revision.sheet_labels, dict) else {}
    return {
        key: str(own[key]) if isinstance(own.get(key), str) else str(default)
        for key, default in SHEET_LABELS.items()
    }


def shows_remarks_column(revision: SopRevision) -> bool:
    """The "Ket" column: when the signed document has it, or a step has remarks to show."""
    return revision.sheet_remarks_column or any(step.remarks for step in revision.steps.all())


# --- page and columns (A4 landscape, 10 mm margins: 277 x 190 mm of content) ------------------

CONTENT_WIDTH = 277.0
CONTENT_HEIGHT = 190.0
COL_NUMBER = 8.0
COL_ACTIVITY = 52.0
LANE_AREA = 115.0
COL_REQUIREMENTS = 36.0
COL_TIME = 16.0
COL_OUTPUT = 34.0
COL_REMARKS = 16.0
MAX_LANES = 10  # sop-sheet.css has a column width class for 1..MAX_LANES lanes

# Text metrics of the table body (8pt Liberation Sans / Arial, line-height 1.3), on the generous
# side: an estimated row is never shorter than its text.
LINE_HEIGHT = 3.7
CHAR_WIDTH = 1.55
BOLD_CHAR_WIDTH = 1.75
CELL_PAD_X = 1.2
CELL_PAD_Y = 1.2
TITLE_HEIGHT = 9.0  # "SOP : …" above each procedure table
HEADER_FIRST_ROW = 6.0
PAGE_SAFETY = 6.0

# Flowchart geometry.
MIN_ROW = 11.0
GAP = 2.5  # length of an arrow into a symbol
BOTTOM_GAP = 3.5  # below a symbol: room for the elbow towards the next lane
EDGE_GAP = 2.5  # above the first symbol / below the last one
PROCESS_H = 6.0
TERMINATOR_H = 5.5
DECISION_H = 8.5
OFFPAGE_W = 6.0
OFFPAGE_H = 5.5
CHANNEL_OFFSET = 1.2  # the return path runs this far right of the leftmost lane's border
ARROW_LEN = 1.8
ARROW_HALF = 1.0


def _n(value: float) -> str:
    """A length for an SVG attribute (never localized: "12.5", not "12,5")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- shapes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LaneColumn:
    order: int
    name: str
    x0: float
    x1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Symbol:
    """A flowchart symbol: "terminator", "process", "decision" or "connector" (off-page)."""

    kind: str
    cx: float
    cy: float
    w: float
    h: float
    label: str = ""

    @property
    def left(self) -> float:
        return self.cx - self.w / 2

    @property
    def right(self) -> float:
        return self.cx + self.w / 2

    @property
    def top(self) -> float:
        return self.cy - self.h / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.h / 2

    # SVG attributes, ready for the template.
    @property
    def x_attr(self) -> str:
        return _n(self.left)

    @property
    def y_attr(self) -> str:
        return _n(self.top)

    @property
    def w_attr(self) -> str:
        return _n(self.w)

    @property
    def h_attr(self) -> str:
        return _n(self.h)

    @property
    def rx_attr(self) -> str:
        return _n(self.h / 2 if self.kind == "terminator" else 0.6)

    @property
    def points(self) -> str:
        if self.kind == "decision":
            pts = [
                (self.cx, self.top),
                (self.right, self.cy),
                (self.cx, self.bottom),
                (self.left, self.cy),
            ]
        else:  # off-page connector: a pentagon pointing down the flow
            shoulder = self.top + self.h * 0.6
            pts = [
                (self.left, self.top),
                (self.right, self.top),
                (self.right, shoulder),
                (self.cx, self.bottom),
                (self.left, shoulder),
            ]
        return " ".join(f"{_n(x)},{_n(y)}" for x, y in pts)

    @property
    def text_x(self) -> str:
        return _n(self.cx)

    @property
    def text_y(self) -> str:
        # Baseline a little below the middle (connector: the middle of its square part).
        middle = self.top + self.h * 0.3 if self.kind == "connector" else self.cy
        return _n(middle + 0.9)


@dataclass
class Line:
    """A connector polyline; with `arrow`, an arrowhead at its last point."""

    points: list[tuple[float, float]]
    arrow: bool = False

    @property
    def svg_points(self) -> str:
        return " ".join(f"{_n(x)},{_n(y)}" for x, y in self.points)

    @property
    def arrow_points(self) -> str:
        (x0, y0), (x1, y1) = self.points[-2], self.points[-1]
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        bx, by = x1 - ux * ARROW_LEN, y1 - uy * ARROW_LEN
        pts = [(x1, y1), (bx - uy * ARROW_HALF, by + ux * ARROW_HALF)]
        pts.append((bx + uy * ARROW_HALF, by - ux * ARROW_HALF))
        return " ".join(f"{_n(x)},{_n(y)}" for x, y in pts)


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"

    @property
    def x_attr(self) -> str:
        return _n(self.x)

    @property
    def y_attr(self) -> str:
        return _n(self.y)


@dataclass
class SheetRow:
    """One row of the procedure table: a step (or the end terminator after a final decision)."""

    step: SopStep | None
    number: str
    activity: str
    requirements: str
    time: str
    output: str
    remarks: str
    lane_index: int
    symbol: Symbol
    text_height: float
    height: float = 0.0
    connectors: list[Symbol] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @property
    def height_attr(self) -> str:
        return _n(self.height)

    @property
    def view_box(self) -> str:
        return f"0 0 {_n(LANE_AREA)} {_n(self.height)}"


@dataclass
class SheetPage:
    rows: list[SheetRow]
    continued_from: str = ""  # the letter of the connector this page starts with
    continues_to: str = ""  # the letter of the connector this page ends with


@dataclass
class SheetLayout:
    lanes: list[LaneColumn]
    pages: list[SheetPage]
    separators: list[str]  # x of the inner lane borders, for the SVG of every row
    remarks_column: bool = True  # without it, its width goes to the activity column

    @property
    def lane_class(self) -> str:
        return f"sop-lanes-{min(len(self.lanes), MAX_LANES)}"

    @property
    def table_class(self) -> str:
        return self.lane_class if self.remarks_column else f"{self.lane_class} sop-no-remarks"

    @property
    def svg_width(self) -> str:
        # The lane cell's width less its collapsed borders; the viewBox keeps LANE_AREA units.
        return _n(LANE_AREA - 0.3)

    @property
    def rows(self) -> list[SheetRow]:
        return [row for page in self.pages for row in page.rows]


# --- texts ------------------------------------------------------------------------------------


def time_label(value: Decimal, unit: str) -> str:
    """The standard time as the signed SOPs write it: "2 Jam", "15 Menit", "120 hari"."""
    number = format_decimal_id(value, significant_places(value))
    if unit == DurationUnit.MINUTE:
        return _("%(value)s Menit") % {"value": number}
    if unit == DurationUnit.HOUR:
        return _("%(value)s Jam") % {"value": number}
    return _("%(value)s hari") % {"value": number}


def step_time_text(step: SopStep) -> str:
    """A step's standard time: as its document writes it (the Indonesian sheet), else the usual
    form in the reader's language."""
    if step.time_text and (get_language() or "id").startswith("id"):
        return step.time_text
    return time_label(step.duration_value, step.duration_unit)


def wrapped_lines(text: str, width: float, char_width: float = CHAR_WIDTH) -> int:
    """How many lines a text takes in a cell of `width` mm (greedy word wrap)."""
    capacity = max(1, int((width - 2 * CELL_PAD_X) / char_width))
    total = 0
    for paragraph in (text or "").split("\n"):
        words = paragraph.split()
        if not words:
            total += 1
            continue
        lines, used = 1, 0
        for word in words:
            size = len(word)
            if used == 0:
                used = size
            elif used + 1 + size <= capacity:
                used += 1 + size
            else:
                lines, used = lines + 1, size
            while used > capacity:  # a word longer than the cell breaks
                lines, used = lines + 1, used - capacity
        total += lines
    return total


def text_height(lines: int) -> float:
    return lines * LINE_HEIGHT + 2 * CELL_PAD_Y + 0.4


def header_height(
    lane_names: Sequence[str], lane_width: float, headers: Sequence[tuple[str, float]] = ()
) -> float:
    """The height of the table head: the lane names and the other headers of the second row
    (text, column width)."""
    if not headers:
        headers = [(_("Persyaratan / Kelengkapan"), COL_REQUIREMENTS)]
    lines = max(
        [wrapped_lines(name, lane_width, BOLD_CHAR_WIDTH) for name in lane_names]
        + [wrapped_lines(text, width, BOLD_CHAR_WIDTH) for text, width in headers]
    )
    return HEADER_FIRST_ROW + text_height(lines)


def page_budget(
    lane_names: Sequence[str],
    lane_width: float,
    headers: Sequence[tuple[str, float]] = (),
    *,
    title: bool = True,
) -> float:
    """Height left for the step rows on one page of the procedure table."""
    above = TITLE_HEIGHT if title else 0.0
    return CONTENT_HEIGHT - above - header_height(lane_names, lane_width, headers) - PAGE_SAFETY


# --- the layout -------------------------------------------------------------------------------


def _symbol_size(kind: str, lane_width: float) -> tuple[float, float]:
    if kind == "decision":
        return min(13.0, lane_width - 6.0), DECISION_H
    height = TERMINATOR_H if kind == "terminator" else PROCESS_H
    return min(15.0, lane_width - 7.0), height


def _row_height(row: SheetRow, *, top: float, bottom: float) -> float:
    return max(MIN_ROW, row.text_height, top + row.symbol.h + bottom)


def layout_sheet(revision: SopRevision, *, budget: float | None = None) -> SheetLayout:
    """Rows, symbols, connectors and pages of a revision's procedure table.

    `budget` is the height (mm) of step rows per page; by default what fits on A4 landscape.
    """
    lanes_qs = sorted(revision.lanes.all(), key=lambda lane: lane.order)
    count = max(len(lanes_qs), 1)
    width = LANE_AREA / count
    lanes = [
        LaneColumn(lane.order, lane.name, i * width, (i + 1) * width)
        for i, lane in enumerate(lanes_qs)
    ]
    index_of = {lane.pk: i for i, lane in enumerate(lanes_qs)}
    steps = sorted(revision.steps.all(), key=lambda step: step.number)
    remarks_column = shows_remarks_column(revision)
    activity_width = COL_ACTIVITY if remarks_column else COL_ACTIVITY + COL_REMARKS

    rows: list[SheetRow] = []
    for step in steps:
        symbol = str(step.symbol)
        kind = {"start": "terminator", "end": "terminator", "decision": "decision"}.get(
            symbol, "process"
        )
        label = {"start": _("Mulai"), "end": _("Selesai")}.get(symbol, "")
        lane_index = index_of.get(step.lane_id, 0)
        w, h = _symbol_size(kind, width)
        time = step_time_text(step)
        lines = max(
            wrapped_lines(step.activity, activity_width),
            wrapped_lines(step.requirements, COL_REQUIREMENTS),
            wrapped_lines(time, COL_TIME),
            wrapped_lines(step.output, COL_OUTPUT),
            wrapped_lines(step.remarks, COL_REMARKS) if remarks_column else 1,
        )
        rows.append(
            SheetRow(
                step=step,
                number=str(step.number),
                activity=step.activity,
                requirements=step.requirements,
                time=time,
                output=step.output,
                remarks=step.remarks,
                lane_index=lane_index,
                symbol=Symbol(kind, lanes[lane_index].cx if lanes else width / 2, 0, w, h, label),
                text_height=text_height(lines),
            )
        )
    # A decision that ends the procedure is followed by the end terminator, in its own row.
    if steps and steps[-1].symbol == StepSymbol.DECISION:
        last = rows[-1]
        w, h = _symbol_size("terminator", width)
        rows.append(
            SheetRow(
                step=None,
                number="",
                activity="",
                requirements="",
                time="",
                output="",
                remarks="",
                lane_index=last.lane_index,
                symbol=Symbol("terminator", last.symbol.cx, 0, w, h, _("Selesai")),
                text_height=0.0,
            )
        )

    if budget is None:
        labels = sheet_labels(revision)
        headers = [
            (labels["col_requirements"], COL_REQUIREMENTS),
            (labels["col_time"], COL_TIME),
            (labels["col_output"], COL_OUTPUT),
        ]
        budget = page_budget(
            [lane.name for lane in lanes], width, headers, title=revision.sheet_table_title
        )
    pages = _paginate(rows, budget)
    for page in pages:
        for position, row in enumerate(page.rows):
            _place_row(
                row,
                first=row is rows[0],
                last=row is rows[-1],
                connector_in=page.continued_from if position == 0 else "",
                connector_out=page.continues_to if position == len(page.rows) - 1 else "",
            )
    for index, row in enumerate(rows[:-1]):
        _connect(row, rows[index + 1], outgoing_offpage=_ends_page(pages, row))
    _draw_returns(rows, lanes)
    separators = [_n(lane.x1) for lane in lanes[:-1]]
    return SheetLayout(
        lanes=lanes, pages=pages, separators=separators, remarks_column=remarks_column
    )


def _edges(
    row: SheetRow, *, first: bool, last: bool, connector_in: bool, connector_out: bool
) -> tuple[float, float]:
    if first:
        top = EDGE_GAP
    elif connector_in:
        top = 1.0 + OFFPAGE_H + GAP
    else:
        top = GAP
    if last:
        bottom = EDGE_GAP
    elif connector_out:
        bottom = GAP + OFFPAGE_H + 1.0
    else:
        bottom = BOTTOM_GAP
    if row.symbol.kind == "decision" and not last:
        bottom += 1.5  # room for the "Ya" label
    return top, bottom


def _loops(rows: list[SheetRow]) -> list[tuple[int, int]]:
    """(return step row, decision row) index pairs of the decision steps' return paths."""
    by_number = {row.step.number: i for i, row in enumerate(rows) if row.step is not None}
    pairs = []
    for d, row in enumerate(rows):
        step = row.step
        if step is None or step.symbol != StepSymbol.DECISION or step.return_to_id is None:
            continue
        r = by_number.get(step.return_to.number) if step.return_to else None
        if r is not None and r < d:
            pairs.append((r, d))
    return pairs


def _height(rows: list[SheetRow], index: int, *, start: int, connector_out: bool) -> float:
    """The height of a row on a page that starts at `start`."""
    top, bottom = _edges(
        rows[index],
        first=index == 0,
        last=index == len(rows) - 1,
        connector_in=index == start and start > 0,
        connector_out=connector_out,
    )
    return _row_height(rows[index], top=top, bottom=bottom)


def _fits(rows: list[SheetRow], start: int, end: int, budget: float) -> bool:
    """Whether rows[start:end] fit on one page (with the connectors the page needs)."""
    used = sum(_height(rows, i, start=start, connector_out=False) for i in range(start, end - 1))
    last = _height(rows, end - 1, start=start, connector_out=end < len(rows))
    return used + last <= budget


def _paginate(rows: list[SheetRow], budget: float) -> list[SheetPage]:
    """Fill pages in order; a page holds at least one row. A return loop that would be cut by a
    page break starts a new page instead when it fits on one, so its path needs no connector."""
    loops = _loops(rows)
    pages: list[SheetPage] = []
    letters = iter(string.ascii_uppercase)
    start = 0
    while start < len(rows):
        end = start + 1
        while end < len(rows) and _fits(rows, start, end + 1, budget):
            end += 1
        if end < len(rows):
            for r, d in loops:
                if start < r < end <= d and _fits(rows, r, d + 1, budget):
                    end = r
                    break
        page = SheetPage(
            rows=rows[start:end], continued_from=pages[-1].continues_to if pages else ""
        )
        if end < len(rows):
            page.continues_to = next(letters, "Z")
        pages.append(page)
        start = end
    return pages


def _ends_page(pages: list[SheetPage], row: SheetRow) -> bool:
    return any(page.continues_to and page.rows[-1] is row for page in pages)


def _place_row(
    row: SheetRow, *, first: bool, last: bool, connector_in: str, connector_out: str
) -> None:
    top, bottom = _edges(
        row,
        first=first,
        last=last,
        connector_in=bool(connector_in),
        connector_out=bool(connector_out),
    )
    row.height = round(_row_height(row, top=top, bottom=bottom), 2)
    symbol = row.symbol
    symbol.cy = top + (row.height - top - bottom) / 2
    x = symbol.cx
    if connector_in:
        connector = Symbol("connector", x, 1.0 + OFFPAGE_H / 2, OFFPAGE_W, OFFPAGE_H, connector_in)
        row.connectors.append(connector)
        row.lines.append(Line([(x, connector.bottom), (x, symbol.top)], arrow=True))
    elif not first:
        row.lines.append(Line([(x, 0.0), (x, symbol.top)], arrow=True))
    if connector_out:
        connector = Symbol(
            "connector",
            x,
            row.height - 1.0 - OFFPAGE_H / 2,
            OFFPAGE_W,
            OFFPAGE_H,
            connector_out,
        )
        row.connectors.append(connector)
        row.lines.append(Line([(x, symbol.bottom), (x, connector.top)], arrow=True))


def _connect(row: SheetRow, following: SheetRow, *, outgoing_offpage: bool) -> None:
    """The arrow from a row's symbol towards the next row's symbol (its part inside this row)."""
    symbol = row.symbol
    if symbol.kind == "decision":
        row.labels.append(Label(symbol.cx + 1.0, symbol.bottom + 2.6, _("Ya")))
    if outgoing_offpage:
        return  # the off-page connector carries the flow
    x0, x1 = symbol.cx, following.symbol.cx
    if abs(x0 - x1) < 0.01:
        row.lines.append(Line([(x0, symbol.bottom), (x0, row.height)]))
        return
    elbow = row.height - min(2.0, (row.height - symbol.bottom) / 2)
    row.lines.append(Line([(x0, symbol.bottom), (x0, elbow), (x1, elbow), (x1, row.height)]))


def _draw_returns(rows: list[SheetRow], lanes: list[LaneColumn]) -> None:
    """A decision's "Tidak" path back to its return step, along the left of the lanes it crosses."""
    for r, d in _loops(rows):
        row = rows[d]
        leftmost = min(rows[i].lane_index for i in range(r, d + 1))
        x = (lanes[leftmost].x0 if lanes else 0.0) + CHANNEL_OFFSET
        decision = row.symbol
        row.lines.append(Line([(decision.left, decision.cy), (x, decision.cy), (x, 0.0)]))
        row.labels.append(Label(decision.left - 0.8, decision.cy - 0.9, _("Tidak"), "end"))
        for middle in rows[r + 1 : d]:
            middle.lines.append(Line([(x, 0.0), (x, middle.height)]))
        back = rows[r]
        back.lines.append(
            Line(
                [(x, back.height), (x, back.symbol.cy), (back.symbol.left, back.symbol.cy)],
                arrow=True,
            )
        )


# --- the identity page and the signature ------------------------------------------------------


@dataclass(frozen=True)
class BlockCell:
    """One half of a block below the identity rows: its title and its items; `numbered` lists
    the items "1. … 2. …", else they print as plain paragraphs (a one-item list the signed
    document writes without a number)."""

    title: str
    items: list[str]
    numbered: bool


@dataclass(frozen=True)
class IdentityBlock:
    left: BlockCell
    right: BlockCell

    @property
    def cells(self) -> tuple[BlockCell, BlockCell]:
        return (self.left, self.right)


@dataclass
class SheetDocument:
    """Everything the SOP-AP sheet template shows about one revision."""

    revision: SopRevision
    letterhead: str  # SheetLetterhead
    # REGENCY: the regency line, the heading and the agency line in capitals.
    regency_line: str
    agency_line: str
    heading: str
    # WORK_UNIT: "SATUAN KERJA" above the agency's name as written and its regency.
    work_unit_label: str
    agency_name: str
    agency_place: str
    procedure_title: str  # "" when the signed document has no "SOP : …" line above the table
    identity_rows: list[tuple[str, Any]]
    blocks: list[IdentityBlock]
    labels: dict[str, str]
    blank: str
    signature_title: list[str]
    signature_name: str
    signature_nip: str
    layout: SheetLayout

    @property
    def regency_letterhead(self) -> bool:
        return self.letterhead != SheetLetterhead.WORK_UNIT

    @property
    def table_headers(self) -> list[str]:
        """The headers of the procedure table, row by row as the template prints them: No, the
        activity, "Pelaksana", "Mutu Baku" (and "Ket"); then the lanes and the Mutu Baku columns."""
        labels, layout = self.labels, self.layout
        headers = [
            labels[key] for key in ("col_number", "col_activity", "col_lanes", "col_quality")
        ]
        if layout.remarks_column:
            headers.append(labels["col_remarks"])
        headers += [lane.name for lane in layout.lanes]
        return headers + [labels[key] for key in ("col_requirements", "col_time", "col_output")]


def _regency_lines(revision: SopRevision) -> tuple[str, str]:
    """("PEMERINTAH KABUPATEN BALANGAN", "KABUPATEN BALANGAN"): from the agency profile when there
    is one, else from the regency unit above the agency; the place as the name writes it."""
    agency = revision.sop.agency
    profile = AgencyProfile.objects.filter(agency=agency).first()
    name = profile.regency_name if profile else (agency.parent.name if agency.parent else "")
    place = re.sub(r"(?i)^pemerintah\s+", "", name).strip()
    return name.upper(), place


_SMALL_WORDS = {"dan", "di", "ke", "dari"}


def name_case(text: str) -> str:
    """A name written in capitals in its usual form: "KABUPATEN HULU SUNGAI TENGAH" ->
    "Kabupaten Hulu Sungai Tengah"; a name already in mixed case stays as written."""
    if not text.isupper():
        return text
    words = text.lower().split(" ")
    return " ".join(
        word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def signature_title_lines(title: str) -> list[str]:
    """Break "Kepala Dinas … Kabupaten Balangan" before the regency, as signed documents do."""
    for word in (" Kabupaten ", " Kota ", " Provinsi "):
        position = title.find(word)
        if position > 0:
            return [title[:position], title[position + 1 :]]
    return [title]


def sheet_heading(title: str) -> str:
    """ "STANDAR OPERASIONAL PROSEDUR (SOP) PELAKSANAAN PENGUKURAN KINERJA"; a title that already
    starts with "SOP" does not repeat it."""
    return f"{_('STANDAR OPERASIONAL PROSEDUR (SOP)')} {bare_title(title).upper()}"


def bare_title(title: str) -> str:
    return title[4:] if title.upper().startswith("SOP ") else title


def identity_rows(revision: SopRevision, labels: dict[str, str]) -> list[tuple[str, Any]]:
    """The rows beside the letterhead, in the order of the SOP-AP form. The dates the revision
    has decide between "Tanggal Pengesahan" and "Tanggal Efektif" (or both, when they differ)."""
    rows: list[tuple[str, Any]] = [
        (labels["number"], revision.number),
        (labels["created_date"], revision.created_date),
        (labels["revised_date"], revision.revised_date),
    ]
    if revision.approved_date:
        rows.append((labels["approved_date"], revision.approved_date))
    if not revision.approved_date or revision.approved_date != revision.effective_date:
        rows.append((labels["effective_date"], revision.effective_date))
    rows += [
        (labels["approved_by"], revision.approved_by_label),
        (labels["title"], revision.title),
    ]
    return rows


def sheet_document(revision: SopRevision, *, budget: float | None = None) -> SheetDocument:
    regency_line, place = _regency_lines(revision)
    agency = revision.sop.agency
    labels = sheet_labels(revision)

    def cell(key: str, items: list[str]) -> BlockCell:
        numbered = len(items) > 1 or (len(items) == 1 and revision.sheet_number_single_items)
        return BlockCell(labels[key], list(items), numbered)

    blocks = [
        IdentityBlock(
            cell("legal_basis", revision.legal_basis),
            cell("qualifications", revision.qualifications),
        ),
        IdentityBlock(
            cell("related_sops", revision.related_sops), cell("equipment", revision.equipment)
        ),
        IdentityBlock(
            cell("warning", revision.warning), cell("record_keeping", revision.record_keeping)
        ),
    ]
    return SheetDocument(
        revision=revision,
        letterhead=revision.sheet_letterhead,
        regency_line=regency_line,
        agency_line=f"{agency.name} {place}".strip().upper(),
        heading=sheet_heading(revision.title),
        work_unit_label=labels["work_unit"],
        agency_name=agency.name,
        agency_place=name_case(place),
        procedure_title=bare_title(revision.title).upper() if revision.sheet_table_title else "",
        identity_rows=identity_rows(revision, labels),
        blocks=blocks,
        labels=labels,
        blank=labels["blank"],
        signature_title=signature_title_lines(revision.approver_title),
        signature_name=revision.approver_name,
        signature_nip=format_nip(revision.approver_nip) if revision.approver_nip else "",
        layout=layout_sheet(revision, budget=budget),
    )
