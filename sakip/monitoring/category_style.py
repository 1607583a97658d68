"""One colour per capaian category, the same everywhere (UX.md): the badges of the data pages and
the bars of the report charts (sakip.reports.charts) take theirs from here. Keys are the band keys
of sakip.measurement.scales.
"""

from __future__ import annotations

from dataclasses import dataclass

# Band key -> (chart colour, Bootstrap badge classes).
CATEGORY_STYLE: dict[str, tuple[str, str]] = {
    "melebihi_target": ("#0d6efd", "text-bg-primary"),
    "sangat_tinggi": ("#198754", "text-bg-success"),
    "tinggi": ("#0dcaf0", "text-bg-info"),
    "sedang": ("#ffc107", "text-bg-warning"),
    "rendah": ("#ea868f", "bg-danger-subtle text-danger-emphasis border border-danger"),
    "sangat_rendah": ("#dc3545", "text-bg-danger"),
}
OTHER_STYLE = ("#6c757d", "text-bg-secondary")


def category_colour(key: str) -> str:
    return CATEGORY_STYLE.get(key, OTHER_STYLE)[0]


def category_badge(key: str) -> str:
    return CATEGORY_STYLE.get(key, OTHER_STYLE)[1]


@dataclass(frozen=True, slots=True)
class BandCount:
    """How many indicators fall in one category band, with the band's colours (a badge, a bar)."""

    key: str
    label: str
    count: int

    @property
    def badge(self) -> str:
        return category_badge(self.key)

    @property
    def colour(self) -> str:
        return category_colour(self.key)
