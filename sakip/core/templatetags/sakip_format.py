"""Indonesian formats for templates (UX.md "Numbers" and "Numbers, dates and names people type and
read"): 1.004.422.800; 99,66; "Jumat, 04 Desember 2026 15:45 WITA"; "Fitriani, S.E." before a full
stop.

`{% load sakip_format %}` then `{{ value|id_number:2 }}`, `{{ target|id_plain }}`,
`{{ pagu|rupiah }}`, `{{ event.at|moment }}`, `{{ person.display_name|before_period }}`. Empty
values (None, "") render as an empty string so that templates decide how to show "no value"
(usually "—" with `|default:"—"`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats, timezone

from sakip.measurement import Period
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


MOMENT_FORMAT = "l, d F Y H:i"


def format_moment(moment: Any, *, with_zone: bool = True) -> str:
    """A point in time as people read it, in the site's time zone and the active language:
    "Jumat, 04 Desember 2026 15:45 WITA" (pages that already say their times are WITA leave the
    zone out); "" for none."""
    if not isinstance(moment, datetime.datetime):
        return ""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    local = timezone.localtime(moment)
    shown = formats.date_format(local, MOMENT_FORMAT)
    return f"{shown} {local.tzname()}" if with_zone else shown


@register.filter
def moment(value: Any) -> str:
    """`{{ event.at|moment }}` -> "Jumat, 04 Desember 2026 15:45 WITA"."""
    return format_moment(value)


def before_period(text: Any) -> str:
    """A text that a full stop follows, without a full stop of its own: a name whose academic
    title ends in a period ("Fitriani, S.E.") is followed by the sentence's period once, never
    "S.E..". Used wherever a name (or any typed text) ends a sentence of a page, a message or a
    document."""
    text = "" if text is None else str(text)
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


register.filter("before_period", before_period)


@register.filter
def quarter_label(value: Any) -> str:
    """`{{ run.quarter|quarter_label }}`: 4 -> "TW IV", as every page and report names quarters."""
    try:
        return Period.quarter(int(value)).label_id
    except (TypeError, ValueError):
        return ""
