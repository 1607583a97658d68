"""Projected year-end capaian (sakip.measurement.projection), with hand-computed examples."""

from decimal import Decimal

import pytest

from sakip.measurement import Aggregation, NaReason, Polarity, Target
from sakip.measurement.projection import project_value, project_year

D = Decimal


def q(*values: str | None) -> dict[int, Decimal | None]:
    return {n: (None if v is None else D(v)) for n, v in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("aggregation", "values", "expected"),
    [
        # Incremental: 8 + 10 = 18 over two quarters -> 9 a quarter -> 36 for the year.
        (Aggregation.INCREMENTAL, q("8", "10"), D(36)),
        # A missing quarter does not count: (8 + 13) / 2 * 4 = 42.
        (Aggregation.INCREMENTAL, q("8", None, "13"), D(42)),
        # All four reported: the projection is the year itself, 8 + 10 + 13 + 11 = 42.
        (Aggregation.INCREMENTAL, q("8", "10", "13", "11"), D(42)),
        # Cumulative: running total 18 after TW II -> 18 * 4 / 2 = 36.
        (Aggregation.CUMULATIVE, q("8", "18"), D(36)),
        # Cumulative: 30 after TW III -> 30 * 4 / 3 = 40.
        (Aggregation.CUMULATIVE, q("8", "18", "30"), D(40)),
        # Average: (85 + 88 + 91) / 3 = 88.
        (Aggregation.AVERAGE, q("85", "88", "91"), D(88)),
        # Latest: the newest value, 91.
        (Aggregation.LATEST, q("85", "88", "91"), D(91)),
        (Aggregation.LATEST, q(None, None, None, None), None),
        (Aggregation.INCREMENTAL, {}, None),
    ],
)
def test_projected_value_by_aggregation(aggregation, values, expected):
    assert project_value(values, aggregation=aggregation) == expected


def test_incremental_indicator_behind_its_pace_is_at_risk():
    # Target 40 documents a year; 8 and 10 in TW I-II -> 36 projected -> 36/40 = 90.00%.
    projection = project_year(
        polarity=Polarity.HIGHER,
        aggregation=Aggregation.INCREMENTAL,
        year_target=Target.single(D(40)),
        values=q("8", "10"),
    )
    assert projection.value == D(36)
    assert projection.capaian.display == D("90.00")
    assert projection.at_risk
    assert projection.quarters == (1, 2)


def test_indicator_on_pace_is_not_at_risk():
    # 10 + 10 -> 40 projected against 40: exactly 100.00%, not below target.
    projection = project_year(
        polarity=Polarity.HIGHER,
        aggregation=Aggregation.INCREMENTAL,
        year_target=Target.single(D(40)),
        values=q("10", "10"),
    )
    assert projection.capaian.display == D("100.00")
    assert not projection.at_risk


def test_lower_is_better_is_judged_in_its_own_direction():
    # Complaints, target at most 10 a year: 3 in TW I -> 12 projected -> (2*10 - 12)/10 = 80%.
    rising = project_year(
        polarity=Polarity.LOWER,
        aggregation=Aggregation.INCREMENTAL,
        year_target=Target.single(D(10)),
        values=q("3"),
    )
    assert rising.value == D(12)
    assert rising.capaian.display == D("80.00")
    assert rising.at_risk
    # 2 in TW I -> 8 projected -> (20 - 8)/10 = 120%: better than target.
    falling = project_year(
        polarity=Polarity.LOWER,
        aggregation=Aggregation.INCREMENTAL,
        year_target=Target.single(D(10)),
        values=q("2"),
    )
    assert falling.capaian.display == D("120.00")
    assert not falling.at_risk


def test_average_against_a_range_target():
    # Index, target range 80-90; mean of 70 and 76 = 73 -> below the range: 73/80 = 91.25%.
    projection = project_year(
        polarity=Polarity.HIGHER,
        aggregation=Aggregation.AVERAGE,
        year_target=Target.range(D(80), D(90)),
        values=q("70", "76"),
    )
    assert projection.capaian.display == D("91.25")
    assert projection.at_risk


def test_no_projection_without_target_or_values():
    no_values = project_year(
        polarity=Polarity.HIGHER,
        aggregation=Aggregation.INCREMENTAL,
        year_target=Target.single(D(40)),
        values=q(None, None),
    )
    assert no_values.value is None
    assert no_values.capaian.reason == NaReason.NO_REALISASI
    assert not no_values.at_risk
    no_target = project_year(
        polarity=Polarity.HIGHER,
        aggregation=Aggregation.LATEST,
        year_target=None,
        values=q("5"),
    )
    assert no_target.capaian.reason == NaReason.NO_TARGET
    assert not no_target.at_risk
