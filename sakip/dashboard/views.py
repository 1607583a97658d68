"""The dashboard page and its XLSX export (read-only).

The agency-wide readers and planners see their agency, a unit head their unit and the units below
it (``dashboard_scope``); anyone else, the regency reader included, gets a 404 (the regency has its
own view). The year is the top bar's (or ``?year=``), the period the switch's (``?periode=``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.kept import digest
from sakip.core.years import selected_year, set_selected_year, year_from_query

from .charts import chart_specs
from .figures import PERIOD_KEYS, PERIOD_QUARTER
from .selectors import (
    DashboardData,
    IndicatorFilter,
    Scope,
    dashboard_data,
    dashboard_scope,
    filter_indicators,
)
from .xlsx import SECTIONS, XLSX_CONTENT_TYPE, dashboard_workbook

HTML_SCHEMA = 1  # raise when templates/dashboard/_figures.html changes what it reads


def _scope(request: AuthenticatedHttpRequest) -> Scope:
    scope = dashboard_scope(request.user)
    if scope is None:
        raise Http404
    return scope


def _year(request: AuthenticatedHttpRequest, *, remember: bool) -> int:
    """``?year=`` when given (the page remembers it as the top bar's year), else the top bar's.
    The page's own links carry no year, so the top bar's choice is never undone by them."""
    asked = year_from_query(request)
    if asked is None:
        return selected_year(request)
    if remember:
        set_selected_year(request, asked)
    return asked


def _data(request: AuthenticatedHttpRequest, *, remember_year: bool) -> DashboardData:
    scope = _scope(request)
    period_key = request.GET.get("periode", PERIOD_QUARTER)
    return dashboard_data(
        user=request.user,
        scope=scope,
        year=_year(request, remember=remember_year),
        period_key=period_key if period_key in PERIOD_KEYS else PERIOD_QUARTER,
    )


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = _data(request, remember_year=True)
    chosen = filter_indicators(
        data,
        objective=request.GET.get("sasaran", ""),
        unit=request.GET.get("unit", ""),
        category=request.GET.get("kategori", ""),
    )
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "data": data,
            "figures_html": figures_html(data, chosen),
            "period_keys": PERIOD_KEYS,
        },
    )


def figures_html(data: DashboardData, chosen: IndicatorFilter | None) -> str:
    """The page's sections made from the cached figures (charts and their tables, indicators,
    trends, indicators at risk, budget), rendered once and kept beside the figures: their key
    holds the scope, year, period, language and data version, so a change shows at once. The
    Renstra row's own change (its years head a section) and the drill-down asked complete it."""
    renstra = data.renstra
    plan = f"{renstra.pk}@{renstra.updated_at.isoformat()}" if renstra is not None else "-"
    asked = "all"
    if chosen is not None:
        asked = digest([chosen.label, *(r.code for r in chosen.rows)])
    key = f"{data.figures_key}:html-{HTML_SCHEMA}:{plan}:{asked}" if data.figures_key else ""
    html = cache.get(key) if key else None
    if not isinstance(html, str):
        html = render_to_string(
            "dashboard/_figures.html",
            {
                "data": data,
                "charts": chart_specs(data),
                "chosen": chosen,
                "shown_indicators": chosen.rows if chosen is not None else data.indicators,
            },
        )
        if key:
            cache.set(key, html)
    return html


@login_required
@require_GET
def dashboard_xlsx(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = _data(request, remember_year=False)
    section = request.GET.get("bagian", "")
    section = section if section in SECTIONS else ""
    content = dashboard_workbook(data, section=section)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = f"dasbor-{data.year}-{data.period_key}{'-' + section if section else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
