"""PDF from HTML with WeasyPrint, fetching nothing but our own files.

WeasyPrint follows every URL in the HTML; a document carries text people typed, so a fetcher that
reached the network or the disk at large would be a server-side request forgery (SSRF advisories
of 2025). One fetcher serves every document: our static files (stylesheet, fonts, images) and
files under the media root, named either as file:// URLs or as /static/ paths on the `.invalid`
base URL of pages written with site URLs (the SOP sheet); everything else is refused.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The base URL of HTML written with site URLs (`/static/...`). `.invalid` never resolves
# (RFC 2606), so even a fetcher bug could not reach a real host.
SITE_BASE_URL = "https://esakip.invalid/"
DOCUMENT_CSS = "sakip/documents.css"


class RefusedURLError(ValueError):
    """A document asked for a resource outside our static and media files."""


def static_path_for(url: str) -> str | None:
    """The static file behind a /static/ URL on the site base, or None when the URL is not one."""
    parts = urlsplit(url)
    base = urlsplit(SITE_BASE_URL)
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


def _allowed_roots() -> list[Path]:
    roots = [Path(d if isinstance(d, str | Path) else d[1]) for d in settings.STATICFILES_DIRS]
    roots += [Path(settings.STATIC_ROOT), Path(settings.MEDIA_ROOT)]
    # App static folders (django.contrib.admin, django_htmx, …) through the staticfiles finders.
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    return [root.resolve() for root in roots]


def _local_file(url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path)).resolve()
    roots = _allowed_roots()
    inside = any(path == root or root in path.parents for root in roots)
    return path if inside and path.is_file() else None


class LocalFilesURLFetcher(URLFetcher):
    """Serves our static and media files; refuses every other URL (subclasses may serve more,
    e.g. charts drawn in memory)."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        static = static_path_for(url)
        path = Path(static) if static else _local_file(url)
        if path is None:
            raise RefusedURLError(f"refused (not one of our static or media files): {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:  # pragma: no cover
        # Nothing reaches urllib: every fetch is answered (or refused) above.
        raise RefusedURLError(f"refused: {url}")


def document_css_url() -> str:
    found = finders.find(DOCUMENT_CSS)
    if not found:
        raise FileNotFoundError(DOCUMENT_CSS)
    return Path(found).resolve().as_uri()


def html_to_pdf(
    html: str, *, url_fetcher: LocalFilesURLFetcher | None = None, base_url: str | None = None
) -> bytes:
    """Render HTML with our fetcher. Relative URLs resolve against the static folder, or against
    `base_url` (SITE_BASE_URL for HTML written with site URLs)."""
    base = base_url or Path(settings.BASE_DIR / "static").resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base, url_fetcher=url_fetcher or LocalFilesURLFetcher())
    return document.write_pdf()
