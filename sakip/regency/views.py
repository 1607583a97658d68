"""The regency view (issue 11): the agencies side by side for the selected year, and one agency."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from sakip.accounts.types import AuthenticatedHttpRequest
from sakip.core.years import selected_year

from .access import get_agency_for_user, require_regency_reader
from .selectors import PAGE_SIZE, agency_detail, agency_rows, kept_regency_agencies


@login_required
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_regency_reader(request.user)
    year = selected_year(request)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(kept_regency_agencies(request.user, query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "regency/overview.html",
        {
            "year": year,
            "page": page,
            "rows": agency_rows(request.user, list(page.object_list), year),
            "q": query,
            "filter_query": urlencode({"q": query}) if query else "",
        },
    )


@login_required
@require_GET
def agency(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_agency_for_user(request.user, pk)
    year = selected_year(request)
    return render(
        request,
        "regency/agency.html",
        {"year": year, "agency": unit, "detail": agency_detail(request.user, unit, year)},
    )
