"""The XLSX export of the plan: content, exact numbers, scoping, and a constant query count."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from sakip.conftest import PASSWORD
from sakip.planning import services as plan
from sakip.planning.choices import TargetKind

URL = reverse("planning:export")


def login(client, username, year=2026):
    assert client.login(username=username, password=PASSWORD)
    client.post(reverse("shell:choose_year"), {"year": year, "next": "/"})


def download(client, username, **params):
    login(client, username)
    response = client.get(URL, params)
    assert response.status_code == 200, response
    return load_workbook(io.BytesIO(response.content))


def indicator_rows(workbook) -> dict[str, dict]:
    values = list(workbook["Indikator"].iter_rows(values_only=True))
    headers = values[0]
    rows = [dict(zip(headers, row, strict=True)) for row in values[1:]]
    return {row["Kode Indikator"]: row for row in rows if row["Kode Indikator"]}


def cell_decimal(value) -> Decimal:
    """How the importer and an auditor read a numeric cell back: no float arithmetic involved."""
    assert isinstance(value, int | float), f"{value!r} is not a numeric cell"
    return Decimal(str(value))


@pytest.fixture
def range_indicator(plan_data, organization):
    return plan.indicator_create(
        actor=organization["staf.evaluasi"],
        objective=plan_data.objective,
        code="IK3",
        name="Persentase waktu layanan aktif",
        unit_of_measure="%",
        responsible_unit=organization.aptika,
        target_kind=TargetKind.RANGE,
        polarity="lower",
        end_target_low=Decimal("7.1234"),
        end_target_high=Decimal("8.5"),
        targets={
            2025: plan.TargetValue(Decimal("95.5612"), Decimal("99.9999")),
            2026: plan.TargetValue(Decimal("1234567.1234"), Decimal("1234568.0001")),
        },
    )


@pytest.fixture
def budget_data(plan_data, organization):
    actor = organization["staf.evaluasi"]
    program = plan.program_create(
        actor=actor,
        renstra=plan_data.renstra,
        code="2.16.02",
        name="Program Pengelolaan Aplikasi Informatika",
        responsible_unit=organization.aptika,
    )
    activity = plan.activity_create(
        actor=actor,
        program=program,
        code="2.16.02.2.02",
        name="Pengelolaan e-government",
        responsible_unit=organization.aptika,
    )
    plan.sub_activity_create(
        actor=actor,
        activity=activity,
        code="2.16.02.2.02.0005",
        name="Pengelolaan pusat data",
        responsible_unit=organization.seksi_aptika,
        budgets={2025: Decimal("1004422800"), 2026: Decimal("250000000.50")},
    )
    ikp_program = plan.program_create(
        actor=actor,
        renstra=plan_data.renstra,
        code="2.16.03",
        name="Program Informasi dan Komunikasi Publik",
        responsible_unit=organization.ikp,
    )
    return program, ikp_program


def test_download_is_a_named_xlsx_with_three_sheets(client, plan_data):
    login(client, "staf.evaluasi")
    response = client.get(URL)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="rencana-kinerja-2025-2029.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Indikator", "Anggaran", "Petunjuk"]
    sheet = workbook["Indikator"]
    headers = [c.value for c in sheet[1]]
    assert headers[:15] == [
        "Kode Tujuan",
        "Tujuan",
        "Kode Sasaran",
        "Sasaran Strategis",
        "Kode Indikator",
        "Indikator",
        "Satuan",
        "Definisi/Formula",
        "Sumber Data",
        "Unit Penanggung Jawab",
        "IKU",
        "Polaritas",
        "Jenis Target",
        "Agregasi",
        "Indikator Induk",
    ]
    assert headers[15:] == [
        "Target 2025",
        "Target 2025 (atas)",
        "Target 2026",
        "Target 2026 (atas)",
        "Target 2027",
        "Target 2027 (atas)",
        "Target 2028",
        "Target 2028 (atas)",
        "Target 2029",
        "Target 2029 (atas)",
        "Target Akhir",
        "Target Akhir (atas)",
    ]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["F"].width >= 40  # indicator names are readable
    guide = "\n".join(
        str(v) for row in workbook["Petunjuk"].iter_rows(values_only=True) for v in row if v
    )
    assert "Lebih tinggi lebih baik / Lebih rendah lebih baik" in guide
    assert "Tunggal / Rentang" in guide
    assert "seksi-ikp" in guide  # the unit codes to use


def test_fixture_indicators_with_their_exact_targets(client, plan_data):
    rows = indicator_rows(download(client, "staf.evaluasi"))
    assert set(rows) == {"IK1", "IK1.1", "IK2"}
    ik1 = rows["IK1"]
    assert (ik1["Kode Tujuan"], ik1["Kode Sasaran"]) == ("T1", "S1")
    assert ik1["Unit Penanggung Jawab"] == "ikp"
    assert ik1["IKU"] == "Ya"
    assert ik1["Polaritas"] == "Lebih tinggi lebih baik"
    assert ik1["Jenis Target"] == "Tunggal"
    assert cell_decimal(ik1["Target 2025"]) == Decimal("80")
    assert cell_decimal(ik1["Target 2026"]) == Decimal("85")
    assert ik1["Target 2027"] is None
    assert cell_decimal(rows["IK2"]["Target 2026"]) == Decimal("3.1")
    assert rows["IK1.1"]["Indikator Induk"] == "IK1"
    assert rows["IK1.1"]["IKU"] == "Tidak"


def test_range_is_written_as_low_and_high_numbers_without_precision_loss(client, range_indicator):
    row = indicator_rows(download(client, "staf.evaluasi"))["IK3"]
    assert row["Jenis Target"] == "Rentang"
    assert row["Polaritas"] == "Lebih rendah lebih baik"
    assert cell_decimal(row["Target 2025"]) == Decimal("95.5612")
    assert cell_decimal(row["Target 2025 (atas)"]) == Decimal("99.9999")
    assert cell_decimal(row["Target 2026"]) == Decimal("1234567.1234")
    assert cell_decimal(row["Target 2026 (atas)"]) == Decimal("1234568.0001")
    assert cell_decimal(row["Target Akhir"]) == Decimal("7.1234")
    assert cell_decimal(row["Target Akhir (atas)"]) == Decimal("8.5")


def test_budget_sheet_has_pagu_as_rupiah_numbers(client, budget_data):
    sheet = download(client, "staf.evaluasi")["Anggaran"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:8] == (
        "Kode Program",
        "Program",
        "Kode Kegiatan",
        "Kegiatan",
        "Kode Sub Kegiatan",
        "Sub Kegiatan",
        "Unit Penanggung Jawab",
        "Pagu 2025",
    )
    sub_row = next(r for r in values if r[4] == "2.16.02.2.02.0005")
    assert sub_row[:7] == (
        "2.16.02",
        "Program Pengelolaan Aplikasi Informatika",
        "2.16.02.2.02",
        "Pengelolaan e-government",
        "2.16.02.2.02.0005",
        "Pengelolaan pusat data",
        "seksi-aptika",
    )
    assert cell_decimal(sub_row[7]) == Decimal("1004422800")
    assert cell_decimal(sub_row[8]) == Decimal("250000000.5")
    assert sub_row[9] is None
    # A program without activities still shows.
    assert any(r[0] == "2.16.03" for r in values)
    pagu_cell = next(c for c in sheet["H"] if c.value == 1004422800)
    assert pagu_cell.number_format == "#,##0"
    assert pagu_cell.data_type == "n"
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"


def test_unit_head_gets_only_their_line(client, plan_data, budget_data, range_indicator):
    aptika = download(client, "kabid.aptika")
    assert set(indicator_rows(aptika)) == {"IK2", "IK3"}
    budget_codes = {r[0] for r in aptika["Anggaran"].iter_rows(min_row=2, values_only=True)}
    assert "2.16.03" not in budget_codes  # the IKP program
    client.logout()
    assert set(indicator_rows(download(client, "kabid.ikp"))) == {"IK1", "IK1.1"}
    client.logout()
    assert set(indicator_rows(download(client, "kasi.ikp"))) == {"IK1.1"}


def test_another_agency_renstra_is_404(client, plan_data):
    login(client, "kadis.lain")
    response = client.get(URL, {"renstra": plan_data.renstra.pk})
    assert response.status_code == 404


def test_no_renstra_for_the_selected_year_explains_and_goes_back(client, plan_data):
    login(client, "staf.evaluasi", year=2031)
    response = client.get(URL, follow=True)
    assert response.redirect_chain[-1][0] == reverse("planning:tree")
    assert "Belum ada Renstra yang mencakup tahun 2031." in [
        str(m) for m in response.context["messages"]
    ]


def test_login_required(client, plan_data):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _grow_plan(plan_data, organization, *, goal_code, count):
    """Add a goal with `count` objectives, each with a parent and child indicator and a budget."""
    actor = organization["staf.evaluasi"]
    goal = plan.goal_create(
        actor=actor, renstra=plan_data.renstra, code=goal_code, statement=f"Tujuan {goal_code}"
    )
    for i in range(count):
        objective = plan.objective_create(
            actor=actor, goal=goal, code=f"S{i}", statement=f"Sasaran {i}"
        )
        parent = plan.indicator_create(
            actor=actor,
            objective=objective,
            code=f"X{i}",
            name=f"Indikator {i}",
            unit_of_measure="%",
            responsible_unit=organization.ikp,
            parent=plan_data.indicator_ikp,
            targets={2025: plan.TargetValue(Decimal(i)), 2026: plan.TargetValue(Decimal(i + 1))},
        )
        plan.indicator_create(
            actor=actor,
            objective=objective,
            code=f"Y{i}",
            name=f"Indikator anak {i}",
            unit_of_measure="%",
            responsible_unit=organization.seksi_ikp,
            parent=parent,
        )
        program = plan.program_create(
            actor=actor,
            renstra=plan_data.renstra,
            code=f"P{goal_code}.{i}",
            name=f"Program {i}",
            responsible_unit=organization.ikp,
        )
        activity = plan.activity_create(
            actor=actor,
            program=program,
            code=f"K{i}",
            name="Kegiatan",
            responsible_unit=organization.ikp,
        )
        plan.sub_activity_create(
            actor=actor,
            activity=activity,
            code=f"SK{i}",
            name="Sub kegiatan",
            responsible_unit=organization.seksi_ikp,
            budgets={2025: Decimal(1000 * i)},
        )


@pytest.mark.parametrize("username", ["staf.evaluasi", "kabid.ikp"])
def test_query_count_does_not_grow_with_the_plan(client, plan_data, organization, username):
    login(client, username)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    _grow_plan(plan_data, organization, goal_code="T2", count=1)
    small = queries()
    _grow_plan(plan_data, organization, goal_code="T3", count=15)
    assert queries() == small
