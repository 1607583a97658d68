"""Indonesian number formats for templates (UX.md "Numbers": 1.004.422.800; 99,66).

`{% load sakip_format %}` then `{{ value|id_number:2 }}`, `{{ target|id_plain }}`,
`{{ pagu|rupiah }}`. Empty values (None, "") render as an empty string so that templates decide
how to show "no value" (usually "—" with `|default:"—"`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from sakip.measurement.formatting import format_decimal_id

register = template.Library()


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    try:
        # Through str so that floats keep the digits people see (0.1 -> "0.1", not its binary).
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def significant_places(value: Decimal) -> int:
    """The number of decimals a value needs once trailing zeros are dropped (80.0000 -> 0)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@register.filter
def id_number(value: Any, places: Any = 2) -> str:
    """A number with a fixed count of decimals: 99.656|id_number:2 -> "99,66"."""
    number = _to_decimal(value)
    if number is None:
        return ""
    try:
        places = int(places)
    except (TypeError, ValueError):
        places = 2
    return format_decimal_id(number, places)


@register.filter
def id_plain(value: Any) -> str:
    """A number as typed, without trailing zeros: 80.0000 -> "80", 95.5600 -> "95,56"."""
    number = _to_decimal(value)
    if number is None:
        return ""
    return format_decimal_id(number, significant_places(number))


@register.filter
def rupiah(value: Any) -> str:
    """Money as written in reports: 1004422800 -> "Rp1.004.422.800" (cents only when present)."""
    number = _to_decimal(value)
    if number is None:
        return ""
    places = 0 if significant_places(number) == 0 else 2
    return f"Rp{format_decimal_id(number, places)}"
