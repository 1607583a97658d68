"""The quarterly report: generated from a small dataset, opened as DOCX, PDF and XLSX and compared
with the numbers on the report page; numbering and versions; access to the page and the files.

"Buat laporan" starts a background job; the test settings run it inside the request (immediate
backend) once the transaction commits, which `django_capture_on_commit_callbacks` makes happen."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from lxml import html as lxml_html
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.audit.models import AuditEvent
from sakip.core.formats import format_date_id
from sakip.monitoring import services as monitoring_services
from sakip.monitoring.models import (
    Evidence,
    PeriodStatus,
    Realisasi,
    ReportingPeriod,
    SubmissionStatus,
    UnitSubmission,
)
from sakip.monitoring.tests.capaian_factories import _indicator, build_budget, build_year
from sakip.monitoring.tests.test_cycle_rows_built import page_instances
from sakip.organization.models import AgencyProfile, Employee, Unit
from sakip.planning.action_plan_models import ActionPlan, QuarterTarget
from sakip.reports.models import DocumentKind, GeneratedDocument, JobStatus, ReportJob
from sakip.reports.quarterly.services import quarterly_report_generate

D = Decimal
pytestmark = pytest.mark.django_db
SIGNED_ON = datetime.date(2026, 4, 10)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def profile(organization):
    Unit.objects.filter(pk=organization.agency.pk).update(short_name="Diskominfo")
    organization.agency.refresh_from_db()
    Employee.objects.filter(user=organization["kadis"]).update(
        nip="197108231993031005", name="Muhammad Nor", back_title="S.Sos., M.M."
    )
    return AgencyProfile.objects.create(
        agency=organization.agency,
        regency_name="Pemerintah Kabupaten Uji",
        address="Jl. Jend. A. Yani Km. 1,5 Paringin",
        city="Paringin",
        regent_title="Bupati Uji",
        regent_name="H. Abdul Hadi",
    )


@pytest.fixture
def dataset(organization, plan_data, profile, media_root):
    year = build_year(organization, plan_data, quarters=(1, 2))
    build_budget(organization, plan_data, year)
    realisasi = Realisasi.objects.get(
        submission=year.submissions[(1, "ikp")], indicator=year.indicators["C1"]
    )
    Evidence.objects.create(
        realisasi=realisasi,
        file=ContentFile(b"%PDF-1.4 bukti", name="bukti.pdf"),
        name="daftar-hadir-rapat.pdf",
        content_type="application/pdf",
        size=14,
    )
    return year


def _login(client, organization, username):
    client.force_login(organization[username])
    return client


def _page_url(period):
    return reverse("reports:quarterly_report", args=[period.pk])


@pytest.fixture
def generate(client, django_capture_on_commit_callbacks):
    """POST "Buat laporan" as the logged-in client; the job runs on commit; its document."""

    def run(period):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:quarterly_report_create", args=[period.pk]))
        job = ReportJob.objects.latest("pk")
        assert response.status_code == 302
        assert response["Location"] == reverse("reports:job", args=[job.pk])
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.error
        assert job.document is not None
        assert job.document.kind == DocumentKind.QUARTERLY
        return job.document

    return run


def _download(client, name, document):
    response = client.get(reverse(f"reports:{name}", args=[document.pk]))
    assert response.status_code == 200, name
    return b"".join(response.streaming_content)


def _text(element):
    return " ".join(element.text_content().split())


def _page_rows(content):
    """Indicator rows of the page's performance table: code -> the eight measure cells."""
    tree = lxml_html.fromstring(content)
    rows = {}
    for tr in tree.xpath('//table[@id="performance-table"]//tr[@data-code]'):
        cells = {td.get("data-field"): _text(td) for td in tr.xpath("td[@data-field]")}
        rows[tr.get("data-code")] = cells
    budget = {}
    for tr in tree.xpath('//table[@id="budget-table"]//tr[@data-code]'):
        budget[tr.get("data-code")] = {
            td.get("data-field"): _text(td) for td in tr.xpath("td[@data-field]")
        }
    return tree, rows, budget


