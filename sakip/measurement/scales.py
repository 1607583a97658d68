"""Category scales for capaian: DOMAIN.md §3 rule 7.

A scale is plain data (labels, machine keys, thresholds) so that each agency can configure its
own; the Django side stores the bands as rows and rebuilds a ``CategoryScale`` from them.

Bands are half-open, ``lower_exclusive < value <= upper_inclusive``, so every decimal has exactly
one home. A scale must cover the whole number line (first band open below, last open above), so
every available capaian, even a negative one, gets a category.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ._decimal import require_decimal
from .capaian import CapaianResult
from .rounding import round_half_up


@dataclass(frozen=True)
class Band:
    """One category: ``lower_exclusive < value <= upper_inclusive``; None means unbounded."""

    label: str
    lower_exclusive: Decimal | None
    upper_inclusive: Decimal | None
    key: str  # stable machine key (e.g. "sangat_tinggi") used for colours and CSS classes

    def __post_init__(self) -> None:
        if not self.label.strip() or not self.key.strip():
            raise ValueError("a band needs a non-empty label and key")
        lo, hi = self.lower_exclusive, self.upper_inclusive
        if lo is not None:
            object.__setattr__(self, "lower_exclusive", require_decimal(lo, "lower_exclusive"))
        if hi is not None:
            object.__setattr__(self, "upper_inclusive", require_decimal(hi, "upper_inclusive"))
        if lo is not None and hi is not None and not lo < hi:
            raise ValueError(f"band {self.label!r}: lower bound {lo} must be below upper {hi}")

    def contains(self, value: Decimal) -> bool:
        above = self.lower_exclusive is None or value > self.lower_exclusive
        below = self.upper_inclusive is None or value <= self.upper_inclusive
        return above and below


@dataclass(frozen=True)
class CategoryScale:
    """An ordered set of bands, lowest first, that partitions the number line."""

    name: str
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        bands = tuple(self.bands)
        object.__setattr__(self, "bands", bands)
        if not bands:
            raise ValueError(f"scale {self.name!r} needs at least one band")
        if bands[0].lower_exclusive is not None:
            raise ValueError(f"scale {self.name!r}: the lowest band must be open below")
        if bands[-1].upper_inclusive is not None:
            raise ValueError(f"scale {self.name!r}: the highest band must be open above")
        for below, above in zip(bands, bands[1:], strict=False):
            if below.upper_inclusive is None or below.upper_inclusive != above.lower_exclusive:
                raise ValueError(
                    f"scale {self.name!r}: bands {below.label!r} and {above.label!r} must meet "
                    "(list bands lowest first, each starting where the previous one ends)"
                )
        keys = [b.key for b in bands]
        if len(set(keys)) != len(keys):
            raise ValueError(f"scale {self.name!r}: band keys must be unique")

    @classmethod
    def from_thresholds(
        cls, name: str, thresholds: Iterable[tuple[str, str, Decimal | None]]
    ) -> CategoryScale:
        """Build a scale from ``(label, key, lower_exclusive)`` rows in any order.

        Exactly one row has ``lower_exclusive=None`` (the bottom band); each band reaches up to
        the next threshold, the top band is open above. This is the shape an agency fills in:
        "Sangat Tinggi above 90, Tinggi above 75, ...".
        """
        rows = list(thresholds)
        bottoms = [r for r in rows if r[2] is None]
        if len(bottoms) != 1:
            raise ValueError(f"scale {name!r}: exactly one band must have no lower threshold")
        rest = [r for r in rows if r[2] is not None]
        rest.sort(key=lambda r: require_decimal(r[2], "lower_exclusive"))
        ordered = bottoms + rest
        bounds = [r[2] for r in ordered]
        if len(set(bounds)) != len(bounds):
            raise ValueError(f"scale {name!r}: thresholds must be distinct")
        uppers = [*bounds[1:], None]
        bands = tuple(
            Band(label=label, key=key, lower_exclusive=lo, upper_inclusive=hi)
            for (label, key, lo), hi in zip(ordered, uppers, strict=True)
        )
        return cls(name=name, bands=bands)

    def categorize(self, capaian: CapaianResult | Decimal | None) -> Band | None:
        """The band of a capaian, decided on its displayed value (2 decimals, half-up).

        DOMAIN.md §3 rule 7: 90.004 shows as 90.00 -> Tinggi; 90.005 shows as 90.01 -> Sangat
        Tinggi, so the category always agrees with the number printed beside it. n/a -> None.
        """
        value = capaian.value if isinstance(capaian, CapaianResult) else capaian
        if value is None:
            return None
        shown = round_half_up(value, 2)
        for band in self.bands:
            if band.contains(shown):
                return band
        raise AssertionError("unreachable: a validated scale covers every value")


def default_scale(*, exceeds_target_band: bool = False) -> CategoryScale:
    """Permendagri 86/2017 evaluation scale (DOMAIN.md §3 rule 7).

    With ``exceeds_target_band`` the optional "Melebihi Target" band (> 100) is split off the top,
    leaving Sangat Tinggi as > 90 to 100.
    """
    rows: list[tuple[str, str, Decimal | None]] = [
        ("Sangat Rendah", "sangat_rendah", None),
        ("Rendah", "rendah", Decimal(50)),
        ("Sedang", "sedang", Decimal(65)),
        ("Tinggi", "tinggi", Decimal(75)),
        ("Sangat Tinggi", "sangat_tinggi", Decimal(90)),
    ]
    name = "Permendagri 86/2017"
    if exceeds_target_band:
        rows.append(("Melebihi Target", "melebihi_target", Decimal(100)))
        name += " + Melebihi Target"
    return CategoryScale.from_thresholds(name, rows)


DEFAULT_SCALE = default_scale()
