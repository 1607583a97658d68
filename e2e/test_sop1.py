"""Issue 3 in the browser: SOP 1 "Pelaksanaan Pengukuran Kinerja" walked end to end by the demo people.

Everything happens through the pages a user clicks, starting from each person's inbox: the
disposition, the plan, the socialization meeting, every unit's form (one target changed), the
employees handing the forms in, the compilation, the Kasubag's review with one form returned and
corrected in a second round, and the end of the run: the RKT locked with a number, the RKT and the
PKs in the archive, downloaded and opened (DOCX with python-docx, PDF with pypdf). The expected
objectives, indicators and 2027 targets come from the demo's Renstra in the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from sakip.conftest import PASSWORD
from sakip.demo.loader import load_demo
from sakip.demo.organization import UNITS
from sakip.demo.people import PEOPLE
from sakip.organization.choices import Role
from sakip.organization.models import Unit
from sakip.planning.models import IndicatorTarget, RktIndicatorLine

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = 2027
RUN_TITLE = f"Penyusunan RKT {YEAR}"
SOP_TITLE = "Pelaksanaan Pengukuran Kinerja"

# The step activities exactly as the signed SOP writes them (procedures/sop-pengukuran-kinerja.toml).
STEP_DISPOSITION = "Disposisi kepada kasubag program untuk melakukan penyusunan RKT"
STEP_PLAN = "Perencanaan kegiatan penyusunan RKT"
STEP_SOCIALIZE = "Rapat Sosialisasi Pengisian Form RKT Kegiatan"
STEP_FILL = "Mengisi Form RKT Kegiatan"
STEP_SUBMIT = "Mengumpulkan Form RKT yang telah diisi oleh setiap Bidang"
STEP_COMPILE = "Mengompilasi Form RKT dari masing-masing Bidang/SubBag"
STEP_REVIEW = "Koreksi draft RKT dari Bidang-Bidang dan Sekretariat"

SEKRETARIAT = "Sekretariat"
IKP = "Bidang Informasi dan Komunikasi Publik"
APTIKA = "Bidang Aplikasi Informatika"
STATISTIK = "Bidang Statistik"
PERSANDIAN = "Bidang Persandian"

# (unit name, unit code, head's login) in the order the units work.
UNIT_HEADS = (
    (SEKRETARIAT, "diskominfo-sekretariat", "sekretaris"),
    (IKP, "diskominfo-ikp", "kabid.ikp"),
    (APTIKA, "diskominfo-aptika", "kabid.aptika"),
    (STATISTIK, "diskominfo-statistik", "kabid.statistik"),
    (PERSANDIAN, "diskominfo-persandian", "kabid.persandian"),
)

# The targets the units change on their forms: Bidang IKP in round 1 (typed "575"), Bidang Aptika in
# round 2 after the Kasubag's note (typed the Indonesian way, "99,25").
IKP_CHANGED = ("IKP.1.1", "575", Decimal("575"))
APTIKA_FIXED = ("APT.2.1", "99,25", Decimal("99.25"))
LINE_NOTE = "Target ketersediaan pusat data 2027 dinaikkan menjadi 99,25 sesuai evaluasi uptime."
RETURN_NOTE = "Perbaiki target APT.2.1 sesuai catatan pada barisnya."


@pytest.fixture
def demo(settings, tmp_path):
    """The demo agency, people, Renstra, calendar and SOPs, without the demo's own run."""
    settings.MEDIA_ROOT = tmp_path / "media"
    summary = load_demo(password=PASSWORD, with_sop_run=False)
    assert summary is not None
    return summary


# --- what the documents must say, from the plan data --------------------------------------------


def id_number(value: Decimal) -> str:
    """Decimal("99.2500") -> "99,25"; Decimal("1500") -> "1.500" (Indonesian digits)."""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-')):,}".replace(",", ".")
    return f"{sign}{grouped}{',' + fraction if fraction else ''}"


@dataclass(frozen=True)
class Expected:
    code: str
    name: str
    objective: str
    unit_of_measure: str
    target: str  # as printed: "91", "99,25", "80–90"


