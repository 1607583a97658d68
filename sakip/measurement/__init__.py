"""Performance measurement rules of e-SAKIP (DOMAIN.md §3), as pure Python.

No Django here on purpose: these rules are the product's arithmetic, and keeping them free of the
ORM makes them easy to test exhaustively and to reuse in exports and imports.
"""

from .budget import absorption, efficiency, unit_cost_efficiency
from .capaian import CapaianResult, NaReason, Target, average_capaian, compute_capaian
from .formatting import format_decimal_id, format_percent_id
from .periods import (
    DEFAULT_AGGREGATION,
    ROMAN,
    Aggregation,
    Period,
    PeriodKind,
    aggregate,
    aggregate_target,
    period_capaian,
)
from .polarity import Polarity
from .rounding import round_half_up
from .scales import DEFAULT_SCALE, Band, CategoryScale, default_scale

__all__ = [
    "DEFAULT_AGGREGATION",
    "DEFAULT_SCALE",
    "ROMAN",
    "Aggregation",
    "Band",
    "CapaianResult",
    "CategoryScale",
    "NaReason",
    "Period",
    "PeriodKind",
    "Polarity",
    "Target",
    "absorption",
    "aggregate",
    "aggregate_target",
    "average_capaian",
    "compute_capaian",
    "default_scale",
    "efficiency",
    "format_decimal_id",
    "format_percent_id",
    "period_capaian",
    "round_half_up",
    "unit_cost_efficiency",
]
