"""A hand-built LKjIP (AnnualReportData) for the renderer tests: no database, numbers worked out by
hand so the tests can look for them in the files.

Two objectives for the year 2025 of the Renstra 2023–2026:
- S1 (id 101): two indicators, history years 2023 and 2024 (IK2 has no 2024 value), a national
  standard for IK1, unit explanations for IK2, efficiency lines and one program with two
  activities;
- S2 (id 202): one indicator, history year 2024, no national standard, no explanations, no
  program (so no efficiency either).
"""

from __future__ import annotations

from decimal import Decimal

from sakip.monitoring.category_style import category_badge
from sakip.organization.choices import UnitKind
from sakip.organization.letterhead import Letterhead
from sakip.organization.models import Unit
from sakip.reports import charts
from sakip.reports.annual.data import headers_for
from sakip.reports.annual.types import (
    AnnualReportData,
    EfficiencyLine,
    IndicatorAnalysis,
    ObjectiveAnalysis,
    PlanLine,
    RenstraSummary,
    YearValue,
)
from sakip.reports.quarterly.data import BudgetLine, CategoryCount, Measure
from sakip.reports.selectors import Signature

D = Decimal
YEAR = 2025
NARRATIVES = {
    "executive_summary": (
        "Ikhtisar: Dinas Kominfo Uji mencapai sebagian besar target kinerja tahun 2025.\n"
        "Dua dari tiga indikator berkategori Sangat Tinggi.\n\n"
        "Paragraf kedua ikhtisar menjelaskan serapan anggaran yang tinggi."
    ),
    "bab1_background": "Latar belakang: LKjIP disusun sesuai PermenPAN-RB 53/2014.",
    "bab1_duties": "Tugas dan fungsi: Dinas melaksanakan urusan komunikasi dan informatika.",
    "bab1_issues": "Isu strategis: kesenjangan akses internet di kecamatan terpencil.",
    "bab2_plan": "Rencana strategis: Renstra 2023–2026 memuat satu tujuan dan dua sasaran.",
    "bab2_agreement": "Perjanjian kinerja 2025 ditandatangani Kepala Dinas dan Bupati.",
    "objective:101": "Analisis sasaran S1: Indeks SPBE naik berkat integrasi aplikasi layanan.",
    "objective:202": "Analisis sasaran S2: publikasi konten melampaui target karena kanal baru.",
    "bab3_budget": "Realisasi anggaran 2025 mencapai hampir seluruh pagu.",
    "bab4_conclusion": "Kesimpulan: kinerja Dinas tahun 2025 sangat baik.",
    "bab4_improvement": "Langkah perbaikan: memperluas jaringan ke kecamatan terpencil.",
}
LEGEND = [
    ("Sangat Rendah", "sangat_rendah"),
    ("Rendah", "rendah"),
    ("Sedang", "sedang"),
    ("Tinggi", "tinggi"),
    ("Sangat Tinggi", "sangat_tinggi"),
]


def measure(
    target: str, realisasi: str, capaian: str, capaian_text: str, category: str, key: str
) -> Measure:
    return Measure(
        target_low=D(target.replace(".", "").replace(",", ".")),
        target_high=None,
        target_text=target,
        realisasi=D(realisasi.replace(".", "").replace(",", ".")),
        realisasi_text=realisasi,
        capaian=D(capaian),
        capaian_text=capaian_text,
        category=category,
        category_key=key,
        badge=category_badge(key),
    )


def budget_line(
    no: str, code: str, name: str, pagu: int, budget_spent: int, absorption: str, texts: list[str]
) -> BudgetLine:
    return BudgetLine(
        no=no,
        code=code,
        name=name,
        is_program=bool(no),
        pagu=D(pagu),
        budget_spent=D(budget_spent),
        absorption=D(absorption),
        pagu_text=texts[0],
        budget_spent_text=texts[1],
        absorption_text=texts[2],
    )


