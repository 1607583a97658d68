"""DOMAIN.md §3 rule 6; the period example table is reproduced cell by cell."""

from collections.abc import Callable
from decimal import Decimal

import pytest

from sakip.measurement import (
    Aggregation,
    CapaianResult,
    NaReason,
    Period,
    Polarity,
    Target,
    aggregate,
    aggregate_target,
    period_capaian,
)

D = Decimal


def quarters(*values: int | str | None) -> dict[int, Decimal | None]:
    return {q: (None if v is None else D(v)) for q, v in enumerate(values, start=1)}


CUM_T, CUM_R = quarters(10, 20, 30, 40), quarters(8, 18, 31, 42)
INC_T, INC_R = quarters(10, 10, 10, 10), quarters(8, 10, 13, 11)
LAT_T, LAT_R = quarters(90, 90, 90, 90), quarters(85, 88, 91, 93)

# DOMAIN.md §3 period example: columns TW I, TW III, Semester I, Year.
TABLE = [
    (Aggregation.CUMULATIVE, CUM_T, CUM_R, ("80.00", "103.33", "90.00", "105.00")),
    (Aggregation.INCREMENTAL, INC_T, INC_R, ("80.00", "130.00", "90.00", "105.00")),
    (Aggregation.LATEST, LAT_T, LAT_R, ("94.44", "101.11", "97.78", "103.33")),
]
COLUMNS = (Period.quarter(1), Period.quarter(3), Period.semester(1), Period.year())

CASES = [
    pytest.param(agg, t, r, period, D(expected), id=f"{agg}-{period.label_id}")
    for agg, t, r, row in TABLE
    for period, expected in zip(COLUMNS, row, strict=True)
]


@pytest.mark.parametrize(("aggregation", "targets", "realisasi", "period", "expected"), CASES)
def test_period_example_table(
    aggregation: Aggregation,
    targets: dict[int, Decimal | None],
    realisasi: dict[int, Decimal | None],
    period: Period,
    expected: Decimal,
) -> None:
    result = period_capaian(
        polarity=Polarity.HIGHER,
        aggregation=aggregation,
        targets=targets,
        realisasi=realisasi,
        period=period,
    )
    assert result.display == expected


@pytest.mark.parametrize(
    ("period", "covered", "label"),
    [
        (Period.quarter(1), (1,), "TW I"),
        (Period.quarter(2), (2,), "TW II"),
        (Period.quarter(3), (3,), "TW III"),
        (Period.quarter(4), (4,), "TW IV"),
        (Period.semester(1), (1, 2), "Semester I"),
        (Period.semester(2), (3, 4), "Semester II"),
        (Period.to_date(1), (1,), "s.d. TW I"),
        (Period.to_date(2), (1, 2), "s.d. TW II"),
        (Period.to_date(3), (1, 2, 3), "s.d. TW III"),
        (Period.to_date(4), (1, 2, 3, 4), "s.d. TW IV"),
        (Period.year(), (1, 2, 3, 4), "Tahunan"),
    ],
)
def test_period_quarters_and_labels(period: Period, covered: tuple[int, ...], label: str) -> None:
    assert period.quarters == covered
    assert period.label_id == label


@pytest.mark.parametrize(
    "bad",
    [
        lambda: Period.quarter(0),
        lambda: Period.quarter(5),
        lambda: Period.semester(3),
        lambda: Period.to_date(0),
        lambda: Period.quarter(True),
    ],
)
def test_invalid_periods(bad: Callable[[], Period]) -> None:
    with pytest.raises(ValueError):
        bad()


def test_aggregate_by_hand() -> None:
    values = quarters(8, 10, 13, 11)
    year = Period.year()
    assert aggregate(values, aggregation=Aggregation.INCREMENTAL, period=year) == D(42)
    assert aggregate(values, aggregation=Aggregation.CUMULATIVE, period=year) == D(11)
    assert aggregate(values, aggregation=Aggregation.LATEST, period=year) == D(11)
    assert aggregate(values, aggregation=Aggregation.AVERAGE, period=year) == D("10.5")
    sem2 = Period.semester(2)
    assert aggregate(values, aggregation=Aggregation.INCREMENTAL, period=sem2) == D(24)
    assert aggregate(values, aggregation=Aggregation.AVERAGE, period=sem2) == D(12)
    assert aggregate(
        values,
        aggregation="incremental",  # type: ignore[arg-type]  # stored string
        period=Period.to_date(3),
    ) == D(31)


