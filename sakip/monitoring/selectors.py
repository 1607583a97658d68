"""Reads of the quarterly cycle (SOP 2 steps 1–2): a unit's entry page, the recap of a quarter,
the list of quarters, the receipts of the socialized report.

Capaian and categories come from sakip.monitoring.capaian (the contract shared with the reports),
which applies sakip.measurement's rules; the entry page adds the unit's own draft value of the
quarter to the submitted figures of the earlier quarters, so a unit sees what it is about to send.
Each page reads a fixed number of queries whatever the number of units and indicators.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Viewer
from sakip.audit.history import HistoryEntry, history_entries
from sakip.core import data_stamp
from sakip.core.kept import kept, kept_under
from sakip.measurement import (
    Band,
    CapaianResult,
    Period,
    Target,
    absorption,
    average_capaian,
)
from sakip.measurement.formatting import format_percent_id
from sakip.organization.access import access_for
from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit
from sakip.planning.action_plan_models import ActionPlanStatus, QuarterTarget
from sakip.planning.models import Budget, Indicator, IndicatorTarget, Objective, SubActivity
from sakip.planning.selectors import natural_key

from . import access
from .capaian import (
    AgencySettings,
    IndicatorResult,
    agency_settings,
    evaluate,
    indicator_results,
    na_reason_text,
)
from .category_style import category_badge
from .models import (
    Evidence,
    MonthlyProgress,
    PeriodStatus,
    Realisasi,
    ReportingPeriod,
    ReportReceipt,
    SubmissionStatus,
    UnitSubmission,
)
from .versions import data_versions

MONTH_NAMES = {
    1: _("Januari"),
    2: _("Februari"),
    3: _("Maret"),
    4: _("April"),
    5: _("Mei"),
    6: _("Juni"),
    7: _("Juli"),
    8: _("Agustus"),
    9: _("September"),
    10: _("Oktober"),
    11: _("November"),
    12: _("Desember"),
}

# The recap's statuses: the stored ones plus "not started" (a draft without any value).
NOT_STARTED = "not_started"
STATE_LABELS = {
    NOT_STARTED: _("Belum mulai"),
    SubmissionStatus.DRAFT.value: _("Draf"),
    SubmissionStatus.SUBMITTED.value: _("Dikirim"),
    SubmissionStatus.RETURNED.value: _("Dikembalikan"),
    SubmissionStatus.ACCEPTED.value: _("Diterima"),
}
PERIOD_STATUS_LABELS = dict(PeriodStatus.choices)


def quarter_label(quarter: int) -> str:
    return Period.quarter(quarter).label_id


def quarter_months(quarter: int) -> list[int]:
    """The months of TW k: 3k−2, 3k−1, 3k."""
    return [3 * quarter - 2, 3 * quarter - 1, 3 * quarter]


def unit_subtree(unit: Unit) -> list[Unit]:
    """The unit and every unit below it: a Bidang reports its Seksi's indicators too."""
    return list(Unit.objects.filter(path__startswith=unit.path).order_by("path"))


def reporting_units(submission: UnitSubmission) -> list[Unit]:
    """The units whose indicators a submission reports: the unit and every unit below it, and for
    the Sekretariat also the agency itself (its agency-level indicators, decision 0005)."""
    units = unit_subtree(submission.unit)
    if submission.unit.kind == UnitKind.SECRETARIAT:
        units.insert(0, submission.period.agency)
    return units


