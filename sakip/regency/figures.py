"""The capaian figures of the regency view, per agency, kept in Django's cache (issue 11).

Computing an agency's capaian builds hundreds of model instances; reading it back from the cache
costs a few microseconds. Each agency's figures are kept as plain data (no model instances, no
lazy translations) under a key naming the view (an overview row or the agency page's table), the
agency, the year, the active language (category labels and n/a reasons are translated) and the
agency's data version (`sakip.monitoring.versions.data_versions`): any change the figures come
from (a quarter locked or reopened, a submission accepted or returned, a realisasi, a target, the
plan, the agency's category scale) gives a new version, so a new key, and the figures are
computed afresh at once; nothing is invalidated by hand, old entries simply expire.

The figures do not depend on who reads them: whoever opens the regency view (the regency reader
and the administrator, `access.reads_regency_view`) sees every indicator of the agencies they may
open, and only the settled data (accepted submissions of locked quarters). What depends on the
time (late units) or on other rows (tasks, documents) is read live by `selectors`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils.translation import get_language

from sakip.accounts.types import Viewer
from sakip.measurement import Period, Target, average_capaian, default_scale
from sakip.monitoring.capaian import IndicatorResult, indicator_results_by_agency
from sakip.monitoring.category_style import BandCount, category_badge
from sakip.organization.models import Unit

# Raised whenever the shape of the data below changes: entries of an older shape are never read.
FORMAT = 1
ROW = "row"  # an overview row's capaian part
TABLE = "agency"  # the agency page: the row's part and the objective/indicator table

# Bands from the highest down (with the optional "Melebihi Target" on top).
_BAND_ORDER = [band.key for band in reversed(default_scale(exceeds_target_band=True).bands)]


@dataclass(frozen=True, slots=True)
class RowFigures:
    """An agency's capaian in its latest locked quarter: indicators per category band (highest
    first, empty bands left out), those n/a, and the mean capaian as shown (None when n/a)."""

    quarter: int
    bands: tuple[BandCount, ...]
    not_available: int
    average: Decimal | None


@dataclass(frozen=True, slots=True)
class Measure:
    """One indicator over one period, as the agency page prints it."""

    target: Target | None
    realisasi: Decimal | None
    capaian: Decimal | None  # as shown (2 decimals); None when n/a
    na_reason: str
    category_key: str
    category_label: str

    @property
    def badge(self) -> str:
        return category_badge(self.category_key)


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    pk: int
    code: str
    name: str
    unit_name: str  # the responsible unit
    unit_of_measure: str
    quarter: Measure
    to_date: Measure | None


@dataclass(frozen=True, slots=True)
class ObjectiveBlock:
    code: str
    title: str
    lines: tuple[IndicatorLine, ...]


@dataclass(frozen=True, slots=True)
class AgencyTable:
    """The agency page's figures: the row's part, and per objective its indicators in the latest
    locked quarter and in the year up to it."""

    row: RowFigures
    to_date_label: str
    objectives: tuple[ObjectiveBlock, ...]


def cache_key(view: str, agency_pk: int, year: int, version: str) -> str:
    return f"regency:{FORMAT}:{view}:{agency_pk}:{year}:{get_language() or ''}:{version}"


def _row_figures(results: Sequence[IndicatorResult], quarter: int) -> RowFigures:
    counts = Counter(r.category.key for r in results if r.category is not None)
    labels = {r.category.key: str(r.category.label) for r in results if r.category is not None}
    order = sorted(
        counts, key=lambda k: _BAND_ORDER.index(k) if k in _BAND_ORDER else len(_BAND_ORDER)
    )
    average = average_capaian(r.capaian for r in results).display if results else None
    return RowFigures(
        quarter=quarter,
        bands=tuple(BandCount(key, labels[key], counts[key]) for key in order),
        not_available=sum(1 for r in results if r.category is None),
        average=average,
    )


def _measure(result: IndicatorResult) -> Measure:
    return Measure(
        target=result.target,
        realisasi=result.realisasi,
        capaian=result.capaian_display,
        na_reason=result.na_reason,
        category_key=result.category_key,
        category_label=str(result.category_label),
    )


def _results(
    user: Viewer, agencies: Sequence[Unit], year: int, period: Mapping[int, Period]
) -> dict[int, list[IndicatorResult]]:
    """What the regency reads: accepted data of locked quarters only (decision 0002)."""
    return indicator_results_by_agency(
        agencies=agencies,
        year=year,
        period=period,
        user=user,
        accepted_only=True,
        locked_only=True,
        lean=True,  # the figures below read only the columns it loads
    )


def _cached(keys: Mapping[int, str | None], quarters: Mapping[int, int]) -> dict[int, object]:
    """The entries found, by agency pk; one of another quarter than the one locked now is none."""
    found = cache.get_many([key for key in keys.values() if key is not None])
    entries = {}
    for pk, key in keys.items():
        entry = found.get(key) if key is not None else None
        if entry is not None:
            quarter = entry.quarter if isinstance(entry, RowFigures) else entry.row.quarter
            if quarter == quarters[pk]:
                entries[pk] = entry
    return entries


def row_figures(
    user: Viewer,
    agencies: Sequence[Unit],
    year: int,
    locked: Mapping[int, int],
    versions: Mapping[int, str],
) -> dict[int, RowFigures]:
    """Per agency with a locked quarter (`locked`: agency pk -> its latest locked quarter), its
    row's figures: from the cache, the missing ones computed together (a fixed number of queries)
    and stored."""
    keys = {pk: cache_key(ROW, pk, year, versions[pk]) if pk in versions else None for pk in locked}
    figures: dict[int, RowFigures] = {
        pk: entry for pk, entry in _cached(keys, locked).items() if isinstance(entry, RowFigures)
    }
    missing = [agency for agency in agencies if agency.pk in locked and agency.pk not in figures]
    if missing:
        results = _results(
            user, missing, year, {a.pk: Period.quarter(locked[a.pk]) for a in missing}
        )
        fresh = {a.pk: _row_figures(results[a.pk], locked[a.pk]) for a in missing}
        cache.set_many({keys[pk]: entry for pk, entry in fresh.items() if keys[pk] is not None})
        figures.update(fresh)
    return figures


def agency_table(
    user: Viewer, agency: Unit, year: int, quarter: int, version: str | None
) -> AgencyTable:
    """The agency page's figures for its latest locked `quarter`: from the cache, or computed (the
    quarter and the year to it) and stored; the overview row's entry is stored with it."""
    key = cache_key(TABLE, agency.pk, year, version) if version is not None else None
    entry = _cached({agency.pk: key}, {agency.pk: quarter}).get(agency.pk)
    if isinstance(entry, AgencyTable):
        return entry
    to_date_period = Period.to_date(quarter)
    in_quarter = _results(user, [agency], year, {agency.pk: Period.quarter(quarter)})[agency.pk]
    to_date = {
        r.indicator.pk: r
        for r in _results(user, [agency], year, {agency.pk: to_date_period})[agency.pk]
    }
    blocks: dict[int, tuple[str, str, list[IndicatorLine]]] = {}
    for result in in_quarter:
        objective, indicator = result.objective, result.indicator
        _code, _title, lines = blocks.setdefault(
            objective.pk, (objective.code, objective.statement or str(objective), [])
        )
        year_result = to_date.get(indicator.pk)
        lines.append(
            IndicatorLine(
                pk=indicator.pk,
                code=indicator.code,
                name=indicator.name,
                unit_name=result.unit.name,
                unit_of_measure=indicator.unit_of_measure,
                quarter=_measure(result),
                to_date=_measure(year_result) if year_result is not None else None,
            )
        )
    table = AgencyTable(
        row=_row_figures(in_quarter, quarter),
        to_date_label=to_date_period.label_id,
        objectives=tuple(
            ObjectiveBlock(code, title, tuple(lines)) for code, title, lines in blocks.values()
        ),
    )
    if key is not None and version is not None:
        cache.set_many({key: table, cache_key(ROW, agency.pk, year, version): table.row})
    return table
