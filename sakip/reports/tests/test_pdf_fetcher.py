"""WeasyPrint may read our static and media files only: no network, no other local file."""

import socket
from pathlib import Path

import pytest
from django.conf import settings

from sakip.reports.pdf_render import (
    LocalFilesURLFetcher,
    RefusedURLError,
    document_css_url,
    html_to_pdf,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/admin/",
        "http://169.254.169.254/latest/meta-data/",
        "ftp://example.com/file.css",
        "file:///etc/passwd",
        "file://remote-host/share/file.css",
    ],
)
def test_urls_outside_our_files_are_refused(url):
    with pytest.raises(RefusedURLError):
        LocalFilesURLFetcher().fetch(url)


def test_a_path_climbing_out_of_static_is_refused():
    sneaky = (
        Path(settings.BASE_DIR) / "static" / ".." / "config" / "settings" / "base.py"
    ).as_uri()
    with pytest.raises(RefusedURLError):
        LocalFilesURLFetcher().fetch(sneaky)


def test_our_document_stylesheet_is_served():
    response = LocalFilesURLFetcher().fetch(document_css_url())
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_a_media_file_is_served(media_root):
    Path(media_root).mkdir(parents=True, exist_ok=True)
    logo = Path(media_root) / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert LocalFilesURLFetcher().fetch(logo.as_uri()).read().startswith(b"<svg")


def test_rendering_a_document_with_external_urls_opens_no_connection(monkeypatch):
    attempts = []

    def no_network(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = (
        '<html><head><link rel="stylesheet" href="https://example.com/evil.css"></head><body>'
        '<img src="http://127.0.0.1:9/tracker.png"><p>Isi dokumen</p></body></html>'
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert attempts == []
