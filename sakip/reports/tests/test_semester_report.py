"""The semester report (TW I + TW II): hand-computed semester measures on the page and in the
generated DOCX, PDF and XLSX; refused while a quarter is not locked; numbering; access.

"Buat laporan semester" starts a background job, run on commit by the immediate backend of the
test settings (`django_capture_on_commit_callbacks` makes the commit happen)."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document
from lxml import html as lxml_html
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.monitoring.models import PeriodStatus, ReportingPeriod, ReportReceipt
from sakip.monitoring.tests.capaian_factories import build_budget, build_year
from sakip.organization.models import Employee, Unit
from sakip.procedures.actions import handler_for
from sakip.procedures.models import Task
from sakip.procedures.tests.factories import make_two_step_sop, start_run, wita
from sakip.reports.models import DocumentKind, GeneratedDocument, JobStatus, ReportJob
from sakip.reports.quarterly.semester import semester_for, semester_report_generate

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dataset(organization, plan_data, media_root):
    Unit.objects.filter(pk=organization.agency.pk).update(short_name="Diskominfo")
    organization.agency.refresh_from_db()
    Employee.objects.filter(user=organization["kadis"]).update(name="Muhammad Nor")
    year = build_year(organization, plan_data, quarters=(1, 2))
    build_budget(organization, plan_data, year)
    return year


def handler_for_key(key):
    return handler_for(type("Step", (), {"action": key})())


def _lock_all(year):
    ReportingPeriod.objects.filter(pk__in=[p.pk for p in year.periods.values()]).update(
        status=PeriodStatus.LOCKED
    )


def _text(element):
    return " ".join(element.text_content().split())


def _rows(content):
    tree = lxml_html.fromstring(content)
    rows = {}
    for tr in tree.xpath('//table[@id="performance-table"]//tr[@data-code]'):
        rows[tr.get("data-code")] = {
            td.get("data-field"): _text(td) for td in tr.xpath("td[@data-field]")
        }
    return tree, rows


def _page(period):
    return reverse("reports:semester_report", args=[period.pk])


def _create(period):
    return reverse("reports:semester_report_create", args=[period.pk])


def _download(client, name, document):
    response = client.get(reverse(f"reports:{name}", args=[document.pk]))
    assert response.status_code == 200, name
    return b"".join(response.streaming_content)


def test_page_shows_the_semester_measures(client, organization, dataset):
    client.force_login(organization["staf.evaluasi"])
    # Reachable from either quarter of the semester.
    for quarter in (1, 2):
        response = client.get(_page(dataset.periods[quarter]))
        assert response.status_code == 200
    tree, rows = _rows(response.content)
    assert "LAPORAN KINERJA SEMESTER I TAHUN 2026" in _text(tree)
    # DOMAIN.md §3: incremental 10+10 vs 8+10 -> Semester I 20 / 18 = 90,00%.
    assert [rows["C1"][f] for f in ("target-q", "realisasi-q", "capaian-q", "category-q")] == [
        "20",
        "18",
        "90,00%",
        "Tinggi",
    ]
    # Cumulative: the TW II value (20 vs 18); latest: TW II (90 vs 88).
    assert (rows["C2"]["target-q"], rows["C2"]["realisasi-q"]) == ("20", "18")
    assert rows["C2"]["capaian-q"] == "90,00%"
    assert rows["C3"]["capaian-q"] == "97,78%"
    # Quarters not locked: no generate button, the reason instead.
    assert b'id="generate-report"' not in response.content
    assert "Belum dikunci: TW I, TW II" in _text(tree.get_element_by_id("semester-not-ready"))
    # Both quarters' explanations.
    explanation = _text(tree.get_element_by_id("explanation-table"))
    assert "TW I: Kendala C1 TW 1" in explanation and "TW II: Kendala C1 TW 2" in explanation
    # Six months of progress.
    assert len(tree.xpath('//table[@id="progress-table"]/thead/tr[1]/th[@colspan]')) == 6


def test_generation_refused_until_both_quarters_are_locked(client, organization, dataset):
    """The view says why at once, without starting a job."""
    ReportingPeriod.objects.filter(pk=dataset.periods[1].pk).update(status=PeriodStatus.LOCKED)
    with pytest.raises(ValidationError) as error:
        semester_report_generate(actor=organization["staf.evaluasi"], period=dataset.periods[2])
    assert "setelah data TW I dan TW II dikunci" in error.value.messages[0]
    assert "Belum dikunci: TW II." in error.value.messages[0]
    client.force_login(organization["staf.evaluasi"])
    response = client.post(_create(dataset.periods[2]), follow=True)
    assert "Belum dikunci: TW II." in response.content.decode()
    assert not GeneratedDocument.objects.exists()
    assert not ReportJob.objects.exists()


def test_generated_files_hold_the_semester_numbers(
    client, organization, dataset, django_capture_on_commit_callbacks
):
    _lock_all(dataset)
    client.force_login(organization["staf.evaluasi"])
    page = client.get(_page(dataset.periods[1]))
    assert b'id="generate-report"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_create(dataset.periods[1]))
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    # Started from TW I's page, the job names the semester by its closing quarter.
    assert job.params == {"period": dataset.periods[2].pk}
    assert job.title == "Laporan Kinerja Semester I Tahun 2026"
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    document = GeneratedDocument.objects.get(kind=DocumentKind.SEMESTER)
    assert job.document == document
    assert document.number == "001/LKS/Diskominfo/2026/Semester I"
    assert document.source_id == str(dataset.periods[2].pk)  # the closing quarter
    assert document.docx and document.pdf and document.xlsx

    docx = Document(io.BytesIO(_download(client, "download_docx", document)))
    paragraphs = [p.text for p in docx.paragraphs]
    assert "LAPORAN KINERJA SEMESTER I TAHUN 2026" in paragraphs
    assert "Nomor: 001/LKS/Diskominfo/2026/Semester I" in paragraphs
    docx_rows = {row.cells[2].text: [c.text for c in row.cells[4:8]] for row in docx.tables[0].rows}
    assert docx_rows["Indikator C1"] == ["20", "18", "90,00%", "Tinggi"]
    assert docx_rows["Indikator C2"][:3] == ["20", "18", "90,00%"]

    reader = PdfReader(io.BytesIO(_download(client, "download_pdf", document)))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "LAPORAN KINERJA SEMESTER I TAHUN 2026" in pdf_text
    assert "001/LKS/Diskominfo/2026/Semester I" in pdf_text
    assert "Indikator C1 dokumen 20 18 90,00%" in pdf_text

    book = load_workbook(io.BytesIO(_download(client, "download_xlsx", document)))
    sheet = book["Capaian Kinerja"]
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "No")
    assert sheet.cell(header, 6).value == "Target Semester I"
    c1 = next(r for r in range(header + 1, sheet.max_row + 1) if sheet.cell(r, 3).value == "C1")
    assert (sheet.cell(c1, 6).value, sheet.cell(c1, 8).value) == (20, 18)
    assert sheet.cell(c1, 9).value == pytest.approx(0.9)
    assert book["Progres Bulanan"].cell(1, 15).value == "Fisik (%) Juni"

    # A second version gets the next number and both are listed.
    second = semester_report_generate(
        actor=organization["kasubag.renkeu"], period=dataset.periods[2]
    )
    assert second.number == "002/LKS/Diskominfo/2026/Semester I"
    tree = lxml_html.fromstring(client.get(_page(dataset.periods[2])).content)
    versions = [_text(td) for td in tree.xpath('//section[@id="versions"]//tbody/tr/td[1]')]
    assert versions == [
        "002/LKS/Diskominfo/2026/Semester I Terbaru",
        "001/LKS/Diskominfo/2026/Semester I Versi lama",
    ]


def test_access(client, organization, dataset):
    _lock_all(dataset)
    document = semester_report_generate(
        actor=organization["staf.evaluasi"], period=dataset.periods[2]
    )
    period = dataset.periods[2]
    for username in ("kabid.ikp", "kadis.lain", "outsider"):
        client.force_login(organization[username])
        assert client.get(_page(period)).status_code == 404, username
        assert client.post(_create(period)).status_code == 404, username
        chart = reverse("reports:semester_report_chart", args=[period.pk, "capaian"])
        assert client.get(chart).status_code == 404, username
        expected = 200 if username == "kabid.ikp" else 404  # socialized to the agency's officials
        url = reverse("reports:download_pdf", args=[document.pk])
        assert client.get(url).status_code == expected, username
    client.force_login(organization["kadis"])
    assert client.get(_page(period)).status_code == 200
    assert client.post(_create(period)).status_code == 403
    chart = reverse("reports:semester_report_chart", args=[period.pk, "capaian"])
    assert client.get(chart).content.startswith(b"\x89PNG")
    assert GeneratedDocument.objects.count() == 1
    assert not ReportJob.objects.exists()


def test_semester_steps_of_sop2(organization, dataset):
    """Step 7 works on the semester page; step 8 sends receipts of kind "semester"."""
    run = start_run(organization, make_two_step_sop(organization.agency), now=wita(2026, 7, 1, 9))
    period = dataset.periods[2]
    ReportingPeriod.objects.filter(pk=period.pk).update(run=run)
    task = Task.objects.filter(run=run).first()
    report = handler_for_key("data.semester_report")
    assert report.work_url(task) == _page(period)
    socialize = handler_for_key("data.semester_socialize")
    socialize.on_open(task)
    receipts = ReportReceipt.objects.filter(period=period, kind="semester")
    assert organization["kadis"] in {r.user for r in receipts}
    assert not ReportReceipt.objects.filter(period=period, kind="quarterly").exists()
    assert semester_for(dataset.periods[1]).closing == period
