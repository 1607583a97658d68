"""What the LKjIP (laporan kinerja tahunan, DOMAIN.md §4; PermenPAN-RB 53/2014) shows:
``annual_report_data`` gathers the year's numbers once for the page and the DOCX, PDF and XLSX.

Only accepted (verified) data counts, as in the quarterly and semester reports; the year is
Period.year() (TW I–IV aggregated by each indicator's own rule). Every number rule is
sakip.measurement's; the quarterly report's building blocks (report_data) print the rows, so a
number reads the same in every report.

The number of queries is fixed: a handful per Renstra year (at most five) whatever the number of
indicators, objectives or programs.

``data.headers`` holds every heading and column name the renderers print; its keys are
``HEADER_KEYS``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sakip.core.formats import (
    EMPTY,
    format_money_id,
    format_number_id,
    format_target_id,
    with_unit,
)
from sakip.measurement import (
    CapaianResult,
    Period,
    Polarity,
    Target,
    compute_capaian,
    format_percent_id,
    round_half_up,
)
from sakip.measurement import efficiency as efficiency_of
from sakip.monitoring.capaian import (
    ROMAN,
    AgencySettings,
    BudgetResult,
    IndicatorResult,
    agency_settings,
    budget_results,
    indicator_results,
)
from sakip.monitoring.category_style import category_badge
from sakip.monitoring.models import PeriodStatus, ReportingPeriod
from sakip.organization.letterhead import letterhead_for
from sakip.organization.models import Unit
from sakip.planning.models import (
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    PerformanceAgreement,
    Program,
    Renstra,
)
from sakip.planning.rkt import agreements as pk
from sakip.planning.selectors import natural_key
from sakip.reports import charts
from sakip.reports.quarterly.data import (
    NA_TEXT,
    BudgetLine,
    CategoryCount,
    _budget,
    _measure,
    _short_reasons,
    signature_of,
)
from sakip.reports.selectors import Signature, place_date, printed_nip

from .types import (
    AnnualReportData,
    EfficiencyLine,
    IndicatorAnalysis,
    ObjectiveAnalysis,
    PlanLine,
    RenstraSummary,
    YearValue,
)

HUNDRED = Decimal(100)


# --- headers ---------------------------------------------------------------------------------


def headers_for(year: int, unlocked: list[str]) -> dict[str, str]:
    """Every heading and column name of the LKjIP of ``year`` (keys: ``HEADER_KEYS``)."""
    headers = {
        # Chapters and sections
        "executive_summary": _("Ikhtisar Eksekutif"),
        "chapter_1": _("Bab I Pendahuluan"),
        "chapter_2": _("Bab II Perencanaan Kinerja"),
        "chapter_3": _("Bab III Akuntabilitas Kinerja"),
        "chapter_4": _("Bab IV Penutup"),
        "attachments": _("Lampiran"),
        "section_renstra": _("A. Rencana Strategis"),
        "section_agreement": _("B. Perjanjian Kinerja Tahun %(year)s") % {"year": year},
        "section_performance": _("A. Capaian Kinerja Organisasi"),
        "section_budget": _("B. Realisasi Anggaran"),
        "attachment_agreement": _("Lampiran Perjanjian Kinerja Tahun %(year)s") % {"year": year},
        "categories": _("Sebaran kategori capaian indikator"),
        # The seven analyses of each objective (PermenPAN-RB 53/2014, Bab III.A), without their
        # number: the renderers print "1. " + analysis_1 (numbering is layout).
        "analysis_1": _("Perbandingan target dan realisasi tahun ini"),
        "analysis_2": _("Perbandingan realisasi dan capaian dengan tahun-tahun sebelumnya"),
        "analysis_3": _("Perbandingan realisasi dengan target akhir Renstra"),
        "analysis_4": _("Perbandingan dengan standar nasional"),
        "analysis_5": _("Penyebab keberhasilan atau kegagalan dan solusinya"),
        "analysis_6": _("Efisiensi penggunaan sumber daya"),
        "analysis_7": _("Program dan kegiatan pendukung"),
        # Columns
        "no": pgettext("nomor urut pada kolom tabel", "No"),
        "goal": _("Tujuan"),
        "objective": _("Sasaran Strategis"),
        "indicator": _("Indikator Kinerja"),
        "code": _("Kode"),
        "unit_of_measure": _("Satuan"),
        "responsible_unit": _("Unit"),
        "target": _("Target"),
        "target_high": _("Target (atas)"),
        "realisasi": _("Realisasi"),
        "capaian": _("Capaian"),
        "category": _("Kategori"),
        "count": _("Jumlah Indikator"),
        "this_year": _("Tahun %(year)s") % {"year": year},
        "baseline": _("Kondisi Awal"),
        "end_target": _("Target Akhir Renstra"),
        "end_target_high": _("Target Akhir Renstra (atas)"),
        "end_capaian": _("Capaian terhadap Target Akhir"),
        "national_standard": _("Standar Nasional"),
        "national_standard_source": _("Sumber Standar"),
        "national_capaian": _("Capaian terhadap Standar Nasional"),
        "problems": _("Kendala / Penyebab"),
        "solutions": _("Solusi / Tindak Lanjut"),
        "program": _("Program/Kegiatan"),
        "pagu": _("Pagu"),
        "budget_spent": _("Realisasi Anggaran"),
        "absorption": _("Serapan"),
        "performance_capaian": _("Capaian Kinerja"),
        "efficiency": _("Efisiensi"),
        "note": _("Keterangan"),
        "total": _("Jumlah"),
        "period": _("Periode"),
        "indicator_count": _("Jumlah indikator"),
        # Notes under tables
        "history_note": _(
            "Realisasi dan capaian tahun sebelumnya dihitung dari data yang telah diverifikasi "
            "pada tahun tersebut."
        ),
        "end_note": _(
            "Capaian terhadap target akhir = realisasi tahun %(year)s dibandingkan dengan target "
            "akhir periode Renstra, dengan aturan polaritas indikator."
        )
        % {"year": year},
        "national_note": _(
            "Capaian terhadap standar nasional = realisasi tahun %(year)s dibandingkan dengan "
            "standar nasional sebagai target, dengan aturan polaritas indikator."
        )
        % {"year": year},
        "efficiency_note": _(
            "Efisiensi = (pagu − realisasi anggaran) / pagu × 100 dari program yang mendukung "
            "sasaran, hanya untuk indikator yang mencapai target (capaian ≥ 100%)."
        ),
        "budget_note": _(
            "Realisasi anggaran adalah nilai kumulatif dari bulan terakhir yang dilaporkan sampai "
            "dengan Desember %(year)s; serapan = realisasi anggaran / pagu × 100."
        )
        % {"year": year},
        "unlocked_note": (
            _("Draf: data %(quarters)s tahun %(year)s belum dikunci; angka masih dapat berubah.")
            % {"quarters": ", ".join(unlocked), "year": year}
            if unlocked
            else ""
        ),
        # Empty tables
        "no_indicators": _("Belum ada indikator dengan target pada tahun ini."),
        "no_history": _("Tidak ada tahun sebelumnya dalam periode Renstra ini."),
        "no_end_target": _("Tidak ada target akhir Renstra."),
        "no_national_standard": _(
            "Tidak ada indikator sasaran ini yang memiliki standar nasional."
        ),
        "no_explanations": _("Tidak ada kendala yang dilaporkan."),
        "no_programs": _("Tidak ada program yang mendukung sasaran ini."),
        "no_budget": _("Belum ada pagu anggaran untuk tahun ini."),
        "no_agreement": _("Belum ada indikator Perjanjian Kinerja untuk tahun ini."),
        "no_renstra": _("Belum ada Renstra yang mencakup tahun ini."),
        # Charts
        "chart_capaian": _("Capaian kinerja per indikator"),
        "chart_absorption": _("Serapan anggaran per program"),
        # XLSX sheets
        "sheet_performance": _("Capaian Kinerja"),
        "sheet_history": _("Tahun Sebelumnya"),
        "sheet_efficiency": _("Efisiensi"),
        "sheet_budget": _("Realisasi Anggaran"),
        "sheet_agreement": _("Perjanjian Kinerja"),
        # Page furniture
        "number": _("Nomor"),
        "page": _("Halaman"),
        "page_of": _("dari"),
    }
    return headers


# Every key of ``AnnualReportData.headers`` (the renderers print ``data.headers[key]``); a test
# keeps this list and ``headers_for`` in step.
HEADER_KEYS: tuple[str, ...] = (
    # chapters and sections
    "executive_summary",
    "chapter_1",
    "chapter_2",
    "chapter_3",
    "chapter_4",
    "attachments",
    "section_renstra",
    "section_agreement",
    "section_performance",
    "section_budget",
    "attachment_agreement",
    "categories",
    "analysis_1",
    "analysis_2",
    "analysis_3",
    "analysis_4",
    "analysis_5",
    "analysis_6",
    "analysis_7",
    # columns
    "no",
    "goal",
    "objective",
    "indicator",
    "code",
    "unit_of_measure",
    "responsible_unit",
    "target",
    "target_high",
    "realisasi",
    "capaian",
    "category",
    "count",
    "this_year",
    "baseline",
    "end_target",
    "end_target_high",
    "end_capaian",
    "national_standard",
    "national_standard_source",
    "national_capaian",
    "problems",
    "solutions",
    "program",
    "pagu",
    "budget_spent",
    "absorption",
    "performance_capaian",
    "efficiency",
    "note",
    "total",
    "period",
    "indicator_count",
    # notes under tables ("unlocked_note" is "" when every quarter is locked)
    "history_note",
    "end_note",
    "national_note",
    "efficiency_note",
    "budget_note",
    "unlocked_note",
    # empty tables
    "no_indicators",
    "no_history",
    "no_end_target",
    "no_national_standard",
    "no_explanations",
    "no_programs",
    "no_budget",
    "no_agreement",
    "no_renstra",
    # charts
    "chart_capaian",
    "chart_absorption",
    # XLSX sheet names
    "sheet_performance",
    "sheet_history",
    "sheet_efficiency",
    "sheet_budget",
    "sheet_agreement",
    # page furniture
    "number",
    "page",
    "page_of",
)


# --- small formatting helpers ----------------------------------------------------------------


def _shown(result: CapaianResult | None) -> Decimal | None:
    return None if result is None else result.display


def _percent_text(value: Decimal | None, empty: str = NA_TEXT) -> str:
    return empty if value is None else format_percent_id(value)


def _target_of(low: Decimal | None, high: Decimal | None) -> Target | None:
    if low is None:
        return None
    return Target(low, high if high is not None and high != low else None)


def _capaian_against(
    indicator: Indicator, target: Target | None, realisasi: Decimal | None
) -> Decimal | None:
    """This year's realisasi measured against another target (the Renstra end target, the
    national standard) by the indicator's polarity: DOMAIN.md §3 rules 1–4, shown 2 decimals."""
    if target is None or realisasi is None:
        return None
    return _shown(
        compute_capaian(polarity=Polarity(indicator.polarity), target=target, realisasi=realisasi)
    )


