"""The LKjIP's data (annual_report_data) on a small hand-computed year, and its XLSX.

The year 2026 is capaian_factories.build_year (DOMAIN.md §3's period example with annual target
40, a lower-is-better and a range indicator) with all four quarters accepted, plus:
- objective S2 with C7 (aptika, target 10, realisasi 3 per quarter) supported by program 2.16.03,
- objective S3 with C8 (ikp, target 4, realisasi 1 per quarter) and no program,
- program 2.16.02 supporting S1 (C1–C5 and plan_data's IK1, IK2, IK1.1),
- the year 2025 (capaian_factories.EARLIER_SPEC) with aptika's TW IV not accepted,
- end targets, baselines and national standards on some indicators.
Every expected value is computed by hand in the comments.
"""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sakip.monitoring.models import (
    PeriodStatus,
    Realisasi,
    ReportingPeriod,
    SubmissionStatus,
    UnitSubmission,
)
from sakip.monitoring.tests.capaian_factories import (
    YEAR,
    _indicator,
    build_budget,
    build_earlier_year,
    build_year,
    lock_periods,
)
from sakip.organization.models import AgencyProfile, Employee
from sakip.planning.models import (
    Activity,
    Budget,
    Indicator,
    IndicatorTarget,
    Objective,
    Program,
    SubActivity,
)
from sakip.reports.annual.data import HEADER_KEYS, annual_report_data
from sakip.reports.annual.render_xlsx import render_annual_xlsx

D = Decimal
pytestmark = pytest.mark.django_db
SIGNED_ON = datetime.date(2027, 1, 20)


@pytest.fixture
def profile(organization):
    Employee.objects.filter(user=organization["kadis"]).update(
        nip="197108231993031005", name="Muhammad Nor", back_title="S.Sos., M.M."
    )
    return AgencyProfile.objects.create(
        agency=organization.agency,
        regency_name="Pemerintah Kabupaten Uji",
        address="Jl. Jend. A. Yani Km. 1,5 Paringin",
        city="Paringin",
        regent_title="Bupati Uji",
        regent_name="H. Abdul Hadi",
    )


def _objective(plan_data, code, statement):
    return Objective.objects.create(goal=plan_data.objective.goal, code=code, statement=statement)


def _annual_indicator(objective, code, unit, target, values, year, unit_key, texts=None):
    """An indicator with an annual target only and one accepted realisasi per quarter."""
    indicator = _indicator(objective, code, f"Indikator {code}", unit)
    IndicatorTarget.objects.create(indicator=indicator, year=YEAR, low=D(target))
    for quarter, value in enumerate(values, start=1):
        problems, solutions = (texts or {}).get(quarter, ("", ""))
        Realisasi.objects.create(
            submission=year.submissions[(quarter, unit_key)],
            indicator=indicator,
            value=D(value),
            problems=problems,
            solutions=solutions,
        )
    return indicator


@pytest.fixture
def dataset(organization, plan_data, profile):
    o = organization
    year = build_year(o, plan_data)
    lock_periods(year)
    build_budget(o, plan_data, year)
    # Aptika's TW IV of 2025 was sent but never accepted: it must not count.
    build_earlier_year(o, year, statuses={(4, "aptika"): SubmissionStatus.SUBMITTED})
    s2 = _objective(plan_data, "S2", "Meningkatnya layanan aplikasi")
    s3 = _objective(plan_data, "S3", "Meningkatnya literasi digital")
    year.indicators["C7"] = _annual_indicator(
        s2,
        "C7",
        o.aptika,
        "10",
        ["3", "3", "3", "3"],
        year,
        "aptika",
        texts={2: ("Server pusat data padam", "Genset cadangan dipasang")},
    )
    year.indicators["C8"] = _annual_indicator(
        s3, "C8", o.ikp, "4", ["1", "1", "1", "1"], year, "ikp"
    )
    year.programs["p1"].objectives.add(plan_data.objective)
    year.programs["p2"].objectives.add(s2)
    Indicator.objects.filter(pk=year.indicators["C1"].pk).update(
        end_target_low=D("50"), baseline=D("30")
    )
    Indicator.objects.filter(pk=year.indicators["C3"].pk).update(
        baseline=D("87.5"),
        national_standard=D("95"),
        national_standard_source="Permenkominfo 5/2024",
    )
    Indicator.objects.filter(pk=year.indicators["C4"].pk).update(
        end_target_low=D("30"), national_standard=D("50")
    )
    Indicator.objects.filter(pk=year.indicators["C5"].pk).update(
        end_target_low=D("85"), end_target_high=D("95")
    )
    # A seksi's draft of TW I: neither its value nor its explanation may reach the report.
    draft = UnitSubmission.objects.create(period=year.periods[1], unit=o.seksi_ikp)
    Realisasi.objects.create(
        submission=draft,
        indicator=plan_data.indicator_seksi_ikp,
        value=D("30"),
        problems="Kendala draf",
    )
    return year


