"""Plausible values of an indicator (DOMAIN.md §3 rule 4).

Negative values are refused unless the indicator declares that it allows them (a growth rate
may fall below zero; a count of documents may not). An indicator may also declare a valid range
(an index 0–5, a percentage 0–100); a value outside it is a typing error, not a result.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Implausible(StrEnum):
    NEGATIVE = "negative"
    BELOW_MINIMUM = "below_minimum"
    ABOVE_MAXIMUM = "above_maximum"


@dataclass(frozen=True)
class ValidRange:
    """What an indicator accepts: optional bounds (inclusive) and whether negatives are allowed."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    allows_negative: bool = False

    def problem(self, value: Decimal) -> Implausible | None:
        """Why `value` cannot be a value of the indicator, or None when it can."""
        if value < 0 and not self.allows_negative:
            return Implausible.NEGATIVE
        if self.minimum is not None and value < self.minimum:
            return Implausible.BELOW_MINIMUM
        if self.maximum is not None and value > self.maximum:
            return Implausible.ABOVE_MAXIMUM
        return None

    @property
    def is_consistent(self) -> bool:
        """Bounds in order, and a negative lower bound only where negatives are allowed."""
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            return False
        return not (self.minimum is not None and self.minimum < 0 and not self.allows_negative)