FIELDS = [
    "target-q",
    "realisasi-q",
    "capaian-q",
    "category-q",
    "target-td",
    "realisasi-td",
    "capaian-td",
    "category-td",
]


def test_report_page_shows_quarter_and_to_date(client, organization, dataset):
    _login(client, organization, "staf.evaluasi")
    response = client.get(_page_url(dataset.periods[2]))
    assert response.status_code == 200
    tree, rows, budget = _page_rows(response.content)
    assert "LAPORAN KINERJA TRIWULAN II TAHUN 2026" in _text(tree)
    # DOMAIN.md §3: incremental 10/10 vs 8/10 -> TW II 100,00%, s.d. TW II 90,00%.
    assert [rows["C1"][f] for f in FIELDS] == [
        "10",
        "10",
        "100,00%",
        "Sangat Tinggi",
        "20",
        "18",
        "90,00%",
        "Tinggi",
    ]
    assert rows["C2"]["capaian-td"] == "90,00%"  # cumulative 20 vs 18
    assert rows["C3"]["capaian-td"] == "97,78%"  # latest 90 vs 88
    assert rows["C4"]["capaian-q"] == "80,00%" and rows["C4"]["category-q"] == "Tinggi"
    assert rows["C5"]["target-q"] == "80–90"
    # An indicator without Rencana Aksi: n/a, with its reason written.
    assert rows["IK2"]["capaian-q"] == "n/a"
    assert rows["IK2"]["category-q"] == "Belum ada target"
    assert budget["2.16.02"] == {
        "pagu": "Rp1.254.422.800",
        "budget_spent": "Rp350.000.000",
        "absorption": "27,90%",
    }
    assert budget["total"]["absorption"] == "27,07%"


