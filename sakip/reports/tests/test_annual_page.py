"""The LKjIP pages: the list of years, the draft of a year (narrative sections with their state, the
seven analyses per objective, the budget), the edit page of a section (save, racing edit, reset,
history), who sees what, and the query count of the year page."""

from decimal import Decimal

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from sakip.monitoring.models import PeriodStatus, Realisasi, ReportingPeriod
from sakip.monitoring.tests.capaian_factories import YEAR, _indicator, build_budget, build_year
from sakip.planning.action_plan_models import ActionPlan, QuarterTarget
from sakip.reports.annual.models import AnnualReportSection
from sakip.reports.annual.section_services import annual_section_save
from sakip.reports.models import DocumentKind, GeneratedDocument

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def year_data(organization, plan_data):
    year = build_year(organization, plan_data)
    build_budget(organization, plan_data, year)
    return year


def _page(year=YEAR, query=""):
    return reverse("reports:annual_report", args=[year]) + query


def _edit(key, year=YEAR, query=""):
    return reverse("reports:annual_section_edit", args=[year, key]) + query


def _reset(key, year=YEAR):
    return reverse("reports:annual_section_reset", args=[year, key])


def _tree(response):
    return lxml_html.fromstring(response.content.decode())


def _login(client, organization, username):
    client.force_login(organization[username])
    return client


def _text(node):
    return " ".join(node.text_content().split())


# --- the list --------------------------------------------------------------------------------


def test_list_shows_the_years_with_data_newest_first(client, organization, year_data):
    ReportingPeriod.objects.create(agency=organization.agency, year=YEAR - 1, quarter=1)
    ReportingPeriod.objects.filter(agency=organization.agency, year=YEAR, quarter=1).update(
        status=PeriodStatus.LOCKED
    )
    _login(client, organization, "staf.evaluasi")
    response = client.get(reverse("reports:annual_report_list"))
    assert response.status_code == 200
    rows = _tree(response).xpath('//table[@id="annual-years"]/tbody/tr')
    assert [row.get("id") for row in rows] == [f"year-{YEAR}", f"year-{YEAR - 1}"]
    assert "TW I" in _text(rows[0]) and "Draf" in _text(rows[0])
    link = rows[0].xpath(".//a")[0].get("href")
    assert link == _page()
    # The side navigation leads here.
    assert _tree(response).xpath('//nav//a[@href="/pengumpulan-data/lkjip/"]')


def test_list_for_an_administrator_switches_agency(client, organization, year_data):
    _login(client, organization, "admin")
    response = client.get(
        reverse("reports:annual_report_list") + f"?agency={organization.other_agency.pk}"
    )
    assert response.status_code == 200
    tree = _tree(response)
    options = [o.text for o in tree.xpath('//select[@id="agency-select"]/option')]
    assert options == ["Dinas Kominfo Uji", "Dinas Lain"]
    assert not tree.xpath('//table[@id="annual-years"]')  # Dinas Lain has no data
    response = client.get(
        reverse("reports:annual_report_list") + f"?agency={organization.agency.pk}"
    )
    href = _tree(response).xpath(f'//tr[@id="year-{YEAR}"]//a')[0].get("href")
    assert href == _page(query=f"?agency={organization.agency.pk}")


# --- access ----------------------------------------------------------------------------------


