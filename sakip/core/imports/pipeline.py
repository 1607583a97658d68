"""The parsing half of every Excel import: upload → open safely → find sheet and header → parse
rows into typed values with row/column errors → preview. Nothing here writes.

A feature describes its import as an ``ExcelImporter`` (the workbook: which sheets, what must be
true of the whole file, what to load from the database once) with one ``SheetReader`` per sheet
(its columns and its row parser), the way django-import-export describes a Resource with its
fields. We take that library's ideas (declared columns, a dry run that returns per-row results
with a diff, an instance loader that reads everything in one go) but not the library: it reads
through tablib (which loses the formula/text distinction that sakip.core.xlsx keeps), expects the
header in the first row of one sheet (the quarterly template has two sheets and a title above the
header), reports errors in its own words, and saves model instances itself, where we must write
through the apps' services, which lock, check and audit.

The flow of ``ExcelImporter.parse``:
1. open the file safely (workbook.open_workbook); a damaged file is a file error;
2. ``check_workbook``: what makes this file the right one (a signed Meta sheet, the unit and year
   of a Petunjuk sheet);
3. per sheet: find it by name in any language, find its header row (the first row, or searched in
   the first rows for a title-topped template), refuse formulas in the header, duplicate and
   missing columns, then read its non-blank rows (more than MAX_ROWS and the file is refused);
4. ``SheetReader.check_header`` for what only the feature knows (e.g. year columns of a Renstra);
5. ``ExcelImporter.load``: read what the rows are compared with, once, before any row;
6. per row: a row holding a formula is refused whole, each formula named by its column (read as
   values it would be empty and clear what it stands for); any other goes to ``parse_row``;
7. ``SheetReader.finish`` for checks across rows (a parent cycle, rows missing from the file).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from sakip.core.xlsx import SheetRow, formula_issues, read_rows

from . import messages
from .cells import cell_text, normalize, variants
from .preview import ImportRow, Preview, RowIssue, Section
from .rowcache import read_rows_kept, write_rows
from .workbook import ImportFileError, find_sheet, open_workbook

if TYPE_CHECKING:
    # Dev-only (django-stubs): the annotations name it, nothing runs it.
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

# A file with more data rows than this in one sheet is refused whole (split it into several).
MAX_ROWS = 5000
# Columns read per row: the templates have at most a few dozen; notes beyond are ignored.
MAX_COLUMNS = 200

R = TypeVar("R", bound=ImportRow)


class HeaderColumn(Protocol):
    """A column a sheet knows: its key, its (translated) title, whether the sheet needs it."""

    @property
    def key(self) -> str: ...

    @property
    def label(self) -> Any: ...  # a (lazy) translated text

    @property
    def required(self) -> bool: ...


def column_title(column: HeaderColumn) -> str:
    """The title of a column as its header shows it (a titled with parameters, "Target TW %(tw)s",
    filled in by the column's ``text()``)."""
    text = getattr(column, "text", None)
    return text() if callable(text) else str(column.label)


def column_forms(column: HeaderColumn) -> set[str]:
    """Every normalized form of the column's title, in every configured language."""
    forms = getattr(column, "variants", None)
    return forms() if callable(forms) else variants(column.label)


@dataclass(frozen=True)
class SheetMessages:
    """The file-level messages of one sheet (each import names its own template in them)."""

    sheet_missing: StrOrPromise  # %(sheet)s
    columns_missing: StrOrPromise  # %(sheet)s, %(columns)s
    column_duplicate: StrOrPromise  # %(column)s, %(sheet)s
    too_many_rows: StrOrPromise  # %(max)s, %(sheet)s
    no_rows: StrOrPromise | None = None  # %(sheet)s; None: an empty sheet is no error


@dataclass
class Header:
    """Where the known columns of a sheet sit."""

    row: int  # Excel's row number of the header
    values: tuple[Any, ...]  # its titles, to name a column in an error ("F (Kendala)")
    columns: dict[str, int] = field(default_factory=dict)  # key -> 0-based index
    # Titles that no known column matched, (index, text): a feature may read them (years).
    unknown: list[tuple[int, str]] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.columns


@dataclass
class Cells:
    """One data row of a sheet, read by column key."""

    number: int
    values: tuple[Any, ...]
    header: Header

    def at(self, index: int | None) -> Any:
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def get(self, key: str) -> Any:
        return self.at(self.header.columns.get(key))

    def text(self, key: str) -> str:
        return cell_text(self.get(key))


class SheetReader(Generic[R]):
    """One sheet of an import: its name, its columns, and how one of its rows is read."""

    label: StrOrPromise = ""
    messages: SheetMessages
    # Rows searched for the header: 1 when the header is the first row; more for a template with
    # a title above its header, which is then the row with ``anchor`` and the most known titles.
    header_rows: int = 1
    anchor: str | None = None

    def columns(self) -> Sequence[HeaderColumn]:
        raise NotImplementedError

    def section(self) -> Section:
        """The (empty) section of the preview that this sheet's rows fill."""
        return Section(key=str(self.label))

    def check_header(self, header: Header, preview: Preview) -> None:
        """File errors about the header that only the feature can see."""

    def identity_row(self, cells: Cells) -> R:
        """A row named by its identity only (for a row refused whole, e.g. holding a formula)."""
        raise NotImplementedError

    def parse_row(self, cells: Cells) -> R | None:
        """The row read, validated and compared with the stored data; None to skip it."""
        raise NotImplementedError

    def finish(self, section: Section, preview: Preview) -> None:
        """Checks across the rows of the sheet, once every row is read."""


@dataclass
class _ReadSheet:
    reader: SheetReader[Any]
    header: Header
    rows: list[SheetRow]
    header_row: SheetRow | None = None


class ExcelImporter:
    """One import: its sheets, what the whole file must be, what to load before the rows."""

    def new_preview(self) -> Preview:
        return Preview()

    def readers(self) -> Sequence[SheetReader[Any]]:
        raise NotImplementedError

    def check_workbook(self, workbook: Any, preview: Preview) -> None:
        """File errors (or warnings) about the workbook as a whole, before its sheets are read."""

    def load(self, preview: Preview) -> None:
        """Read what the rows are compared with, once (a fixed number of queries)."""

    def parse(self, source: Any, *, rows_cache: Path | None = None) -> Preview:
        """Read the upload (a path or a file object) into a preview; writes nothing.

        With ``rows_cache`` (an import whose whole-file checks depend on the file only), the rows
        read are kept there on the first parse and read from there on the next (rowcache)."""
        preview = self.new_preview()
        readers = self.readers()
        # Every sheet has its (maybe empty) section, so a refused file shows its zero counts too.
        sections = {id(reader): reader.section() for reader in readers}
        preview.sections = list(sections.values())
        kept = read_rows_kept(rows_cache) if rows_cache is not None else None
        sheets: list[_ReadSheet] | None
        if kept is not None and len(kept) == len(readers):
            sheets = []
            for reader, (header_row, data) in zip(readers, kept, strict=True):
                rows = iter([header_row, *data] if header_row is not None else data)
                read = _sheet_from_rows(reader, rows, preview)
                if read is not None:
                    sheets.append(read)
        else:
            sheets = self._read_workbook(source, readers, preview)
            if rows_cache is not None and sheets is not None and not preview.file_errors:
                write_rows(rows_cache, [(sheet.header_row, sheet.rows) for sheet in sheets])
        if preview.file_errors or sheets is None:
            return preview
        for sheet in sheets:
            sheet.reader.check_header(sheet.header, preview)
        if preview.file_errors:
            return preview
        self.load(preview)
        for sheet in sheets:
            reader = sheet.reader
            section = sections[id(reader)]
            for sheet_row in sheet.rows:
                cells = Cells(sheet_row.number, sheet_row.values, sheet.header)
                if sheet_row.formulas:
                    row = reader.identity_row(cells)
                    for column, message in formula_issues(sheet_row, sheet.header.values):
                        row.error(column, message)
                    section.rows.append(row)
                    continue
                parsed = reader.parse_row(cells)
                if parsed is not None:
                    section.rows.append(parsed)
            reader.finish(section, preview)
            if not section.rows and reader.messages.no_rows and not preview.file_errors:
                preview.file_errors.append(str(reader.messages.no_rows % {"sheet": reader.label}))
        return preview

    # --- reading the file ------------------------------------------------------------------

    def _read_workbook(
        self, source: Any, readers: Sequence[SheetReader[Any]], preview: Preview
    ) -> list[_ReadSheet] | None:
        try:
            workbook = open_workbook(source)
        except ImportFileError as exc:
            preview.file_errors.append(str(exc))
            return None
        try:
            self.check_workbook(workbook, preview)
            if preview.file_errors:
                return None
            found = []
            for reader in readers:
                sheet = find_sheet(workbook, reader.label)
                if sheet is None:
                    preview.file_errors.append(
                        str(reader.messages.sheet_missing % {"sheet": reader.label})
                    )
                found.append(sheet)
            if preview.file_errors:
                return None
            sheets = []
            for reader, sheet in zip(readers, found, strict=True):
                read = _read_sheet(reader, sheet, preview)
                if read is not None:
                    sheets.append(read)
            return sheets
        except ImportFileError as exc:
            preview.file_errors.append(str(exc))
            return None
        except Exception:  # noqa: BLE001 - a damaged sheet inside a valid zip
            # openpyxl reads a read-only workbook lazily: damage shows only while reading.
            logger.info("unreadable sheet in an uploaded workbook", exc_info=True)
            preview.file_errors.append(str(messages.INVALID_FILE))
            return None
        finally:
            workbook.close()


def _match(
    sheet_row: SheetRow, lookup: dict[str, str]
) -> tuple[dict[str, int], list[str], list[tuple[int, str]]]:
    """(key -> index, duplicated titles, unknown titles) of one candidate header row."""
    found: dict[str, int] = {}
    duplicates: list[str] = []
    unknown: list[tuple[int, str]] = []
    for index, raw in enumerate(sheet_row.values):
        shown = cell_text(raw)
        if not shown:
            continue
        key = lookup.get(normalize(shown))
        if key is None:
            unknown.append((index, shown))
            continue
        if key in found:
            duplicates.append(shown)
        found[key] = index
    return found, duplicates, unknown


def _read_sheet(reader: SheetReader[Any], sheet: Any, preview: Preview) -> _ReadSheet | None:
    """The header and the non-blank data rows of one sheet; file errors when they are unusable."""
    # The sheet's own width when it records one: asking openpyxl for MAX_COLUMNS would pad every
    # row with empty cells (a million for 5,000 rows) that cost seconds to look at.
    width = getattr(sheet, "max_column", None)
    max_col = min(MAX_COLUMNS, width) if isinstance(width, int) and width > 0 else MAX_COLUMNS
    return _sheet_from_rows(reader, read_rows(sheet, max_col=max_col), preview)


def _sheet_from_rows(
    reader: SheetReader[Any], rows: Iterator[SheetRow], preview: Preview
) -> _ReadSheet | None:
    """The header and the non-blank data rows of the rows of one sheet."""
    columns = list(reader.columns())
    lookup: dict[str, str] = {}
    for column in columns:
        for form in column_forms(column):
            lookup[form] = column.key
    required = [c for c in columns if c.required]

    # The header: the first row, or the best of the first `header_rows` rows.
    header_row: SheetRow | None = None
    best: tuple[dict[str, int], list[str], list[tuple[int, str]]] = ({}, [], [])
    searched: list[SheetRow] = []
    for sheet_row in rows:
        searched.append(sheet_row)
        match = _match(sheet_row, lookup)
        if reader.header_rows == 1:
            header_row, best = sheet_row, match
            break
        if (reader.anchor is None or reader.anchor in match[0]) and len(match[0]) > len(best[0]):
            header_row, best = sheet_row, match
            if all(c.key in match[0] for c in required):
                break
        if len(searched) >= reader.header_rows:
            break
    found, duplicates, unknown = best
    number = header_row.number if header_row is not None else 1
    titles = header_row.values if header_row is not None else ()
    header = Header(number, titles, found, unknown)

    sheet_name = reader.label
    if header_row is not None:
        for where, message in formula_issues(header_row, titles):
            preview.file_errors.append(str(RowIssue(number, where, message)))
    for shown in duplicates:
        preview.file_errors.append(
            str(reader.messages.column_duplicate % {"column": shown, "sheet": sheet_name})
        )
    missing = [column_title(c) for c in required if c.key not in found]
    if missing:
        preview.file_errors.append(
            str(
                reader.messages.columns_missing
                % {"sheet": sheet_name, "columns": ", ".join(missing)}
            )
        )
        return None

    data: list[SheetRow] = []
    pending = [r for r in searched if r.number > number]
    for sheet_row in itertools.chain(pending, rows):
        if sheet_row.is_blank():
            continue
        if len(data) >= MAX_ROWS:
            preview.file_errors.append(
                str(reader.messages.too_many_rows % {"max": MAX_ROWS, "sheet": sheet_name})
            )
            return None
        data.append(sheet_row)
    return _ReadSheet(reader, header, data, header_row)
