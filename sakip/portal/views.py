"""The public portal: no login, published documents only, cacheable, no JavaScript needed.

Every page answers `Cache-Control: public, max-age=300`; for a signed-in person
`NoStoreWhenSignedInMiddleware` turns that into no-store, as on every signed-in page.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from sakip.core.formats import format_date_id
from sakip.reports.downloads import document_file

from . import plans, selectors
from .achievement import kept_achievement_summary

PAGE_SIZE = 25
CACHE_SECONDS = 300

public_cache = cache_control(public=True, max_age=CACHE_SECONDS)


@require_GET
@public_cache
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.agencies(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/index.html", {"page": page})


def _year(request: HttpRequest, years: list[int]) -> int | None:
    asked = request.GET.get("tahun", "")
    if asked.isdigit() and int(asked) in years:
        return int(asked)
    return years[0] if years else None


@require_GET
@public_cache
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.get_agency(pk)
    years = selectors.document_years(unit)
    year = _year(request, years)
    groups = selectors.documents_by_kind(unit, year) if year is not None else []
    for group in groups:
        for document in group.documents:
            shown: Any = document
            shown.published_on = format_date_id(timezone.localtime(document.published_at).date())
    renstra = plans.public_renstras(unit).first()
    return render(
        request,
        "portal/agency.html",
        {
            "agency": unit,
            "years": years,
            "year": year,
            "groups": groups,
            "summary": kept_achievement_summary(unit),
            "renstra": renstra,
            "action_plan_years": plans.action_plan_years(unit),
        },
    )


@require_GET
@public_cache
def renstra(request: HttpRequest, pk: int) -> HttpResponse:
    """The settled Renstra: goals, objectives, indicators and their targets per year."""
    unit = selectors.get_agency(pk)
    plan = plans.get_public_renstra(unit)
    return render(
        request,
        "portal/renstra.html",
        {"agency": unit, "renstra": plan, "goals": plans.renstra_plan(plan), "iku_only": False},
    )


@require_GET
@public_cache
def iku(request: HttpRequest, pk: int) -> HttpResponse:
    """The key performance indicators (IKU) of the settled Renstra."""
    unit = selectors.get_agency(pk)
    plan = plans.get_public_renstra(unit)
    return render(
        request,
        "portal/renstra.html",
        {
            "agency": unit,
            "renstra": plan,
            "goals": plans.renstra_plan(plan, iku_only=True),
            "iku_only": True,
        },
    )


@require_GET
@public_cache
def action_plans(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The accepted Rencana Aksi of a year, per unit; a year without one is not found."""
    unit = selectors.get_agency(pk)
    unit_plans = plans.action_plans_of_year(unit, year)
    if not unit_plans:
        raise Http404
    return render(
        request,
        "portal/action_plans.html",
        {
            "agency": unit,
            "year": year,
            "unit_plans": unit_plans,
            "quarters": ("I", "II", "III", "IV"),
        },
    )


@require_GET
@public_cache
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF of a published document (the signed, official form); anything else is a 404."""
    return document_file(selectors.get_public_document(pk), "pdf")


@require_GET
@public_cache
def download_docx(request: HttpRequest, pk: int) -> FileResponse:
    """The DOCX of a published document (for those who quote or reuse its tables)."""
    return document_file(selectors.get_public_document(pk), "docx")