def _quarter_texts(result: IndicatorResult, attr: str) -> list[str]:
    """ "TW I: …" for each quarter of the year whose accepted row has this explanation."""
    lines = []
    for quarter in sorted(result.realisasi_rows):
        text = getattr(result.realisasi_rows[quarter], attr).strip()
        if text:
            lines.append(f"TW {ROMAN[quarter]}: {text}")
    return lines


# --- the Renstra -----------------------------------------------------------------------------


def renstra_of(agency: Unit, year: int) -> Renstra | None:
    """The Renstra covering ``year`` (the latest starting one when two do)."""
    return (
        Renstra.objects.filter(agency=agency, start_year__lte=year, end_year__gte=year)
        .order_by("-start_year")
        .first()
    )


def _renstra_plan(renstra: Renstra | None) -> tuple[list[Goal], list[Objective]]:
    """The Renstra's goals and objectives in Renstra order (by code, objectives under goals)."""
    if renstra is None:
        return [], []
    goals = sorted(Goal.objects.filter(renstra=renstra), key=lambda g: natural_key(g.code))
    goal_order = {goal.pk: index for index, goal in enumerate(goals)}
    objectives = sorted(
        Objective.objects.filter(goal__renstra=renstra),
        key=lambda o: (goal_order.get(o.goal_id, 0), natural_key(o.code)),
    )
    return goals, objectives


