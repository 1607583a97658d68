"""The quarterly data on an indicator's page (issue 11): targets per year and quarter, the
realisasi of every quarter with capaian and category, kendala/solusi, and the evidence files.

Registered with sakip.planning.indicator_tabs (planning sits below monitoring, decision 0009).
Numbers come from sakip.monitoring.capaian.evaluate, which applies sakip.measurement's rules,
per quarter and for the whole year. Who sees what follows the reports and monitoring.access:
submitted and accepted realisasi count for everyone who may see the indicator; a unit's draft
(or returned) realisasi shows only to those who may see that unit's submission
(``Realisasi.objects.restrict(user, "view")``), marked as such, and never counts in the year's
figure. Evidence files are those the viewer may download. Six queries whatever the number of
years, quarters and files, and those only when the agency's data or the viewer's access changed
(`kept_indicator_data`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Viewer
from sakip.core.kept import kept
from sakip.measurement import Period, Target
from sakip.measurement.periods import QUARTERS
from sakip.organization.access import access_for
from sakip.planning.action_plan_models import ActionPlanStatus, QuarterTarget
from sakip.planning.indicator_tabs import IndicatorTab, register
from sakip.planning.models import Indicator, IndicatorTarget, Renstra

from .access import reads_settled_only
from .capaian import AgencySettings, agency_settings, evaluate, submission_statuses
from .models import Evidence, PeriodStatus, Realisasi, SubmissionStatus
from .selectors import STATE_LABELS, PeriodFigure
from .versions import data_versions


def _target(low: Decimal, high: Decimal | None) -> Target:
    return Target(low, high if high is not None and high != low else None)


@dataclass
class QuarterRow:
    """One quarter of one year: its target, the realisasi shown, capaian and category."""

    quarter: int
    target: Target | None
    realisasi: Realisasi | None
    figure: PeriodFigure
    needs_explanation: bool
    evidence: list[Evidence]

    @property
    def label(self) -> str:
        return Period.quarter(self.quarter).label_id

    @property
    def value(self) -> Decimal | None:
        return self.realisasi.value if self.realisasi else None

    @property
    def status(self) -> str:
        return self.realisasi.submission.status if self.realisasi else ""

    @property
    def status_label(self) -> str:
        return str(STATE_LABELS.get(self.status, "")) if self.status else ""

    @property
    def is_draft(self) -> bool:
        return bool(self.status) and self.status not in submission_statuses()


@dataclass
class YearRows:
    year: int
    annual_target: Target | None
    quarters: list[QuarterRow]
    whole_year: PeriodFigure

    @property
    def has_data(self) -> bool:
        return self.annual_target is not None or any(
            row.target is not None or row.realisasi is not None for row in self.quarters
        )


@dataclass
class IndicatorData:
    indicator: Indicator
    settings: AgencySettings
    years: list[YearRows]

    @property
    def shown_years(self) -> list[YearRows]:
        return [year for year in self.years if year.has_data]

    @property
    def evidence(self) -> list[tuple[int, QuarterRow, Evidence]]:
        return [
            (year.year, row, item)
            for year in self.years
            for row in year.quarters
            for item in row.evidence
        ]


R = TypeVar("R", QuarterTarget, Realisasi)


def _pick_by_unit(rows: list[R], preferred_unit_id: int) -> list[R]:
    """Rows of the responsible unit if there are any, else all (as capaian.indicator_results)."""
    own = [row for row in rows if row.unit_id_ == preferred_unit_id]  # type: ignore[attr-defined]
    return own or rows


def _figure(
    indicator: Indicator,
    settings: AgencySettings,
    targets: dict[int, Target],
    annual_target: Target | None,
    period: Period,
    values: dict[int, Decimal | None],
) -> tuple[PeriodFigure, bool]:
    target, value, capaian, category, needs = evaluate(
        polarity=indicator.polarity,
        aggregation=indicator.aggregation,
        quarter_targets=targets,
        quarter_realisasi=values,
        period=period,
        annual_target=annual_target,
        settings=settings,
    )
    return PeriodFigure(period, target, value, capaian, category), needs


def indicator_data(*, user: Viewer, indicator: Indicator, renstra: Renstra) -> IndicatorData:
    agency = renstra.agency
    years = list(renstra.years)
    settings = agency_settings(agency)

    annual = {
        t.year: _target(t.low, t.high)
        for t in IndicatorTarget.objects.filter(indicator=indicator, year__in=years)
    }

    quarter_rows: dict[int, list[QuarterTarget]] = defaultdict(list)
    for qt in (
        QuarterTarget.objects.filter(
            indicator=indicator,
            action_plan__agency=agency,
            action_plan__year__in=years,
            action_plan__status=ActionPlanStatus.ACCEPTED,
            low__isnull=False,
        )
        .select_related("action_plan")
        .order_by("action_plan__unit__path", "quarter")
    ):
        qt.unit_id_ = qt.action_plan.unit_id  # type: ignore[attr-defined]
        quarter_rows[qt.action_plan.year].append(qt)

    # Submitted and accepted realisasi count for every viewer of the indicator; drafts and
    # returned data only for those who may see that unit's submission.
    counted = submission_statuses()
    shared = Q(submission__status__in=counted)
    if reads_settled_only(user, agency):
        # The regency reader: a locked quarter's accepted data only (decision 0002).
        shared = Q(
            submission__status=SubmissionStatus.ACCEPTED,
            submission__period__status=PeriodStatus.LOCKED,
        )
    visible = Realisasi.objects.restrict(user, "view").filter(indicator=indicator).values("pk")
    realisasi_rows: dict[int, list[Realisasi]] = defaultdict(list)
    for row in (
        Realisasi.objects.filter(
            indicator=indicator,
            submission__period__agency=agency,
            submission__period__year__in=years,
        )
        .filter(shared | Q(pk__in=visible))
        .select_related("submission__period")
        .order_by("submission__unit__path", "pk")
    ):
        row.unit_id_ = row.submission.unit_id  # type: ignore[attr-defined]
        realisasi_rows[row.submission.period.year].append(row)

    shown_ids = [row.pk for rows in realisasi_rows.values() for row in rows]
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    if shown_ids:
        for item in (
            Evidence.objects.restrict(user, "view")
            .filter(realisasi_id__in=shown_ids)
            .order_by("uploaded_at", "pk")
        ):
            evidence[item.realisasi_id].append(item)

    result = []
    for year in years:
        targets: dict[int, Target] = {}
        for qt in _pick_by_unit(quarter_rows.get(year, []), indicator.responsible_unit_id):
            targets.setdefault(qt.quarter, _target(qt.low, qt.high))  # type: ignore[arg-type]
        by_quarter: dict[int, Realisasi] = {}
        for row in _pick_by_unit(realisasi_rows.get(year, []), indicator.responsible_unit_id):
            by_quarter.setdefault(row.submission.period.quarter, row)
        shown = {q: row.value for q, row in by_quarter.items()}
        official = {
            q: row.value for q, row in by_quarter.items() if row.submission.status in counted
        }

        common = (indicator, settings, targets, annual.get(year))
        quarters = []
        for quarter in QUARTERS:
            period = Period.quarter(quarter)
            row = by_quarter.get(quarter)
            quarter_figure, needs = _figure(*common, period, shown)
            quarters.append(
                QuarterRow(
                    quarter=quarter,
                    target=quarter_figure.target,
                    realisasi=row,
                    figure=quarter_figure,
                    needs_explanation=needs,
                    evidence=evidence.get(row.pk, []) if row else [],
                )
            )
        whole_year, _needs = _figure(*common, Period.year(), official)
        result.append(YearRows(year, annual.get(year), quarters, whole_year))
    return IndicatorData(indicator=indicator, settings=settings, years=result)


INDICATOR_DATA_SCHEMA = 1  # raise when IndicatorData changes shape


def kept_indicator_data(*, user: Viewer, indicator: Indicator, renstra: Renstra) -> IndicatorData:
    """`indicator_data`, kept in the cache under the agency's data version of the Renstra's years
    (it moves with every value, status, target, file or profile change: a change shows at once)
    and the viewer's access (which drafts and files they may see)."""
    years = list(renstra.years)
    if not years:
        return indicator_data(user=user, indicator=indicator, renstra=renstra)
    agency = renstra.agency_id
    version = data_versions([agency], max(years), since=min(years))[agency]
    key = (
        f"indicator-data-{INDICATOR_DATA_SCHEMA}:{indicator.pk}:{version}:"
        f"{access_for(user).signature()}"
    )
    return kept(
        key, IndicatorData, lambda: indicator_data(user=user, indicator=indicator, renstra=renstra)
    )


def indicator_tabs(user: Viewer, indicator: Indicator, renstra: Renstra) -> list[IndicatorTab]:
    data = kept_indicator_data(user=user, indicator=indicator, renstra=renstra)
    return [
        IndicatorTab(
            key="realisasi",
            label=str(_("Target dan realisasi")),
            template="monitoring/indicator/_realisasi.html",
            data=data,
        ),
        IndicatorTab(
            key="files",
            label=str(_("Berkas bukti")),
            template="monitoring/indicator/_evidence.html",
            data=data,
            count=len(data.evidence),
        ),
    ]


register("monitoring", indicator_tabs)
