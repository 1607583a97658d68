"""The demo's completed year produces the semester reports and the LKjIP with every required
section and table (issue 4, "Done when"), and the reports agree with each other.

The demo year is loaded once for the module (it takes a while); generation goes through the real
services and the real background-job path (the test settings use django-tasks' immediate backend).
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.accounts.models import User
from sakip.demo.data_year import load_data_year
from sakip.demo.loader import load_demo
from sakip.monitoring.models import ReportingPeriod
from sakip.organization.models import Unit
from sakip.reports.annual.data import annual_report_data
from sakip.reports.annual.services import annual_report_start
from sakip.reports.models import DocumentKind, JobStatus
from sakip.reports.quarterly.semester import (
    semester_for,
    semester_report_data,
    semester_report_generate,
)

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))
YEAR = 2025
SIGNED = dt.date(2026, 3, 2)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_year(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(password="x", with_sop_run=False, with_data_year=False)
    agency = Unit.objects.get(code="diskominfo")
    load_data_year(agency=agency, year=YEAR, now=NOW)
    return agency


def _docx_text(document) -> str:
    doc = Document(document.docx.path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def _pdf_text(document) -> str:
    with open(document.pdf.path, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


LKJIP_CHAPTERS = [
    "IKHTISAR EKSEKUTIF",
    "BAB I",
    "PENDAHULUAN",
    "BAB II",
    "PERENCANAAN KINERJA",
    "BAB III",
    "AKUNTABILITAS KINERJA",
    "Capaian Kinerja Organisasi",
    "Realisasi Anggaran",
    "BAB IV",
    "PENUTUP",
    "LAMPIRAN",
]
ANALYSES = [
    "1. Perbandingan target dan realisasi",
    "2. ",
    "3. ",
    "5. ",
    "6. ",
    "7. ",
]


def test_the_demo_year_gives_both_semester_reports(demo_year):
    planner = User.objects.get(username="staf.evaluasi")
    for closing in (2, 4):
        period = ReportingPeriod.objects.get(agency=demo_year, year=YEAR, quarter=closing)
        document = semester_report_generate(actor=planner, period=period, on=SIGNED)
        semester = "I" if closing == 2 else "II"
        names = [
            line.name[:25]
            for line in semester_report_data(semester_for(period), on=SIGNED).indicator_lines
        ]
        assert len(names) == 22  # every indicator of the demo plan
        for text in (_docx_text(document), _pdf_text(document)):
            assert f"LAPORAN KINERJA SEMESTER {semester} TAHUN {YEAR}" in text
            for heading in (
                "A. Capaian Kinerja",
                "B. Kendala dan Solusi",
                "C. Realisasi Anggaran",
                "D. Progres Bulanan",
            ):
                assert heading in text, (semester, heading)
            # Every indicator of the year is in the report.
            for name in names:
                assert name in text, (semester, name)
        sheets = load_workbook(io.BytesIO(document.xlsx.read())).sheetnames
        assert {"Capaian Kinerja", "Kendala dan Solusi", "Realisasi Anggaran"} <= set(sheets)


def test_the_demo_year_gives_the_lkjip(demo_year, django_capture_on_commit_callbacks):
    planner = User.objects.get(username="staf.evaluasi")
    with django_capture_on_commit_callbacks(execute=True):
        job = annual_report_start(actor=planner, agency=demo_year, year=YEAR)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.progress == 100
    document = job.document
    assert document is not None
    assert document.kind == DocumentKind.ANNUAL
    assert document.number == "001/LKjIP/Diskominfo/2025"

    data = annual_report_data(demo_year, YEAR, on=SIGNED)
    assert data.unlocked_quarters == []
    assert len(data.objectives) >= 5
    for text in (_docx_text(document), _pdf_text(document)):
        assert "LAPORAN KINERJA INSTANSI PEMERINTAH" in text
        for heading in LKJIP_CHAPTERS:
            assert heading in text, heading
        # Every objective has its section with the seven analyses.
        for block in data.objectives:
            assert block.statement[:40] in text, block.code
        for line in data.indicator_analyses:
            assert line.name[:25] in text, line.code
        for title in ANALYSES:
            assert text.count(title) >= len(data.objectives), title
        # The budget total of the year and the agency head's signature.
        assert data.budget_total is not None
        assert data.budget_total.pagu_text in text
        assert "DRAF" not in text
    # IKP.2 (cumulative, target 100 every quarter, realisasi 100 every quarter in the demo):
    # year realisasi = TW IV's 100 → capaian 100 / 100 × 100 = 100,00 %, Sangat Tinggi.
    ikp2 = next(line for line in data.indicator_analyses if line.code == "IKP.2")
    assert (ikp2.year.capaian_text, ikp2.year.category) == ("100,00%", "Sangat Tinggi")

    sheets = load_workbook(io.BytesIO(document.xlsx.read())).sheetnames
    assert {"Capaian Kinerja", "Efisiensi", "Realisasi Anggaran", "Perjanjian Kinerja"} <= set(
        sheets
    )


def test_semester_ii_to_date_agrees_with_the_lkjip_year(demo_year):
    """Two routes to the year's figure by DOMAIN.md §3: the semester II report's "s.d. TW IV"
    column and the LKjIP's analysis (1) must show the same capaian and category per indicator."""
    period = ReportingPeriod.objects.get(agency=demo_year, year=YEAR, quarter=4)
    semester = semester_report_data(semester_for(period), on=SIGNED)
    annual = annual_report_data(demo_year, YEAR, on=SIGNED)
    to_date = {line.code: line.to_date for line in semester.indicator_lines}
    year = {line.code: line.year for line in annual.indicator_analyses}
    assert set(to_date) == set(year)
    for code, measure in year.items():
        assert (measure.capaian_text, measure.category) == (
            to_date[code].capaian_text,
            to_date[code].category,
        ), code