def _renstra_summary(
    renstra: Renstra | None, goals: list[Goal], objectives: list[Objective]
) -> RenstraSummary | None:
    if renstra is None:
        return None
    return RenstraSummary(
        title=renstra.title,
        period_text=f"{renstra.start_year}–{renstra.end_year}",
        goals=[(goal.code, goal.statement) for goal in goals],
        objectives=[(objective.code, objective.statement) for objective in objectives],
        indicator_count=Indicator.objects.filter(objective__goal__renstra=renstra).count(),
    )


# --- analyses (1)–(5) per indicator ----------------------------------------------------------


def _history_cell(year: int, result: IndicatorResult | None, reasons: dict[str, str]) -> YearValue:
    """One earlier year of an indicator, printed as this year's measure is (report_data._measure);
    "-" everywhere when it was not in that year's plan."""
    if result is None:
        return YearValue(year, EMPTY, None, EMPTY, None, EMPTY)
    measure = _measure(result, reasons)
    return YearValue(
        year=year,
        target_text=measure.target_text,
        realisasi=measure.realisasi,
        realisasi_text=measure.realisasi_text,
        capaian=measure.capaian,
        capaian_text=measure.capaian_text,
        target_low=measure.target_low,
        target_high=measure.target_high,
    )


# The indicator's columns `_indicator_analysis` reads besides capaian.LEAN_FIELDS.
ANALYSIS_FIELDS = (
    "baseline",
    "end_target_low",
    "end_target_high",
    "national_standard",
    "national_standard_source",
    "is_iku",
)


