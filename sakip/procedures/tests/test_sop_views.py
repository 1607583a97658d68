"""SOP pages: the list, the sheet and its PDF, the history, and the administrators' edit page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sakip.audit.models import AuditEvent
from sakip.conftest import PASSWORD
from sakip.procedures.definitions import DEFINITIONS_DIR, load_definition, load_definitions
from sakip.procedures.forms_sops import step_formset
from sakip.procedures.models import SopRevision, SopStep
from sakip.procedures.views_sops import _apply_row_errors

SOP1 = DEFINITIONS_DIR / "sop-pengukuran-kinerja.toml"
SOP2 = DEFINITIONS_DIR / "sop-pengumpulan-data-kinerja.toml"


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


@pytest.fixture
def sop1(organization) -> SopRevision:
    return load_definition(SOP1, agency=organization.agency, actor=None).revision


@pytest.fixture
def sop2(organization) -> SopRevision:
    return load_definition(SOP2, agency=organization.agency, actor=None).revision


# --- list -------------------------------------------------------------------------------------


def test_list_shows_the_agencys_sops(organization, sop1, sop2):
    html = _client("kabid.ikp").get(reverse("procedures:sop_list")).content.decode()
    assert "Pelaksanaan Pengukuran Kinerja" in html
    assert "SOP Mekanisme Pengumpulan Data Kinerja" in html
    assert "004/SOP/Diskominfo/BLG/2023" in html
    assert "01 Januari 2023" in html
    assert reverse("procedures:sop_sheet", args=[sop1.pk]) in html
    assert reverse("procedures:sop_sheet_pdf", args=[sop2.pk]) in html
    assert reverse("procedures:sop_edit", args=[sop1.pk]) not in html  # not an administrator


def test_list_is_empty_for_another_agency_and_for_an_outsider(organization, sop1):
    for username in ("kadis.lain", "outsider"):
        html = _client(username).get(reverse("procedures:sop_list")).content.decode()
        assert "Pelaksanaan Pengukuran Kinerja" not in html
        assert "Belum ada SOP" in html


def test_list_query_count_does_not_grow_with_sops(organization, django_assert_max_num_queries):
    client = _client("admin")
    load_definition(SOP1, agency=organization.agency, actor=None)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("procedures:sop_list"))
    load_definitions(agency=organization.other_agency, actor=None)
    load_definition(SOP2, agency=organization.agency, actor=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("procedures:sop_list")).content.decode()
    assert html.count("Pelaksanaan Pengukuran Kinerja") == 2
    assert "Dinas Lain" in html  # several agencies: the administrator sees which one


# --- sheet ------------------------------------------------------------------------------------


def test_sheet_page_shows_the_official_sheet(organization, sop1):
    response = _client("kabid.ikp").get(reverse("procedures:sop_sheet", args=[sop1.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "PEMERINTAH KABUPATEN UJI" in html
    assert "STANDAR OPERASIONAL PROSEDUR (SOP) PELAKSANAAN PENGUKURAN KINERJA" in html
    for text in (
        "Dasar Hukum",
        "Kualifikasi Pelaksana",
        "Keterkaitan",
        "Peralatan/Perlengkapan",
        "Peringatan",
        "Pencatatan dan Pendataan",
        "Atasan Langsung",
        "Kasubag Umum dan Kepegawaian",
        "Koreksi draft RKT dari Bidang-Bidang dan Sekretariat",
        "15 Menit",
        "Tersimpannya dokumen pengukuran kinerja",
        "NIP. 19710823 199303 1 005",
    ):
        assert text in html, text
    # One drawing per row (seven steps and the end terminator), no inline style or script.
    assert html.count('<svg class="sop-flow"') == 8
    assert "style=" not in html.split('<div class="sop-screen">')[1]
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert reverse("procedures:sop_edit", args=[sop1.pk]) not in html


@pytest.mark.parametrize(
    "username", ["kadis", "sekretaris", "kasi.ikp", "staf.evaluasi", "bagor", "admin"]
)
def test_sheet_is_readable_in_the_agency(organization, sop1, username):
    response = _client(username).get(reverse("procedures:sop_sheet", args=[sop1.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("username", ["kadis.lain", "outsider"])
def test_sheet_of_another_agency_is_404(organization, sop1, username):
    client = _client(username)
    for name in ("procedures:sop_sheet", "procedures:sop_sheet_pdf", "procedures:sop_history"):
        assert client.get(reverse(name, args=[sop1.pk])).status_code == 404


def test_sheet_needs_login(sop1):
    response = Client().get(reverse("procedures:sop_sheet", args=[sop1.pk]))
    assert response.status_code == 302


def test_pdf_download(organization, sop2):
    response = _client("kasubag.renkeu").get(reverse("procedures:sop_sheet_pdf", args=[sop2.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="sop-pengumpulan-data-kinerja-revisi-1.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


# --- edit -------------------------------------------------------------------------------------


def _form_data(revision: SopRevision, **changes: str) -> dict[str, str]:
    data = {
        "number": revision.number,
        "title": revision.title,
        "created_date": revision.created_date.isoformat(),
        "revised_date": "",
        "approved_date": revision.approved_date.isoformat() if revision.approved_date else "",
        "approved_by_label": revision.approved_by_label,
        "approver_title": revision.approver_title,
        "approver_name": revision.approver_name,
        "approver_nip": "19710823 199303 1 005",
        "legal_basis": "\n".join(revision.legal_basis),
        "qualifications": "\n".join(revision.qualifications),
        "related_sops": "\n".join(revision.related_sops),
        "equipment": "\n".join(revision.equipment),
        "warning": "\n".join(revision.warning),
        "record_keeping": "\n".join(revision.record_keeping),
        "effective_date": "2024-07-01",
        "change_note": "Perbaikan salah ketik.",
        "expected_revision": str(revision.revision),
    }
    lanes = list(revision.lanes.order_by("order"))
    data.update({"lanes-TOTAL_FORMS": str(len(lanes)), "lanes-INITIAL_FORMS": str(len(lanes))})
    for i, lane in enumerate(lanes):
        data.update(
            {
                f"lanes-{i}-name": lane.name,
                f"lanes-{i}-role": lane.role,
            }
        )
        if lane.relative:
            data[f"lanes-{i}-relative"] = "on"
    steps = list(revision.steps.select_related("lane").order_by("number"))
    data.update(
        {
            "steps-TOTAL_FORMS": str(len(steps)),
            "steps-INITIAL_FORMS": str(len(steps)),
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
        }
    )
    for i, step in enumerate(steps):
        data.update(
            {
                f"steps-{i}-activity": step.activity,
                f"steps-{i}-lane": str(step.lane.order),
                f"steps-{i}-requirements": step.requirements,
                f"steps-{i}-duration_value": f"{step.duration_value.normalize():f}",
                f"steps-{i}-duration_unit": step.duration_unit,
                f"steps-{i}-output": step.output,
                f"steps-{i}-remarks": step.remarks,
            }
        )
    data.update(changes)
    return data


@pytest.mark.parametrize("username", ["kadis", "sekretaris", "staf.evaluasi", "kasubag.renkeu"])
def test_edit_page_is_404_for_non_administrators(organization, sop2, username):
    client = _client(username)
    url = reverse("procedures:sop_edit", args=[sop2.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form_data(sop2)).status_code == 404
    assert SopRevision.objects.count() == 1


def test_edit_page_shows_the_latest_revision(organization, sop2):
    response = _client("admin").get(reverse("procedures:sop_edit", args=[sop2.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Caatan pembagian tugas" in html
    assert "19710823 199303 1 005" in html
    assert "Simpan sebagai revisi 2" in html


def test_saving_creates_revision_2_and_keeps_revision_1(organization, sop2):
    client = _client("admin")
    data = _form_data(
        sop2,
        **{
            "steps-5-requirements": "Catatan pembagian tugas",
            "steps-2-duration_value": "1,5",
            "steps-2-duration_unit": "hour",
            "revised_date": "2024-06-20",
        },
    )
    response = client.post(reverse("procedures:sop_edit", args=[sop2.pk]), data)
    new = SopRevision.objects.get(sop=sop2.sop, revision=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("procedures:sop_sheet", args=[new.pk])
    assert new.revised_date == datetime.date(2024, 6, 20)
    assert new.change_note == "Perbaikan salah ketik."
    step3 = new.steps.get(number=3)
    assert (step3.duration_value, step3.duration_unit) == (1.5, "hour")
    assert new.steps.get(number=6).requirements == "Catatan pembagian tugas"
    assert sop2.steps.get(number=6).requirements == "Caatan pembagian tugas"  # revision 1 as signed
    assert AuditEvent.objects.filter(
        object_type="procedures.soprevision", object_id=str(new.pk)
    ).exists()

    page = client.get(response["Location"]).content.decode()
    assert "Revisi 2" in page and "Catatan pembagian tugas" in page and "1,5 Jam" in page
    old = client.get(reverse("procedures:sop_sheet", args=[sop2.pk])).content.decode()
    assert "Ini bukan revisi terbaru" in old and "Caatan pembagian tugas" in old
    history = client.get(reverse("procedures:sop_history", args=[new.pk])).content.decode()
    assert "Perbaikan salah ketik." in history and "Dimuat dari berkas SOP bawaan" in history


def test_editing_an_old_revision_goes_to_the_latest(organization, sop2):
    client = _client("admin")
    client.post(reverse("procedures:sop_edit", args=[sop2.pk]), _form_data(sop2))
    latest = SopRevision.objects.get(sop=sop2.sop, revision=2)
    response = client.get(reverse("procedures:sop_edit", args=[sop2.pk]))
    assert response["Location"] == reverse("procedures:sop_edit", args=[latest.pk])


def test_invalid_input_is_refused_in_indonesian_and_nothing_is_lost(organization, sop2):
    data = _form_data(
        sop2,
        **{
            "change_note": "",
            "steps-0-activity": "Mengumpulkan data kinerja triwulan (diketik ulang)",
            "steps-2-duration_value": "0",
            "steps-4-activity": "",
            "effective_date": "2022-01-01",
        },
    )
    response = _client("admin").post(reverse("procedures:sop_edit", args=[sop2.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Perbaiki isian yang ditandai di bawah ini." in html
    assert "Periksa pelaksana dan langkah yang ditandai di bawah ini." in html
    assert "Mengumpulkan data kinerja triwulan (diketik ulang)" in html  # typed text kept
    assert SopRevision.objects.count() == 1
    assert SopStep.objects.count() == 9


def test_errors_land_next_to_their_fields(organization, sop2):
    client = _client("admin")
    url = reverse("procedures:sop_edit", args=[sop2.pk])
    response = client.post(url, _form_data(sop2, effective_date="2022-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["effective_date"] == [
        "Tanggal efektif tidak boleh sebelum tanggal efektif revisi 1 (02 Januari 2023)."
    ]
    response = client.post(url, _form_data(sop2, **{"steps-2-duration_value": "0"}))
    assert response.context["formset"].forms[2].errors["duration_value"] == [
        "Waktu (mutu baku) harus lebih besar dari 0."
    ]
    assert SopRevision.objects.count() == 1


def test_lanes_can_be_renamed_and_given_another_role(organization, sop2):
    client = _client("admin")
    url = reverse("procedures:sop_edit", args=[sop2.pk])
    data = _form_data(sop2, **{"lanes-2-role": "boss", "lanes-1-name": "Kabid"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "role" in response.context["lane_forms"].forms[2].errors
    assert 'value="Kabid"' in response.content.decode()  # typed text kept
    assert "Kode unit" not in response.content.decode()  # lanes name roles only
    data["lanes-2-role"] = "kasubag"
    response = client.post(url, data)
    assert response.status_code == 302
    new = SopRevision.objects.get(sop=sop2.sop, revision=2)
    lanes = list(new.lanes.order_by("order").values_list("name", "role", "relative"))
    assert lanes[1] == ("Kabid", "division_head", True)
    assert lanes[2] == ("Kasubbag Perencanaan dan Keuangan", "kasubag", False)
    # Revision 1 keeps the role it was loaded with.
    assert sop2.lanes.get(order=3).role == "kasubag_planning"


def test_service_step_errors_are_put_on_the_step_row(organization, sop2):
    lanes = list(sop2.lanes.order_by("order"))
    formset = step_formset(9)(_form_data(sop2), prefix="steps", form_kwargs={"lanes": lanes})
    assert formset.is_valid()
    error = ValidationError(
        {"steps.2.duration_value": ["Terlalu lama."], "steps.4.symbol": ["Simbol salah."]}
    )
    assert _apply_row_errors(formset, error, "steps") == []
    assert formset.forms[2].errors["duration_value"] == ["Terlalu lama."]
    assert formset.forms[4].non_field_errors() == ["Simbol salah."]


def test_a_tampered_step_count_is_refused(organization, sop2):
    data = _form_data(sop2)
    data["steps-TOTAL_FORMS"] = "8"
    response = _client("admin").post(reverse("procedures:sop_edit", args=[sop2.pk]), data)
    assert response.status_code == 200
    assert SopRevision.objects.count() == 1


# --- Django admin -----------------------------------------------------------------------------


def test_admin_shows_revisions_read_only(organization, sop1):
    client = _client("admin")
    change = reverse("admin:procedures_soprevision_change", args=[sop1.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert "Koreksi draft RKT dari Bidang-Bidang dan Sekretariat" in response.content.decode()
    assert client.get(reverse("admin:procedures_soprevision_add")).status_code == 403
    assert client.post(change, {"title": "Diubah"}).status_code == 403
    for name in ("sop", "procedurerun", "task", "notification", "workschedule", "holiday"):
        assert client.get(reverse(f"admin:procedures_{name}_changelist")).status_code == 200


def test_admin_holiday_edit_is_audited(organization):
    client = _client("admin")
    response = client.post(
        reverse("admin:procedures_holiday_add"),
        {"date": "2026-03-20", "name": "Libur daerah uji", "kind": "local", "agency": ""},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(object_type="procedures.holiday", action="create")
    assert event.actor == organization["admin"]


def test_admin_schedule_days_are_audited(organization):
    client = _client("admin")
    response = client.post(
        reverse("admin:procedures_workschedule_add"),
        {
            "name": "Jam kerja Ramadan",
            "agency": "",
            "valid_from": "2026-02-18",
            "valid_to": "2026-03-19",
            "days-TOTAL_FORMS": "1",
            "days-INITIAL_FORMS": "0",
            "days-0-weekday": "0",
            "days-0-start": "08:00",
            "days-0-end": "15:00",
            "days-0-break_start": "12:00",
            "days-0-break_end": "12:30",
        },
    )
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [f.errors for f in response.context["inline_admin_formsets"][0].formset.forms],
    )
    events = AuditEvent.objects.filter(object_type="procedures.workschedule")
    assert {e.action for e in events} == {"create", "update"}