# Program 2.16.02: pagu 1.000.000.000 = 400.000.000 + 600.000.000; realisasi 955.000.000 =
# 390.000.000 + 565.000.000; serapan 955/1000 = 95,50%, 390/400 = 97,50%, 565/600 = 94,1666… =
# 94,17%.
PROGRAM_APTIKA = [
    budget_line(
        "1",
        "2.16.02",
        "Program Pengelolaan Aplikasi Informatika",
        1_000_000_000,
        955_000_000,
        "95.50",
        ["Rp1.000.000.000", "Rp955.000.000", "95,50%"],
    ),
    budget_line(
        "",
        "2.16.02.2.01",
        "Pengelolaan Nama Domain",
        400_000_000,
        390_000_000,
        "97.50",
        ["Rp400.000.000", "Rp390.000.000", "97,50%"],
    ),
    budget_line(
        "",
        "2.16.02.2.02",
        "Pengelolaan e-Government",
        600_000_000,
        565_000_000,
        "94.17",
        ["Rp600.000.000", "Rp565.000.000", "94,17%"],
    ),
]
# DOMAIN.md's budget example: 1.000.972.958 / 1.004.422.800 = 99,66%.
PROGRAM_IKP = budget_line(
    "2",
    "2.16.03",
    "Program Informasi dan Komunikasi Publik",
    1_004_422_800,
    1_000_972_958,
    "99.66",
    ["Rp1.004.422.800", "Rp1.000.972.958", "99,66%"],
)
# Total: pagu 1.000.000.000 + 1.004.422.800 = 2.004.422.800; realisasi 955.000.000 +
# 1.000.972.958 = 1.955.972.958; serapan 1.955.972.958 / 2.004.422.800 = 97,5828…% = 97,58%.
BUDGET_TOTAL = budget_line(
    "",
    "",
    "Jumlah",
    2_004_422_800,
    1_955_972_958,
    "97.58",
    ["Rp2.004.422.800", "Rp1.955.972.958", "97,58%"],
)


def _ik1() -> IndicatorAnalysis:
    # Target 3, realisasi 3,1: 3,1 / 3 = 103,33%. 2023: 2,5 / 2,6 = 96,15%; 2024: 2,9 / 2,8 =
    # 103,57%. End target 3,5: 3,1 / 3,5 = 88,57%. National standard 2,6: 3,1 / 2,6 = 119,23%.
    return IndicatorAnalysis(
        indicator_id=1,
        code="IK1",
        name="Indeks SPBE",
        unit_of_measure="Indeks",
        unit_name="Bidang Aptika",
        year=measure("3", "3,1", "103.33", "103,33%", "Sangat Tinggi", "sangat_tinggi"),
        baseline_text="2,4",
        history=[
            YearValue(2023, "2,6", D("2.5"), "2,5", D("96.15"), "96,15%"),
            YearValue(2024, "2,8", D("2.9"), "2,9", D("103.57"), "103,57%"),
        ],
        end_target_text="3,5",
        end_capaian=D("88.57"),
        end_capaian_text="88,57%",
        national_standard_text="2,6",
        national_standard_source="PermenPAN-RB 59/2020",
        national_capaian=D("119.23"),
        national_capaian_text="119,23%",
        problems=[],
        solutions=[],
    )


def _ik2() -> IndicatorAnalysis:
    # Target 80, realisasi 72: 72 / 80 = 90,00% (Tinggi: 90 is not above 90). 2023: 58 / 60 =
    # 96,67%; no 2024 value. End target 100: 72%.
    return IndicatorAnalysis(
        indicator_id=2,
        code="IK2",
        name="Persentase layanan publik yang terintegrasi",
        unit_of_measure="%",
        unit_name="Bidang Aptika",
        year=measure("80", "72", "90.00", "90,00%", "Tinggi", "tinggi"),
        baseline_text="55",
        history=[YearValue(2023, "60", D("58"), "58", D("96.67"), "96,67%")],
        end_target_text="100",
        end_capaian=D("72.00"),
        end_capaian_text="72,00%",
        national_standard_text="",
        national_standard_source="",
        national_capaian=None,
        national_capaian_text="-",
        problems=["TW II: Keterbatasan jaringan di kecamatan terpencil"],
        solutions=["TW II: Pengadaan VSAT untuk tiga kecamatan"],
    )


def _ik3() -> IndicatorAnalysis:
    # Target 1.200, realisasi 1.350: 1.350 / 1.200 = 112,50%. 2024: 980 / 1.000 = 98,00%. End
    # target 1.500: 1.350 / 1.500 = 90,00%.
    return IndicatorAnalysis(
        indicator_id=3,
        code="IK3",
        name="Jumlah konten informasi publik yang dipublikasikan",
        unit_of_measure="konten",
        unit_name="Bidang IKP",
        year=measure("1.200", "1.350", "112.50", "112,50%", "Sangat Tinggi", "sangat_tinggi"),
        baseline_text="800",
        history=[YearValue(2024, "1.000", D("980"), "980", D("98.00"), "98,00%")],
        end_target_text="1.500",
        end_capaian=D("90.00"),
        end_capaian_text="90,00%",
        national_standard_text="",
        national_standard_source="",
        national_capaian=None,
        national_capaian_text="-",
        problems=[],
        solutions=[],
    )


def _chart(indicators: list[IndicatorAnalysis], title: str) -> charts.ChartSpec:
    return charts.capaian_chart_spec(
        [(i.code, i.year.capaian, i.year.category, i.year.category_key) for i in indicators],
        title=title,
        axis_label="Capaian (%)",
        na_text="n/a",
        legend=LEGEND,
    )


