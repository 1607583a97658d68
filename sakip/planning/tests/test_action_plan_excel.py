"""The Rencana Aksi Excel round trip: download, change, upload, preview, confirm; row errors in
Indonesian; bad uploads (not an xlsx, broken, wrong template, another unit's file) change nothing."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from sakip.audit.models import AuditEvent
from sakip.core.imports import pipeline
from sakip.planning.action_plan import errors, services
from sakip.planning.action_plan_models import ActionPlan, QuarterTarget
from sakip.planning.excel import messages as excel_messages

from .test_action_plan_services import YEAR, fill, make_plan, submitted_plan
from .test_action_plan_views import login, page


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def url(name: str, plan: ActionPlan) -> str:
    return reverse(f"planning:{name}", args=[plan.pk])


def download(client, plan: ActionPlan):
    response = client.get(url("action_plan_export", plan))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return load_workbook(io.BytesIO(response.content))


def save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, plan: ActionPlan, content: bytes, name: str = "rencana-aksi.xlsx"):
    return client.post(url("action_plan_import", plan), {"file": SimpleUploadedFile(name, content)})


def header_index(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def row_of(sheet, code: str) -> int:
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == code:
            return row[0].row
    raise AssertionError(code)


def snapshot() -> list[tuple]:
    return list(QuarterTarget.objects.order_by("pk").values_list("pk", "low", "high", "actions"))


@pytest.fixture
def ikp_plan(organization, plan_data) -> ActionPlan:
    plan = make_plan(organization)
    fill(organization, plan, plan_data.indicator_ikp, ["20", "20", "20", "25"])
    plan.refresh_from_db()
    return plan


# --- download --------------------------------------------------------------------------------


def test_download_is_prefilled(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    workbook = download(client, ikp_plan)
    sheet = workbook["Rencana Aksi"]
    columns = header_index(sheet)
    for title in (
        "Kode Indikator",
        "Indikator",
        "Satuan",
        "Agregasi",
        "Target Tahunan",
        "Target TW I",
        "Target TW IV",
        "Rencana Aksi TW II",
        "Penjelasan Selisih",
    ):
        assert title in columns, title
    assert "Target TW I (atas)" not in columns  # no range indicator in this plan
    row = row_of(sheet, "IK1")
    assert sheet.cell(row, columns["Indikator"]).value == plan_data.indicator_ikp.name
    assert sheet.cell(row, columns["Satuan"]).value == "%"
    assert sheet.cell(row, columns["Agregasi"]).value == "Inkremental"
    assert Decimal(str(sheet.cell(row, columns["Target Tahunan"]).value)) == 85
    assert Decimal(str(sheet.cell(row, columns["Target TW IV"]).value)) == 25
    assert sheet.cell(row, columns["Rencana Aksi TW I"]).value == "Aksi TW 1"
    guide = workbook["Petunjuk"]
    assert guide["B2"].value == organization.ikp.code
    assert guide["B4"].value == YEAR


def test_range_plan_has_atas_columns(client, organization, plan_data):
    from sakip.planning.choices import TargetKind
    from sakip.planning.models import Indicator, IndicatorTarget

    Indicator.objects.filter(pk=plan_data.indicator_ikp.pk).update(target_kind=TargetKind.RANGE)
    IndicatorTarget.objects.filter(indicator=plan_data.indicator_ikp, year=YEAR).update(
        low=80, high=90
    )
    plan = make_plan(organization)
    login(client, "kabid.ikp")
    workbook = download(client, plan)
    sheet = workbook["Rencana Aksi"]
    columns = header_index(sheet)
    assert "Target TW I (atas)" in columns
    assert "Target Tahunan (atas)" in columns
    row = row_of(sheet, "IK1")
    assert sheet.cell(row, columns["Target Tahunan (atas)"]).value == 90

    # A high value without a low one is a row error in the "atas" world too.
    sheet.cell(row, columns["Target TW I (atas)"]).value = 25
    response = upload(client, plan, save(workbook))
    assert f"Baris {row}, kolom Target TW I: {errors.LOW_REQUIRED}" in page(response)


def test_seksi_may_download_its_bidangs_plan(client, organization, plan_data, ikp_plan):
    login(client, "kasi.ikp")
    download(client, ikp_plan)
    assert client.get(url("action_plan_import", ikp_plan)).status_code == 404


# --- the round trip ---------------------------------------------------------------------------


def test_round_trip_preview_then_confirm(client, organization, plan_data, ikp_plan, var_dir):
    login(client, "kabid.ikp")
    workbook = download(client, ikp_plan)
    sheet = workbook["Rencana Aksi"]
    columns = header_index(sheet)
    row = row_of(sheet, "IK1")
    sheet.cell(row, columns["Target TW II"]).value = 22
    sheet.cell(row, columns["Rencana Aksi TW II"]).value = "Pelatihan admin konten"
    before = snapshot()

    response = upload(client, ikp_plan, save(workbook))
    assert response.status_code == 200
    text = page(response)
    assert 'id="import-apply"' in text
    assert "Target TW II" in text and "Pelatihan admin konten" in text
    # The preview shows the check the new numbers would give: 20 + 22 + 20 + 25 = 87 ≠ 85.
    assert (
        "Jumlah target triwulan 87 tidak sama dengan target tahunan 85 (agregasi inkremental)."
        in text
    )
    assert snapshot() == before  # nothing written before the confirmation

    token = response.context["token"]
    response = client.post(url("action_plan_import_confirm", ikp_plan), {"token": token})
    assert response.status_code == 302
    changed = QuarterTarget.objects.get(
        action_plan=ikp_plan, indicator=plan_data.indicator_ikp, quarter=2
    )
    assert (changed.low, changed.actions) == (Decimal("22"), "Pelatihan admin konten")
    unchanged = QuarterTarget.objects.get(
        action_plan=ikp_plan, indicator=plan_data.indicator_ikp, quarter=1
    )
    assert unchanged.low == 20
    event = AuditEvent.objects.filter(
        object_type="planning.actionplan", object_id=str(ikp_plan.pk), action="update"
    ).latest("at")
    assert event.actor == organization["kabid.ikp"]
    assert "rencana-aksi.xlsx" in event.note
    assert event.changes["IK1 TW II"] == ["20", "22"]
    # The uploaded file is removed once applied.
    assert not list((var_dir / "imports").glob("*.xlsx"))


def test_justification_travels_through_excel(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    workbook = download(client, ikp_plan)
    sheet = workbook["Rencana Aksi"]
    columns = header_index(sheet)
    row = row_of(sheet, "IK1")
    sheet.cell(row, columns["Penjelasan Selisih"]).value = "Menunggu APBD Perubahan."
    row11 = row_of(sheet, "IK1.1")
    for quarter in ("I", "II", "III", "IV"):
        sheet.cell(row11, columns[f"Target TW {quarter}"]).value = "30"  # text is fine too
    response = upload(client, ikp_plan, save(workbook))
    client.post(url("action_plan_import_confirm", ikp_plan), {"token": response.context["token"]})
    ikp_plan.refresh_from_db()
    services.action_plan_submit(actor=organization["kabid.ikp"], plan=ikp_plan)


def test_unchanged_file_has_nothing_to_apply(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    response = upload(client, ikp_plan, save(download(client, ikp_plan)))
    assert response.status_code == 200
    assert 'id="import-apply"' not in page(response)
    assert str(errors.NOTHING_TO_APPLY) in page(response)


# --- row errors --------------------------------------------------------------------------------


def test_not_a_number_is_a_row_error_and_nothing_is_written(
    client, organization, plan_data, ikp_plan
):
    login(client, "kabid.ikp")
    workbook = download(client, ikp_plan)
    sheet = workbook["Rencana Aksi"]
    columns = header_index(sheet)
    row = row_of(sheet, "IK1")
    sheet.cell(row, columns["Target TW I"]).value = 21
    sheet.cell(row, columns["Target TW II"]).value = "dua puluh"
    before = snapshot()
    response = upload(client, ikp_plan, save(workbook))
    text = page(response)
    assert f"Baris {row}, kolom Target TW II: “dua puluh” bukan angka." in text
    assert 'id="import-apply"' not in text
    assert snapshot() == before


def test_unknown_indicator_is_a_row_error(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    workbook = download(client, ikp_plan)
    sheet = workbook["Rencana Aksi"]
    sheet.append(["S1", "IK2", "", "", "", "", 1, 1, 1, 1])
    response = upload(client, ikp_plan, save(workbook))
    message = errors.INDICATOR_NOT_IN_PLAN % {"code": "IK2"}
    assert f"Baris {sheet.max_row}, kolom Kode Indikator: {message}" in page(response)


def test_single_indicator_refuses_a_high_value(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    workbook = download(client, ikp_plan)
    sheet = workbook["Rencana Aksi"]
    # Add the "(atas)" column by hand, as someone might copy it from another template.
    column = sheet.max_column + 1
    sheet.cell(1, column).value = "Target TW I (atas)"
    row = row_of(sheet, "IK1")
    sheet.cell(row, column).value = 30
    response = upload(client, ikp_plan, save(workbook))
    assert f"Baris {row}, kolom Target TW I (atas): {errors.HIGH_NOT_ALLOWED}" in page(response)


# --- bad files ---------------------------------------------------------------------------------


def test_text_disguised_as_xlsx_is_refused(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    before = snapshot()
    response = upload(client, ikp_plan, b"Kode;Target\nIK1;20\n")
    assert response.status_code == 200
    assert str(excel_messages.INVALID_FILE) in page(response)
    assert snapshot() == before


def test_broken_zip_is_refused(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    content = save(download(client, ikp_plan))[:400]
    response = upload(client, ikp_plan, content)
    assert str(excel_messages.INVALID_FILE) in page(response)


def test_zip_that_is_not_a_workbook_is_refused(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "bukan excel")
    response = upload(client, ikp_plan, buffer.getvalue())
    assert str(excel_messages.INVALID_FILE) in page(response)


def test_wrong_template_is_refused(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    workbook = Workbook()
    workbook.active.title = "Indikator"
    workbook.active.append(["Kode Tujuan", "Kode Sasaran", "Kode Indikator"])
    before = snapshot()
    response = upload(client, ikp_plan, save(workbook))
    assert str(errors.SHEET_MISSING % {"sheet": "Rencana Aksi"}) in page(response)
    assert 'id="import-apply"' not in page(response)
    assert snapshot() == before


def test_a_sheet_past_the_row_limit_is_refused(
    client, organization, plan_data, ikp_plan, monkeypatch
):
    # The plan of IKP holds IK1 and IK1.1: two data rows, over a limit of one.
    monkeypatch.setattr(pipeline, "MAX_ROWS", 1)
    login(client, "kabid.ikp")
    before = snapshot()
    response = upload(client, ikp_plan, save(download(client, ikp_plan)))
    assert str(excel_messages.TOO_MANY_ROWS % {"max": 1}) in page(response)
    assert 'id="import-apply"' not in page(response)
    assert snapshot() == before


def test_missing_columns_are_named(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    workbook = download(client, ikp_plan)
    sheet = workbook["Rencana Aksi"]
    sheet.cell(1, header_index(sheet)["Target TW III"]).value = "Target Triwulan 3"
    response = upload(client, ikp_plan, save(workbook))
    assert "Kolom wajib tidak ditemukan" in page(response)
    assert "Target TW III" in page(response)


def test_another_units_file_is_refused(client, organization, plan_data, ikp_plan):
    aptika_plan = make_plan(organization, unit=organization.aptika, user="kabid.aptika")
    client.force_login(organization["kabid.aptika"])
    aptika_file = save(download(client, aptika_plan))
    client.logout()
    login(client, "kabid.ikp")
    before = snapshot()
    response = upload(client, ikp_plan, aptika_file)
    assert str(errors.WRONG_PLAN % {"unit": organization.aptika.code, "year": YEAR}) in page(
        response
    )
    assert snapshot() == before


def test_changes_between_preview_and_confirm_are_refused(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    workbook = download(client, ikp_plan)
    sheet = workbook["Rencana Aksi"]
    sheet.cell(row_of(sheet, "IK1"), header_index(sheet)["Target TW II"]).value = 22
    response = upload(client, ikp_plan, save(workbook))
    token = response.context["token"]
    # Someone else saves the plan meanwhile.
    fill(
        organization, ikp_plan, plan_data.indicator_ikp, ["1", "1", "1", "1"], user="staf.evaluasi"
    )
    after_other = snapshot()
    response = client.post(url("action_plan_import_confirm", ikp_plan), {"token": token})
    assert response.status_code == 302
    assert snapshot() == after_other
    messages = [str(m) for m in response.wsgi_request._messages]
    assert str(errors.IMPORT_STALE) in messages


def test_confirm_without_a_pending_upload(client, organization, plan_data, ikp_plan):
    login(client, "kabid.ikp")
    response = client.post(url("action_plan_import_confirm", ikp_plan), {"token": "abc"})
    assert response.status_code == 302
    assert response["Location"] == url("action_plan_import", ikp_plan)


def test_no_import_into_a_submitted_plan(client, organization, plan_data):
    plan = submitted_plan(organization, plan_data)
    login(client, "kabid.ikp")
    content = save(download(client, plan))
    before = snapshot()
    response = upload(client, plan, content)
    assert response.status_code == 302
    assert snapshot() == before