def test_missing_quarters() -> None:
    values = quarters(8, None, 13)  # TW II not reported, TW IV absent
    year = Period.year()
    assert aggregate(values, aggregation=Aggregation.INCREMENTAL, period=year) == D(21)
    assert aggregate(values, aggregation=Aggregation.AVERAGE, period=year) == D("10.5")
    assert aggregate(values, aggregation=Aggregation.CUMULATIVE, period=year) == D(13)
    assert aggregate(values, aggregation=Aggregation.LATEST, period=Period.semester(1)) == D(8)
    # nothing in the period: values outside it are not carried in
    for agg in Aggregation:
        assert aggregate(values, aggregation=agg, period=Period.quarter(4)) is None
        assert aggregate({}, aggregation=agg, period=year) is None


def test_unknown_quarter_key_rejected() -> None:
    with pytest.raises(ValueError):
        aggregate({5: D(1)}, aggregation=Aggregation.INCREMENTAL, period=Period.year())


def test_average_aggregation_capaian() -> None:
    # rate indicator: targets 80 each quarter, realisasi 70/90 -> mean 80 -> 100%
    result = period_capaian(
        polarity=Polarity.HIGHER,
        aggregation=Aggregation.AVERAGE,
        targets=quarters(80, 80),
        realisasi=quarters(70, 90),
        period=Period.semester(1),
    )
    assert result.display == D("100.00")


def test_range_targets_aggregate_each_end() -> None:
    targets: dict[int, Target | Decimal | None] = {
        1: Target.range(D(7), D(8)),
        2: Target.range(D(7), D(8)),
        3: D(10),
    }
    sem1 = aggregate_target(targets, aggregation=Aggregation.INCREMENTAL, period=Period.semester(1))
    assert sem1 == Target.range(D(14), D(16))
    to3 = aggregate_target(targets, aggregation=Aggregation.INCREMENTAL, period=Period.to_date(3))
    assert to3 == Target.range(D(24), D(26))
    only3 = aggregate_target(targets, aggregation=Aggregation.INCREMENTAL, period=Period.quarter(3))
    assert only3 == Target.single(D(10))
    # lower is better, semester I realisasi 6.5 + 6.5 = 13 below [14, 16]: (28 - 13) / 14 = 107.14
    result = period_capaian(
        polarity=Polarity.LOWER,
        aggregation=Aggregation.INCREMENTAL,
        targets=targets,
        realisasi=quarters("6.5", "6.5"),
        period=Period.semester(1),
    )
    assert result.display == D("107.14")


def test_period_na_reasons() -> None:
    def capaian(
        targets: dict[int, Decimal | None], realisasi: dict[int, Decimal | None]
    ) -> CapaianResult:
        return period_capaian(
            polarity=Polarity.HIGHER,
            aggregation=Aggregation.INCREMENTAL,
            targets=targets,
            realisasi=realisasi,
            period=Period.year(),
        )

    no_target = capaian({}, quarters(1))
    assert no_target.reason == NaReason.NO_TARGET
    no_real = capaian(quarters(1, 1), quarters(None, None))
    assert no_real.reason == NaReason.NO_REALISASI
    zero = capaian(quarters(0, 0), quarters(1, 1))
    assert zero.reason == NaReason.ZERO_TARGET_HIGHER


def test_unreported_quarter_counts_against_incremental() -> None:
    # targets 10 each quarter, TW II not reported: semester I = 8 / 20 = 40.00
    result = period_capaian(
        polarity=Polarity.HIGHER,
        aggregation=Aggregation.INCREMENTAL,
        targets=quarters(10, 10),
        realisasi=quarters(8, None),
        period=Period.semester(1),
    )
    assert result.display == D("40.00")
