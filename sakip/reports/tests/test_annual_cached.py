"""The LKjIP year page of a settled year (all four quarters locked) is kept in the cache: the
second view computes nothing again, and whatever the page shows that can change shows at once: a
corrected realisasi of the year or of an earlier Renstra year, a reopened quarter, an edited or
reset narrative section, the Renstra's title, the language. The query count stays flat."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from sakip.monitoring import services as monitoring_services
from sakip.monitoring.models import Realisasi
from sakip.monitoring.tests.capaian_factories import (
    YEAR,
    build_budget,
    build_earlier_year,
    build_year,
    lock_periods,
)
from sakip.reports.annual.section_services import annual_section_reset, annual_section_save
from sakip.reports.tests.test_annual_page import _add_indicators

pytestmark = pytest.mark.django_db
D = Decimal
PAGE = reverse("reports:annual_report", args=[YEAR])


@pytest.fixture
def settled(organization, plan_data):
    """The year of capaian_factories (C1–C5) with its budget and the Renstra's earlier year 2025,
    every quarter of both years locked."""
    year = build_year(organization, plan_data)
    build_budget(organization, plan_data, year)
    build_earlier_year(organization, year)
    lock_periods(year)
    return year


def _view(client):
    """The page's tree and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PAGE)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode()), len(queries.captured_queries)


def _cell(tree, analysis, code, xpath):
    row = tree.xpath(f'//table[@data-analysis="{analysis}"]//tr[@data-code="{code}"]')[0]
    return " ".join(row.xpath(xpath)[0].text_content().split())


def _year_realisasi(tree, code):
    return _cell(tree, 1, code, './td[@data-field="realisasi-year"]')


def _section_text(tree, key):
    section = tree.xpath(f'//div[@data-section="{key}"]')[0]
    return " ".join(section.xpath('.//div[@class="card-body"]')[0].text_content().split())


def test_a_settled_year_is_kept_and_a_correction_or_reopening_shows_at_once(
    client, organization, settled
):
    client.force_login(organization["staf.evaluasi"])
    _tree, first = _view(client)
    tree, kept = _view(client)
    assert kept < first  # nothing computed again
    # C4 (lower is better, incremental): 8 + 12 + 25 + 10 in TW I–IV.
    assert _year_realisasi(tree, "C4") == "55"
    assert not tree.xpath('//div[@id="unlocked-quarters"]')

    # A correction of a locked quarter (a saved row) shows at once: 8 + 12 + 5 + 10.
    corrected = Realisasi.objects.get(
        submission=settled.submissions[(3, "aptika")], indicator=settled.indicators["C4"]
    )
    corrected.value = D(5)
    corrected.save()
    tree, _count = _view(client)
    assert _year_realisasi(tree, "C4") == "35"

    # Reopening TW I for Aptika: the year is a draft again and Aptika's TW I no longer counts.
    monitoring_services.period_reopen(
        actor=organization["staf.evaluasi"],
        period=settled.periods[1],
        reason="Koreksi data Aptika",
        units=[organization.aptika],
    )
    tree, _count = _view(client)
    assert "TW I" in tree.xpath('//div[@id="unlocked-quarters"]')[0].text_content()
    assert _year_realisasi(tree, "C4") == "27"  # 12 + 5 + 10


def test_a_correction_of_an_earlier_renstra_year_shows_at_once(client, organization, settled):
    """Analysis (2) prints the Renstra's earlier years: the kept page moves with their data."""
    client.force_login(organization["staf.evaluasi"])
    _view(client)
    tree, _count = _view(client)
    history = './td[@data-year="2025"]'
    assert _cell(tree, 2, "C4", history) == "44"  # 10 + 10 + 10 + 14 in 2025
    earlier = Realisasi.objects.get(
        submission__period__year=YEAR - 1,
        submission__period__quarter=4,
        indicator=settled.indicators["C4"],
    )
    earlier.value = D(4)
    earlier.save()
    tree, _count = _view(client)
    assert _cell(tree, 2, "C4", history) == "34"


