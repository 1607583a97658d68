"""Cell values of an uploaded sheet: text, numbers, and how the preview shows them.

Numbers follow decision 0008: a numeric cell is taken as Excel holds it; a text cell is read by
the one strict parser of the active language (sakip.core.numbers: "1.250" is 1250 in Indonesian,
"1.25" is refused); either is refused when the database could not store it exactly.
Headers and words are compared leniently (case and spaces do not matter) and in every language of
settings.LANGUAGES, so that a file exported in one language imports in another.
"""

from __future__ import annotations

import functools
import math
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sakip.core.numbers import NumberError, decimal_places, storage_problem
from sakip.core.numbers import parse_number as parse_typed_number
from sakip.measurement.formatting import format_decimal_id

from . import messages

# How a boolean cell reads back (TRUE/FALSE in Excel): the words of the templates' yes/no columns.
YES = _("Ya")
NO = _("Tidak")

# Indicator values: DecimalField(max_digits=20, decimal_places=4).
MAX_DIGITS = 20
MAX_DECIMALS = 4

_SPACES = re.compile(r"\s+")


class CellError(Exception):
    """A cell that cannot be read; args[0] is the row-level message."""


def normalize(text: object) -> str:
    """Compare headers and words leniently: case, surrounding and repeated spaces do not matter."""
    return _SPACES.sub(" ", str(text)).strip().casefold()


def variants(label: object) -> set[str]:
    """The normalized forms of a translated label in every configured language."""
    found = {normalize(label)}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            found.add(normalize(label))
    return found


def cell_text(value: Any) -> str:
    """A cell as text: stripped; a whole number without ".0"; a boolean as Ya/Tidak."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(YES if value else NO)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(value, ".15g")
    return str(value).strip()


def parse_number(
    value: Any, *, places: int = MAX_DECIMALS, max_digits: int = MAX_DIGITS, money: bool = False
) -> Decimal | None:
    """A number from a cell (None when empty), or CellError with the message to show."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(messages.NOT_A_NUMBER)
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(messages.NOT_A_NUMBER)
        # Excel keeps 15 significant digits; more would be binary noise (0.30000000000000004).
        number = Decimal(format(value, ".15g"))
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        if not value.strip():
            return None
        try:
            number = parse_typed_number(value, money=money)
        except NumberError as exc:
            raise CellError(exc.message) from None
    else:
        raise CellError(messages.NOT_A_NUMBER)
    problem = storage_problem(number, places=places, max_digits=max_digits)
    if problem is not None:
        raise CellError(problem.message)
    return number


def show_number(value: Decimal | None) -> str:
    """A number as the preview shows it: Indonesian format, no trailing zeros (80; 95,5612)."""
    if value is None:
        return ""
    # A 5,000-row file shows some 200,000 numbers, mostly the same few targets: formatted once.
    return _shown(str(value))


@functools.lru_cache(maxsize=4096)
def _shown(text: str) -> str:
    value = Decimal(text)
    return format_decimal_id(value, decimal_places(value))


def show_target(low: Decimal | None, high: Decimal | None) -> str:
    """A target as the preview shows it: "80", or a range "80 – 90"; "" when there is none."""
    if low is None:
        return ""
    if high is None:
        return show_number(low)
    return f"{show_number(low)} – {show_number(high)}"
