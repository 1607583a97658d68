"""The procedures' access rules (procedures/querysets.py): SOP definitions by agency, runs and
tasks along the lanes, personal notifications, and the working calendar's shared and local rows."""

import datetime

import pytest
from django.core.files.base import ContentFile

from .. import engine
from ..choices import HolidayKind, NotificationKind
from ..models import (
    Holiday,
    Notification,
    ProcedureRun,
    Sop,
    SopLane,
    SopRevision,
    SopStep,
    Task,
    TaskFile,
    WorkSchedule,
    WorkScheduleDay,
)
from .factories import make_rkt_like_sop, open_task, start_run, wita

MONDAY_8 = wita(2026, 11, 23, 8, 0)


def seen(model, user, action="view"):
    return set(model.objects.restrict(user, action))


@pytest.fixture
def fill_tasks(organization):
    """An SOP-1-shaped run at step 4: a fill task for each unit's head."""
    run = start_run(organization, make_rkt_like_sop(organization.agency), now=MONDAY_8)
    for number in (1, 2, 3):
        task = open_task(run, number)
        engine.task_complete(actor=task.assignee, task=task, now=MONDAY_8)
    return {task.unit.code: task for task in Task.objects.filter(run=run, step__number=4)}


def test_sop_definitions_are_read_in_their_agency_and_changed_by_administrators(organization):
    o = organization
    revision = make_rkt_like_sop(o.agency)
    for model in (Sop, SopRevision, SopLane, SopStep):
        everything = set(model.objects.all())
        for username in ("kasi.ikp", "kabid.aptika", "kadis", "bagor", "admin"):
            assert seen(model, o[username]) == everything, (model, username)
        assert seen(model, o["kadis.lain"]) == set(), model
        assert seen(model, o["admin"], "change") == everything, model
        assert seen(model, o["staf.evaluasi"], "change") == set(), model
    assert revision in seen(SopRevision, o["sekretaris"])


def test_a_task_is_completed_by_its_assignee_only(organization, fill_tasks):
    o = organization
    ikp = fill_tasks["ikp"]
    assert ikp.assignee == o["kabid.ikp"]
    assert ikp in seen(Task, o["kabid.ikp"], "change")
    for username in ("kabid.aptika", "kadis", "staf.evaluasi"):
        assert ikp not in seen(Task, o[username], "change"), username
    assert ikp in seen(Task, o["admin"], "change")
    # Seen by the agency-wide roles, not by the head of another bidang.
    assert ikp in seen(Task, o["kadis"])
    assert ikp not in seen(Task, o["kabid.aptika"])


def test_an_output_file_goes_with_its_task(organization, fill_tasks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    o = organization
    ikp = fill_tasks["ikp"]
    stored = TaskFile(task=ikp, name="formulir.pdf", uploaded_by=ikp.assignee)
    stored.file.save("formulir.pdf", ContentFile(b"%PDF-1.4"), save=True)
    for username in ("kabid.ikp", "kadis", "admin"):
        assert seen(TaskFile, o[username]) == {stored}, username
    # The regency reader sees no agency's tasks, nor their files (decision 0002).
    assert seen(TaskFile, o["kabid.aptika"]) == seen(TaskFile, o["bagor"]) == set()
    assert seen(TaskFile, o["kabid.ikp"], "change") == {stored}
    assert seen(TaskFile, o["kadis"], "change") == set()


def test_runs_are_changed_by_those_who_start_them(organization, fill_tasks):
    o = organization
    (run,) = ProcedureRun.objects.all()
    for username in ("kadis", "sekretaris", "kasubag.renkeu", "staf.evaluasi", "admin"):
        assert seen(ProcedureRun, o[username], "change") == {run}, username
    for username in ("kabid.ikp", "kasi.ikp", "bagor", "kadis.lain"):
        assert seen(ProcedureRun, o[username], "change") == set(), username
    # Seen by whoever has a task in it (a bidang head) and the agency-wide roles.
    assert seen(ProcedureRun, o["kabid.aptika"]) == {run}
    assert seen(ProcedureRun, o["kadis.lain"]) == set()


def test_a_notification_is_its_recipients_alone(organization):
    o = organization
    note = Notification.objects.create(
        user=o["kabid.ikp"], kind=NotificationKind.ASSIGNED, message="Tugas baru"
    )
    for action in ("view", "change"):
        assert seen(Notification, o["kabid.ikp"], action) == {note}
        # The inbox is personal: administrators and agency roles do not read it either.
        for username in ("admin", "kadis", "kasi.ikp"):
            assert seen(Notification, o[username], action) == set(), username


def test_holidays_shared_rows_are_the_administrators_local_rows_the_planners(organization):
    o = organization
    day = datetime.date(2026, 12, 25)
    shared = Holiday.objects.create(date=day, name="Natal", kind=HolidayKind.NATIONAL)
    local = Holiday.objects.create(
        date=day.replace(day=30), name="Hari Jadi", kind=HolidayKind.LOCAL, agency=o.agency
    )
    other = Holiday.objects.create(
        date=day.replace(day=29), name="Lain", kind=HolidayKind.LOCAL, agency=o.other_agency
    )
    for username in ("kasi.ikp", "kadis", "staf.evaluasi"):
        assert seen(Holiday, o[username]) == {shared, local}, username
    # The regency viewer works in no agency: the shared rows only.
    assert seen(Holiday, o["bagor"]) == {shared}
    assert seen(Holiday, o["admin"]) == {shared, local, other}
    assert seen(Holiday, o["staf.evaluasi"], "change") == {local}
    assert seen(Holiday, o["kasubag.renkeu"], "change") == {local}
    for username in ("kadis", "kabid.ikp", "kadis.lain"):
        assert seen(Holiday, o[username], "change") == set(), username
    assert seen(Holiday, o["admin"], "change") == {shared, local, other}


def test_working_schedules_follow_the_calendars_rule(organization):
    o = organization
    shared = WorkSchedule.objects.create(name="Jam kerja")
    ramadan = WorkSchedule.objects.create(name="Ramadan", agency=o.agency)
    other = WorkSchedule.objects.create(name="Lain", agency=o.other_agency)
    days = {
        schedule: WorkScheduleDay.objects.create(
            schedule=schedule, weekday=0, start=datetime.time(8), end=datetime.time(15)
        )
        for schedule in (shared, ramadan, other)
    }
    assert seen(WorkSchedule, o["kabid.ikp"]) == {shared, ramadan}
    assert seen(WorkScheduleDay, o["kabid.ikp"]) == {days[shared], days[ramadan]}
    assert seen(WorkSchedule, o["staf.evaluasi"], "change") == {ramadan}
    assert seen(WorkScheduleDay, o["staf.evaluasi"], "change") == {days[ramadan]}
    assert seen(WorkSchedule, o["admin"], "change") == {shared, ramadan, other}
