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
from sakip.reports.selectors import download_filename

from . import selectors

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
    return render(
        request,
        "portal/agency.html",
        {"agency": unit, "years": years, "year": year, "groups": groups},
    )


@require_GET
@public_cache
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The PDF of a published document (the signed, official form); anything else is a 404."""
    document = selectors.get_public_document(pk)
    if not document.pdf:
        raise Http404
    try:
        handle = document.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_filename(document, "pdf"),
        content_type="application/pdf",
    )