def expected_lines(
    unit_code: str, overrides: dict[str, Decimal], *, below: bool = True
) -> list[Expected]:
    """The unit's indicators (with `below`, also those of the units under it) and their YEAR
    target from the Renstra, or the value a unit typed on its form (`overrides`, by code)."""
    unit = Unit.objects.get(code=unit_code)
    rows = []
    targets = IndicatorTarget.objects.filter(year=YEAR).select_related("indicator__objective")
    if below:
        targets = targets.filter(indicator__responsible_unit__path__startswith=unit.path)
    else:
        targets = targets.filter(indicator__responsible_unit=unit)
    for target in targets:
        indicator = target.indicator
        low, high = overrides.get(indicator.code, target.low), target.high
        if indicator.code in overrides:
            high = None
        printed = id_number(low)
        if high is not None and high != low:
            printed = f"{printed}–{id_number(high)}"
        rows.append(
            Expected(
                indicator.code,
                indicator.name,
                indicator.objective.statement,
                indicator.unit_of_measure,
                printed,
            )
        )
    assert rows, unit_code
    return rows


def staff_of(unit_code: str) -> list[str]:
    """Login names of the demo employees (role "employee") in a unit or the units below it."""
    codes = {unit_code}
    grew = True
    while grew:
        children = {row.code for row in UNITS if row.parent in codes}
        grew = not children <= codes
        codes |= children
    return [
        p.username for p in PEOPLE if p.role == Role.EMPLOYEE and p.unit in codes and p.username
    ]


def display_name(username: str) -> str:
    return next(p.display_name for p in PEOPLE if p.username == username)


# --- reading the downloaded files ---------------------------------------------------------------


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def docx_rows(path: Path) -> tuple[str, list[list[str]]]:
    """The text of a DOCX (paragraphs and cells) and its table rows as lists of cell texts."""
    document = docx.Document(str(path))
    rows = [
        [squash(cell.text) for cell in row.cells] for table in document.tables for row in table.rows
    ]
    text = " ".join(
        [squash(p.text) for p in document.paragraphs] + [cell for row in rows for cell in row]
    )
    return text, rows


