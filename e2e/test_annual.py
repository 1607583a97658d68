"""The LKjIP (SOP 2 step 9) in the browser.

The planning staff open the LKjIP from the side navigation, open the year (its four quarters
locked), read the chapters and the seven analyses of the objective, rewrite the "Kesimpulan" of
Bab IV, generate the document (a confirmation first; the test settings run the job inside the
request, so the job page is done when it opens), download the DOCX and the PDF from the job page
and find in both their sentence, the chapter headings and the capaian the page shows; then they
publish that version. The Kepala Dinas reads the year without any way to change it; a Kepala
Bidang, who sees one unit only, gets a 404.

A second test races two planners on one section: the later save is refused with the stale-edit
message next to the field, and the text the second planner typed stays in the textarea.

The year is capaian_factories' hand-computed 2026 (DOMAIN.md §3's period example) with budget.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from sakip.conftest import PASSWORD
from sakip.monitoring.tests.capaian_factories import YEAR, build_budget, build_year, lock_periods
from sakip.reports.annual.models import AnnualReportSection
from sakip.reports.models import GeneratedDocument

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONCLUSION = (
    "Kesimpulan uji peramban: sasaran layanan SPBE tahun 2026 tercapai berkat kerja sama "
    "Bidang IKP dan Bidang Aptika."
)
# Indicator C4 (lower is better, incremental): targets 10 per quarter, realisasi 8/12/25/10.
# Year: T = 10 + 10 + 10 + 10 = 40, R = 8 + 12 + 25 + 10 = 55;
# capaian = (2T − R) / T × 100 = (80 − 55) / 40 × 100 = 62,50 %.
C4_CAPAIAN = "62,50%"
ANALYSES = [
    "1. Perbandingan target dan realisasi tahun ini",
    "2. Perbandingan realisasi dan capaian dengan tahun-tahun sebelumnya",
    "3. Perbandingan realisasi dengan target akhir Renstra",
    "4. Perbandingan dengan standar nasional",
    "5. Penyebab keberhasilan atau kegagalan dan solusinya",
    "6. Efisiensi penggunaan sumber daya",
    "7. Program dan kegiatan pendukung",
]
CHAPTERS = [
    "Kata Pengantar",
    "Ikhtisar Eksekutif",
    "Bab I Pendahuluan",
    "Bab II Perencanaan Kinerja",
    "Bab III Akuntabilitas Kinerja",
    "Bab IV Penutup",
]
# The documents set each chapter's heading in capitals on two lines ("BAB III" / "AKUNTABILITAS
# KINERJA"), as printed reports do.
DOCUMENT_HEADINGS = (
    "BAB I",
    "PENDAHULUAN",
    "BAB II",
    "PERENCANAAN KINERJA",
    "BAB III",
    "AKUNTABILITAS KINERJA",
    "BAB IV",
    "PENUTUP",
)


@pytest.fixture
def locked_year(organization, plan_data, settings, tmp_path):
    """2026 with its four quarters accepted and locked, and the agency's budget."""
    settings.MEDIA_ROOT = tmp_path / "media"
    year = build_year(organization, plan_data)
    build_budget(organization, plan_data, year)
    lock_periods(year)
    return year


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sign_in(page: Page, base: str, username: str) -> Page:
    """The login fixture's steps for a page of another browser context."""
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.locator("#login-submit").click()
    page.wait_for_load_state()
    return page


def year_url(base: str) -> str:
    return base + reverse("reports:annual_report", args=[YEAR])


def wait_for_year_page(page: Page, anchor: str = "") -> None:
    """The year page, with or without ``?agency=`` (the job's way back keeps the agency)."""
    path = re.escape(reverse("reports:annual_report", args=[YEAR]))
    page.wait_for_url(re.compile(rf"{path}(\?agency=\d+)?{re.escape(anchor)}$"))


def edit_url(base: str, key: str) -> str:
    return base + reverse("reports:annual_section_edit", args=[YEAR, key])


def docx_text(path: Path) -> tuple[str, list[list[str]]]:
    document = docx.Document(str(path))
    text = squash(" ".join(p.text for p in document.paragraphs))
    rows = [[squash(cell.text) for cell in row.cells] for t in document.tables for row in t.rows]
    return text, rows


