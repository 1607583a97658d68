"""Numbers as people type them: one strict parser for every numeric input.

Forms, Excel cells that arrive as text and htmx fields all read numbers here, by the active
language (UX.md "Numbers"): in Indonesian `1.250` is one thousand two hundred fifty and `12,5` is
twelve and a half; in English the other way round. A number that could be read two ways
(`1.25` in Indonesian) or is malformed (`12,5,3`) is refused with a message that shows how to
write it, never guessed: one silently misread figure costs more trust than a refused one.

Parsing is Babel's strict decimal parsing (the CLDR separators of the language). Before Babel sees
the text we admit only ASCII digits, the two separators and a leading sign, since Babel alone also
accepts "1e5", "NaN", "1_000" and non-Latin digits.

Values are also checked against what both databases store exactly: SQLite keeps a decimal column
as a double, exact to 15 significant digits, so more digits than that are refused everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import NumberFormatError, format_decimal, get_decimal_symbol, get_group_symbol
from babel.numbers import parse_decimal as babel_parse_decimal
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# A double holds every decimal of up to 15 significant digits exactly (DBL_DIG); SQLite stores
# DecimalField as a double, so this is the limit on both databases.
MAX_SIGNIFICANT_DIGITS = 15

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_RUPIAH = re.compile(r"^(?i:rp)\.?")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})  # minus sign, en dash typed as minus


@dataclass(frozen=True)
class NumberError(ValueError):
    """A refused entry; `message` is the translated text to show next to the field."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


def babel_locale(language: str | None = None) -> str:
    """The Babel locale of a Django language code ("id", "en", "en-us" → "en")."""
    code = (language or get_language() or "id").split("-")[0].lower()
    return code if code in {"id", "en"} else "id"


def examples(language: str | None = None) -> str:
    """How to write numbers in the language: "1.250, 1.250,5 atau 12,5"."""
    locale = babel_locale(language)
    shown = [
        format_decimal(Decimal(v), locale=locale, decimal_quantization=False)
        for v in ("1250", "1250.5", "12.5")
    ]
    return _("%(a)s, %(b)s atau %(c)s") % {"a": shown[0], "b": shown[1], "c": shown[2]}


def _refuse(text: str, language: str | None, suggestions: list[str] | None = None) -> NumberError:
    params = {"text": text, "examples": examples(language)}
    if suggestions:
        params["suggestions"] = _(" atau ").join(suggestions[:2])
        message = _(
            "“%(text)s” dapat dibaca dua cara. Tulis ribuan dengan titik dan desimal dengan koma, "
            "misalnya %(examples)s. Maksud Anda %(suggestions)s?"
        )
        return NumberError("ambiguous", message % params)
    message = _(
        "“%(text)s” bukan angka. Tulis ribuan dengan titik dan desimal dengan koma, misalnya "
        "%(examples)s."
    )
    return NumberError("invalid", message % params)


def parse_number(text: str, *, language: str | None = None, money: bool = False) -> Decimal:
    """The number in `text`, read strictly in the active (or given) language.

    Surrounding spaces are ignored; for money a leading "Rp" is too. Raises NumberError with a
    message in the active language when the text is not a number written the language's way.
    """
    locale = babel_locale(language)
    cleaned = _SPACES.sub(" ", text.translate(_MINUS_SIGNS)).strip()
    if money:
        cleaned = _RUPIAH.sub("", cleaned).strip()
    group, point = get_group_symbol(locale), get_decimal_symbol(locale)
    allowed = rf"[+-]?[0-9{re.escape(group)}{re.escape(point)}]*[0-9][0-9{re.escape(group)}{re.escape(point)}]*"
    if not re.fullmatch(allowed, cleaned):
        raise _refuse(text.strip(), language)
    try:
        number = babel_parse_decimal(cleaned, locale=locale, strict=True)
    except NumberFormatError as exc:
        raise _refuse(text.strip(), language, getattr(exc, "suggestions", None)) from None
    return number + 0 if number.is_zero() else number  # "-0" is 0


def significant_digits(number: Decimal) -> int:
    """Digits a value needs once leading and trailing zeros are dropped: 1250.500 → 5."""
    if number.is_zero():
        return 1
    return len(number.normalize().as_tuple().digits)


def decimal_places(number: Decimal) -> int:
    """Decimals a value needs once trailing zeros are dropped: 80.0000 → 0, 95.5600 → 2."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def storage_problem(number: Decimal, *, places: int, max_digits: int) -> NumberError | None:
    """Why a value cannot be stored exactly in a DecimalField(max_digits, places), or None."""
    if not number.is_finite():
        return NumberError("invalid", _("Masukkan angka."))
    if decimal_places(number) > places:
        message = _("Paling banyak %(places)s angka di belakang koma.") % {"places": places}
        return NumberError("max_places", message)
    integer_digits = max(number.adjusted() + 1, 0)
    if integer_digits > max_digits - places or significant_digits(number) > MAX_SIGNIFICANT_DIGITS:
        message = _(
            "Angka ini terlalu besar atau terlalu panjang untuk disimpan dengan tepat: paling "
            "banyak %(digits)s angka."
        ) % {"digits": min(MAX_SIGNIFICANT_DIGITS, max_digits)}
        return NumberError("too_large", message)
    return None


def format_input(number: Decimal, *, money: bool = False, language: str | None = None) -> str:
    """A stored value written back into an input: the active language's format with thousands
    separators ("1.250", "12,5", money "1.004.422.800"), so that it parses to the same value and
    the person sees how their entry was read."""
    places = decimal_places(number)
    if money and places:
        places = 2
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(number, format=pattern, locale=babel_locale(language))


def format_shown(number: Decimal, *, money: bool = False, language: str | None = None) -> str:
    """A value as the person reads it back after a save, in the active language: "1.250",
    "Rp1.250.000" (English "1,250", "Rp1,250,000"), so "1.250" is never shown to someone who
    reads it as one point two five."""
    text = format_input(number, money=money, language=language)
    return f"Rp{text}" if money else text
