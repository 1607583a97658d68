"""Issue 4 in the browser: one quarter of SOP 2 "Pengumpulan Data Kinerja" end to end.

The planning staff open TW I of the current year; Bidang IKP types its realisasi (with kendala and
solusi where the page asks for them), attaches a PDF and submits; Bidang Aptika downloads the Excel
template, fills it, uploads it, checks the preview, applies it and submits; the planning staff
return Bidang IKP's data with a note, Bidang IKP fixes a value and resends; both are accepted; the
quarterly report is generated and its DOCX, PDF and XLSX show the same realisasi and capaian of the
two units' indicators as the report page. "Buat laporan" leads to the job page (the test settings
run the job inside the request, so it is done when the page opens); its download links give the
files; back on the report page the planning staff publish that version.

The demo holds last year's completed quarters, not this year's Rencana Aksi: the fixture makes and
accepts them through the services (the same routine the demo uses for last year). The other three
units send nothing: the report lists them as pending, which it allows.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from sakip.conftest import PASSWORD
from sakip.demo.data_year import load_action_plans
from sakip.demo.loader import load_demo
from sakip.monitoring import selectors as monitoring_selectors
from sakip.monitoring.models import ReportingPeriod, UnitSubmission
from sakip.organization.models import Unit
from sakip.planning.action_plan_models import ActionPlanStatus, QuarterTarget
from sakip.planning.choices import Polarity, TargetKind
from sakip.procedures.calendar import calendar_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

IKP = "Bidang Informasi dan Komunikasi Publik"
APTIKA = "Bidang Aplikasi Informatika"
IKP_CODE = "diskominfo-ikp"
APTIKA_CODE = "diskominfo-aptika"
RETURN_NOTE = "Realisasi salah satu indikator tampak terlalu rendah; mohon diperiksa kembali."
PROBLEMS = "Kegiatan triwulan I tertunda karena menunggu pencairan anggaran."
SOLUTIONS = "Percepatan pelaksanaan kegiatan pada triwulan II."


@pytest.fixture
def demo(settings, tmp_path):
    """The demo without the SOP 1 run, plus this year's accepted Rencana Aksi of every unit."""
    settings.MEDIA_ROOT = tmp_path / "media"
    assert load_demo(password=PASSWORD, with_sop_run=False) is not None
    agency = Unit.objects.get(code=IKP_CODE).agency()
    year = timezone.localdate().year
    plans = load_action_plans(agency=agency, year=year, calendar=calendar_for(agency))
    assert {p.unit.code for p in plans} >= {IKP_CODE, APTIKA_CODE}
    return agency, year


def minimal_pdf(path: Path) -> Path:
    import weasyprint

    path.write_bytes(weasyprint.HTML(string="<p>Daftar hadir rapat koordinasi</p>").write_pdf())
    return path


def id_text(value: Decimal) -> str:
    """Decimal("1234.5") -> "1.234,5" (what the entry field accepts)."""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


def parse_id(text: str) -> Decimal:
    return Decimal(text.strip().rstrip("%").strip().replace(".", "").replace(",", "."))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Walk:
    def __init__(self, page: Page, base: str, login) -> None:
        self.page, self.base, self._login = page, base, login

    def as_user(self, username: str) -> Page:
        self.page.context.clear_cookies()
        self._login(username)
        return self.page

    def go(self, name: str, *args) -> None:
        self.page.goto(self.base + reverse(name, args=args))


def tw1_targets(period: ReportingPeriod, unit_code: str) -> dict[int, QuarterTarget]:
    submission = UnitSubmission.objects.get(period=period, unit__code=unit_code)
    indicators = list(monitoring_selectors.unit_indicators(submission))
    rows = QuarterTarget.objects.filter(
        action_plan__year=period.year,
        action_plan__status=ActionPlanStatus.ACCEPTED,
        quarter=period.quarter,
        indicator__in=indicators,
        low__isnull=False,
    ).select_related("indicator")
    return {row.indicator_id: row for row in rows}


