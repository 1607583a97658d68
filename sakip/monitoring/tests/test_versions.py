"""The data version of an agency's year moves with every change its figures are computed from,
and only with those: a cached page keyed by it shows a change at once and is reused otherwise."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.monitoring.models import PeriodStatus, ReportingPeriod, SubmissionStatus
from sakip.monitoring.versions import data_versions
from sakip.organization.models import AgencyProfile, Unit
from sakip.planning.action_plan_models import ActionPlan
from sakip.planning.models import IndicatorTarget

from .capaian_factories import YEAR, build_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(organization, plan_data):
    return build_year(organization, plan_data)


def _version(organization, year_number: int = YEAR) -> str:
    return data_versions([organization.agency.pk], year_number)[organization.agency.pk]


def test_nothing_changed_same_version(organization, year):
    assert _version(organization) == _version(organization)


def test_reopening_a_locked_quarter_moves_the_version(organization, year):
    period = year.periods[1]
    period.status = PeriodStatus.LOCKED
    period.save()
    locked = _version(organization)

    period.status = PeriodStatus.OPEN
    period.save()

    assert _version(organization) != locked


def test_a_returned_submission_moves_the_version(organization, year):
    before = _version(organization)
    submission = year.submissions[(1, "ikp")]
    submission.status = SubmissionStatus.RETURNED
    submission.save()
    assert _version(organization) != before


@pytest.mark.parametrize(
    "change",
    [
        "realisasi value",
        "annual target",
        "target deleted",
        "indicator renamed",
        "indicator deleted",
        "action plan reopened",
        "profile scale",
        "unit renamed",
    ],
)
def test_each_source_of_the_figures_moves_the_version(organization, plan_data, year, change):
    before = _version(organization)
    indicator = year.indicators["C1"]
    if change == "realisasi value":
        row = indicator.realisasi.first()
        row.value = Decimal("99")
        row.save()
    elif change == "annual target":
        IndicatorTarget.objects.create(indicator=indicator, year=YEAR, low=Decimal("40"))
    elif change == "target deleted":
        IndicatorTarget.objects.filter(indicator=plan_data.indicator_ikp)[0].delete()
    elif change == "indicator renamed":
        indicator.name = "Nama baru"
        indicator.save()
    elif change == "indicator deleted":
        plan_data.indicator_seksi_ikp.delete()
    elif change == "action plan reopened":
        plan = ActionPlan.objects.filter(agency=organization.agency)[0]
        plan.status = "draft"
        plan.save()
    elif change == "profile scale":
        AgencyProfile.objects.create(
            agency=organization.agency,
            regency_name="Kab",
            city="Paringin",
            regent_title="Bupati",
            exceeds_target_band=True,
        )
    elif change == "unit renamed":
        unit = Unit.objects.get(pk=organization.ikp.pk)
        unit.name = "Bidang IKP Baru"
        unit.save()
    assert _version(organization) != before, change


def test_another_agency_or_year_is_not_moved(organization, year):
    other_before = data_versions([organization.other_agency.pk], YEAR)
    next_year_before = _version(organization, YEAR + 1)

    ReportingPeriod.objects.filter(pk=year.periods[1].pk).get().save()

    assert data_versions([organization.other_agency.pk], YEAR) == other_before
    assert _version(organization, YEAR + 1) == next_year_before


def test_one_query_for_any_number_of_agencies(organization, year):
    ids = [organization.agency.pk, organization.other_agency.pk]
    with CaptureQueriesContext(connection) as queries:
        versions = data_versions(ids, YEAR)
    assert len(queries) == 2  # the stamp, then the versions of both agencies
    assert set(versions) == set(ids)
    assert versions[ids[0]] != versions[ids[1]]


def test_a_span_of_years_moves_with_any_of_its_years_in_one_query(organization, year):
    # The Renstra runs from 2025: the span 2025-2026 covers last year's quarters too.
    agency = organization.agency.pk
    with CaptureQueriesContext(connection) as queries:
        span = data_versions([agency], YEAR, since=YEAR - 1)[agency]
    assert len(queries) == 2  # the stamp, then the span's versions
    single = _version(organization)

    ReportingPeriod.objects.create(agency=organization.agency, year=YEAR - 1, quarter=4)

    moved = data_versions([agency], YEAR, since=YEAR - 1)[agency]
    assert moved != span
    # The year alone is not moved by an earlier year's change ...
    assert _version(organization) == single
    # ... and a change of the year itself moves the span.
    period = year.periods[1]
    period.status = PeriodStatus.LOCKED
    period.save()
    assert data_versions([agency], YEAR, since=YEAR - 1)[agency] != moved


def test_a_span_of_one_year_is_that_year(organization, year):
    agency = organization.agency.pk
    assert data_versions([agency], YEAR, since=YEAR) == data_versions([agency], YEAR)