def _indicator_analysis(
    result: IndicatorResult,
    reasons: dict[str, str],
    history: dict[int, dict[int, IndicatorResult]],
) -> IndicatorAnalysis:
    indicator = result.indicator
    end_target = _target_of(indicator.end_target_low, indicator.end_target_high)
    end_capaian = _capaian_against(indicator, end_target, result.realisasi)
    standard = indicator.national_standard
    national_capaian = _capaian_against(indicator, _target_of(standard, None), result.realisasi)
    return IndicatorAnalysis(
        indicator_id=indicator.pk,
        code=indicator.code,
        name=indicator.name,
        unit_of_measure=indicator.unit_of_measure,
        unit_name=result.unit.name,
        year=_measure(result, reasons),
        baseline_text=format_number_id(indicator.baseline),
        history=[
            _history_cell(year, by_indicator.get(indicator.pk), reasons)
            for year, by_indicator in history.items()
        ],
        end_target_text=(
            EMPTY if end_target is None else format_target_id(end_target.low, end_target.high)
        ),
        end_capaian=end_capaian,
        end_capaian_text=_percent_text(end_capaian),
        national_standard_text="" if standard is None else format_number_id(standard),
        national_standard_source=indicator.national_standard_source if standard is not None else "",
        national_capaian=national_capaian,
        national_capaian_text="" if standard is None else _percent_text(national_capaian),
        problems=_quarter_texts(result, "problems"),
        solutions=_quarter_texts(result, "solutions"),
        baseline=indicator.baseline,
        end_target_low=None if end_target is None else end_target.low,
        end_target_high=None if end_target is None else end_target.high,
        national_standard=standard,
        is_iku=indicator.is_iku,
    )


# --- analyses (6) and (7): the programs behind an objective ----------------------------------


def _programs_by_objective(objective_ids: list[int]) -> dict[int, list[Program]]:
    """The programs supporting each objective (Program.objectives), in code order."""
    links = Program.objectives.through.objects.filter(  # type: ignore[attr-defined]
        objective_id__in=objective_ids
    ).select_related("program__responsible_unit")
    programs: dict[int, list[Program]] = defaultdict(list)
    for link in links:
        programs[link.objective_id].append(link.program)
    for found in programs.values():
        found.sort(key=lambda p: natural_key(p.code))
    return programs