def pdf_text(path: Path) -> str:
    return squash(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def test_planner_writes_generates_and_publishes_the_lkjip(
    page, live_server, login, organization, plan_data, locked_year, tmp_path
):
    base = live_server.url
    questions: list[str] = []

    def answer(dialog) -> None:  # data-confirm questions: noted, then accepted
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    c4 = locked_year.indicators["C4"]
    objective = plan_data.objective

    # --- the planning staff find the LKjIP in the side navigation ------------------------------
    login("staf.evaluasi")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="LKjIP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan Kinerja Tahunan (LKjIP)")
    row = page.locator(f"#year-{YEAR}")
    expect(row).to_contain_text("TW I, TW II, TW III, TW IV")
    expect(row.get_by_text("Draf")).to_have_count(0)  # all four quarters are locked
    row.get_by_role("link", name="Buka LKjIP").click()
    wait_for_year_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"LKjIP Tahun {YEAR}")
    expect(page.locator("#unlocked-quarters")).to_have_count(0)
    expect(page.locator("#no-versions")).to_be_visible()

    # --- the chapters and the seven analyses of the objective ----------------------------------
    chapter_headings = page.locator("section[id^=chapter-] > h2")
    expect(chapter_headings).to_have_text(CHAPTERS)
    block = page.locator(f"#objective-{objective.pk}")
    expect(block.locator("h4").first).to_have_text("1. S1 Meningkatnya kualitas layanan SPBE")
    expect(block.locator("h5")).to_have_text(ANALYSES)
    c4_row = block.locator(f"table[data-analysis='1'] tr#indicator-{c4.pk}")
    expect(c4_row).to_contain_text("Indikator C4")
    capaian = squash(c4_row.locator("[data-field=capaian-year]").inner_text())
    assert capaian == C4_CAPAIAN
    # Analysis 5 lists C4's kendala of the year next to the same capaian.
    expect(block.locator("table[data-analysis='5'] tr[data-code=C4]")).to_contain_text(
        f"({C4_CAPAIAN})"
    )
    expect(block.locator("table[data-analysis='5'] tr[data-code=C4]")).to_contain_text(
        "Kendala C4 TW 3"
    )

    # --- "Kesimpulan" rewritten by the staff ---------------------------------------------------
    conclusion = page.locator("#section-bab4_conclusion")
    expect(conclusion.locator("[data-state=prefilled]")).to_be_visible()
    conclusion.get_by_role("link", name="Ubah Kesimpulan").click()
    page.wait_for_url(f"**{reverse('reports:annual_section_edit', args=[YEAR, 'bab4_conclusion'])}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kesimpulan")
    text = page.get_by_label("Teks")
    expect(text).not_to_be_empty()  # pre-filled from the data
    text.fill(CONCLUSION)
    page.get_by_role("button", name="Simpan").click()
    wait_for_year_page(page, "#section-bab4_conclusion")
    expect(page.get_by_text("Teks bagian “Kesimpulan” telah disimpan.")).to_be_visible()
    conclusion = page.locator("#section-bab4_conclusion")
    expect(conclusion.locator(".sakip-narrative")).to_have_text(CONCLUSION)
    expect(conclusion.locator("[data-state=edited]")).to_contain_text("Diubah oleh Staf Evaluasi")
    # The other section of Bab IV still follows the data.
    expect(page.locator("#section-bab4_improvement [data-state=prefilled]")).to_be_visible()

    # --- the document: confirmation, job page, downloads ----------------------------------------
    page.locator("#generate-report").click()
    page.wait_for_url("**/dokumen/proses/*/")
    assert len(questions) == 1 and "versi baru" in questions[0], questions
    downloads = page.locator("#job-downloads")
    expect(downloads).to_be_visible()
    expect(page.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "100")
    found = re.search(r"\d{3}/LKjIP/\S+/2026", page.locator("#job-done").inner_text())
    assert found is not None
    number = found.group(0)
    assert number.startswith("001/")  # the first version of the year
    files: dict[str, Path] = {}
    for kind in ("DOCX", "PDF"):
        with page.expect_download() as info:
            downloads.get_by_role("link", name=kind).click()
        files[kind] = path = tmp_path / f"lkjip-2026.{kind.lower()}"
        info.value.save_as(path)

    body, rows = docx_text(files["DOCX"])
    assert CONCLUSION in body
    for heading in DOCUMENT_HEADINGS:
        assert heading in body, heading
    c4_rows = [r for r in rows if any("Indikator C4" in cell for cell in r)]
    assert any(capaian in r for r in c4_rows), c4_rows
    pdf = pdf_text(files["PDF"])
    assert CONCLUSION in pdf
    for heading in DOCUMENT_HEADINGS:
        assert heading in pdf, heading
    # C4's line of analysis 1: "Indikator C4 … 62,50%" (target, realisasi, capaian in one row).
    assert re.search(rf"Indikator C4.{{0,120}}{re.escape(capaian)}", pdf), pdf[:2000]

    # --- back on the year page: publish that version --------------------------------------------
    page.locator("#job-back").click()
    wait_for_year_page(page)
    version = page.locator("#versions tbody tr").first
    expect(version).to_contain_text(number)
    expect(version.locator("[data-publication=draft]")).to_be_visible()
    version.get_by_role("link", name="Terbitkan").click()
    expect(page.locator("#publish-consequence")).to_contain_text("tidak dapat diubah")
    page.locator("#publish-confirm").click()
    wait_for_year_page(page)
    version = page.locator("#versions tbody tr").first
    expect(version.locator("[data-publication=published]")).to_have_text("Terbit")
    expect(version.locator("td[data-field=publication]")).to_contain_text("Staf Evaluasi")
    expect(version.get_by_role("link", name="Terbitkan")).to_have_count(0)
    document = GeneratedDocument.objects.get(number=number)
    assert document.published_by == organization["staf.evaluasi"]

    # --- the Kepala Dinas reads, without anything to change -------------------------------------
    page.context.clear_cookies()
    login("kadis")
    page.goto(year_url(base))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"LKjIP Tahun {YEAR}")
    expect(page.locator("#section-bab4_conclusion .sakip-narrative")).to_have_text(CONCLUSION)
    c4_cell = page.locator(f"#indicator-{c4.pk} [data-field=capaian-year]")
    expect(c4_cell).to_have_text(capaian)
    expect(page.locator("#versions [data-publication=published]")).to_be_visible()
    expect(page.locator("#generate-report")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^Ubah\b"))).to_have_count(0)
    expect(page.locator("a[href*='/bagian/']")).to_have_count(0)
    expect(page.get_by_role("link", name="Terbitkan")).to_have_count(0)
    # He may download the published version.
    expect(page.locator("#versions").get_by_role("link", name=re.compile("^PDF"))).to_be_visible()

    # --- a Kepala Bidang sees one unit only: no LKjIP for him ------------------------------------
    page.context.clear_cookies()
    login("kabid.ikp")
    response = page.goto(year_url(base))
    assert response is not None and response.status == 404


def test_racing_edits_keep_the_later_text_and_say_who_changed_it(
    browser: Browser, live_server, organization, locked_year
):
    base = live_server.url
    staff_context = browser.new_context()
    head_context = browser.new_context()
    try:
        staff = sign_in(staff_context.new_page(), base, "staf.evaluasi")
        kasubag = sign_in(head_context.new_page(), base, "kasubag.renkeu")
        # Both open the never-edited "Kesimpulan" (version 0) before either saves.
        staff.goto(edit_url(base, "bab4_conclusion"))
        kasubag.goto(edit_url(base, "bab4_conclusion"))
        expect(staff.locator("#section-form input[name=version]")).to_have_value("0")
        expect(kasubag.locator("#section-form input[name=version]")).to_have_value("0")

        kasubag.get_by_label("Teks").fill("Kesimpulan versi Kasubbag.")
        kasubag.get_by_role("button", name="Simpan").click()
        expect(kasubag.get_by_text("Teks bagian “Kesimpulan” telah disimpan.")).to_be_visible()

        mine = "Kesimpulan versi staf, diketik sebelum Kasubbag menyimpan."
        staff.get_by_label("Teks").fill(mine)
        staff.get_by_role("button", name="Simpan").click()
        field = staff.get_by_label("Teks")
        feedback = staff.locator("#section-form .invalid-feedback")
        expect(feedback).to_contain_text(
            "Bagian ini telah diubah oleh Kasubag Renkeu saat Anda menyuntingnya, sehingga teks "
            "Anda belum disimpan."
        )
        expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
        expect(field).to_have_value(mine)
        expect(staff.locator("#form-error-summary")).to_contain_text("telah diubah oleh")

        section = AnnualReportSection.objects.get(key="bab4_conclusion")
        assert section.text == "Kesimpulan versi Kasubbag." and section.version == 1

        # Reloading shows the Kasubag's text with its version; saving then goes through.
        staff.goto(edit_url(base, "bab4_conclusion"))
        expect(staff.locator("#section-form input[name=version]")).to_have_value("1")
        expect(staff.get_by_label("Teks")).to_have_value("Kesimpulan versi Kasubbag.")
        expect(staff.locator("[data-state=edited]")).to_contain_text("Diubah oleh Kasubag Renkeu")
        staff.get_by_label("Teks").fill(mine)
        staff.get_by_role("button", name="Simpan").click()
        expect(staff.locator("#section-bab4_conclusion .sakip-narrative")).to_have_text(mine)
        section.refresh_from_db()
        assert section.text == mine and section.version == 2
    finally:
        staff_context.close()
        head_context.close()
