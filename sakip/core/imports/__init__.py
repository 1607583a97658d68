"""One framework for the Excel imports (issue 9): upload → open safely → find sheet and header →
parse rows into typed values with row/column errors in Indonesian → preview (per row new, update,
unchanged or error, with per-cell changes) → confirm → apply atomically through the app's services.

Each import configures it with its sheets, columns and row parser (pipeline.ExcelImporter,
pipeline.SheetReader) and with its applier and pages (flow.ImportFlow). This package imports no
domain app.

- workbook: opening an upload safely (magic bytes, zip size, defusedxml, formulas kept);
- cells: reading text and numbers from cells (decision 0008) and showing them in the preview;
- pipeline: the parse, sheet by sheet and row by row, into a preview;
- preview: rows, sections and the preview with its counts and fingerprint;
- flow: the upload and confirm requests, the pending upload in the session;
- forms: the upload form.
"""

from .cells import (
    NO,
    YES,
    CellError,
    cell_text,
    normalize,
    parse_number,
    show_number,
    show_target,
    variants,
)
from .flow import ApplyRefused, ImportFlow, Pending
from .forms import ExcelUploadForm
from .pipeline import Cells, ExcelImporter, Header, SheetMessages, SheetReader
from .preview import (
    ALL_ACTIONS,
    UPDATE_ACTIONS,
    Cell,
    Change,
    ImportRow,
    Preview,
    RowAction,
    RowIssue,
    Section,
)
from .workbook import ImportFileError, check_upload, find_sheet, open_workbook

__all__ = [
    "ALL_ACTIONS",
    "NO",
    "UPDATE_ACTIONS",
    "YES",
    "ApplyRefused",
    "Cell",
    "CellError",
    "Cells",
    "Change",
    "ExcelImporter",
    "ExcelUploadForm",
    "Header",
    "ImportFileError",
    "ImportFlow",
    "ImportRow",
    "Pending",
    "Preview",
    "RowAction",
    "RowIssue",
    "Section",
    "SheetMessages",
    "SheetReader",
    "cell_text",
    "check_upload",
    "find_sheet",
    "normalize",
    "open_workbook",
    "parse_number",
    "show_number",
    "show_target",
    "variants",
]
