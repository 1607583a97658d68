"""Budget figures shown beside capaian kinerja: DOMAIN.md §3 rule 8.

All results are unrounded percentages (round with ``round_half_up`` for display), or None where
the figure does not exist (a zero denominator, or an indicator that is not efficient).
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from ._decimal import CONTEXT, HUNDRED, require_decimal


def _require_non_negative(value: Decimal, name: str) -> Decimal:
    value = require_decimal(value, name)
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    return value


def absorption(*, pagu: Decimal, budget_spent: Decimal) -> Decimal | None:
    """Serapan anggaran = budget spent / pagu × 100; None when there is no pagu.

    Not capped: spending over the ceiling shows as over 100 so that it is visible.
    """
    pagu = _require_non_negative(pagu, "pagu")
    budget_spent = _require_non_negative(budget_spent, "budget_spent")
    if pagu == 0:
        return None
    with localcontext(CONTEXT):
        return budget_spent / pagu * HUNDRED


def efficiency(*, pagu: Decimal, budget_spent: Decimal, target_met: bool) -> Decimal | None:
    """Default efficiency method (DOMAIN.md §3 rule 8 decision): the share of the pagu saved.

    Only an indicator that met its target can be efficient: saving money while missing the target
    is under-delivery, not efficiency, so that case (and a zero pagu) gives None ("not
    efficient"). Overspending gives a negative figure.
    """
    pagu = _require_non_negative(pagu, "pagu")
    budget_spent = _require_non_negative(budget_spent, "budget_spent")
    if not target_met or pagu == 0:
        return None
    with localcontext(CONTEXT):
        return (pagu - budget_spent) / pagu * HUNDRED


def unit_cost_efficiency(
    *,
    pagu: Decimal,
    budget_spent: Decimal,
    target_output: Decimal,
    realisasi_output: Decimal,
) -> Decimal | None:
    """Second method (PMK 249/2011 style): realised unit cost against planned unit cost.

    planned = pagu / target_output, realised = budget_spent / realisasi_output,
    efficiency = (1 − realised / planned) × 100. Positive means each unit of output cost less than
    planned. None when a unit cost cannot be formed (zero output planned or delivered, zero pagu).
    """
    pagu = _require_non_negative(pagu, "pagu")
    budget_spent = _require_non_negative(budget_spent, "budget_spent")
    target_output = _require_non_negative(target_output, "target_output")
    realisasi_output = _require_non_negative(realisasi_output, "realisasi_output")
    if pagu == 0 or target_output == 0 or realisasi_output == 0:
        return None
    with localcontext(CONTEXT):
        planned = pagu / target_output
        realised = budget_spent / realisasi_output
        return (1 - realised / planned) * HUNDRED
