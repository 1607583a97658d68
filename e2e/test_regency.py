"""The regency view in the browser (issue 11): the Bagian Organisasi logs in, lands on the regency
view, compares two agencies' settled results and opens one of them.

Two agencies are made with the regency tests' factory for this year: "Dinas Uji-A" (values 80 and
100 of 100: 80,00% Tinggi, 100,00% Sangat Tinggi, mean 90,00%) and "Dinas Uji-B" (50 and 70:
50,00% Sangat Rendah, 70,00% Sedang, mean 60,00%), each with a locked TW I and a published
quarterly report.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sakip.regency.tests.factories import make_agency

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_bagor_compares_the_agencies_and_opens_one(login, live_server, organization):
    year = timezone.localdate().year
    first = make_agency(organization.regency, "uji-a", year=year)
    second = make_agency(
        organization.regency, "uji-b", year=year, values=(Decimal(50), Decimal(70))
    )
    page = login("bagor")
    assert page.url == f"{live_server.url}/kabupaten/"
    expect(
        page.get_by_role("heading", name=f"Kinerja perangkat daerah tahun {year}")
    ).to_be_visible()
    expect(page.locator('#sidenav a[data-area="regency"]')).to_contain_text("Kabupaten")

    row_a = page.locator(f"#agency-{first.agency.pk}")
    row_b = page.locator(f"#agency-{second.agency.pk}")
    expect(row_a).to_contain_text("Sangat Tinggi: 1")
    expect(row_a).to_contain_text("Tinggi: 1")
    expect(row_a.locator(".average")).to_have_text("90,00%")
    expect(row_b).to_contain_text("Sangat Rendah: 1")
    expect(row_b).to_contain_text("Sedang: 1")
    expect(row_b.locator(".average")).to_have_text("60,00%")
    expect(row_b).to_contain_text("2 dari 2 unit mengirim, 2 diterima")
    expect(row_b.locator(".published")).to_have_text("1")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.screenshot(path="var/e2e-regency-overview.png", full_page=True)

    # The search narrows the list to one agency.
    page.get_by_label("Cari perangkat daerah").fill("Uji-B")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#regency-agencies tbody tr")).to_have_count(1)

    row_b.get_by_role("link", name="Dinas Uji-B").click()
    expect(page.get_by_role("heading", name="Dinas Uji-B")).to_be_visible()
    indicators = page.locator("#agency-indicators")
    expect(indicators).to_contain_text("Indikator 1 uji-b")
    expect(indicators).to_contain_text("50,00%")
    expect(indicators).to_contain_text("Sangat Rendah")
    expect(page.locator("#agency-average")).to_have_text("60,00%")
    expect(page.locator("#agency-documents")).to_contain_text("Laporan Kinerja Triwulan I")
    page.screenshot(path="var/e2e-regency-agency.png", full_page=True)

    # The indicator's own page opens from here.
    indicators.get_by_role("link", name="IK1 Indikator 1 uji-b").click()
    expect(page.get_by_role("heading", name="Indikator 1 uji-b")).to_be_visible()
