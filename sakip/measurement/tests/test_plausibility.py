"""DOMAIN.md §3 rule 4: negatives refused unless allowed; values outside a declared range refused."""

from decimal import Decimal as D

import pytest

from sakip.measurement.plausibility import Implausible, ValidRange


@pytest.mark.parametrize(
    ("valid", "value", "expected"),
    [
        (ValidRange(), D("0"), None),
        (ValidRange(), D("1250"), None),
        (ValidRange(), D("-1"), Implausible.NEGATIVE),
        (ValidRange(allows_negative=True), D("-3.5"), None),
        (ValidRange(D("0"), D("5")), D("5"), None),  # bounds are inclusive
        (ValidRange(D("0"), D("5")), D("5.01"), Implausible.ABOVE_MAXIMUM),
        (ValidRange(D("0"), D("100")), D("120"), Implausible.ABOVE_MAXIMUM),
        (ValidRange(D("1"), None), D("0.5"), Implausible.BELOW_MINIMUM),
        (ValidRange(D("-10"), D("10"), allows_negative=True), D("-11"), Implausible.BELOW_MINIMUM),
        (ValidRange(D("-10"), D("10"), allows_negative=True), D("-10"), None),
    ],
)
def test_plausible_values(valid, value, expected):
    assert valid.problem(value) == expected


@pytest.mark.parametrize(
    ("valid", "consistent"),
    [
        (ValidRange(D("0"), D("5")), True),
        (ValidRange(D("5"), D("0")), False),
        (ValidRange(D("-1"), None), False),  # a negative bound needs negatives allowed
        (ValidRange(D("-1"), None, allows_negative=True), True),
    ],
)
def test_a_declared_range_must_make_sense(valid, consistent):
    assert valid.is_consistent is consistent
