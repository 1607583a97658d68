"""The rows of an upload as the preview read them, kept next to the file for the confirmation.

Reading a 5,000-row sheet with openpyxl (after the zip's checks) is about 1.5-2.5 s of each parse;
the confirmation (or its background job) parsed the same file a second time. The preview now
writes what it read — each sheet's header row and data rows, values and formulas — as compact
JSON beside the upload (VAR_DIR/imports/<uuid>.rows.json), and the confirmation reads that
instead. Everything else is done again: each row is checked and compared with the data as it is
now, so the fingerprint still notices data changed since the preview (decision 0014).

The JSON holds only what openpyxl gives for a cell: text, numbers, booleans, dates and times
(tagged), None. The file is written by this server under a name that is a UUID, never uploaded.
"""

from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path
from typing import Any

from sakip.core.xlsx import SheetRow

logger = logging.getLogger(__name__)

SUFFIX = ".rows.json"
VERSION = 1


def cache_path(upload: Path) -> Path:
    """Where the rows of the upload at ``upload`` (…/<uuid>.xlsx) are kept."""
    return upload.with_name(upload.stem + SUFFIX)


def _encode(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"d": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"t": value.isoformat()}
    if isinstance(value, datetime.timedelta):
        return {"td": value.total_seconds()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cell value {type(value).__name__} is not kept")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "dt" in value:
            return datetime.datetime.fromisoformat(value["dt"])
        if "d" in value:
            return datetime.date.fromisoformat(value["d"])
        if "t" in value:
            return datetime.time.fromisoformat(value["t"])
        if "td" in value:
            return datetime.timedelta(seconds=value["td"])
    return value


def _row(row: SheetRow) -> list[Any]:
    return [
        row.number,
        [_encode(v) for v in row.values],
        {str(k): f for k, f in row.formulas.items()},
    ]


def _unrow(data: list[Any]) -> SheetRow:
    number, values, formulas = data
    return SheetRow(
        int(number), tuple(_decode(v) for v in values), {int(k): f for k, f in formulas.items()}
    )


def write_rows(path: Path, sheets: list[tuple[SheetRow | None, list[SheetRow]]]) -> None:
    """Keep (header row, data rows) of each sheet; a value we cannot keep keeps nothing."""
    try:
        data = {
            "version": VERSION,
            "sheets": [
                [_row(header) if header is not None else None, [_row(r) for r in rows]]
                for header, rows in sheets
            ],
        }
        path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    except (TypeError, ValueError, OSError):
        logger.info("rows of an upload not kept", exc_info=True)
        path.unlink(missing_ok=True)


def read_rows_kept(path: Path) -> list[tuple[SheetRow | None, list[SheetRow]]] | None:
    """The sheets kept by ``write_rows``, or None (no file, or one we do not understand)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return None
        return [
            (_unrow(header) if header is not None else None, [_unrow(r) for r in rows])
            for header, rows in data["sheets"]
        ]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
