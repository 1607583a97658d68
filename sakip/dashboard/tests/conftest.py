"""The demo with its completed last year, loaded once per test module (it takes a while).

The cache starts empty in every test: the figures are cached under the data version, and the
version of the module's data is the same in every test (each rolls its changes back), while some
tests change rows with ``QuerySet.update`` (which the version does not see, as no page does)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from sakip.conftest import PASSWORD, rows_built_once
from sakip.demo.data_year import load_data_year
from sakip.demo.loader import load_demo
from sakip.organization.models import Unit

# The demo year: a completed year of four accepted, locked quarters.
YEAR = 2025
NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))


def _load() -> int:
    load_demo(password=PASSWORD, with_sop_run=False, with_data_year=False)
    agency = Unit.objects.get(code="diskominfo")
    load_data_year(agency=agency, year=YEAR, now=NOW)
    return agency.pk


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with rows_built_once(django_db_blocker, _load) as agency_pk:
        yield agency_pk


@pytest.fixture
def demo(db, demo_loaded, settings, tmp_path) -> Unit:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Unit.objects.get(pk=demo_loaded)
