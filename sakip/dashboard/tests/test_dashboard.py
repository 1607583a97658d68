"""The dashboard on the demo's completed year: what each persona sees, that its figures are the
quarterly report's, the at-risk list against hand-computed projections, the XLSX export, and a
query count that does not grow with the data or change with the period switch."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sakip.accounts.models import User
from sakip.measurement import Period
from sakip.monitoring import services as monitoring
from sakip.monitoring.models import Realisasi, ReportingPeriod, SubmissionStatus, UnitSubmission
from sakip.organization import services as org
from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit
from sakip.planning import services as plan
from sakip.planning.models import Indicator, Objective
from sakip.reports.quarterly.data import period_report_data, quarterly_report_data

from .conftest import NOW, YEAR

SIGNED = dt.date(2026, 1, 10)
URL = "/dasbor/"


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _page(username: str, **query: str) -> str:
    params = "&".join(f"{k}={v}" for k, v in {"year": str(YEAR), **query}.items())
    response = _client(username).get(f"{URL}?{params}")
    assert response.status_code == 200
    return response.content.decode()


def _indicator_cells(page: str) -> dict[int, str]:
    """Indicator id -> the capaian cell of the indicator table."""
    rows = re.findall(r'<tr id="indicator-(\d+)">(.*?)</tr>', page, re.S)
    cells = {}
    for pk, row in rows:
        found = re.search(r'data-field="capaian">([^<]*)<', row)
        assert found is not None
        cells[int(pk)] = found.group(1)
    return cells


def _codes(page: str) -> set[str]:
    table = page[page.index('id="indicators-table"') :]
    table = table[: table.index("</table>")]
    return set(re.findall(r'indikator/\d+/">([A-Z]+\.[\d.]+) ', table))


# --- who sees what -----------------------------------------------------------------------------


def test_the_agency_head_sees_the_whole_agency_with_their_tasks(demo):
    page = _page("kadis")
    assert "<h1" in page and "Dasbor" in page
    assert "Dinas Komunikasi, Informatika, Statistik dan Persandian" in page
    # The demo's 22 indicators, named by name, each linking to its indicator page.
    assert len(_indicator_cells(page)) == 22
    apt11 = Indicator.objects.get(code="APT.1.1")
    assert f'href="/rencana/indikator/{apt11.pk}/">APT.1.1 {apt11.name}</a>' in page
    # The latest quarter with data is TW IV; its category labels are written out.
    assert 'id="period-label">TW IV 2025' in page
    assert "Sangat Rendah" in page and "Sangat Tinggi" in page
    # Seven objectives, each linking to its indicators.
    assert len(re.findall(r'<tr id="objective-\d+">', page)) == 7
    # The charts' data (json_script) names the indicators by name, in the category colours.
    script = re.search(r'id="dashboard-charts"[^>]*>(.*?)</script>', page, re.S)
    assert script is not None
    charts = json.loads(script.group(1))
    by_id = {chart["id"]: chart for chart in charts}
    assert apt11.name in by_id["indicators"]["labels"]
    red = [d for d in by_id["indicators"]["datasets"] if d["label"] == "Sangat Rendah"]
    assert red and red[0]["color"] == "#dc3545"
    assert red[0]["data"][by_id["indicators"]["labels"].index(apt11.name)] == 40.0
    # A bar leads where the table's row does: the indicator page, an objective's indicators.
    index = by_id["indicators"]["labels"].index(apt11.name)
    assert by_id["indicators"]["links"][index] == f"/rencana/indikator/{apt11.pk}/"
    ss1 = Objective.objects.get(code="SS1", goal__renstra__agency=demo)
    assert by_id["objectives"]["links"][0] == f"?periode=tw&sasaran={ss1.pk}#indicators"
    # The "Tugas saya" card links to the inbox.
    card = page[page.index('id="my-tasks"') :]
    assert f'href="{reverse("procedures:inbox")}"' in card[: card.index("</div>\n    </div>")]
    assert "Tugas saya" in page


@pytest.mark.parametrize("username", ["sekretaris", "staf.evaluasi", "kasubag.renkeu"])
def test_the_sekretaris_and_the_planners_see_the_whole_agency(demo, username):
    assert len(_indicator_cells(_page(username))) == 22


def test_a_head_of_bidang_sees_their_bidang_and_its_seksi_only(demo):
    page = _page("kabid.ikp")
    # IKP.1 and IKP.2 (Bidang IKP), IKP.1.1 and IKP.3 (its two Seksi); nothing of Aptika.
    assert _codes(page) == {"IKP.1", "IKP.1.1", "IKP.2", "IKP.3"}
    assert "Bidang Informasi dan Komunikasi Publik dan unit di bawahnya" in " ".join(page.split())
    # The data collection lists their units' submissions only.
    table = page[page.index('id="collection-table"') :]
    table = table[: table.index("</table>")]
    assert "Bidang Informasi dan Komunikasi Publik" in table
    assert "Bidang Aplikasi Informatika" not in table


def test_a_head_of_seksi_sees_their_seksi(demo):
    assert _codes(_page("kasi.infopublik")) == {"IKP.1.1"}


@pytest.mark.parametrize("username", ["bagor", "pegawai.rina", "kasubag.umum", "admin"])
def test_who_has_no_dashboard_gets_404(demo, username):
    client = _client(username)
    assert client.get(URL).status_code == 404
    assert client.get(URL + "ekspor/").status_code == 404


def test_an_objective_leads_to_its_indicators(demo):
    objective = Objective.objects.get(code="SS1", goal__renstra__agency=demo)
    page = _page("kadis", sasaran=str(objective.pk))
    assert _codes(page) == {"APT.1", "APT.1.1", "IKU.1"}
    assert 'id="indicator-filter"' in page


def test_a_unit_and_a_category_lead_to_their_indicators(demo):
    ikp = Unit.objects.get(code="diskominfo-ikp")
    assert _codes(_page("kadis", unit=str(ikp.pk))) == {"IKP.1", "IKP.2"}
    # TW IV: APT.1.1 (40,00%) is the one Sangat Rendah, STA.1 (58,00%) the one Rendah.
    assert _codes(_page("kadis", kategori="sangat_rendah")) == {"APT.1.1"}
    assert _codes(_page("kadis", kategori="rendah")) == {"STA.1"}
    # An unknown filter shows every indicator.
    assert len(_indicator_cells(_page("kadis", kategori="apa-saja"))) == 22


# --- the same numbers as the reports -----------------------------------------------------------


def _report_lines(data) -> list:
    return [line for block in data.objectives for line in block.lines]


def test_quarter_figures_equal_the_quarterly_report(demo):
    period = ReportingPeriod.objects.get(agency=demo, year=YEAR, quarter=4)
    report = quarterly_report_data(period, on=SIGNED)
    lines = _report_lines(report)
    assert len(lines) == 22

    quarter = _indicator_cells(_page("kadis", periode="tw"))
    to_date = _indicator_cells(_page("kadis", periode="tahun"))
    for line in lines:
        assert quarter[line.indicator_id] == line.quarter.capaian_text, line.code
        assert to_date[line.indicator_id] == line.to_date.capaian_text, line.code
    # Spot check by hand: APT.1.1, cumulative, TW IV target 10, realisasi 4 -> 40,00%.
    assert quarter[Indicator.objects.get(code="APT.1.1").pk] == "40,00%"

    # The distribution over categories is the report's.
    page = _page("kadis", periode="tw")
    for count in report.categories:
        row = re.search(
            rf'<tr data-category="{count.key}">.*?<td class="num">(\d+)</td>', page, re.S
        )
        assert row is not None and int(row.group(1)) == count.count, count.label

    # Serapan per program is the report's.
    budget = page[page.index('id="budget-table"') :]
    budget = budget[: budget.index("</table>")]
    for line in report.budget:
        if line.is_program:
            assert f"{line.code} {line.name}" in budget
            assert f'<td class="num">{line.absorption_text}</td>' in budget


def test_semester_figures_equal_the_semester_report(demo):
    periods = list(ReportingPeriod.objects.filter(agency=demo, year=YEAR, quarter__in=[3, 4]))
    report = period_report_data(
        agency=demo,
        year=YEAR,
        period=Period.semester(2),
        reporting_periods=periods,
        title=[],
        on=SIGNED,
    )
    cells = _indicator_cells(_page("kadis", periode="semester"))
    for line in _report_lines(report):
        assert cells[line.indicator_id] == line.quarter.capaian_text, line.code


# --- indicators at risk ------------------------------------------------------------------------


def _risk_cells(page: str) -> dict[str, str]:
    rows = re.findall(r'<tr id="risk-\d+">(.*?)</tr>', page, re.S)
    found = {}
    for row in rows:
        code = re.search(r'indikator/\d+/">([A-Z]+\.[\d.]+) ', row)
        value = re.search(r'data-field="projected">([^<]*)<', row)
        assert code is not None and value is not None
        found[code.group(1)] = value.group(1)
    return found


def test_at_risk_projects_the_year_from_the_first_semester(demo):
    # As in mid-year: TW III and TW IV are not accepted (sent back), only TW I-II count.
    UnitSubmission.objects.filter(
        period__agency=demo, period__year=YEAR, period__quarter__gte=3
    ).update(status=SubmissionStatus.RETURNED)
    page = _page("kadis")
    assert 'id="period-label">TW II 2025' in page
    risks = _risk_cells(page)
    # Hand-computed from the demo's Rencana Aksi and TW I-II realisasi:
    # IKP.1.1 incremental, 110 + 126 -> 118 a quarter -> 472 against 4 x 120 = 480 -> 98,33%.
    assert risks["IKP.1.1"] == "98,33%"
    # APT.1.1 cumulative, 2 after TW II -> 2 x 4 / 2 = 4 against the TW IV target 10 -> 40,00%.
    assert risks["APT.1.1"] == "40,00%"
    # APT.2.1 average, (97,02 + 98) / 2 = 97,51 against the mean target 98 -> 99,50%.
    assert risks["APT.2.1"] == "99,50%"
    # APT.1 latest, 50,96 against the year's 52 -> 98,00%.
    assert risks["APT.1"] == "98,00%"
    # STA.1 cumulative, 21,7 x 4 / 2 = 43,4 against 70 -> 62,00%.
    assert risks["STA.1"] == "62,00%"
    # Not at risk: PSN.1 (incremental, lower is better) 2 + 4 -> 12 against 12 -> 100,00%;
    # IKU.2 (latest) 81,6 against 80 -> 102,00%.
    assert "PSN.1" not in risks and "IKU.2" not in risks
    # The method is stated on the page, in Indonesian.
    assert "rata-rata triwulan yang dilaporkan × 4" in page


# --- export ------------------------------------------------------------------------------------


def test_export_has_the_pages_numbers_and_keeps_formula_text_as_text(demo):
    ikp3 = Indicator.objects.get(code="IKP.3")
    Indicator.objects.filter(pk=ikp3.pk).update(name='=HYPERLINK("http://x","klik")')
    response = _client("kadis").get(f"{URL}ekspor/?year={YEAR}&periode=tw")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Sasaran",
        "Indikator",
        "Unit",
        "Kategori",
        "Tren triwulan",
        "Tren Renstra",
        "Berisiko",
        "Pengumpulan data",
        "Anggaran",
    ]
    rows = {row[1].value: row for row in book["Indikator"].iter_rows(min_row=3)}
    apt11 = rows["APT.1.1"]
    assert apt11[2].value == Indicator.objects.get(code="APT.1.1").name
    assert Decimal(str(apt11[7].value)) == Decimal("40")
    assert apt11[8].value == "Sangat Rendah"
    # Target 10 applications by TW IV (cumulative), 4 reached: numbers a spreadsheet can sum,
    # not Indonesian-formatted text; a range target stays the text "80–90".
    assert (apt11[5].data_type, apt11[5].value) == ("n", 10)
    assert (apt11[6].data_type, apt11[6].value) == ("n", 4)
    assert rows["IKU.3"][5].value == "80–90"
    formula = rows["IKP.3"][2]
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("http://x","klik")'
    assert formula.quotePrefix

    only = load_workbook(
        io.BytesIO(
            _client("kadis").get(f"{URL}ekspor/?year={YEAR}&periode=tw&bagian=budget").content
        )
    )
    assert only.sheetnames == ["Anggaran"]


# --- queries -----------------------------------------------------------------------------------


def _queries(client: Client, query: str, *, cold: bool) -> int:
    """The queries of one request: with the figures' cache empty (cold) or filled (warm, by the
    request before)."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{URL}?year={YEAR}&{query}").status_code == 200
    return len(captured)


