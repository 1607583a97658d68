"""DOMAIN.md §3 rule 8: serapan and efficiency."""

from decimal import Decimal

import pytest

from sakip.measurement import absorption, efficiency, round_half_up, unit_cost_efficiency

D = Decimal


def test_budget_worked_example() -> None:
    # DOMAIN.md §3: pagu Rp1.004.422.800, realisasi Rp1.000.972.958 -> serapan 99.66%
    serapan = absorption(pagu=D(1004422800), budget_spent=D(1000972958))
    assert serapan is not None
    assert round_half_up(serapan) == D("99.66")


def test_absorption_by_hand() -> None:
    assert absorption(pagu=D(200), budget_spent=D(50)) == D(25)
    assert absorption(pagu=D(100), budget_spent=D(120)) == D(120)  # overspending is visible
    assert absorption(pagu=D(0), budget_spent=D(0)) is None
    with pytest.raises(ValueError):
        absorption(pagu=D(-1), budget_spent=D(0))


def test_efficiency_default_method() -> None:
    assert efficiency(pagu=D(1000), budget_spent=D(900), target_met=True) == D(10)
    assert efficiency(pagu=D(1000), budget_spent=D(900), target_met=False) is None
    assert efficiency(pagu=D(1000), budget_spent=D(1100), target_met=True) == D(-10)
    assert efficiency(pagu=D(0), budget_spent=D(0), target_met=True) is None
    # worked budget example, target met: (1004422800 - 1000972958) / 1004422800 = 0.34%
    saved = efficiency(pagu=D(1004422800), budget_spent=D(1000972958), target_met=True)
    assert saved is not None
    assert round_half_up(saved) == D("0.34")


def test_unit_cost_efficiency() -> None:
    # planned 1000 / 10 = 100 per unit; realised 900 / 12 = 75 per unit -> 25% cheaper
    assert unit_cost_efficiency(
        pagu=D(1000), budget_spent=D(900), target_output=D(10), realisasi_output=D(12)
    ) == D(25)
    # realised 1000 / 8 = 125 per unit -> 25% dearer
    assert unit_cost_efficiency(
        pagu=D(1000), budget_spent=D(1000), target_output=D(10), realisasi_output=D(8)
    ) == D(-25)


@pytest.mark.parametrize(
    ("pagu", "budget_spent", "target_output", "output"),
    [(0, 10, 10, 10), (10, 10, 0, 10), (10, 10, 10, 0)],
)
def test_unit_cost_efficiency_zero_denominators(
    pagu: int, budget_spent: int, target_output: int, output: int
) -> None:
    assert (
        unit_cost_efficiency(
            pagu=D(pagu),
            budget_spent=D(budget_spent),
            target_output=D(target_output),
            realisasi_output=D(output),
        )
        is None
    )