def test_generated_files_hold_the_numbers_of_the_page(client, organization, dataset, generate):
    _login(client, organization, "staf.evaluasi")
    period = dataset.periods[1]
    document = generate(period)
    assert document.number == "001/LKT/Diskominfo/2026/TW I"
    _tree, rows, budget = _page_rows(client.get(_page_url(period)).content)
    assert rows["C1"]["capaian-q"] == "80,00%"  # DOMAIN.md §3: TW I 80,00

    # DOCX: the performance table carries the page's cells, in the same order.
    docx = Document(io.BytesIO(_download(client, "download_docx", document)))
    paragraphs = [p.text for p in docx.paragraphs]
    assert "LAPORAN KINERJA TRIWULAN I TAHUN 2026" in paragraphs
    assert "Nomor: 001/LKT/Diskominfo/2026/TW I" in paragraphs
    performance = docx.tables[0]
    docx_rows = {}
    for row in performance.rows[2:]:
        cells = [c.text for c in row.cells]
        name = cells[2]
        docx_rows[name] = cells[4:12]
    for code, cells in rows.items():
        indicator_name = f"Indikator {code}" if code.startswith("C") else None
        if indicator_name:
            assert docx_rows[indicator_name] == [cells[f] for f in FIELDS], code
    budget_table = docx.tables[2]
    docx_budget = {row.cells[1].text: [c.text for c in row.cells[3:6]] for row in budget_table.rows}
    for code in ("2.16.02", "2.16.02.1.01", "2.16.03", "2.16.03.1.01"):
        page = budget[code]
        assert docx_budget[code] == [page["pagu"], page["budget_spent"], page["absorption"]]
    explanation = [[c.text for c in row.cells] for row in docx.tables[1].rows]
    assert explanation[1][:4] == ["1", "Indikator C1 (80,00%)", "Kendala C1 TW 1", "Solusi C1 TW 1"]
    assert explanation[1][4] == "daftar-hadir-rapat.pdf"
    assert len(docx.inline_shapes) == 2  # the capaian and the absorption charts
    signature = docx.tables[-1].rows[0].cells[1].text
    assert f"Paringin, {format_date_id(timezone.localdate())}" in signature
    assert "Muhammad Nor, S.Sos., M.M." in signature
    assert "NIP. 19710823 199303 1 005" in signature

    # PDF: the same texts, and the two chart images.
    reader = PdfReader(io.BytesIO(_download(client, "download_pdf", document)))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "LAPORAN KINERJA TRIWULAN I TAHUN 2026" in pdf_text
    assert "001/LKT/Diskominfo/2026/TW I" in pdf_text
    for code in ("C1", "C2", "C3", "C4", "C5"):
        expected = " ".join(rows[code][f] for f in FIELDS[:3])
        assert f"Indikator {code} dokumen {expected}" in pdf_text, code
    for code in ("2.16.02", "2.16.03"):
        page = budget[code]
        assert f"{page['pagu']} {page['budget_spent']} {page['absorption']}" in pdf_text
    assert "Muhammad Nor, S.Sos., M.M." in pdf_text
    # WeasyPrint shares one resource dictionary between pages: count distinct images.
    assert len({image.name for page in reader.pages for image in page.images}) == 2

    # XLSX: the same numbers as numeric cells with percent formats.
    book = load_workbook(io.BytesIO(_download(client, "download_xlsx", document)))
    assert book.sheetnames == [
        "Capaian Kinerja",
        "Kendala dan Solusi",
        "Realisasi Anggaran",
        "Progres Bulanan",
    ]
    sheet = book["Capaian Kinerja"]
    header_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "No")
    by_code = {
        sheet.cell(r, 3).value: [sheet.cell(r, c) for c in range(1, sheet.max_column + 1)]
        for r in range(header_row + 1, sheet.max_row + 1)
    }
    c1 = by_code["C1"]
    assert c1[5].value == 10 and c1[7].value == 8
    assert c1[8].value == pytest.approx(0.8) and c1[8].number_format == "0.00%"
    assert c1[9].value == "Tinggi"
    c5 = by_code["C5"]
    assert (c5[5].value, c5[6].value) == (80, 90)  # the range 80–90 as two numbers
    assert c5[8].value == pytest.approx(float(D("102.22") / 100))
    budget_sheet = book["Realisasi Anggaran"]
    xlsx_budget = {
        budget_sheet.cell(r, 2).value: (
            budget_sheet.cell(r, 4).value,
            budget_sheet.cell(r, 5).value,
            budget_sheet.cell(r, 6),
        )
        for r in range(2, budget_sheet.max_row + 1)
    }
    pagu, realisasi, absorption = xlsx_budget["2.16.02"]
    assert (pagu, realisasi) == (1254422800, 350000000)
    assert absorption.value == pytest.approx(0.279) and absorption.number_format == "0.00%"
    progress = book["Progres Bulanan"]
    assert progress.cell(1, 5).value == "Fisik (%) Januari"
    assert progress.cell(2, 6).value == 100000000


