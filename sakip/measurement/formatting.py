"""Indonesian number formatting for reports (DOMAIN.md §4: 1.004.422.800; 99,66).

Pure string work, no Django and no locale module: the process locale of a server is not a
reliable source for official documents. Callers decide how to show n/a.
"""

from __future__ import annotations

from decimal import Decimal

from .rounding import round_half_up

_SWAP_SEPARATORS = str.maketrans(",.", ".,")


def format_decimal_id(value: Decimal, places: int = 2) -> str:
    """Indonesian format: 1004422800 -> "1.004.422.800,00", 99.656 -> "99,66", -3.5 -> "-3,50".

    Thousands are separated by ".", decimals by ","; rounding is half-up (``round_half_up``).
    """
    shown = round_half_up(value, places)
    # Format with Python's "," grouping and "." decimal point, then swap the two characters.
    english = format(shown, ",f")
    return english.translate(_SWAP_SEPARATORS)


def format_percent_id(value: Decimal, places: int = 2) -> str:
    """A percentage as printed in reports: 99.656 -> "99,66%"."""
    return f"{format_decimal_id(value, places)}%"
