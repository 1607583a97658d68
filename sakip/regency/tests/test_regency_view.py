"""The regency view (issue 11): the Bagian Organisasi compares the agencies' settled results and
opens one agency; it never sees a unit's drafts, and nobody else opens it (decision 0002).

The numbers below are worked out by hand from the rows the fixture writes (year 2026, the
Permendagri 86/2017 scale: <= 50 Sangat Rendah, <= 65 Rendah, <= 75 Sedang, <= 90 Tinggi, above
Sangat Tinggi):

TW I (locked, all accepted): IK1 64 of 80 -> 80,00% Tinggi; IK2 3,1 of 3,1 -> 100,00% Sangat
Tinggi; IK1.1 15 of 30 -> 50,00% Sangat Rendah; mean (80 + 100 + 50) / 3 = 76,67%.
TW II (open): Bidang IKP accepted 7,77 (would be 9,71%), Bidang Aptika sent 1,23, the Seksi's
draft holds 999: none of it shows. Of its 3 units 2 sent (IKP on 31 December 2025, Aptika on
5 January 2026), 1 accepted, 2 late against the deadline of 1 January 2026 (Aptika sent after it,
the Seksi sent nothing).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakip.core.models import ReviewStatus
from sakip.core.years import SESSION_KEY
from sakip.monitoring.models import PeriodStatus, Realisasi, ReportingPeriod, UnitSubmission
from sakip.planning.action_plan_models import ActionPlan, QuarterTarget
from sakip.reports.models import DocumentKind, GeneratedDocument

from .factories import make_agency

pytestmark = pytest.mark.django_db

YEAR = 2026


def _at(year: int, month: int, day: int, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _targets(o, p) -> None:
    for unit, indicator, value in (
        (o.ikp, p.indicator_ikp, "80"),
        (o.aptika, p.indicator_aptika, "3.1"),
        (o.seksi_ikp, p.indicator_seksi_ikp, "30"),
    ):
        plan = ActionPlan.objects.create(
            agency=o.agency, unit=unit, year=YEAR, status=ReviewStatus.ACCEPTED
        )
        for quarter in (1, 2):
            QuarterTarget.objects.create(
                action_plan=plan, indicator=indicator, quarter=quarter, low=Decimal(value)
            )


def _quarter(o, p, quarter, status, rows, *, deadline=None):
    period = ReportingPeriod.objects.create(
        agency=o.agency, year=YEAR, quarter=quarter, status=status, deadline=deadline
    )
    for unit, indicator, state, value, sent in rows:
        submission = UnitSubmission.objects.create(
            period=period, unit=unit, status=state, submitted_at=sent
        )
        Realisasi.objects.create(submission=submission, indicator=indicator, value=Decimal(value))
    return period


@pytest.fixture
def world(organization, plan_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    o, p = organization, plan_data
    _targets(o, p)
    accepted = ReviewStatus.ACCEPTED
    locked = _quarter(
        o,
        p,
        1,
        PeriodStatus.LOCKED,
        [
            (o.ikp, p.indicator_ikp, accepted, "64", _at(2026, 4, 8, 9)),
            (o.aptika, p.indicator_aptika, accepted, "3.1", _at(2026, 4, 8, 9)),
            (o.seksi_ikp, p.indicator_seksi_ikp, accepted, "15", _at(2026, 4, 8, 9)),
        ],
    )
    open_period = _quarter(
        o,
        p,
        2,
        PeriodStatus.OPEN,
        [
            (o.ikp, p.indicator_ikp, accepted, "7.77", _at(2025, 12, 31, 9)),
            (o.aptika, p.indicator_aptika, ReviewStatus.SUBMITTED, "1.23", _at(2026, 1, 5, 9)),
            (o.seksi_ikp, p.indicator_seksi_ikp, ReviewStatus.DRAFT, "999", None),
        ],
        deadline=_at(2026, 1, 1, 0),
    )
    documents = {}
    for number, published in (("001/TW-I", _at(2026, 4, 20, 10)), ("002/TW-II", None)):
        documents[number] = GeneratedDocument.objects.create(
            agency=o.agency,
            kind=DocumentKind.QUARTERLY,
            year=YEAR,
            number=number,
            title=f"Laporan Kinerja {number}",
            source_type="monitoring.reportingperiod",
            source_id=str(locked.pk),
            published_at=published,
        )
    return {"locked": locked, "open": open_period, "documents": documents}


def _login(client, user, year=YEAR):
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = year
    session.save()


def _tight(html: str) -> str:
    """The page without the white space around tags: ">80<" whatever the template's lines."""
    return re.sub(r"\s+<", "<", re.sub(r">\s+", ">", html))


