"""What the LKjIP says: plain dataclasses built by ``data.annual_report_data`` and laid out by the
page and the DOCX, PDF and XLSX renderers, so that all of them show the same numbers.

Every ``*_text`` field is ready to print (Indonesian number format, "-" when empty); the numeric
fields beside them are for the XLSX and for tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sakip.organization.letterhead import Letterhead
from sakip.organization.models import Unit
from sakip.reports import charts
from sakip.reports.quarterly.data import BudgetLine, CategoryCount, Measure
from sakip.reports.selectors import Signature


@dataclass(frozen=True)
class YearValue:
    """Analysis (2): one earlier year of an indicator (a year of the same Renstra before the
    report's year), from that year's accepted data."""

    year: int
    target_text: str
    realisasi: Decimal | None
    realisasi_text: str
    capaian: Decimal | None  # shown value, 2 decimals half-up; None = n/a
    capaian_text: str  # "97,32%" or "n/a"
    # Numbers for the XLSX (added by the data helper): the year's target, None when it had none.
    target_low: Decimal | None = None
    target_high: Decimal | None = None


@dataclass(frozen=True)
class IndicatorAnalysis:
    """One indicator of an objective through the seven analyses of Bab III.A."""

    indicator_id: int
    code: str
    name: str
    unit_of_measure: str
    unit_name: str  # the responsible unit
    # (1) this year: the annual target, the year's realisasi (aggregated by the indicator's
    # aggregation over the four quarters), capaian and category (Period.year(), accepted only).
    year: Measure
    # (2) earlier years of the Renstra, oldest first, and the baseline (kondisi awal).
    baseline_text: str
    history: list[YearValue]
    # (3) the Renstra end-of-period target and this year's realisasi measured against it.
    end_target_text: str
    end_capaian: Decimal | None
    end_capaian_text: str
    # (4) the national standard, when one is entered on the indicator ("" otherwise).
    national_standard_text: str
    national_standard_source: str
    national_capaian: Decimal | None
    national_capaian_text: str
    # (5) the units' explanations of the year, "TW I: …" per quarter that has one.
    problems: list[str]
    solutions: list[str]
    # Numbers for the XLSX (added by the data helper).
    baseline: Decimal | None = None
    end_target_low: Decimal | None = None
    end_target_high: Decimal | None = None
    national_standard: Decimal | None = None
    is_iku: bool = False  # a key performance indicator (Indicator.is_iku): the Ikhtisar lists it


@dataclass(frozen=True)
class EfficiencyLine:
    """Analysis (6) for one indicator: capaian kinerja beside serapan anggaran of the programs
    supporting the objective, and the efficiency by DOMAIN.md §3 rule 8 (default method: only an
    indicator that met its target is efficient)."""

    code: str
    name: str
    capaian_text: str
    absorption_text: str
    efficiency: Decimal | None
    efficiency_text: str  # "12,50%", or "Tidak efisien" / "-" with the reason in ``note``
    note: str
    # Numbers and texts of the supporting programs' budget (added by the data helper): the sum
    # over the objective's programs, the same on every indicator of the objective.
    capaian: Decimal | None = None
    pagu: Decimal | None = None  # None without supporting programs
    pagu_text: str = "-"
    budget_spent: Decimal | None = None  # over the year; None when none reported
    budget_spent_text: str = "-"
    absorption: Decimal | None = None  # shown value, 2 decimals


@dataclass(frozen=True)
class ObjectiveAnalysis:
    """One objective (sasaran strategis) of Bab III.A."""

    no: int
    objective_id: int
    code: str
    statement: str
    indicators: list[IndicatorAnalysis]
    history_years: list[int]  # the columns of analysis (2), oldest first
    has_national_standard: bool
    efficiency: list[EfficiencyLine]
    # (7) the programs supporting the objective (Program.objectives) and their activities, with
    # the year's pagu, budget spent and serapan; the total line last (None without programs).
    programs: list[BudgetLine]
    programs_total: BudgetLine | None
    chart: charts.ChartSpec  # capaian per indicator this year
    narrative: str = ""  # the staff's text for this objective (sections key "objective:<id>")

    @property
    def has_explanations(self) -> bool:
        """Analysis (5) has a table only when a unit explained an indicator of the objective."""
        return any(line.problems or line.solutions for line in self.indicators)


@dataclass(frozen=True)
class PlanLine:
    """Bab II and the PK attachment: an indicator of the year's agreement with its target."""

    objective_code: str
    objective: str
    code: str
    indicator: str
    target_text: str  # with the unit of measure, e.g. "85 %"


@dataclass(frozen=True)
class RenstraSummary:
    """Bab II: the Renstra covering the year (goals, objectives, indicators, end targets)."""

    title: str
    period_text: str  # "2025–2029"
    goals: list[tuple[str, str]]  # (code, statement)
    objectives: list[tuple[str, str]]
    indicator_count: int


@dataclass
class AnnualReportData:
    letterhead: Letterhead
    agency: Unit
    year: int
    number: str
    title_lines: list[str]  # ["LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)", "TAHUN 2025", agency]
    renstra: RenstraSummary | None
    # Bab II and the attachment: the agency's PK of the year (agency-level indicators) and its
    # program budget.
    agreement: list[PlanLine]
    agreement_budget: list[BudgetLine]
    agreement_budget_total: BudgetLine | None
    # Bab III.A: per objective, the seven analyses.
    objectives: list[ObjectiveAnalysis]
    categories: list[CategoryCount]  # how many indicators fall in each band this year
    # Bab III.B: the budget of the year per program and activity.
    budget: list[BudgetLine]
    budget_total: BudgetLine | None
    budget_chart: charts.ChartSpec
    # Quarters of the year not locked yet ("TW III", …): the draft then says so.
    unlocked_quarters: list[str]
    place_date: str
    signature: Signature
    # Narrative sections (key -> text): the staff's texts, or the data's pre-filled texts where a
    # section was never edited. Keys are listed in ``sections.SECTION_KEYS``.
    narratives: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    # The attachment's PK signature blocks (pihak kedua left, pihak pertama right) from the
    # agency's own PK of the year; None: the regent and the agency head of the letterhead and
    # ``signature`` (annual.layout.agreement_signatures).
    agreement_signatures: tuple[Signature, Signature] | None = None

    @property
    def indicator_analyses(self) -> list[IndicatorAnalysis]:
        return [line for block in self.objectives for line in block.indicators]