def _data(organization, **kwargs):
    return annual_report_data(organization.agency, YEAR, on=SIGNED_ON, **kwargs)


def _lines(data):
    return {line.code: line for line in data.indicator_analyses}


def _efficiency(data):
    return {line.code: line for block in data.objectives for line in block.efficiency}


# --- (1) this year -------------------------------------------------------------------------


def test_year_measures_follow_each_indicators_aggregation(organization, dataset):
    data = _data(organization)
    assert [(b.no, b.code) for b in data.objectives] == [(1, "S1"), (2, "S2"), (3, "S3")]
    # Same set and order as the year's reports: by objective, then indicator code.
    assert [line.code for line in data.objectives[0].indicators] == [
        "C1",
        "C2",
        "C3",
        "C4",
        "C5",
        "IK1",
        "IK1.1",
        "IK2",
    ]
    lines = _lines(data)
    shown = {
        code: (m.year.target_text, m.year.realisasi_text, m.year.capaian_text, m.year.category)
        for code, m in lines.items()
    }
    # incremental: target 10×4 = 40, realisasi 8+10+13+11 = 42 -> 42/40 = 105,00%
    assert shown["C1"] == ("40", "42", "105,00%", "Sangat Tinggi")
    # cumulative: the last quarter's 40 and 42 -> 105,00%
    assert shown["C2"] == ("40", "42", "105,00%", "Sangat Tinggi")
    # latest: 90 and 93 -> 93/90 = 103,333… -> 103,33%
    assert shown["C3"] == ("90", "93", "103,33%", "Sangat Tinggi")
    # incremental, lower is better: 40 and 8+12+25+10 = 55 -> (80−55)/40 = 62,50% (> 50 to 65)
    assert shown["C4"] == ("40", "55", "62,50%", "Rendah")
    # average of a range 80–90: (92+70+85+60)/4 = 76,75 below 80 -> 76,75/80 = 95,9375 -> 95,94%
    assert shown["C5"] == ("80–90", "76,75", "95,94%", "Sangat Tinggi")
    # annual targets only: 3×4 = 12 of 10 -> 120,00%; 1×4 = 4 of 4 -> 100,00%
    assert shown["C7"] == ("10", "12", "120,00%", "Sangat Tinggi")
    assert shown["C8"] == ("4", "4", "100,00%", "Sangat Tinggi")
    # IK1.1's only realisasi is a draft: not reported.
    assert shown["IK1.1"] == ("120", "-", "n/a", "Belum ada realisasi")
    assert lines["C5"].year.capaian == D("95.94")
    assert lines["C5"].unit_name == "Bidang Aptika"


def test_categories_count_the_years_bands(organization, dataset):
    data = _data(organization)
    counts = {c.label: c.count for c in data.categories}
    # Sangat Tinggi: C1, C2, C3, C5, C7, C8; Rendah: C4; IK1, IK2, IK1.1 are n/a (not counted).
    assert counts == {"Sangat Tinggi": 6, "Tinggi": 0, "Sedang": 0, "Rendah": 1, "Sangat Rendah": 0}
    assert [c.label for c in data.categories][0] == "Sangat Tinggi"


def test_objective_chart_shows_each_indicators_capaian(organization, dataset):
    chart = _data(organization).objectives[1].chart
    assert [(bar.label, bar.value, bar.text) for bar in chart.bars] == [
        ("C7", 120.0, "120,00% · Sangat Tinggi")
    ]
    assert "S2" in chart.title and "2026" in chart.title


# --- (2) earlier years ---------------------------------------------------------------------


