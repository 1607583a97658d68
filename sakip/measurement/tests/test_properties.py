"""Hypothesis properties of DOMAIN.md §3.

``database=None``: no example database is written into the working tree.
"""

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sakip.measurement import (
    DEFAULT_SCALE,
    Aggregation,
    CapaianResult,
    Period,
    Polarity,
    Target,
    aggregate,
    compute_capaian,
    default_scale,
    format_decimal_id,
    period_capaian,
    round_half_up,
)


def value_of(result: CapaianResult) -> Decimal:
    assert result.value is not None
    return result.value


PROPS = settings(database=None, max_examples=300, deadline=None)


def decimals(min_value: str, max_value: str, places: int = 4) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


targets = decimals("0.0001", "1000000")
amounts = decimals("0", "1000000")
polarities = st.sampled_from(list(Polarity))
periods = st.one_of(
    st.integers(1, 4).map(Period.quarter),
    st.integers(1, 2).map(Period.semester),
    st.integers(1, 4).map(Period.to_date),
    st.just(Period.year()),
)
QuarterValues = dict[int, Decimal | None]
quarter_values = st.dictionaries(st.integers(1, 4), st.one_of(st.none(), amounts))


@PROPS
@given(targets, amounts, amounts)
def test_higher_is_non_decreasing_in_realisasi(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    lo, hi = sorted((r1, r2))
    a = compute_capaian(polarity=Polarity.HIGHER, target=Target.single(t), realisasi=lo)
    b = compute_capaian(polarity=Polarity.HIGHER, target=Target.single(t), realisasi=hi)
    assert value_of(a) <= value_of(b)


@PROPS
@given(targets, amounts, amounts)
def test_lower_is_non_increasing_and_never_negative(t: Decimal, r1: Decimal, r2: Decimal) -> None:
    lo, hi = sorted((r1, r2))
    a = compute_capaian(polarity=Polarity.LOWER, target=Target.single(t), realisasi=lo)
    b = compute_capaian(polarity=Polarity.LOWER, target=Target.single(t), realisasi=hi)
    assert value_of(a) >= value_of(b) >= 0


@PROPS
@given(polarities, amounts)
def test_meeting_the_target_exactly_is_100(polarity: Polarity, t: Decimal) -> None:
    assume(t > 0 or polarity is Polarity.LOWER)
    result = compute_capaian(polarity=polarity, target=Target.single(t), realisasi=t)
    assert result.value == 100


@PROPS
@given(polarities, amounts, amounts, st.data())
def test_range_is_exactly_100_inside(
    polarity: Polarity, a: Decimal, b: Decimal, data: st.DataObject
) -> None:
    lo, hi = sorted((a, b))
    r = data.draw(decimals(str(lo), str(hi)))
    result = compute_capaian(polarity=polarity, target=Target.range(lo, hi), realisasi=r)
    assert result.value == Decimal(100)


@PROPS
@given(polarities, targets, targets, amounts)
def test_range_outside_uses_the_nearer_end(
    polarity: Polarity, a: Decimal, b: Decimal, r: Decimal
) -> None:
    lo, hi = sorted((a, b))
    assume(not lo <= r <= hi)
    bound = hi if r > hi else lo
    ranged = compute_capaian(polarity=polarity, target=Target.range(lo, hi), realisasi=r)
    single = compute_capaian(polarity=polarity, target=Target.single(bound), realisasi=r)
    assert ranged == single
    # outside the range it is never a perfect 100 in the wrong direction
    good_side = (r > hi) == (polarity is Polarity.HIGHER)
    value = value_of(ranged)
    assert (value > 100) if good_side else (value < 100 or value == 0)


@PROPS
@given(decimals("-1000", "1000", places=6))
def test_every_displayed_value_has_exactly_one_band(value: Decimal) -> None:
    for scale in (DEFAULT_SCALE, default_scale(exceeds_target_band=True)):
        shown = round_half_up(value)
        homes = [b for b in scale.bands if b.contains(shown)]
        assert len(homes) == 1
        assert scale.categorize(value) == homes[0]
        # the category never disagrees with the printed number
        assert scale.categorize(shown) == homes[0]


@PROPS
@given(quarter_values)
def test_incremental_year_is_the_sum_of_the_quarters(values: QuarterValues) -> None:
    present = [v for v in values.values() if v is not None]
    year = aggregate(values, aggregation=Aggregation.INCREMENTAL, period=Period.year())
    assert year == (sum(present, Decimal(0)) if present else None)


@PROPS
@given(quarter_values)
def test_incremental_semesters_add_up_to_the_year(values: QuarterValues) -> None:
    agg = Aggregation.INCREMENTAL
    parts = [aggregate(values, aggregation=agg, period=Period.semester(s)) for s in (1, 2)]
    year = aggregate(values, aggregation=agg, period=Period.year())
    present = [p for p in parts if p is not None]
    assert year == (sum(present, Decimal(0)) if present else None)


@PROPS
@given(quarter_values, periods)
def test_average_lies_between_min_and_max(values: QuarterValues, period: Period) -> None:
    present = [v for q, v in values.items() if v is not None and q in period.quarters]
    mean = aggregate(values, aggregation=Aggregation.AVERAGE, period=period)
    if not present:
        assert mean is None
    else:
        assert mean is not None
        assert min(present) <= mean <= max(present)


@PROPS
@given(quarter_values, periods)
def test_cumulative_and_latest_take_the_last_reported_quarter(
    values: QuarterValues, period: Period
) -> None:
    reported = [q for q in period.quarters if values.get(q) is not None]
    for agg in (Aggregation.CUMULATIVE, Aggregation.LATEST):
        result = aggregate(values, aggregation=agg, period=period)
        assert result == (values[reported[-1]] if reported else None)


@PROPS
@given(polarities, st.sampled_from(list(Aggregation)), st.data())
def test_period_capaian_of_a_single_quarter_is_the_quarter_capaian(
    polarity: Polarity, agg: Aggregation, data: st.DataObject
) -> None:
    k = data.draw(st.integers(1, 4))
    t, r = data.draw(targets), data.draw(amounts)
    result = period_capaian(
        polarity=polarity,
        aggregation=agg,
        targets={k: t},
        realisasi={k: r},
        period=Period.quarter(k),
    )
    assert result == compute_capaian(polarity=polarity, target=Target.single(t), realisasi=r)


@PROPS
@given(decimals("-10000000000", "10000000000", places=6))
def test_formatting_round_trips(value: Decimal) -> None:
    text = format_decimal_id(value)
    parsed = Decimal(text.replace(".", "").replace(",", "."))
    assert parsed == round_half_up(value)
    integer_part = text.lstrip("-").split(",")[0]
    assert all(len(g) == 3 for g in integer_part.split(".")[1:])