def test_who_sees_and_who_edits(client, organization, year_data):
    agency = f"?agency={organization.agency.pk}"
    for username in ("staf.evaluasi", "kasubag.renkeu", "kadis", "sekretaris", "admin"):
        _login(client, organization, username)
        assert client.get(_page(query=agency)).status_code == 200, username
    # The regency reader reads the LKjIP once published, not while it is written (decision 0002).
    _login(client, organization, "bagor")
    assert client.get(_page(query=agency)).status_code == 404
    for username in ("kabid.ikp", "kasi.ikp", "bagor", "outsider"):
        _login(client, organization, username)
        assert client.get(_page()).status_code == 404, username
        assert client.get(reverse("reports:annual_report_list")).status_code == 404, username
        assert client.get(_edit("executive_summary")).status_code == 404, username
        assert client.post(_edit("executive_summary"), {"text": "x"}).status_code == 404
    # Another agency's head sees their own agency's LKjIP, never this one.
    _login(client, organization, "kadis.lain")
    assert client.get(_page(query=agency)).status_code == 404
    assert client.get(_edit("executive_summary", query=agency)).status_code == 404
    own = client.get(_page())
    assert own.status_code == 200 and b"Dinas Lain" in own.content
    assert b"Dinas Kominfo Uji" not in own.content
    # The agency head reads but does not write.
    _login(client, organization, "kadis")
    page = _tree(client.get(_page()))
    assert not page.xpath('//a[contains(@href, "/bagian/")]')
    assert not page.xpath('//button[@id="generate-report"]')
    assert client.get(_edit("executive_summary")).status_code == 403
    assert client.post(_edit("executive_summary"), {"text": "x", "version": 0}).status_code == 403
    assert client.post(_reset("executive_summary")).status_code == 403
    assert client.post(reverse("reports:annual_report_create", args=[YEAR])).status_code == 403
    assert not AnnualReportSection.objects.exists()
    client.logout()
    assert client.get(_page()).status_code == 302  # to the login page


# --- the year page ---------------------------------------------------------------------------


def test_year_page_shows_sections_and_the_seven_analyses(
    client, organization, plan_data, year_data
):
    annual_section_save(
        actor=organization["kasubag.renkeu"],
        agency=organization.agency,
        year=YEAR,
        key="bab1_background",
        text="Latar belakang dari staf.",
        version=0,
    )
    _login(client, organization, "staf.evaluasi")
    response = client.get(_page())
    assert response.status_code == 200
    tree = _tree(response)
    edited = tree.xpath('//div[@id="section-bab1_background"]')[0]
    assert "Latar belakang dari staf." in _text(edited)
    assert "Diubah oleh Kasubag Renkeu" in _text(edited.xpath('.//*[@data-state="edited"]')[0])
    summary = tree.xpath('//div[@id="section-executive_summary"]')[0]
    assert summary.xpath('.//*[@data-state="prefilled"]')[0].text == "Diisi otomatis dari data"
    assert "serapan 67,03%" in _text(summary)
    assert summary.xpath(".//a")[0].get("href") == _edit("executive_summary")
    objective_section = tree.xpath(f'//div[@id="section-objective{plan_data.objective.pk}"]')
    assert objective_section and "Indikator C4: realisasi 55 dokumen" in _text(objective_section[0])
    # Analysis (1): C4 lower-is-better 55 against 40 → 62,50% Rendah.
    article = tree.xpath(f'//article[@id="objective-{plan_data.objective.pk}"]')[0]
    c4 = article.xpath('.//table[@data-analysis="1"]//tr[@data-code="C4"]')[0]
    assert c4.xpath('.//td[@data-field="capaian-year"]')[0].text == "62,50%"
    assert _text(c4.xpath('.//td[@data-field="category-year"]')[0]) == "Rendah"
    for number in range(1, 7):
        assert article.xpath(f'.//*[@data-analysis="{number}"]'), number
    # (2) the Renstra's 2025 column; (5) the units' explanations per quarter.
    assert article.xpath('.//table[@data-analysis="2"]//td[@data-year="2025"]')
    c1_problems = article.xpath('.//table[@data-analysis="5"]//tr[@data-code="C1"]')[0]
    assert "TW I: Kendala C1 TW 1" in _text(c1_problems)
    # (6) C4 missed its target: not efficient (no programs linked to S1 here).
    assert article.xpath('.//table[@data-analysis="6"]//tr[@data-code="C4"]')
    # Bab III.B: the budget total.
    total = tree.xpath('//table[@id="budget-table"]//tr[@data-code="total"]')[0]
    assert total.xpath('./td[@data-field="pagu"]')[0].text == "Rp1.754.422.800"
    assert total.xpath('./td[@data-field="absorption"]')[0].text == "67,03%"
    # No quarter locked: the draft says so.
    assert "Data TW I, TW II, TW III, TW IV tahun 2026 belum dikunci" in _text(
        tree.xpath('//div[@id="unlocked-quarters"]')[0]
    )
    assert tree.xpath('//button[@id="generate-report"]')
    assert tree.xpath('//p[@id="no-versions"]')


