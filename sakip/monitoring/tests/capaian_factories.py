"""A small hand-computed year for the capaian selectors and the quarterly report, built directly.

DOMAIN.md §3's period example (annual target 40) plus a lower-is-better and a range indicator,
spread over two bidang, with approved Rencana Aksi and accepted submissions for TW I–IV.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sakip.monitoring.models import (
    MonthlyProgress,
    PeriodStatus,
    Realisasi,
    ReportingPeriod,
    SubmissionStatus,
    UnitSubmission,
)
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus, QuarterTarget
from sakip.planning.models import (
    Activity,
    Budget,
    Indicator,
    IndicatorTarget,
    Program,
    SubActivity,
)

YEAR = 2026
D = Decimal


@dataclass
class Year:
    indicators: dict[str, Indicator]
    periods: dict[int, ReportingPeriod]
    submissions: dict[tuple[int, str], UnitSubmission] = field(default_factory=dict)
    sub_activities: dict[str, SubActivity] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)


def _indicator(objective, code, name, unit, **kwargs) -> Indicator:
    return Indicator.objects.create(
        objective=objective,
        code=code,
        name=name,
        unit_of_measure=kwargs.pop("uom", "dokumen"),
        responsible_unit=unit,
        **kwargs,
    )


# (code, aggregation, polarity, quarter targets, quarter realisasi)
Targets = list[str] | list[tuple[str, str]]
SPEC: dict[str, tuple[str, str, Targets, list[str]]] = {
    "C1": ("incremental", "higher", ["10", "10", "10", "10"], ["8", "10", "13", "11"]),
    "C2": ("cumulative", "higher", ["10", "20", "30", "40"], ["8", "18", "31", "42"]),
    "C3": ("latest", "higher", ["90", "90", "90", "90"], ["85", "88", "91", "93"]),
    "C4": ("incremental", "lower", ["10", "10", "10", "10"], ["8", "12", "25", "10"]),
    # A range target 80–90 per quarter, averaged: 92 / 70 / 85 / 60.
    "C5": ("average", "higher", [("80", "90")] * 4, ["92", "70", "85", "60"]),
}
UNIT_OF = {"C1": "ikp", "C2": "ikp", "C3": "ikp", "C4": "aptika", "C5": "aptika"}


def build_year(organization, plan_data, *, quarters=(1, 2, 3, 4), status=SubmissionStatus.ACCEPTED):
    o = organization
    objective = plan_data.objective
    units = {"ikp": o.ikp, "aptika": o.aptika}
    plans = {
        key: ActionPlan.objects.create(
            agency=o.agency, unit=unit, year=YEAR, status=ActionPlanStatus.APPROVED
        )
        for key, unit in units.items()
    }
    indicators = {}
    for code, (aggregation, polarity, targets, _values) in SPEC.items():
        unit = units[UNIT_OF[code]]
        indicator = _indicator(
            objective,
            code,
            f"Indikator {code}",
            unit,
            aggregation=aggregation,
            polarity=polarity,
            target_kind="range" if isinstance(targets[0], tuple) else "single",
        )
        indicators[code] = indicator
        for quarter, target in enumerate(targets, start=1):
            low, high = target if isinstance(target, tuple) else (target, None)
            QuarterTarget.objects.create(
                action_plan=plans[UNIT_OF[code]],
                indicator=indicator,
                quarter=quarter,
                low=D(low),
                high=None if high is None else D(high),
                actions=f"Aksi {code} TW {quarter}",
            )
    periods: dict[int, ReportingPeriod] = {}
    year = Year(indicators=indicators, periods=periods)
    for quarter in quarters:
        period = ReportingPeriod.objects.create(agency=o.agency, year=YEAR, quarter=quarter)
        periods[quarter] = period
        for key, unit in units.items():
            submission = UnitSubmission.objects.create(period=period, unit=unit, status=status)
            year.submissions[(quarter, key)] = submission
        for code, (_a, _p, _t, values) in SPEC.items():
            Realisasi.objects.create(
                submission=year.submissions[(quarter, UNIT_OF[code])],
                indicator=indicators[code],
                value=D(values[quarter - 1]),
                problems=f"Kendala {code} TW {quarter}",
                solutions=f"Solusi {code} TW {quarter}",
            )
    return year


def build_budget(organization, plan_data, year: Year) -> None:
    """Two programs: IKP (pagu 1.004.422.800 + 250.000.000) and Aptika (500.000.000)."""
    o = organization
    renstra = plan_data.renstra
    p1 = Program.objects.create(
        renstra=renstra, code="2.16.02", name="Program Informasi Publik", responsible_unit=o.ikp
    )
    a1 = Activity.objects.create(
        program=p1, code="2.16.02.1.01", name="Pengelolaan Informasi", responsible_unit=o.ikp
    )
    s1 = SubActivity.objects.create(
        activity=a1, code="01", name="Diseminasi Informasi", responsible_unit=o.ikp
    )
    s2 = SubActivity.objects.create(
        activity=a1, code="02", name="Layanan Hubungan Media", responsible_unit=o.ikp
    )
    p2 = Program.objects.create(
        renstra=renstra,
        code="2.16.03",
        name="Program Aplikasi Informatika",
        responsible_unit=o.aptika,
    )
    a2 = Activity.objects.create(
        program=p2, code="2.16.03.1.01", name="Pengelolaan e-Government", responsible_unit=o.aptika
    )
    s3 = SubActivity.objects.create(
        activity=a2, code="01", name="Pengembangan Aplikasi", responsible_unit=o.aptika
    )
    Budget.objects.create(sub_activity=s1, year=YEAR, pagu=D("1004422800"))
    Budget.objects.create(sub_activity=s2, year=YEAR, pagu=D("250000000"))
    Budget.objects.create(sub_activity=s3, year=YEAR, pagu=D("500000000"))
    Budget.objects.create(sub_activity=s3, year=YEAR + 1, pagu=D("999"))  # another year: ignored
    year.sub_activities.update({"s1": s1, "s2": s2, "s3": s3})
    year.programs.update({"p1": p1, "p2": p2})
    # Cumulative spend per month (running totals), physical % per month.
    spend = {
        "s1": {1: "100000000", 2: "200000000", 3: "300000000", 12: "1000972958"},
        "s2": {1: "10000000", 2: "20000000", 3: "50000000"},
        "s3": {1: "0", 2: "100000000", 3: "125000000"},
    }
    for key, months in spend.items():
        unit_key = "aptika" if key == "s3" else "ikp"
        for month, value in months.items():
            quarter = (month - 1) // 3 + 1
            submission = year.submissions.get((quarter, unit_key))
            if submission is None:
                continue
            MonthlyProgress.objects.create(
                submission=submission,
                sub_activity=year.sub_activities[key],
                month=month,
                physical_percent=D(min(100, month * 8)),
                budget_spent=D(value),
            )


def annual_only_indicator(organization, plan_data) -> Indicator:
    """An indicator without Rencana Aksi: only its annual target (the year period) counts."""
    indicator = _indicator(
        plan_data.objective, "C6", "Indikator C6", organization.ikp, aggregation="incremental"
    )
    IndicatorTarget.objects.create(indicator=indicator, year=YEAR, low=D("40"))
    return indicator


# The year before YEAR (the Renstra's first year, 2025), for the LKjIP's analysis (2): annual
# targets only (no Rencana Aksi) and four quarters of realisasi per indicator.
# code -> (annual target, or (low, high) for a range; quarter realisasi TW I–IV)
EARLIER_SPEC: dict[str, tuple[str | tuple[str, str], list[str]]] = {
    "C1": ("36", ["9", "9", "9", "8"]),
    "C3": ("90", ["80", "84", "86", "88"]),
    "C4": ("40", ["10", "10", "10", "14"]),
    "C5": (("80", "90"), ["70", "75", "80", "99"]),
}


def build_earlier_year(
    organization,
    year: Year,
    *,
    spec=None,
    year_number: int = YEAR - 1,
    statuses: dict[tuple[int, str], str] | None = None,
    lock: bool = True,
) -> dict[int, ReportingPeriod]:
    """Targets and realisasi of an earlier year for indicators of ``year`` (built by build_year).

    Every submission is accepted unless ``statuses`` says otherwise for (quarter, "ikp"/"aptika");
    the explanations say which year they belong to ("Kendala 2025 C1 TW 1")."""
    o = organization
    spec = EARLIER_SPEC if spec is None else spec
    statuses = statuses or {}
    units = {"ikp": o.ikp, "aptika": o.aptika}
    for code, (target, _values) in spec.items():
        low, high = target if isinstance(target, tuple) else (target, None)
        IndicatorTarget.objects.create(
            indicator=year.indicators[code],
            year=year_number,
            low=D(low),
            high=None if high is None else D(high),
        )
    periods = {}
    for quarter in (1, 2, 3, 4):
        period = ReportingPeriod.objects.create(
            agency=o.agency,
            year=year_number,
            quarter=quarter,
            status=PeriodStatus.LOCKED if lock else PeriodStatus.OPEN,
        )
        periods[quarter] = period
        submissions = {
            key: UnitSubmission.objects.create(
                period=period,
                unit=unit,
                status=statuses.get((quarter, key), SubmissionStatus.ACCEPTED),
            )
            for key, unit in units.items()
        }
        for code, (_target, values) in spec.items():
            Realisasi.objects.create(
                submission=submissions[UNIT_OF[code]],
                indicator=year.indicators[code],
                value=D(values[quarter - 1]),
                problems=f"Kendala {year_number} {code} TW {quarter}",
                solutions=f"Solusi {year_number} {code} TW {quarter}",
            )
    return periods


def lock_periods(year: Year, quarters=(1, 2, 3, 4)) -> None:
    """Lock the ReportingPeriods of the given quarters (the LKjIP is final once all four are)."""
    ReportingPeriod.objects.filter(pk__in=[year.periods[q].pk for q in quarters]).update(
        status=PeriodStatus.LOCKED
    )