def _rows_by_program(rows: list[BudgetResult]) -> dict[int, list[BudgetResult]]:
    """The year's budget rows grouped under their program: the program row, then its activities."""
    grouped: dict[int, list[BudgetResult]] = defaultdict(list)
    for row in rows:
        program_id = row.obj.pk if row.is_program else row.obj.program_id  # type: ignore[union-attr]
        grouped[program_id].append(row)
    return grouped


def _objective_budget(
    programs: list[Program], rows_by_program: dict[int, list[BudgetResult]]
) -> tuple[list[BudgetLine], BudgetLine | None]:
    """Analysis (7): each supporting program with its activities; a program without a budget of
    the year is listed with pagu 0, so the table names every program the plan links."""
    rows: list[BudgetResult] = []
    for program in programs:
        rows.extend(
            rows_by_program.get(program.pk)
            or [
                BudgetResult(
                    level="program",
                    obj=program,
                    code=program.code,
                    name=program.name,
                    unit=program.responsible_unit,
                    pagu=Decimal(0),
                    budget_spent=None,
                    absorption=None,
                    program_code=program.code,
                )
            ]
        )
    return _budget(rows)


def _efficiency_line(
    line: IndicatorAnalysis, has_programs: bool, total: BudgetLine | None
) -> EfficiencyLine:
    """Analysis (6), DOMAIN.md §3 rule 8 (default method): only an indicator that met its target
    (capaian shown ≥ 100) can be efficient; the note says why a figure is missing."""
    capaian = line.year.capaian
    pagu = total.pagu if total is not None else (Decimal(0) if has_programs else None)
    budget_spent = total.budget_spent if total is not None else None
    absorption = total.absorption if total is not None else None
    efficiency: Decimal | None = None
    text, note = EMPTY, ""
    if not has_programs:
        note = _("Tidak ada program pendukung")
    elif not pagu:
        note = _("Pagu 0")
    elif capaian is None:
        note = _("Capaian tidak dapat dihitung: efisiensi tidak dihitung")
    elif capaian < HUNDRED:
        text, note = _("Tidak efisien"), _("Target belum tercapai: tidak dihitung efisien")
    elif budget_spent is None:
        note = _("Belum ada realisasi anggaran")
    else:
        value = efficiency_of(pagu=pagu, budget_spent=budget_spent, target_met=True)
        efficiency = None if value is None else round_half_up(value, 2)
        text = _percent_text(efficiency, EMPTY)
    return EfficiencyLine(
        code=line.code,
        name=line.name,
        capaian_text=line.year.capaian_text,
        absorption_text=_percent_text(absorption, EMPTY),
        efficiency=efficiency,
        efficiency_text=text,
        note=note,
        capaian=capaian,
        pagu=pagu,
        pagu_text=format_money_id(pagu),
        budget_spent=budget_spent,
        budget_spent_text=format_money_id(budget_spent),
        absorption=absorption,
    )


# --- objectives ------------------------------------------------------------------------------


def _capaian_chart(
    lines: list[IndicatorAnalysis], *, title: str, settings: AgencySettings
) -> charts.ChartSpec:
    return charts.capaian_chart_spec(
        [
            (line.code, line.year.capaian, line.year.category, line.year.category_key)
            for line in lines
        ],
        title=title,
        axis_label=_("Capaian (%)"),
        na_text=NA_TEXT,
        legend=[(band.label, band.key) for band in settings.scale.bands],
    )