def test_an_edited_section_shows_at_once_on_a_settled_year(
    client, organization, plan_data, settled
):
    client.force_login(organization["staf.evaluasi"])
    _view(client)
    tree, _count = _view(client)
    key = f"objective:{plan_data.objective.pk}"
    prefilled = _section_text(tree, key)
    assert "Indikator C4: realisasi 55 dokumen" in prefilled
    row = annual_section_save(
        actor=organization["kasubag.renkeu"],
        agency=organization.agency,
        year=YEAR,
        key=key,
        text="Analisis sasaran dari staf.",
        version=0,
    )
    annual_section_save(
        actor=organization["kasubag.renkeu"],
        agency=organization.agency,
        year=YEAR,
        key="executive_summary",
        text="Ringkasan dari staf.",
        version=0,
    )
    tree, _count = _view(client)
    assert _section_text(tree, key) == "Analisis sasaran dari staf."
    assert _section_text(tree, "executive_summary") == "Ringkasan dari staf."
    edited = tree.xpath(f'//div[@data-section="{key}"]//*[@data-state="edited"]')[0]
    assert "Diubah oleh Kasubag Renkeu" in edited.text_content()

    # Reset: the section follows the data again, as the kept page has it.
    annual_section_reset(
        actor=organization["kasubag.renkeu"],
        agency=organization.agency,
        year=YEAR,
        key=key,
        version=row.version,
    )
    tree, _count = _view(client)
    assert _section_text(tree, key) == prefilled
    assert tree.xpath(f'//div[@data-section="{key}"]//*[@data-state="prefilled"]')


def test_the_renstra_title_shows_at_once(client, organization, plan_data, settled):
    """The Renstra row is not part of the data version: the entry is keyed by it."""
    client.force_login(organization["staf.evaluasi"])
    _view(client)
    tree, _count = _view(client)
    caption = tree.xpath('//table[@id="renstra-table"]/caption')[0]
    assert caption.text_content().startswith("Renstra 2025–2029")
    plan_data.renstra.title = "Renstra Diskominfo 2025–2029 (perubahan)"
    plan_data.renstra.save()
    tree, _count = _view(client)
    caption = tree.xpath('//table[@id="renstra-table"]/caption')[0]
    assert caption.text_content().startswith("Renstra Diskominfo 2025–2029 (perubahan)")


def test_each_language_has_its_own_entry(client, organization, settled):
    client.force_login(organization["staf.evaluasi"])
    _view(client)
    tree, _count = _view(client)
    assert tree.xpath('//section[@id="chapter-bab3"]/h2')[0].text == "Bab III Akuntabilitas Kinerja"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    tree, _count = _view(client)
    heading = tree.xpath('//section[@id="chapter-bab3"]/h2')[0].text
    assert heading != "Bab III Akuntabilitas Kinerja" and "III" in heading
    analysis = tree.xpath(f'//article[@id="objective-{settled.indicators["C4"].objective_id}"]')
    assert "Perbandingan target" not in analysis[0].text_content()


def test_queries_stay_flat_on_a_settled_year(client, organization, plan_data, settled):
    """Computed or kept, the page's queries do not grow with the indicators."""
    client.force_login(organization["staf.evaluasi"])
    _tree, computed = _view(client)
    _tree, kept = _view(client)
    _add_indicators(organization, plan_data, 6)
    tree, computed_after = _view(client)
    assert tree.xpath('//tr[@data-code="X5"]')
    _tree, kept_after = _view(client)
    assert (computed_after, kept_after) == (computed, kept)


def test_the_kept_tables_stay_escaped(client, organization, settled):
    """The analyses kept as HTML were escaped by their template, and stay so from the cache."""
    c1 = settled.indicators["C1"]
    c1.name = "Indikator <b>C1</b>"
    c1.save()
    client.force_login(organization["staf.evaluasi"])
    _view(client)
    tree, _count = _view(client)
    assert "Indikator <b>C1</b>" in _cell(tree, 1, "C1", "./td[2]")
    assert not tree.xpath('//table[@data-analysis="1"]//b')
