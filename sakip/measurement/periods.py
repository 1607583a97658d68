"""Reporting periods and how an indicator's quarters add up: DOMAIN.md §3 rule 6.

Missing quarters (decision, not stated in DOMAIN.md): a quarter without a value (key absent or
None) means "nothing new reported", and every aggregation reads it that way:

- cumulative: the value of the last quarter *within the period* that has one (the running total
  is carried forward, i.e. the missing quarter added nothing);
- incremental: the sum of the quarters that have values (a missing quarter adds 0);
- average: the mean of the quarters that have values (a missing rate is not a rate of 0);
- latest: the value of the last quarter within the period that has one.

Cumulative and latest therefore compute the same thing; they differ in meaning (running totals
vs. stock figures) and stay separate so that indicator definitions say which one they are.
A period with no value at all aggregates to None. Values from quarters outside the period are
never used, not even to carry a running total forward into it.

Targets and realisasi are aggregated independently by the same rule (``period_capaian``), so an
unreported quarter still counts its target: for incremental the capaian drops, for cumulative the
target moves on while the realisasi total stays put. An unreported quarter is an unmet quarter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from ._decimal import CONTEXT, require_decimal
from .capaian import CapaianResult, NaReason, Target, compute_capaian
from .polarity import Polarity

QUARTERS = (1, 2, 3, 4)
# Quarters and semesters are numbered in Roman numerals in every official text ("TW III").
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Aggregation(StrEnum):
    """How an indicator's quarters add up; DOMAIN.md §3 rule 6 (default incremental)."""

    CUMULATIVE = "cumulative"
    INCREMENTAL = "incremental"
    AVERAGE = "average"
    LATEST = "latest"


DEFAULT_AGGREGATION = Aggregation.INCREMENTAL  # DOMAIN.md §3 rule 6 decision


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    SEMESTER = "semester"
    TO_DATE = "to_date"
    YEAR = "year"


@dataclass(frozen=True)
class Period:
    """A reporting period within one year; build it with the classmethods."""

    kind: PeriodKind
    number: int | None = None  # quarter 1-4, semester 1-2, to-date quarter 1-4; None for the year

    def __post_init__(self) -> None:
        kind = PeriodKind(self.kind)
        object.__setattr__(self, "kind", kind)
        if kind is PeriodKind.YEAR:
            if self.number is not None:
                raise ValueError("a year period takes no number")
            return
        allowed = (1, 2) if kind is PeriodKind.SEMESTER else QUARTERS
        if isinstance(self.number, bool) or self.number not in allowed:
            raise ValueError(f"{kind} period number must be one of {allowed}, got {self.number!r}")

    @classmethod
    def quarter(cls, k: int) -> Period:
        return cls(PeriodKind.QUARTER, k)

    @classmethod
    def semester(cls, s: int) -> Period:
        return cls(PeriodKind.SEMESTER, s)

    @classmethod
    def to_date(cls, k: int) -> Period:
        return cls(PeriodKind.TO_DATE, k)

    @classmethod
    def year(cls) -> Period:
        return cls(PeriodKind.YEAR)

    @property
    def quarters(self) -> tuple[int, ...]:
        """The quarters covered, ascending (DOMAIN.md §3 rule 6)."""
        n = self.number
        if self.kind is PeriodKind.YEAR:
            return QUARTERS
        assert n is not None
        if self.kind is PeriodKind.QUARTER:
            return (n,)
        if self.kind is PeriodKind.SEMESTER:
            return (1, 2) if n == 1 else (3, 4)
        return tuple(range(1, n + 1))

    @property
    def label_id(self) -> str:
        """Indonesian label for reports: "TW I", "Semester II", "s.d. TW III", "Tahunan"."""
        if self.kind is PeriodKind.YEAR:
            return "Tahunan"
        assert self.number is not None
        roman = ROMAN[self.number]
        if self.kind is PeriodKind.QUARTER:
            return f"TW {roman}"
        if self.kind is PeriodKind.SEMESTER:
            return f"Semester {roman}"
        return f"s.d. TW {roman}"


def _values_in_period(values: Mapping[int, Decimal | None], period: Period) -> list[Decimal]:
    unknown = set(values) - set(QUARTERS)
    if unknown:
        raise ValueError(f"values must be keyed by quarter 1-4, got {sorted(unknown)}")
    return [
        require_decimal(v, f"value of quarter {q}")
        for q in period.quarters
        if (v := values.get(q)) is not None
    ]


def aggregate(
    values: Mapping[int, Decimal | None], *, aggregation: Aggregation, period: Period
) -> Decimal | None:
    """The period value of quarterly ``values`` (keyed 1-4); None if the period has none.

    See the module docstring for how missing quarters count.
    """
    aggregation = Aggregation(aggregation)
    present = _values_in_period(values, period)
    if not present:
        return None
    if aggregation in (Aggregation.CUMULATIVE, Aggregation.LATEST):
        return present[-1]
    with localcontext(CONTEXT):
        total = sum(present, Decimal(0))
        if aggregation is Aggregation.INCREMENTAL:
            return total
        return total / len(present)


def _as_target(value: Target | Decimal) -> Target:
    return value if isinstance(value, Target) else Target.single(value)


def aggregate_target(
    targets: Mapping[int, Target | Decimal | None], *, aggregation: Aggregation, period: Period
) -> Target | None:
    """The period target; a range if any quarter in the period has a range target.

    The low and high ends are aggregated separately; a single-value quarter counts as the range
    [v, v]. Aggregation is monotone, so the result still has low <= high.
    """
    quarterly = {q: _as_target(t) for q, t in targets.items() if t is not None}
    low = aggregate(
        {q: t.low for q, t in quarterly.items()}, aggregation=aggregation, period=period
    )
    if low is None:
        return None
    if not any(quarterly[q].is_range for q in period.quarters if q in quarterly):
        return Target.single(low)
    high = aggregate(
        {q: t.upper for q, t in quarterly.items()}, aggregation=aggregation, period=period
    )
    assert high is not None  # same quarters as ``low``
    return Target.range(low, high)


def period_capaian(
    *,
    polarity: Polarity,
    aggregation: Aggregation,
    targets: Mapping[int, Target | Decimal | None],
    realisasi: Mapping[int, Decimal | None],
    period: Period,
) -> CapaianResult:
    """Capaian for ``period``: target and realisasi aggregated by the same rule, then rules 1-5."""
    target = aggregate_target(targets, aggregation=aggregation, period=period)
    value = aggregate(realisasi, aggregation=aggregation, period=period)
    if target is None:
        return CapaianResult.not_available(NaReason.NO_TARGET)
    if value is None:
        return CapaianResult.not_available(NaReason.NO_REALISASI)
    return compute_capaian(polarity=polarity, target=target, realisasi=value)
