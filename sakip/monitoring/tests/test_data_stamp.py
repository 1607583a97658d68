"""The data stamp (core/data_stamp.py): the data versions are kept under it, so it must move
with every write to their sources, saves, deletions and bulk writes alike, and never come back
to a token something was kept under."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sakip.core import data_stamp as stamp
from sakip.core.bulk import delete_rows, insert_rows, update_rows
from sakip.core.models import DataStamp
from sakip.monitoring.models import PeriodStatus
from sakip.monitoring.versions import data_versions
from sakip.planning.models import IndicatorTarget

from .capaian_factories import YEAR, build_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(organization, plan_data):
    return build_year(organization, plan_data)


def _version(organization) -> str:
    return data_versions([organization.agency.pk], YEAR)[organization.agency.pk]


def test_nothing_changed_the_versions_are_read_with_the_stamp_alone(organization, year):
    first = _version(organization)
    with CaptureQueriesContext(connection) as queries:
        again = _version(organization)
    assert again == first
    assert len(queries) == 1
    assert "core_datastamp" in queries[0]["sql"]


def test_a_save_moves_the_stamp_in_its_transaction(organization, year):
    before = stamp.current_token()
    period = year.periods[1]
    period.status = PeriodStatus.LOCKED
    period.save()
    assert stamp.current_token() != before


def test_a_row_that_is_not_a_source_leaves_the_stamp(organization, year):
    before = stamp.current_token()
    organization.users["kadis"].save()  # a login, a profile edit: no figure reads users
    assert stamp.current_token() == before


@pytest.mark.parametrize("write", ["insert", "update", "delete"])
def test_rows_written_in_bulk_move_the_version(organization, plan_data, year, write):
    before = _version(organization)
    indicator = year.indicators["C1"]
    if write == "insert":
        insert_rows([IndicatorTarget(indicator=indicator, year=YEAR + 3, low=Decimal("10"))])
    elif write == "update":
        target = IndicatorTarget.objects.filter(indicator=plan_data.indicator_ikp)[0]
        target.low, target.updated_at = Decimal("12"), timezone.now()  # as the services do
        update_rows([target], ["low", "updated_at"])
    else:
        target = IndicatorTarget.objects.filter(indicator=plan_data.indicator_ikp)[0]
        delete_rows(IndicatorTarget, [target.pk])
    assert _version(organization) != before


def test_a_rolled_back_change_leaves_no_token_to_be_reused(organization, year):
    before = stamp.current_token()
    period = year.periods[1]
    with pytest.raises(RuntimeError), transaction.atomic():
        period.status = PeriodStatus.LOCKED
        period.save()
        rolled_back = stamp.current_token()
        raise RuntimeError
    assert stamp.current_token() == before

    period.refresh_from_db()
    period.status = PeriodStatus.LOCKED
    period.save()
    assert stamp.current_token() not in {before, rolled_back}


def test_a_missing_stamp_row_is_written_again_and_the_versions_still_answer(organization, year):
    DataStamp.objects.all().delete()
    assert stamp.current_token() is None
    version = _version(organization)  # computed, nothing kept

    period = year.periods[1]
    period.status = PeriodStatus.LOCKED
    period.save()

    assert stamp.current_token() is not None
    assert _version(organization) != version


def test_each_agency_kept_alone_so_another_set_reuses_it(organization, year):
    agency, other = organization.agency.pk, organization.other_agency.pk
    both = data_versions([agency, other], YEAR)
    with CaptureQueriesContext(connection) as queries:
        alone = data_versions([other], YEAR)
    assert alone == {other: both[other]}
    assert len(queries) == 1  # the stamp
