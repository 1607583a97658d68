"""Charts of the performance reports: one chart spec (plain data) rendered as a PNG by matplotlib.

The spec is JSON-safe so the same data can feed an on-screen chart; the PNG goes into the DOCX and
the PDF and is served to the report page. Category colours are fixed per band key
(sakip.monitoring.category_style; UX.md: one colour per band, the same everywhere), and every bar
also carries its number and category label: colour is never the only carrier of meaning.
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sakip.measurement import format_decimal_id
from sakip.monitoring.category_style import OTHER_STYLE, category_colour

ABSORPTION_COLOUR = "#0d6efd"
# A drawn chart is kept a day; its key is its content, so new data never reads an old image.
PNG_CACHE_SECONDS = 24 * 60 * 60
REFERENCE_COLOUR = "#343a40"


@dataclass
class ChartBar:
    label: str  # the axis label (indicator code, program code)
    value: float | None  # None: no bar (n/a)
    text: str  # printed beside the bar: "80,00% · Tinggi" or "n/a"
    colour: str


@dataclass
class ChartSpec:
    title: str
    axis_label: str
    bars: list[ChartBar]
    reference: float | None = 100.0  # the 100% line
    legend: list[tuple[str, str]] = field(default_factory=list)  # (label, colour)

    def as_dict(self) -> dict[str, object]:
        """JSON-safe data for an on-screen chart (Chart.js via json_script)."""
        return {
            "title": self.title,
            "axis_label": self.axis_label,
            "labels": [bar.label for bar in self.bars],
            "values": [bar.value for bar in self.bars],
            "texts": [bar.text for bar in self.bars],
            "colours": [bar.colour for bar in self.bars],
            "reference": self.reference,
            "legend": [{"label": label, "colour": colour} for label, colour in self.legend],
        }


def _percent(value: Decimal) -> str:
    return f"{format_decimal_id(value, 2)}%"


def capaian_chart_spec(
    rows: list[tuple[str, Decimal | None, str, str]],
    *,
    title: str,
    axis_label: str,
    na_text: str,
    legend: list[tuple[str, str]],
) -> ChartSpec:
    """Bars of capaian per indicator from ``(label, capaian shown, category label, band key)``.

    ``legend`` lists the scale's bands as ``(label, key)``, lowest first.
    """
    bars = []
    for label, value, category, key in rows:
        if value is None:
            bars.append(ChartBar(label, None, na_text, OTHER_STYLE[0]))
        else:
            text = f"{_percent(value)} · {category}" if category else _percent(value)
            bars.append(ChartBar(label, float(value), text, category_colour(key)))
    return ChartSpec(
        title=title,
        axis_label=axis_label,
        bars=bars,
        legend=[(band_label, category_colour(key)) for band_label, key in reversed(legend)],
    )


def absorption_chart_spec(
    rows: list[tuple[str, Decimal | None]], *, title: str, axis_label: str, na_text: str
) -> ChartSpec:
    """Bars of serapan anggaran per program from ``(label, absorption shown)``."""
    bars = [
        ChartBar(label, None, na_text, OTHER_STYLE[0])
        if value is None
        else ChartBar(label, float(value), _percent(value), ABSORPTION_COLOUR)
        for label, value in rows
    ]
    return ChartSpec(title=title, axis_label=axis_label, bars=bars)


def render_png(spec: ChartSpec, *, width_in: float = 6.0, dpi: int = 150) -> bytes:
    """A horizontal bar chart, first bar on top; PNG bytes.

    Uses matplotlib's object API (no pyplot): no global figure state, safe in a web process.
    """
    count = max(1, len(spec.bars))
    height = 1.1 + 0.42 * count + (0.35 if spec.legend else 0)
    figure = Figure(figsize=(width_in, height), dpi=dpi)
    axes = figure.add_subplot()
    labels = ["\n".join(textwrap.wrap(bar.label, 28)) or " " for bar in spec.bars]
    positions = list(range(count))[::-1][: len(spec.bars)]
    values = [bar.value or 0.0 for bar in spec.bars]
    axes.barh(positions, values, color=[bar.colour for bar in spec.bars], height=0.6)
    top = max([*values, spec.reference or 0.0, 1.0])
    axes.set_xlim(0, top * 1.38)
    for position, bar in zip(positions, spec.bars, strict=False):
        axes.text(
            (bar.value or 0.0) + top * 0.01,
            position,
            bar.text,
            va="center",
            fontsize=7.5,
            color="#212529",
            # A white box keeps the text readable where it crosses the 100% line.
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )
    if spec.reference is not None:
        axes.axvline(
            spec.reference, color=REFERENCE_COLOUR, linestyle="--", linewidth=0.8, zorder=0
        )
    axes.set_yticks(positions, labels, fontsize=8)
    axes.set_xlabel(spec.axis_label, fontsize=8)
    axes.tick_params(axis="x", labelsize=7.5)
    axes.xaxis.set_major_formatter(lambda x, _pos: format_decimal_id(Decimal(int(x)), 0))
    axes.set_title(spec.title, fontsize=10, fontweight="bold")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if spec.legend:
        handles = [Patch(color=colour, label=label) for label, colour in spec.legend]
        figure.legend(
            handles=handles,
            loc="lower center",
            ncol=min(len(handles), 6),
            fontsize=7,
            frameon=False,
        )
        figure.tight_layout(rect=(0, 0.35 / height + 0.02, 1, 1))
    else:
        figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def png_cache_key(spec: ChartSpec, *, width_in: float = 6.0, dpi: int = 150) -> str:
    """The cache key of a chart's image: a digest of everything the image is drawn from."""
    content = json.dumps([spec.as_dict(), width_in, dpi], sort_keys=True, ensure_ascii=False)
    return "chart-png:" + hashlib.sha256(content.encode()).hexdigest()


def cached_png(spec: ChartSpec, *, width_in: float = 6.0, dpi: int = 150) -> bytes:
    """`render_png`, drawn once per content: a page showing the same data again (every view of a
    report page, every person opening it) reads the image instead of drawing it (~0.2 s of CPU
    each). Changed data gives another spec, so another key: nothing to invalidate by hand."""
    key = png_cache_key(spec, width_in=width_in, dpi=dpi)
    png = cache.get(key)
    if png is None:
        png = render_png(spec, width_in=width_in, dpi=dpi)
        cache.set(key, png, PNG_CACHE_SECONDS)
    return png
