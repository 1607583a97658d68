"""The app's own error pages (UX.md "Errors"): 400, 403 (CSRF failure too), 404 and 500 in the
layout, with the navigation for a signed-in user and a plain header for everyone else, in the
language the person chose. The 429 of a login lockout is django-axes' (accounts/locked_out.html
on the same layout).

With DEBUG off Django would otherwise answer its bare "Not Found" / "Server Error". An error page
must not fail itself: when rendering with the layout raises (the database is down, a context
processor breaks), a static Indonesian page is answered instead.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .nul import NulCharacterError

logger = logging.getLogger(__name__)

TEMPLATE = "errors/error.html"

BAD_REQUEST_TITLE = _("Permintaan tidak dapat diproses")
BAD_REQUEST = _(
    "Permintaan ini tidak dapat diproses. Muat ulang halaman sebelumnya, lalu coba lagi."
)
NUL_TITLE = _("Isian berisi karakter yang tidak diizinkan")
NUL_REFUSED = _(
    "Isian atau alamat halaman berisi karakter NUL (kode 0), yang tidak dapat disimpan. Hapus "
    "karakter itu (biasanya ikut tersalin dari dokumen lain), lalu kirim lagi. Tidak ada data "
    "yang disimpan."
)
FORBIDDEN_TITLE = _("Akses ditolak")
FORBIDDEN = _(
    "Anda tidak berwenang membuka halaman ini atau melakukan tindakan ini. Bila menurut Anda "
    "seharusnya berwenang, hubungi administrator."
)
CSRF_TITLE = _("Formulir kedaluwarsa")
CSRF_FAILED = _(
    "Formulir kedaluwarsa: halaman dibuka terlalu lama atau Anda sudah keluar dan masuk lagi. "
    "Muat ulang halaman, lalu kirim formulir sekali lagi."
)
NOT_FOUND_TITLE = _("Halaman tidak ditemukan")
NOT_FOUND = _(
    "Halaman yang Anda cari tidak ada, sudah dipindahkan, atau tidak termasuk wilayah kerja Anda."
)
SERVER_ERROR_TITLE = _("Terjadi kesalahan")
SERVER_ERROR = _(
    "Maaf, terjadi kesalahan pada sistem dan permintaan Anda belum selesai diproses. Kesalahan "
    "ini sudah dicatat. Coba lagi beberapa saat lagi; bila terulang, hubungi administrator."
)

# The last resort: no template, no translation, no database. Indonesian, the product's language.
STATIC_PAGE = """<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · e-SAKIP</title></head>
<body>
<main>
<h1>{title}</h1>
<p>{text}</p>
<p><a href="/">Kembali ke halaman utama e-SAKIP</a></p>
</main>
</body>
</html>
"""
STATIC_TEXTS = {
    400: ("Permintaan tidak dapat diproses", "Muat ulang halaman sebelumnya, lalu coba lagi."),
    403: ("Akses ditolak", "Anda tidak berwenang membuka halaman ini."),
    404: ("Halaman tidak ditemukan", "Halaman yang Anda cari tidak ada."),
    500: (
        "Terjadi kesalahan",
        "Maaf, terjadi kesalahan pada sistem. Coba lagi beberapa saat lagi; bila terulang, "
        "hubungi administrator.",
    ),
}


def static_page(status: int) -> HttpResponse:
    """The error page without the layout, for when the layout itself cannot be rendered."""
    title, text = STATIC_TEXTS.get(status, STATIC_TEXTS[500])
    return HttpResponse(
        STATIC_PAGE.format(title=title, text=text),
        status=status,
        content_type="text/html; charset=utf-8",
    )


def error_page(
    request: HttpRequest, *, status: int, title: Any, message: Any, **extra: Any
) -> HttpResponse:
    """The error page in the layout; the static page when that fails."""
    try:
        return render(
            request,
            TEMPLATE,
            {"status": status, "error_title": title, "error_message": message, **extra},
            status=status,
        )
    except Exception:
        logger.exception("The %s error page could not be rendered with the layout", status)
        return static_page(status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, NulCharacterError):
        return error_page(request, status=400, title=NUL_TITLE, message=NUL_REFUSED)
    return error_page(request, status=400, title=BAD_REQUEST_TITLE, message=BAD_REQUEST)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, status=403, title=FORBIDDEN_TITLE, message=FORBIDDEN)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: usually a form left open past a logout or a new login. The
    page offers to reload the page the form was on."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        safe = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    except Exception:  # a bad Host header: no link back rather than a failing error page
        safe = False
    back = referer if safe else ""
    return error_page(request, status=403, title=CSRF_TITLE, message=CSRF_FAILED, reload_url=back)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, status=404, title=NOT_FOUND_TITLE, message=NOT_FOUND)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, status=500, title=SERVER_ERROR_TITLE, message=SERVER_ERROR)