def test_quarter_entry_excel_review_and_report(page, live_server, login, demo, tmp_path):
    agency, year = demo
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm questions
    walk = Walk(page, live_server.url, login)
    ikp = Unit.objects.get(code=IKP_CODE)
    aptika = Unit.objects.get(code=APTIKA_CODE)

    # --- the planning staff open TW I ----------------------------------------------------------
    walk.as_user("staf.evaluasi")
    walk.go("monitoring:period_list")
    form = page.locator("#open-period")
    form.get_by_label("Tahun").fill(str(year))
    form.get_by_label("Triwulan").select_option("1")
    form.locator("#open-period-button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("TW I")
    period = ReportingPeriod.objects.get(agency=agency, year=year, quarter=1)
    assert period.submissions.filter(unit__in=[ikp, aptika]).count() == 2

    # --- Bidang IKP types its data in the browser ----------------------------------------------
    ikp_targets = tw1_targets(period, IKP_CODE)
    assert ikp_targets
    low_id = next(
        pk
        for pk, row in ikp_targets.items()
        if row.indicator.polarity == Polarity.HIGHER
        and row.indicator.target_kind != TargetKind.RANGE
        and row.low > 0
    )
    low_row = ikp_targets[low_id]
    walk.as_user("kabid.ikp")
    walk.go("monitoring:submission_detail", period.pk, ikp.pk)
    entry = page.locator("#entry-form")
    for pk, row in ikp_targets.items():
        value = row.low / 2 if pk == low_id else row.low
        entry.locator(f"input[name=value_{pk}]").fill(id_text(value))
    entry.locator("#save-button").click()
    expect(page.get_by_text("Data telah disimpan.")).to_be_visible()
    # The page now asks for kendala and solusi where the capaian is below the threshold.
    needing = page.locator("[id^=needs-explanation-]")
    expect(page.locator(f"#needs-explanation-{low_id}")).to_be_visible()
    for element in needing.all():
        pk = element.get_attribute("id").rsplit("-", 1)[1]
        entry.locator(f"textarea[name=problems_{pk}]").fill(PROBLEMS)
        entry.locator(f"textarea[name=solutions_{pk}]").fill(SOLUTIONS)
    pdf = minimal_pdf(tmp_path / "daftar-hadir.pdf")
    entry.locator(f"input[name=evidence_{low_id}]").set_input_files(str(pdf))
    entry.locator("#submit-button").click()
    expect(page.get_by_text("Data telah dikirim untuk diverifikasi.")).to_be_visible()
    expect(page.locator(f"#evidence-{low_id}")).to_contain_text("daftar-hadir.pdf")

    # --- Bidang Aptika fills the Excel template ------------------------------------------------
    walk.as_user("kabid.aptika")
    walk.go("monitoring:submission_detail", period.pk, aptika.pk)
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh templat Excel").first.click()
    template = tmp_path / "templat-aptika.xlsx"
    info.value.save_as(template)
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    header = {str(c.value): c.column for c in sheet[5] if c.value is not None}
    filled = 0
    for row in range(6, sheet.max_row + 1):
        if not sheet.cell(row, header["Kode"]).value:
            continue
        low = sheet.cell(row, header["Target (nilai bawah)"]).value
        if low is None:
            continue
        sheet.cell(row, header["Realisasi"]).value = low
        sheet.cell(row, header["Kendala"]).value = PROBLEMS
        sheet.cell(row, header["Solusi"]).value = SOLUTIONS
        filled += 1
    assert filled == len(tw1_targets(period, APTIKA_CODE))
    filled_path = tmp_path / "aptika-terisi.xlsx"
    workbook.save(filled_path)
    page.get_by_role("link", name="Unggah templat terisi").click()
    page.locator("input[type=file]").set_input_files(str(filled_path))
    page.get_by_role("button", name="Unggah dan tampilkan pratinjau").click()
    expect(page.locator("#excel-indicator-rows")).to_be_visible()
    expect(page.locator("#excel-row-errors")).to_have_count(0)
    expect(page.get_by_text(f"Diubah: {filled}").first).to_be_visible()
    page.locator("#excel-apply").click()
    page.wait_for_url(f"**{reverse('monitoring:submission_detail', args=(period.pk, aptika.pk))}")
    page.locator("#submit-button").click()
    expect(page.get_by_text("Data telah dikirim untuk diverifikasi.")).to_be_visible()

    # --- the planning staff return Bidang IKP's data -------------------------------------------
    walk.as_user("staf.evaluasi")
    walk.go("monitoring:submission_detail", period.pk, ikp.pk)
    review = page.locator("#review")
    review.get_by_label("Catatan verifikasi", exact=True).fill(RETURN_NOTE)
    review.locator("#return-button").click()
    expect(page.get_by_text(f"Data dikembalikan ke {IKP} untuk diperbaiki.")).to_be_visible()

    # --- Bidang IKP fixes the value and resends ------------------------------------------------
    walk.as_user("kabid.ikp")
    walk.go("monitoring:submission_detail", period.pk, ikp.pk)
    expect(page.locator("#returned-note")).to_contain_text(RETURN_NOTE)
    fixed = low_row.low
    page.locator(f"#entry-form input[name=value_{low_id}]").fill(id_text(fixed))
    page.locator("#submit-button").click()
    expect(page.get_by_text("Data telah dikirim untuk diverifikasi.")).to_be_visible()

    # --- both accepted -------------------------------------------------------------------------
    walk.as_user("staf.evaluasi")
    for unit in (ikp, aptika):
        walk.go("monitoring:submission_detail", period.pk, unit.pk)
        page.locator("#review #accept-button").click()
        expect(page.get_by_text(f"Data {unit.name} diterima.")).to_be_visible()

    # --- the quarterly report ------------------------------------------------------------------
    walk.go("reports:quarterly_report", period.pk)
    page.locator("#generate-report").click()
    page.wait_for_url("**/dokumen/proses/*/")
    downloads = page.locator("#job-downloads")
    expect(downloads).to_be_visible()
    expect(page.locator("#job-done")).to_contain_text("Dokumen nomor ")
    found = re.search(r"\d{3}/LKT/[^/]+/\d{4}/TW I\b", page.locator("#job-done").inner_text())
    assert found is not None
    number = found.group(0)
    files: dict[str, Path] = {}
    for kind in ("DOCX", "PDF", "XLSX"):
        with page.expect_download() as info:
            downloads.get_by_role("link", name=kind).click()
        files[kind] = path = tmp_path / f"laporan-tw1.{kind.lower()}"
        info.value.save_as(path)
    page.locator("#job-back").click()
    page.wait_for_url(f"**{reverse('reports:quarterly_report', args=(period.pk,))}")
    table = page.locator("#performance-table")
    shown: dict[str, tuple[str, str, str]] = {}  # code -> (name, realisasi, capaian) as on the page
    for unit_code in (IKP_CODE, APTIKA_CODE):
        for row in tw1_targets(period, unit_code).values():
            code = row.indicator.code
            line = table.locator(f"tr[data-code='{code}']")
            realisasi = squash(line.locator("[data-field=realisasi-q]").inner_text())
            capaian = squash(line.locator("[data-field=capaian-q]").inner_text())
            assert realisasi and realisasi != "-", code
            shown[code] = (row.indicator.name, realisasi, capaian)
    # What the units sent: the fixed IKP value, Aptika at its targets.
    assert parse_id(shown[low_row.indicator.code][1]) == fixed
    assert any(c.startswith("APT") for c in shown) and any(c.startswith("IKP") for c in shown)

    # The version just made is a draft; the planning staff publish it after a confirmation.
    version = page.locator("#versions tbody tr").first
    expect(version).to_contain_text(number)
    expect(version.locator("[data-publication=draft]")).to_be_visible()
    version.get_by_role("link", name="Terbitkan").click()
    expect(page.locator("#publish-consequence")).to_contain_text("tidak dapat diubah")
    page.locator("#publish-confirm").click()
    expect(page.get_by_text("telah diterbitkan.")).to_be_visible()
    version = page.locator("#versions tbody tr").first
    expect(version.locator("[data-publication=published]")).to_be_visible()
    expect(version.locator("td[data-field=publication]")).to_contain_text("Fitriani")

    document = docx.Document(str(files["DOCX"]))
    docx_rows = [
        [squash(cell.text) for cell in row.cells] for t in document.tables for row in t.rows
    ]
    pdf_text = squash(" ".join(p.extract_text() or "" for p in PdfReader(str(files["PDF"])).pages))
    performance = openpyxl.load_workbook(files["XLSX"]).worksheets[0]
    xlsx_rows = {
        row[2]: row for row in performance.iter_rows(values_only=True) if row and row[2] in shown
    }
    for code, (name, realisasi, capaian) in shown.items():
        matching = [row for row in docx_rows if name in row]
        assert any(realisasi in row and capaian in row for row in matching), (code, matching)
        for text in (realisasi, capaian):
            assert re.search(rf"(?<![\d,.]){re.escape(text)}", pdf_text), (code, text)
        cells = xlsx_rows[code]
        assert Decimal(str(cells[7])) == parse_id(realisasi), (code, cells)
        assert Decimal(str(cells[8] * 100)).quantize(Decimal("0.01")) == parse_id(capaian), (
            code,
            cells,
        )


def test_job_page_follows_the_progress_and_stops_polling(
    page, live_server, login, organization, settings, tmp_path
):
    """The job page updates itself every second (htmx) and stops asking once the job is done
    (HTTP 286), without breaking the page's Content-Security-Policy."""
    from django.core.files.base import ContentFile

    from sakip.reports.models import DocumentKind, GeneratedDocument, JobStatus, ReportJob

    settings.MEDIA_ROOT = tmp_path / "media"
    job = ReportJob.objects.create(
        kind=DocumentKind.QUARTERLY,
        title="Laporan Kinerja Triwulan I Tahun 2026",
        params={"period": 1},
        agency=organization.agency,
        year=2026,
        status=JobStatus.RUNNING,
        progress=40,
        message="Membuat grafik",
        created_by=organization["staf.evaluasi"],
        return_url="/dokumen/",
    )
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda msg: csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    login("staf.evaluasi")
    url = live_server.url + reverse("reports:job", args=[job.pk])
    page.goto(url)
    expect(page.locator("#job-message")).to_have_text(re.compile(r"Membuat grafik…\s+40%"))
    # htmx's own indicator <style> is refused on every page load (it is not ours); what matters
    # is that the swaps that follow bring nothing the policy refuses.
    csp_errors.clear()

    ReportJob.objects.filter(pk=job.pk).update(progress=80, message="Membuat PDF")
    expect(page.locator("#job-message")).to_have_text(re.compile(r"Membuat PDF…\s+80%"))
    expect(page.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "80")

    document = GeneratedDocument(
        agency=organization.agency,
        kind=DocumentKind.QUARTERLY,
        year=2026,
        number="001/LKT/Uji/2026/TW I",
        title="Laporan Kinerja Triwulan I Tahun 2026",
        source_type="monitoring.reportingperiod",
        source_id="1",
    )
    document.pdf.save("uji.pdf", ContentFile(b"%PDF-1.4 uji"), save=False)
    document.save()
    ReportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=100, message="Selesai", document=document
    )
    expect(page.locator("#job-done")).to_contain_text("001/LKT/Uji/2026/TW I")
    expect(page.locator("#job-downloads").get_by_role("link", name="PDF")).to_be_visible()

    polls: list[str] = []
    page.on("request", lambda request: polls.append(request.url) if request.url == url else None)
    page.wait_for_timeout(2500)
    assert polls == []  # the 286 answer stopped the polling
    assert csp_errors == []