def test_an_objective_without_explanations_says_so(client, organization, plan_data, year_data):
    """Analysis (5) with no kendala or solusi from the units: a sentence, not an empty table."""
    Realisasi.objects.update(problems="", solutions="")
    _login(client, organization, "staf.evaluasi")
    tree = _tree(client.get(_page()))
    article = tree.xpath(f'//article[@id="objective-{plan_data.objective.pk}"]')[0]
    assert not article.xpath('.//table[@data-analysis="5"]')
    assert _text(article.xpath('.//p[@data-analysis="5"]')[0]) == (
        "Tidak ada kendala yang dilaporkan."
    )


def test_year_page_lists_the_generated_versions(client, organization, year_data):
    report_section = annual_section_save(
        actor=organization["staf.evaluasi"],
        agency=organization.agency,
        year=YEAR,
        key="executive_summary",
        text="Ringkasan.",
        version=0,
    )
    document = GeneratedDocument.objects.create(
        agency=organization.agency,
        kind=DocumentKind.ANNUAL,
        year=YEAR,
        number="001/LKjIP/2026",
        title="LKjIP 2026",
        source_type="reports.annualreport",
        source_id=str(report_section.report_id),
        docx="documents/x.docx",
    )
    _login(client, organization, "kadis")
    tree = _tree(client.get(_page()))
    row = tree.xpath(f'//tr[@id="version-{document.pk}"]')[0]
    assert "001/LKjIP/2026" in _text(row) and "Terbaru" in _text(row)
    list_row = _tree(client.get(reverse("reports:annual_report_list"))).xpath(
        f'//tr[@id="year-{YEAR}"]/td'
    )
    assert [_text(td) for td in list_row[2:4]] == ["1", "1"]  # edited sections, versions


def test_charts_are_served_as_png(client, organization, plan_data, year_data):
    _login(client, organization, "kadis")
    budget = reverse("reports:annual_report_chart", args=[YEAR, "anggaran"])
    assert client.get(budget).content.startswith(b"\x89PNG")
    name = f"sasaran-{plan_data.objective.pk}"
    chart = reverse("reports:annual_report_chart", args=[YEAR, name])
    assert client.get(chart)["Content-Type"] == "image/png"
    unknown = reverse("reports:annual_report_chart", args=[YEAR, "sasaran-999999"])
    assert client.get(unknown).status_code == 404
    _login(client, organization, "kabid.ikp")
    assert client.get(budget).status_code == 404


def _add_indicators(organization, plan_data, count):
    """More indicators with Rencana Aksi and accepted realisasi in every quarter."""
    plan = ActionPlan.objects.get(unit=organization.ikp, year=YEAR)
    periods = ReportingPeriod.objects.filter(agency=organization.agency, year=YEAR)
    for n in range(count):
        indicator = _indicator(plan_data.objective, f"X{n}", f"Indikator X{n}", organization.ikp)
        for period in periods:
            QuarterTarget.objects.create(
                action_plan=plan, indicator=indicator, quarter=period.quarter, low=D("10")
            )
            Realisasi.objects.create(
                submission=period.submissions.get(unit=organization.ikp),
                indicator=indicator,
                value=D("9"),
                problems=f"Kendala X{n}",
            )


def test_year_page_queries_do_not_grow_with_indicators(client, organization, plan_data, year_data):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _login(client, organization, "staf.evaluasi")
    client.get(_page())  # warm the session
    cache.clear()  # the computed page: its parts are kept under the data stamps otherwise
    with CaptureQueriesContext(connection) as before:
        assert client.get(_page()).status_code == 200
    _add_indicators(organization, plan_data, 6)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        response = client.get(_page())
    assert b"Indikator X5" in response.content
    assert len(after.captured_queries) == len(before.captured_queries)


# --- the edit page ---------------------------------------------------------------------------