def _objectives(
    results: list[IndicatorResult],
    history: dict[int, dict[int, IndicatorResult]],
    budget_rows: list[BudgetResult],
    *,
    year: int,
    settings: AgencySettings,
    narratives: dict[str, str],
) -> list[ObjectiveAnalysis]:
    reasons = _short_reasons()
    grouped: dict[int, list[IndicatorResult]] = {}
    for result in results:  # already in Renstra order (goal, objective, indicator codes)
        grouped.setdefault(result.objective.pk, []).append(result)
    programs = _programs_by_objective(list(grouped))
    rows_by_program = _rows_by_program(budget_rows)
    blocks = []
    for no, (objective_id, members) in enumerate(grouped.items(), start=1):
        objective = members[0].objective
        lines = [_indicator_analysis(r, reasons, history) for r in members]
        supporting = programs.get(objective_id, [])
        program_lines, programs_total = _objective_budget(supporting, rows_by_program)
        blocks.append(
            ObjectiveAnalysis(
                no=no,
                objective_id=objective_id,
                code=objective.code,
                statement=objective.statement,
                indicators=lines,
                history_years=list(history),
                has_national_standard=any(line.national_standard_text for line in lines),
                efficiency=[
                    _efficiency_line(line, bool(supporting), programs_total) for line in lines
                ],
                programs=program_lines,
                programs_total=programs_total,
                chart=_capaian_chart(
                    lines,
                    title=_("Capaian kinerja sasaran %(code)s tahun %(year)s")
                    % {"code": objective.code, "year": year},
                    settings=settings,
                ),
                narrative=narratives.get(f"objective:{objective_id}", ""),
            )
        )
    return blocks


def _categories(blocks: list[ObjectiveAnalysis], settings: AgencySettings) -> list[CategoryCount]:
    """How many indicators fall in each band of the scale this year (highest band first)."""
    counts: dict[str, int] = defaultdict(int)
    for block in blocks:
        for line in block.indicators:
            if line.year.category_key:
                counts[line.year.category_key] += 1
    return [
        CategoryCount(band.label, band.key, counts.get(band.key, 0), category_badge(band.key))
        for band in reversed(settings.scale.bands)
    ]


# --- Bab II: the agreement -------------------------------------------------------------------


def _agreement(agency: Unit, year: int, objectives: list[Objective]) -> list[PlanLine]:
    """The agency's PK of the year: its agency-level indicators with the year's Renstra target
    (as pk.agency_performance_lines prints them), in Renstra order."""
    indicators = pk.agency_indicators(agency, year)
    targets = {
        t.indicator_id: (t.low, t.high)
        for t in IndicatorTarget.objects.filter(
            indicator_id__in=[i.pk for i in indicators], year=year
        )
    }
    order = {objective.pk: index for index, objective in enumerate(objectives)}
    indicators.sort(key=lambda i: (order.get(i.objective_id, len(order)), natural_key(i.code)))
    lines = []
    for indicator in indicators:
        low, high = targets.get(indicator.pk, pk.NO_TARGET)
        lines.append(
            PlanLine(
                objective_code=indicator.objective.code,
                objective=indicator.objective.statement,
                code=indicator.code,
                indicator=indicator.name,
                target_text=with_unit(format_target_id(low, high), indicator.unit_of_measure),
            )
        )
    return lines


def _agreement_budget(budget: list[BudgetLine]) -> tuple[list[BudgetLine], BudgetLine | None]:
    """The PK's budget: the pagu of each program of the year (no spending: it is the plan)."""
    lines = [
        BudgetLine(
            no=line.no,
            code=line.code,
            name=line.name,
            is_program=True,
            pagu=line.pagu,
            budget_spent=None,
            absorption=None,
            pagu_text=line.pagu_text,
            budget_spent_text=EMPTY,
            absorption_text=EMPTY,
        )
        for line in budget
        if line.is_program
    ]
    if not lines:
        return lines, None
    pagu = sum((line.pagu for line in lines), Decimal(0))
    total = BudgetLine(
        no="",
        code="",
        name=_("Jumlah"),
        is_program=True,
        pagu=pagu,
        budget_spent=None,
        absorption=None,
        pagu_text=format_money_id(pagu),
        budget_spent_text=EMPTY,
        absorption_text=EMPTY,
    )
    return lines, total


# --- the report ------------------------------------------------------------------------------


def unlocked_quarters(agency: Unit, year: int) -> list[str]:
    """ "TW I" … for the quarters whose ReportingPeriod is missing or not locked yet."""
    locked = set(
        ReportingPeriod.objects.filter(agency=agency, year=year, status=PeriodStatus.LOCKED)
        .order_by()  # a set: no join to the units for the default order
        .values_list("quarter", flat=True)
    )
    return [f"TW {ROMAN[q]}" for q in (1, 2, 3, 4) if q not in locked]


# The signature of an unsigned report (annual_report_data(signed=False)): the pages print none.
UNSIGNED = Signature(heading="", title="", name="", nip="")


