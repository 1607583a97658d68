"""Indonesian formats for official documents: "01 Januari 2023", "1.004.422.800", "80–90 %".

Documents are always Indonesian (DOMAIN.md §4), whatever language the person generating them uses
on screen, so month names are a fixed table and not the active locale's.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from sakip.measurement.formatting import format_decimal_id

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# An en dash between the two ends of a range target, as typed in the Renstra tables.
RANGE_DASH = "–"
EMPTY = "-"


def format_date_id(day: datetime.date) -> str:
    """datetime.date(2023, 1, 1) -> "01 Januari 2023"."""
    return f"{day.day:02d} {MONTHS_ID[day.month - 1]} {day.year}"


def _places(value: Decimal) -> int:
    """The decimals a value needs once trailing zeros are dropped (80.0000 -> 0, 3.10 -> 1)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number_id(value: Decimal | None) -> str:
    """A plan number as people typed it: 80.0000 -> "80", 3.1000 -> "3,1", 1004422800 -> "1.004.422.800"."""
    if value is None:
        return EMPTY
    return format_decimal_id(value, _places(value))


# A measured value (a realisasi, an average of quarters) is printed with the decimals its target
# is written with, and at least two: an average 97.8775 of an indicator targeted at "95" prints
# "97,88", a value that needs fewer decimals keeps fewer ("3,1", "1.350").
MIN_MEASURED_PLACES = 2


def measured_places(value: Decimal, *targets: Decimal | None) -> int:
    """The decimals to print ``value`` with: its own, capped at the indicator's precision (the
    target's decimals, at least MIN_MEASURED_PLACES)."""
    precision = max([MIN_MEASURED_PLACES, *(_places(t) for t in targets if t is not None)])
    return min(_places(value), precision)


def format_measured_id(value: Decimal | None, *targets: Decimal | None) -> str:
    """A realisasi as printed: 97.8775 (target 95) -> "97,88" (half-up), 3.1000 -> "3,1"."""
    if value is None:
        return EMPTY
    return format_decimal_id(value, measured_places(value, *targets))


def format_money_id(value: Decimal | None) -> str:
    """Rupiah as printed in the budget tables: 1004422800 -> "Rp1.004.422.800" (sen only when present)."""
    if value is None:
        return EMPTY
    places = 0 if _places(value) == 0 else 2
    return f"Rp{format_decimal_id(value, places)}"


def format_target_id(low: Decimal | None, high: Decimal | None = None) -> str:
    """A single target "85" or a range "80–90"; "-" when there is none."""
    if low is None:
        return EMPTY
    if high is None or high == low:
        return format_number_id(low)
    return f"{format_number_id(low)}{RANGE_DASH}{format_number_id(high)}"


def with_unit(target: str, unit_of_measure: str) -> str:
    """ "80–90" and "%" -> "80–90 %"; an empty target stays "-"."""
    if target == EMPTY or not unit_of_measure:
        return target
    return f"{target} {unit_of_measure}"
