"""The document archive and access-checked downloads.

Files live under MEDIA_ROOT, which is never served directly: every download goes through
`get_document_for_user`, so a document outside the user's scope is a 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .access import get_document_for_user
from .models import DocumentKind

PAGE_SIZE = 25

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _year_param(request: HttpRequest) -> int | None:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return None


@login_required
@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    year = _year_param(request)
    kind = request.GET.get("kind", "")
    documents = selectors.archive_documents(request.user, year=year, kind=kind)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/archive.html",
        {
            "page": page,
            "years": selectors.archive_years(request.user),
            "kinds": DocumentKind.choices,
            "year": year,
            "kind": kind if kind in DocumentKind.values else "",
            "filter_query": query.urlencode(),
        },
    )


def _download(request: HttpRequest, pk: int, extension: str) -> FileResponse:
    document = get_document_for_user(request.user, pk)
    stored = getattr(document, extension)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=selectors.download_filename(document, extension),
        content_type=CONTENT_TYPES[extension],
    )


@login_required
@require_GET
def download_docx(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "docx")


@login_required
@require_GET
def download_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "pdf")


@login_required
@require_GET
def download_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "xlsx")
