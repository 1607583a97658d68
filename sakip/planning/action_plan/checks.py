"""Do an indicator's quarterly targets add up to its annual target? (DOMAIN.md §3 rule 6)

Pure functions, no database: the page, the submit service and the Excel preview all call
`check_quarters` with the same numbers and so show the same words.

- cumulative: the targets are running totals, so TW IV is the annual target; for a
  higher-is-better indicator a running total that goes down is suspicious (a warning only);
- incremental: the four quarters sum to the annual target;
- average: the mean of the quarters is the annual target;
- latest: TW IV (the latest value of the year) is the annual target.

A range target is checked on its low and its high end separately. A quarter left empty is read
the way sakip.measurement aggregates it (nothing reported for that quarter). A mismatch is not
an error: the unit explains it (ActionPlanJustification) before submitting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from sakip.measurement import Aggregation, Period, Polarity, Target, aggregate, round_half_up
from sakip.measurement.formatting import format_decimal_id

from . import errors

QUARTERS = (1, 2, 3, 4)
# Targets are stored with four decimals; a mean is compared at that precision (1/3 never ends).
STORED_PLACES = 4


@dataclass
class CheckResult:
    """What the page shows under an indicator: mismatches need an explanation, warnings do not."""

    mismatches: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    empty: bool = False  # no quarterly target at all

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.empty

    @property
    def needs_justification(self) -> bool:
        return bool(self.mismatches)

    @property
    def messages(self) -> list[str]:
        return [*self.mismatches, *self.warnings]


def show_number(value: Decimal) -> str:
    """Indonesian format without trailing zeros: 40 -> "40", 95.5 -> "95,5", 1500 -> "1.500"."""
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_decimal_id(value, places)


def _label(quarter: int) -> str:
    return Period.quarter(quarter).label_id


def _check_side(
    *,
    aggregation: Aggregation,
    polarity: Polarity,
    annual: Decimal,
    values: Mapping[int, Decimal | None],
) -> tuple[list[str], list[str]]:
    mismatches: list[str] = []
    warnings: list[str] = []
    shown_annual = show_number(annual)
    if aggregation is Aggregation.INCREMENTAL:
        total = aggregate(values, aggregation=aggregation, period=Period.year())
        if total is not None and total != annual:
            mismatches.append(
                str(errors.SUM_MISMATCH) % {"value": show_number(total), "annual": shown_annual}
            )
    elif aggregation is Aggregation.AVERAGE:
        mean = aggregate(values, aggregation=aggregation, period=Period.year())
        if mean is not None:
            mean = round_half_up(mean, STORED_PLACES)
            if mean != annual:
                mismatches.append(
                    str(errors.AVERAGE_MISMATCH)
                    % {"value": show_number(mean), "annual": shown_annual}
                )
    else:
        # Cumulative and latest: the year's value is TW IV's (DOMAIN.md §3 rule 6).
        last = values.get(4)
        cumulative = aggregation is Aggregation.CUMULATIVE
        if last is None:
            message = errors.CUMULATIVE_NO_Q4 if cumulative else errors.LATEST_NO_Q4
            mismatches.append(str(message) % {"annual": shown_annual})
        elif last != annual:
            message = errors.CUMULATIVE_MISMATCH if cumulative else errors.LATEST_MISMATCH
            mismatches.append(str(message) % {"value": show_number(last), "annual": shown_annual})
        if cumulative and polarity is Polarity.HIGHER:
            present = [(q, v) for q in QUARTERS if (v := values.get(q)) is not None]
            for (q_before, before), (q_after, after) in zip(present, present[1:], strict=False):
                if after < before:
                    warnings.append(
                        str(errors.CUMULATIVE_DECREASES)
                        % {
                            "before_label": _label(q_before),
                            "before": show_number(before),
                            "after_label": _label(q_after),
                            "after": show_number(after),
                        }
                    )
    return mismatches, warnings


def check_quarters(
    *,
    aggregation: str,
    polarity: str,
    annual: Target | None,
    quarters: Mapping[int, Target | None],
) -> CheckResult:
    """Check the quarterly targets (keyed 1-4; a missing key or None is an empty quarter)
    against the annual target by the indicator's aggregation rule."""
    agg = Aggregation(aggregation)
    pol = Polarity(polarity)
    present = {q: t for q, t in quarters.items() if t is not None}
    result = CheckResult()
    if not present:
        result.empty = True
        return result
    if annual is None:
        return result
    lows = {q: t.low for q, t in present.items()}
    if not annual.is_range:
        result.mismatches, result.warnings = _check_side(
            aggregation=agg, polarity=pol, annual=annual.low, values=lows
        )
        return result
    assert annual.high is not None
    highs = {q: t.upper for q, t in present.items()}
    for side, annual_value, values in (
        (errors.SIDE_LOW, annual.low, lows),
        (errors.SIDE_HIGH, annual.high, highs),
    ):
        mismatches, warnings = _check_side(
            aggregation=agg, polarity=pol, annual=annual_value, values=values
        )
        result.mismatches += [
            str(errors.RANGE_SIDE) % {"side": side, "message": m} for m in mismatches
        ]
        result.warnings += [str(errors.RANGE_SIDE) % {"side": side, "message": w} for w in warnings]
    return result


def target_of(low: Decimal | None, high: Decimal | None) -> Target | None:
    """A stored (low, high) pair as a measurement Target; None when the quarter is empty."""
    if low is None:
        return None
    if high is not None:
        return Target.range(low, high)
    return Target.single(low)
