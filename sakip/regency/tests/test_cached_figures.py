"""The regency view keeps each agency's capaian in the cache (issue 11): the figures shown are
always those of the data as it is now. A quarter reopened drops out at once (the earlier locked
quarter shows, or nothing), a quarter locked again with changed accepted data shows its new
numbers at once, a search and page 2 read the entries the overview stored, and a page in English
never shows the Indonesian entry (or the other way round).

Numbers by hand (Permendagri 86/2017 scale: <= 50 Sangat Rendah, <= 65 Rendah, <= 75 Sedang,
<= 90 Tinggi, above Sangat Tinggi; targets 100 in every quarter):
TW I: 80 and 100 -> 80,00% Tinggi, 100,00% Sangat Tinggi, mean 90,00%.
TW II: 40 and 70 -> 40,00% Sangat Rendah, 70,00% Sedang, mean 55,00%.
TW I locked again with 60 instead of 80: 60,00% Rendah, 100,00% Sangat Tinggi, mean 80,00%.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.core.models import ReviewStatus
from sakip.monitoring import services
from sakip.monitoring.models import PeriodStatus, Realisasi, ReportingPeriod, UnitSubmission
from sakip.planning.action_plan_models import QuarterTarget
from sakip.planning.models import Indicator

from .factories import SmallAgency, make_agency
from .test_regency_view import YEAR, _login, _row

pytestmark = pytest.mark.django_db


def _cells(page: str, agency_pk: int) -> list[str]:
    """The overview row's cells as text: locked quarter, bands, mean, collection, SOP, documents."""
    cells = re.findall(r"<td[^>]*>(.*?)</td>", _row(page, agency_pk), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def _overview(client, query: str = "") -> str:
    return client.get(reverse("regency:overview") + query).content.decode()


def _second_quarter(small: SmallAgency, values: tuple[str, str]) -> ReportingPeriod:
    """TW II locked, with targets of 100 and the accepted realisasi `values`."""
    for indicator in small.indicators:
        plan = QuarterTarget.objects.get(indicator=indicator).action_plan
        QuarterTarget.objects.create(
            action_plan=plan, indicator=indicator, quarter=2, low=Decimal(100)
        )
    period = ReportingPeriod.objects.create(
        agency=small.agency, year=YEAR, quarter=2, status=PeriodStatus.LOCKED
    )
    for unit, indicator, value in zip(small.units, small.indicators, values, strict=True):
        submission = UnitSubmission.objects.create(
            period=period, unit=unit, status=ReviewStatus.ACCEPTED
        )
        Realisasi.objects.create(submission=submission, indicator=indicator, value=Decimal(value))
    return period


def test_a_reopened_quarter_drops_out_and_new_figures_show_once_locked_again(client, organization):
    o = organization
    small = make_agency(o.regency, "uji", year=YEAR)
    second = _second_quarter(small, ("40", "70"))
    _login(client, o["bagor"])
    locked, bands, mean, *_ = _cells(_overview(client), small.agency.pk)
    assert (locked, mean) == ("TW II", "55,00%")
    assert bands == "Sedang: 1 Sangat Rendah: 1"
    assert _cells(_overview(client), small.agency.pk)[:3] == [locked, bands, mean]  # cached

    services.period_reopen(actor=None, period=second, reason="Salah ketik")
    locked, bands, mean, *_ = _cells(_overview(client), small.agency.pk)
    assert (locked, bands, mean) == ("TW I", "Sangat Tinggi: 1 Tinggi: 1", "90,00%")

    services.period_reopen(actor=None, period=small.period, reason="Salah ketik")
    locked, bands, mean, *_ = _cells(_overview(client), small.agency.pk)
    assert (locked, bands, mean) == ("Belum ada", "—", "—")
    detail = client.get(reverse("regency:agency", args=[small.agency.pk])).content.decode()
    assert 'id="indicators-empty"' in detail and "80,00%" not in detail

    # TW I corrected (80 -> 60), accepted and locked again: the new numbers at once.
    row = Realisasi.objects.get(submission__period=small.period, indicator=small.indicators[0])
    row.value = Decimal(60)
    row.save()
    for submission in small.period.submissions.all():
        submission.status = ReviewStatus.ACCEPTED
        submission.save()
    services.period_lock(actor=None, period=small.period)
    locked, bands, mean, *_ = _cells(_overview(client), small.agency.pk)
    assert (locked, bands, mean) == ("TW I", "Sangat Tinggi: 1 Rendah: 1", "80,00%")
    detail = client.get(reverse("regency:agency", args=[small.agency.pk])).content.decode()
    assert "60,00%" in detail and "80,00%" in detail and "90,00%" not in detail


def test_the_agency_page_shows_a_changed_accepted_value_at_once(client, organization):
    """The agency page's table is cached too: a locked quarter's accepted realisasi corrected in
    place (as a data fix would) is a new version, so the page shows the new value."""
    o = organization
    small = make_agency(o.regency, "uji", year=YEAR)
    _login(client, o["bagor"])
    url = reverse("regency:agency", args=[small.agency.pk])
    assert "80,00%" in client.get(url).content.decode()
    row = Realisasi.objects.get(submission__period=small.period, indicator=small.indicators[0])
    row.value = Decimal("50")
    row.save()
    page = client.get(url).content.decode()
    assert "50,00%" in page and "80,00%" not in page and "75,00%" in page  # mean (50 + 100) / 2


def _computes_capaian(client, query: str) -> bool:
    """Whether the overview read realisasi (computed capaian) rather than the kept figures."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("regency:overview") + query).status_code == 200
    return any('"monitoring_realisasi"' in q["sql"] for q in queries.captured_queries)


def test_a_search_and_page_two_read_the_entries_the_overview_stored(client, organization):
    o = organization
    for n in range(21):
        make_agency(o.regency, f"uji{n:02d}", year=YEAR, values=(Decimal(n + 50), Decimal(100)))
    # 23 agencies by name: Dinas Kominfo Uji, Dinas Lain, Dinas Uji00 … Dinas Uji20; page 2
    # holds Uji18, Uji19 and Uji20.
    _login(client, o["bagor"])
    search = "?q=uji19"
    cache.clear()
    assert _computes_capaian(client, search)

    cache.clear()
    second_page = _overview(client, "?page=2")
    assert "Dinas Uji19" in second_page
    assert not _computes_capaian(client, search)
    # The same figures either way: Uji19 reads 69 and 100 -> 69,00% Sedang, mean 84,50%.
    uji19 = [line for line in re.findall(r'id="agency-(\d+)"', second_page)]
    found = _overview(client, search)
    (pk,) = re.findall(r'id="agency-(\d+)"', found)
    assert pk in uji19
    assert _cells(found, int(pk))[:3] == _cells(second_page, int(pk))[:3]
    assert _cells(found, int(pk))[1:3] == ["Sangat Tinggi: 1 Sedang: 1", "84,50%"]

    # And the other way round: searches fill what page 2 reads.
    cache.clear()
    _overview(client, "?q=uji18")
    _overview(client, "?q=uji19")
    _overview(client, "?q=uji20")
    assert not _computes_capaian(client, "?page=2")
    cache.clear()
    assert _computes_capaian(client, "?page=2")


def test_english_and_indonesian_pages_keep_their_own_entries(client, organization):
    """An indicator without realisasi says why in the reader's language, whichever language
    asked first."""
    o = organization
    small = make_agency(o.regency, "uji", year=YEAR)
    unreported = Indicator.objects.create(
        objective=small.indicators[0].objective,
        code="IK3",
        name="Indikator tanpa realisasi",
        unit_of_measure="%",
        responsible_unit=small.units[0],
    )
    plan = QuarterTarget.objects.get(indicator=small.indicators[0]).action_plan
    QuarterTarget.objects.create(
        action_plan=plan, indicator=unreported, quarter=1, low=Decimal(100)
    )
    _login(client, o["bagor"])
    url = reverse("regency:agency", args=[small.agency.pk])
    indonesian = "Belum ada realisasi yang dilaporkan untuk periode ini."
    english = "No actual has been reported for this period yet."
    for language, shown, hidden in (
        ("id", indonesian, english),
        ("en", english, indonesian),
        ("id", indonesian, english),
        ("en", english, indonesian),
    ):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(url).content.decode()
        assert shown in page and hidden not in page, language
        overview = _overview(client)
        assert "Tidak tersedia: 1" in overview or "Not available: 1" in overview
