"""The portal's plans and achievement summary: only what is settled and published is public.

The achievement figures are the hand-computed year of sakip/monitoring/tests/capaian_factories.py
(DOMAIN.md §3 examples), averaged per objective by hand below.
"""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.http import FileResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.monitoring.tests.capaian_factories import YEAR, build_year
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus, QuarterTarget
from sakip.planning.models import Indicator
from sakip.reports.models import DocumentKind, GeneratedDocument

from .factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def year(organization, plan_data):
    built = build_year(organization, plan_data)
    ReportingPeriod.objects.filter(agency=organization.agency).update(status=PeriodStatus.LOCKED)
    return built


def _summary_html(client: Client, organization) -> str:
    response = client.get(reverse("portal:agency", args=[organization.agency.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    start = page.find('id="portal-achievement"')
    return page[start : page.find("</section>", start)] if start >= 0 else ""


def _published_quarterly(organization, year, quarter: int) -> GeneratedDocument:
    document = make_document(
        organization.agency,
        kind=DocumentKind.QUARTERLY,
        year=YEAR,
        number=f"00{quarter}/LKT/DKIS/{YEAR}/TW",
        title=f"Laporan TW {quarter}",
    )
    GeneratedDocument.objects.filter(pk=document.pk).update(
        source_type="monitoring.reportingperiod", source_id=str(year.periods[quarter].pk)
    )
    return document


def test_no_summary_before_a_report_is_published(client: Client, organization, year):
    # The quarters are locked, but nothing of them is published: nothing is public.
    assert _summary_html(client, organization) == ""


def test_a_published_lkjip_shows_the_year_per_objective(client: Client, organization, year):
    make_document(organization.agency, year=YEAR)

    summary = _summary_html(client, organization)

    # Year capaian C1 105, C2 105, C3 93/90, C4 (2·40−55)/40 = 62,5, C5 76,75/80 (below the
    # range 80–90): (105 + 105 + 103,333… + 62,5 + 95,9375) / 5 = 94,354…
    assert "Meningkatnya kualitas layanan SPBE" in summary
    assert "94,35%" in summary
    assert "Sangat Tinggi" in summary  # > 90 to 100 on the Permendagri 86/2017 scale
    assert f'<th scope="col" class="text-end">{YEAR}</th>' in summary


def test_a_published_quarterly_report_shows_the_year_to_its_quarter(
    client: Client, organization, year
):
    _published_quarterly(organization, year, 1)

    summary = _summary_html(client, organization)

    # TW I: 8/10, 8/10, 85/90, (2·10−8)/10, 92/90 → (80 + 80 + 94,444… + 120 + 102,222…) / 5.
    assert f"{YEAR} (s.d. TW I)" in summary
    assert "95,33%" in summary


def test_a_reopened_quarter_cuts_the_summary_before_it(client: Client, organization, year):
    make_document(organization.agency, year=YEAR)
    ReportingPeriod.objects.filter(pk=year.periods[3].pk).update(status=PeriodStatus.OPEN)

    summary = _summary_html(client, organization)

    # TW I–II: C1 18/20, C2 18/20, C3 88/90, C4 (40−20)/20, C5 81 in 80–90 → 100:
    # (90 + 90 + 97,777… + 100 + 100) / 5 = 95,555…
    assert f"{YEAR} (s.d. TW II)" in summary
    assert "95,56%" in summary
    assert "94,35%" not in summary


def test_renstra_and_iku_are_public_once_settled(client: Client, organization, plan_data):
    renstra_url = reverse("portal:renstra", args=[organization.agency.pk])
    iku_url = reverse("portal:iku", args=[organization.agency.pk])
    # Still being typed in: no RKT locked, nothing published.
    assert client.get(renstra_url).status_code == 404
    assert client.get(iku_url).status_code == 404

    make_document(organization.agency, year=2026)

    page = client.get(renstra_url).content.decode()
    assert "Rencana Strategis (Renstra) 2025–2029" in page
    assert "Jumlah rilis berita" in page  # not an IKU, but in the Renstra
    assert "Persentase informasi publik yang dipublikasikan" in page
    assert "3,1" in page  # Indeks SPBE's 2026 target, Indonesian decimals
    iku = client.get(iku_url).content.decode()
    assert "Indeks SPBE" in iku
    assert "Jumlah rilis berita" not in iku
    agency_page = client.get(reverse("portal:agency", args=[organization.agency.pk]))
    assert renstra_url in agency_page.content.decode()
    # Another agency's Renstra is not reachable through this agency's page.
    other = reverse("portal:renstra", args=[organization.other_agency.pk])
    assert client.get(other).status_code == 404


def test_only_accepted_rencana_aksi_is_public(client: Client, organization, plan_data):
    accepted = ActionPlan.objects.create(
        agency=organization.agency,
        unit=organization.ikp,
        year=2026,
        status=ActionPlanStatus.ACCEPTED,
    )
    draft = ActionPlan.objects.create(
        agency=organization.agency, unit=organization.aptika, year=2026
    )
    QuarterTarget.objects.create(
        action_plan=accepted,
        indicator=plan_data.indicator_ikp,
        quarter=1,
        low=1250,
        actions="Rilis pers mingguan",
    )
    QuarterTarget.objects.create(
        action_plan=draft,
        indicator=plan_data.indicator_aptika,
        quarter=1,
        low=3,
        actions="Draf aksi",
    )

    response = client.get(reverse("portal:action_plans", args=[organization.agency.pk, 2026]))

    assert response.status_code == 200
    assert response["Cache-Control"] in ("public, max-age=300", "max-age=300, public")
    page = response.content.decode()
    assert "Bidang IKP" in page
    assert "1.250" in page
    assert "Rilis pers mingguan" in page
    assert "Draf aksi" not in page and "Indeks SPBE" not in page
    missing = reverse("portal:action_plans", args=[organization.agency.pk, 2027])
    assert client.get(missing).status_code == 404


def test_docx_download_of_published_documents_only(client: Client, organization):
    published = make_document(organization.agency)
    draft = make_document(organization.agency, published=False, number="002/LKjIP/DKIS/2026")
    buffer = io.BytesIO()
    Document().save(buffer)
    GeneratedDocument.objects.filter(pk=published.pk).update(docx=published.docx.name)
    with open(published.docx.path, "wb") as handle:
        handle.write(buffer.getvalue())

    response = client.get(reverse("portal:download_docx", args=[published.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert isinstance(response, FileResponse)
    assert b"".join(response.streaming_content) == buffer.getvalue()  # type: ignore[arg-type]
    assert client.get(reverse("portal:download_docx", args=[draft.pk])).status_code == 404
    page = client.get(reverse("portal:agency", args=[organization.agency.pk])).content.decode()
    assert reverse("portal:download_docx", args=[published.pk]) in page
    assert reverse("portal:download_docx", args=[draft.pk]) not in page


def _agency_queries(client: Client, organization) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("portal:agency", args=[organization.agency.pk])).status_code == 200
        )
    return len(queries)


def test_agency_page_queries_do_not_grow_with_indicators_or_documents(
    client: Client, organization, plan_data, year
):
    make_document(organization.agency, year=YEAR)
    _published_quarterly(organization, year, 1)
    small = _agency_queries(client, organization)

    for n in range(5):
        indicator = Indicator.objects.create(
            objective=plan_data.objective,
            code=f"X{n}",
            name=f"Tambahan {n}",
            unit_of_measure="dokumen",
            responsible_unit=organization.ikp,
        )
        QuarterTarget.objects.create(
            action_plan=ActionPlan.objects.get(unit=organization.ikp, year=YEAR),
            indicator=indicator,
            quarter=1,
            low=5,
        )
        make_document(organization.agency, year=YEAR, number=f"01{n}/LKjIP/DKIS/{YEAR}")
    _published_quarterly(organization, year, 2)

    assert _agency_queries(client, organization) == small


def test_the_kept_summary_follows_a_publication_and_a_reopened_quarter_at_once(
    client: Client, organization, year
):
    """The summary is kept under the data stamp: a report published, a quarter reopened show on
    the next view of the public page."""
    assert _summary_html(client, organization) == ""  # computed and kept: nothing public

    make_document(organization.agency, year=YEAR)
    assert "94,35%" in _summary_html(client, organization)

    period = ReportingPeriod.objects.get(pk=year.periods[3].pk)
    period.status = PeriodStatus.OPEN
    period.save()
    summary = _summary_html(client, organization)
    assert f"{YEAR} (s.d. TW II)" in summary and "94,35%" not in summary
