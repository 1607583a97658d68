"""The SOP-AP sheet as PDF (WeasyPrint, A4 landscape).

WeasyPrint fetches every URL it meets in the HTML (stylesheets, images). The fetcher here serves
only our own static files, found through Django's staticfiles finders, and refuses everything else:
no network (SSRF advisories against HTML-to-PDF tools, 2025), no file:// paths, no media files.
"""

from __future__ import annotations

import mimetypes
import posixpath
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import SopRevision
from .sheet import sheet_document

# The base URL of the rendered HTML: `/static/...` resolves under it. `.invalid` never resolves
# (RFC 2606), so even a fetcher bug could not reach a real host.
BASE_URL = "https://esakip.invalid/"


class RefusedURL(ValueError):
    """A URL the PDF renderer may not fetch."""


def static_path_for(url: str) -> str | None:
    """The static file behind one of our URLs, or None when the URL is not ours."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    static_url = urlsplit(settings.STATIC_URL).path or "/static/"
    path = unquote(parts.path)
    if not path.startswith(static_url):
        return None
    relative = posixpath.normpath(path[len(static_url) :])
    if relative.startswith(("..", "/")) or relative in ("", "."):
        return None
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        return None
    return str(found) if found else None


class StaticOnlyFetcher(URLFetcher):
    """Serves our static files (stylesheet, fonts, images); refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",))

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_path_for(url)
        if path is None:
            raise RefusedURL(f"refused: {url}")
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        with open(path, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:  # pragma: no cover
        # Nothing reaches urllib: every fetch is answered (or refused) above.
        raise RefusedURL(f"refused: {url}")


def render_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()


def sop_sheet_html(revision: SopRevision) -> str:
    """The standalone HTML of the sheet as printed (the official document is in Indonesian)."""
    with translation.override("id"):
        return render_to_string(
            "procedures/sops/sheet_print.html",
            {"doc": sheet_document(revision), "static_base": settings.STATIC_URL},
        )


def sop_sheet_pdf(revision: SopRevision) -> bytes:
    return render_pdf(sop_sheet_html(revision))


def pdf_filename(revision: SopRevision) -> str:
    return f"{revision.sop.code}-revisi-{revision.revision}.pdf"
