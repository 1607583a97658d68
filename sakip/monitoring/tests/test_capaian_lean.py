"""`indicator_results_by_agency(..., lean=True)` (the regency view's figures) loads fewer columns
and computes the same numbers: the hand-computed capaian of test_capaian's year, the period's
kendala/solusi, and the names an indicator table prints read without a further query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.measurement import Period
from sakip.monitoring.capaian import indicator_results_by_agency

from .capaian_factories import YEAR, D, build_year
from .test_capaian import EXPECTED

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(organization, plan_data):
    return build_year(organization, plan_data)


def _lean(organization, period):
    results = indicator_results_by_agency(
        agencies=[organization.agency], year=YEAR, period=period, lean=True
    )[organization.agency.pk]
    return {r.indicator.code: r for r in results}


@pytest.mark.parametrize("period", list(EXPECTED), ids=lambda p: p.label_id)
def test_lean_results_match_the_hand_computation(organization, year, period):
    results = _lean(organization, period)
    for code, expected in EXPECTED[period].items():
        assert results[code].capaian.display == D(expected), code


def test_lean_results_carry_the_texts_and_names_without_more_queries(organization, year):
    q2 = _lean(organization, Period.quarter(2))
    sem = _lean(organization, Period.semester(1))
    with CaptureQueriesContext(connection) as queries:
        assert q2["C1"].problems == "Kendala C1 TW 2"
        assert q2["C1"].solutions == "Solusi C1 TW 2"
        assert sem["C1"].problems == "TW I: Kendala C1 TW 1\nTW II: Kendala C1 TW 2"
        for result in [*q2.values(), *sem.values()]:
            names = (
                result.indicator.pk,
                result.indicator.code,
                result.indicator.name,
                result.indicator.unit_of_measure,
                result.objective.pk,
                str(result.objective),
                result.unit.name,
            )
            assert all(name not in (None, "") for name in names)
    assert len(queries) == 0