def _counts(client: Client, head: Client) -> dict[tuple[str, str], int]:
    """Cold then warm, for each period of the switch (the agency) and the unit head's page."""
    counts = {}
    for key in ("tw", "semester", "tahun"):
        counts[("cold", key)] = _queries(client, f"periode={key}", cold=True)
        counts[("warm", key)] = _queries(client, f"periode={key}", cold=False)
    counts[("cold", "head")] = _queries(head, "periode=tw", cold=True)
    counts[("warm", "head")] = _queries(head, "periode=tw", cold=False)
    return counts


def test_query_count_does_not_grow_with_the_data_nor_change_with_the_period(demo):
    client = _client("kadis")
    head = _client("kabid.ikp")
    _queries(client, "periode=tw", cold=True)  # warm what a first request fills (the session)
    _queries(head, "periode=tw", cold=True)
    before = _counts(client, head)
    assert len({before[("cold", key)] for key in ("tw", "semester", "tahun")}) == 1, before
    assert len({before[("warm", key)] for key in ("tw", "semester", "tahun")}) == 1, before
    # The cached figures spare the capaian's queries.
    assert before[("warm", "tw")] < before[("cold", "tw")]
    assert before[("warm", "head")] < before[("cold", "head")]

    # More units, indicators, submissions, realisasi and a further year of data: next year's
    # TW I opened (its submissions and tasks) ...
    monitoring.period_open(
        actor=User.objects.get(username="kasubag.renkeu"),
        agency=demo,
        year=YEAR + 1,
        quarter=1,
        now=NOW,
    )
    # ... a new Bidang and Seksi with three indicators, accepted submissions and realisasi.
    admin = User.objects.get(username="admin")
    unit = org.unit_create(
        actor=admin, parent=demo, kind=UnitKind.DIVISION, name="Bidang Uji", code="bidang-uji"
    )
    seksi = org.unit_create(
        actor=admin, parent=unit, kind=UnitKind.SECTION, name="Seksi Uji", code="seksi-uji"
    )
    objective = Objective.objects.get(code="SS2", goal__renstra__agency=demo)
    first = ReportingPeriod.objects.get(agency=demo, year=YEAR, quarter=1)
    for number, responsible in enumerate((unit, seksi, unit), start=1):
        indicator = plan.indicator_create(
            actor=admin,
            objective=objective,
            code=f"UJI.{number}",
            name=f"Indikator uji {number}",
            unit_of_measure="dokumen",
            responsible_unit=responsible,
            targets={YEAR: plan.TargetValue(Decimal(40))},
        )
        submission, _new = UnitSubmission.objects.get_or_create(
            period=first, unit=responsible, defaults={"status": SubmissionStatus.ACCEPTED}
        )
        Realisasi.objects.create(submission=submission, indicator=indicator, value=Decimal(9))
    assert Unit.objects.filter(code__in=["bidang-uji", "seksi-uji"]).count() == 2

    assert _counts(client, head) == before
    assert len(_indicator_cells(_page("kadis"))) == 25


