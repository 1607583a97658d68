"""The Rencana Aksi checks: quarterly targets against the annual target, by aggregation
(DOMAIN.md §3 rule 6), with hand-computed numbers and the Indonesian messages people read."""

from decimal import Decimal

import pytest

from sakip.measurement import Target
from sakip.planning.action_plan.checks import check_quarters


def D(text: str) -> Decimal:
    return Decimal(text)


def single(*values: str | None) -> dict[int, Target | None]:
    return {q: (Target.single(D(v)) if v is not None else None) for q, v in enumerate(values, 1)}


def ranged(*pairs: tuple[str, str] | None) -> dict[int, Target | None]:
    return {
        q: (Target.range(D(p[0]), D(p[1])) if p is not None else None)
        for q, p in enumerate(pairs, 1)
    }


def check(aggregation: str, annual: Target | None, quarters, polarity: str = "higher"):
    return check_quarters(
        aggregation=aggregation, polarity=polarity, annual=annual, quarters=quarters
    )


# --- cumulative --------------------------------------------------------------------------------


def test_cumulative_quarters_ending_at_the_annual_target_are_fine():
    result = check("cumulative", Target.single(D("40")), single("10", "20", "30", "40"))
    assert result.ok
    assert result.mismatches == []
    assert result.warnings == []


def test_cumulative_tw_iv_must_equal_the_annual_target():
    result = check("cumulative", Target.single(D("40")), single("10", "20", "30", "35"))
    assert result.mismatches == [
        "Target TW IV 35 tidak sama dengan target tahunan 40 (agregasi kumulatif)."
    ]
    assert result.needs_justification


def test_cumulative_without_tw_iv_is_a_mismatch_naming_the_annual_target():
    result = check("cumulative", Target.single(D("40")), single("10", "20", "30", None))
    assert result.needs_justification
    assert "TW IV belum diisi" in result.mismatches[0]
    assert "target tahunan 40" in result.mismatches[0]


def test_cumulative_decrease_is_a_warning_for_higher_is_better():
    result = check("cumulative", Target.single(D("40")), single("10", "30", "20", "40"))
    assert result.mismatches == []  # TW IV is right: no explanation needed
    assert result.ok
    assert len(result.warnings) == 1
    assert "dari TW II (30) ke TW III (20)" in result.warnings[0]


def test_cumulative_decrease_is_not_flagged_for_lower_is_better():
    result = check(
        "cumulative", Target.single(D("40")), single("10", "30", "20", "40"), polarity="lower"
    )
    assert result.warnings == []


# --- incremental -------------------------------------------------------------------------------


def test_incremental_quarters_summing_to_the_annual_target_are_fine():
    assert check("incremental", Target.single(D("40")), single("10", "10", "10", "10")).ok


def test_incremental_mismatch_names_both_numbers():
    result = check("incremental", Target.single(D("40")), single("10", "10", "10", "8"))
    # 10 + 10 + 10 + 8 = 38
    assert result.mismatches == [
        "Jumlah target triwulan 38 tidak sama dengan target tahunan 40 (agregasi inkremental)."
    ]
    assert not result.ok


def test_incremental_numbers_are_in_indonesian_format():
    # 250,25 × 4 = 1.001
    result = check(
        "incremental", Target.single(D("1000")), single("250.25", "250.25", "250.25", "250.25")
    )
    assert result.mismatches == [
        "Jumlah target triwulan 1.001 tidak sama dengan target tahunan 1.000 (agregasi inkremental)."
    ]


def test_incremental_empty_quarter_adds_nothing():
    # 20 + 20 + (empty) + 0 = 40
    assert check("incremental", Target.single(D("40")), single("20", "20", None, "0")).ok


# --- average -----------------------------------------------------------------------------------


def test_average_quarters_with_the_annual_mean_are_fine():
    # (80 + 85 + 90 + 85) / 4 = 85
    assert check("average", Target.single(D("85")), single("80", "85", "90", "85")).ok


def test_average_mismatch_shows_the_mean():
    # (80 + 80 + 80 + 81) / 4 = 80,25
    result = check("average", Target.single(D("80")), single("80", "80", "80", "81"))
    assert result.mismatches == [
        "Rata-rata target triwulan 80,25 tidak sama dengan target tahunan 80 (agregasi rata-rata)."
    ]


def test_average_is_compared_at_the_stored_precision():
    # (1 + 1 + 2) / 3 = 1,3333… ; the annual target is stored as 1,3333
    result = check("average", Target.single(D("1.3333")), single("1", "1", "2", None))
    assert result.ok


# --- latest ------------------------------------------------------------------------------------


def test_latest_tw_iv_equal_to_the_annual_target_is_fine():
    assert check("latest", Target.single(D("90")), single("90", "90", "90", "90")).ok
    # Earlier quarters may differ: only the latest value counts for the year.
    assert check("latest", Target.single(D("90")), single("85", "88", "89", "90")).ok


def test_latest_mismatch():
    result = check("latest", Target.single(D("90")), single("85", "88", "91", "93"))
    assert result.mismatches == [
        "Target TW IV 93 tidak sama dengan target tahunan 90 (agregasi nilai terakhir)."
    ]


# --- ranges ------------------------------------------------------------------------------------


def test_range_is_checked_on_low_and_high_separately():
    # lows 20 × 4 = 80 (= 80), highs 22 × 4 = 88 (≠ 90)
    result = check(
        "incremental",
        Target.range(D("80"), D("90")),
        ranged(("20", "22"), ("20", "22"), ("20", "22"), ("20", "22")),
    )
    assert result.mismatches == [
        "Nilai atas: Jumlah target triwulan 88 tidak sama dengan target tahunan 90 "
        "(agregasi inkremental)."
    ]


def test_range_both_ends_wrong_gives_two_messages():
    result = check("latest", Target.range(D("7"), D("8")), ranged(None, None, None, ("6.5", "8.5")))
    assert result.mismatches == [
        "Nilai bawah: Target TW IV 6,5 tidak sama dengan target tahunan 7 "
        "(agregasi nilai terakhir).",
        "Nilai atas: Target TW IV 8,5 tidak sama dengan target tahunan 8 "
        "(agregasi nilai terakhir).",
    ]


def test_range_matching_is_fine():
    assert check(
        "average",
        Target.range(D("7"), D("8")),
        ranged(("7", "8"), ("6", "7"), ("8", "9"), ("7", "8")),
    ).ok


# --- no targets --------------------------------------------------------------------------------


@pytest.mark.parametrize("aggregation", ["cumulative", "incremental", "average", "latest"])
def test_no_quarterly_target_is_empty_not_a_mismatch(aggregation):
    result = check(aggregation, Target.single(D("40")), single(None, None, None, None))
    assert result.empty
    assert not result.ok
    assert not result.needs_justification
