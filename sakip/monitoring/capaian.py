"""Capaian of an agency's indicators and budget for a reporting period (DOMAIN.md §3).

The contract between the quarterly cycle pages, the recap and the reports:

- ``indicator_results`` — per indicator: the period target (aggregated from the accepted Rencana
  Aksi quarter targets, or the annual target for the whole year when there is no Rencana Aksi),
  the aggregated realisasi of submitted/accepted quarters, capaian, category and whether an
  explanation (kendala/solusi) is required.
- ``budget_results`` — per program and activity: pagu of the year, budget spent (cumulative,
  up to the last month of the period) and serapan (absorption).

Every number rule lives in ``sakip.measurement``; this module only gathers the rows. The number of
queries is fixed whatever the number of indicators or activities: a handful of flat queries
assembled in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Viewer
from sakip.core import data_stamp
from sakip.core.kept import kept_under
from sakip.measurement import (
    ROMAN,
    Aggregation,
    Band,
    CapaianResult,
    CategoryScale,
    NaReason,
    Period,
    Polarity,
    Target,
    absorption,
    aggregate,
    aggregate_target,
    compute_capaian,
    default_scale,
)
from sakip.organization.models import AgencyProfile, Unit
from sakip.planning.action_plan_models import ActionPlanStatus, QuarterTarget
from sakip.planning.models import (
    Activity,
    Budget,
    Indicator,
    IndicatorTarget,
    Objective,
    Program,
    SubActivity,
)
from sakip.planning.selectors import natural_key

from .models import MonthlyProgress, PeriodStatus, Realisasi, SubmissionStatus

# No AgencyProfile: every capaian below 100% must be explained (the model's default).
DEFAULT_EXPLANATION_THRESHOLD = Decimal(100)

NA_REASON_TEXT = {
    NaReason.ZERO_TARGET_HIGHER: _(
        "Target 0 pada indikator “semakin tinggi semakin baik”: capaian tidak dapat dihitung."
    ),
    NaReason.NEGATIVE_TARGET: _("Target bernilai negatif: capaian tidak dapat dihitung."),
    NaReason.NO_TARGET: _("Belum ada target untuk periode ini."),
    NaReason.NO_REALISASI: _("Belum ada realisasi yang dilaporkan untuk periode ini."),
    NaReason.NO_VALUES: _("Tidak ada nilai capaian."),
}


def na_reason_text(reason: str | None) -> str:
    """The Indonesian sentence for an n/a capaian (DOMAIN.md §3 rule 4: shown with the reason)."""
    if reason is None:
        return ""
    return str(NA_REASON_TEXT.get(reason, _("Capaian tidak tersedia.")))  # type: ignore[call-overload]


def submission_statuses(*, accepted_only: bool = False, include_drafts: bool = False) -> list[str]:
    """Which submissions count: accepted only, or also those sent for review.

    ``include_drafts`` counts every submission (the unit's own entry page checks its draft)."""
    if include_drafts:
        return list(SubmissionStatus.values)
    if accepted_only:
        return [SubmissionStatus.ACCEPTED]
    return [SubmissionStatus.ACCEPTED, SubmissionStatus.SUBMITTED]


# --- the agency's settings -------------------------------------------------------------------


@dataclass(frozen=True)
class AgencySettings:
    scale: CategoryScale
    explanation_threshold: Decimal


def _settings_of(profile: AgencyProfile | None) -> AgencySettings:
    if profile is None:
        return AgencySettings(default_scale(), DEFAULT_EXPLANATION_THRESHOLD)
    return AgencySettings(
        default_scale(exceeds_target_band=profile.exceeds_target_band),
        profile.explanation_threshold,
    )


def agencies_settings(agencies: Iterable[Unit]) -> dict[int, AgencySettings]:
    """Category scale and explanation threshold of many agencies, from their AgencyProfile
    (defaults without one), in one query."""
    ids = [agency.pk for agency in agencies]
    profiles = {
        profile.agency_id: profile
        for profile in AgencyProfile.objects.filter(agency_id__in=ids).only(
            "agency_id", "explanation_threshold", "exceeds_target_band"
        )
    }
    return {pk: _settings_of(profiles.get(pk)) for pk in ids}


def agency_settings(agency: Unit) -> AgencySettings:
    """Category scale and explanation threshold from the AgencyProfile (defaults without one),
    kept until the figures' data (profiles included) changes."""
    return kept_under(
        (data_stamp.FIGURES,),
        f"agency-settings-1:{agency.pk}",
        AgencySettings,
        lambda: agencies_settings([agency])[agency.pk],
    )


# --- indicators ------------------------------------------------------------------------------


@dataclass
class IndicatorResult:
    """One indicator over one period, ready to print."""

    indicator: Indicator
    objective: Objective
    unit: Unit  # the responsible unit
    period: Period
    target: Target | None
    realisasi: Decimal | None
    capaian: CapaianResult
    category: Band | None
    problems: str
    solutions: str
    needs_explanation: bool
    # "action_plan" (Rencana Aksi quarter targets), "annual" (IndicatorTarget) or "" (none).
    target_source: str = ""
    # The PK's annual target as agreed (IndicatorTarget), whatever the quarters add up to.
    annual_target: Target | None = None
    quarter_targets: dict[int, Target] = field(default_factory=dict)
    quarter_realisasi: dict[int, Decimal | None] = field(default_factory=dict)
    # The Realisasi rows used, per quarter (for evidence lists and links; plain rows with pk,
    # value, problems and solutions when read `lean`).
    realisasi_rows: dict[int, Realisasi | _RealisasiRow] = field(default_factory=dict)

    @property
    def capaian_display(self) -> Decimal | None:
        return self.capaian.display

    @property
    def na_reason(self) -> str:
        return na_reason_text(self.capaian.reason)

    @property
    def category_label(self) -> str:
        return self.category.label if self.category else ""

    @property
    def category_key(self) -> str:
        return self.category.key if self.category else ""


def evaluate(
    *,
    polarity: str,
    aggregation: str,
    quarter_targets: dict[int, Target],
    quarter_realisasi: dict[int, Decimal | None],
    period: Period,
    annual_target: Target | None = None,
    settings: AgencySettings,
) -> tuple[Target | None, Decimal | None, CapaianResult, Band | None, bool]:
    """(target, realisasi, capaian, category, needs_explanation) of one indicator for a period.

    Quarter targets win; without any, the annual target stands for a period covering the whole
    year. All arithmetic is sakip.measurement's.
    """
    agg = Aggregation(aggregation)
    if quarter_targets:
        target = aggregate_target(quarter_targets, aggregation=agg, period=period)
    elif annual_target is not None and set(period.quarters) == {1, 2, 3, 4}:
        target = annual_target
    else:
        target = None
    value = aggregate(quarter_realisasi, aggregation=agg, period=period)
    if target is None:
        capaian = CapaianResult.not_available(NaReason.NO_TARGET)
    elif value is None:
        capaian = CapaianResult.not_available(NaReason.NO_REALISASI)
    else:
        capaian = compute_capaian(polarity=Polarity(polarity), target=target, realisasi=value)
    category = settings.scale.categorize(capaian)
    shown = capaian.display
    # Decided on the displayed value, like the category: 99.996 shows 100,00 and needs none.
    needs = shown is not None and shown < settings.explanation_threshold
    return target, value, capaian, category, needs


def _combine_texts(texts: dict[int, str], period: Period) -> str:
    quarters = [q for q in period.quarters if texts.get(q, "").strip()]
    if len(period.quarters) == 1:
        return texts.get(period.quarters[0], "").strip()
    return "\n".join(f"TW {ROMAN[q]}: {texts[q].strip()}" for q in quarters)


def _pick(rows: Iterable[Any], preferred_unit_id: int, unit_attr: str) -> list[Any]:
    """Rows of the preferred (responsible) unit if there are any, else all rows."""
    rows = list(rows)
    own = [row for row in rows if getattr(row, unit_attr) == preferred_unit_id]
    return own or rows


def indicator_results(
    *,
    agency: Unit,
    year: int,
    period: Period,
    units: Sequence[Unit] | None = None,
    user: Viewer | None = None,
    accepted_only: bool = False,
    include_drafts: bool = False,
    settings: AgencySettings | None = None,
    lean: bool = False,
    indicator_fields: Sequence[str] = (),
) -> list[IndicatorResult]:
    """Every indicator of the agency's plan for ``year`` (with a target for the year or quarter
    targets in an accepted Rencana Aksi), sorted by objective and indicator code.

    ``units`` keeps the indicators those units are responsible for; ``user`` keeps those the user
    may see. Realisasi come from submitted or accepted submissions (``accepted_only``: accepted
    only; ``include_drafts``: every status, for a unit checking its own draft). The one-agency
    form of ``indicator_results_by_agency`` (``lean``: only the columns printed, see there).
    """
    return indicator_results_by_agency(
        agencies=[agency],
        year=year,
        period=period,
        units=units,
        user=user,
        accepted_only=accepted_only,
        include_drafts=include_drafts,
        settings={agency.pk: settings} if settings is not None else None,
        lean=lean,
        indicator_fields=indicator_fields,
    )[agency.pk]


# The columns `lean` loads: what `_indicator_result` and `evaluate` read, the names an indicator
# table prints (code, name, unit of measure, objective, responsible unit and its path in the tree)
# and the foreign keys followed (the realisasi are read as plain rows, `_RealisasiRow`).
LEAN_FIELDS: dict[str, tuple[str, ...]] = {
    "indicator": (
        "code",
        "name",
        "unit_of_measure",
        "polarity",
        "aggregation",
        "objective",
        "responsible_unit",
        "objective__code",
        "objective__statement",
        "objective__goal",
        "objective__goal__code",
        "objective__goal__renstra",
        "objective__goal__renstra__agency",
        "responsible_unit__name",
        "responsible_unit__path",
    ),
}


class _TargetRow(NamedTuple):
    """A quarter target as `lean` reads it: the fields `_indicator_result` uses."""

    quarter: int
    low: Decimal
    high: Decimal | None
    unit_id_: int


class _RealisasiRow(NamedTuple):
    """A realisasi as `lean` reads it: what `_indicator_result` and the reports read of it."""

    pk: int
    value: Decimal | None
    problems: str
    solutions: str
    quarter: int
    unit_id_: int


def _quarter_of(row: Realisasi | _RealisasiRow) -> int:
    return row.quarter if isinstance(row, _RealisasiRow) else row.submission.period.quarter


def indicator_results_by_agency(
    *,
    agencies: Sequence[Unit],
    year: int,
    period: Period | Mapping[int, Period],
    units: Sequence[Unit] | None = None,
    user: Viewer | None = None,
    accepted_only: bool = False,
    include_drafts: bool = False,
    locked_only: bool = False,
    settings: Mapping[int, AgencySettings] | None = None,
    lean: bool = False,
    indicator_fields: Sequence[str] = (),
) -> dict[int, list[IndicatorResult]]:
    """``indicator_results`` of many agencies at once, by agency pk, in the same fixed number of
    flat queries whatever the number of agencies (the regency's overview).

    ``period`` is one period for every agency or one per agency pk (each agency's latest locked
    quarter); an agency missing from the mapping gets no results. ``locked_only`` counts the
    realisasi of locked reporting periods only (what the regency reader sees, decision 0002).

    ``lean`` loads only the columns the results' numbers, categories and texts come from (no
    timestamps, no statuses, no descriptions; `LEAN_FIELDS`; the quarter targets and realisasi as
    plain rows, `_TargetRow` and `_RealisasiRow`): for callers that turn the results into figures
    at once (the regency view, the entry page, the quarterly report).
    Any other attribute of the indicators, objectives, units and rows in the results would cost a
    query each: a lean caller reads these only, and the indicator's columns it names in
    ``indicator_fields``.
    """
    periods: dict[int, Period] = (
        {a.pk: period for a in agencies}
        if isinstance(period, Period)
        else {a.pk: period[a.pk] for a in agencies if a.pk in period}
    )
    results: dict[int, list[IndicatorResult]] = {a.pk: [] for a in agencies}
    agency_ids = sorted(periods)
    if not agency_ids:
        return results
    missing = [
        a for a in agencies if a.pk in periods and (settings is None or a.pk not in settings)
    ]
    all_settings = {**(settings or {}), **(agencies_settings(missing) if missing else {})}
    accepted_targets = QuarterTarget.objects.filter(
        indicator=OuterRef("pk"),
        action_plan__agency=OuterRef("objective__goal__renstra__agency"),
        action_plan__year=year,
        action_plan__status=ActionPlanStatus.ACCEPTED,
    )
    annual = IndicatorTarget.objects.filter(indicator=OuterRef("pk"), year=year)
    indicators_qs = (
        Indicator.objects.restrict(user, "view") if user is not None else Indicator.objects.all()
    )
    indicators_qs = (
        indicators_qs.filter(
            objective__goal__renstra__agency_id__in=agency_ids,
            objective__goal__renstra__start_year__lte=year,
            objective__goal__renstra__end_year__gte=year,
        )
        .filter(Q(Exists(accepted_targets)) | Q(Exists(annual)))
        .select_related("objective__goal__renstra", "responsible_unit")
    )
    if lean:
        indicators_qs = indicators_qs.only(*LEAN_FIELDS["indicator"], *indicator_fields)
    if units is not None:
        indicators_qs = indicators_qs.filter(responsible_unit__in=[u.pk for u in units])
    indicators = sorted(
        indicators_qs,
        key=lambda i: (
            natural_key(i.objective.goal.code),
            natural_key(i.objective.code),
            natural_key(i.code),
        ),
    )
    if not indicators:
        return results
    ids = [i.pk for i in indicators]

    # Rows are keyed by (agency, indicator): a target or realisasi counts for its own agency only.
    quarter_rows: dict[tuple[int, int], list[QuarterTarget | _TargetRow]] = defaultdict(list)
    quarter_targets = (
        QuarterTarget.objects.filter(
            indicator_id__in=ids,
            action_plan__agency_id__in=agency_ids,
            action_plan__year=year,
            action_plan__status=ActionPlanStatus.ACCEPTED,
            low__isnull=False,
        )
        .select_related("action_plan")
        .order_by("action_plan__unit__path", "quarter")
    )
    if lean:
        # Plain rows: the quarter targets never leave this module.
        for agency_id, indicator_id, unit_id, quarter, low, high in quarter_targets.values_list(
            "action_plan__agency_id",
            "indicator_id",
            "action_plan__unit_id",
            "quarter",
            "low",
            "high",
        ):
            quarter_rows[(agency_id, indicator_id)].append(_TargetRow(quarter, low, high, unit_id))
    else:
        for qt in quarter_targets:
            qt.unit_id_ = qt.action_plan.unit_id  # type: ignore[attr-defined]
            quarter_rows[(qt.action_plan.agency_id, qt.indicator_id)].append(qt)

    annual_targets = {
        indicator_id: Target(low, high if high is not None and high != low else None)
        for indicator_id, low, high in IndicatorTarget.objects.filter(
            indicator_id__in=ids, year=year
        ).values_list("indicator_id", "low", "high")
    }

    statuses = submission_statuses(accepted_only=accepted_only, include_drafts=include_drafts)
    quarters = sorted({q for p in periods.values() for q in p.quarters})
    realisasi_qs = Realisasi.objects.filter(
        indicator_id__in=ids,
        submission__period__agency_id__in=agency_ids,
        submission__period__year=year,
        submission__period__quarter__in=quarters,
        submission__status__in=statuses,
    )
    if locked_only:
        realisasi_qs = realisasi_qs.filter(submission__period__status=PeriodStatus.LOCKED)
    realisasi_qs = realisasi_qs.order_by("submission__unit__path")
    realisasi_rows: dict[tuple[int, int], list[Realisasi | _RealisasiRow]] = defaultdict(list)
    if lean:
        # Plain rows: no model instances (three per row with its submission and period).
        for (
            pk,
            indicator_id,
            agency_id,
            quarter,
            unit_id,
            value,
            problems,
            solutions,
        ) in realisasi_qs.values_list(
            "pk",
            "indicator_id",
            "submission__period__agency_id",
            "submission__period__quarter",
            "submission__unit_id",
            "value",
            "problems",
            "solutions",
        ):
            if quarter in periods[agency_id].quarters:
                realisasi_rows[(agency_id, indicator_id)].append(
                    _RealisasiRow(pk, value, problems, solutions, quarter, unit_id)
                )
    else:
        for row in realisasi_qs.select_related("submission__period"):
            agency_id = row.submission.period.agency_id
            if row.submission.period.quarter not in periods[agency_id].quarters:
                continue
            row.unit_id_ = row.submission.unit_id  # type: ignore[attr-defined]
            realisasi_rows[(agency_id, row.indicator_id)].append(row)

    for indicator in indicators:
        agency_id = indicator.objective.goal.renstra.agency_id
        results[agency_id].append(
            _indicator_result(
                indicator,
                period=periods[agency_id],
                quarter_rows=quarter_rows.get((agency_id, indicator.pk), []),
                realisasi_rows=realisasi_rows.get((agency_id, indicator.pk), []),
                annual_target=annual_targets.get(indicator.pk),
                settings=all_settings[agency_id],
            )
        )
    return results


def _indicator_result(
    indicator: Indicator,
    *,
    period: Period,
    quarter_rows: list[QuarterTarget | _TargetRow],
    realisasi_rows: list[Realisasi | _RealisasiRow],
    annual_target: Target | None,
    settings: AgencySettings,
) -> IndicatorResult:
    unit_id = indicator.responsible_unit_id
    targets: dict[int, Target] = {}
    for qt in _pick(quarter_rows, unit_id, "unit_id_"):
        if qt.quarter not in targets:
            high = qt.high if qt.high is not None and qt.high != qt.low else None
            targets[qt.quarter] = Target(qt.low, high)
    by_quarter: dict[int, Realisasi | _RealisasiRow] = {}
    for row in _pick(realisasi_rows, unit_id, "unit_id_"):
        by_quarter.setdefault(_quarter_of(row), row)
    values = {q: row.value for q, row in by_quarter.items()}
    target, value, capaian, category, needs = evaluate(
        polarity=indicator.polarity,
        aggregation=indicator.aggregation,
        quarter_targets=targets,
        quarter_realisasi=values,
        period=period,
        annual_target=annual_target,
        settings=settings,
    )
    if targets:
        source = "action_plan"
    elif target is not None:
        source = "annual"
    else:
        source = ""
    return IndicatorResult(
        indicator=indicator,
        objective=indicator.objective,
        unit=indicator.responsible_unit,
        period=period,
        target=target,
        realisasi=value,
        capaian=capaian,
        category=category,
        problems=_combine_texts({q: r.problems for q, r in by_quarter.items()}, period),
        solutions=_combine_texts({q: r.solutions for q, r in by_quarter.items()}, period),
        needs_explanation=needs,
        target_source=source,
        annual_target=annual_target,
        quarter_targets=targets,
        quarter_realisasi=values,
        realisasi_rows=by_quarter,
    )


# --- budget ----------------------------------------------------------------------------------


@dataclass
class BudgetResult:
    """A program or one of its activities: pagu of the year, budget spent to date, serapan."""

    level: str  # "program" or "activity"
    obj: Program | Activity
    code: str
    name: str
    unit: Unit  # the responsible unit
    pagu: Decimal
    budget_spent: Decimal | None
    absorption: Decimal | None  # unrounded percent; None without pagu or budget spent
    # The month of the newest budget figure used (<= the period's last month); None without any.
    as_of_month: int | None = None
    program_code: str = ""

    @property
    def is_program(self) -> bool:
        return self.level == "program"


def last_month(period: Period) -> int:
    """The last month of a period: TW k -> 3k, Semester s -> 6s, the year -> 12."""
    return max(period.quarters) * 3


def _absorption(pagu: Decimal, budget_spent: Decimal | None) -> Decimal | None:
    if budget_spent is None:
        return None
    return absorption(pagu=pagu, budget_spent=budget_spent)


def budget_spent_to_date(
    *,
    agency: Unit,
    year: int,
    period: Period,
    sub_activity_ids: Iterable[int],
    accepted_only: bool = False,
    include_drafts: bool = False,
) -> dict[int, tuple[Decimal, int]]:
    """Per sub-activity: (cumulative budget spent, month) of the newest month up to the end of the
    period that has a figure (MonthlyProgress holds running totals, so the newest one is the spend
    to date; a later quarter's report of the same month wins)."""
    statuses = submission_statuses(accepted_only=accepted_only, include_drafts=include_drafts)
    rows = (
        MonthlyProgress.objects.filter(
            sub_activity_id__in=list(sub_activity_ids),
            submission__period__agency=agency,
            submission__period__year=year,
            submission__status__in=statuses,
            month__lte=last_month(period),
            budget_spent__isnull=False,
        )
        .order_by("sub_activity_id", "month", "submission__period__quarter")
        .values_list("sub_activity_id", "month", "budget_spent")
    )
    found: dict[int, tuple[Decimal, int]] = {}
    for sub_id, month, value in rows:
        if value is not None:  # filtered above; keeps the type checker informed
            found[sub_id] = (value, month)  # ordered: the last one is the newest
    return found


def budget_results(
    *,
    agency: Unit,
    year: int,
    period: Period,
    units: Sequence[Unit] | None = None,
    accepted_only: bool = False,
    include_drafts: bool = False,
) -> list[BudgetResult]:
    """Programs and their activities (program first, then its activities, by code) with pagu of
    the year (sum of the sub-activities' Budget), budget spent and serapan (DOMAIN.md §3 rule 8)."""
    budget_rows = (
        Budget.objects.filter(
            year=year,
            sub_activity__activity__program__renstra__agency=agency,
            sub_activity__activity__program__renstra__start_year__lte=year,
            sub_activity__activity__program__renstra__end_year__gte=year,
        )
        .select_related(
            "sub_activity__activity__program__responsible_unit",
            "sub_activity__activity__responsible_unit",
        )
        .order_by()
    )
    if units is not None:
        budget_rows = budget_rows.filter(sub_activity__responsible_unit__in=[u.pk for u in units])
    budgets = list(budget_rows)
    if not budgets:
        return []
    spent_by_sub = budget_spent_to_date(
        agency=agency,
        year=year,
        period=period,
        sub_activity_ids=[b.sub_activity_id for b in budgets],
        accepted_only=accepted_only,
        include_drafts=include_drafts,
    )
    programs: dict[int, Program] = {}
    activities: dict[int, Activity] = {}
    pagu: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    budget_spent: dict[tuple[str, int], Decimal] = {}
    months: dict[tuple[str, int], int] = {}
    activities_of: dict[int, set[int]] = defaultdict(set)
    for budget in budgets:
        sub: SubActivity = budget.sub_activity
        activity = sub.activity
        program = activity.program
        programs[program.pk] = program
        activities[activity.pk] = activity
        activities_of[program.pk].add(activity.pk)
        for key in (("program", program.pk), ("activity", activity.pk)):
            pagu[key] += budget.pagu
            if sub.pk in spent_by_sub:
                value, month = spent_by_sub[sub.pk]
                budget_spent[key] = budget_spent.get(key, Decimal(0)) + value
                months[key] = max(months.get(key, 0), month)
    results = []
    for program in sorted(programs.values(), key=lambda p: natural_key(p.code)):
        rows = [("program", program)] + [
            ("activity", activities[a])
            for a in sorted(
                activities_of[program.pk], key=lambda a: natural_key(activities[a].code)
            )
        ]
        for level, obj in rows:
            key = (level, obj.pk)
            results.append(
                BudgetResult(
                    level=level,
                    obj=obj,
                    code=obj.code,
                    name=obj.name,
                    unit=obj.responsible_unit,
                    pagu=pagu[key],
                    budget_spent=budget_spent.get(key),
                    absorption=_absorption(pagu[key], budget_spent.get(key)),
                    as_of_month=months.get(key),
                    program_code=program.code,
                )
            )
    return results