def test_the_year_is_the_top_bars_and_the_period_links_keep_it(demo):
    client = _client("kadis")
    client.post(reverse("shell:choose_year"), {"year": YEAR, "next": URL})
    page = client.get(URL).content.decode()
    assert f'Dasbor <small class="text-secondary">{YEAR}</small>' in page
    # The period switch carries no year of its own: choosing another year in the top bar holds.
    switch = page[page.index('id="period-switch"') :]
    switch = switch[: switch.index("</div>")]
    assert 'href="?periode=semester"' in switch and "year=" not in switch


def test_my_tasks_card_counts_open_and_late_tasks(demo):
    # Next year's TW I opened on 2 March 2026: each unit head is asked for the quarter's data, with
    # a due date long past by now.
    monitoring.period_open(
        actor=User.objects.get(username="kasubag.renkeu"),
        agency=demo,
        year=YEAR + 1,
        quarter=1,
        now=NOW,
    )
    card = _page("kabid.ikp")
    card = card[card.index('id="my-tasks"') :]
    assert '<span class="fs-4 fw-semibold" data-field="open">1</span>' in card
    assert '<span class="fw-semibold" data-field="late">1</span>' in card
    # The data collection now watches the open quarter.
    page = _page("kadis")
    assert f"Pengumpulan data TW I {YEAR + 1}" in page


def test_a_year_without_accepted_data_says_so(demo):
    page = _page("kadis", year=str(YEAR + 1))
    assert 'id="no-data"' in page
    assert f"Belum ada realisasi yang diterima untuk tahun {YEAR + 1}." in page
    # The indicators with targets are listed, their capaian n/a with the category's reason.
    assert len(_indicator_cells(page)) == 22
    assert set(_indicator_cells(page).values()) == {"n/a"}


def test_a_year_without_accepted_data_titles_its_charts_without_an_empty_period(demo):
    """Before the first accepted quarter there is no period: the charts say what they show, not
    "Rata-rata capaian per sasaran ()"."""
    import json
    import re

    page = _client("kadis").get(f"{URL}?year={YEAR + 1}").content.decode()
    assert 'id="no-data"' in page
    found = re.search(
        r'<script id="dashboard-charts" type="application/json">(.*?)</script>', page, re.S
    )
    assert found is not None
    charts = json.loads(found.group(1))
    titles = {chart["id"]: chart["title"] for chart in charts}
    assert titles["objectives"] == "Rata-rata capaian per sasaran"
    assert not any("()" in title for title in titles.values())
