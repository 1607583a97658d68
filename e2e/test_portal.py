"""The public portal in the browser, without JavaScript and without login.

An anonymous visitor opens /publik/, picks the agency, sees its published LKjIP with its number
and publication date, and downloads the PDF; the address of a draft version answers 404. The
documents are made as rows (the portal reads what was published; generating and publishing an
LKjIP is e2e/test_annual.py's story).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect

from sakip.portal.tests.factories import PDF, make_document

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_anonymous_visitor_downloads_a_published_lkjip_and_a_draft_is_404(
    browser: Browser, live_server, organization, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    published = make_document(organization.agency)
    draft = make_document(organization.agency, published=False, number="002/LKjIP/DKIS/2026")
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    page = context.new_page()

    response = page.goto(f"{live_server.url}/publik/")
    assert response is not None and response.status == 200
    assert response.headers["cache-control"] in ("public, max-age=300", "max-age=300, public")
    expect(page.locator(".sakip-sidenav")).to_have_count(0)
    page.get_by_role("link", name="Dinas Kominfo Uji").click()

    expect(page.get_by_role("heading", name="Dinas Kominfo Uji")).to_be_visible()
    row = page.locator(f"#document-{published.pk}")
    expect(row).to_contain_text("001/LKjIP/DKIS/2026")
    expect(row).to_contain_text("01 Januari 2027")
    expect(page.locator("#kind-lkjip")).to_contain_text(
        "Laporan Kinerja Instansi Pemerintah (LKjIP)"
    )
    expect(page.get_by_text("002/LKjIP/DKIS/2026")).to_have_count(0)

    with page.expect_download() as info:
        row.get_by_role("link", name="Unduh PDF").click()
    saved = Path(info.value.path())
    assert saved.read_bytes() == PDF
    assert info.value.suggested_filename.endswith(".pdf")

    missing = page.goto(f"{live_server.url}{reverse('portal:download', args=[draft.pk])}")
    assert missing is not None and missing.status == 404
    context.close()
