"""Indonesian formats of the official documents (DOMAIN.md §4)."""

import datetime
from decimal import Decimal

from django.utils import translation

from sakip.core.formats import (
    format_date_id,
    format_money_id,
    format_number_id,
    format_target_id,
    with_unit,
)


def test_dates_are_written_the_indonesian_way():
    assert format_date_id(datetime.date(2023, 1, 1)) == "01 Januari 2023"
    assert format_date_id(datetime.date(2026, 11, 25)) == "25 November 2026"
    assert format_date_id(datetime.date(2027, 8, 17)) == "17 Agustus 2027"


def test_month_names_stay_indonesian_when_the_screen_is_english():
    with translation.override("en"):
        assert format_date_id(datetime.date(2027, 2, 3)) == "03 Februari 2027"


def test_numbers_drop_trailing_zeros_and_use_indonesian_separators():
    assert format_number_id(Decimal("80.0000")) == "80"
    assert format_number_id(Decimal("3.1000")) == "3,1"
    assert format_number_id(Decimal("99.66")) == "99,66"
    assert format_number_id(Decimal("1004422800")) == "1.004.422.800"
    assert format_number_id(None) == "-"


def test_targets_single_and_range_with_their_unit():
    assert format_target_id(Decimal("85"), None) == "85"
    assert format_target_id(Decimal("80"), Decimal("90")) == "80–90"
    assert format_target_id(Decimal("7.5"), Decimal("7.5")) == "7,5"
    assert with_unit(format_target_id(Decimal("80"), Decimal("90")), "%") == "80–90 %"
    assert with_unit(format_target_id(None), "%") == "-"


def test_money_in_rupiah_with_cents_only_when_present():
    assert format_money_id(Decimal("1004422800.00")) == "Rp1.004.422.800"
    assert format_money_id(Decimal("500000000.5")) == "Rp500.000.000,50"
