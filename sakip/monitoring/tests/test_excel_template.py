"""The pre-filled quarterly template: what a unit downloads for its submission.

The fixture ``quarter`` (also used by the other test_excel_* modules) is TW II 2026 of the
conftest agency: Bidang IKP has an approved Rencana Aksi, an accepted TW I and a TW II draft
with one realisasi and one month of progress already entered; Bidang Aptika has its own draft.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sakip.conftest import PASSWORD
from sakip.monitoring.excel import template
from sakip.monitoring.models import (
    MonthlyProgress,
    PeriodStatus,
    Realisasi,
    ReportingPeriod,
    SubmissionStatus,
    UnitSubmission,
)
from sakip.planning.action_plan_models import ActionPlan, ActionPlanStatus, QuarterTarget
from sakip.planning.models import Activity, Budget, Indicator, Program, SubActivity

D = Decimal
YEAR = 2026


@dataclass
class Quarter:
    period: ReportingPeriod
    previous_period: ReportingPeriod
    ikp: UnitSubmission
    aptika: UnitSubmission
    ikp_q1: UnitSubmission
    sub1: SubActivity
    sub2: SubActivity
    sub_aptika: SubActivity
    ik1: Indicator
    ik11: Indicator
    ik2: Indicator


def build_quarter(organization, plan_data) -> Quarter:
    o = organization
    ik1, ik11, ik2 = (
        plan_data.indicator_ikp,
        plan_data.indicator_seksi_ikp,
        plan_data.indicator_aptika,
    )
    ikp_plan = ActionPlan.objects.create(
        agency=o.agency, unit=o.ikp, year=YEAR, status=ActionPlanStatus.APPROVED
    )
    for quarter, low in enumerate(["20", "20", "20", "25"], start=1):
        QuarterTarget.objects.create(
            action_plan=ikp_plan, indicator=ik1, quarter=quarter, low=D(low)
        )
    QuarterTarget.objects.create(
        action_plan=ikp_plan, indicator=ik11, quarter=2, low=D("25"), high=D("30")
    )
    aptika_plan = ActionPlan.objects.create(
        agency=o.agency, unit=o.aptika, year=YEAR, status=ActionPlanStatus.APPROVED
    )
    QuarterTarget.objects.create(action_plan=aptika_plan, indicator=ik2, quarter=2, low=D("3"))

    program = Program.objects.create(
        renstra=plan_data.renstra, code="2.16.02", name="Program Informasi", responsible_unit=o.ikp
    )
    activity = Activity.objects.create(
        program=program, code="2.16.02.1.01", name="Pengelolaan Informasi", responsible_unit=o.ikp
    )
    sub1 = SubActivity.objects.create(
        activity=activity,
        code="2.16.02.1.01.01",
        name="Diseminasi Informasi",
        responsible_unit=o.ikp,
    )
    sub2 = SubActivity.objects.create(
        activity=activity,
        code="2.16.02.1.01.02",
        name="Layanan Hubungan Media",
        responsible_unit=o.seksi_ikp,
    )
    Budget.objects.create(sub_activity=sub1, year=YEAR, pagu=D("1004422800"))
    Budget.objects.create(sub_activity=sub2, year=YEAR, pagu=D("250000000"))
    program2 = Program.objects.create(
        renstra=plan_data.renstra, code="2.16.03", name="Program Aptika", responsible_unit=o.aptika
    )
    activity2 = Activity.objects.create(
        program=program2, code="2.16.03.1.01", name="e-Government", responsible_unit=o.aptika
    )
    sub_aptika = SubActivity.objects.create(
        activity=activity2, code="2.16.03.1.01.01", name="Aplikasi", responsible_unit=o.aptika
    )
    Budget.objects.create(sub_activity=sub_aptika, year=YEAR, pagu=D("500000000"))

    previous = ReportingPeriod.objects.create(
        agency=o.agency, year=YEAR, quarter=1, status=PeriodStatus.LOCKED
    )
    ikp_q1 = UnitSubmission.objects.create(
        period=previous, unit=o.ikp, status=SubmissionStatus.ACCEPTED
    )
    Realisasi.objects.create(submission=ikp_q1, indicator=ik1, value=D("18"))
    Realisasi.objects.create(submission=ikp_q1, indicator=ik11, value=D("28"))

    period = ReportingPeriod.objects.create(agency=o.agency, year=YEAR, quarter=2)
    ikp = UnitSubmission.objects.create(period=period, unit=o.ikp)
    aptika = UnitSubmission.objects.create(period=period, unit=o.aptika)
    Realisasi.objects.create(
        submission=ikp, indicator=ik1, value=D("15"), problems="Anggaran terlambat"
    )
    MonthlyProgress.objects.create(
        submission=ikp,
        sub_activity=sub1,
        month=4,
        physical_percent=D("10"),
        budget_spent=D("100000000"),
    )
    return Quarter(period, previous, ikp, aptika, ikp_q1, sub1, sub2, sub_aptika, ik1, ik11, ik2)


@pytest.fixture
def quarter(organization, plan_data) -> Quarter:
    return build_quarter(organization, plan_data)


def login(client, username):
    assert client.login(username=username, password=PASSWORD)


def template_url(submission) -> str:
    return reverse("monitoring:excel_template", args=[submission.pk])


def sheet_rows(sheet) -> tuple[list, list[dict]]:
    """(headers, data rows as dicts by header) of a data sheet: the header on template.HEADER_ROW,
    the data right below it, without a gap."""
    headers = [c.value for c in sheet[template.HEADER_ROW]]
    rows = []
    for row in sheet.iter_rows(min_row=template.HEADER_ROW + 1, values_only=True):
        if not any(v is not None for v in row):
            break
        rows.append(dict(zip(headers, row, strict=False)))
    return headers, rows


def download(client, submission):
    response = client.get(template_url(submission))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


# --- content -------------------------------------------------------------------------------------


def test_unit_downloads_its_prefilled_template(client, quarter):
    login(client, "kabid.ikp")
    response = client.get(template_url(quarter.ikp))
    assert response.status_code == 200
    assert response["Content-Type"] == template.XLSX_CONTENT_TYPE
    assert 'filename="realisasi-2026-tw2-ikp.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Realisasi", "Progres Bulanan", "Petunjuk", "Meta"]
    assert workbook["Meta"].sheet_state == "hidden"
    assert workbook["Meta"].protection.sheet

    sheet = workbook["Realisasi"]
    assert sheet["A1"].value == "Realisasi Kinerja TW II Tahun 2026"
    assert sheet["A2"].value == "Bidang IKP — Dinas Kominfo Uji"
    headers, rows = sheet_rows(sheet)
    assert headers == [
        "Kode",
        "Indikator",
        "Satuan",
        "Target TW",
        "Target (nilai bawah)",
        "Target (nilai atas)",
        "Target Tahunan",
        "Realisasi TW I",
        "Realisasi",
        "Kendala",
        "Solusi",
    ]
    # The unit's own indicators and its seksi's; never another bidang's (IK2).
    assert [r["Kode"] for r in rows] == ["IK1", "IK1.1"]
    ik1, ik11 = rows
    assert ik1["Indikator"] == "Persentase informasi publik yang dipublikasikan"
    assert ik1["Satuan"] == "%"
    assert ik1["Target TW"] == "20"
    assert ik1["Target (nilai bawah)"] == 20
    assert ik1["Target (nilai atas)"] is None
    assert ik1["Target Tahunan"] == "85"  # the PK's annual target
    assert ik1["Realisasi TW I"] == 18
    assert ik1["Realisasi"] == 15
    assert ik1["Kendala"] == "Anggaran terlambat"
    assert ik1["Solusi"] is None
    assert ik11["Target TW"] == "25 – 30"
    assert (ik11["Target (nilai bawah)"], ik11["Target (nilai atas)"]) == (25, 30)
    assert ik11["Target Tahunan"] == "120"
    assert ik11["Realisasi TW I"] == 28
    assert ik11["Realisasi"] is None


def test_progress_sheet_has_each_sub_activity_for_each_month_of_the_quarter(client, quarter):
    login(client, "kabid.ikp")
    sheet = download(client, quarter.ikp)["Progres Bulanan"]
    headers, rows = sheet_rows(sheet)
    assert headers == [
        "Kode",
        "Sub Kegiatan",
        "Pagu",
        "Bulan",
        "Progres Fisik (%)",
        "Realisasi Anggaran",
    ]
    assert [(r["Kode"], r["Bulan"]) for r in rows] == [
        ("2.16.02.1.01.01", "April"),
        ("2.16.02.1.01.01", "Mei"),
        ("2.16.02.1.01.01", "Juni"),
        ("2.16.02.1.01.02", "April"),
        ("2.16.02.1.01.02", "Mei"),
        ("2.16.02.1.01.02", "Juni"),
    ]
    assert rows[0]["Pagu"] == 1004422800
    assert (rows[0]["Progres Fisik (%)"], rows[0]["Realisasi Anggaran"]) == (10, 100000000)
    assert (rows[1]["Progres Fisik (%)"], rows[1]["Realisasi Anggaran"]) == (None, None)
    assert rows[3]["Sub Kegiatan"] == "Layanan Hubungan Media"


def test_input_cells_are_unlocked_and_read_only_cells_locked(client, quarter):
    login(client, "kabid.ikp")
    workbook = download(client, quarter.ikp)
    sheet = workbook["Realisasi"]
    assert sheet.protection.sheet
    headers = [c.value for c in sheet[template.HEADER_ROW]]
    row = template.HEADER_ROW + 1
    for label in ("Realisasi", "Kendala", "Solusi"):
        assert not sheet.cell(row, headers.index(label) + 1).protection.locked
    for label in ("Kode", "Target TW", "Realisasi TW I"):
        assert sheet.cell(row, headers.index(label) + 1).protection.locked
    progress = workbook["Progres Bulanan"]
    assert not progress.cell(template.HEADER_ROW + 1, 5).protection.locked
    assert progress.cell(template.HEADER_ROW + 1, 1).protection.locked


def test_meta_sheet_identifies_the_submission(client, quarter):
    login(client, "kabid.ikp")
    meta = download(client, quarter.ikp)["Meta"]
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert values["jenis"] == template.TEMPLATE_KIND
    assert values["versi"] == template.TEMPLATE_VERSION
    assert values["perangkat_daerah"] == "dkis"
    assert values["unit"] == "ikp"
    assert (values["tahun"], values["triwulan"], values["kiriman"]) == (2026, 2, quarter.ikp.pk)
    identity = template.read_identity(values["tanda"])
    assert identity is not None
    assert identity["submission"] == quarter.ikp.pk
    assert identity["unit"] == quarter.ikp.unit_id
    assert template.read_identity(values["tanda"] + "x") is None


def test_first_quarter_has_no_previous_columns(organization, plan_data, quarter):
    sub = UnitSubmission.objects.create(
        period=ReportingPeriod.objects.create(agency=organization.agency, year=2027, quarter=1),
        unit=organization.ikp,
    )
    sheet = load_workbook(io.BytesIO(template.template_bytes(sub)))["Realisasi"]
    headers, _rows = sheet_rows(sheet)
    assert not [h for h in headers if h.startswith("Realisasi TW")]
    assert {"Realisasi", "Kendala", "Solusi"} <= set(headers)


def test_quarter_four_shows_three_previous_quarters(organization, plan_data, quarter):
    period = ReportingPeriod.objects.create(agency=organization.agency, year=YEAR, quarter=4)
    sub = UnitSubmission.objects.create(period=period, unit=organization.ikp)
    headers, rows = sheet_rows(load_workbook(io.BytesIO(template.template_bytes(sub)))["Realisasi"])
    assert [h for h in headers if h.startswith("Realisasi TW")] == [
        "Realisasi TW I",
        "Realisasi TW II",
        "Realisasi TW III",
    ]
    assert rows[0]["Target TW"] == "25"
    assert (rows[0]["Realisasi TW I"], rows[0]["Realisasi TW II"]) == (18, 15)


def test_shared_codes_are_qualified(organization, plan_data, quarter):
    """Indicator codes are unique per objective only: a clash gets goal/objective/code."""
    from sakip.planning import services as plan

    objective = plan.objective_create(
        actor=None, goal=plan_data.objective.goal, code="S2", statement="Sasaran lain"
    )
    plan.indicator_create(
        actor=None,
        objective=objective,
        code="IK1",
        name="Indikator kembar",
        unit_of_measure="dokumen",
        responsible_unit=organization.ikp,
        targets={YEAR: plan.TargetValue(D("4"))},
    )
    _headers, rows = sheet_rows(
        load_workbook(io.BytesIO(template.template_bytes(quarter.ikp)))["Realisasi"]
    )
    assert [r["Kode"] for r in rows] == ["T1/S1/IK1", "IK1.1", "T1/S2/IK1"]


# --- access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["kabid.ikp", "kasi.ikp", "admin"])
def test_the_unit_and_its_seksi_may_download(client, quarter, username):
    login(client, username)
    assert client.get(template_url(quarter.ikp)).status_code == 200


@pytest.mark.parametrize(
    "username", ["kabid.aptika", "kadis", "staf.evaluasi", "bagor", "kadis.lain", "outsider"]
)
def test_others_get_404(client, quarter, username):
    login(client, username)
    assert client.get(template_url(quarter.ikp)).status_code == 404


def test_missing_submission_is_404(client, quarter):
    login(client, "kabid.ikp")
    assert client.get(reverse("monitoring:excel_template", args=[999999])).status_code == 404


def test_anonymous_is_sent_to_login(client, quarter):
    response = client.get(template_url(quarter.ikp))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("status", [SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED])
def test_no_template_once_submitted(client, quarter, status):
    """The unit's own head is told why (409 with the reason), not sent to a 404."""
    UnitSubmission.objects.filter(pk=quarter.ikp.pk).update(status=status)
    login(client, "kabid.ikp")
    response = client.get(template_url(quarter.ikp))
    assert response.status_code == 409
    assert "Data unit ini sudah" in response.content.decode()
    assert response.get("Content-Disposition") is None


