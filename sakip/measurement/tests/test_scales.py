"""DOMAIN.md §3 rule 7: category scales."""

from decimal import Decimal

import pytest

from sakip.measurement import (
    DEFAULT_SCALE,
    Band,
    CapaianResult,
    CategoryScale,
    NaReason,
    default_scale,
)

D = Decimal


@pytest.mark.parametrize(
    ("capaian", "key", "label"),
    [
        # DOMAIN.md §3 rule 7 examples
        ("90.5", "sangat_tinggi", "Sangat Tinggi"),
        ("90.004", "tinggi", "Tinggi"),
        ("90.005", "sangat_tinggi", "Sangat Tinggi"),
        # boundaries belong to the band below (half-open, upper inclusive)
        ("90", "tinggi", "Tinggi"),
        ("90.01", "sangat_tinggi", "Sangat Tinggi"),
        ("75", "sedang", "Sedang"),
        ("75.01", "tinggi", "Tinggi"),
        ("65", "rendah", "Rendah"),
        ("65.01", "sedang", "Sedang"),
        ("50", "sangat_rendah", "Sangat Rendah"),
        ("50.01", "rendah", "Rendah"),
        ("50.004", "sangat_rendah", "Sangat Rendah"),
        ("0", "sangat_rendah", "Sangat Rendah"),
        ("-20", "sangat_rendah", "Sangat Rendah"),
        ("150", "sangat_tinggi", "Sangat Tinggi"),  # no Melebihi Target band by default
    ],
)
def test_default_scale(capaian: str, key: str, label: str) -> None:
    band = DEFAULT_SCALE.categorize(D(capaian))
    assert band is not None
    assert (band.key, band.label) == (key, label)
    # the same answer through a CapaianResult
    assert DEFAULT_SCALE.categorize(CapaianResult.of(D(capaian))) == band


def test_default_scale_shape() -> None:
    assert [b.key for b in DEFAULT_SCALE.bands] == [
        "sangat_rendah",
        "rendah",
        "sedang",
        "tinggi",
        "sangat_tinggi",
    ]
    assert default_scale() == DEFAULT_SCALE


def test_na_has_no_category() -> None:
    assert DEFAULT_SCALE.categorize(None) is None
    assert (
        DEFAULT_SCALE.categorize(CapaianResult.not_available(NaReason.ZERO_TARGET_HIGHER)) is None
    )


@pytest.mark.parametrize(
    ("capaian", "key"),
    [
        ("100", "sangat_tinggi"),
        ("100.004", "sangat_tinggi"),
        ("100.005", "melebihi_target"),
        ("150", "melebihi_target"),
        ("90", "tinggi"),
        ("90.5", "sangat_tinggi"),
    ],
)
def test_exceeds_target_band(capaian: str, key: str) -> None:
    scale = default_scale(exceeds_target_band=True)
    band = scale.categorize(D(capaian))
    assert band is not None and band.key == key
    assert scale.bands[-1].label == "Melebihi Target"
    assert scale.bands[-2].upper_inclusive == D(100)


def key_of(scale: CategoryScale, capaian: str) -> str:
    found = scale.categorize(D(capaian))
    assert found is not None
    return found.key


def test_custom_scale_from_thresholds_any_order() -> None:
    scale = CategoryScale.from_thresholds(
        "Kabupaten X",
        [
            ("Sangat Baik", "sangat_baik", D(85)),
            ("Baik", "baik", D(70)),
            ("Cukup", "cukup", D(55)),
            ("Kurang", "kurang", D(40)),
            ("Sangat Kurang", "sangat_kurang", None),
        ],
    )
    assert [b.key for b in scale.bands] == [
        "sangat_kurang",
        "kurang",
        "cukup",
        "baik",
        "sangat_baik",
    ]
    assert key_of(scale, "85") == "baik"
    assert key_of(scale, "85.01") == "sangat_baik"
    assert key_of(scale, "40") == "sangat_kurang"


def test_from_thresholds_validation() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        CategoryScale.from_thresholds("x", [("A", "a", D(1)), ("B", "b", D(2))])
    with pytest.raises(ValueError, match="exactly one"):
        CategoryScale.from_thresholds("x", [("A", "a", None), ("B", "b", None)])
    with pytest.raises(ValueError, match="distinct"):
        CategoryScale.from_thresholds("x", [("A", "a", None), ("B", "b", D(2)), ("C", "c", D(2))])
    with pytest.raises(ValueError, match="unique"):
        CategoryScale.from_thresholds("x", [("A", "a", None), ("B", "a", D(2))])


def band(lo: int | None, hi: int | None, key: str) -> Band:
    return Band(
        label=key.title(),
        key=key,
        lower_exclusive=None if lo is None else D(lo),
        upper_inclusive=None if hi is None else D(hi),
    )


@pytest.mark.parametrize(
    "bands",
    [
        (),
        (band(0, 50, "a"), band(50, None, "b")),  # not open below
        (band(None, 50, "a"), band(50, 100, "b")),  # not open above
        (band(None, 50, "a"), band(60, None, "b")),  # gap
        (band(None, 60, "a"), band(50, None, "b")),  # overlap
        (band(50, None, "b"), band(None, 50, "a")),  # not ascending
        (band(None, None, "a"), band(None, None, "b")),
    ],
)
def test_scale_rejects_gaps_overlaps_and_open_ends(bands: tuple[Band, ...]) -> None:
    with pytest.raises(ValueError):
        CategoryScale(name="bad", bands=bands)


def test_band_validation() -> None:
    with pytest.raises(ValueError):
        band(50, 50, "a")
    with pytest.raises(ValueError):
        band(None, 1, " ")
    assert key_of(CategoryScale(name="one", bands=(band(None, None, "all"),)), "7") == "all"
