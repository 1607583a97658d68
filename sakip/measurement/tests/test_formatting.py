"""Indonesian number format (DOMAIN.md §4) and half-up rounding (§3)."""

from decimal import Decimal

import pytest

from sakip.measurement import format_decimal_id, format_percent_id, round_half_up

D = Decimal


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("99.66", 2, "99,66"),
        ("99.655", 2, "99,66"),
        ("99.6549", 2, "99,65"),
        ("1004422800", 0, "1.004.422.800"),
        ("1004422800", 2, "1.004.422.800,00"),
        ("-3.5", 2, "-3,50"),
        ("-3.495", 2, "-3,50"),
        ("0", 2, "0,00"),
        ("-0.001", 2, "0,00"),
        ("999.995", 2, "1.000,00"),
        ("1234.5", 0, "1.235"),
        ("2.5", 0, "3"),
        ("12", 1, "12,0"),
        ("1E+3", 0, "1.000"),
    ],
)
def test_format_decimal_id(value: str, places: int, expected: str) -> None:
    assert format_decimal_id(D(value), places) == expected


def test_format_percent_id() -> None:
    assert format_percent_id(D("99.656")) == "99,66%"
    assert format_percent_id(D("105")) == "105,00%"
    assert format_percent_id(D("1234.5"), 1) == "1.234,5%"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("90.004", "90.00"),
        ("90.005", "90.01"),
        ("2.345", "2.35"),  # banker's rounding would give 2.34
        ("2.335", "2.34"),
        ("-2.345", "-2.35"),
        ("166.666", "166.67"),
        ("-0.004", "0.00"),
    ],
)
def test_round_half_up(value: str, expected: str) -> None:
    result = round_half_up(D(value))
    assert result == D(expected)
    assert str(result) == expected


def test_round_half_up_validation() -> None:
    with pytest.raises(ValueError):
        round_half_up(D(1), -1)
    with pytest.raises(ValueError):
        round_half_up(D("Infinity"))
    assert round_half_up(D("1" * 60), 2) == D("1" * 60)