def objectives() -> list[ObjectiveAnalysis]:
    s1 = [_ik1(), _ik2()]
    s2 = [_ik3()]
    return [
        ObjectiveAnalysis(
            no=1,
            objective_id=101,
            code="S1",
            statement="Meningkatnya kualitas layanan SPBE",
            indicators=s1,
            history_years=[2023, 2024],
            has_national_standard=True,
            efficiency=[
                # IK1 met its target: (1.000.000.000 − 955.000.000) / 1.000.000.000 = 4,50%.
                EfficiencyLine("IK1", "Indeks SPBE", "103,33%", "95,50%", D("4.50"), "4,50%", ""),
                EfficiencyLine(
                    "IK2",
                    "Persentase layanan publik yang terintegrasi",
                    "90,00%",
                    "95,50%",
                    None,
                    "Tidak efisien",
                    "Target kinerja tidak tercapai",
                ),
            ],
            programs=PROGRAM_APTIKA,
            programs_total=PROGRAM_APTIKA[0],
            chart=_chart(s1, "Capaian kinerja sasaran S1 tahun 2025"),
            narrative=NARRATIVES["objective:101"],
        ),
        ObjectiveAnalysis(
            no=2,
            objective_id=202,
            code="S2",
            statement="Meningkatnya keterbukaan informasi publik",
            indicators=s2,
            history_years=[2024],
            has_national_standard=False,
            efficiency=[],
            programs=[],
            programs_total=None,
            chart=_chart(s2, "Capaian kinerja sasaran S2 tahun 2025"),
            narrative=NARRATIVES["objective:202"],
        ),
    ]


def annual_sample(
    *, unlocked_quarters: list[str] | None = None, data_headers: bool = True
) -> AnnualReportData:
    """The sample; ``data_headers`` gives it the data builder's headings, as in production
    (without them the renderers fall back to their own)."""
    unlocked = unlocked_quarters or []
    agency = Unit(kind=UnitKind.AGENCY, name="Dinas Kominfo Uji", code="dkis")
    budget = [*PROGRAM_APTIKA, PROGRAM_IKP]
    return AnnualReportData(
        letterhead=Letterhead(
            regency_name="PEMERINTAH KABUPATEN UJI",
            agency_name="DINAS KOMINFO UJI",
            address="Jl. Jend. A. Yani Km 1, Paringin",
            contact="Telp. (0526) 2028 · Surel: diskominfo@uji.go.id",
            city="Paringin",
            regent_title="Bupati Uji",
            regent_name="H. Abdul Hadi",
            has_profile=True,
        ),
        agency=agency,
        year=YEAR,
        number="050/012/LKjIP/Diskominfo/2026",
        title_lines=[
            "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)",
            "TAHUN 2025",
            "DINAS KOMINFO UJI",
        ],
        renstra=RenstraSummary(
            title="Rencana Strategis Dinas Kominfo Uji",
            period_text="2023–2026",
            goals=[("T1", "Meningkatnya tata kelola pemerintahan berbasis elektronik")],
            objectives=[
                ("S1", "Meningkatnya kualitas layanan SPBE"),
                ("S2", "Meningkatnya keterbukaan informasi publik"),
            ],
            indicator_count=3,
        ),
        agreement=[
            PlanLine("S1", "Meningkatnya kualitas layanan SPBE", "IK1", "Indeks SPBE", "3 Indeks"),
            PlanLine(
                "S1",
                "Meningkatnya kualitas layanan SPBE",
                "IK2",
                "Persentase layanan publik yang terintegrasi",
                "80 %",
            ),
            PlanLine(
                "S2",
                "Meningkatnya keterbukaan informasi publik",
                "IK3",
                "Jumlah konten informasi publik yang dipublikasikan",
                "1.200 konten",
            ),
        ],
        agreement_budget=[PROGRAM_APTIKA[0], PROGRAM_IKP],
        agreement_budget_total=BUDGET_TOTAL,
        objectives=objectives(),
        categories=[
            CategoryCount("Sangat Tinggi", "sangat_tinggi", 2, ""),
            CategoryCount("Tinggi", "tinggi", 1, ""),
            CategoryCount("Sedang", "sedang", 0, ""),
            CategoryCount("Rendah", "rendah", 0, ""),
            CategoryCount("Sangat Rendah", "sangat_rendah", 0, ""),
        ],
        budget=budget,
        budget_total=BUDGET_TOTAL,
        budget_chart=charts.absorption_chart_spec(
            [(line.code, line.absorption) for line in budget if line.is_program],
            title="Serapan anggaran per program tahun 2025",
            axis_label="Serapan (%)",
            na_text="n/a",
        ),
        unlocked_quarters=unlocked,
        place_date="Paringin, 20 Januari 2026",
        signature=Signature(
            heading="",
            title="Kepala Dinas Kominfo Uji",
            name="Muhammad Nor, S.Sos., M.M.",
            nip="NIP. 19710823 199303 1 005",
        ),
        narratives=dict(NARRATIVES),
        headers=headers_for(YEAR, unlocked) if data_headers else {},
    )
