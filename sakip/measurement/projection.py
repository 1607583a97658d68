"""Projected year-end realisasi and capaian of an indicator from the quarters reported so far.

The dashboard warns about indicators at risk: those whose projected capaian for the year is below
100 (the target would be missed). The projection follows the indicator's own aggregation rule
(DOMAIN.md §3 rule 6), counting only the quarters that have a value:

- *incremental* (each quarter its own amount; the year is the sum): the mean of the reported
  quarters times four;
- *cumulative* (running totals; the year is the last quarter's): the newest running total scaled
  to four quarters (value of TW k × 4 / k);
- *average* (the year is the mean of its quarters): the mean of the reported quarters;
- *latest* (the year is the newest value): the newest value.

The projected value is then measured against the year's target with the indicator's polarity
(sakip.measurement.capaian), so "lower is better" indicators are projected the same way and judged
in their own direction. Without any reported quarter there is no projection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext

from ._decimal import CONTEXT, require_decimal
from .capaian import CapaianResult, NaReason, Target, compute_capaian
from .periods import QUARTERS, Aggregation
from .polarity import Polarity

FOUR = Decimal(4)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Projection:
    """The projected year-end realisasi and its capaian against the year's target."""

    value: Decimal | None
    capaian: CapaianResult
    quarters: tuple[int, ...]  # the reported quarters it rests on

    @property
    def at_risk(self) -> bool:
        """Below target: the projected capaian, as displayed (2 decimals), is under 100."""
        shown = self.capaian.display
        return shown is not None and shown < HUNDRED


def project_value(
    values: Mapping[int, Decimal | None], *, aggregation: Aggregation
) -> Decimal | None:
    """The year-end value projected from the quarterly ``values`` (keyed 1-4) reported so far;
    None when no quarter has a value."""
    aggregation = Aggregation(aggregation)
    reported = [
        (q, require_decimal(v, f"value of quarter {q}"))
        for q in QUARTERS
        if (v := values.get(q)) is not None
    ]
    if not reported:
        return None
    last_quarter, last_value = reported[-1]
    with localcontext(CONTEXT):
        if aggregation is Aggregation.LATEST:
            return last_value
        if aggregation is Aggregation.CUMULATIVE:
            return last_value * FOUR / last_quarter
        mean = sum((v for _q, v in reported), Decimal(0)) / len(reported)
        if aggregation is Aggregation.AVERAGE:
            return mean
        return mean * FOUR


def project_year(
    *,
    polarity: Polarity,
    aggregation: Aggregation,
    year_target: Target | None,
    values: Mapping[int, Decimal | None],
) -> Projection:
    """The projection of one indicator: projected value and capaian against ``year_target``."""
    quarters = tuple(q for q in QUARTERS if values.get(q) is not None)
    value = project_value(values, aggregation=aggregation)
    if year_target is None:
        capaian = CapaianResult.not_available(NaReason.NO_TARGET)
    elif value is None:
        capaian = CapaianResult.not_available(NaReason.NO_REALISASI)
    else:
        capaian = compute_capaian(polarity=Polarity(polarity), target=year_target, realisasi=value)
    return Projection(value=value, capaian=capaian, quarters=quarters)
