"""The upload pages: download → fill → upload → preview → confirm, access, and bad uploads that
change nothing (Realisasi, MonthlyProgress and AuditEvent before and after)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sakip.accounts.models import User
from sakip.audit.models import AuditEvent
from sakip.audit.services import audit_record
from sakip.monitoring import services
from sakip.monitoring.excel import messages, template
from sakip.monitoring.models import (
    MonthlyProgress,
    PeriodStatus,
    Realisasi,
    ReportingPeriod,
    SubmissionStatus,
    UnitSubmission,
)
from sakip.procedures.notifications import format_moment

from .test_excel_import import FIRST, columns, filled, setter
from .test_excel_template import build_quarter, login

D = Decimal


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def quarter(organization, plan_data):
    return build_quarter(organization, plan_data)


def upload_url(submission) -> str:
    return reverse("monitoring:excel_upload", args=[submission.pk])


def confirm_url(submission) -> str:
    return reverse("monitoring:excel_confirm", args=[submission.pk])


def upload(client, submission, content: bytes, name="realisasi.xlsx"):
    return client.post(upload_url(submission), {"file": SimpleUploadedFile(name, content)})


def page(response) -> str:
    return response.content.decode()


def flashed(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def pending_files(var_dir):
    folder = var_dir / "imports"
    return sorted(folder.glob("*.xlsx")) if folder.exists() else []


def state():
    """Everything an upload could change: the stored values and the audit log."""
    return (
        sorted(
            Realisasi.objects.values_list(
                "submission_id", "indicator_id", "value", "problems", "solutions"
            )
        ),
        sorted(
            MonthlyProgress.objects.values_list(
                "submission_id", "sub_activity_id", "month", "physical_percent", "budget_spent"
            )
        ),
        AuditEvent.objects.count(),
    )


# --- the round trip ------------------------------------------------------------------------------


def test_round_trip_download_fill_upload_preview_confirm(client, quarter, var_dir):
    login(client, "kabid.ikp")
    form = client.get(upload_url(quarter.ikp))
    assert form.status_code == 200
    assert reverse("monitoring:excel_template", args=[quarter.ikp.pk]) in page(form)

    download = client.get(reverse("monitoring:excel_template", args=[quarter.ikp.pk]))
    workbook = load_workbook(io.BytesIO(download.content))
    cols = columns(workbook)
    sheet = workbook["Realisasi"]
    sheet.cell(FIRST, cols["Realisasi"]["Realisasi"]).value = "17,5"
    sheet.cell(FIRST, cols["Realisasi"]["Solusi"]).value = "Percepat pencairan anggaran"
    sheet.cell(FIRST + 1, cols["Realisasi"]["Realisasi"]).value = 27
    sheet.cell(FIRST + 1, cols["Realisasi"]["Kendala"]).value = "Narasumber terbatas"
    progress = workbook["Progres Bulanan"]
    progress.cell(FIRST, cols["Progres Bulanan"]["Progres Fisik (%)"]).value = 12.5
    progress.cell(FIRST + 1, cols["Progres Bulanan"]["Progres Fisik (%)"]).value = 30
    progress.cell(FIRST + 1, cols["Progres Bulanan"]["Realisasi Anggaran"]).value = 250000000
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = state()
    before_events = AuditEvent.objects.count()

    preview = upload(client, quarter.ikp, buffer.getvalue())
    assert preview.status_code == 200
    html = page(preview)
    assert "<del>15</del> → <ins>17,5</ins>" in html
    assert "<del>—</del> → <ins>Percepat pencairan anggaran</ins>" in html
    assert "<del>10</del> → <ins>12,5</ins>" in html
    assert "<del>—</del> → <ins>250.000.000</ins>" in html
    assert 'id="excel-apply"' in html
    assert preview.context["preview"].indicator_counts == {"update": 2, "unchanged": 0, "error": 0}
    assert preview.context["preview"].progress_counts == {"update": 2, "unchanged": 4, "error": 0}
    # Nothing written before the confirmation; the file waits under VAR_DIR/imports.
    assert state() == before
    assert len(pending_files(var_dir)) == 1

    response = client.post(
        confirm_url(quarter.ikp), {"token": preview.context["token"]}, follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "monitoring:submission_detail",
        kwargs={"period_pk": quarter.period.pk, "unit_pk": quarter.ikp.unit_id},
    )
    assert str(messages.APPLIED % {"indicators": 2, "progress": 2}) in flashed(response)
    ik1 = Realisasi.objects.get(submission=quarter.ikp, indicator=quarter.ik1)
    assert (ik1.value, ik1.problems, ik1.solutions) == (
        D("17.5"),
        "Anggaran terlambat",
        "Percepat pencairan anggaran",
    )
    ik11 = Realisasi.objects.get(submission=quarter.ikp, indicator=quarter.ik11)
    assert (ik11.value, ik11.problems) == (D("27"), "Narasumber terbatas")
    april = MonthlyProgress.objects.get(submission=quarter.ikp, sub_activity=quarter.sub1, month=4)
    assert (april.physical_percent, april.budget_spent) == (D("12.5"), D("100000000"))
    may = MonthlyProgress.objects.get(submission=quarter.ikp, sub_activity=quarter.sub1, month=5)
    assert (may.physical_percent, may.budget_spent) == (D("30"), D("250000000"))
    # Months left empty in the file are not created.
    assert MonthlyProgress.objects.filter(submission=quarter.ikp).count() == 2
    # Other units' data is untouched.
    assert not Realisasi.objects.filter(submission=quarter.aptika).exists()
    # Audited, by the person who confirmed.
    events = list(AuditEvent.objects.order_by("pk")[before_events:])
    assert {e.actor.username for e in events} == {"kabid.ikp"}
    saved = [e for e in events if e.object_type == "monitoring.unitsubmission"]
    assert [e.object_id for e in saved] == [str(quarter.ikp.pk)]
    assert {"IK1", "IK1.1"} <= set(saved[0].changes)
    assert pending_files(var_dir) == []
    # The confirmation cannot be replayed.
    again = client.post(confirm_url(quarter.ikp), {"token": preview.context["token"]}, follow=True)
    assert str(messages.UPLOAD_EXPIRED) in flashed(again)


def test_unchanged_template_has_nothing_to_apply(client, quarter, var_dir):
    login(client, "kabid.ikp")
    before = state()
    response = upload(client, quarter.ikp, filled(quarter.ikp))
    assert response.status_code == 200
    html = page(response)
    assert 'id="excel-nothing"' in html
    assert 'id="excel-apply"' not in html
    assert state() == before
    assert pending_files(var_dir) == []


def test_data_changed_after_preview_shows_a_new_preview(client, quarter):
    login(client, "kabid.ikp")
    response = upload(
        client, quarter.ikp, filled(quarter.ikp, setter("Realisasi", FIRST, "Realisasi", 17))
    )
    token = response.context["token"]
    # Someone saves another value in the web form meanwhile.
    Realisasi.objects.filter(submission=quarter.ikp, indicator=quarter.ik1).update(value=D("16"))
    before = state()
    response = client.post(confirm_url(quarter.ikp), {"token": token})
    assert response.status_code == 200
    assert str(messages.CHANGED_SINCE_PREVIEW) in flashed(response)
    assert "<del>16</del> → <ins>17</ins>" in page(response)
    assert state() == before
    # Confirming the new preview applies it.
    response = client.post(confirm_url(quarter.ikp), {"token": token}, follow=True)
    assert Realisasi.objects.get(submission=quarter.ikp, indicator=quarter.ik1).value == D("17")


def test_confirm_without_upload_is_refused(client, quarter):
    login(client, "kabid.ikp")
    before = state()
    response = client.post(confirm_url(quarter.ikp), {"token": "0" * 32}, follow=True)
    assert str(messages.UPLOAD_EXPIRED) in flashed(response)
    assert state() == before


def test_confirm_is_post_only(client, quarter):
    login(client, "kabid.ikp")
    assert client.get(confirm_url(quarter.ikp)).status_code == 405


# --- bad uploads ---------------------------------------------------------------------------------


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("catatan.txt", "bukan excel")
    return buffer.getvalue()


def _without_sheet(quarter):
    def edit(workbook, cols):
        del workbook["Progres Bulanan"]

    return filled(quarter.ikp, edit)


def _without_column(quarter):
    def edit(workbook, cols):
        workbook["Realisasi"].cell(template.HEADER_ROW, cols["Realisasi"]["Realisasi"]).value = None

    return filled(quarter.ikp, edit)


BAD_UPLOADS = {
    "pdf named xlsx": (
        lambda q: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        lambda q: str(messages.INVALID_FILE),
    ),
    "text named xlsx": (
        lambda q: b"Kode;Realisasi\nIK1;12\n",
        lambda q: str(messages.INVALID_FILE),
    ),
    "broken zip": (
        lambda q: b"PK\x03\x04" + b"\x00rusak" * 50,
        lambda q: str(messages.INVALID_FILE),
    ),
    "zip, not a workbook": (
        lambda q: _zip_without_workbook(),
        lambda q: str(messages.INVALID_FILE),
    ),
    "another unit's template": (
        lambda q: filled(q.aptika),
        lambda q: (
            "Templat ini untuk Bidang Aptika, TW II 2026 (Dinas Kominfo Uji), bukan untuk "
            "Bidang IKP, TW II 2026 (Dinas Kominfo Uji)."
        ),
    ),
    "another quarter's template": (
        lambda q: filled(q.ikp_q1),
        lambda q: (
            "Templat ini untuk Bidang IKP, TW I 2026 (Dinas Kominfo Uji), bukan untuk "
            "Bidang IKP, TW II 2026 (Dinas Kominfo Uji)."
        ),
    ),
    "missing sheet": (
        _without_sheet,
        lambda q: str(messages.SHEET_MISSING % {"sheet": "Progres Bulanan"}),
    ),
    "missing column": (
        _without_column,
        lambda q: str(messages.COLUMNS_MISSING % {"sheet": "Realisasi", "columns": "Realisasi"}),
    ),
    "not a number": (
        lambda q: filled(q.ikp, setter("Realisasi", FIRST, "Realisasi", "dua belas")),
        lambda q: f"Baris {FIRST}, kolom Realisasi: “dua belas” bukan angka.",
    ),
    "physical above 100": (
        lambda q: filled(q.ikp, setter("Progres Bulanan", FIRST, "Progres Fisik (%)", 150)),
        lambda q: (
            f"Baris {FIRST}, kolom Progres Fisik (%): progres fisik harus antara 0 dan "
            "100 persen, bukan 150."
        ),
    ),
    "negative budget": (
        lambda q: filled(q.ikp, setter("Progres Bulanan", FIRST, "Realisasi Anggaran", -1)),
        lambda q: (
            f"Baris {FIRST}, kolom Realisasi Anggaran: realisasi anggaran tidak boleh negatif (-1)."
        ),
    ),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_bad_upload_gets_a_clear_message_and_changes_nothing(client, quarter, var_dir, case):
    make_content, make_message = BAD_UPLOADS[case]
    content = make_content(quarter)
    login(client, "kabid.ikp")
    before = state()
    response = upload(client, quarter.ikp, content)
    assert response.status_code == 200
    assert make_message(quarter) in page(response).replace("&quot;", '"')
    assert 'id="excel-apply"' not in page(response)
    assert state() == before
    assert pending_files(var_dir) == []


def test_oversized_file_is_refused(client, quarter, settings, var_dir):
    content = filled(quarter.ikp, setter("Realisasi", FIRST, "Realisasi", 17))
    settings.PLAN_IMPORT_MAX_BYTES = len(content) - 1
    login(client, "kabid.ikp")
    before = state()
    response = upload(client, quarter.ikp, content)
    assert response.status_code == 200
    assert "Berkas terlalu besar" in page(response)
    assert 'id="excel-apply"' not in page(response)
    assert state() == before
    assert pending_files(var_dir) == []


def test_no_file_is_refused(client, quarter):
    login(client, "kabid.ikp")
    response = client.post(upload_url(quarter.ikp), {})
    assert str(messages.FILE_REQUIRED) in page(response)


def test_one_bad_row_among_good_ones_writes_nothing(client, quarter):
    def edit(workbook, cols):
        workbook["Realisasi"].cell(FIRST, cols["Realisasi"]["Realisasi"]).value = 17
        workbook["Realisasi"].cell(FIRST + 1, cols["Realisasi"]["Realisasi"]).value = "banyak"

    login(client, "kabid.ikp")
    before = state()
    response = upload(client, quarter.ikp, filled(quarter.ikp, edit))
    html = page(response)
    assert f"Baris {FIRST + 1}, kolom Realisasi: “banyak” bukan angka." in html
    assert 'id="excel-apply"' not in html
    assert state() == before


# --- access --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["kabid.aptika", "kadis", "staf.evaluasi", "bagor", "kadis.lain", "outsider"]
)
def test_others_get_404_and_change_nothing(client, quarter, username):
    content = filled(quarter.ikp, setter("Realisasi", FIRST, "Realisasi", 17))
    login(client, username)
    before = state()
    assert client.get(upload_url(quarter.ikp)).status_code == 404
    assert upload(client, quarter.ikp, content).status_code == 404
    assert client.post(confirm_url(quarter.ikp), {"token": "0" * 32}).status_code == 404
    assert state() == before


def test_another_unit_cannot_confirm_a_pending_upload(client, quarter):
    """A token taken from the unit's session is of no use in someone else's."""
    login(client, "kabid.ikp")
    response = upload(
        client, quarter.ikp, filled(quarter.ikp, setter("Realisasi", FIRST, "Realisasi", 17))
    )
    token = response.context["token"]
    client.logout()
    login(client, "kabid.aptika")
    before = state()
    assert client.post(confirm_url(quarter.ikp), {"token": token}).status_code == 404
    assert client.post(confirm_url(quarter.aptika), {"token": token}).status_code == 302
    assert state() == before


def test_the_seksi_of_the_unit_may_upload(client, quarter):
    login(client, "kasi.ikp")
    response = upload(
        client, quarter.ikp, filled(quarter.ikp, setter("Realisasi", FIRST, "Realisasi", 17))
    )
    assert response.status_code == 200
    assert 'id="excel-apply"' in page(response)


REFUSED = 'id="upload-refused"'


@pytest.mark.parametrize("status", [SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED])
def test_submitted_data_cannot_be_uploaded_and_the_page_says_so(client, quarter, status):
    content = filled(quarter.ikp, setter("Realisasi", FIRST, "Realisasi", 17))
    UnitSubmission.objects.filter(pk=quarter.ikp.pk).update(status=status)
    login(client, "kabid.ikp")
    before = state()
    response = upload(client, quarter.ikp, content)
    assert response.status_code == 409  # was a 404
    html = page(response)
    assert REFUSED in html and str(services.NOT_EDITABLE) in html
    assert 'type="file"' not in html
    assert state() == before


def test_submission_sent_between_preview_and_confirm_says_who_sent_it(client, quarter):
    login(client, "kabid.ikp")
    response = upload(
        client, quarter.ikp, filled(quarter.ikp, setter("Realisasi", FIRST, "Realisasi", 17))
    )
    # Meanwhile the unit's head sends the data from the entry page (the service's audit event).
    kabid = User.objects.get(username="kabid.ikp")
    UnitSubmission.objects.filter(pk=quarter.ikp.pk).update(status=SubmissionStatus.SUBMITTED)
    sent = audit_record(actor=kabid, instance=quarter.ikp, action="submit")
    before = state()
    response = client.post(confirm_url(quarter.ikp), {"token": response.context["token"]})
    assert response.status_code == 409  # was a 404
    expected = str(services.SUBMITTED_BY) % {
        "name": kabid.display_name,
        "when": format_moment(sent.at),
    }
    assert expected in page(response)
    assert state() == before


def test_an_upload_to_a_locked_quarter_says_the_quarter_is_locked(client, quarter):
    content = filled(quarter.ikp, setter("Realisasi", FIRST, "Realisasi", 17))
    ReportingPeriod.objects.filter(pk=quarter.period.pk).update(status=PeriodStatus.LOCKED)
    login(client, "kabid.ikp")
    before = state()
    locked = str(services.PERIOD_LOCKED % {"period": str(quarter.period)})
    for response in (
        client.get(upload_url(quarter.ikp)),
        upload(client, quarter.ikp, content),
        client.get(reverse("monitoring:excel_template", args=[quarter.ikp.pk])),
    ):
        assert response.status_code == 409  # was a 404
        html = page(response)
        assert REFUSED in html and locked in html
    assert state() == before
