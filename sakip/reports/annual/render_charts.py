"""The LKjIP's charts as PNG: one capaian chart per objective and the budget chart, rendered once
so that the DOCX and the PDF embed the same images."""

from __future__ import annotations

from dataclasses import dataclass, field

from sakip.reports import charts

from .types import AnnualReportData


@dataclass(frozen=True)
class AnnualChartImages:
    objectives: dict[int, bytes] = field(default_factory=dict)  # objective id -> capaian chart
    budget: bytes | None = None  # serapan per program; None without budget


def render_annual_charts(data: AnnualReportData) -> AnnualChartImages:
    """A chart only where it has bars: an objective without indicators gets none."""
    return AnnualChartImages(
        objectives={
            block.objective_id: charts.cached_png(block.chart)
            for block in data.objectives
            if block.chart.bars
        },
        budget=charts.cached_png(data.budget_chart) if data.budget_chart.bars else None,
    )