def test_history_shows_every_earlier_renstra_year_from_accepted_data(organization, dataset):
    data = _data(organization)
    assert all(block.history_years == [2025] for block in data.objectives)
    lines = _lines(data)

    def cell(code):
        (value,) = lines[code].history
        return (value.year, value.target_text, value.realisasi_text, value.capaian_text)

    # C1 incremental: 9+9+9+8 = 35 of 36 -> 97,222… -> 97,22%
    assert cell("C1") == (2025, "36", "35", "97,22%")
    assert lines["C1"].history[0].capaian == D("97.22")
    # C3 latest: 88 of 90 -> 97,777… -> 97,78%
    assert cell("C3") == (2025, "90", "88", "97,78%")
    # C4 lower, TW IV not accepted: 10+10+10 = 30 of 40 -> (80−30)/40 = 125,00%
    assert cell("C4") == (2025, "40", "30", "125,00%")
    # C5 average of 70, 75, 80 (TW IV not accepted) = 75, below 80 -> 75/80 = 93,75%
    assert cell("C5") == (2025, "80–90", "75", "93,75%")
    # C2 had no target in 2025: nothing to show.
    assert cell("C2") == (2025, "-", "-", "-")
    # IK1 had a 2025 target (80) but no realisasi: n/a.
    assert cell("IK1") == (2025, "80", "-", "n/a")
    assert lines["C1"].baseline_text == "30"
    assert lines["C3"].baseline_text == "87,5"
    assert lines["C2"].baseline_text == "-"


def test_the_first_renstra_year_has_no_history(organization, dataset):
    data = annual_report_data(organization.agency, 2025, on=SIGNED_ON)
    assert data.objectives[0].history_years == []
    assert all(line.history == [] for line in data.indicator_analyses)


# --- (3) end target and (4) national standard ----------------------------------------------


def test_realisasi_against_the_end_target_and_the_national_standard(organization, dataset):
    lines = _lines(_data(organization))
    # C1: 42 of the end target 50 -> 84,00%
    assert (lines["C1"].end_target_text, lines["C1"].end_capaian_text) == ("50", "84,00%")
    assert lines["C1"].end_capaian == D("84.00")
    # C4 lower: 55 against 30 -> (60−55)/30 = 16,666… -> 16,67%
    assert (lines["C4"].end_target_text, lines["C4"].end_capaian_text) == ("30", "16,67%")
    # C5 range 85–95: 76,75 below 85 -> 76,75/85 = 90,294… -> 90,29%
    assert (lines["C5"].end_target_text, lines["C5"].end_capaian_text) == ("85–95", "90,29%")
    # No end target: n/a.
    assert (lines["C2"].end_target_text, lines["C2"].end_capaian_text) == ("-", "n/a")
    # An end target but no realisasi this year: n/a.
    Indicator.objects.filter(code="IK2").update(end_target_low=D("3.5"))
    ik2 = _lines(_data(organization))["IK2"]
    assert (ik2.end_target_text, ik2.end_capaian, ik2.end_capaian_text) == ("3,5", None, "n/a")

    # C3: 93 against the standard 95 -> 97,894… -> 97,89%
    assert lines["C3"].national_standard_text == "95"
    assert lines["C3"].national_standard_source == "Permenkominfo 5/2024"
    assert (lines["C3"].national_capaian, lines["C3"].national_capaian_text) == (
        D("97.89"),
        "97,89%",
    )
    # C4 lower: 55 against 50 -> (100−55)/50 = 90,00%
    assert lines["C4"].national_capaian_text == "90,00%"
    # No standard entered: nothing to show.
    assert (lines["C1"].national_standard_text, lines["C1"].national_capaian_text) == ("", "")


def test_only_objectives_with_a_standard_say_so(organization, dataset):
    blocks = _data(organization).objectives
    assert [b.has_national_standard for b in blocks] == [True, False, False]


# --- (5) explanations ----------------------------------------------------------------------


def test_explanations_of_the_years_accepted_quarters(organization, dataset):
    lines = _lines(_data(organization))
    assert lines["C1"].problems == [
        "TW I: Kendala C1 TW 1",
        "TW II: Kendala C1 TW 2",
        "TW III: Kendala C1 TW 3",
        "TW IV: Kendala C1 TW 4",
    ]
    assert lines["C4"].solutions[3] == "TW IV: Solusi C4 TW 4"
    # Only the quarters that have one; nothing from 2025 or from a draft.
    assert lines["C7"].problems == ["TW II: Server pusat data padam"]
    assert lines["C7"].solutions == ["TW II: Genset cadangan dipasang"]
    assert lines["C8"].problems == [] and lines["IK1.1"].problems == []
    everything = " ".join(t for line in lines.values() for t in line.problems + line.solutions)
    assert "2025" not in everything and "draf" not in everything


# --- (6) efficiency and (7) programs -------------------------------------------------------


