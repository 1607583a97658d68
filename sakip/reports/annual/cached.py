"""The LKjIP pages' data, kept in the cache once the year is settled.

A year whose four quarters are locked is settled: its numbers change only when a quarter is
reopened or its data corrected, and each of these moves the agency's data version
(sakip.monitoring.versions: one query). The page also prints the earlier years of the Renstra
(analysis 2), so the entry is keyed by the version of the whole span from the Renstra's first
year; by the Renstra row itself (its title is not part of the version); and by the language. So a
change shows at once and nothing is invalidated by hand, as for a locked quarter
(reports.quarterly.cached).

What can change apart from these is read on every request: the staff's narrative sections (the
page reads the stored texts; the pre-filled texts, made from the data alone, are kept with it).
The pages print no signature: the agency head who signs, the signature blocks of the agency's
Perjanjian Kinerja and the place and date line are not read for them (``signed=False``), so none
can be printed stale from the cache; the generated documents read theirs, and compute all of
their data, at generation (annual.services). An open year is computed on every request (its data
moves while units work).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

from django.core.cache import cache
from django.utils.translation import get_language

from sakip.monitoring.versions import data_versions
from sakip.organization.models import Unit

from .data import annual_report_data, renstra_of, unlocked_quarters
from .prefill import prefilled_texts
from .types import AnnualReportData

T = TypeVar("T")

SCHEMA = 1  # raise when AnnualReportData or the pre-filled texts change shape


@dataclass(frozen=True)
class PageData:
    data: AnnualReportData
    prefilled: dict[str, str]  # section key -> the text the data writes (annual.prefill)
    key: str | None = None  # the cache entry's key while the year is settled


def _computed(
    agency: Unit, year: int, *, on: datetime.date, unlocked: list[str], key: str | None = None
) -> PageData:
    data = annual_report_data(agency, year, on=on, unlocked=unlocked, signed=False)
    return PageData(data=data, prefilled=prefilled_texts(data), key=key)


def page_data(agency: Unit, year: int, *, on: datetime.date) -> PageData:
    """The year's `annual_report_data` (unsigned) and its pre-filled narrative texts, from the
    cache when every quarter of the year is locked."""
    unlocked = unlocked_quarters(agency, year)
    if unlocked:
        return _computed(agency, year, on=on, unlocked=unlocked)
    renstra = renstra_of(agency, year)
    since = renstra.start_year if renstra is not None else None
    version = data_versions([agency.pk], year, since=since)[agency.pk]
    key = ":".join(
        [
            f"annual-report-{SCHEMA}",
            str(agency.pk),
            str(year),
            version,
            f"{renstra.pk}@{renstra.updated_at.isoformat()}" if renstra is not None else "-",
            get_language() or "",
        ]
    )
    kept = cache.get(key)
    if not isinstance(kept, PageData):
        kept = _computed(agency, year, on=on, unlocked=unlocked, key=key)
        cache.set(key, kept)
    return kept


def kept_beside(page: PageData, name: str, make: Callable[[], T]) -> T:
    """``make()``, kept in the cache beside the page's data while the year is settled: for what
    is made from the data alone (the analyses' tables as HTML), under ``name``, which holds
    anything else it depends on. Made again on every request while the year is open."""
    if page.key is None:
        return make()
    key = f"{page.key}:{name}"
    found = cache.get(key)
    if found is None:
        found = make()
        cache.set(key, found)
    return cast(T, found)
