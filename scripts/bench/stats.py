"""Pure figures of a bench run: percentiles, a phase's summary, and the markdown table."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0–100) by the nearest-rank method: the smallest value with at least
    p% of the values at or below it. NaN for no values."""
    if not 0 <= p <= 100:
        raise ValueError("p is between 0 and 100")
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Summary:
    """What one phase of one page measured; latencies in milliseconds."""

    requests: int
    errors: int
    seconds: float
    p50: float
    p95: float
    p99: float
    unsent: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else math.nan


def summarize(
    latencies_ms: Sequence[float], errors: int, seconds: float, unsent: int = 0
) -> Summary:
    """The phase's summary: every answered request counts (errors too: a 500 took time), the
    errors are counted beside them."""
    return Summary(
        requests=len(latencies_ms),
        errors=errors,
        seconds=seconds,
        p50=percentile(latencies_ms, 50),
        p95=percentile(latencies_ms, 95),
        p99=percentile(latencies_ms, 99),
        unsent=unsent,
    )


def per_item_ms(small_ms: float, small_n: int, large_ms: float, large_n: int) -> float:
    """The cost of one more item on a page: (t_large − t_small) / (n_large − n_small)."""
    if large_n == small_n:
        raise ValueError("two different sizes are needed")
    return (large_ms - small_ms) / (large_n - small_n)


def number(value: float, decimals: int = 1) -> str:
    """A figure for the table: thousands with a comma, '–' when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{decimals}f}"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A markdown table; the columns after the first two are figures, aligned right."""
    align = ["---" if i < 2 else "---:" for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError("each row has one cell per header")
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return "\n".join(lines)