def test_charts_are_served_to_the_page(client, organization, dataset):
    _login(client, organization, "kadis")
    period = dataset.periods[1]
    for name in ("capaian", "serapan"):
        response = client.get(reverse("reports:quarterly_report_chart", args=[period.pk, name]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response.content.startswith(b"\x89PNG")
    missing = reverse("reports:quarterly_report_chart", args=[period.pk, "lain"])
    assert client.get(missing).status_code == 404


def test_a_chart_is_drawn_once_per_content_and_new_data_shows_at_once(
    client, organization, dataset
):
    """The page's chart image is kept by its content (sakip.reports.charts.cached_png): the image
    in the cache is the one served; a changed realisasi is a new image, served at once."""
    from django.core.cache import cache

    from sakip.reports.charts import png_cache_key
    from sakip.reports.quarterly.data import quarterly_report_data

    cache.clear()
    _login(client, organization, "kadis")
    period = dataset.periods[1]
    url = reverse("reports:quarterly_report_chart", args=[period.pk, "capaian"])

    first = client.get(url).content
    spec = quarterly_report_data(period, on=timezone.localdate()).capaian_chart
    assert cache.get(png_cache_key(spec)) == first
    assert client.get(url).content == first

    # C1 in TW I: 8 of 10 (80,00%) becomes 10 of 10; the bar and its text change.
    corrected = Realisasi.objects.get(
        submission=dataset.submissions[(1, "ikp")], indicator=dataset.indicators["C1"]
    )
    corrected.value = D("10")
    corrected.save()
    changed = client.get(url).content
    assert changed.startswith(b"\x89PNG") and changed != first
    new_spec = quarterly_report_data(period, on=timezone.localdate()).capaian_chart
    assert "100,00%" in " ".join(bar.text for bar in new_spec.bars)
    assert cache.get(png_cache_key(new_spec)) == changed


def test_versions_are_numbered_and_kept(client, organization, dataset, generate):
    _login(client, organization, "staf.evaluasi")
    first = generate(dataset.periods[1])
    second = generate(dataset.periods[2])
    third = generate(dataset.periods[1])
    assert first.number == "001/LKT/Diskominfo/2026/TW I"
    assert second.number == "002/LKT/Diskominfo/2026/TW II"
    assert third.number == "003/LKT/Diskominfo/2026/TW I"
    assert all(d.docx and d.pdf and d.xlsx for d in (first, second, third))
    assert first.docx.name != third.docx.name
    response = client.get(_page_url(dataset.periods[1]))
    tree = lxml_html.fromstring(response.content)
    versions = [_text(td) for td in tree.xpath('//section[@id="versions"]//tbody/tr/td[1]')]
    assert versions == [
        "003/LKT/Diskominfo/2026/TW I Terbaru",
        "001/LKT/Diskominfo/2026/TW I Versi lama",
    ]
    assert AuditEvent.objects.filter(
        object_type="reports.generateddocument", object_id=str(third.pk), action="generate"
    ).exists()
    assert client.get(reverse("reports:quarterly_report_list")).status_code == 200


def test_only_accepted_data_is_reported(client, organization, dataset):
    UnitSubmission.objects.filter(period=dataset.periods[1], unit=organization.aptika).update(
        status=SubmissionStatus.SUBMITTED
    )
    _login(client, organization, "staf.evaluasi")
    response = client.get(_page_url(dataset.periods[1]))
    tree, rows, budget = _page_rows(response.content)
    assert rows["C4"]["realisasi-q"] == "-"
    assert rows["C4"]["category-q"] == "Belum ada realisasi"
    assert "Bidang Aptika" in _text(tree.get_element_by_id("pending-units"))
    assert budget["2.16.03"]["budget_spent"] == "-"


def test_a_locked_quarter_is_kept_and_its_reopening_shows_at_once(client, organization, dataset):
    """A locked quarter's report is kept in the cache (the second view reads no capaian again);
    a correction of its data, or reopening it for a unit, shows at once."""
    period = dataset.periods[1]
    ReportingPeriod.objects.filter(pk=period.pk).update(status=PeriodStatus.LOCKED)
    period.refresh_from_db()
    _login(client, organization, "staf.evaluasi")
    url = _page_url(period)
    first = _count_page(client, url)
    kept = _count_page(client, url, cold=False)
    assert kept < first
    _tree, rows, _budget = _page_rows(client.get(url).content)
    assert rows["C4"]["realisasi-q"] not in ("-", "7")

    # A correction of a locked quarter's data (a saved row) moves the version: shown at once.
    corrected = Realisasi.objects.get(
        submission=dataset.submissions[(1, "aptika")], indicator=dataset.indicators["C4"]
    )
    corrected.value = D(7)
    corrected.save()
    _tree, rows, _budget = _page_rows(client.get(url).content)
    assert rows["C4"]["realisasi-q"] == "7"

    monitoring_services.period_reopen(
        actor=organization["staf.evaluasi"],
        period=period,
        reason="Koreksi data Aptika",
        units=[organization.aptika],
    )
    tree, rows, _budget = _page_rows(client.get(url).content)
    assert rows["C4"]["realisasi-q"] == "-"
    assert "Bidang Aptika" in _text(tree.get_element_by_id("pending-units"))


def test_unit_head_and_other_agency_get_404(client, organization, dataset, generate):
    _login(client, organization, "staf.evaluasi")
    document = generate(dataset.periods[1])
    period = dataset.periods[1]
    for username in ("kabid.ikp", "kasi.ikp", "kadis.lain", "outsider"):
        client.force_login(organization[username])
        assert client.get(_page_url(period)).status_code == 404, username
        chart = reverse("reports:quarterly_report_chart", args=[period.pk, "capaian"])
        assert client.get(chart).status_code == 404, username
        create = reverse("reports:quarterly_report_create", args=[period.pk])
        assert client.post(create).status_code == 404, username
        # The generated report is socialized to the agency's officials (SOP 2 step 5): the unit
        # heads of the agency may download it; another agency and an outsider may not.
        expected = 200 if username in ("kabid.ikp", "kasi.ikp") else 404
        for name in ("download_docx", "download_pdf", "download_xlsx"):
            url = reverse(f"reports:{name}", args=[document.pk])
            assert client.get(url).status_code == expected, (username, name)
        listing = client.get(reverse("reports:quarterly_report_list"))
        assert f"period-{period.pk}" not in listing.content.decode()
    assert GeneratedDocument.objects.count() == 1


def test_agency_head_sees_but_does_not_generate(client, organization, dataset):
    _login(client, organization, "kadis")
    period = dataset.periods[1]
    response = client.get(_page_url(period))
    assert response.status_code == 200
    assert b'id="generate-report"' not in response.content
    create = reverse("reports:quarterly_report_create", args=[period.pk])
    assert client.post(create).status_code == 403
    assert not GeneratedDocument.objects.exists()
    assert not ReportJob.objects.exists()


def test_service_checks_the_actor(organization, dataset):
    with pytest.raises(ValidationError):
        quarterly_report_generate(actor=organization["kadis"], period=dataset.periods[1])
    assert not GeneratedDocument.objects.exists()


def test_service_prints_the_signature_date(organization, dataset):
    document = quarterly_report_generate(
        actor=organization["kasubag.renkeu"], period=dataset.periods[1], on=SIGNED_ON
    )
    assert document.title == "Laporan Kinerja Triwulan I Tahun 2026 — Dinas Kominfo Uji"
    assert document.created_by == organization["kasubag.renkeu"]
    with document.pdf.open("rb") as handle:
        reader = PdfReader(handle)
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Paringin, 10 April 2026" in text
    assert "Kepala Dinas Kominfo Uji" in text


def _count_page(client, url, *, cold=True):
    """The page's queries; `cold`: as computed (its parts are kept under the data stamps)."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_indicators(client, organization, plan_data, dataset):
    _login(client, organization, "staf.evaluasi")
    url = _page_url(dataset.periods[1])
    few = _count_page(client, url)
    plan = ActionPlan.objects.get(unit=organization.ikp)
    for n in range(8):
        indicator = _indicator(plan_data.objective, f"X{n}", f"Tambahan {n}", organization.ikp)
        QuarterTarget.objects.create(action_plan=plan, indicator=indicator, quarter=1, low=D(5))
        Realisasi.objects.create(
            submission=dataset.submissions[(1, "ikp")], indicator=indicator, value=D(4)
        )
    assert _count_page(client, url) == few


def test_page_builds_no_rows_per_indicator_beyond_what_it_shows(
    client, organization, plan_data, dataset
):
    """The report reads the indicators (with their objective, goal, Renstra and unit) and plain
    values: no realisasi, submission, period or quarter target rows per indicator (issue 12)."""
    _login(client, organization, "staf.evaluasi")
    url = _page_url(dataset.periods[1])
    few = page_instances(client, url)
    plan = ActionPlan.objects.get(unit=organization.ikp)
    added = 8
    for n in range(added):
        indicator = _indicator(plan_data.objective, f"X{n}", f"Tambahan {n}", organization.ikp)
        QuarterTarget.objects.create(action_plan=plan, indicator=indicator, quarter=1, low=D(5))
        Realisasi.objects.create(
            submission=dataset.submissions[(1, "ikp")], indicator=indicator, value=D(4)
        )
    grown = page_instances(client, url) - few
    # The quarter and the quarter to date: each indicator is read twice.
    assert set(grown) <= {"indicator", "objective", "goal", "renstra", "unit"}, grown
    assert set(grown.values()) == {2 * added}, grown


def test_generation_reports_its_steps(organization, dataset):
    steps = []
    quarterly_report_generate(
        actor=organization["staf.evaluasi"],
        period=dataset.periods[1],
        on=SIGNED_ON,
        progress=lambda percent, message: steps.append((percent, message)),
    )
    assert steps == [
        (10, "Mengumpulkan data"),
        (40, "Membuat grafik"),
        (60, "Membuat DOCX"),
        (80, "Membuat PDF"),
        (95, "Membuat XLSX"),
        (98, "Menyimpan dokumen"),
    ]


def test_a_number_taken_meanwhile_is_rendered_again(organization, dataset, monkeypatch):
    """Another version saved while this one rendered: this one gets the next number, and its
    files say so (they are rendered again)."""
    from sakip.reports.quarterly import services as report_services

    printed = []
    render = report_services.render_report_files

    def render_and_race(data, progress):
        printed.append(data.number)
        if len(printed) == 1:  # someone else saves 001 while we render
            quarterly_report_generate(
                actor=organization["kasubag.renkeu"], period=dataset.periods[2]
            )
        return render(data, progress)

    monkeypatch.setattr(report_services, "render_report_files", render_and_race)
    document = quarterly_report_generate(
        actor=organization["staf.evaluasi"], period=dataset.periods[1]
    )
    # Ours rendered with 001; the racing TW II report rendered with 001 too and saved first; ours
    # was rendered again with 002.
    assert printed == [
        "001/LKT/Diskominfo/2026/TW I",
        "001/LKT/Diskominfo/2026/TW II",
        "002/LKT/Diskominfo/2026/TW I",
    ]
    assert document.number == "002/LKT/Diskominfo/2026/TW I"
    assert GeneratedDocument.objects.count() == 2
    with document.pdf.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "002/LKT/Diskominfo/2026/TW I" in text


def test_the_page_lists_the_users_jobs_and_the_versions_publication(client, organization, dataset):
    period = dataset.periods[1]
    waiting = ReportJob.objects.create(
        kind=DocumentKind.QUARTERLY,
        params={"period": period.pk},
        agency=organization.agency,
        year=2026,
        created_by=organization["staf.evaluasi"],
    )
    ReportJob.objects.create(  # another quarter's job: not this page's
        kind=DocumentKind.QUARTERLY,
        params={"period": dataset.periods[2].pk},
        agency=organization.agency,
        year=2026,
        status=JobStatus.RUNNING,
        progress=40,
        created_by=organization["staf.evaluasi"],
    )
    _login(client, organization, "staf.evaluasi")
    tree = lxml_html.fromstring(client.get(_page_url(period)).content.decode())
    jobs = tree.get_element_by_id("active-jobs")
    assert [a.get("href") for a in jobs.xpath(".//a")] == [
        reverse("reports:job", args=[waiting.pk])
    ]
    assert "Menunggu giliran…" in _text(jobs)
    ReportJob.objects.filter(pk=waiting.pk).update(status=JobStatus.RUNNING, progress=60)
    tree = lxml_html.fromstring(client.get(_page_url(period)).content.decode())
    assert "Sedang dibuat… 60%" in _text(tree.get_element_by_id("active-jobs"))
    # Someone else started it: not in their list.
    _login(client, organization, "kasubag.renkeu")
    assert b'id="active-jobs"' not in client.get(_page_url(period)).content

    # A generated version is a draft the planners may publish; the agency head only reads.
    document = quarterly_report_generate(actor=organization["staf.evaluasi"], period=period)
    tree = lxml_html.fromstring(client.get(_page_url(period)).content.decode())
    cell = tree.xpath(f'//tr[@id="version-{document.pk}"]/td[@data-field="publication"]')[0]
    assert _text(cell).startswith("Draf Terbitkan")
    publish_url = cell.xpath(".//a")[0].get("href")
    assert publish_url.startswith(reverse("reports:publish", args=[document.pk]))
    response = client.post(publish_url, {"next": _page_url(period)}, follow=True)
    assert response.redirect_chain[-1][0] == _page_url(period)
    tree = lxml_html.fromstring(response.content.decode())
    cell = tree.xpath(f'//tr[@id="version-{document.pk}"]/td[@data-field="publication"]')[0]
    assert _text(cell).startswith("Terbit ") and _text(cell).endswith("Kasubag Renkeu")
    _login(client, organization, "kadis")
    tree = lxml_html.fromstring(client.get(_page_url(period)).content.decode())
    assert tree.xpath('//td[@data-field="publication"]//a') == []


def _stored_version(organization, period, sequence, maker):
    """A version row of the period's report (stand-in files: rendering is tested above)."""
    document = GeneratedDocument(
        agency=organization.agency,
        kind=DocumentKind.QUARTERLY,
        year=period.year,
        number=f"{sequence:03d}/LKT/Diskominfo/2026/TW I",
        title="Laporan Kinerja Triwulan I Tahun 2026",
        source_type="monitoring.reportingperiod",
        source_id=str(period.pk),
        created_by=organization[maker],
    )
    document.pdf.save(f"LKT-{sequence:03d}.pdf", ContentFile(b"isi"), save=False)
    document.save()
    return document


def test_page_queries_do_not_grow_with_versions(client, organization, dataset):
    """Who made and who published each version is read with the versions, not per row."""
    from sakip.reports.publishing import document_publish

    period = dataset.periods[1]
    first = _stored_version(organization, period, 1, "staf.evaluasi")
    document_publish(actor=organization["kasubag.renkeu"], document=first)
    _login(client, organization, "staf.evaluasi")
    url = _page_url(period)
    few = _count_page(client, url)
    for sequence, maker in ((2, "kasubag.renkeu"), (3, "staf.evaluasi"), (4, "kasubag.renkeu")):
        document = _stored_version(organization, period, sequence, maker)
        document_publish(actor=organization["staf.evaluasi"], document=document)
    response = client.get(url)
    tree = lxml_html.fromstring(response.content.decode())
    assert len(tree.xpath('//section[@id="versions"]//tbody/tr')) == 4
    assert _count_page(client, url) == few


def test_the_list_queries_do_not_grow_with_quarters(client, organization, dataset):
    from sakip.monitoring.models import ReportingPeriod

    _login(client, organization, "staf.evaluasi")
    url = reverse("reports:quarterly_report_list")
    few = _count_page(client, url)
    for quarter in (3, 4):
        period = ReportingPeriod.objects.create(
            agency=organization.agency, year=2026, quarter=quarter
        )
        _stored_version(organization, period, quarter, "staf.evaluasi")
    tree = lxml_html.fromstring(client.get(url).content.decode())
    # TW I and TW II of the dataset, and the two new quarters with one version each.
    assert len(tree.xpath('//table[@id="quarterly-periods"]/tbody/tr')) == 4
    assert _count_page(client, url) == few