def test_efficiency_only_for_indicators_that_met_their_target(organization, dataset):
    lines = _efficiency(_data(organization))
    # S1 <- program 2.16.02: pagu 1.004.422.800 + 250.000.000 = 1.254.422.800; spent over the
    # year: s1's December 1.000.972.958 + s2's March 50.000.000 = 1.050.972.958.
    # serapan = 1.050.972.958 / 1.254.422.800 = 83,781…% -> 83,78%
    # efficiency = (1.254.422.800 − 1.050.972.958) / 1.254.422.800 = 203.449.842 / 1.254.422.800
    #            = 16,2186…% -> 16,22%
    c1 = lines["C1"]
    assert (c1.capaian_text, c1.absorption_text, c1.efficiency_text, c1.note) == (
        "105,00%",
        "83,78%",
        "16,22%",
        "",
    )
    assert (c1.pagu, c1.budget_spent, c1.efficiency) == (
        D("1254422800"),
        D("1050972958"),
        D("16.22"),
    )
    assert c1.pagu_text == "Rp1.254.422.800" and c1.budget_spent_text == "Rp1.050.972.958"
    assert lines["C3"].efficiency_text == "16,22%"  # 103,33% met
    # Not met (62,50% and 95,94%): not efficient, whatever the money saved.
    for code in ("C4", "C5"):
        assert (lines[code].efficiency, lines[code].efficiency_text) == (None, "Tidak efisien")
        assert lines[code].note == "Target belum tercapai: tidak dihitung efisien"
        assert lines[code].absorption_text == "83,78%"
    # No capaian: no efficiency.
    assert (lines["IK1"].efficiency_text, lines["IK1"].capaian_text) == ("-", "n/a")
    assert lines["IK1"].note == "Capaian tidak dapat dihitung: efisiensi tidak dihitung"
    # S2 <- program 2.16.03: 125.000.000 of 500.000.000 = 25,00%; C7 met (120%):
    # (500.000.000 − 125.000.000) / 500.000.000 = 75,00%
    c7 = lines["C7"]
    assert (c7.absorption_text, c7.efficiency_text, c7.efficiency) == ("25,00%", "75,00%", D("75"))
    # S3 has no program.
    c8 = lines["C8"]
    assert (c8.efficiency_text, c8.absorption_text, c8.pagu_text) == ("-", "-", "-")
    assert c8.note == "Tidak ada program pendukung"


def test_a_supporting_program_without_pagu(organization, plan_data, dataset):
    program = Program.objects.create(
        renstra=plan_data.renstra,
        code="2.16.04",
        name="Program Literasi Digital",
        responsible_unit=organization.ikp,
    )
    program.objectives.add(Objective.objects.get(code="S3"))
    data = _data(organization)
    c8 = _efficiency(data)["C8"]
    assert (c8.efficiency_text, c8.note, c8.pagu_text) == ("-", "Pagu 0", "Rp0")
    # Analysis (7) still names the program, with Rp0.
    s3 = data.objectives[2]
    assert [(b.code, b.pagu_text, b.budget_spent_text) for b in s3.programs] == [
        ("2.16.04", "Rp0", "-")
    ]


def test_programs_behind_each_objective_with_their_activities(organization, dataset):
    blocks = _data(organization).objectives
    s1, s2, s3 = blocks
    rows = [
        (b.no, b.code, b.pagu_text, b.budget_spent_text, b.absorption_text) for b in s1.programs
    ]
    assert rows == [
        ("1", "2.16.02", "Rp1.254.422.800", "Rp1.050.972.958", "83,78%"),
        ("", "2.16.02.1.01", "Rp1.254.422.800", "Rp1.050.972.958", "83,78%"),
    ]
    assert s1.programs_total is not None
    assert (s1.programs_total.pagu_text, s1.programs_total.absorption_text) == (
        "Rp1.254.422.800",
        "83,78%",
    )
    # 125.000.000 / 500.000.000 = 25,00%
    assert [(b.code, b.absorption_text) for b in s2.programs] == [
        ("2.16.03", "25,00%"),
        ("2.16.03.1.01", "25,00%"),
    ]
    assert (s3.programs, s3.programs_total) == ([], None)