def pdf_text(path: Path) -> str:
    return squash(" ".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def assert_docx_lines(rows: list[list[str]], text: str, lines: list[Expected]) -> None:
    """Each indicator sits in a table row whose target cell shows its target (and unit)."""
    for line in lines:
        assert line.objective in text, line.objective
        matching = [row for row in rows if line.name in row]
        assert matching, f"{line.code} {line.name} not in the document"
        accepted = {line.target, f"{line.target} {line.unit_of_measure}"}
        assert any(accepted & set(row) for row in matching), (line.code, line.target, matching)


def assert_pdf_lines(text: str, lines: list[Expected]) -> None:
    for line in lines:
        assert line.objective in text, line.objective
        assert line.name in text, line.name
        assert re.search(rf"(?<![\d,.]){re.escape(line.target)}(?![\d,])", text), (
            line.code,
            line.target,
        )


# --- the walk -----------------------------------------------------------------------------------


class Walk:
    """The browser as whoever is logged in; every step starts from that person's inbox."""

    def __init__(self, page: Page, base_url: str, login) -> None:
        self.page = page
        self.base = base_url
        self._login = login

    def as_user(self, username: str) -> Page:
        self.page.context.clear_cookies()
        self._login(username)
        return self.inbox()

    def inbox(self) -> Page:
        # The planners land on the dashboard (issue 11); the inbox is one click away.
        self.page.goto(f"{self.base}{reverse('procedures:inbox')}")
        expect(self.page.get_by_role("heading", name="Kotak Masuk", exact=True)).to_be_visible()
        return self.page

    def nav(self, label: str) -> None:
        menu = self.page.get_by_role("navigation", name="Navigasi utama")
        menu.get_by_role("link", name=label, exact=True).click()

    def task_row(self, activity: str, unit: str | None = None):
        rows = self.page.locator("#open-tasks > li").filter(has_text=activity)
        if unit is not None:
            rows = rows.filter(has_text=f"Unit: {unit}")
        return rows

    def open_task(self, activity: str, unit: str | None = None):
        """Click the task in the inbox (it leads to the step's work page or the task page)."""
        self.inbox()
        row = self.task_row(activity, unit)
        expect(row).to_have_count(1)
        link = row.locator("h2 a")
        href = link.get_attribute("href")
        link.click()
        self.page.wait_for_url(f"**{href}")
        return row

    def complete_task(self, note: str = "") -> None:
        """On the generic task page: write the note and mark the task done."""
        form = self.page.locator("#complete-form")
        if note:
            form.get_by_label("Catatan").fill(note)
        form.get_by_role("button", name="Tandai selesai").click()
        expect(self.page.locator("#run-status")).to_be_visible()
        expect(self.page.get_by_role("alert")).to_contain_text("Tugas selesai.")

    def find_assignee(self, candidates: list[str], activity: str, unit: str) -> str:
        """Whose inbox holds the unit's task: log in as each candidate until one has it."""
        for username in candidates:
            self.as_user(username)
            if self.task_row(activity, unit).count() == 1:
                return username
        raise AssertionError(f"none of {candidates} has “{activity}” for {unit}")


def test_sop1_from_disposition_to_locked_rkt_and_pk_documents(
    page, live_server, login, demo, tmp_path
):
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm questions of sakip.js
    walk = Walk(page, live_server.url, login)
    submitters: dict[str, str] = {}
    form_urls: dict[str, str] = {}

    # 1. The planning staff starts the run with its disposition.
    walk.as_user("staf.evaluasi")
    page.get_by_role("link", name="Mulai pelaksanaan").click()
    page.locator("#sop-choices li").filter(has_text=SOP_TITLE).get_by_role(
        "link", name="Pilih"
    ).click()
    page.locator("#id_title").fill(RUN_TITLE)
    page.locator("#id_year").fill(str(YEAR))
    page.locator("#id_disposition_to").fill("Kasubag Umum dan Kepegawaian")
    page.locator("#id_instruction").fill(
        f"Mohon disusun RKT Tahun {YEAR} sesuai Renstra 2025–2029."
    )
    page.locator("#id_urgency").select_option("urgent")
    page.locator("#id_disposition_date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Mulai pelaksanaan").click()
    expect(page.locator("#run-status")).to_have_text("Berjalan")
    expect(page.get_by_role("heading", level=1)).to_contain_text(RUN_TITLE)
    run_url = page.url

    # 2. Step 1 (staff), step 2 (Kasubag, with the schedule), step 3 (the meeting, then done).
    walk.open_task(STEP_DISPOSITION)
    walk.complete_task("Disposisi diteruskan ke Kasubag Umum dan Kepegawaian.")

    walk.as_user("kasubag.umum")
    walk.open_task(STEP_PLAN)
    walk.complete_task("Sosialisasi hari ini pukul 13.00; pengisian formulir paling lambat besok.")

    walk.as_user("staf.evaluasi")
    walk.open_task(STEP_SOCIALIZE)
    expect(
        page.get_by_role("heading", name="Rapat sosialisasi pengisian formulir RKT")
    ).to_be_visible()
    page.locator("#id_held_at").fill(f"{timezone.localdate().isoformat()}T13:00")
    page.locator("#id_place").fill("Ruang Rapat Diskominfo Balangan")
    page.locator("#id_material").fill(f"Tata cara pengisian formulir RKT {YEAR} dan jadwalnya")
    for _unit, _code, head in UNIT_HEADS:
        page.get_by_label(display_name(head), exact=True).check()
    page.locator("#record-button").click()
    for _unit, _code, head in UNIT_HEADS:
        expect(page.locator("#attendee-list")).to_contain_text(display_name(head))
    page.get_by_role("link", name="Ke halaman tugas").click()
    expect(page.locator("#task-blockers")).to_have_count(0)
    walk.complete_task("Notulen dan daftar hadir terlampir.")

    # 3. Every unit: the head acknowledges and fills (Bidang IKP changes a target); the unit's
    #    employee who got the task hands the form in.
    for unit, code, head in UNIT_HEADS:
        walk.as_user(head)
        walk.open_task(STEP_FILL, unit)
        expect(page.get_by_role("heading", level=1)).to_contain_text(unit)
        form_urls[unit] = page.url
        page.locator("#acknowledge-button").click()
        expect(page.locator("#acknowledge-button")).to_have_count(0)
        expect(page.get_by_text("Diterima oleh")).to_be_visible()
        if unit == IKP:
            code_, typed, _value = IKP_CHANGED
            page.get_by_label(f"Target {code_}", exact=True).fill(typed)
            page.locator("#save-button").click()
            expect(page.get_by_label(f"Target {code_}", exact=True)).to_have_value(typed)
        page.locator("#fill-complete-button").click()
        expect(page.locator("#fill-complete-button")).to_have_count(0)

        employee = walk.find_assignee(staff_of(code), STEP_SUBMIT, unit)
        submitters[unit] = employee
        walk.open_task(STEP_SUBMIT, unit)
        page.locator("#submit-button").click()
        expect(page.locator("#submit-button")).to_have_count(0)
        expect(page.get_by_role("status").filter(has_text="Formulir telah dikirim")).to_be_visible()

    # 4. The staff compiles once every form is in.
    walk.as_user("staf.evaluasi")
    walk.open_task(STEP_COMPILE)
    page.get_by_role("link", name="Selesaikan langkah kompilasi").click()
    walk.complete_task("Formulir lima unit telah dikompilasi.")

    # 5. The Kasubag accepts four forms and returns Bidang Aptika's with notes.
    walk.as_user("kasubag.umum")
    expect(page.locator("#open-tasks > li").filter(has_text=STEP_REVIEW)).to_have_count(5)
    for unit, _code, _head in UNIT_HEADS:
        if unit == APTIKA:
            continue
        walk.open_task(STEP_REVIEW, unit)
        expect(page.get_by_role("heading", level=1)).to_contain_text(unit)
        page.locator("#accept-button").click()
        expect(page.get_by_role("alert")).to_contain_text(f"Formulir {unit} diterima.")
    walk.open_task(STEP_REVIEW, APTIKA)
    line_code = APTIKA_FIXED[0]
    page.get_by_label(f"Catatan {line_code}", exact=True).fill(LINE_NOTE)
    page.locator("#id_review_note").fill(RETURN_NOTE)
    page.locator("#return-button").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Formulir dikembalikan ke {APTIKA}")

    # 6. Bidang Aptika sees the returned task with the notes, fixes the line, fills again; the
    #    same employee hands it in; the Kasubag accepts it in round 2.
    walk.as_user("kabid.aptika")
    row = walk.task_row(STEP_FILL, APTIKA)
    expect(row).to_contain_text("Putaran 2")
    expect(page.locator("#notifications")).to_contain_text(RETURN_NOTE.rstrip("."))
    walk.open_task(STEP_FILL, APTIKA)
    expect(page.locator("#returned-note")).to_contain_text(RETURN_NOTE)
    expect(page.locator(".review-note")).to_contain_text(LINE_NOTE)
    target = page.get_by_label(f"Target {line_code}", exact=True)
    target.fill(APTIKA_FIXED[1])
    page.locator("#save-button").click()
    expect(page.get_by_label(f"Target {line_code}", exact=True)).to_have_value(APTIKA_FIXED[1])
    page.locator("#fill-complete-button").click()
    expect(page.locator("#fill-complete-button")).to_have_count(0)

    walk.as_user(submitters[APTIKA])
    walk.open_task(STEP_SUBMIT, APTIKA)
    page.locator("#submit-button").click()
    expect(page.get_by_role("status").filter(has_text="Formulir telah dikirim")).to_be_visible()

    walk.as_user("kasubag.umum")
    expect(walk.task_row(STEP_REVIEW, APTIKA)).to_contain_text("Putaran 2")
    walk.open_task(STEP_REVIEW, APTIKA)
    page.locator("#accept-button").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Formulir {APTIKA} diterima.")

    # 7. The run is done; the RKT is locked with a number; the documents are in the archive.
    expect(page.get_by_text("RKT ini telah dikunci")).to_be_visible()
    number = page.locator("p", has_text="Nomor").locator("strong").inner_text()
    assert re.fullmatch(rf".+/RKT/.+/{YEAR}", number), number
    walk.inbox()
    expect(page.locator("#open-tasks")).to_have_count(0)
    walk.nav("Pelaksanaan SOP")
    page.get_by_role("link", name=RUN_TITLE).first.click()
    expect(page.locator("#run-status")).to_have_text("Selesai")
    assert page.url == run_url
    expect(page.locator("#run-compliance")).to_contain_text("%")

    walk.nav("Arsip Dokumen")
    archive = page.locator("#document-archive tbody tr")
    rkt_row = archive.filter(has_text="Rencana Kinerja Tahunan").filter(has_text=number)
    expect(rkt_row).to_have_count(1)
    pk_rows = archive.filter(has_text=f"Perjanjian Kinerja {YEAR}")
    # The agency head, the Sekretaris and the four Kepala Bidang each have a PK.
    expect(pk_rows).to_have_count(6)
    expect(pk_rows.filter(has_text="Kepala Bidang Informasi dan Komunikasi Publik")).to_have_count(
        1
    )
    files = {}
    for kind in ("DOCX", "PDF"):
        with page.expect_download() as info:
            rkt_row.get_by_role("link", name=kind).click()
        files[f"rkt.{kind.lower()}"] = path = tmp_path / f"rkt.{kind.lower()}"
        info.value.save_as(path)

    # Compliance for the run, as the Kasubag sees it.
    walk.nav("Kepatuhan SOP")
    sop_row = page.locator("#per-sop tbody tr").filter(has_text=SOP_TITLE)
    expect(sop_row).to_have_count(1)
    expect(sop_row.locator("td").last).to_have_text(re.compile(r"^\d{1,3}(,\d+)?\s?%$"))
    expect(page.locator("#per-step").get_by_role("link", name=RUN_TITLE).first).to_be_visible()

    # Kepala Bidang IKP downloads their own PK; the archive shows them nothing else.
    walk.as_user("kabid.ikp")
    walk.nav("Arsip Dokumen")
    expect(archive).to_have_count(1)
    ikp_row = archive.filter(has_text=f"Perjanjian Kinerja {YEAR}")
    expect(ikp_row).to_contain_text(IKP)
    for kind in ("DOCX", "PDF"):
        with page.expect_download() as info:
            ikp_row.get_by_role("link", name=kind).click()
        files[f"pk.{kind.lower()}"] = path = tmp_path / f"pk-ikp.{kind.lower()}"
        info.value.save_as(path)

    # Bidang Aptika cannot open Bidang IKP's form.
    walk.as_user("kabid.aptika")
    response = page.goto(form_urls[IKP])
    assert response is not None and response.status == 404

    # --- what the files say --------------------------------------------------------------------
    ikp_change, aptika_fix = IKP_CHANGED, APTIKA_FIXED
    overrides = {ikp_change[0]: ikp_change[2], aptika_fix[0]: aptika_fix[2]}
    stored = dict(
        RktIndicatorLine.objects.filter(
            form__document__run__title=RUN_TITLE,
            indicator__code__in=overrides,
        ).values_list("indicator__code", "target_low")
    )
    assert stored == overrides
    per_unit = {unit: expected_lines(code, overrides) for unit, code, _head in UNIT_HEADS}
    # The RKT opens with the agency's own IKU (no unit form carries them), then one part per unit.
    agency_lines = expected_lines("diskominfo", {}, below=False)
    assert any("–" in line.target for line in agency_lines)  # a range target is among them
    every_line = agency_lines + [line for lines in per_unit.values() for line in lines]
    aptika_line = next(line for line in per_unit[APTIKA] if line.code == aptika_fix[0])
    assert aptika_line.target == "99,25"

    text, rows = docx_rows(files["rkt.docx"])
    assert f"TAHUN {YEAR}" in text and number in text
    for unit in per_unit:
        assert unit in text
    assert_docx_lines(rows, text, every_line)
    pdf = pdf_text(files["rkt.pdf"])
    assert number in pdf
    assert_pdf_lines(pdf, every_line)

    others = agency_lines + [
        line for unit, lines in per_unit.items() if unit != IKP for line in lines
    ]
    text, rows = docx_rows(files["pk.docx"])
    assert f"PERJANJIAN KINERJA TAHUN {YEAR}" in text
    assert display_name("kabid.ikp") in text
    assert_docx_lines(rows, text, per_unit[IKP])
    pdf = pdf_text(files["pk.pdf"])
    assert_pdf_lines(pdf, per_unit[IKP])
    for line in others:
        assert line.name not in text, line.name
        assert line.name not in pdf, line.name
