"""What an import would do, row by row: the preview that is shown, fingerprinted and applied.

Like django-import-export's dry run (a Result of RowResults, each new / update / skip / error with
a diff), parsing writes nothing and returns a Preview: per sheet a Section of rows, each row with
its action (new, update, unchanged, error), its changes (old → new, as the user reads them) and
its errors in Indonesian with row and column. A feature subclasses ImportRow with what it needs to
apply the row and to name it on the page (``cells``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import messages

if TYPE_CHECKING:
    # Dev-only (django-stubs): the annotations name it, nothing runs it.
    from django_stubs_ext import StrOrPromise


class RowAction:
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


# How much of a sheet the preview page lists (issue 12). A sheet of at most FULL_PREVIEW_ROWS rows
# lists every row, as before: an agency's plan has 15-60 indicators (DOMAIN.md), a unit's quarterly
# template tens of rows, and 100 rows are a page one reads through (about 150 KB). A larger sheet
# is a bulk load nobody reads row by row: its page shows the counts, its errors (the first
# ERRORS_SHOWN, with the number of the others) and the first SAMPLE_ROWS rows that change; at 5,000
# rows every row made a page of 6-8 MB that took seconds to render and to load.
FULL_PREVIEW_ROWS = 100
SAMPLE_ROWS = 50
ERRORS_SHOWN = 200

# What a sheet's summary counts: rows may be new only where the import creates objects.
UPDATE_ACTIONS = (RowAction.UPDATE, RowAction.UNCHANGED, RowAction.ERROR)
ALL_ACTIONS = (RowAction.NEW, *UPDATE_ACTIONS)


@dataclass
class RowIssue:
    """One error of a row, named by its Excel row number and, when known, its column."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column:
            return str(messages.ROW_COLUMN_ERROR) % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return str(messages.ROW_ERROR) % {"row": self.row, "message": self.message}


@dataclass
class Change:
    """One value a row changes, as the preview shows it (old and new in the user's format)."""

    key: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Cell:
    """One cell of the preview that names a row: an optional code in bold, then a text."""

    text: str = ""
    strong: str = ""
    nowrap: bool = False
    limit: int = 120  # characters of `text` shown


@dataclass
class ImportRow:
    """One data row of a sheet and what applying it would do."""

    row: int
    changes: list[Change] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    # Notes on the row once applied (e.g. the Rencana Aksi's checks); shown where a sheet has them.
    notes: list[str] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        """Whether applying the row creates an object (a subclass that creates says when)."""
        return False

    @property
    def action(self) -> str:
        if self.errors:
            return RowAction.ERROR
        if self.is_new:
            return RowAction.NEW
        return RowAction.UPDATE if self.changes else RowAction.UNCHANGED

    def error(self, column: Any, message: Any) -> None:
        self.errors.append(RowIssue(self.row, str(column) if column else None, str(message)))

    def change(self, key: str, label: Any, old: str, new: str) -> None:
        self.changes.append(Change(key, str(label), old, new))

    def identity(self) -> list[Any]:
        """What names the row in the fingerprint besides its number (a subclass adds its key)."""
        return []

    def cells(self) -> list[Cell]:
        """The cells that name the row in the preview table, under the section's ``headers``."""
        return []


@dataclass
class Section:
    """The rows of one sheet and how the preview shows them."""

    key: str
    title: StrOrPromise = ""  # the heading over the sheet's table when a preview has several
    headers: Sequence[StrOrPromise] = ()  # the columns of ImportRow.cells
    caption: StrOrPromise = ""
    summary_label: StrOrPromise = ""
    actions: tuple[str, ...] = UPDATE_ACTIONS
    # List only the rows that change or fail (the others are counted), with this when none do.
    only_changed: bool = False
    empty_text: StrOrPromise = ""
    notes_header: StrOrPromise = ""  # a column for ImportRow.notes, when the sheet has one
    change_limit: int = 60  # characters shown of an old or new value
    rows: list[Any] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(self.actions, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def shown_rows(self) -> list[Any]:
        if not self.only_changed:
            return self.rows
        return [r for r in self.rows if r.action != RowAction.UNCHANGED]

    @property
    def changed_rows(self) -> list[Any]:
        return [r for r in self.rows if r.action in (RowAction.NEW, RowAction.UPDATE)]

    @property
    def issues(self) -> list[RowIssue]:
        return [issue for r in self.rows for issue in r.errors]

    # --- what the page lists (bounded for a large sheet) -----------------------------------

    @property
    def is_large(self) -> bool:
        """Too many rows to list each: the page shows the errors and a sample of the changes."""
        return len(self.rows) > FULL_PREVIEW_ROWS

    @property
    def listed_rows(self) -> list[Any]:
        """The rows of the preview's table: every shown row, or the first changes of a large
        sheet (its errors are listed apart, ``listed_issues``)."""
        if not self.is_large:
            return self.shown_rows
        sample: list[Any] = []
        for row in self.rows:
            if row.action in (RowAction.NEW, RowAction.UPDATE):
                sample.append(row)
                if len(sample) >= SAMPLE_ROWS:
                    break
        return sample

    @property
    def unlisted_changes(self) -> int:
        """Rows that change but are not in the table of a large sheet."""
        if not self.is_large:
            return 0
        counts = self.counts
        return counts.get(RowAction.NEW, 0) + counts[RowAction.UPDATE] - len(self.listed_rows)

    @property
    def listed_issues(self) -> list[RowIssue]:
        issues: list[RowIssue] = []
        for row in self.rows:
            for issue in row.errors:
                if len(issues) >= ERRORS_SHOWN:
                    return issues
                issues.append(issue)
        return issues

    @property
    def unlisted_issues(self) -> int:
        return max(0, sum(len(r.errors) for r in self.rows) - ERRORS_SHOWN)


@dataclass
class Preview:
    """The result of parsing one upload: file-level errors and warnings, and the sheets' rows."""

    sections: list[Section] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @property
    def rows(self) -> list[Any]:
        return [row for section in self.sections for row in section.rows]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(r.errors for r in self.rows)

    @property
    def has_changes(self) -> bool:
        return any(r.action in (RowAction.NEW, RowAction.UPDATE) for r in self.rows)

    @property
    def counts(self) -> dict[str, int]:
        """Rows per action over every sheet (the keys of the sheets' summaries)."""
        counts: dict[str, int] = {}
        for section in self.sections:
            for action, count in section.counts.items():
                counts[action] = counts.get(action, 0) + count
        return counts

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def issues(self) -> list[str]:
        return [*self.file_errors, *(str(i) for r in self.rows for i in r.errors)]

    @property
    def change_count(self) -> int:
        """Rows that applying would write (new or changed), over every sheet."""
        return sum(1 for r in self.rows if r.action in (RowAction.NEW, RowAction.UPDATE))

    def digest(self) -> str:
        """A fingerprint of what applying would do, to notice data that changed after the preview
        (the confirmation parses the file again and applies only if this is unchanged)."""
        summary = [
            [
                section.key,
                [
                    [r.row, r.identity(), r.action, [[c.key, c.old, c.new] for c in r.changes]]
                    for r in section.rows
                ],
            ]
            for section in self.sections
        ]
        return hashlib.sha256(json.dumps(summary, sort_keys=True).encode()).hexdigest()