def test_budget_of_the_year_with_its_chart(organization, dataset):
    data = _data(organization)
    assert [(b.code, b.pagu_text, b.budget_spent_text, b.absorption_text) for b in data.budget] == [
        ("2.16.02", "Rp1.254.422.800", "Rp1.050.972.958", "83,78%"),
        ("2.16.02.1.01", "Rp1.254.422.800", "Rp1.050.972.958", "83,78%"),
        ("2.16.03", "Rp500.000.000", "Rp125.000.000", "25,00%"),
        ("2.16.03.1.01", "Rp500.000.000", "Rp125.000.000", "25,00%"),
    ]
    total = data.budget_total
    assert total is not None
    # 1.254.422.800 + 500.000.000 = 1.754.422.800; 1.050.972.958 + 125.000.000 = 1.175.972.958;
    # 1.175.972.958 / 1.754.422.800 = 67,029…% -> 67,03%
    assert (total.pagu_text, total.budget_spent_text, total.absorption_text) == (
        "Rp1.754.422.800",
        "Rp1.175.972.958",
        "67,03%",
    )
    assert total.absorption == D("67.03")
    assert [(bar.label, bar.text) for bar in data.budget_chart.bars] == [
        ("2.16.02", "83,78%"),
        ("2.16.03", "25,00%"),
    ]


# --- Bab II, title, signature, narratives, lock state ---------------------------------------


def test_agreement_of_the_year_and_the_renstra(organization, dataset):
    data = _data(organization)
    # The agency's PK: the top-level IKU (IK1, IK2) with their 2026 target and unit.
    assert [(p.objective_code, p.code, p.target_text) for p in data.agreement] == [
        ("S1", "IK1", "85 %"),
        ("S1", "IK2", "3,1 indeks"),
    ]
    assert [(b.code, b.pagu_text, b.budget_spent_text) for b in data.agreement_budget] == [
        ("2.16.02", "Rp1.254.422.800", "-"),
        ("2.16.03", "Rp500.000.000", "-"),
    ]
    assert data.agreement_budget_total is not None
    assert data.agreement_budget_total.pagu == D("1754422800")
    renstra = data.renstra
    assert renstra is not None
    assert (renstra.title, renstra.period_text) == ("Renstra 2025–2029", "2025–2029")
    assert renstra.goals == [("T1", "Meningkatnya tata kelola SPBE")]
    assert [code for code, _s in renstra.objectives] == ["S1", "S2", "S3"]
    # IK1, IK2, IK1.1, C1–C5, C7, C8
    assert renstra.indicator_count == 10


def test_title_signature_and_narratives(organization, dataset):
    objective_id = dataset.indicators["C7"].objective_id
    texts = {"executive_summary": "Ringkasan.", f"objective:{objective_id}": "Analisis S2."}
    data = _data(organization, number="050/12/LKjIP/2027", narratives=texts)
    assert data.title_lines == [
        "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)",
        "TAHUN 2026",
        "DINAS KOMINFO UJI",
    ]
    assert data.number == "050/12/LKjIP/2027"
    assert data.place_date == "Paringin, 20 Januari 2027"
    assert data.signature.name == "Muhammad Nor, S.Sos., M.M."
    assert data.signature.nip == "NIP. 19710823 199303 1 005"
    assert data.letterhead.regency_name == "PEMERINTAH KABUPATEN UJI"
    assert data.narratives == texts
    assert [b.narrative for b in data.objectives] == ["", "Analisis S2.", ""]


def test_unlocked_quarters_make_a_draft(organization, dataset):
    assert _data(organization).unlocked_quarters == []
    assert _data(organization).headers["unlocked_note"] == ""
    ReportingPeriod.objects.filter(pk=dataset.periods[4].pk).update(status=PeriodStatus.OPEN)
    data = _data(organization)
    assert data.unlocked_quarters == ["TW IV"]
    assert "TW IV" in data.headers["unlocked_note"]
    # A year that was never opened: every quarter.
    later = annual_report_data(organization.agency, 2027, on=SIGNED_ON)
    assert later.unlocked_quarters == ["TW I", "TW II", "TW III", "TW IV"]


def test_a_year_outside_any_renstra(organization, dataset):
    data = annual_report_data(organization.agency, 2031, on=SIGNED_ON)
    assert (data.renstra, data.objectives, data.agreement, data.budget) == (None, [], [], [])
    assert data.budget_total is None and data.agreement_budget_total is None


def test_headers_hold_exactly_the_documented_keys(organization, dataset):
    headers = _data(organization).headers
    assert tuple(headers) == HEADER_KEYS
    assert headers["chapter_3"] == "Bab III Akuntabilitas Kinerja"
    assert headers["section_performance"] == "A. Capaian Kinerja Organisasi"
    # Without their number: the renderers number the seven analyses.
    assert headers["analysis_1"] == "Perbandingan target dan realisasi tahun ini"
    assert headers["analysis_7"] == "Program dan kegiatan pendukung"
    assert headers["section_budget"] == "B. Realisasi Anggaran"
    assert headers["end_target"] == "Target Akhir Renstra"


