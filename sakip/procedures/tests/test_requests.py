"""A request step (SOP 2 step 1, DOMAIN.md §1 decision): the Kasubag's act of asking every unit for
data is one task measured by its Mutu Baku; each unit's head answers in a task of their own, due on
the request's due date; the next step joins the answers; the answers are measured apart from the
SOP steps ("Ketepatan unit"); work sent back to a unit is a new task with the note.

Hand-made SOP (factories.make_request_sop): step 1 Kasubag Perencanaan, 15 menit, request to the
Sekretariat, Bidang IKP and Bidang Aptika; step 2 Staf, 30 menit. Started Monday 23 November 2026
08:00 WITA with the units' due date Friday 27 November 16:30 (the end of that working day).
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from sakip.conftest import PASSWORD
from sakip.organization.models import AgencyProfile, PositionHolding

from .. import engine
from ..choices import NotificationKind, TaskKind, TaskStatus
from ..compliance import compliance_report, run_compliance
from ..models import Notification, Task
from .factories import make_request_sop, wita

MONDAY_8 = wita(2026, 11, 23, 8, 0)
DUE = wita(2026, 11, 27, 16, 30)


def start(organization, *, first_step_done=True, response_due=DUE, now=MONDAY_8):
    return engine.run_start(
        actor=organization["kasubag.renkeu"],
        revision=make_request_sop(organization.agency, title="Pengumpulan Data Kinerja"),
        agency=organization.agency,
        title="Pengumpulan Data Kinerja TW IV 2026",
        year=2026,
        disposition_to="Kepala setiap unit",
        instruction="Mohon sampaikan data kinerja.",
        urgency="normal",
        disposition_date=now.date(),
        now=now,
        response_due=response_due,
        first_step_done=first_step_done,
    )


def open_tasks(run, number=None):
    tasks = Task.objects.filter(run=run, status=TaskStatus.OPEN).select_related("unit", "step")
    if number is not None:
        tasks = tasks.filter(step__number=number)
    return list(tasks.order_by("unit__path", "round"))


def answer(task, at):
    return engine.task_complete(actor=task.assignee, task=task, now=at)


def test_the_request_is_done_at_the_start_and_every_unit_head_answers_by_the_due_date(
    organization,
):
    o = organization
    run = start(o)
    (request,) = Task.objects.filter(run=run, unit=None)
    assert (request.status, request.kind, request.completed_by) == (
        TaskStatus.DONE,
        TaskKind.STEP,
        o["kasubag.renkeu"],
    )
    assert request.deadline == wita(2026, 11, 23, 8, 15)  # its own Mutu Baku
    answers = open_tasks(run)
    assert [(t.step.number, t.unit, t.assignee.username, t.kind) for t in answers] == [
        (1, o.secretariat, "sekretaris", TaskKind.SUPPLY),
        (1, o.ikp, "kabid.ikp", TaskKind.SUPPLY),
        (1, o.aptika, "kabid.aptika", TaskKind.SUPPLY),
    ]
    assert {t.deadline for t in answers} == {DUE}
    assert answers[1].activity == "Menyampaikan data yang diminta Kasubag Perencanaan"
    assigned = Notification.objects.filter(kind=NotificationKind.ASSIGNED).select_related("user")
    assert sorted(n.user.username for n in assigned) == ["kabid.aptika", "kabid.ikp", "sekretaris"]
    assert "Tenggat: Jumat, 27 November 2026 16:30 WITA" in assigned[0].message

    # The recap joins the answers: it opens when the last unit has answered.
    sec, ikp, aptika = answers
    answer(sec, wita(2026, 11, 23, 8, 30))
    answer(ikp, wita(2026, 11, 25, 10, 0))
    assert open_tasks(run, 2) == []
    answer(aptika, wita(2026, 11, 30, 8, 0))
    (recap,) = open_tasks(run, 2)
    assert (recap.started_at, recap.deadline) == (
        wita(2026, 11, 30, 8, 0),
        wita(2026, 11, 30, 8, 30),
    )


def test_a_request_sent_later_uses_the_agencys_data_entry_days(organization):
    """Without a due date in the disposition, completing the request gives the units the agency's
    setting in working days: 3 working days from Wednesday 25 November end on Monday 30th."""
    o = organization
    AgencyProfile.objects.create(
        agency=o.agency,
        regency_name="PEMERINTAH KABUPATEN UJI",
        city="Paringin",
        regent_title="Bupati Uji",
        regent_name="Bupati",
        data_entry_days=3,
    )
    run = start(o, first_step_done=False, response_due=None)
    (request,) = open_tasks(run)
    assert (request.unit, request.assignee) == (None, o["kasubag.renkeu"])
    engine.task_complete(actor=o["kasubag.renkeu"], task=request, now=wita(2026, 11, 25, 9, 0))
    answers = open_tasks(run)
    assert len(answers) == 3
    assert {t.deadline for t in answers} == {wita(2026, 11, 30, 16, 0)}


def test_a_unit_without_a_head_refuses_the_start(organization):
    PositionHolding.objects.filter(employee__user=organization["kabid.aptika"]).delete()
    with pytest.raises(ValidationError) as error:
        start(organization)
    assert error.value.messages == [
        "Bidang Aptika belum memiliki kepala unit (definitif atau Plt/Plh) yang memiliki akun "
        "untuk menyampaikan data yang diminta pada langkah 1. Isi jabatan itu lalu mulai lagi."
    ]
    assert not Task.objects.exists()


def test_work_sent_back_is_a_new_task_with_the_note_and_a_fresh_deadline(organization):
    o = organization
    run = start(o)
    sec, ikp, aptika = open_tasks(run)
    answer(ikp, wita(2026, 11, 23, 9, 0))
    again = engine.task_send_back(
        actor=o["staf.evaluasi"],
        task=ikp,
        note="Lampirkan daftar rilis berita",
        now=wita(2026, 11, 24, 9, 0),
    )
    assert (again.unit, again.assignee, again.kind, again.round) == (
        o.ikp,
        o["kabid.ikp"],
        TaskKind.SUPPLY,
        2,
    )
    assert again.return_note == "Lampirkan daftar rilis berita"
    # 5 working days (the default setting) from Tuesday 24th: by the end of Tuesday 1 December.
    assert again.deadline == wita(2026, 12, 1, 16, 0)
    notice = Notification.objects.get(kind=NotificationKind.RETURNED)
    assert (notice.user, notice.task) == (o["kabid.ikp"], again)
    assert "Catatan: Lampirkan daftar rilis berita. Tenggat baru: Selasa, 01 Desember" in (
        notice.message
    )
    # Sending back while the unit already has it open changes nothing and tells nobody twice.
    same = engine.task_send_back(actor=o["staf.evaluasi"], task=ikp, note="Lagi")
    assert same == again
    assert Notification.objects.filter(kind=NotificationKind.RETURNED).count() == 1
    with pytest.raises(ValidationError):
        engine.task_send_back(actor=o["staf.evaluasi"], task=ikp, note="   ")

    # The correction completes the new task; the join still waits for the others.
    answer(again, wita(2026, 11, 24, 10, 0))
    answer(sec, wita(2026, 11, 24, 10, 0))
    answer(aptika, wita(2026, 11, 24, 11, 0))
    (recap,) = open_tasks(run, 2)
    assert recap.started_at == wita(2026, 11, 24, 11, 0)


@pytest.fixture
def answered(organization):
    """Sekretariat on time, Bidang IKP on time two days later (late against 15 minutes, not
    against the due date), Bidang Aptika late by 30 working minutes; the recap on time."""
    run = start(organization)
    sec, ikp, aptika = open_tasks(run)
    answer(sec, wita(2026, 11, 23, 8, 30))
    answer(ikp, wita(2026, 11, 25, 10, 0))
    answer(aptika, wita(2026, 11, 30, 8, 0))
    (recap,) = open_tasks(run, 2)
    answer(recap, wita(2026, 11, 30, 8, 20))
    return run


def test_the_units_answers_are_measured_apart_from_the_sop_steps(organization, answered):
    report = compliance_report(organization["kadis"], now=wita(2026, 12, 1, 8, 0))
    # SOP compliance: the request (the Kasubag's, at once) and the recap, both on time.
    assert [(r.task.step.number, r.task.unit) for r in report.rows] == [(1, None), (2, None)]
    (sop,) = report.per_sop
    assert (sop.completed, sop.on_time, sop.share_display) == (2, 2, "100,00%")
    lanes = {s.label: (s.completed, s.on_time) for s in report.per_lane}
    assert lanes == {"Kasubag Perencanaan": (1, 1), "Staf": (1, 1)}
    assert run_compliance(answered, organization["kadis"]).share_display == "100,00%"
    # Ketepatan unit: against the due date, two of three on time.
    units = {s.label: (s.completed, s.on_time) for s in report.per_unit}
    assert units == {"Bidang Aptika": (1, 0), "Bidang IKP": (1, 1), "Sekretariat": (1, 1)}
    total = report.units_total
    assert (total.completed, total.on_time, total.share_display) == (3, 2, "66,67%")
    late = next(r for r in report.unit_rows if r.task.unit == organization.aptika)
    assert (late.late_minutes, late.status_label) == (30, "Terlambat 30 menit kerja")


def test_the_compliance_page_and_xlsx_show_the_units_apart(client, organization, answered):
    client.login(username="kadis", password=PASSWORD)
    html = client.get(reverse("procedures:compliance")).content.decode()
    steps, units = html.split('id="unit-timeliness"')
    assert "Bidang Aptika" not in steps
    assert "Ketepatan unit" in units and "66,67%" in units
    assert "Terlambat 30 menit kerja" in units
    response = client.get(reverse("procedures:compliance_xlsx"), {"year": 2026})
    book = load_workbook(io.BytesIO(response.content))
    assert [row[4] for row in book["Per langkah"].iter_rows(min_row=2, values_only=True)] == [
        "Mengumpulkan data laporan kinerja triwulan",
        "Merekap laporan kinerja triwulan",
    ]
    sheet = list(book["Ketepatan unit"].iter_rows(values_only=True))
    shares = {row[0]: row[1:4] for row in sheet[1:5]}
    assert shares["Semua unit"] == (3, 2, 1)
    assert shares["Bidang Aptika"] == (1, 0, 1)
    aptika = next(row for row in sheet if row[2] == "Bidang Aptika" and row[1] == 2026)
    assert (aptika[7], aptika[8]) == ("Tidak", 30)
