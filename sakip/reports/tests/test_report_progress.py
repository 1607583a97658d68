""" "D. Progres Bulanan" of the quarterly and semester reports: each sub-activity's code printed once,
on the page and in the DOCX, PDF and XLSX, and in the PDF clear of the Pagu column.

Sub-activity codes are stored whole, as the Kepmendagri tables, the demo and the Excel import write
them ("2.16.02.1.01.0001" under the activity "2.16.02.1.01"); the report once put the activity's
code in front again ("2.16.02.1.01.2.16.02.1.01.0001"), and that long word ran into the Pagu
column of the PDF."""

import io
import re

import pytest
from django.urls import reverse
from docx import Document
from lxml import html as lxml_html
from openpyxl import load_workbook
from pypdf import PdfReader

from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.monitoring.tests.capaian_factories import build_budget, build_year
from sakip.organization.models import Employee
from sakip.planning.models import SubActivity
from sakip.planning.selectors import sub_activity_code
from sakip.reports.quarterly.semester import semester_report_generate
from sakip.reports.quarterly.services import quarterly_report_generate

pytestmark = pytest.mark.django_db

CODES = {
    "s1": ("2.16.02.1.01.0001", "Diseminasi Informasi", "Rp1.004.422.800"),
    "s2": ("2.16.02.1.01.0002", "Layanan Hubungan Media", "Rp250.000.000"),
    "s3": ("2.16.03.1.01.0001", "Pengembangan Aplikasi", "Rp500.000.000"),
}


@pytest.fixture
def dataset(organization, plan_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The signer's title ends in a period: the signature prints it once ("S.AP.", never "S.AP..").
    Employee.objects.filter(user=organization["kadis"]).update(
        name="Muhammad Ridwan", back_title="S.AP."
    )
    year = build_year(organization, plan_data, quarters=(1, 2))
    build_budget(organization, plan_data, year)
    for key, (code, _name, _pagu) in CODES.items():
        SubActivity.objects.filter(pk=year.sub_activities[key].pk).update(code=code)
    ReportingPeriod.objects.filter(pk__in=[p.pk for p in year.periods.values()]).update(
        status=PeriodStatus.LOCKED
    )
    return year


def _standalone(code):
    """The code as a word of its own, not the tail of a longer code."""
    return re.compile(rf"(?<![\d.]){re.escape(code)}(?![\d.])")


def _check_files(document, months):
    # DOCX: the progress table is the one headed "Sub Kegiatan" with a Pagu column.
    with document.docx.open("rb") as handle:
        docx = Document(io.BytesIO(handle.read()))
    table = next(t for t in docx.tables if t.rows[0].cells[1].text == "Sub Kegiatan")
    names = [row.cells[1].text for row in table.rows[2:]]
    assert names == [f"{code} {name}" for code, name, _pagu in CODES.values()]
    signature = docx.tables[-1].rows[0].cells[1].text
    assert "Muhammad Ridwan, S.AP." in signature and ".." not in signature

    # PDF: each code once, alone in its cell. Layout mode places the text where it is drawn and
    # keeps a gap between columns: a word that runs into the next column is glued to its
    # neighbour ("2.16.02.1.01.2.16.02.1.01.0001Rp…", "Rp100.000.00016,00%"), one cell short.
    with document.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    layout = "\n".join(page.extract_text(extraction_mode="layout") for page in reader.pages)
    section = layout[layout.index("D. Progres Bulanan") : layout.index("E. Grafik")]
    assert "2.16.02.1.01.2.16" not in layout
    assert "Muhammad Ridwan, S.AP." in layout and "S.AP.." not in layout
    for no, (code, _name, pagu) in enumerate(CODES.values(), start=1):
        assert len(_standalone(code).findall(section)) == 1, code
        line = next(line for line in section.splitlines() if _standalone(code).search(line))
        cells = re.split(r"\s{2,}", line.strip())
        assert cells[:3] == [str(no), code, pagu], line
        assert len(cells) == 3 + 2 * months, line

    # XLSX: the code column holds the code alone.
    with document.xlsx.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()))["Progres Bulanan"]
    assert [sheet.cell(row, 2).value for row in range(2, sheet.max_row + 1)] == [
        code for code, _name, _pagu in CODES.values()
    ]


def test_quarterly_report_prints_each_code_once(client, organization, dataset):
    period = dataset.periods[1]
    client.force_login(organization["staf.evaluasi"])
    tree = lxml_html.fromstring(
        client.get(reverse("reports:quarterly_report", args=[period.pk])).content
    )
    rows = tree.xpath('//table[@id="progress-table"]/tbody/tr')
    assert [" ".join(row.xpath("td")[1].text_content().split()) for row in rows] == [
        f"{code} {name}" for code, name, _pagu in CODES.values()
    ]
    _check_files(
        quarterly_report_generate(actor=organization["staf.evaluasi"], period=period), months=3
    )


def test_semester_report_prints_each_code_once(client, organization, dataset):
    """Six months: the narrowest table of all."""
    period = dataset.periods[2]
    client.force_login(organization["staf.evaluasi"])
    tree = lxml_html.fromstring(
        client.get(reverse("reports:semester_report", args=[period.pk])).content
    )
    progress = " ".join(tree.get_element_by_id("progress-table").text_content().split())
    assert "2.16.02.1.01.0001 Diseminasi Informasi" in progress
    assert "2.16.02.1.01.2.16" not in progress
    _check_files(
        semester_report_generate(actor=organization["staf.evaluasi"], period=period), months=6
    )


@pytest.mark.parametrize(
    ("activity", "code", "shown"),
    [
        ("2.16.02.1.01", "2.16.02.1.01.0001", "2.16.02.1.01.0001"),  # stored whole
        ("2.16.02.1.01", "01", "2.16.02.1.01.01"),  # a short code gets its activity's
        ("2.16.02.1.01", "2.16.02.1.010", "2.16.02.1.01.2.16.02.1.010"),  # not a prefix
    ],
)
def test_sub_activity_code(activity, code, shown):
    assert sub_activity_code(activity, code) == shown
