"""The compliance page shows what the compliance report (and its workbook) has: the same shares
and, page by page, the same rows, to the character."""

from __future__ import annotations

from typing import Any

from sakip.accounts.types import Viewer

from .. import compliance_page as page_module
from ..compliance import Share, compliance_report
from ..compliance_page import compliance_page
from ..compliance_rows_html import step_rows_html, unit_rows_html


def _shares(shares: list[Share]) -> list[tuple[str, int, int]]:
    return [(s.label, s.completed, s.on_time) for s in shares]


def assert_page_matches_report(user: Viewer, *, year: int | None, now: Any) -> None:
    report = compliance_report(user, year=year, now=now)
    first = compliance_page(user, year=year, now=now)
    shares = first.shares
    assert _shares(shares.per_sop) == _shares(report.per_sop)
    assert _shares(shares.per_lane) == _shares(report.per_lane)
    assert _shares(shares.per_unit) == _shares(report.per_unit)
    assert _shares([shares.total, shares.units_total]) == _shares(
        [report.total, report.units_total]
    )
    size = page_module.PAGE_SIZE
    for rows, kind, write in (
        (report.rows, "page", step_rows_html),
        (report.unit_rows, "unit_page", unit_rows_html),
    ):
        pages = max(1, -(-len(rows) // size))
        for number in range(1, pages + 1):
            page = compliance_page(user, year=year, now=now, **{kind: number})
            asked, html = (
                (page.rows_page, page.rows_html)
                if kind == "page"
                else (page.unit_rows_page, page.unit_rows_html)
            )
            assert asked.paginator.count == len(rows)
            assert html == write(rows[(number - 1) * size : number * size])
