"""PDF of the official documents: a Django template rendered by WeasyPrint.

WeasyPrint fetches every URL a document names (stylesheets, images). Documents carry data typed by
users, so the fetcher reads only our own static and media files and refuses everything else —
http(s), ftp, other local paths (server-side request forgery, WeasyPrint advisories of 2025).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from sakip.core.pdf import (  # noqa: F401 - the one fetcher, for the document renderers
    LocalFilesURLFetcher,
    RefusedURLError,
    document_css_url,
    html_to_pdf,
)

from .selectors import PkData, RktData


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
