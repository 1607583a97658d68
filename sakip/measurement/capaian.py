"""Capaian (achievement %) of one indicator for one period: DOMAIN.md §3 rules 1-5.

The stored value is never rounded and never capped (rule 5); rounding happens only in
``CapaianResult.display`` so that categories and printed reports agree (rule 7).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from ._decimal import CONTEXT, HUNDRED, require_decimal
from .polarity import Polarity
from .rounding import round_half_up


class NaReason(StrEnum):
    """Machine codes for "no capaian"; the UI translates them into a sentence."""

    # DOMAIN.md §3 rule 4: higher-is-better with T = 0 has no meaningful ratio.
    ZERO_TARGET_HIGHER = "zero_target_higher"
    # Not in DOMAIN.md: with T < 0 both formulas reward the wrong direction (R/T with T=-2,
    # R=-1 gives 50 although -1 beats -2), so we refuse rather than print a misleading number.
    NEGATIVE_TARGET = "negative_target"
    NO_TARGET = "no_target"  # no target set for any quarter of the period
    NO_REALISASI = "no_realisasi"  # nothing reported yet for the period
    NO_VALUES = "no_values"  # an average over results that are all n/a


@dataclass(frozen=True)
class Target:
    """A single target value, or a range [low, high] when ``high`` is set (DOMAIN.md §3 rule 3)."""

    low: Decimal
    high: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", require_decimal(self.low, "target low"))
        if self.high is not None:
            object.__setattr__(self, "high", require_decimal(self.high, "target high"))
            if self.low > self.high:
                raise ValueError(f"range target needs low <= high, got {self.low}-{self.high}")

    @classmethod
    def single(cls, value: Decimal) -> Target:
        return cls(low=value)

    @classmethod
    def range(cls, low: Decimal, high: Decimal) -> Target:
        return cls(low=low, high=high)

    @property
    def is_range(self) -> bool:
        return self.high is not None

    @property
    def upper(self) -> Decimal:
        """The top of the target: ``high`` for a range, the value itself otherwise."""
        return self.low if self.high is None else self.high


@dataclass(frozen=True)
class CapaianResult:
    """A capaian in percent; ``value`` is None exactly when ``reason`` says why (n/a)."""

    value: Decimal | None
    reason: str | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.reason is None):
            raise ValueError("a CapaianResult has either a value or a reason, not both or neither")

    @classmethod
    def of(cls, value: Decimal) -> CapaianResult:
        return cls(value=require_decimal(value, "capaian"))

    @classmethod
    def not_available(cls, reason: str) -> CapaianResult:
        return cls(value=None, reason=reason)

    @property
    def is_available(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> Decimal | None:
        """The value as shown: 2 decimals, half-up (DOMAIN.md §3 intro); None when n/a."""
        return None if self.value is None else round_half_up(self.value, 2)


def _single_capaian(polarity: Polarity, target: Decimal, realisasi: Decimal) -> CapaianResult:
    """Rules 1, 2 and 4 against one target value."""
    if target < 0:
        return CapaianResult.not_available(NaReason.NEGATIVE_TARGET)
    if target == 0:
        if polarity is Polarity.LOWER:
            # DOMAIN.md §3 rule 4: zero was the goal; anything above it is a miss.
            return CapaianResult.of(HUNDRED if realisasi <= 0 else Decimal(0))
        # DOMAIN.md §3 rule 4: higher-is-better with T = 0 is n/a.
        return CapaianResult.not_available(NaReason.ZERO_TARGET_HIGHER)
    with localcontext(CONTEXT):
        if polarity is Polarity.HIGHER:
            # DOMAIN.md §3 rule 1; no cap (rule 5).
            return CapaianResult.of(realisasi / target * HUNDRED)
        # DOMAIN.md §3 rule 2, floored at 0 by decision.
        return CapaianResult.of(max(Decimal(0), (2 * target - realisasi) / target * HUNDRED))


def compute_capaian(*, polarity: Polarity, target: Target, realisasi: Decimal) -> CapaianResult:
    """Capaian of ``realisasi`` against ``target`` (DOMAIN.md §3 rules 1-5)."""
    polarity = Polarity(polarity)
    realisasi = require_decimal(realisasi, "realisasi")
    if target.high is None:
        return _single_capaian(polarity, target.low, realisasi)
    # DOMAIN.md §3 rule 3: inside the range is exactly 100; outside, compare with the nearer end
    # using the polarity's formula.
    if target.low <= realisasi <= target.high:
        return CapaianResult.of(HUNDRED)
    bound = target.high if realisasi > target.high else target.low
    return _single_capaian(polarity, bound, realisasi)


def average_capaian(results: Iterable[CapaianResult]) -> CapaianResult:
    """Mean of the available capaian values, unrounded.

    DOMAIN.md §3 rule 4: n/a results are excluded from averages (not counted as 0). If nothing is
    available the average itself is n/a.
    """
    values = [r.value for r in results if r.value is not None]
    if not values:
        return CapaianResult.not_available(NaReason.NO_VALUES)
    with localcontext(CONTEXT):
        return CapaianResult.of(sum(values, Decimal(0)) / len(values))
