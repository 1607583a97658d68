"""A small agency with settled data, for the regency view's tests: two bidang, an agency profile,
a Renstra with an indicator per bidang, accepted Rencana Aksi quarter targets, a locked TW I with
accepted submissions and a published quarterly report. Built with the models directly: the tests
read what the regency view shows, not how the cycle produced it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from sakip.core.models import ReviewStatus
from sakip.monitoring.models import (
    PeriodStatus,
    Realisasi,
    ReportingPeriod,
    UnitSubmission,
)
from sakip.organization import services as org
from sakip.organization.choices import UnitKind
from sakip.organization.models import AgencyProfile, Unit
from sakip.planning.action_plan_models import ActionPlan, QuarterTarget
from sakip.planning.models import Goal, Indicator, IndicatorTarget, Objective, Renstra
from sakip.reports.models import DocumentKind, GeneratedDocument


@dataclass
class SmallAgency:
    agency: Unit
    units: list[Unit]
    indicators: list[Indicator]
    period: ReportingPeriod


def make_agency(
    regency: Unit,
    code: str,
    *,
    year: int,
    values: tuple[Decimal, ...] = (Decimal(80), Decimal(100)),
    target: Decimal = Decimal(100),
) -> SmallAgency:
    """An agency under `regency` whose TW I of `year` is locked: one indicator per bidang with a
    quarter target of `target`, realisasi `values` (one per bidang), all accepted."""
    agency = org.unit_create(
        actor=None, parent=regency, kind=UnitKind.AGENCY, name=f"Dinas {code.title()}", code=code
    )
    AgencyProfile.objects.create(
        agency=agency, regency_name="Kabupaten Uji", regent_name="Bupati Uji"
    )
    units = [
        org.unit_create(
            actor=None,
            parent=agency,
            kind=UnitKind.DIVISION,
            name=f"Bidang {n} {code}",
            code=f"{code}-b{n}",
        )
        for n in range(1, len(values) + 1)
    ]
    renstra = Renstra.objects.create(
        agency=agency, start_year=year, end_year=year + 4, title="Renstra"
    )
    goal = Goal.objects.create(renstra=renstra, code="T1", statement="Tujuan")
    objective = Objective.objects.create(goal=goal, code="S1", statement=f"Sasaran {code}")
    indicators = []
    for n, unit in enumerate(units, start=1):
        indicator = Indicator.objects.create(
            objective=objective,
            code=f"IK{n}",
            name=f"Indikator {n} {code}",
            unit_of_measure="%",
            responsible_unit=unit,
        )
        IndicatorTarget.objects.create(indicator=indicator, year=year, low=target)
        plan = ActionPlan.objects.create(
            agency=agency, unit=unit, year=year, status=ReviewStatus.ACCEPTED
        )
        QuarterTarget.objects.create(action_plan=plan, indicator=indicator, quarter=1, low=target)
        indicators.append(indicator)
    period = ReportingPeriod.objects.create(
        agency=agency, year=year, quarter=1, status=PeriodStatus.LOCKED
    )
    sent = timezone.make_aware(datetime.datetime(year, 4, 10, 9))
    for unit, indicator, value in zip(units, indicators, values, strict=True):
        submission = UnitSubmission.objects.create(
            period=period, unit=unit, status=ReviewStatus.ACCEPTED, submitted_at=sent
        )
        Realisasi.objects.create(submission=submission, indicator=indicator, value=value)
    GeneratedDocument.objects.create(
        agency=agency,
        kind=DocumentKind.QUARTERLY,
        year=year,
        number=f"001/{code}",
        title="Laporan Kinerja Triwulan I",
        source_type="monitoring.reportingperiod",
        source_id=str(period.pk),
        published_at=sent,
    )
    return SmallAgency(agency, units, indicators, period)