# --- queries -------------------------------------------------------------------------------


def _count(organization):
    with CaptureQueriesContext(connection) as ctx:
        annual_report_data(organization.agency, YEAR, on=SIGNED_ON)
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_indicators_objectives_or_programs(
    organization, plan_data, dataset
):
    few = _count(organization)
    o = organization
    for n in range(3):
        objective = _objective(plan_data, f"S{10 + n}", f"Sasaran tambahan {n}")
        for m in range(3):
            indicator = _annual_indicator(
                objective, f"X{n}{m}", o.ikp, "8", ["2", "2", "2", "2"], dataset, "ikp"
            )
            Indicator.objects.filter(pk=indicator.pk).update(
                end_target_low=D("9"), national_standard=D("7")
            )
            IndicatorTarget.objects.create(indicator=indicator, year=YEAR - 1, low=D("6"))
        program = Program.objects.create(
            renstra=plan_data.renstra,
            code=f"2.16.{20 + n}",
            name=f"Program {n}",
            responsible_unit=o.ikp,
        )
        program.objectives.add(objective)
        activity = Activity.objects.create(
            program=program,
            code=f"2.16.{20 + n}.1.01",
            name=f"Kegiatan {n}",
            responsible_unit=o.ikp,
        )
        sub = SubActivity.objects.create(
            activity=activity, code="01", name=f"Sub {n}", responsible_unit=o.ikp
        )
        Budget.objects.create(sub_activity=sub, year=YEAR, pagu=D("1000000"))
    many = _count(organization)
    assert len(_data(organization).indicator_analyses) == 10 + 9
    assert many == few


# --- XLSX ----------------------------------------------------------------------------------


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _row_of(rows, code):
    return next(row for row in rows if code in row)


def test_xlsx_holds_the_numbers(organization, dataset):
    book = load_workbook(io.BytesIO(render_annual_xlsx(_data(organization))))
    assert book.sheetnames == [
        "Capaian Kinerja",
        "Tahun Sebelumnya",
        "Efisiensi",
        "Realisasi Anggaran",
        "Perjanjian Kinerja",
    ]
    performance = book["Capaian Kinerja"]
    rows = _rows(performance)
    assert rows[0][0] == "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP)"
    c5 = _row_of(rows, "C5")
    # target 80–90, realisasi 76,75, capaian 95,94% (a fraction in Excel), end target 85–95
    # with 90,29%.
    assert c5[5:13] == [
        80,
        90,
        76.75,
        pytest.approx(0.9594),
        "Sangat Tinggi",
        85,
        95,
        pytest.approx(0.9029),
    ]
    c3 = _row_of(rows, "C3")
    assert c3[13:16] == [95, pytest.approx(0.9789), "Permenkominfo 5/2024"]
    row_index = rows.index(c5) + 1
    assert performance.cell(row=row_index, column=9).number_format == "0.00%"

    history = _rows(book["Tahun Sebelumnya"])
    c1 = _row_of(history, "C1")
    # baseline 30; 2025: 36, 35, 97,22%; 2026: 40, 42, 105,00%
    assert c1[4:11] == [30, 36, 35, pytest.approx(0.9722), 40, 42, pytest.approx(1.05)]

    efficiency = _rows(book["Efisiensi"])
    c1 = _row_of(efficiency, "C1")
    # capaian 105%, pagu, realisasi, serapan 83,78%, efficiency 16,22%, no note
    assert c1[4:10] == [
        pytest.approx(1.05),
        1254422800,
        1050972958,
        pytest.approx(0.8378),
        pytest.approx(0.1622),
        None,
    ]
    c4 = _row_of(efficiency, "C4")
    assert c4[8:10] == ["Tidak efisien", "Target belum tercapai: tidak dihitung efisien"]

    budget_sheet = book["Realisasi Anggaran"]
    budget = _rows(budget_sheet)
    total = next(row for row in budget if row[2] == "Jumlah")
    assert total[3:6] == [1754422800, 1175972958, pytest.approx(0.6703)]
    total_index = budget.index(total) + 1
    assert budget_sheet.cell(row=total_index, column=4).number_format == "#,##0"

    agreement = _rows(book["Perjanjian Kinerja"])
    assert _row_of(agreement, "IK2")[4] == "3,1 indeks"
    assert _row_of(agreement, "2.16.03")[3] == 500000000
