"""Generating the LKjIP from its page (SOP 2 step 9): refused until the four quarters are locked,
then a background job makes DOCX, PDF and XLSX holding the staff's texts; versions are numbered;
who may generate and publish."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from lxml import html as lxml_html
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.monitoring.tests.capaian_factories import YEAR, build_budget, build_year, lock_periods
from sakip.reports.annual.section_services import annual_section_save
from sakip.reports.annual.services import annual_report_generate
from sakip.reports.models import DocumentKind, GeneratedDocument, JobStatus, ReportJob

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def year_data(organization, plan_data, media_root):
    year = build_year(organization, plan_data)
    build_budget(organization, plan_data, year)
    return year


def _create(client):
    return client.post(reverse("reports:annual_report_create", args=[YEAR]))


def _page(client):
    return lxml_html.fromstring(
        client.get(reverse("reports:annual_report", args=[YEAR])).content.decode()
    )


def _docx_text(document) -> str:
    doc = Document(io.BytesIO(document.docx.read()))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def _pdf_text(document) -> str:
    reader = PdfReader(io.BytesIO(document.pdf.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_refused_while_a_quarter_is_not_locked(client, organization, year_data):
    lock_periods(year_data, quarters=(1, 2, 3))
    client.force_login(organization["staf.evaluasi"])
    # The button is there but disabled, with the reason beside it.
    button = _page(client).xpath('//*[@id="generate-report"]')[0]
    assert button.get("disabled") is not None
    assert (
        "setelah keempat triwulan dikunci"
        in _page(client).xpath('//*[@id="unlocked-quarters"]')[0].text_content()
    )
    # A POST all the same (an old tab) is refused with the reason.
    response = _create(client)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "LKjIP tahun 2026 baru dapat dibuat setelah data keempat triwulan dikunci." in page
    assert "Belum dikunci: TW IV." in page
    assert not ReportJob.objects.exists()
    assert not GeneratedDocument.objects.exists()


def test_the_button_makes_the_documents_with_the_staffs_texts(
    client, organization, year_data, django_capture_on_commit_callbacks
):
    lock_periods(year_data)
    planner = organization["staf.evaluasi"]
    annual_section_save(
        actor=planner,
        agency=organization.agency,
        year=YEAR,
        key="bab4_conclusion",
        text="Kesimpulan tulisan staf: sasaran tahun ini tercapai dengan baik.",
        version=0,
    )
    client.force_login(planner)
    with django_capture_on_commit_callbacks(execute=True):
        response = _create(client)
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    document = job.document
    assert document is not None
    assert document.kind == DocumentKind.ANNUAL
    assert document.number.startswith("001/LKjIP/") and document.number.endswith("/2026")
    assert document.created_by == planner

    # The job page shows the result with its downloads.
    job_page = client.get(response["Location"]).content.decode()
    assert document.number in job_page
    assert reverse("reports:download_pdf", args=[document.pk]) in job_page

    # The staff's text and the data's tables are in the DOCX and the PDF.
    for text in (_docx_text(document), _pdf_text(document)):
        assert "Kesimpulan tulisan staf: sasaran tahun ini tercapai dengan baik." in text
        assert "BAB III" in text and "BAB IV" in text
        assert "DRAF" not in text
    assert "Capaian Kinerja" in load_workbook(io.BytesIO(document.xlsx.read())).sheetnames

    # The year page lists the version as a draft (not published yet).
    row = _page(client).xpath(f'//tr[@id="version-{document.pk}"]')[0]
    assert document.number in row.text_content()
    assert row.xpath('.//*[@data-publication="draft"]')


def test_versions_are_numbered_in_turn(organization, year_data):
    lock_periods(year_data)
    planner = organization["kasubag.renkeu"]
    first = annual_report_generate(actor=planner, agency=organization.agency, year=YEAR)
    second = annual_report_generate(actor=planner, agency=organization.agency, year=YEAR)
    short = organization.agency.short_name or organization.agency.code
    assert first.number == f"001/LKjIP/{short}/2026"
    assert second.number == f"002/LKjIP/{short}/2026"
    assert first.source_id == second.source_id


@pytest.mark.parametrize(
    ("username", "status"),
    # The head of another agency lands on his own agency's LKjIP, where he is no planner either.
    [("kadis", 403), ("kabid.ikp", 404), ("kadis.lain", 403), ("outsider", 404)],
)
def test_only_the_agencys_planners_generate(client, organization, year_data, username, status):
    lock_periods(year_data)
    client.force_login(organization[username])
    assert _create(client).status_code == status
    assert not ReportJob.objects.exists()


def test_a_planner_publishes_a_version_the_head_cannot(client, organization, year_data):
    lock_periods(year_data)
    document = annual_report_generate(
        actor=organization["staf.evaluasi"], agency=organization.agency, year=YEAR
    )
    publish = reverse("reports:publish", args=[document.pk])
    client.force_login(organization["kadis"])
    assert client.post(publish).status_code == 403
    client.force_login(organization["kasubag.renkeu"])
    assert client.post(publish).status_code == 302
    document.refresh_from_db()
    assert document.published_by == organization["kasubag.renkeu"]
    row = _page(client).xpath(f'//tr[@id="version-{document.pk}"]')[0]
    assert row.xpath('.//*[@data-publication="published"]')
