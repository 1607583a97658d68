"""The SOP-AP sheet as PDF (WeasyPrint, A4 landscape).

WeasyPrint fetches every URL it meets in the HTML (stylesheets, images): the one fetcher of
sakip.core.pdf serves only our own files and refuses everything else (no network: SSRF advisories
against HTML-to-PDF tools, 2025).
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from sakip.core.pdf import SITE_BASE_URL, html_to_pdf

from .models import SopRevision
from .sheet import sheet_document


def render_pdf(html: str) -> bytes:
    """The sheet's HTML uses site URLs (/static/...): they resolve on the site base URL, through
    the one fetcher of sakip.core.pdf."""
    return html_to_pdf(html, base_url=SITE_BASE_URL)


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