def test_edit_save_and_reset(client, organization, plan_data, year_data):
    key = f"objective:{plan_data.objective.pk}"
    _login(client, organization, "staf.evaluasi")
    response = client.get(_edit(key))
    assert response.status_code == 200
    tree = _tree(response)
    textarea = tree.xpath('//textarea[@name="text"]')[0]
    assert "Indikator C4: realisasi 55 dokumen" in textarea.text
    assert tree.xpath('//input[@name="version"]')[0].get("value") == "0"
    assert not tree.xpath('//form[@id="reset-form"]')  # nothing to reset yet
    assert "Belum ada riwayat perubahan." in _text(tree.xpath('//section[@id="history"]')[0])

    # Saving the pre-filled text unchanged stores nothing: the section keeps following the data.
    response = client.post(_edit(key), {"text": textarea.text, "version": 0})
    assert response.status_code == 302 and not AnnualReportSection.objects.exists()

    response = client.post(_edit(key), {"text": "Analisis sasaran oleh staf.", "version": 0})
    assert response.status_code == 302
    assert response["Location"] == _page() + f"#section-objective{plan_data.objective.pk}"
    section = AnnualReportSection.objects.get(key=key)
    assert section.text == "Analisis sasaran oleh staf." and section.version == 1
    page = _tree(client.get(_page()))
    block = page.xpath(f'//div[@id="section-objective{plan_data.objective.pk}"]')[0]
    assert "Analisis sasaran oleh staf." in _text(block)
    assert block.xpath('.//*[@data-state="edited"]')

    tree = _tree(client.get(_edit(key)))
    assert tree.xpath('//input[@name="version"]')[0].get("value") == "1"
    history = _text(tree.xpath('//section[@id="history"]')[0])
    assert "Mengubah teks" in history and "Analisis sasaran oleh staf." in history
    assert tree.xpath('//button[@id="reset-button"]')[0].get("data-confirm")

    response = client.post(_reset(key), {"version": 1})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == "" and section.version == 2
    page = _tree(client.get(_page()))
    block = page.xpath(f'//div[@id="section-objective{plan_data.objective.pk}"]')[0]
    assert block.xpath('.//*[@data-state="prefilled"]')
    assert "Indikator C4: realisasi 55 dokumen" in _text(block)


def test_racing_edit_is_refused_and_the_typed_text_stays(client, organization, year_data):
    annual_section_save(
        actor=organization["kasubag.renkeu"],
        agency=organization.agency,
        year=YEAR,
        key="bab4_conclusion",
        text="Kesimpulan Kasubag.",
        version=0,
    )
    _login(client, organization, "staf.evaluasi")
    # The staff's form was loaded before the Kasubag saved (version 0).
    response = client.post(_edit("bab4_conclusion"), {"text": "Kesimpulan staf.", "version": 0})
    assert response.status_code == 200
    tree = _tree(response)
    summary = _text(tree.xpath('//div[@id="form-error-summary"]')[0])
    assert "telah diubah oleh Kasubag Renkeu" in summary
    assert tree.xpath('//textarea[@name="text"]')[0].text.strip() == "Kesimpulan staf."
    assert AnnualReportSection.objects.get().text == "Kesimpulan Kasubag."


def test_empty_text_gets_a_message_next_to_the_field(client, organization, year_data):
    _login(client, organization, "staf.evaluasi")
    response = client.post(_edit("executive_summary"), {"text": "   ", "version": 0})
    assert response.status_code == 200
    tree = _tree(response)
    feedback = tree.xpath(
        '//textarea[@name="text"]/following-sibling::div[@class="invalid-feedback d-block"]'
    )
    assert feedback and "Isi teks bagian ini" in _text(feedback[0])
    assert "is-invalid" in tree.xpath('//textarea[@name="text"]')[0].get("class")
    assert not AnnualReportSection.objects.exists()


def test_unknown_section_and_year_are_404(client, organization, year_data):
    _login(client, organization, "staf.evaluasi")
    assert client.get(_edit("bab9_unknown")).status_code == 404
    assert client.get(_edit("objective:999999")).status_code == 404
    assert client.get(_page(year=1999)).status_code == 404