def now_or(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


# --- what a unit reports -----------------------------------------------------------------------


def unit_indicators(submission: UnitSubmission) -> QuerySet[Indicator]:
    """The indicators a unit reports for the quarter: those of its units (itself and below) in the
    agency's plan for the year that have a target for the year or an accepted Rencana Aksi (the
    same set as sakip.monitoring.capaian.indicator_results). The Sekretariat also reports the
    indicators of the agency itself (see reporting_units)."""
    period = submission.period
    accepted = QuarterTarget.objects.filter(
        indicator=OuterRef("pk"),
        action_plan__agency_id=period.agency_id,
        action_plan__year=period.year,
        action_plan__status=ActionPlanStatus.ACCEPTED,
    )
    annual = IndicatorTarget.objects.filter(indicator=OuterRef("pk"), year=period.year)
    return Indicator.objects.filter(
        objective__goal__renstra__agency_id=period.agency_id,
        objective__goal__renstra__start_year__lte=period.year,
        objective__goal__renstra__end_year__gte=period.year,
        responsible_unit__in=[u.pk for u in reporting_units(submission)],
    ).filter(Q(Exists(accepted)) | Q(Exists(annual)))


def unit_sub_activities(submission: UnitSubmission) -> QuerySet[SubActivity]:
    """The sub-activities whose monthly progress the unit reports: those of its units (itself and
    below) with a budget (pagu) in the year, in the agency's plan."""
    period = submission.period
    return SubActivity.objects.filter(
        activity__program__renstra__agency_id=period.agency_id,
        activity__program__renstra__start_year__lte=period.year,
        activity__program__renstra__end_year__gte=period.year,
        responsible_unit__path__startswith=submission.unit.path,
        budgets__year=period.year,
    ).distinct()


# --- the entry page ----------------------------------------------------------------------------


@dataclass
class PeriodFigure:
    """Target, realisasi, capaian and category of one indicator over one period."""

    period: Period
    target: Target | None
    realisasi: Decimal | None
    capaian: CapaianResult
    category: Band | None

    @property
    def capaian_display(self) -> Decimal | None:
        return self.capaian.display

    @property
    def na_reason(self) -> str:
        return na_reason_text(self.capaian.reason)

    @property
    def label(self) -> str:
        return self.period.label_id

    @property
    def badge(self) -> str:
        return category_badge(self.category.key) if self.category else ""


@dataclass
class EntryRow:
    """One indicator on a unit's entry page."""

    indicator: Indicator
    realisasi: Realisasi | None
    evidence: list[Evidence]
    annual_target: Target | None
    quarter: PeriodFigure
    to_date: PeriodFigure
    needs_explanation: bool
    threshold: Decimal
    target_source: str = ""

    @property
    def value(self) -> Decimal | None:
        return self.realisasi.value if self.realisasi else None


@dataclass
class ObjectiveEntries:
    objective: Objective
    rows: list[EntryRow]


@dataclass
class MonthCell:
    month: int
    label: str
    progress: MonthlyProgress | None


@dataclass
class SubActivityEntry:
    sub_activity: SubActivity
    pagu: Decimal | None
    months: list[MonthCell]
    budget_spent_to_date: Decimal | None = None
    absorption: Decimal | None = None


@dataclass
class EntryData:
    submission: UnitSubmission
    objectives: list[ObjectiveEntries]
    sub_activities: list[SubActivityEntry]
    months: list[MonthCell]
    settings: AgencySettings
    quarter_label: str
    to_date_label: str

    @property
    def rows(self) -> list[EntryRow]:
        return [row for group in self.objectives for row in group.rows]

    @property
    def has_values(self) -> bool:
        """Anything entered: a realisasi, a kendala/solusi, or a month's progress."""
        entered = any(
            row.realisasi is not None
            and (row.value is not None or row.realisasi.problems or row.realisasi.solutions)
            for row in self.rows
        )
        return entered or any(c.progress for e in self.sub_activities for c in e.months)


def _figure(period: Period, result: tuple[Any, ...]) -> PeriodFigure:
    target, value, capaian, category, _needs = result
    return PeriodFigure(period, target, value, capaian, category)


ENTRY_SCHEMA = 1  # raise when IndicatorResult changes shape


def _entry_results(
    submission: UnitSubmission, to_date: Period, settings: AgencySettings
) -> list[IndicatorResult]:
    """The unit's indicators with their targets and the quarters' counted realisasi up to the
    quarter, kept in the cache under the agency's data version (sakip.monitoring.versions: one
    query; it moves with every value, status, target, unit or profile change), so a save or a
    decision shows at once: computing them was half of the entry page's time (issue 12). The
    submission's own values and evidence are read on every request (entry_rows)."""
    period = submission.period
    version = data_versions([period.agency_id], period.year)[period.agency_id]
    key = ":".join(
        [
            f"entry-results-{ENTRY_SCHEMA}",
            str(period.pk),
            str(submission.unit_id),
            version,
            get_language() or "",
        ]
    )
    return kept(
        key,
        list,
        lambda: indicator_results(
            agency=period.agency,
            year=period.year,
            period=to_date,
            units=reporting_units(submission),
            settings=settings,
            # Only the columns the page prints (capaian.LEAN_FIELDS): the full rows with their
            # timestamps cost more than the rest of the page.
            lean=True,
        ),
    )


def entry_rows(
    submission: UnitSubmission, *, settings: AgencySettings | None = None
) -> list[EntryRow]:
    """Per indicator of the unit: the quarter's target, the stored realisasi, and capaian and
    category for the quarter and to date (s.d. TW k).

    The earlier quarters count as the reports and the recap count them (submitted or accepted);
    the quarter itself counts this submission's stored value whatever its status.
    """
    period = submission.period
    settings = settings or agency_settings(period.agency)
    k = period.quarter
    to_date_period = Period.to_date(k)
    quarter_period = Period.quarter(k)
    results = _entry_results(submission, to_date_period, settings)
    ids = [r.indicator.pk for r in results]
    own = {
        row.indicator_id: row
        for row in Realisasi.objects.filter(submission=submission, indicator_id__in=ids)
    }
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for item in Evidence.objects.filter(realisasi__in=list(own.values())).order_by(
        "uploaded_at", "pk"
    ):
        evidence[item.realisasi_id].append(item)
    rows = []
    for result in results:
        indicator = result.indicator
        realisasi = own.get(indicator.pk)
        values = {q: v for q, v in result.quarter_realisasi.items() if q < k}
        values[k] = realisasi.value if realisasi is not None else None
        quarter, to_date = (
            evaluate(
                polarity=indicator.polarity,
                aggregation=indicator.aggregation,
                quarter_targets=result.quarter_targets,
                quarter_realisasi=values,
                period=period_,
                annual_target=result.annual_target,
                settings=settings,
            )
            for period_ in (quarter_period, to_date_period)
        )
        rows.append(
            EntryRow(
                indicator=indicator,
                realisasi=realisasi,
                evidence=evidence.get(realisasi.pk, []) if realisasi is not None else [],
                annual_target=result.annual_target,
                quarter=_figure(quarter_period, quarter),
                to_date=_figure(to_date_period, to_date),
                needs_explanation=quarter[4],
                threshold=settings.explanation_threshold,
                target_source=result.target_source,
            )
        )
    return rows


def month_cells(quarter: int) -> list[MonthCell]:
    return [MonthCell(m, str(MONTH_NAMES[m]), None) for m in quarter_months(quarter)]


def sub_activity_entries(submission: UnitSubmission) -> list[SubActivityEntry]:
    """Per sub-activity of the unit: pagu of the year and the progress of the quarter's months."""
    period = submission.period
    subs = sorted(
        unit_sub_activities(submission).select_related("activity__program"),
        key=lambda s: (
            natural_key(s.activity.program.code),
            natural_key(s.activity.code),
            natural_key(s.code),
        ),
    )
    if not subs:
        return []
    ids = [s.pk for s in subs]
    pagu = dict(
        Budget.objects.filter(sub_activity_id__in=ids, year=period.year).values_list(
            "sub_activity_id", "pagu"
        )
    )
    stored = {
        (p.sub_activity_id, p.month): p
        for p in MonthlyProgress.objects.filter(submission=submission, sub_activity_id__in=ids)
    }
    entries = []
    for sub in subs:
        months = [
            MonthCell(m, str(MONTH_NAMES[m]), stored.get((sub.pk, m)))
            for m in quarter_months(period.quarter)
        ]
        budget_spent = next(
            (
                c.progress.budget_spent
                for c in reversed(months)
                if c.progress is not None and c.progress.budget_spent is not None
            ),
            None,
        )
        budget = pagu.get(sub.pk)
        serapan = None
        if budget_spent is not None and budget is not None:
            serapan = absorption(pagu=budget, budget_spent=budget_spent)
        entries.append(SubActivityEntry(sub, budget, months, budget_spent, serapan))
    return entries


def entry_data(submission: UnitSubmission) -> EntryData:
    settings = agency_settings(submission.period.agency)
    rows = entry_rows(submission, settings=settings)
    groups: dict[int, ObjectiveEntries] = {}
    for row in rows:
        objective = row.indicator.objective
        if objective.pk not in groups:
            groups[objective.pk] = ObjectiveEntries(objective, [])
        groups[objective.pk].rows.append(row)
    k = submission.period.quarter
    return EntryData(
        submission=submission,
        objectives=list(groups.values()),
        sub_activities=sub_activity_entries(submission),
        months=month_cells(k),
        settings=settings,
        quarter_label=Period.quarter(k).label_id,
        to_date_label=Period.to_date(k).label_id,
    )


ENTRY_DATA_SCHEMA = 1  # raise when EntryData or what it holds changes shape


def entry_data_key(submission: UnitSubmission) -> str:
    """The key `entry_data` is kept under: the agency's data version of the year, which every
    change the page shows moves: a value, kendala or solusi (a realisasi), a month's progress (the
    submission, whose version every save raises), an evidence file, a target, a decision, the
    plan. The page keeps its data tab's HTML beside it (monitoring/entry_page.py)."""
    period = submission.period
    version = data_versions([period.agency_id], period.year)[period.agency_id]
    return f"entry-data-{ENTRY_DATA_SCHEMA}:{submission.pk}:{version}:{get_language() or ''}"


def kept_entry_data(submission: UnitSubmission, key: str) -> EntryData:
    """`entry_data`, kept in the cache under `key` (`entry_data_key`). The submission itself is
    always the one just read (its version guards the next save)."""
    data = kept(key, EntryData, lambda: entry_data(submission))
    if data.submission.version != submission.version:  # saved between the two reads
        data = entry_data(submission)
    return replace(data, submission=submission)


def explanation_problems(rows: list[EntryRow]) -> dict[int, tuple[bool, bool, Decimal]]:
    """Indicators whose quarter capaian is below the threshold and lack kendala or solusi:
    indicator id → (kendala missing, solusi missing, shown capaian)."""
    missing = {}
    for row in rows:
        if not row.needs_explanation:
            continue
        problems = (row.realisasi.problems if row.realisasi else "").strip()
        solutions = (row.realisasi.solutions if row.realisasi else "").strip()
        if not problems or not solutions:
            shown = row.quarter.capaian_display
            assert shown is not None  # needs_explanation implies a capaian
            missing[row.indicator.pk] = (not problems, not solutions, shown)
    return missing


# --- statuses and the recap --------------------------------------------------------------------


def submission_state(submission: UnitSubmission, *, has_values: bool) -> str:
    if (
        submission.status == SubmissionStatus.DRAFT
        and not has_values
        and submission.submitted_at is None
    ):
        return NOT_STARTED
    return str(submission.status)


def is_late(
    submission: UnitSubmission, deadline: datetime.datetime | None, now: datetime.datetime
) -> bool:
    """Late: not submitted by the deadline, or first submitted after it. A correction sent after a
    return does not make a unit late: `submitted_at` keeps the first submission."""
    if deadline is None:
        return False
    if submission.submitted_at is not None:
        return submission.submitted_at > deadline
    return now > deadline


def with_has_values(submissions: QuerySet[UnitSubmission]) -> QuerySet[UnitSubmission]:
    entered = Realisasi.objects.filter(submission=OuterRef("pk")).filter(
        Q(value__isnull=False) | ~Q(problems="") | ~Q(solutions="")
    )
    progress = MonthlyProgress.objects.filter(submission=OuterRef("pk"))
    return submissions.annotate(
        has_values=Exists(entered) | Exists(progress),
    )


@dataclass
class CategoryCount:
    band: Band
    count: int

    @property
    def badge(self) -> str:
        return category_badge(self.band.key)


@dataclass
class RecapRow:
    submission: UnitSubmission
    state: str
    late: bool
    indicator_count: int = 0
    reported_count: int = 0
    average: CapaianResult | None = None
    categories: list[CategoryCount] = field(default_factory=list)
    below_threshold: int = 0

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def average_display(self) -> Decimal | None:
        return self.average.display if self.average is not None else None


@dataclass
class Recap:
    period: ReportingPeriod
    rows: list[RecapRow]
    settings: AgencySettings

    @property
    def all_accepted(self) -> bool:
        return bool(self.rows) and all(
            r.submission.status == SubmissionStatus.ACCEPTED for r in self.rows
        )

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def late_count(self) -> int:
        return sum(1 for r in self.rows if r.late)

    @property
    def on_time_count(self) -> int:
        """Units that sent their data by the request's due date (a correction after a return
        has its own deadline and does not count here)."""
        return sum(1 for r in self.rows if r.submission.submitted_at is not None and not r.late)

    @property
    def timeliness_display(self) -> str:
        """ "Ketepatan unit": the share of units on time among those already judged (sent, or
        past the due date); "—" before any is. Apart from the SOP steps' compliance."""
        judged = self.on_time_count + self.late_count
        if not judged:
            return "—"
        share = (Decimal(self.on_time_count) * 100 / Decimal(judged)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        return format_percent_id(share)


def _owner(unit_path: str, submissions: list[UnitSubmission]) -> UnitSubmission | None:
    """The submission whose unit is the given unit or one above it (the nearest)."""
    best = None
    for submission in submissions:
        if unit_path.startswith(submission.unit.path) and (
            best is None or len(submission.unit.path) > len(best.unit.path)
        ):
            best = submission
    return best


# Raise when what `submission_rows` keeps changes shape.
SUBMISSION_ROWS_SCHEMA = 1


def submission_rows(
    period: ReportingPeriod,
    user: Viewer,
    *,
    now: datetime.datetime | None = None,
    people: bool = True,
) -> list[RecapRow]:
    """Each unit's status against the deadline, without the capaian summary (one query): the
    recap's rows as `period_recap` starts them, for pages that show the states only (`people`:
    with who sent and who reviewed each submission)."""
    now = now_or(now)
    related = ["unit", "submitted_by__employee", "reviewed_by__employee"] if people else ["unit"]
    # Kept until the data or the people change; lateness is judged against the clock each time.
    submissions = kept_under(
        (data_stamp.FIGURES, data_stamp.PEOPLE),
        f"submission-rows-{SUBMISSION_ROWS_SCHEMA}:{period.pk}:{int(people)}:"
        f"{access_for(user).signature()}",
        list,
        lambda: list(
            with_has_values(access.submissions_for(user).filter(period=period))
            .select_related(*related)
            .order_by("unit__path")
        ),
    )
    return [
        RecapRow(
            submission=s,
            state=submission_state(s, has_values=getattr(s, "has_values", False)),
            late=is_late(s, period.deadline, now),
        )
        for s in submissions
    ]


@dataclass(frozen=True)
class RecapFigure:
    """What the recap reads of one indicator's capaian for the quarter: plain data, kept in the
    cache under the agency's data version."""

    unit_path: str
    reported: bool
    capaian: CapaianResult
    category_key: str
    needs_explanation: bool


RECAP_SCHEMA = 1  # raise when RecapFigure changes shape


def recap_figures(
    period: ReportingPeriod, *, settings: AgencySettings, accepted_only: bool
) -> list[RecapFigure]:
    """The quarter's capaian per indicator of the agency, from the cache when its data version
    (sakip.monitoring.versions: one query; it moves with every value, status, target or profile
    change) has not moved: a saved value or a decision shows at once, nothing is invalidated."""
    version = data_versions([period.agency_id], period.year)[period.agency_id]
    key = f"recap-figures-{RECAP_SCHEMA}:{period.pk}:{int(accepted_only)}:{version}"

    def computed() -> list[RecapFigure]:
        return [
            RecapFigure(
                unit_path=r.unit.path,
                reported=r.realisasi is not None,
                capaian=r.capaian,
                category_key=r.category.key if r.category is not None else "",
                needs_explanation=r.needs_explanation,
            )
            for r in indicator_results(
                agency=period.agency,
                year=period.year,
                period=Period.quarter(period.quarter),
                settings=settings,
                accepted_only=accepted_only,
                lean=True,  # counts and averages only: no full rows
            )
        ]

    return kept(key, list, computed)


def period_recap(
    period: ReportingPeriod, user: Viewer, *, now: datetime.datetime | None = None
) -> Recap:
    """Each unit's status against the deadline and a capaian summary of what it has sent (the
    quarter's capaian of submitted and accepted data, as in the quarterly report)."""
    settings = agency_settings(period.agency)
    rows = {row.submission.pk: row for row in submission_rows(period, user, now=now)}
    submissions = [row.submission for row in rows.values()]
    if submissions:
        figures = recap_figures(
            period,
            settings=settings,
            # The regency reader counts accepted data only, as it sees it (decision 0002).
            accepted_only=access.reads_settled_only(user, period.agency),
        )
        per_submission: dict[int, list[RecapFigure]] = defaultdict(list)
        for figure in figures:
            owner = _owner(figure.unit_path, submissions)
            if owner is not None:
                per_submission[owner.pk].append(figure)
        for pk, items in per_submission.items():
            row = rows[pk]
            row.indicator_count = len(items)
            row.reported_count = sum(1 for f in items if f.reported)
            if row.reported_count:
                row.average = average_capaian(f.capaian for f in items)
            counts: dict[str, int] = defaultdict(int)
            for f in items:
                if f.category_key:
                    counts[f.category_key] += 1
            row.categories = [
                CategoryCount(band, counts[band.key])
                for band in reversed(settings.scale.bands)
                if counts.get(band.key)
            ]
            row.below_threshold = sum(1 for f in items if f.needs_explanation)
    return Recap(period=period, rows=list(rows.values()), settings=settings)


# --- the list of quarters ----------------------------------------------------------------------


@dataclass
class PeriodRow:
    period: ReportingPeriod
    total: int
    submitted: int
    accepted: int
    own: list[UnitSubmission]

    @property
    def label(self) -> str:
        return str(self.period)


def period_rows(user: Viewer, *, year: int | None = None) -> list[PeriodRow]:
    """The quarters the user may see, newest first, with counts of the agency's submissions and
    the user's own units' submissions. Three queries whatever the number of quarters."""
    periods = access.periods_for(user).select_related("agency", "run")
    if year is not None:
        periods = periods.filter(year=year)
    annotated = periods.annotate(
        total=Count("submissions", distinct=True),
        submitted=Count(
            "submissions",
            filter=Q(
                submissions__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED]
            ),
            distinct=True,
        ),
        accepted=Count(
            "submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED), distinct=True
        ),
    ).order_by("-year", "-quarter", "agency__name")
    rows = list(annotated)
    own: dict[int, list[UnitSubmission]] = defaultdict(list)
    if rows:
        # Only the submissions of the user's own units (those they enter data for), not
        # everything an agency role sees.
        mine = UnitSubmission.objects.restrict(user, "change").filter(
            period__in=[p.pk for p in rows]
        )
        for submission in mine.select_related("unit").order_by("unit__path"):
            own[submission.period_id].append(submission)
    return [
        PeriodRow(
            p,
            getattr(p, "total", 0),
            getattr(p, "submitted", 0),
            getattr(p, "accepted", 0),
            own.get(p.pk, []),
        )
        for p in rows
    ]


# --- receipts of the socialized report ---------------------------------------------------------


@dataclass
class Receipts:
    rows: list[ReportReceipt]
    own: ReportReceipt | None

    @property
    def acknowledged(self) -> list[ReportReceipt]:
        return [r for r in self.rows if r.acknowledged_at is not None]

    @property
    def pending(self) -> list[ReportReceipt]:
        return [r for r in self.rows if r.acknowledged_at is None]


def period_receipts(period: ReportingPeriod, user: Viewer, *, kind: str = "quarterly") -> Receipts:
    """Who has and has not acknowledged the socialized report; an official who is not an
    agency-wide reader sees their own receipt only."""
    rows = kept_under(
        (data_stamp.FIGURES, data_stamp.PEOPLE),
        f"period-receipts-1:{period.pk}:{kind}:{access_for(user).signature()}",
        list,
        lambda: list(
            ReportReceipt.objects.restrict(user, "view")
            .filter(period=period, kind=kind)
            .select_related("user__employee")
            .order_by("user__employee__name", "user__username")
        ),
    )
    own = next((r for r in rows if r.user_id == getattr(user, "pk", None)), None)
    return Receipts(rows=rows, own=own)


# --- history -----------------------------------------------------------------------------------

ACTION_LABELS = {
    "create": _("Dibuat"),
    "attach_run": _("Dihubungkan dengan pelaksanaan SOP"),
    "report_sent": _("Laporan disosialisasikan"),
    "report_acknowledged": _("Penerimaan laporan dinyatakan"),
    "update": _("Diubah oleh unit"),
    "submit": _("Dikirim"),
    "accept": _("Diterima"),
    "return": _("Dikembalikan ke unit"),
    "evidence_add": _("Data dukung diunggah"),
    "evidence_delete": _("Data dukung dihapus"),
    "reopen": _("Dibuka kembali"),
    "lock": _("Dikunci"),
}


# The socialized report a receipt is for (ReportReceipt.kind): the names the reports give them.
RECEIPT_KIND_LABELS = {
    "quarterly": _("Laporan kinerja triwulan"),
    "semester": _("Laporan kinerja semester"),
}


# The names of what the services record (services.py); a change keyed by an indicator's code
# (realisasi, evidence) or "<code> catatan" is already named for people.
FIELD_LABELS = {
    "status": _("Status"),
    "run": _("Pelaksanaan SOP"),
    "unit": _("Unit"),
    "returned_units": _("Unit yang dikembalikan"),
    "receipts": _("Penerima laporan"),
    "kind": _("Jenis laporan"),
    "acknowledged_by": _("Diterima oleh"),
    "last_submitted_at": _("Dikirim pada"),
}


def history_for(instance: Any) -> list[HistoryEntry]:
    """The audit events of a submission or a period, newest first (the "Riwayat" tab). Kept per
    language until the figures' data or the people change: each of these events is written in
    the transaction that saves the submission, the period or a receipt (watched rows)."""
    return kept_under(
        (data_stamp.FIGURES, data_stamp.PEOPLE),
        f"history-1:{instance._meta.label}:{instance.pk}:{get_language()}",
        list,
        lambda: history_entries(
            instance,
            action_labels=ACTION_LABELS,
            field_labels=FIELD_LABELS,
            value_labels={**RECEIPT_KIND_LABELS, **PERIOD_STATUS_LABELS, **STATE_LABELS},
        ),
    )


def history_html(instance: Any, history: list[HistoryEntry]) -> SafeString:
    """The "Riwayat" table of `history_for(instance)`, kept beside it (same stamps, language)."""
    html = kept_under(
        (data_stamp.FIGURES, data_stamp.PEOPLE),
        f"history-html-1:{instance._meta.label}:{instance.pk}:{get_language()}",
        str,
        lambda: str(render_to_string("includes/history.html", {"history": history})),
    )
    return mark_safe(html)  # noqa: S308  (our template's output)
