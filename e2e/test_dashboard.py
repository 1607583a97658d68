"""The Kepala Dinas starts the day on the dashboard (issue 11): logs in, lands on the Dasbor with
last year's completed quarters, opens an objective, then one of its indicators, and reaches the
indicator's evidence file.

The demo holds no evidence files; the fixture attaches one to an accepted TW IV realisasi of last
year (a locked quarter no unit can change through the pages any more). Screenshots are written to
var/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from sakip.accounts.models import User
from sakip.conftest import PASSWORD
from sakip.demo.loader import load_demo
from sakip.monitoring.models import Evidence, Realisasi, SubmissionStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EVIDENCE_NAME = "Berita acara integrasi aplikasi TW IV.pdf"
VAR = Path("var")


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert load_demo(password=PASSWORD, with_sop_run=False) is not None
    year = timezone.localdate().year - 1
    realisasi = Realisasi.objects.get(
        indicator__code="APT.1.1",
        submission__period__year=year,
        submission__period__quarter=4,
        submission__status=SubmissionStatus.ACCEPTED,
    )
    evidence = Evidence(
        realisasi=realisasi,
        name=EVIDENCE_NAME,
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=User.objects.get(username="kabid.aptika"),
    )
    evidence.file.save("berita-acara.pdf", ContentFile(PDF), save=True)
    return year


def test_kadis_goes_from_the_dashboard_to_an_indicators_evidence(page, live_server, login, demo):
    year = demo
    VAR.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    # Without the tabs' fade the screenshot shows the opened tab, not its transition.
    page.emulate_media(reduced_motion="reduce")
    login("kadis")

    # Lands on the dashboard of last year's latest quarter.
    expect(page).to_have_url(f"{live_server.url}{reverse('dashboard:home')}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Dasbor {year}")
    expect(page.locator("#period-label")).to_have_text(f"TW IV {year}")
    expect(page.locator("#my-tasks")).to_contain_text("Tugas saya")
    # The charts are drawn (Chart.js paints the canvas) and their tables hold the numbers.
    expect(page.locator("#chart-objectives")).to_be_visible()
    assert page.locator("#chart-objectives").evaluate("c => c.width > 0 && c.height > 0")
    expect(page.locator("#categories-table")).to_contain_text("Sangat Tinggi")
    page.screenshot(path=str(VAR / "e2e-dashboard.png"), full_page=True)

    # An objective leads to its indicators …
    # Drawn charts fold their tables; the objectives' table opens with its "Tabel" switch.
    expect(page.locator("#objectives-table")).not_to_be_visible()
    page.locator("#objectives summary").click()
    page.locator("#objectives-table").get_by_role("link", name="SS1", exact=False).click()
    expect(page.locator("#indicator-filter")).to_contain_text("Sasaran SS1")
    indicators = page.locator("#indicators-table")
    expect(indicators.locator("tbody tr")).to_have_count(3)

    # … an indicator to its page, whose "Berkas bukti" tab holds the evidence.
    indicators.get_by_role("link", name="APT.1.1", exact=False).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jumlah aplikasi layanan")
    page.get_by_role("tab", name="Berkas bukti").click()
    evidence = page.locator("#pane-files")
    expect(evidence).to_be_visible()
    expect(evidence).to_have_class(re.compile(r"\bshow\b"))
    link = evidence.get_by_role("link", name=EVIDENCE_NAME)
    expect(link).to_be_visible()
    expect(evidence).to_contain_text(f"TW IV {year}")
    page.screenshot(path=str(VAR / "e2e-dashboard-evidence.png"), full_page=True)

    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".pdf")
