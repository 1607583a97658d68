"""DOMAIN.md §3 rules 1-5; the worked-example table is reproduced row by row."""

from decimal import Decimal, localcontext

import pytest

from sakip.measurement import (
    CapaianResult,
    NaReason,
    Polarity,
    Target,
    average_capaian,
    compute_capaian,
)

D = Decimal
H, L = Polarity.HIGHER, Polarity.LOWER

# DOMAIN.md §3 worked examples, typed from the table.
WORKED_EXAMPLES = [
    (H, Target.single(D(40)), D(42), D("105.00")),
    (H, Target.single(D(2)), D(3), D("150.00")),
    (H, Target.single(D(3)), D(5), D("166.67")),
    (H, Target.single(D("95.56")), D(93), D("97.32")),
    (H, Target.range(D(80), D(90)), D(92), D("102.22")),
    (H, Target.range(D(80), D(90)), D(70), D("87.50")),
    (H, Target.range(D(80), D(90)), D(85), D("100.00")),
    (L, Target.single(D(10)), D(8), D("120.00")),
    (L, Target.single(D(10)), D(12), D("80.00")),
    (L, Target.range(D(7), D(8)), D("6.5"), D("107.14")),
    (L, Target.range(D(7), D(8)), D(9), D("87.50")),
    (L, Target.single(D(10)), D(25), D("0.00")),
    (L, Target.single(D(0)), D(0), D("100.00")),
    (L, Target.single(D(0)), D(3), D("0.00")),
]


@pytest.mark.parametrize(("polarity", "target", "realisasi", "expected"), WORKED_EXAMPLES)
def test_worked_examples(
    polarity: Polarity, target: Target, realisasi: Decimal, expected: Decimal
) -> None:
    result = compute_capaian(polarity=polarity, target=target, realisasi=realisasi)
    assert result.is_available
    assert result.reason is None
    assert result.display == expected
    # display keeps exactly two decimals, as printed
    assert result.display.as_tuple().exponent == -2


def test_worked_example_higher_zero_target_is_na() -> None:
    result = compute_capaian(polarity=H, target=Target.single(D(0)), realisasi=D(5))
    assert not result.is_available
    assert result.value is None
    assert result.display is None
    assert result.reason == "zero_target_higher"


def test_value_is_unrounded() -> None:
    result = compute_capaian(polarity=H, target=Target.single(D(3)), realisasi=D(5))
    assert result.value != result.display
    # 500/3 kept to far more than 2 decimals (and more than the default 28 digits)
    assert str(result.value).startswith("166." + "6" * 40)


def test_no_cap_rule_5() -> None:
    result = compute_capaian(polarity=H, target=Target.single(D(10)), realisasi=D(30))
    assert result.value == D(300)


def test_lower_floor_is_exactly_zero_at_double_target() -> None:
    # 2T - R = 0 at R = 20; beyond that the floor applies.
    assert compute_capaian(polarity=L, target=Target.single(D(10)), realisasi=D(20)).value == 0
    assert compute_capaian(polarity=L, target=Target.single(D(10)), realisasi=D(21)).value == 0


def test_range_edges_are_inside() -> None:
    target = Target.range(D(80), D(90))
    for r in (D(80), D(90)):
        assert compute_capaian(polarity=H, target=target, realisasi=r).value == D(100)
        assert compute_capaian(polarity=L, target=target, realisasi=r).value == D(100)


def test_lower_zero_target_negative_realisasi_counts_as_met() -> None:
    result = compute_capaian(polarity=L, target=Target.single(D(0)), realisasi=D(-1))
    assert result.value == D(100)


def test_higher_range_from_zero_below_is_na() -> None:
    # below a range starting at 0 the bound used is 0, so rule 4 applies
    result = compute_capaian(polarity=H, target=Target.range(D(0), D(5)), realisasi=D(-1))
    assert result.reason == NaReason.ZERO_TARGET_HIGHER


def test_negative_target_is_na() -> None:
    result = compute_capaian(polarity=H, target=Target.single(D(-2)), realisasi=D(-1))
    assert result.reason == "negative_target"


def test_global_decimal_context_is_untouched_and_ignored() -> None:
    with localcontext() as ctx:
        ctx.prec = 3
        result = compute_capaian(polarity=H, target=Target.single(D(3)), realisasi=D(5))
        assert ctx.prec == 3
    # 166.666..., not 167 from a 3-digit context
    assert result.display == D("166.67")


def test_target_constructors_and_validation() -> None:
    assert Target.single(D(5)) == Target(low=D(5))
    assert not Target.single(D(5)).is_range
    assert Target.range(D(1), D(2)).is_range
    assert Target.range(D(2), D(2)).upper == D(2)
    with pytest.raises(ValueError):
        Target.range(D(3), D(2))
    with pytest.raises(TypeError):
        Target.single(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Target.single(D("NaN"))


def test_realisasi_must_be_decimal() -> None:
    with pytest.raises(TypeError):
        compute_capaian(polarity=H, target=Target.single(D(1)), realisasi=0.5)  # type: ignore[arg-type]


def test_polarity_accepts_stored_string() -> None:
    result = compute_capaian(polarity="lower", target=Target.single(D(10)), realisasi=D(8))  # type: ignore[arg-type]
    assert result.display == D("120.00")


def test_result_invariants() -> None:
    with pytest.raises(ValueError):
        CapaianResult(value=None, reason=None)
    with pytest.raises(ValueError):
        CapaianResult(value=D(1), reason="x")
    assert CapaianResult.of(D("90.005")).display == D("90.01")


def test_average_excludes_na_rule_4() -> None:
    results = [
        CapaianResult.of(D(80)),
        CapaianResult.not_available(NaReason.ZERO_TARGET_HIGHER),
        CapaianResult.of(D(100)),
    ]
    assert average_capaian(results).value == D(90)
    assert average_capaian([CapaianResult.not_available("x")]).reason == "no_values"
    assert average_capaian([]).reason == NaReason.NO_VALUES
