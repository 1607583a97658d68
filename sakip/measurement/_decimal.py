"""Shared Decimal plumbing for the measurement package.

Every calculation runs inside ``localcontext(CONTEXT)`` so that the precision is fixed and
independent of whatever the caller did to the global decimal context (DOMAIN.md §3: all
arithmetic in Decimal). The global context is never mutated.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal

# 50 significant digits: far more than any amount of rupiah or percentage needs, so the only
# rounding a user ever sees is the explicit half-up rounding for display.
CONTEXT = Context(prec=50, rounding=ROUND_HALF_EVEN)

HUNDRED = Decimal(100)


def require_decimal(value: object, name: str) -> Decimal:
    """Return ``value`` as a finite Decimal, or raise.

    ints are accepted (exact); floats are refused because their binary rounding errors would leak
    into figures that are printed in official reports.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal (or int), got {type(value).__name__}")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, got {result}")
    return result
