"""The LKjIP as PDF (WeasyPrint), to sign and publish.

``templates/reports/pdf/annual.html`` lays out what ``AnnualReportData`` says; this module only
prepares what a template cannot compute (narrative paragraphs, the regrouped rows of analysis (2),
the chart URLs). WeasyPrint reads our static files and the charts held in memory, nothing else
(``ChartURLFetcher`` refuses every other URL).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from sakip.reports.pdf_render import document_css_url, html_to_pdf
from sakip.reports.quarterly.render import CHART_SCHEME, ChartURLFetcher

from . import layout, sections
from .render_charts import AnnualChartImages
from .types import AnnualReportData, ObjectiveAnalysis

NARRATIVE_KEYS = (
    sections.FOREWORD,
    sections.EXECUTIVE_SUMMARY,
    sections.BAB2_PLAN,
    sections.BAB2_AGREEMENT,
    sections.BAB3_BUDGET,
)


def _chart_name(objective_id: int) -> str:
    return f"objective-{objective_id}"


def _objective_view(
    data: AnnualReportData,
    block: ObjectiveAnalysis,
    h: dict[str, str],
    charts: dict[str, str],
) -> dict[str, Any]:
    end_target = h["end_target"]
    if data.renstra is not None:
        end_target = f"{end_target} ({data.renstra.period_text})"
    return {
        "block": block,
        "heading": layout.objective_heading(block, h),
        "chart": charts.get(_chart_name(block.objective_id), ""),
        "history": [
            (no, line, layout.history_rows(block, line, data.year, h))
            for no, line in enumerate(block.indicators, start=1)
        ],
        "national": layout.national_indicators(block) if block.has_national_standard else [],
        "narrative": layout.objective_narrative(data, block),
        "explanations": [
            (line, layout.explanations(line.problems), layout.explanations(line.solutions))
            for line in block.indicators
        ],
        "end_target_heading": end_target,
        "realisasi_heading": f"{h['realisasi']} {data.year}",
    }


def annual_html(data: AnnualReportData, images: AnnualChartImages) -> tuple[str, dict[str, bytes]]:
    """The document's HTML and the chart images it names (``sakip-chart:<name>``)."""
    h = layout.headings(data)
    stored = {_chart_name(oid): png for oid, png in images.objectives.items()}
    if images.budget:
        stored["budget"] = images.budget
    charts = {name: f"{CHART_SCHEME}:{name}" for name in stored}
    renstra_count = ""
    if data.renstra is not None:
        renstra_count = h["renstra_indicator_count"] % {"count": data.renstra.indicator_count}
    total = data.agreement_budget_total
    key_caption, key_lines = layout.key_indicators(data, h)
    html = render_to_string(
        "reports/pdf/annual.html",
        {
            "doc": data,
            "h": h,
            "css_url": document_css_url(),
            "charts": charts,
            "draft_note": layout.draft_note(data, h),
            "narratives": {key: layout.narrative(data, key) for key in NARRATIVE_KEYS},
            "chapters": {
                "foreword": layout.heading_lines(h["foreword"]),
                "summary": layout.heading_lines(h["executive_summary"]),
                "bab1": layout.heading_lines(h["chapter_1"]),
                "bab2": layout.heading_lines(h["chapter_2"]),
                "bab3": layout.heading_lines(h["chapter_3"]),
                "bab4": layout.heading_lines(h["chapter_4"]),
                "attachment": [h["attachment_agreement"].upper(), data.agency.name.upper()],
            },
            "bab1": [
                (f"section-{key}", h[heading], layout.narrative(data, key))
                for key, heading in layout.BAB1_SECTIONS
            ],
            "bab4": [
                (f"section-{key}", h[heading], layout.narrative(data, key))
                for key, heading in layout.BAB4_SECTIONS
            ],
            "contents": layout.contents(
                data, h, foreword=bool(layout.narrative(data, sections.FOREWORD))
            ),
            "key_figures": layout.key_figures(data, h),
            "key_indicators_caption": key_caption,
            "key_indicators": key_lines,
            "main_problems": layout.main_problems(data),
            "agreement_signatures": layout.agreement_signatures(data),
            "renstra_caption": (
                layout.renstra_caption(data.renstra.title, data.renstra.period_text)
                if data.renstra is not None
                else ""
            ),
            "renstra_indicator_count": renstra_count,
            "plan_groups": layout.plan_groups(data.agreement),
            "objectives": [_objective_view(data, block, h, charts) for block in data.objectives],
            "category_total": sum(category.count for category in data.categories),
            "agreement_budget": layout.budget_rows(data.agreement_budget),
            "agreement_budget_total": total.pagu_text if total else "-",
        },
    )
    return html, stored


def render_annual_pdf(data: AnnualReportData, images: AnnualChartImages) -> bytes:
    html, stored = annual_html(data, images)
    return html_to_pdf(html, url_fetcher=ChartURLFetcher(stored))
