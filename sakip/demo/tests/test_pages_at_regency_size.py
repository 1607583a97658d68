"""The new pages of issue 11 run as many queries at demo size as in a generated regency.

At demo size the regency holds one agency; then `generate_regency` adds three copies of it, with
their people, plans, a year of locked quarters, tasks and published documents. Every page is asked
by the person who reads it (the agency head's dashboard, the regency reader's overview and one
agency, the public portal) before and after, and must run the same number of queries: a page
whose cost grows with the agencies would not survive a regency of forty.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sakip.accounts.models import User
from sakip.conftest import rows_built_once
from sakip.demo.loader import load_demo
from sakip.demo.regency import generate_regency
from sakip.organization.models import Unit
from sakip.portal.tests.factories import make_document
from sakip.reports.models import DocumentKind

LAST_YEAR = timezone.localdate().year - 1
COPIES = 3


def _build() -> int:
    load_demo(password="x", with_sop_run=False)
    agency = Unit.objects.get(code="diskominfo")
    # The LKjIP of the demo year, published: the portal's summary and the regency's count read it.
    make_document(
        agency,
        kind=DocumentKind.ANNUAL,
        year=LAST_YEAR,
        number=f"001/LKjIP/Diskominfo/{LAST_YEAR}",
        title=f"LKjIP {LAST_YEAR}",
    )
    return agency.pk


@pytest.fixture(scope="module")
def demo_built(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), rows_built_once(django_db_blocker, _build) as pk:
        yield pk


def _signed_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.post(reverse("shell:choose_year"), {"year": LAST_YEAR})
    return client


def _pages(agency_pk: int) -> dict[str, tuple[Callable[[], Client], str]]:
    return {
        "dashboard (TW)": (
            lambda: _signed_in("kadis"),
            f"{reverse('dashboard:home')}?year={LAST_YEAR}",
        ),
        "dashboard (tahun)": (
            lambda: _signed_in("kadis"),
            f"{reverse('dashboard:home')}?year={LAST_YEAR}&periode=tahun",
        ),
        "regency overview": (lambda: _signed_in("bagor"), reverse("regency:overview")),
        "regency agency": (
            lambda: _signed_in("bagor"),
            reverse("regency:agency", args=[agency_pk]),
        ),
        "portal index": (Client, reverse("portal:index")),
        "portal agency": (Client, reverse("portal:agency", args=[agency_pk])),
        "portal renstra": (Client, reverse("portal:renstra", args=[agency_pk])),
    }


def _query_counts(agency_pk: int) -> dict[str, int]:
    counts = {}
    for name, (make_client, url) in _pages(agency_pk).items():
        client = make_client()
        assert client.get(url).status_code == 200, name  # warm: session, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_new_pages_run_the_same_queries_at_demo_and_regency_size(demo_built, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    at_demo_size = _query_counts(demo_built)

    summary = generate_regency(agencies=COPIES)
    assert summary.agencies == COPIES + 1
    at_regency_size = _query_counts(demo_built)

    assert at_regency_size == at_demo_size
    # The regency reader's overview now lists four agencies, each with its published LKjIP.
    overview = _signed_in("bagor").get(reverse("regency:overview")).content.decode()
    for name in ("Dinas Uji 01", "Dinas Uji 02", "Dinas Uji 03"):
        assert name in overview
