"""A unit's entry page (SOP 2 step 1): values, kendala/solusi, evidence, monthly progress, submit;
capaian for the quarter and to date; access."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.urls import reverse

from sakip.measurement import Aggregation, Period, Polarity, Target, period_capaian
from sakip.monitoring import files, services
from sakip.monitoring.models import (
    Evidence,
    MonthlyProgress,
    Realisasi,
    SubmissionStatus,
)
from sakip.planning.services import StaleEditError
from sakip.procedures.choices import TaskOutcome, TaskStatus
from sakip.procedures.models import Task

from . import test_cycle_support as support
from .test_cycle_support import (
    ON_TIME,
    client_for,
    fake_pdf_upload,
    open_quarter,
    open_tasks,
    pdf_bytes,
    pdf_upload,
    save,
    submission_of,
)

D = Decimal
pytestmark = pytest.mark.django_db

# Fixtures of the shared module.
cycle = support.cycle
_media = support._media


def _url(period, unit):
    return reverse("monitoring:submission_detail", args=[period.pk, unit.pk])


# --- saving ------------------------------------------------------------------------------------


def test_unit_saves_values_and_monthly_progress(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    save(
        cycle,
        submission,
        values={
            cycle.ik11.pk: (D("24"), "Cuaca", "Tambah petugas"),
            cycle.ik1.pk: (D("85"), "", ""),
        },
        progress={
            (cycle.sub_activity.pk, 1): (D("10"), D("5000000")),
            (cycle.sub_activity.pk, 3): (D("30.5"), None),
        },
        version=submission.version,
    )
    row = Realisasi.objects.get(submission=submission, indicator=cycle.ik11)
    assert (row.value, row.problems, row.solutions) == (D("24"), "Cuaca", "Tambah petugas")
    progress = {
        p.month: (p.physical_percent, p.budget_spent) for p in MonthlyProgress.objects.all()
    }
    assert progress == {1: (D("10"), D("5000000")), 3: (D("30.5"), None)}
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    from sakip.audit.models import AuditEvent

    event = AuditEvent.objects.filter(object_id=str(submission.pk), action="update").get()
    assert event.actor == o["kabid.ikp"]
    assert "IK1.1" in event.changes


def test_a_wrong_row_refuses_the_whole_save(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    sub = cycle.sub_activity.pk
    with pytest.raises(ValidationError) as error:
        save(
            cycle,
            submission,
            values={cycle.ik11.pk: (D("24"), "", ""), cycle.ik2.pk: (D("2"), "", "")},
            progress={(sub, 1): (D("101"), D("-5")), (sub, 4): (D("10"), None)},
        )
    problems = error.value.message_dict
    assert problems[f"value_{cycle.ik2.pk}"] == [str(services.INDICATOR_NOT_OF_UNIT)]
    assert problems[f"physical_{sub}_1"] == [str(services.PHYSICAL_RANGE)]
    assert problems[f"budget_spent_{sub}_1"] == [str(services.SPENT_NEGATIVE)]
    assert problems[f"physical_{sub}_4"] == [str(services.SUB_ACTIVITY_NOT_OF_UNIT)]  # April: TW II
    assert not Realisasi.objects.exists()
    assert not MonthlyProgress.objects.exists()


def test_numbers_are_checked_like_the_fields_store_them(cycle):
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    with pytest.raises(ValidationError) as error:
        save(
            cycle,
            submission,
            values={cycle.ik11.pk: ("dua belas", "", ""), cycle.ik1.pk: (D("1.23456"), "", "")},
            progress={(cycle.sub_activity.pk, 2): (D("10.555"), D("1e30"))},
        )
    problems = error.value.message_dict
    assert "“dua belas” bukan angka" in problems[f"value_{cycle.ik11.pk}"][0]
    assert problems[f"value_{cycle.ik1.pk}"] == ["Paling banyak 4 angka di belakang koma."]
    assert problems[f"physical_{cycle.sub_activity.pk}_2"] == [
        "Paling banyak 2 angka di belakang koma."
    ]
    assert "terlalu besar" in problems[f"budget_spent_{cycle.sub_activity.pk}_2"][0]


def test_a_stale_edit_is_refused(cycle):
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    loaded = submission.version
    save(cycle, submission, "kasi.ikp", values={cycle.ik11.pk: (D("20"), "", "")}, version=loaded)
    with pytest.raises(StaleEditError):
        save(cycle, submission, values={cycle.ik11.pk: (D("24"), "", "")}, version=loaded)
    assert Realisasi.objects.get(indicator=cycle.ik11).value == D("20")


def test_another_unit_cannot_save_into_a_submission(cycle):
    from django.core.exceptions import PermissionDenied

    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    with pytest.raises(PermissionDenied):
        save(cycle, submission, "kabid.aptika", values={cycle.ik11.pk: (D("1"), "", "")})


# --- evidence ----------------------------------------------------------------------------------


def test_evidence_is_checked_by_content_and_size(cycle, settings):
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    evidence = services.evidence_add(
        actor=cycle["kabid.ikp"], upload=pdf_upload(), submission=submission, indicator=cycle.ik11
    )
    assert (evidence.name, evidence.content_type) == ("bukti.pdf", "application/pdf")
    assert evidence.file.read().startswith(b"%PDF-")
    assert "evidence/" in evidence.file.name

    field = f"evidence_{cycle.ik11.pk}"
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            actor=cycle["kabid.ikp"],
            upload=fake_pdf_upload(),
            submission=submission,
            indicator=cycle.ik11,
        )
    assert error.value.message_dict[field] == [
        str(files.EVIDENCE_TYPE_REFUSED % {"name": "palsu.pdf"})
    ]
    png_as_pdf = SimpleUploadedFile("gambar.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            actor=cycle["kabid.ikp"], upload=png_as_pdf, submission=submission, indicator=cycle.ik11
        )
    assert "tidak sesuai dengan jenis berkasnya (.pdf)" in error.value.message_dict[field][0]
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.evidence_add(
            actor=cycle["kabid.ikp"],
            upload=pdf_upload(),
            submission=submission,
            indicator=cycle.ik11,
        )
    assert "terlalu besar" in error.value.message_dict[field][0]
    assert Evidence.objects.count() == 1


def test_office_files_are_told_apart_by_their_parts(tmp_path):
    import docx
    import openpyxl

    document = docx.Document()
    document.add_paragraph("Notulen rapat")
    docx_path = tmp_path / "notulen.docx"
    document.save(docx_path)
    workbook = openpyxl.Workbook()
    xlsx_path = tmp_path / "rekap.xlsx"
    workbook.save(xlsx_path)
    docx_upload = SimpleUploadedFile("notulen.docx", docx_path.read_bytes())
    assert files.validate_evidence_file(docx_upload).key == "docx"
    assert (
        files.validate_evidence_file(SimpleUploadedFile("rekap.xlsx", xlsx_path.read_bytes())).key
        == "xlsx"
    )
    with pytest.raises(ValidationError):
        files.validate_evidence_file(SimpleUploadedFile("notulen.xlsx", docx_path.read_bytes()))
    with pytest.raises(ValidationError):
        files.validate_evidence_file(SimpleUploadedFile("skrip.exe", pdf_bytes()))


def test_evidence_is_deleted_while_editable(cycle):
    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    evidence = services.evidence_add(
        actor=cycle["kabid.ikp"], upload=pdf_upload(), submission=submission, indicator=cycle.ik11
    )
    response = client_for("kabid.ikp").post(
        reverse("monitoring:evidence_delete", args=[evidence.pk])
    )
    assert response.status_code == 302
    assert not Evidence.objects.exists()


# --- submitting --------------------------------------------------------------------------------


def test_explanation_is_required_below_the_threshold_at_submit(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    # Saving a draft below the threshold without kendala/solusi is allowed.
    save(
        cycle,
        submission,
        values={cycle.ik11.pk: (D("24"), "", ""), cycle.ik1.pk: (D("85"), "", "")},
    )
    with pytest.raises(ValidationError) as error:
        services.submission_submit(actor=o["kabid.ikp"], submission=submission, now=ON_TIME)
    params = {"capaian": "80,00", "threshold": "100"}
    assert error.value.message_dict == {
        f"problems_{cycle.ik11.pk}": [str(services.PROBLEMS_REQUIRED % params)],
        f"solutions_{cycle.ik11.pk}": [str(services.SOLUTIONS_REQUIRED % params)],
    }
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    save(cycle, submission, values={cycle.ik11.pk: (D("24"), "Hujan", "Jadwal ulang")})
    services.submission_submit(actor=o["kabid.ikp"], submission=submission, now=ON_TIME)
    submission.refresh_from_db()
    assert (submission.status, submission.submitted_at) == (SubmissionStatus.SUBMITTED, ON_TIME)


def test_a_targeted_indicator_needs_its_value_at_submit(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    save(cycle, submission, values={cycle.ik1.pk: (D("85"), "", "")})
    with pytest.raises(ValidationError) as error:
        services.submission_submit(actor=o["kabid.ikp"], submission=submission)
    assert error.value.message_dict == {f"value_{cycle.ik11.pk}": [str(services.VALUE_REQUIRED)]}


def test_submitting_completes_the_units_data_request_task(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    save(
        cycle,
        submission,
        values={cycle.ik11.pk: (D("30"), "", ""), cycle.ik1.pk: (D("85"), "", "")},
    )
    services.submission_submit(actor=o["kabid.ikp"], submission=submission, now=ON_TIME)
    task = Task.objects.get(run=period.run, unit=o.ikp, step__number=1)
    assert (task.status, task.outcome, task.completed_at) == (
        TaskStatus.DONE,
        TaskOutcome.DONE,
        ON_TIME,
    )
    # The recap (step 2) is a join: it waits for the other units.
    assert not open_tasks(period, "data.recap")
    with pytest.raises(ValidationError):
        save(cycle, submission, values={cycle.ik11.pk: (D("31"), "", "")})


def test_a_seksi_head_may_enter_but_only_the_unit_head_submits(cycle):
    from django.core.exceptions import PermissionDenied

    period = open_quarter(cycle)
    submission = submission_of(period, cycle.organization.ikp)
    save(
        cycle,
        submission,
        "kasi.ikp",
        values={cycle.ik11.pk: (D("30"), "", ""), cycle.ik1.pk: (D("85"), "", "")},
    )
    with pytest.raises(PermissionDenied):
        services.submission_submit(actor=cycle["kasi.ikp"], submission=submission)


# --- the page ----------------------------------------------------------------------------------


def test_entry_page_saves_and_keeps_input_on_error(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    client = client_for("kabid.ikp")
    url = _url(period, o.ikp)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "IK1.1" in html and "IK2" not in html
    assert "Publikasi Informasi Daerah" in html
    sub = cycle.sub_activity.pk
    data = {
        "version": submission.version,
        "action": "save",
        f"value_{cycle.ik11.pk}": "dua belas",
        f"problems_{cycle.ik11.pk}": "Kendala yang diketik",
        f"value_{cycle.ik1.pk}": "85",
        f"budget_spent_{sub}_1": "1.500.000",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "“dua belas” bukan angka. Tulis ribuan dengan titik" in html
    assert 'value="dua belas"' in html
    assert "Kendala yang diketik" in html
    assert not Realisasi.objects.exists()

    data[f"value_{cycle.ik11.pk}"] = "24,5"
    data[f"evidence_{cycle.ik11.pk}"] = pdf_upload("foto-kegiatan.pdf")
    response = client.post(url, data)
    assert response.status_code == 302
    row = Realisasi.objects.get(indicator=cycle.ik11)
    assert (row.value, row.problems) == (D("24.5"), "Kendala yang diketik")
    assert MonthlyProgress.objects.get().budget_spent == D("1500000")
    evidence = Evidence.objects.get()
    html = client.get(url).content.decode()
    assert reverse("monitoring:evidence_download", args=[evidence.pk]) in html
    assert "foto-kegiatan.pdf" in html


def test_a_bad_evidence_file_on_the_page_saves_nothing(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    response = client_for("kabid.ikp").post(
        _url(period, o.ikp),
        {
            "version": submission.version,
            "action": "save",
            f"value_{cycle.ik11.pk}": "24",
            f"evidence_{cycle.ik11.pk}": fake_pdf_upload(),
        },
    )
    assert response.status_code == 200
    assert "tidak dapat diterima sebagai data dukung" in response.content.decode()
    assert not Realisasi.objects.exists() and not Evidence.objects.exists()


def test_submit_button_saves_and_submits_with_the_explanation_required(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    client = client_for("kabid.ikp")
    url = _url(period, o.ikp)
    assert 'id="submit-button"' in client.get(url).content.decode()
    data = {
        "version": submission.version,
        "action": "submit",
        f"value_{cycle.ik11.pk}": "24",
        f"value_{cycle.ik1.pk}": "85",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "isi kendala sebelum mengirim" in html
    assert 'value="24"' in html
    assert not Realisasi.objects.exists()  # the save rolled back with the refused submit
    data[f"problems_{cycle.ik11.pk}"] = "Narasumber terbatas"
    data[f"solutions_{cycle.ik11.pk}"] = "Kerja sama dengan media"
    assert client.post(url, data).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert 'id="save-button"' not in client.get(url).content.decode()


def test_capaian_shown_follows_the_measurement_rules(cycle):
    """IK1.1, incremental, target 30 per quarter: TW I 24 (accepted), TW II 36 (draft).
    TW II: 36/30 = 120,00 (Sangat Tinggi); s.d. TW II: 60/60 = 100,00 (Sangat Tinggi).
    TW I alone: 24/30 = 80,00 (Tinggi)."""
    o = cycle.organization
    q1 = open_quarter(cycle, 1)
    first = submission_of(q1, o.ikp)
    save(
        cycle,
        first,
        values={cycle.ik11.pk: (D("24"), "Hujan", "Jadwal ulang"), cycle.ik1.pk: (D("85"), "", "")},
    )
    services.submission_submit(actor=o["kabid.ikp"], submission=first, now=ON_TIME)
    services.submission_accept(actor=o["staf.evaluasi"], submission=first)
    q2 = open_quarter(cycle, 2)
    second = submission_of(q2, o.ikp)
    save(cycle, second, values={cycle.ik11.pk: (D("36"), "", "")})

    targets = {q: Target(D("30")) for q in (1, 2, 3, 4)}
    values = {1: D("24"), 2: D("36")}
    quarter = period_capaian(
        polarity=Polarity.HIGHER,
        aggregation=Aggregation.INCREMENTAL,
        targets=targets,
        realisasi=values,
        period=Period.quarter(2),
    )
    to_date = period_capaian(
        polarity=Polarity.HIGHER,
        aggregation=Aggregation.INCREMENTAL,
        targets=targets,
        realisasi=values,
        period=Period.to_date(2),
    )
    assert (quarter.display, to_date.display) == (D("120.00"), D("100.00"))

    client = client_for("kabid.ikp")
    html = client.get(_url(q2, o.ikp)).content.decode()
    row = html[html.index(f'id="indicator-{cycle.ik11.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-capaian="TW II">120,00%' in row
    assert 'data-capaian="s.d. TW II">100,00%' in row
    assert "Sangat Tinggi" in row
    html = client.get(_url(q1, o.ikp)).content.decode()
    row = html[html.index(f'id="indicator-{cycle.ik11.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-capaian="TW I">80,00%' in row
    assert "Tinggi" in row and "Sangat Tinggi" not in row


# --- access ------------------------------------------------------------------------------------


def test_another_bidang_gets_404_on_the_submission_and_its_evidence(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    evidence = services.evidence_add(
        actor=o["kabid.ikp"], upload=pdf_upload(), submission=submission, indicator=cycle.ik11
    )
    download = reverse("monitoring:evidence_download", args=[evidence.pk])
    other = client_for("kabid.aptika")
    assert other.get(_url(period, o.ikp)).status_code == 404
    assert other.post(_url(period, o.ikp), {"action": "save"}).status_code == 404
    assert other.get(download).status_code == 404
    assert other.post(reverse("monitoring:evidence_delete", args=[evidence.pk])).status_code == 404
    assert other.get(_url(period, o.aptika)).status_code == 200
    own = client_for("kabid.ikp").get(download)
    assert own.status_code == 200
    assert isinstance(own, StreamingHttpResponse)
    assert b"".join(own.streaming_content).startswith(b"%PDF-")
    assert "attachment" in own["Content-Disposition"]
    assert client_for("kasi.ikp").get(_url(period, o.ikp)).status_code == 200
    assert client_for("kadis").get(download).status_code == 200
    assert client_for("kadis.lain").get(download).status_code == 404
    assert client_for("outsider").get(_url(period, o.ikp)).status_code == 404


def test_a_refused_save_says_which_chosen_files_to_choose_again(cycle):
    """A wrong number refuses the save; the browser shows the page again without the file the
    user chose, so the page says so next to that input instead of dropping it silently."""
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    response = client_for("kabid.ikp").post(
        _url(period, o.ikp),
        {
            "version": submission.version,
            "action": "save",
            f"value_{cycle.ik11.pk}": "dua belas",
            f"evidence_{cycle.ik11.pk}": pdf_upload("foto-kegiatan.pdf"),
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“dua belas” bukan angka." in html
    assert (
        "Berkas “foto-kegiatan.pdf” belum tersimpan karena isian lain perlu diperbaiki. "
        "Pilih berkas itu lagi sebelum menyimpan."
    ) in html
    assert not Evidence.objects.exists()


def test_evidence_download_needs_a_login_and_a_visible_submission(cycle):
    o = cycle.organization
    period = open_quarter(cycle)
    submission = submission_of(period, o.ikp)
    evidence = services.evidence_add(
        actor=o["kabid.ikp"], upload=pdf_upload(), submission=submission, indicator=cycle.ik11
    )
    download = reverse("monitoring:evidence_download", args=[evidence.pk])
    from django.test import Client

    anonymous = Client().get(download)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert client_for("outsider").get(download).status_code == 404
    # The regency viewer reads locked quarters only (decision 0002): this one is open.
    assert client_for("bagor").get(download).status_code == 404
    seksi = client_for("kasi.ikp").get(download)  # the seksi supplies its bidang's data
    assert seksi.status_code == 200
    assert isinstance(seksi, StreamingHttpResponse)
    assert b"".join(seksi.streaming_content).startswith(b"%PDF-")
    missing = reverse("monitoring:evidence_download", args=[evidence.pk + 1000])
    assert client_for("kabid.ikp").get(missing).status_code == 404
