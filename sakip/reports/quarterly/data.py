"""What the quarterly performance report says (laporan kinerja triwulan, DOMAIN.md §4; SOP 2
steps 3–5): one data function, `quarterly_report_data`, feeding the page, the DOCX, the PDF and the
XLSX, so that all four always show the same numbers.

Only accepted (verified) submissions are reported: a unit's data enters the official report once
the planning staff accepted it; units still pending are listed on the page.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sakip.core.formats import (
    EMPTY,
    MONTHS_ID,
    format_measured_id,
    format_money_id,
    format_target_id,
)
from sakip.measurement import NaReason, Period, Target, format_percent_id, round_half_up
from sakip.measurement import absorption as absorption_of
from sakip.monitoring.capaian import (
    ROMAN,
    AgencySettings,
    BudgetResult,
    IndicatorResult,
    agency_settings,
    budget_results,
    indicator_results,
)
from sakip.monitoring.category_style import OTHER_STYLE, category_badge
from sakip.monitoring.models import (
    Evidence,
    MonthlyProgress,
    ReportingPeriod,
    SubmissionStatus,
    UnitSubmission,
)
from sakip.organization.letterhead import Letterhead, letterhead_for
from sakip.organization.models import Unit
from sakip.planning.models import Budget
from sakip.planning.rkt import agreements as pk
from sakip.planning.selectors import natural_key, sub_activity_code
from sakip.reports import charts
from sakip.reports.selectors import Signature, place_date, printed_nip

NA_TEXT = "n/a"


def _short_reasons() -> dict[str, str]:
    """What the category cell says when there is no capaian (DOMAIN.md §3 rule 4: with the reason)."""
    return {
        NaReason.ZERO_TARGET_HIGHER: _("Target 0"),
        NaReason.NEGATIVE_TARGET: _("Target negatif"),
        NaReason.NO_TARGET: _("Belum ada target"),
        NaReason.NO_REALISASI: _("Belum ada realisasi"),
        NaReason.NO_VALUES: _("Tidak ada nilai"),
    }


# --- rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """Target, realisasi, capaian and category of one indicator over one period, as printed and
    as numbers (the XLSX writes the numbers)."""

    target_low: Decimal | None
    target_high: Decimal | None
    target_text: str
    realisasi: Decimal | None
    realisasi_text: str
    capaian: Decimal | None  # shown value: 2 decimals, half-up
    capaian_text: str  # "97,32%" or "n/a"
    category: str  # band label, or the short reason when n/a
    category_key: str  # band key ("" when n/a)
    badge: str  # Bootstrap classes for the on-screen badge
    reason: str = ""  # the full sentence when the capaian is n/a


def _measure(result: IndicatorResult, reasons: dict[str, str]) -> Measure:
    target: Target | None = result.target
    shown = result.capaian.display
    if shown is None:
        category, key = reasons.get(result.capaian.reason or "", ""), ""
    else:
        category, key = result.category_label, result.category_key
    return Measure(
        target_low=None if target is None else target.low,
        target_high=None if target is None else target.high,
        target_text=EMPTY if target is None else format_target_id(target.low, target.high),
        realisasi=result.realisasi,
        realisasi_text=format_measured_id(
            result.realisasi,
            None if target is None else target.low,
            None if target is None else target.high,
        ),
        capaian=shown,
        capaian_text=NA_TEXT if shown is None else format_percent_id(shown),
        category=category,
        category_key=key,
        badge=category_badge(key) if key else OTHER_STYLE[1],
        reason=result.na_reason,
    )


@dataclass(frozen=True)
class IndicatorLine:
    indicator_id: int
    code: str
    name: str
    unit_of_measure: str
    unit_name: str
    quarter: Measure
    to_date: Measure
    problems: str
    solutions: str
    evidence: list[str]
    needs_explanation: bool
    na_reason: str  # the full sentence when the quarter's capaian is n/a


@dataclass(frozen=True)
class ObjectiveBlock:
    no: int
    code: str
    statement: str
    lines: list[IndicatorLine]


@dataclass(frozen=True)
class BudgetLine:
    no: str  # "1" for a program, "" for its activities
    code: str
    name: str
    is_program: bool
    pagu: Decimal
    budget_spent: Decimal | None
    absorption: Decimal | None  # shown value, 2 decimals
    pagu_text: str
    budget_spent_text: str
    absorption_text: str


@dataclass(frozen=True)
class MonthCell:
    physical: Decimal | None
    budget_spent: Decimal | None
    physical_text: str
    budget_spent_text: str


@dataclass(frozen=True)
class ProgressLine:
    code: str  # "2.16.02.1.01.0001": the sub-activity's full code (planning.sub_activity_code)
    name: str
    activity: str
    pagu: Decimal | None
    pagu_text: str
    months: list[MonthCell]


@dataclass(frozen=True)
class CategoryCount:
    label: str
    key: str
    count: int
    badge: str


@dataclass
class QuarterlyReportData:
    letterhead: Letterhead
    agency: Unit
    year: int
    quarter: int
    number: str
    title_lines: list[str]
    period_label: str  # "TW I"
    to_date_label: str  # "s.d. TW I"
    objectives: list[ObjectiveBlock]
    explanations: list[IndicatorLine]
    budget: list[BudgetLine]
    budget_total: BudgetLine | None
    progress_months: list[str]  # "Januari", …
    progress: list[ProgressLine]
    categories: list[CategoryCount]
    pending_units: list[str]
    place_date: str
    signature: Signature
    capaian_chart: charts.ChartSpec
    absorption_chart: charts.ChartSpec
    headers: dict[str, str] = field(default_factory=dict)
    semester: int | None = None  # set on the semester report (TW I + II or TW III + IV)

    @property
    def progress_columns(self) -> int:
        """Columns of the "D. Progres Bulanan" table: No, sub-activity, pagu, two per month."""
        return 3 + 2 * len(self.progress_months)

    @property
    def indicator_lines(self) -> list[IndicatorLine]:
        return [line for block in self.objectives for line in block.lines]


def _headers(quarter_label: str, to_date_label: str) -> dict[str, str]:
    return {
        "no": pgettext("nomor urut pada kolom tabel", "No"),
        "objective": _("Sasaran Strategis"),
        "indicator": _("Indikator Kinerja"),
        "unit_of_measure": _("Satuan"),
        "responsible_unit": _("Unit"),
        "target": _("Target"),
        "target_high": _("Target (atas)"),
        "realisasi": _("Realisasi"),
        "capaian": _("Capaian"),
        "category": _("Kategori"),
        "quarter": quarter_label,
        "to_date": to_date_label,
        "problems": _("Kendala"),
        "solutions": _("Solusi / Tindak Lanjut"),
        "evidence": _("Data Dukung"),
        "program": _("Program/Kegiatan"),
        "code": _("Kode"),
        "pagu": _("Pagu"),
        "budget_spent": _("Realisasi Anggaran"),
        "absorption": _("Serapan"),
        "total": _("Jumlah"),
        "sub_activity": _("Sub Kegiatan"),
        "physical": _("Fisik (%)"),
        "budget_spent_month": _("Anggaran (Rp)"),
        "section_performance": _("A. Capaian Kinerja"),
        "section_explanation": _("B. Kendala dan Solusi"),
        "section_budget": _("C. Realisasi Anggaran"),
        "section_progress": _("D. Progres Bulanan"),
        "section_charts": _("E. Grafik"),
        "chart_capaian": _("Capaian kinerja per indikator"),
        "chart_absorption": _("Serapan anggaran per program"),
        "number": _("Nomor"),
        "page": _("Halaman"),
        "page_of": _("dari"),
        "no_indicators": _("Belum ada indikator dengan target pada periode ini."),
        "no_explanations": _("Tidak ada kendala yang dilaporkan."),
        "no_budget": _("Belum ada pagu anggaran untuk tahun ini."),
        "no_progress": _("Belum ada progres bulanan yang dilaporkan."),
        "sheet_performance": _("Capaian Kinerja"),
        "sheet_explanation": _("Kendala dan Solusi"),
        "sheet_budget": _("Realisasi Anggaran"),
        "sheet_progress": _("Progres Bulanan"),
    }


def _evidence_names(
    results: list[IndicatorResult], quarters: int | tuple[int, ...]
) -> dict[int, list[str]]:
    """Evidence file names per indicator, of the given quarter(s) in quarter order."""
    if isinstance(quarters, int):
        quarters = (quarters,)
    row_ids = {
        result.realisasi_rows[quarter].pk: result.indicator.pk
        for quarter in quarters
        for result in results
        if quarter in result.realisasi_rows
    }
    names: dict[int, list[str]] = defaultdict(list)
    if not row_ids:
        return names
    for realisasi_id, name in (
        Evidence.objects.filter(realisasi_id__in=list(row_ids))
        .order_by("realisasi__submission__period__quarter", "uploaded_at", "pk")
        .values_list("realisasi_id", "name")
    ):
        names[row_ids[realisasi_id]].append(name)
    return names


def _objectives(
    quarter_results: list[IndicatorResult],
    to_date_results: list[IndicatorResult],
    evidence: dict[int, list[str]],
) -> list[ObjectiveBlock]:
    reasons = _short_reasons()
    to_date = {r.indicator.pk: r for r in to_date_results}
    blocks: list[ObjectiveBlock] = []
    current: list[IndicatorLine] = []
    objective = None
    for result in quarter_results:
        if objective is None or result.objective.pk != objective.pk:
            if objective is not None:
                blocks.append(
                    ObjectiveBlock(len(blocks) + 1, objective.code, objective.statement, current)
                )
            objective, current = result.objective, []
        indicator = result.indicator
        current.append(
            IndicatorLine(
                indicator_id=indicator.pk,
                code=indicator.code,
                name=indicator.name,
                unit_of_measure=indicator.unit_of_measure,
                unit_name=result.unit.name,
                quarter=_measure(result, reasons),
                to_date=_measure(to_date[indicator.pk], reasons),
                problems=result.problems,
                solutions=result.solutions,
                evidence=evidence.get(indicator.pk, []),
                needs_explanation=result.needs_explanation,
                na_reason=result.na_reason,
            )
        )
    if objective is not None:
        blocks.append(ObjectiveBlock(len(blocks) + 1, objective.code, objective.statement, current))
    return blocks


def _absorption_shown(value: Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 2)


def _budget_line(no: str, row: BudgetResult) -> BudgetLine:
    shown = _absorption_shown(row.absorption)
    return BudgetLine(
        no=no,
        code=row.code,
        name=row.name,
        is_program=row.is_program,
        pagu=row.pagu,
        budget_spent=row.budget_spent,
        absorption=shown,
        pagu_text=format_money_id(row.pagu),
        budget_spent_text=format_money_id(row.budget_spent),
        absorption_text=EMPTY if shown is None else format_percent_id(shown),
    )


def _budget(rows: list[BudgetResult]) -> tuple[list[BudgetLine], BudgetLine | None]:
    lines: list[BudgetLine] = []
    number = 0
    for row in rows:
        if row.is_program:
            number += 1
        lines.append(_budget_line(str(number) if row.is_program else "", row))
    programs = [row for row in rows if row.is_program]
    if not programs:
        return lines, None
    pagu = sum((row.pagu for row in programs), Decimal(0))
    reported = [row.budget_spent for row in programs if row.budget_spent is not None]
    budget_spent = sum(reported, Decimal(0)) if reported else None
    shown = _absorption_shown(
        None if budget_spent is None else absorption_of(pagu=pagu, budget_spent=budget_spent)
    )
    total = BudgetLine(
        no="",
        code="",
        name=_("Jumlah"),
        is_program=True,
        pagu=pagu,
        budget_spent=budget_spent,
        absorption=shown,
        pagu_text=format_money_id(pagu),
        budget_spent_text=format_money_id(budget_spent),
        absorption_text=EMPTY if shown is None else format_percent_id(shown),
    )
    return lines, total


def _progress(
    *, agency: Unit, year: int, quarters: tuple[int, ...]
) -> tuple[list[str], list[ProgressLine]]:
    """Laporan Progress Bulanan of the quarters' months, per sub-activity with a pagu or a
    reported month (accepted submissions of those quarters)."""
    months = [3 * quarter - offset for quarter in quarters for offset in (2, 1, 0)]
    # Plain rows of the columns printed: (activity code, code, name, activity name) per
    # sub-activity, no model instances.
    sub_columns = (
        "sub_activity__activity__code",
        "sub_activity__code",
        "sub_activity__name",
        "sub_activity__activity__name",
    )
    entries = (
        MonthlyProgress.objects.filter(
            submission__period__agency=agency,
            submission__period__year=year,
            submission__period__quarter__in=quarters,
            submission__status=SubmissionStatus.ACCEPTED,
            month__in=months,
        )
        .order_by("sub_activity_id", "month")
        .values_list("sub_activity_id", "month", "physical_percent", "budget_spent", *sub_columns)
    )
    budgets = Budget.objects.filter(
        year=year,
        sub_activity__activity__program__renstra__agency=agency,
        sub_activity__activity__program__renstra__start_year__lte=year,
        sub_activity__activity__program__renstra__end_year__gte=year,
    ).values_list("sub_activity_id", "pagu", *sub_columns)
    subs: dict[int, tuple[str, str, str, str]] = {}
    pagu: dict[int, Decimal] = {}
    for sub_id, amount, *names in budgets:
        subs[sub_id] = tuple(names)  # type: ignore[assignment]
        pagu[sub_id] = amount
    cells: dict[tuple[int, int], tuple[Decimal | None, Decimal | None]] = {}
    for sub_id, month, physical_percent, spent, *names in entries:
        subs.setdefault(sub_id, tuple(names))  # type: ignore[arg-type]
        cells[(sub_id, month)] = (physical_percent, spent)
    lines = []
    for sub_id, (activity_code, code, name, activity_name) in sorted(
        subs.items(),
        key=lambda item: (natural_key(item[1][0]), natural_key(item[1][1])),
    ):
        month_cells = []
        for month in months:
            physical, budget_spent = cells.get((sub_id, month), (None, None))
            month_cells.append(
                MonthCell(
                    physical=physical,
                    budget_spent=budget_spent,
                    physical_text=EMPTY if physical is None else format_percent_id(physical),
                    budget_spent_text=format_money_id(budget_spent),
                )
            )
        lines.append(
            ProgressLine(
                code=sub_activity_code(activity_code, code),
                name=name,
                activity=activity_name,
                pagu=pagu.get(sub_id),
                pagu_text=format_money_id(pagu.get(sub_id)),
                months=month_cells,
            )
        )
    return [MONTHS_ID[m - 1] for m in months], lines


def signature_of(agency: Unit, on: datetime.date) -> Signature:
    """The agency head signs the report; an unfilled post leaves a blank to fill in by hand."""
    try:
        head = pk.official_party(pk.agency_head_position(agency), agency, on=on)
    except ValidationError:
        return Signature(heading="", title=f"Kepala {agency.name}", name=pk.BLANK_NAME, nip="")
    return Signature(heading="", title=head.title, name=head.name, nip=printed_nip(head.nip))


def _categories(lines: list[IndicatorLine], settings: AgencySettings) -> list[CategoryCount]:
    counts: dict[str, int] = defaultdict(int)
    for line in lines:
        if line.quarter.category_key:
            counts[line.quarter.category_key] += 1
    return [
        CategoryCount(band.label, band.key, counts.get(band.key, 0), category_badge(band.key))
        for band in reversed(settings.scale.bands)
    ]


def title_lines(agency: Unit, year: int, quarter: int) -> list[str]:
    return [
        _("LAPORAN KINERJA TRIWULAN %(roman)s TAHUN %(year)s")
        % {"roman": ROMAN[quarter], "year": year},
        agency.name.upper(),
    ]


def quarterly_report_data(
    period: ReportingPeriod, *, number: str = "", on: datetime.date
) -> QuarterlyReportData:
    """Everything the quarterly report of ``period`` shows; ``on`` is the signature date."""
    return period_report_data(
        agency=period.agency,
        year=period.year,
        period=Period.quarter(period.quarter),
        reporting_periods=[period],
        title=title_lines(period.agency, period.year, period.quarter),
        number=number,
        on=on,
    )


def period_report_data(
    *,
    agency: Unit,
    year: int,
    period: Period,
    reporting_periods: list[ReportingPeriod],
    title: list[str],
    number: str = "",
    on: datetime.date,
) -> QuarterlyReportData:
    """The report over ``period`` (a quarter or a semester): the period's measures, the measures
    to date (up to the period's last quarter), the explanations of its quarters, the budget up to
    its last month, the monthly progress of its months, the charts. ``reporting_periods`` are the
    ReportingPeriods of its quarters (for the units still pending)."""
    quarters = period.quarters
    last_quarter = max(quarters)
    settings = agency_settings(agency)
    to_date_period = Period.to_date(last_quarter)
    quarter_results, to_date_results = (
        # lean: the columns the report prints, no full rows with timestamps it never shows.
        indicator_results(
            agency=agency, year=year, period=p, accepted_only=True, settings=settings, lean=True
        )
        for p in (period, to_date_period)
    )
    evidence = _evidence_names(quarter_results, quarters)
    objectives = _objectives(quarter_results, to_date_results, evidence)
    lines = [line for block in objectives for line in block.lines]
    budget_rows = budget_results(agency=agency, year=year, period=period, accepted_only=True)
    budget, budget_total = _budget(budget_rows)
    month_names, progress = _progress(agency=agency, year=year, quarters=quarters)
    pending = list(
        dict.fromkeys(
            UnitSubmission.objects.filter(period__in=[p.pk for p in reporting_periods])
            .exclude(status=SubmissionStatus.ACCEPTED)
            .order_by("unit__path", "period__quarter")
            .values_list("unit__name", flat=True)
        )
    )
    letterhead = letterhead_for(agency)
    headers = _headers(period.label_id, to_date_period.label_id)
    last_month_name = MONTHS_ID[3 * last_quarter - 1]
    headers["budget_note"] = _(
        "Realisasi anggaran adalah nilai kumulatif dari bulan terakhir yang dilaporkan sampai "
        "dengan %(month)s %(year)s; serapan = realisasi anggaran / pagu × 100."
    ) % {"month": last_month_name, "year": year}
    capaian_chart = charts.capaian_chart_spec(
        [
            (line.code, line.quarter.capaian, line.quarter.category, line.quarter.category_key)
            for line in lines
        ],
        title=_("Capaian kinerja %(period)s %(year)s") % {"period": period.label_id, "year": year},
        axis_label=_("Capaian (%)"),
        na_text=NA_TEXT,
        legend=[(band.label, band.key) for band in settings.scale.bands],
    )
    absorption_chart = charts.absorption_chart_spec(
        [(line.code, line.absorption) for line in budget if line.is_program],
        title=_("Serapan anggaran per program s.d. %(month)s %(year)s")
        % {"month": last_month_name, "year": year},
        axis_label=_("Serapan (%)"),
        na_text=NA_TEXT,
    )
    return QuarterlyReportData(
        letterhead=letterhead,
        agency=agency,
        year=year,
        quarter=last_quarter,
        number=number,
        title_lines=title,
        period_label=period.label_id,
        to_date_label=to_date_period.label_id,
        objectives=objectives,
        explanations=[
            line for line in lines if line.problems or line.solutions or line.needs_explanation
        ],
        budget=budget,
        budget_total=budget_total,
        progress_months=month_names,
        progress=progress,
        categories=_categories(lines, settings),
        pending_units=pending,
        place_date=place_date(letterhead, on),
        signature=signature_of(agency, on),
        capaian_chart=capaian_chart,
        absorption_chart=absorption_chart,
        headers=headers,
        semester=period.number if len(quarters) == 2 else None,
    )
