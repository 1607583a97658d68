"""PDF of the official documents: a Django template rendered by WeasyPrint.

WeasyPrint fetches every URL a document names (stylesheets, images). Documents carry data typed by
users, so the fetcher reads only our own static and media files and refuses everything else —
http(s), ftp, other local paths (server-side request forgery, WeasyPrint advisories of 2025).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .selectors import PkData, RktData

DOCUMENT_CSS = "sakip/documents.css"


class RefusedURLError(ValueError):
    """A document asked for a resource outside our static and media files."""


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


def _is_inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


class LocalFilesURLFetcher(URLFetcher):
    """Serves file:// URLs below the static/media roots; refuses every other URL."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURLError(f"refused (not a local static file): {url}")
        path = Path(unquote(parts.path)).resolve()
        if not _is_inside(path, _allowed_roots()) or not path.is_file():
            raise RefusedURLError(f"refused (outside static and media files): {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def document_css_url() -> str:
    found = finders.find(DOCUMENT_CSS)
    if not found:
        raise FileNotFoundError(DOCUMENT_CSS)
    return Path(found).resolve().as_uri()


def html_to_pdf(html: str, *, url_fetcher: LocalFilesURLFetcher | None = None) -> bytes:
    """Render HTML with our fetcher (or a subclass of it that serves more, e.g. in-memory charts);
    relative URLs resolve against the static folder."""
    base_url = Path(settings.BASE_DIR / "static").resolve().as_uri() + "/"
    document = HTML(
        string=html, base_url=base_url, url_fetcher=url_fetcher or LocalFilesURLFetcher()
    )
    return document.write_pdf()


def render_template_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string(template_name, {**context, "css_url": document_css_url()}))


def render_rkt_pdf(data: RktData) -> bytes:
    return render_template_pdf("reports/pdf/rkt.html", {"doc": data, "h": data.headers})


def render_pk_pdf(data: PkData) -> bytes:
    parties = [
        (data.first_party, data.first_party_role),
        (data.second_party, data.second_party_role),
    ]
    return render_template_pdf(
        "reports/pdf/pk.html", {"doc": data, "h": data.headers, "parties": parties}
    )
