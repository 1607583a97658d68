"""The compliance page shows what the compliance report (and its workbook) has: the same shares
and, page by page, the same rows."""

from __future__ import annotations

from typing import Any

from sakip.accounts.types import Viewer

from .. import compliance_page as page_module
from ..compliance import ComplianceRow, Share, compliance_report
from ..compliance_page import compliance_page


def _shares(shares: list[Share]) -> list[tuple[str, int, int]]:
    return [(s.label, s.completed, s.on_time) for s in shares]


def _rows(rows: list[ComplianceRow]) -> list[tuple[Any, ...]]:
    return [
        (
            r.task.pk,
            r.standard_time,
            r.outcome,
            r.status_label,
            r.late_open_minutes,
            r.run_url,
            r.badge,
        )
        for r in rows
    ]


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
    for rows, kind in ((report.rows, "page"), (report.unit_rows, "unit_page")):
        pages = max(1, -(-len(rows) // page_module.PAGE_SIZE))
        shown: list[ComplianceRow] = []
        for number in range(1, pages + 1):
            page = compliance_page(user, year=year, now=now, **{kind: number})
            asked = page.rows_page if kind == "page" else page.unit_rows_page
            assert asked.paginator.count == len(rows)
            shown.extend(asked.object_list)
        assert _rows(shown) == _rows(rows)
