"""indicator_results / budget_results on a hand-computed year (DOMAIN.md §3 examples)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sakip.measurement import NaReason, Period, Target
from sakip.monitoring.capaian import budget_results, indicator_results, last_month
from sakip.monitoring.models import SubmissionStatus, UnitSubmission
from sakip.organization.models import AgencyProfile
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus

from .capaian_factories import YEAR, annual_only_indicator, build_budget, build_year

D = Decimal
pytestmark = pytest.mark.django_db


def _by_code(results):
    return {r.indicator.code: r for r in results}


def _capaian(organization, period, **kwargs):
    results = indicator_results(agency=organization.agency, year=YEAR, period=period, **kwargs)
    return _by_code(results)


@pytest.fixture
def year(organization, plan_data):
    return build_year(organization, plan_data)


# DOMAIN.md §3 period example and the extra indicators of capaian_factories.SPEC.
EXPECTED = {
    Period.quarter(1): {
        "C1": "80.00",
        "C2": "80.00",
        "C3": "94.44",
        "C4": "120.00",
        "C5": "102.22",
    },
    Period.quarter(2): {"C1": "100.00", "C4": "80.00", "C5": "87.50"},
    Period.quarter(3): {
        "C1": "130.00",
        "C2": "103.33",
        "C3": "101.11",
        "C4": "0.00",
        "C5": "100.00",
    },
    Period.semester(1): {"C1": "90.00", "C2": "90.00", "C3": "97.78", "C5": "100.00"},
    Period.semester(2): {"C1": "120.00"},
    Period.to_date(3): {"C1": "103.33", "C2": "103.33"},
    Period.year(): {"C1": "105.00", "C2": "105.00", "C3": "103.33", "C4": "62.50", "C5": "95.94"},
}


@pytest.mark.parametrize("period", list(EXPECTED), ids=lambda p: p.label_id)
def test_period_capaian_matches_hand_computation(organization, year, period):
    results = _capaian(organization, period)
    for code, expected in EXPECTED[period].items():
        assert results[code].capaian.display == D(expected), code


def test_targets_and_realisasi_are_aggregated_by_the_indicator_rule(organization, year):
    results = _capaian(organization, Period.semester(1))
    assert results["C1"].target == Target(D(20)) and results["C1"].realisasi == D(18)
    assert results["C2"].target == Target(D(20)) and results["C2"].realisasi == D(18)
    assert results["C3"].target == Target(D(90)) and results["C3"].realisasi == D(88)
    assert results["C5"].target == Target(D(80), D(90)) and results["C5"].realisasi == D(81)
    assert results["C1"].target_source == "action_plan"
    assert results["C1"].objective == year.indicators["C1"].objective
    assert results["C1"].unit == organization.ikp


def test_categories_with_the_default_scale(organization, year):
    q1 = _capaian(organization, Period.quarter(1))
    assert q1["C1"].category.label == "Tinggi"  # 80
    assert q1["C3"].category.label == "Sangat Tinggi"  # 94,44
    q3 = _capaian(organization, Period.quarter(3))
    assert q3["C4"].category.label == "Sangat Rendah"  # 0
    full = _capaian(organization, Period.year())
    assert full["C4"].category.label == "Rendah"  # 62,5
    q4 = _capaian(organization, Period.quarter(4))
    assert q4["C5"].capaian.display == D("75.00")
    assert q4["C5"].category.label == "Sedang"  # 75 is the top of "> 65 to 75"


def test_agency_scale_with_exceeds_target_band(organization, year):
    AgencyProfile.objects.create(
        agency=organization.agency,
        regency_name="Kab",
        city="Paringin",
        regent_title="Bupati",
        regent_name="X",
        exceeds_target_band=True,
    )
    q3 = _capaian(organization, Period.quarter(3))
    assert q3["C1"].category.label == "Melebihi Target"  # 130
    assert q3["C5"].category.label == "Sangat Tinggi"  # exactly 100


def test_needs_explanation_below_the_threshold(organization, year):
    q1 = _capaian(organization, Period.quarter(1))
    # No profile: the threshold is 100.
    assert q1["C1"].needs_explanation is True  # 80
    assert q1["C4"].needs_explanation is False  # 120
    AgencyProfile.objects.create(
        agency=organization.agency,
        regency_name="Kab",
        city="Paringin",
        regent_title="Bupati",
        regent_name="X",
        explanation_threshold=D("80"),
    )
    q1 = _capaian(organization, Period.quarter(1))
    assert q1["C1"].needs_explanation is False  # 80 is not below 80
    q4 = _capaian(organization, Period.quarter(4))
    assert q4["C5"].needs_explanation is True  # 75


def test_problems_and_solutions_of_the_period(organization, year):
    q2 = _capaian(organization, Period.quarter(2))
    assert q2["C1"].problems == "Kendala C1 TW 2"
    assert q2["C1"].solutions == "Solusi C1 TW 2"
    sem = _capaian(organization, Period.semester(1))
    assert sem["C1"].problems == "TW I: Kendala C1 TW 1\nTW II: Kendala C1 TW 2"


def test_annual_target_only_for_the_whole_year(organization, plan_data, year):
    annual_only_indicator(organization, plan_data)
    q1 = _capaian(organization, Period.quarter(1))
    assert q1["C6"].target is None
    assert q1["C6"].capaian.reason == NaReason.NO_TARGET
    assert "Belum ada target" in q1["C6"].na_reason
    full = _capaian(organization, Period.year())
    assert full["C6"].target == Target(D(40))
    assert full["C6"].target_source == "annual"
    assert full["C6"].capaian.reason == NaReason.NO_REALISASI
    assert full["C6"].category is None and full["C6"].needs_explanation is False


def test_zero_target_higher_is_na_with_reason(organization, year):
    from sakip.planning.action_plan_models import QuarterTarget

    QuarterTarget.objects.filter(indicator=year.indicators["C1"], quarter=1).update(low=0)
    q1 = _capaian(organization, Period.quarter(1))
    assert q1["C1"].capaian.value is None
    assert q1["C1"].capaian.reason == NaReason.ZERO_TARGET_HIGHER
    assert q1["C1"].na_reason
    assert q1["C1"].category is None


def test_only_approved_rencana_aksi_counts(organization, year):
    ActionPlan.objects.filter(unit=organization.aptika).update(status=ActionPlanStatus.SUBMITTED)
    q1 = _capaian(organization, Period.quarter(1))
    assert "C4" not in q1  # no approved quarter targets and no annual target
    assert "C1" in q1


def test_submission_status_filters(organization, year):
    UnitSubmission.objects.filter(period=year.periods[1], unit=organization.ikp).update(
        status=SubmissionStatus.SUBMITTED
    )
    UnitSubmission.objects.filter(period=year.periods[1], unit=organization.aptika).update(
        status=SubmissionStatus.DRAFT
    )
    q1 = _capaian(organization, Period.quarter(1))
    assert q1["C1"].realisasi == D(8)  # submitted counts by default
    assert q1["C4"].realisasi is None  # a draft does not
    assert q1["C4"].capaian.reason == NaReason.NO_REALISASI
    accepted = _capaian(organization, Period.quarter(1), accepted_only=True)
    assert accepted["C1"].realisasi is None
    drafts = _capaian(organization, Period.quarter(1), include_drafts=True)
    assert drafts["C4"].realisasi == D(8)


def test_units_and_user_narrow_the_indicators(organization, year):
    only_aptika = _capaian(organization, Period.quarter(1), units=[organization.aptika])
    assert set(only_aptika) == {"C4", "C5", "IK2"}
    as_kabid = _capaian(organization, Period.quarter(1), user=organization["kabid.ikp"])
    assert {"C1", "C2", "C3"} <= set(as_kabid)
    assert not {"C4", "C5", "IK2"} & set(as_kabid)
    as_other_agency = _capaian(organization, Period.quarter(1), user=organization["kadis.lain"])
    assert as_other_agency == {}


def test_results_are_sorted_by_code(organization, year):
    results = indicator_results(agency=organization.agency, year=YEAR, period=Period.quarter(1))
    codes = [r.indicator.code for r in results]
    # Natural order: IK1.1 right after IK1, IK2 after both.
    assert codes == ["C1", "C2", "C3", "C4", "C5", "IK1", "IK1.1", "IK2"]


def _count(callable_):
    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_indicators(organization, plan_data):
    year = build_year(organization, plan_data, quarters=(1,))
    few = _count(
        lambda: indicator_results(agency=organization.agency, year=YEAR, period=Period.quarter(1))
    )
    from .capaian_factories import SPEC, _indicator

    for n in range(10):
        indicator = _indicator(plan_data.objective, f"X{n}", f"Tambahan {n}", organization.ikp)
        from sakip.monitoring.models import Realisasi
        from sakip.planning.action_plan_models import QuarterTarget

        QuarterTarget.objects.create(
            action_plan=ActionPlan.objects.get(unit=organization.ikp),
            indicator=indicator,
            quarter=1,
            low=D(5),
        )
        Realisasi.objects.create(
            submission=year.submissions[(1, "ikp")], indicator=indicator, value=D(4)
        )
    assert len(SPEC) == 5
    many = _count(
        lambda: indicator_results(agency=organization.agency, year=YEAR, period=Period.quarter(1))
    )
    assert many == few
    assert few <= 6


# --- budget ----------------------------------------------------------------------------------


def test_last_month_of_a_period():
    assert last_month(Period.quarter(1)) == 3
    assert last_month(Period.semester(1)) == 6
    assert last_month(Period.to_date(3)) == 9
    assert last_month(Period.year()) == 12


def test_budget_per_program_and_activity(organization, plan_data, year):
    build_budget(organization, plan_data, year)
    rows = budget_results(agency=organization.agency, year=YEAR, period=Period.quarter(1))
    assert [(r.level, r.code) for r in rows] == [
        ("program", "2.16.02"),
        ("activity", "2.16.02.1.01"),
        ("program", "2.16.03"),
        ("activity", "2.16.03.1.01"),
    ]
    ikp = rows[0]
    assert ikp.pagu == D("1254422800")
    assert ikp.budget_spent == D("350000000")  # March: 300.000.000 + 50.000.000
    assert ikp.as_of_month == 3
    assert ikp.absorption is not None
    assert ikp.absorption.quantize(D("0.01")) == D("27.90")
    aptika = rows[2]
    assert aptika.pagu == D("500000000")  # the next year's pagu is not counted
    assert aptika.budget_spent == D("125000000")
    assert aptika.absorption == D(25)


def test_budget_up_to_the_last_month_of_the_period(organization, plan_data, year):
    build_budget(organization, plan_data, year)
    rows = {
        r.code: r
        for r in budget_results(agency=organization.agency, year=YEAR, period=Period.year())
    }
    # s1 reported December: DOMAIN.md's budget example for the single sub-activity.
    activity = rows["2.16.02.1.01"]
    assert activity.budget_spent == D("1000972958") + D("50000000")
    feb = {
        r.code: r
        for r in budget_results(agency=organization.agency, year=YEAR, period=Period.quarter(1))
    }
    assert feb["2.16.03"].budget_spent == D("125000000")


def test_budget_single_sub_activity_example(organization, plan_data, year):
    """DOMAIN.md §3: pagu Rp1.004.422.800, realisasi Rp1.000.972.958 -> serapan 99,66%."""
    build_budget(organization, plan_data, year)
    rows = budget_results(
        agency=organization.agency, year=YEAR, period=Period.year(), units=[organization.ikp]
    )
    assert rows  # ikp only
    assert {r.program_code for r in rows} == {"2.16.02"}
    from sakip.planning.models import Budget

    Budget.objects.filter(sub_activity=year.sub_activities["s2"]).delete()
    rows = budget_results(agency=organization.agency, year=YEAR, period=Period.year())
    activity = next(r for r in rows if r.code == "2.16.02.1.01")
    assert activity.pagu == D("1004422800")
    assert activity.budget_spent == D("1000972958")
    from sakip.measurement import round_half_up

    assert activity.absorption is not None
    assert round_half_up(activity.absorption, 2) == D("99.66")


def test_budget_without_reports_has_no_absorption(organization, plan_data):
    year = build_year(organization, plan_data, quarters=(1,), status=SubmissionStatus.DRAFT)
    build_budget(organization, plan_data, year)
    rows = budget_results(agency=organization.agency, year=YEAR, period=Period.quarter(1))
    assert all(r.budget_spent is None and r.absorption is None for r in rows)
    drafts = budget_results(
        agency=organization.agency, year=YEAR, period=Period.quarter(1), include_drafts=True
    )
    assert drafts[0].budget_spent == D("350000000")


def test_budget_query_count_is_constant(organization, plan_data, year):
    build_budget(organization, plan_data, year)
    few = _count(
        lambda: budget_results(agency=organization.agency, year=YEAR, period=Period.quarter(1))
    )
    from sakip.planning.models import Activity, Budget, Program, SubActivity

    for n in range(5):
        program = Program.objects.create(
            renstra=plan_data.renstra, code=f"9.{n}", name="P", responsible_unit=organization.ikp
        )
        activity = Activity.objects.create(
            program=program, code=f"9.{n}.1", name="K", responsible_unit=organization.ikp
        )
        sub = SubActivity.objects.create(
            activity=activity, code="01", name="S", responsible_unit=organization.ikp
        )
        Budget.objects.create(sub_activity=sub, year=YEAR, pagu=D(1000))
    many = _count(
        lambda: budget_results(agency=organization.agency, year=YEAR, period=Period.quarter(1))
    )
    assert many == few <= 3
