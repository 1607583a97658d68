"""Excel files that cannot attack their reader (issue 8, point 4): one place for every XLSX the
system writes and for reading every XLSX a user uploads.

Writing. openpyxl turns any ``str`` that starts with "=" into a formula cell, so a kendala
``=HYPERLINK("http://x","klik")`` or a data source ``=cmd|' /C calc'!A0`` came back as a live
formula. The system never writes formulas, so every workbook is built as a ``SafeWorkbook``:
before it is saved, every cell openpyxl took for a formula is stored as the text it is, and every
text starting with one of ``FORMULA_TRIGGERS`` gets Excel's quotePrefix style, so it stays text
when a user edits the cell (Excel and LibreOffice read "+1", "-x", "@x" as formulas when typed).
A sweep at save time rather than a helper per cell: a writer cannot forget it, whatever way it
fills its cells (``append``, ``cell(value=...)``, assignment). Tests assert that no module builds
an openpyxl ``Workbook`` of its own.

Reading. The importers used to load with ``data_only=True``: a cell holding a formula read as its
cached value, or as empty in a file with no cache, and silently cleared the stored value.
``load_upload`` keeps formulas as formulas and ``read_rows`` reports them apart from the values,
so each importer refuses the row with ``formula_issues`` (row and column named), in its own
preview, all or nothing. A text cell that merely starts with "=" (as our own templates now write
a kendala) is a string, not a formula, and reads back unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

# What makes Excel (or LibreOffice) read a typed text as a formula or a DDE command.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Row-level fragment: the importers prefix it with "Baris 12, kolom F (Kendala): ".
FORMULA_REFUSED = _("sel berisi rumus Excel (%(formula)s). Tulis nilainya sebagai angka atau teks.")
# A note of the templates' Petunjuk sheets, so users learn it before an upload is refused.
FORMULA_GUIDE = _(
    "Tulis nilainya, bukan rumus Excel: sel yang berisi rumus (diawali =) ditolak saat diunggah. "
    "Teks yang diawali =, +, - atau @ tetap tersimpan sebagai teks."
)
# How much of a refused formula the message repeats.
FORMULA_SHOWN_CHARS = 40
# Rupiah amounts in the workbooks we write: whole rupiah with thousands separators.
RUPIAH_FORMAT = "#,##0"


# --- writing ---------------------------------------------------------------------------------


def make_text_safe(book: Workbook) -> None:
    """Store every cell of ``book`` that openpyxl took for a formula as text, and give every text
    that Excel would read as a formula the quotePrefix style."""
    for sheet in book.worksheets:
        # The stored cells only: iter_rows() would create every empty cell of the used range.
        for cell in list(sheet._cells.values()):
            if cell.data_type == "f":
                value = cell.value
                # We never write formulas: whatever looks like one is text somebody typed.
                text = value if isinstance(value, str) else str(getattr(value, "text", "") or "")
                cell.value = text
                cell.data_type = "s"
            value = cell.value
            if (
                cell.data_type == "s"
                and isinstance(value, str)
                and value.startswith(FORMULA_TRIGGERS)
            ):
                cell.quotePrefix = True


class SafeWorkbook(Workbook):
    """The only workbook the system writes: saving makes every text a text cell first."""

    def save(self, filename: Any) -> None:
        make_text_safe(self)
        super().save(filename)


def workbook_bytes(book: Workbook) -> bytes:
    """The XLSX file of ``book``, every text stored as text."""
    make_text_safe(book)
    buffer = io.BytesIO()
    Workbook.save(book, buffer)
    return buffer.getvalue()


# --- reading ---------------------------------------------------------------------------------


def load_upload(source: Any) -> Any:
    """Open an uploaded XLSX read-only with formulas kept as formulas (not their cached values).

    The caller checks first that the upload is a reasonable zip (magic bytes, unpacked size);
    openpyxl parses the XML with defusedxml when it is installed (openpyxl.DEFUSEDXML).
    """
    return load_workbook(source, read_only=True, data_only=False)


class SheetRow(NamedTuple):
    """One row of an uploaded sheet, numbered as Excel shows it."""

    number: int
    # The cell values; a cell holding a formula is None here (its formula is in ``formulas``).
    values: tuple[Any, ...]
    # 0-based column index -> the formula ("=SUM(A1:A3)") of each cell that holds one.
    formulas: dict[int, str]

    def is_blank(self) -> bool:
        return not self.formulas and all(
            v is None or (isinstance(v, str) and not v.strip()) for v in self.values
        )


def _formula_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    # An array formula keeps its text apart; a data table has none.
    text = getattr(value, "text", None)
    return text if isinstance(text, str) and text else "="


def read_rows(
    sheet: Any, *, min_row: int = 1, max_row: int | None = None, max_col: int | None = None
) -> Iterator[SheetRow]:
    """The rows of a sheet opened by ``load_upload``, with the formulas apart from the values."""
    rows = sheet.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col)
    for number, cells in enumerate(rows, start=min_row):
        values: list[Any] = []
        formulas: dict[int, str] = {}
        for index, cell in enumerate(cells):
            if getattr(cell, "data_type", None) == "f":
                formulas[index] = _formula_text(cell.value)
                values.append(None)
            else:
                values.append(cell.value)
        yield SheetRow(number, tuple(values), formulas)


def column_name(index: int, header: Sequence[Any] = ()) -> str:
    """A column as the user finds it: its letter, and its title when the header names it
    ("F (Kendala)")."""
    letter = get_column_letter(index + 1)
    title = header[index] if index < len(header) else None
    title = str(title).strip() if title is not None else ""
    return f"{letter} ({title})" if title else letter


def formula_issues(row: SheetRow, header: Sequence[Any] = ()) -> list[tuple[str, str]]:
    """(column, message) of every formula in ``row``, for the importer's row-level errors."""
    issues = []
    for index, formula in sorted(row.formulas.items()):
        shown = formula
        if len(shown) > FORMULA_SHOWN_CHARS:
            shown = shown[: FORMULA_SHOWN_CHARS - 1] + "…"
        issues.append((column_name(index, header), str(FORMULA_REFUSED % {"formula": shown})))
    return issues