def title_lines(agency: Unit, year: int) -> list[str]:
    return [
        _("LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)"),
        _("TAHUN %(year)s") % {"year": year},
        agency.name.upper(),
    ]


def annual_report_data(
    agency: Unit,
    year: int,
    *,
    number: str = "",
    on: datetime.date,
    narratives: dict[str, str] | None = None,
    unlocked: list[str] | None = None,
    signed: bool = True,
) -> AnnualReportData:
    """Everything the LKjIP of ``agency`` for ``year`` shows; ``on`` is the signature date and
    ``narratives`` the staff's texts by section key; ``unlocked`` the year's
    ``unlocked_quarters`` when the caller has read them already. Not ``signed``: without the
    signatures and the place and date (``UNSIGNED``), for the pages, which print none."""
    narratives = dict(narratives or {})
    settings = agency_settings(agency)
    whole_year = Period.year()
    renstra = renstra_of(agency, year)
    results = indicator_results(
        agency=agency,
        year=year,
        period=whole_year,
        accepted_only=True,
        settings=settings,
        # The columns the page prints, no full rows (_indicator_analysis reads these besides
        # capaian.LEAN_FIELDS).
        lean=True,
        indicator_fields=ANALYSIS_FIELDS,
    )
    # Analysis (2): every earlier year of the Renstra, oldest first, from its accepted data.
    history = {
        earlier: {
            r.indicator.pk: r
            for r in indicator_results(
                agency=agency,
                year=earlier,
                period=whole_year,
                accepted_only=True,
                settings=settings,
                lean=True,  # measures only (_history_cell): no full rows
            )
        }
        for earlier in (renstra.years if renstra is not None else [])
        if earlier < year
    }
    budget_rows = budget_results(agency=agency, year=year, period=whole_year, accepted_only=True)
    budget, budget_total = _budget(budget_rows)
    objectives = _objectives(
        results, history, budget_rows, year=year, settings=settings, narratives=narratives
    )
    goals, renstra_objectives = _renstra_plan(renstra)
    agreement_budget, agreement_budget_total = _agreement_budget(budget)
    if unlocked is None:
        unlocked = unlocked_quarters(agency, year)
    letterhead = letterhead_for(agency)
    return AnnualReportData(
        letterhead=letterhead,
        agency=agency,
        year=year,
        number=number,
        title_lines=title_lines(agency, year),
        renstra=_renstra_summary(renstra, goals, renstra_objectives),
        agreement=_agreement(agency, year, renstra_objectives),
        agreement_budget=agreement_budget,
        agreement_budget_total=agreement_budget_total,
        objectives=objectives,
        categories=_categories(objectives, settings),
        budget=budget,
        budget_total=budget_total,
        budget_chart=charts.absorption_chart_spec(
            [(line.code, line.absorption) for line in budget if line.is_program],
            title=_("Serapan anggaran per program tahun %(year)s") % {"year": year},
            axis_label=_("Serapan (%)"),
            na_text=NA_TEXT,
        ),
        unlocked_quarters=unlocked,
        place_date=place_date(letterhead, on) if signed else "",
        signature=signature_of(agency, on) if signed else UNSIGNED,
        narratives=narratives,
        headers=headers_for(year, unlocked),
        agreement_signatures=agreement_signatures(agency, year) if signed else None,
    )


def agreement_signatures(agency: Unit, year: int) -> tuple[Signature, Signature] | None:
    """The signature blocks of the agency head's own PK of the year (the regent as pihak kedua),
    as its PK document prints them; None when no such PK is recorded."""
    agreement = (
        PerformanceAgreement.objects.filter(rkt__agency=agency, rkt__year=year, unit=agency)
        .order_by("-pk")
        .first()
    )
    if agreement is None:
        return None
    return (
        Signature(
            _("Pihak Kedua,"),
            agreement.second_party_title,
            agreement.second_party_name,
            printed_nip(agreement.second_party_nip),
        ),
        Signature(
            _("Pihak Pertama,"),
            agreement.first_party_title,
            agreement.first_party_name,
            printed_nip(agreement.first_party_nip),
        ),
    )
