"""The one number parser: strict, by the active language, with messages that show the right form."""

from decimal import Decimal

import pytest
from django.utils import translation

from sakip.core.numbers import (
    MAX_SIGNIFICANT_DIGITS,
    NumberError,
    format_input,
    parse_number,
    storage_problem,
)

from .number_cases import CASES


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_parse_number_table(language, text, expected):
    with translation.override(language):
        if expected is None:
            with pytest.raises(NumberError):
                parse_number(text)
        else:
            assert parse_number(text) == expected


def test_refusal_in_indonesian_shows_how_to_write_it():
    with pytest.raises(NumberError) as caught:
        parse_number("1.25", language="id")
    message = str(caught.value)
    assert "“1.25”" in message
    assert "1.250" in message and "12,5" in message
    assert "1,25" in message  # the decimal reading is offered


def test_refusal_in_english_shows_the_english_form():
    with translation.override("en"), pytest.raises(NumberError) as caught:
        parse_number("12,5,3")
    message = str(caught.value)
    assert "1,250" in message and "12.5" in message
    assert "bukan angka" not in message


def test_money_accepts_a_rupiah_prefix_only_for_money():
    assert parse_number("Rp1.250.000", language="id", money=True) == Decimal("1250000")
    assert parse_number("Rp 1.250.000,50", language="id", money=True) == Decimal("1250000.50")
    with pytest.raises(NumberError):
        parse_number("Rp1.250", language="id")


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_is_not_a_number(text):
    with pytest.raises(NumberError):
        parse_number(text, language="id")


def test_negative_zero_is_zero():
    assert str(parse_number("-0", language="id")) == "0"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (Decimal("12.12345"), "max_places"),
        (Decimal("1234567890123456"), "too_large"),  # 16 digits: SQLite would round the last one
        (Decimal("12345678901.23456"), "max_places"),
        (Decimal("999999999999.9999"), "too_large"),  # 12 + 4 = 16 significant digits
    ],
)
def test_storage_problem_refuses_what_the_database_cannot_keep(value, code):
    problem = storage_problem(value, places=4, max_digits=20)
    assert problem is not None and problem.code == code


def test_storage_limit_is_fifteen_significant_digits():
    assert MAX_SIGNIFICANT_DIGITS == 15
    assert storage_problem(Decimal("123456789012345"), places=4, max_digits=20) is None
    assert storage_problem(Decimal("99999999999.9999"), places=4, max_digits=20) is None
    assert storage_problem(Decimal("1000000000000000"), places=4, max_digits=20) is None


@pytest.mark.parametrize(
    ("value", "money", "language", "shown"),
    [
        (Decimal("1250"), False, "id", "1.250"),
        (Decimal("1250.0000"), False, "id", "1.250"),
        (Decimal("12.5"), False, "id", "12,5"),
        (Decimal("1250000"), True, "id", "1.250.000"),
        (Decimal("1250000.5"), True, "id", "1.250.000,50"),
        (Decimal("1250.5"), False, "en", "1,250.5"),
        (Decimal("-3.25"), False, "id", "-3,25"),
    ],
)
def test_format_input_round_trips(value, money, language, shown):
    assert format_input(value, money=money, language=language) == shown
    assert parse_number(shown, language=language, money=money) == value
