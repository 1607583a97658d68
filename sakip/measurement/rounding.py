"""Half-up rounding for display (DOMAIN.md §3: show two decimals, rounded half-up)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

from ._decimal import require_decimal


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round ``value`` to ``places`` decimals, ties away from zero (2.345 -> 2.35, -3.495 -> -3.50).

    Decimal's ROUND_HALF_UP is "ties away from zero", which is what people expect when they round
    by hand; Python's default (banker's rounding) would turn 90.005 into 90.00 and change a
    category (DOMAIN.md §3 rule 7).
    """
    value = require_decimal(value, "value")
    if places < 0:
        raise ValueError("places must be >= 0")
    # The precision must hold every digit of the result, or quantize raises InvalidOperation.
    prec = max(50, value.adjusted() + places + 2)
    context = Context(prec=prec, rounding=ROUND_HALF_UP)
    result = value.quantize(Decimal(1).scaleb(-places), context=context)
    # -0.001 rounds to -0.00; a minus sign on zero only confuses readers of a report.
    return result.copy_abs() if result.is_zero() else result