def _row(page: str, agency_pk: int) -> str:
    start = page.index(f'id="agency-{agency_pk}"')
    return page[start : page.index("</tr>", start)]


def test_bagor_lands_on_the_regency_view(client, organization):
    client.force_login(organization["bagor"])
    assert client.get("/").url == reverse("regency:overview")


def test_the_overview_compares_the_agencies_settled_results(client, organization, world):
    o = organization
    _login(client, o["bagor"])
    page = client.get(reverse("regency:overview")).content.decode()
    row = _row(page, o.agency.pk)
    assert "TW I" in row and "TW II:" in row
    for band in ("Sangat Tinggi: 1", "Tinggi: 1", "Sangat Rendah: 1"):
        assert band in row, band
    assert "76,67%" in row
    assert "2 dari 3 unit mengirim, 1 diterima" in row
    assert "2 terlambat" in row
    assert '<td class="text-end num published">1</td>' in row
    # The other agency has no locked quarter yet.
    other = _row(page, o.other_agency.pk)
    assert "Belum ada" in other and "Belum dibuka" in other
    # Colour and label together (category_style).
    assert 'class="badge text-bg-success me-1">Sangat Tinggi: 1' in row


def test_kept_counts_judge_the_unsent_units_against_the_clock(organization, world):
    """TW II's counts are kept until its data changes; the Seksi, which sent nothing, is late
    only once the deadline (1 January 2026 00:00) has passed, with nothing written between."""
    from ..selectors import agency_rows

    o = organization
    rows = {
        when: agency_rows(o["bagor"], [o.agency], YEAR, now=when)[0].submissions.late
        for when in (_at(2025, 12, 31, 23), _at(2026, 1, 2, 9))
    }
    # Aptika's sending (5 January) lies after the deadline: late whenever asked. IKP sent before
    # it. The Seksi sent nothing: late from the deadline on.
    assert rows == {_at(2025, 12, 31, 23): 1, _at(2026, 1, 2, 9): 2}


def test_the_agency_page_shows_objectives_indicators_units_and_published_documents(
    client, organization, plan_data, world
):
    o, p = organization, plan_data
    _login(client, o["bagor"])
    page = client.get(reverse("regency:agency", args=[o.agency.pk])).content.decode()
    assert "Meningkatnya kualitas layanan SPBE" in page
    page = _tight(page)
    ik1 = page[page.index(f'id="indicator-{p.indicator_ikp.pk}"') :]
    ik1 = ik1[: ik1.index("</tr>")]
    assert reverse("planning:indicator_detail", args=[p.indicator_ikp.pk]) in ik1
    assert ">80<" in ik1 and ">64<" in ik1 and "80,00%" in ik1 and "Tinggi" in ik1
    assert "50,00%" in page and "Sangat Rendah" in page and "100,00%" in page
    # The units of the quarter being filled: states, never values.
    units = page[page.index('id="agency-units"') :]
    assert "Menunggu pemeriksaan" in units and "Belum dikirim" in units and "Diterima" in units
    assert units.count("Terlambat") == 2
    published = world["documents"]["001/TW-I"]
    assert reverse("reports:download_pdf", args=[published.pk]) not in page  # no PDF stored
    assert "Laporan Kinerja 001/TW-I" in page
    assert "Laporan Kinerja 002/TW-II" not in page