def test_returned_submission_gets_a_template(client, quarter):
    UnitSubmission.objects.filter(pk=quarter.ikp.pk).update(status=SubmissionStatus.RETURNED)
    login(client, "kabid.ikp")
    assert client.get(template_url(quarter.ikp)).status_code == 200


def test_no_template_in_a_locked_period(client, quarter):
    ReportingPeriod.objects.filter(pk=quarter.period.pk).update(status=PeriodStatus.LOCKED)
    login(client, "kabid.ikp")
    response = client.get(template_url(quarter.ikp))
    assert response.status_code == 409
    assert "sudah dikunci" in response.content.decode()
    assert response.get("Content-Disposition") is None


# --- queries -------------------------------------------------------------------------------------


def _count_queries(client, submission) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(template_url(submission)).status_code == 200
    return len(context.captured_queries)


def test_template_queries_do_not_grow_with_the_plan(client, organization, plan_data, quarter):
    login(client, "kabid.ikp")
    few = _count_queries(client, quarter.ikp)
    from sakip.planning import services as plan

    activity = quarter.sub1.activity
    for n in range(5):
        indicator = plan.indicator_create(
            actor=None,
            objective=plan_data.objective,
            code=f"IK9.{n}",
            name=f"Indikator {n}",
            unit_of_measure="dokumen",
            responsible_unit=organization.seksi_ikp,
            targets={YEAR: plan.TargetValue(D("4"))},
        )
        Realisasi.objects.create(submission=quarter.ikp, indicator=indicator, value=D(n))
        sub = SubActivity.objects.create(
            activity=activity, code=f"9.{n}", name=f"Sub {n}", responsible_unit=organization.ikp
        )
        Budget.objects.create(sub_activity=sub, year=YEAR, pagu=D("1000"))
        MonthlyProgress.objects.create(
            submission=quarter.ikp, sub_activity=sub, month=5, physical_percent=D(n)
        )
    many = _count_queries(client, quarter.ikp)
    assert many == few
