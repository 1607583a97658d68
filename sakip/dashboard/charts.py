"""The dashboard's charts as data for Chart.js (static/sakip/dashboard.js), passed to the page with
``json_script``: the browser draws them, the server only lists the numbers (ARCHITECTURE.md
"Charts"). Each chart has a table on the page with the same numbers.

Bars of capaian are coloured by category: one dataset per band of the agency's scale, so the legend
writes every category's label next to its colour, and the tooltip repeats the label.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from sakip.monitoring.category_style import OTHER_STYLE, BandCount, category_colour

from .figures import Capaian, TrendPoint
from .selectors import DashboardData

# Axis labels: a full-width chart (indicators) takes longer names than a half-width one; the
# tooltip and the table give the whole name.
LABEL_CHARS = 60
NARROW_LABEL_CHARS = 34


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _by_category(
    key: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[Capaian],
    notes: Sequence[str],
    legend: Sequence[BandCount],
    *,
    links: Sequence[str],
    horizontal: bool = True,
) -> dict[str, Any]:
    """A bar per item, its colour and its dataset those of its category."""
    datasets = []
    for band in legend:
        data = [_number(v.value) if v.category_key == band.key else None for v in values]
        if any(d is not None for d in data):
            datasets.append({"label": band.label, "color": band.colour, "data": data})
    return {
        "id": key,
        "kind": "bar",
        "title": title,
        "horizontal": horizontal,
        "stacked": True,
        "percent": True,
        "labels": list(labels),
        "notes": list(notes),
        "links": list(links),
        "datasets": datasets,
    }


def _trend(key: str, title: str, points: Sequence[TrendPoint]) -> dict[str, Any]:
    return {
        "id": key,
        "kind": "line",
        "title": title,
        "percent": True,
        "labels": [p.label for p in points],
        "notes": [
            f"{p.average.category} · {_('%(n)s indikator') % {'n': p.measured_count}}"
            if p.average.category_key
            else p.average.category
            for p in points
        ],
        "datasets": [
            {
                "label": _("Rata-rata capaian"),
                "color": OTHER_STYLE[0],
                "pointColors": [category_colour(p.average.category_key) for p in points],
                "data": [_number(p.average.value) for p in points],
            }
        ],
    }


def _drill(data: DashboardData, key: str, value: object) -> str:
    """The page itself, its indicator table narrowed to one objective, unit or category."""
    return f"?{urlencode({'periode': data.period_key, key: value})}#indicators"


def _titled(with_period: str, without: str, period: str) -> str:
    """A chart's title with its period, or without the brackets while there is none yet."""
    return with_period % {"period": period} if period else without


def chart_specs(data: DashboardData) -> list[dict[str, Any]]:
    """Every chart of the page; a click on a bar opens the indicators behind it."""
    legend = data.band_legend
    period = data.period_label
    objectives = data.objectives
    indicators = data.indicators
    units = data.units
    return [
        _by_category(
            "objectives",
            _titled(
                _("Rata-rata capaian per sasaran (%(period)s)"),
                _("Rata-rata capaian per sasaran"),
                period,
            ),
            [_short(f"{o.code} {o.name}", NARROW_LABEL_CHARS) for o in objectives],
            [o.average for o in objectives],
            [f"{o.code} {o.name} · {o.average.category}" for o in objectives],
            legend,
            links=[_drill(data, "sasaran", o.key) for o in objectives],
        ),
        _by_category(
            "indicators",
            _titled(_("Capaian per indikator (%(period)s)"), _("Capaian per indikator"), period),
            [_short(i.name) for i in indicators],
            [i.capaian for i in indicators],
            [f"{i.code} {i.name} · {i.capaian.category}" for i in indicators],
            legend,
            links=[reverse("planning:indicator_detail", args=[i.indicator_id]) for i in indicators],
        ),
        _by_category(
            "units",
            _titled(
                _("Rata-rata capaian per unit (%(period)s)"),
                _("Rata-rata capaian per unit"),
                period,
            ),
            [_short(u.name, NARROW_LABEL_CHARS) for u in units],
            [u.average for u in units],
            [f"{u.name} · {u.average.category}" for u in units],
            legend,
            links=[_drill(data, "unit", u.key) for u in units],
        ),
        {
            "id": "categories",
            "kind": "bar",
            "title": _titled(
                _("Jumlah indikator per kategori (%(period)s)"),
                _("Jumlah indikator per kategori"),
                period,
            ),
            "horizontal": False,
            "percent": False,
            "labels": [c.label for c in data.categories],
            "notes": [c.label for c in data.categories],
            "links": [_drill(data, "kategori", c.key) for c in data.categories],
            "datasets": [
                {
                    "label": _("Jumlah indikator"),
                    "colors": [c.colour for c in data.categories],
                    "data": [c.count for c in data.categories],
                }
            ],
        },
        _trend(
            "quarters",
            _("Rata-rata capaian per triwulan %(year)s") % {"year": data.year},
            data.quarter_trend,
        ),
        _trend("renstra", _("Rata-rata capaian tahunan per tahun Renstra"), data.renstra_trend),
        {
            "id": "budget",
            "kind": "bar",
            "title": _titled(
                _("Serapan anggaran per program (%(period)s)"),
                _("Serapan anggaran per program"),
                period,
            ),
            "horizontal": True,
            "percent": True,
            "labels": [_short(f"{b.code} {b.name}", NARROW_LABEL_CHARS) for b in data.budget],
            "notes": [f"{b.code} {b.name}" for b in data.budget],
            "datasets": [
                {
                    "label": _("Serapan (%)"),
                    "color": "#0d6efd",
                    "data": [_number(b.absorption) for b in data.budget],
                }
            ],
        },
    ]