def test_bagor_never_sees_the_open_quarters_data_or_a_draft_report(
    client, organization, plan_data, world
):
    o, p = organization, plan_data
    _login(client, o["bagor"])
    overview = client.get(reverse("regency:overview")).content.decode()
    agency = client.get(reverse("regency:agency", args=[o.agency.pk])).content.decode()
    indicator = client.get(
        reverse("planning:indicator_detail", args=[p.indicator_ikp.pk])
    ).content.decode()
    for page in (overview, agency, indicator):
        for value in ("7,77", "9,71", "1,23", "999"):
            assert value not in page, value
    # The agency's own people see the quarter they are working on.
    _login(client, o["kadis"])
    own = client.get(reverse("planning:indicator_detail", args=[p.indicator_ikp.pk]))
    assert "7,77" in own.content.decode()
    # The open quarter's pages and the draft report do not exist for the regency.
    _login(client, o["bagor"])
    draft = world["documents"]["002/TW-II"]
    open_period = world["open"]
    for url in (
        reverse("monitoring:period_detail", args=[open_period.pk]),
        reverse("monitoring:submission_detail", args=[open_period.pk, o.seksi_ikp.pk]),
        reverse("monitoring:submission_detail", args=[open_period.pk, o.ikp.pk]),
        reverse("reports:quarterly_report", args=[open_period.pk]),
        reverse("reports:download_pdf", args=[draft.pk]),
        reverse("reports:publish", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("username", ["kadis", "kabid.ikp", "staf.evaluasi", "kadis.lain"])
def test_the_regency_view_does_not_exist_for_the_agencies_people(
    client, organization, world, username
):
    o = organization
    client.force_login(o[username])
    assert client.get(reverse("regency:overview")).status_code == 404
    assert client.get(reverse("regency:agency", args=[o.agency.pk])).status_code == 404


def test_the_administrator_may_open_it(client, organization, world):
    o = organization
    _login(client, o["admin"])
    assert client.get(reverse("regency:overview")).status_code == 200
    assert client.get(reverse("regency:agency", args=[o.agency.pk])).status_code == 200


def test_a_unit_is_no_agency_page(client, organization):
    client.force_login(organization["bagor"])
    assert client.get(reverse("regency:agency", args=[organization.ikp.pk])).status_code == 404


def test_the_overview_is_paginated_and_searched_by_name(client, organization):
    o = organization
    for n in range(21):
        make_agency(o.regency, f"uji{n:02d}", year=YEAR)
    # 23 agencies: Dinas Kominfo Uji, Dinas Lain and Dinas Uji00 … Uji20, by name.
    _login(client, o["bagor"])
    first = client.get(reverse("regency:overview")).content.decode()
    assert first.count('<th scope="row">') == 20
    assert "Halaman 1 dari 2" in first
    second = client.get(reverse("regency:overview") + "?page=2").content.decode()
    assert second.count('<th scope="row">') == 3
    assert "Dinas Uji20" in second and "Dinas Uji19" in second
    found = client.get(reverse("regency:overview") + "?q=uji07").content.decode()
    assert found.count('<th scope="row">') == 1 and "Dinas Uji07" in found
    none = client.get(reverse("regency:overview") + "?q=tidak-ada").content.decode()
    assert "Tidak ada perangkat daerah" in none


def test_a_factory_agency_reads_as_built(client, organization):
    """Values 80 and 100 of 100: 80,00% Tinggi and 100,00% Sangat Tinggi, mean 90,00%."""
    small = make_agency(organization.regency, "uji", year=YEAR)
    _login(client, organization["bagor"])
    row = _row(client.get(reverse("regency:overview")).content.decode(), small.agency.pk)
    assert "Sangat Tinggi: 1" in row and "Tinggi: 1" in row and "90,00%" in row
    assert "2 dari 2 unit mengirim, 2 diterima" in row


def _queries(client, url, *, cold: bool) -> int:
    """The queries of one request, with the cache emptied first (`cold`: every agency's capaian
    computed) or as the request before left it (warm: the capaian read from the cache)."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _cold_and_warm(client, url) -> tuple[int, int]:
    return _queries(client, url, cold=True), _queries(client, url, cold=False)


def test_the_pages_run_as_many_queries_for_one_agency_as_for_three(client, organization):
    """Cold against cold and warm against warm: the cache changes the count, the number of
    agencies never does."""
    o = organization
    first = make_agency(o.regency, "uji1", year=YEAR)
    _login(client, o["bagor"])
    overview = reverse("regency:overview") + "?q=Dinas+Uji"
    client.get(overview)  # the session's first request reads what later ones find cached
    one_agency = _cold_and_warm(client, overview)
    page_small = _cold_and_warm(client, reverse("regency:agency", args=[first.agency.pk]))
    make_agency(o.regency, "uji2", year=YEAR, values=(Decimal(50), Decimal(60), Decimal(70)))
    bigger = make_agency(o.regency, "uji3", year=YEAR, values=(Decimal(90),) * 4)
    page = client.get(overview).content.decode()
    assert page.count('<th scope="row">') == 3
    assert _cold_and_warm(client, overview) == one_agency
    assert _cold_and_warm(client, reverse("regency:agency", args=[bigger.agency.pk])) == page_small
    # Warm, the capaian's queries are spared.
    assert one_agency[1] < one_agency[0] and page_small[1] < page_small[0]
