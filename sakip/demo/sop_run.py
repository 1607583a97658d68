"""An SOP 1 run in progress for the demo: "Penyusunan RKT <next year>".

Scripted in working minutes after the run's start, and placed so that its last event happened a
little before the moment the demo is loaded: whoever logs in sees open tasks with live deadlines —
the Kasubag Umum's late reviews, Bidang Aptika's returned form due soon — and compliance figures
with on-time and late steps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sakip.accounts.models import User
from sakip.accounts.types import Actor
from sakip.organization.models import Unit
from sakip.planning.models import RktForm
from sakip.planning.rkt import services as rkt
from sakip.procedures import engine
from sakip.procedures.calendar import calendar_for
from sakip.procedures.choices import TaskStatus
from sakip.procedures.models import ProcedureRun, SopRevision, Task
from sakip.procedures.notifications import send_reminders
from sakip.procedures.working_time import WorkingCalendar, add_working_time, is_working_moment

SOP_CODE = "sop-pengukuran-kinerja"
# Working minutes from the run's start to the moment the demo is loaded.
ELAPSED = 590

# (unit code, unit head, fill done at, submit done at) — minutes after start. The submit step's
# "Para Pegawai" are resolved by the engine to the unit's employees.
UNIT_PLAN = [
    ("diskominfo-sekretariat", "sekretaris", 380, 395),
    ("diskominfo-ikp", "kabid.ikp", 400, 420),
    ("diskominfo-aptika", "kabid.aptika", 405, 425),
    ("diskominfo-statistik", "kabid.statistik", 470, 500),  # late fill
    ("diskominfo-persandian", "kabid.persandian", 430, 450),  # late fill
]


def working_start_before(
    moment: dt.datetime, minutes: int, calendar: WorkingCalendar
) -> dt.datetime:
    """The moment `minutes` working minutes before `moment` (counted back minute by minute)."""
    cursor = moment.replace(second=0, microsecond=0)
    remaining = minutes
    step = dt.timedelta(minutes=1)
    while remaining > 0:
        cursor -= step
        if is_working_moment(cursor, calendar):
            remaining -= 1
    return cursor


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _open(run: ProcedureRun, action: str, unit: Unit | None = None) -> Task:
    tasks = Task.objects.filter(run=run, step__action=action, status=TaskStatus.OPEN)
    if unit is not None:
        tasks = tasks.filter(unit=unit)
    return tasks.get()


def load_sop_run(*, agency: Unit, now: dt.datetime) -> ProcedureRun:
    calendar = calendar_for(agency)
    start = working_start_before(now, ELAPSED, calendar)

    def at(minutes: int) -> dt.datetime:
        return add_working_time(start, Decimal(minutes), "minute", calendar)

    def complete(task: Task, minutes: int, note: str = "") -> None:
        engine.task_complete(actor=task.assignee, task=task, note=note, now=at(minutes))

    revision = (
        SopRevision.objects.filter(sop__agency=agency, sop__code=SOP_CODE)
        .order_by("-revision")
        .first()
    )
    assert revision is not None, "load the SOP definitions first"
    year = now.year + 1
    staff = _user("staf.evaluasi")
    run = engine.run_start(
        actor=staff,
        revision=revision,
        agency=agency,
        title=f"Penyusunan RKT {year}",
        year=year,
        disposition_to="Kasubag Umum dan Kepegawaian",
        instruction=f"Mohon segera disusun RKT Tahun {year} sesuai Renstra 2025–2029.",
        urgency="urgent",
        disposition_date=start.date(),
        now=start,
    )
    complete(
        _open(run, "rkt.disposition"), 60, "Disposisi diteruskan ke Kasubag Umum dan Kepegawaian."
    )
    # Late: the plan took five working hours against a standard time of two.
    complete(
        _open(run, "rkt.plan"),
        300,
        "Sosialisasi hari ini pukul 13.00; pengisian formulir paling lambat besok.",
    )
    units = {code: Unit.objects.get(code=code) for code, *_ in UNIT_PLAN}
    rkt.socialization_record(
        actor=staff,
        run=run,
        held_at=at(320),
        place="Ruang Rapat Diskominfo Balangan",
        material=f"Tata cara pengisian formulir RKT {year} dan jadwal penyusunan",
        attendees=[_user(head) for _, head, *_ in UNIT_PLAN],
        notes="Semua bidang dan sekretariat hadir.",
    )
    complete(_open(run, "rkt.socialize"), 350, "Notulen dan daftar hadir terlampir.")

    for code, head, filled, _submitted in sorted(UNIT_PLAN, key=lambda row: row[2]):
        form = RktForm.objects.get(document__run=run, unit=units[code])
        rkt.rkt_acknowledge(actor=_user(head), form=form, now=at(360))
        complete(_open(run, "rkt.fill", units[code]), filled)
    for code, _head, _filled, submitted in sorted(UNIT_PLAN, key=lambda row: row[3]):
        complete(_open(run, "rkt.submit", units[code]), submitted)
    complete(_open(run, "rkt.compile"), 530, "Formulir lima unit telah dikompilasi.")

    kasubag = _user("kasubag.umum")
    ikp, aptika, sekretariat = (
        units["diskominfo-ikp"],
        units["diskominfo-aptika"],
        units["diskominfo-sekretariat"],
    )
    engine.task_complete(actor=kasubag, task=_open(run, "rkt.review", ikp), now=at(540))
    engine.task_complete(actor=kasubag, task=_open(run, "rkt.review", sekretariat), now=at(545))
    # Bidang Aptika's form goes back with a note on one line: a returned form the demo can fix.
    form = RktForm.objects.get(document__run=run, unit=aptika)
    line = form.indicator_lines.order_by("indicator__code").first()
    note = "Target belum sesuai Renstra; periksa kembali dan sertakan dasar perhitungannya."
    rkt.rkt_review_save_notes(
        actor=kasubag,
        form=form,
        line_notes={line.pk: note} if line else {},
        review_note="Perbaiki target indikator yang diberi catatan.",
        now=at(549),
    )
    engine.task_return(actor=kasubag, task=_open(run, "rkt.review", aptika), note=note, now=at(550))
    # Reminders and escalations as the cron job would have sent them by now.
    send_reminders(now=now)
    return run


def load_calendar_and_sops(*, actor: Actor, agency: Unit, years: list[int]) -> None:
    from sakip.procedures.definitions import load_definitions
    from sakip.procedures.services_calendar import default_schedule_ensure, holidays_seed

    default_schedule_ensure(actor=actor)
    holidays_seed(actor=actor, years=years)
    load_definitions(agency=agency, actor=actor)
