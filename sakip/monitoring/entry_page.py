"""The entry page's data tab (its indicators by objective and the monthly progress), kept as HTML.

A page as stored (no form sent back with refusals) is the same for every view until the agency's
data moves, so its tab is written once per data version, submission version, language and kind
of viewer (one who edits sees inputs) and kept beside the page's data. A view of a kept page
reads neither that data nor builds the form's fields: unpickling its ~260 model rows, building
four fields per indicator and rendering the tab were nearly half of the page's time (44
indicators: 7.9 ms → 4.4 ms in-process; issue 12).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string

from . import selectors
from .entry_rows_html import indicator_rows_html
from .files import evidence_max_mb
from .forms import SubmissionEntryForm
from .models import UnitSubmission


class EntrySource:
    """A submission's entry data, read only when a part of the page needs it. With a `key`
    (`selectors.entry_data_key`) it comes from the cache and the data tab may be kept; without
    one (a view that has read the data already) it is the data given."""

    def __init__(
        self,
        submission: UnitSubmission,
        *,
        key: str = "",
        data: selectors.EntryData | None = None,
    ) -> None:
        self.submission = submission
        self.key = key
        self._data = data

    @property
    def data(self) -> selectors.EntryData:
        if self._data is None:
            if self.key:
                self._data = selectors.kept_entry_data(self.submission, self.key)
            else:
                self._data = selectors.entry_data(self.submission)
        return self._data


@dataclass(frozen=True)
class DataTab:
    html: str
    has_values: bool  # anything entered (the page's state says "not started" otherwise)


def data_tab(source: EntrySource, form: SubmissionEntryForm | None, *, editable: bool) -> DataTab:
    """The data tab for `form` (a refused one shows its typed values and errors) or, without
    one, for the page as stored: kept under the source's key."""
    submission = source.submission
    key = ""
    if source.key and form is None:
        key = f"{source.key}:tab:{submission.version}:{int(editable)}:{evidence_max_mb()}"
        found = cache.get(key)
        if isinstance(found, DataTab):
            return found
    data = source.data
    if form is None:
        form = SubmissionEntryForm(data_=data)
    groups = [
        (
            group,
            indicator_rows_html(form, group.rows, unit_id=submission.unit_id, editable=editable),
        )
        for group in data.objectives
    ]
    html = render_to_string(
        "monitoring/cycle/_entry_sections.html",
        {
            "data": data,
            "f": form,
            "indicator_groups": groups,
            "editable": editable,
            "max_file_mb": evidence_max_mb(),
        },
    )
    tab = DataTab(html=str(html), has_values=data.has_values)
    if key:
        cache.set(key, tab)
    return tab
