"""The engine: starting runs, advancing steps (fan-out, per-unit continuation, join, return path),
deadlines in working time, audit and notifications."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sakip.audit.models import AuditEvent
from sakip.organization.choices import Role

from .. import actions, engine
from ..actions import StepHandler, WorkflowHooks
from ..choices import NotificationKind, RunStatus, TaskOutcome, TaskStatus, Workflow
from ..models import Holiday, Notification, ProcedureRun, Task, TaskFile
from .factories import lane, make_revision, make_rkt_like_sop, make_two_step_sop, step, wita

MONDAY_8 = wita(2026, 11, 23, 8, 0)


def start(organization, revision, *, now=MONDAY_8, actor=None):
    return engine.run_start(
        actor=actor or organization["kasubag.renkeu"],
        revision=revision,
        agency=organization.agency,
        title="Penyusunan RKT 2027",
        year=2027,
        disposition_to="Kasubag Perencanaan dan Keuangan",
        instruction="Segera susun RKT 2027.",
        urgency="urgent",
        disposition_date=now.date(),
        now=now,
    )


def open_tasks(run, number=None):
    tasks = Task.objects.filter(run=run, status=TaskStatus.OPEN).select_related("unit", "step")
    if number is not None:
        tasks = tasks.filter(step__number=number)
    return list(tasks.order_by("unit__path"))


def complete(task, *, at, note=""):
    return engine.task_complete(actor=task.assignee, task=task, note=note, now=at)


@pytest.fixture
def rkt_run(organization):
    return start(organization, make_rkt_like_sop(organization.agency))


def walk_to_step_4(organization, run):
    """Steps 1–3 (single) done one after another on Monday; step 4 fans out."""
    at = MONDAY_8
    for number in (1, 2, 3):
        (task,) = open_tasks(run, number)
        at += datetime.timedelta(minutes=30)
        complete(task, at=at)
    return at


# --- starting ----------------------------------------------------------------------------------


def test_run_start_records_the_disposition_and_opens_the_first_step(organization, rkt_run):
    run = ProcedureRun.objects.get(pk=rkt_run.pk)
    assert run.status == RunStatus.RUNNING
    assert run.disposition_from == organization["kasubag.renkeu"]
    assert run.instruction == "Segera susun RKT 2027."
    (task,) = open_tasks(run)
    assert task.step.number == 1
    assert task.assignee == organization["staf.evaluasi"]
    assert task.unit is None
    assert task.started_at == MONDAY_8
    # 2 jam from Monday 08:00 in working time.
    assert task.deadline == wita(2026, 11, 23, 10, 0)
    start_event = AuditEvent.objects.get(
        object_type="procedures.procedurerun", object_id=str(run.pk), action="start"
    )
    assert start_event.changes["instruction"] == [None, "Segera susun RKT 2027."]
    assert start_event.changes["urgency"] == [None, "urgent"]
    assert AuditEvent.objects.filter(
        object_type="procedures.task", object_id=str(task.pk), action="open"
    ).exists()
    notification = Notification.objects.get(task=task)
    assert notification.user == organization["staf.evaluasi"]
    assert notification.kind == NotificationKind.ASSIGNED
    assert "Senin, 23 November 2026 10:00" in notification.message


def test_run_start_refuses_a_lane_without_holders_and_writes_nothing(organization):
    rev = make_revision(organization.agency)
    staf = lane(rev, 1, "Staf", Role.PLANNING_STAFF)
    kasubag = lane(rev, 2, "Kasubag Umum dan Kepegawaian", Role.KASUBAG_GENERAL)
    step(rev, 1, staf)
    step(rev, 2, kasubag)
    events_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        start(organization, rev)
    (message,) = error.value.messages
    assert message == (
        "Pelaksana “Kasubag Umum dan Kepegawaian” tidak terisi: belum ada jabatan Kasubag Umum "
        "dan Kepegawaian di Dinas Kominfo Uji. Isi jabatan itu di Administrasi sebelum memulai."
    )
    assert ProcedureRun.objects.count() == 0
    assert Task.objects.count() == 0
    assert Notification.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_run_start_names_each_unit_whose_head_is_missing(organization):
    from sakip.organization.models import PositionHolding

    PositionHolding.objects.filter(employee__user=organization["kabid.aptika"]).delete()
    with pytest.raises(ValidationError) as error:
        start(organization, make_rkt_like_sop(organization.agency))
    messages = error.value.messages
    assert any("“Atasan Langsung”" in m and "Bidang Aptika" in m for m in messages)
    assert ProcedureRun.objects.count() == 0


def test_run_start_calls_the_workflow_hook(organization, monkeypatch):
    seen = []

    class Hooks(WorkflowHooks):
        key = Workflow.GENERIC

        def on_run_start(self, run, *, actor):
            seen.append(("start", run.title, actor.username))

    monkeypatch.setitem(actions._WORKFLOW_HOOKS, Workflow.GENERIC, Hooks())
    rev = make_two_step_sop(organization.agency)
    start(organization, rev)
    assert seen == [("start", "Penyusunan RKT 2027", "kasubag.renkeu")]


def test_quarter_is_recorded(organization):
    rev = make_two_step_sop(organization.agency, workflow=Workflow.DATA_COLLECTION)
    run = engine.run_start(
        actor=organization["kasubag.renkeu"],
        revision=rev,
        agency=organization.agency,
        title="Pengumpulan Data TW I 2026",
        year=2026,
        quarter=1,
        disposition_to="Staf",
        instruction="Kumpulkan data.",
        urgency="normal",
        disposition_date=MONDAY_8.date(),
        now=MONDAY_8,
    )
    assert run.quarter == 1


# --- advancing -----------------------------------------------------------------------------------


def test_single_steps_follow_each_other_with_deadlines_from_their_own_start(organization, rkt_run):
    (first,) = open_tasks(rkt_run, 1)
    complete(first, at=wita(2026, 11, 23, 15, 0))
    (second,) = open_tasks(rkt_run, 2)
    assert second.assignee == organization["kasubag.renkeu"]
    assert second.started_at == wita(2026, 11, 23, 15, 0)
    # 2 jam from Monday 15:00: one hour on Monday, one on Tuesday from 07:30.
    assert second.deadline == wita(2026, 11, 24, 8, 30)
    first.refresh_from_db()
    assert first.status == TaskStatus.DONE
    assert first.outcome == TaskOutcome.DONE
    assert first.completed_by == organization["staf.evaluasi"]


def test_fan_out_per_unit_continuation_and_join(organization, rkt_run):
    at = walk_to_step_4(organization, rkt_run)
    fills = open_tasks(rkt_run, 4)
    assert [t.unit for t in fills] == [
        organization.secretariat,
        organization.ikp,
        organization.aptika,
    ]
    assert [t.assignee.username for t in fills] == ["sekretaris", "kabid.ikp", "kabid.aptika"]
    assert all(t.started_at == at for t in fills)

    sec, ikp, aptika = fills
    complete(ikp, at=at + datetime.timedelta(minutes=10))
    # Only IKP moves on to step 5; the others still fill their forms.
    (collect_ikp,) = open_tasks(rkt_run, 5)
    assert collect_ikp.unit == organization.ikp
    assert collect_ikp.assignee == organization["kabid.ikp"]  # no employee: the head
    assert len(open_tasks(rkt_run, 4)) == 2

    complete(collect_ikp, at=at + datetime.timedelta(minutes=20))
    assert open_tasks(rkt_run, 6) == []  # the join waits for the other units

    complete(sec, at=at + datetime.timedelta(minutes=30))
    complete(aptika, at=at + datetime.timedelta(minutes=31))
    collect_sec, collect_aptika = open_tasks(rkt_run, 5)
    complete(collect_sec, at=at + datetime.timedelta(minutes=40))
    assert open_tasks(rkt_run, 6) == []
    complete(collect_aptika, at=at + datetime.timedelta(minutes=41))
    (compile_task,) = open_tasks(rkt_run, 6)
    assert compile_task.unit is None
    assert compile_task.assignee == organization["staf.evaluasi"]

    # The compilation fans out again: one review per unit for the Kasubag.
    complete(compile_task, at=at + datetime.timedelta(minutes=50))
    reviews = open_tasks(rkt_run, 7)
    assert [t.unit for t in reviews] == [
        organization.secretariat,
        organization.ikp,
        organization.aptika,
    ]
    assert {t.assignee.username for t in reviews} == {"kasubag.renkeu"}


def test_concurrent_completions_open_the_join_exactly_once(organization, rkt_run):
    """Both last tasks of step 5 complete; advancing again (as a racing second request that got
    the run lock later would) finds the join already open and does not open it twice."""
    at = walk_to_step_4(organization, rkt_run)
    for task in open_tasks(rkt_run, 4):
        complete(task, at=at)
    collects = open_tasks(rkt_run, 5)
    for task in collects:
        complete(task, at=at + datetime.timedelta(minutes=5))
    assert Task.objects.filter(run=rkt_run, step__number=6).count() == 1
    # Replaying the advance of every completed step-5 task under the lock changes nothing.
    for task in collects:
        task.refresh_from_db()
        engine._advance(run=rkt_run, task=task, actor=task.assignee, now=at)
    assert Task.objects.filter(run=rkt_run, step__number=6).count() == 1


def test_completing_twice_is_refused(organization, rkt_run):
    (task,) = open_tasks(rkt_run, 1)
    complete(task, at=MONDAY_8)
    with pytest.raises(ValidationError):
        complete(task, at=MONDAY_8)
    assert Task.objects.filter(run=rkt_run, step__number=2).count() == 1


def walk_to_reviews(organization, run):
    at = walk_to_step_4(organization, run)
    for number in (4, 5):
        for task in open_tasks(run, number):
            complete(task, at=at)
    (compile_task,) = open_tasks(run, 6)
    complete(compile_task, at=at)
    return at


def test_return_path_round_two_with_a_new_deadline_then_completion(organization, rkt_run):
    at = walk_to_reviews(organization, rkt_run)
    sec, ikp, aptika = open_tasks(rkt_run, 7)
    kasubag = organization["kasubag.renkeu"]

    with pytest.raises(ValidationError) as error:
        engine.task_return(actor=kasubag, task=ikp, note="  ", now=at)
    assert error.value.message_dict["note"] == [str(engine.NOTE_REQUIRED_ON_RETURN)]

    returned_at = wita(2026, 11, 24, 9, 0)  # Tuesday
    engine.task_return(
        actor=kasubag, task=ikp, note="Target IK1 belum sesuai Renstra.", now=returned_at
    )
    ikp.refresh_from_db()
    assert (ikp.status, ikp.outcome) == (TaskStatus.DONE, TaskOutcome.RETURNED)
    (refill,) = open_tasks(rkt_run, 4)
    assert refill.unit == organization.ikp
    assert refill.round == 2
    assert refill.assignee == organization["kabid.ikp"]
    assert refill.started_at == returned_at
    assert refill.deadline == wita(2026, 11, 24, 10, 0)
    notification = Notification.objects.get(task=refill)
    assert notification.kind == NotificationKind.RETURNED
    assert "Target IK1 belum sesuai Renstra." in notification.message
    assert AuditEvent.objects.filter(
        object_type="procedures.task", object_id=str(ikp.pk), action="return"
    ).exists()

    # The other units are accepted meanwhile; the run is not complete while IKP corrects.
    engine.task_complete(actor=kasubag, task=sec, now=returned_at)
    engine.task_complete(actor=kasubag, task=aptika, now=returned_at)
    sec.refresh_from_db()
    assert sec.outcome == TaskOutcome.ACCEPTED
    rkt_run.refresh_from_db()
    assert rkt_run.status == RunStatus.RUNNING

    # IKP fixes its form and collects again; the compilation (a join done already) is skipped.
    complete(refill, at=returned_at + datetime.timedelta(minutes=30))
    (collect,) = open_tasks(rkt_run, 5)
    assert (collect.unit, collect.round) == (organization.ikp, 2)
    complete(collect, at=returned_at + datetime.timedelta(minutes=45))
    assert Task.objects.filter(run=rkt_run, step__number=6).count() == 1
    (review,) = open_tasks(rkt_run, 7)
    assert (review.unit, review.round) == (organization.ikp, 2)

    engine.task_complete(actor=kasubag, task=review, now=returned_at + datetime.timedelta(hours=1))
    rkt_run.refresh_from_db()
    assert rkt_run.status == RunStatus.COMPLETED
    assert rkt_run.completed_at == returned_at + datetime.timedelta(hours=1)
    assert AuditEvent.objects.filter(
        object_type="procedures.procedurerun", object_id=str(rkt_run.pk), action="complete"
    ).exists()


def test_a_plain_step_cannot_be_returned(organization, rkt_run):
    (task,) = open_tasks(rkt_run, 1)
    with pytest.raises(ValidationError):
        engine.task_return(actor=task.assignee, task=task, note="Ulangi.", now=MONDAY_8)


def test_run_of_single_steps_completes_after_the_last(organization, monkeypatch):
    completed = []

    class Hooks(WorkflowHooks):
        key = Workflow.GENERIC

        def on_run_complete(self, run, *, actor):
            completed.append(run.pk)

    monkeypatch.setitem(actions._WORKFLOW_HOOKS, Workflow.GENERIC, Hooks())
    run = start(organization, make_two_step_sop(organization.agency))
    (first,) = open_tasks(run)
    complete(first, at=MONDAY_8)
    (second,) = open_tasks(run)
    complete(second, at=MONDAY_8 + datetime.timedelta(hours=1))
    run.refresh_from_db()
    assert run.status == RunStatus.COMPLETED
    assert completed == [run.pk]


# --- who may complete, handlers, files ------------------------------------------------------------


def test_only_the_assignee_or_an_admin_completes(organization, rkt_run):
    walk_to_step_4(organization, rkt_run)
    sec, ikp, aptika = open_tasks(rkt_run, 4)
    with pytest.raises(PermissionDenied):
        engine.task_complete(actor=organization["kabid.aptika"], task=ikp, now=MONDAY_8)
    ikp.refresh_from_db()
    assert ikp.status == TaskStatus.OPEN
    engine.task_complete(actor=organization["admin"], task=ikp, now=MONDAY_8)
    ikp.refresh_from_db()
    assert ikp.completed_by == organization["admin"]


def test_handler_blockers_refuse_and_hooks_are_called(organization, monkeypatch):
    calls = []

    class Handler(StepHandler):
        key = "test.blocked"
        blocked = True

        def on_open(self, task):
            calls.append(("open", task.step.number))

        def blockers(self, task):
            return ["Formulir belum diisi."] if self.blocked else []

        def on_complete(self, task, *, actor):
            calls.append(("complete", task.step.number))

    handler = Handler()
    monkeypatch.setitem(actions._STEP_HANDLERS, "test.blocked", handler)
    rev = make_two_step_sop(organization.agency)
    rev.steps.filter(number=1).update(action="test.blocked")
    run = start(organization, rev)
    (task,) = open_tasks(run)
    with pytest.raises(ValidationError) as error:
        complete(task, at=MONDAY_8)
    assert error.value.messages == ["Formulir belum diisi."]
    handler.blocked = False
    complete(task, at=MONDAY_8)
    assert calls == [("open", 1), ("complete", 1)]


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_completion_stores_output_files(organization, rkt_run, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (task,) = open_tasks(rkt_run, 1)
    upload = SimpleUploadedFile("disposisi.pdf", PDF, content_type="application/pdf")
    engine.task_complete(
        actor=task.assignee, task=task, note="Disposisi terlampir.", files=[upload], now=MONDAY_8
    )
    (stored,) = TaskFile.objects.filter(task=task)
    assert stored.name == "disposisi.pdf"
    assert stored.file.read() == PDF
    event = AuditEvent.objects.get(
        object_type="procedures.task", object_id=str(task.pk), action="complete"
    )
    assert event.note == "Disposisi terlampir."
    assert event.changes["files"] == [None, ["disposisi.pdf"]]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("skrip.exe", b"MZ\x90\x00", "tidak dapat diterima"),
        ("palsu.pdf", b"<html>bukan pdf</html>", "tidak dapat diterima"),
        ("gambar.pdf", b"\x89PNG\r\n\x1a\n0000", "tidak sesuai"),
    ],
)
def test_output_files_are_checked_by_content(organization, rkt_run, name, content, fragment):
    (task,) = open_tasks(rkt_run, 1)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        engine.task_complete(actor=task.assignee, task=task, files=[upload], now=MONDAY_8)
    assert fragment in error.value.message_dict["files"][0]
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


def test_output_files_have_a_size_limit(organization, rkt_run, settings):
    settings.TASK_FILE_MAX_BYTES = 100
    (task,) = open_tasks(rkt_run, 1)
    upload = SimpleUploadedFile("besar.pdf", PDF + b"0" * 200)
    with pytest.raises(ValidationError) as error:
        engine.task_complete(actor=task.assignee, task=task, files=[upload], now=MONDAY_8)
    assert "terlalu besar" in error.value.message_dict["files"][0]


def test_office_files_are_recognised(tmp_path):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    engine.validate_task_file(SimpleUploadedFile("rkt.docx", buffer.getvalue()))
    with pytest.raises(ValidationError):
        engine.validate_task_file(SimpleUploadedFile("rkt.docx", b"PK\x03\x04 rusak"))


# --- deadlines ---------------------------------------------------------------------------------


def test_deadlines_are_stored_and_do_not_move_when_a_holiday_is_added(organization):
    rev = make_two_step_sop(organization.agency)
    thursday_15 = wita(2026, 11, 26, 15, 0)
    run = start(organization, rev, now=thursday_15)
    (first,) = open_tasks(run)
    # 2 jam from Thursday 15:00: due Friday 08:30.
    assert first.deadline == wita(2026, 11, 27, 8, 30)
    Holiday.objects.create(date=datetime.date(2026, 11, 27), name="Libur daerah", kind="local")
    first.refresh_from_db()
    assert first.deadline == wita(2026, 11, 27, 8, 30)
    # A task opened after the holiday was added respects it: 1 jam from Thursday 15:30 → Monday.
    complete(first, at=wita(2026, 11, 26, 15, 30))
    (second,) = open_tasks(run)
    assert second.deadline == wita(2026, 11, 30, 8, 0)


# --- the SOP files shipped with the product ----------------------------------------------------


def _load(name, organization):
    definitions = pytest.importorskip("sakip.procedures.definitions")
    path = definitions.DEFINITIONS_DIR / name
    if not path.exists():
        pytest.skip(f"{name} is not shipped yet")
    return definitions.load_definition(path, agency=organization.agency, actor=None).revision


def test_real_sop_1_refuses_to_start_without_its_kasubag_umum(organization):
    revision = _load("sop-pengukuran-kinerja.toml", organization)
    with pytest.raises(ValidationError) as error:
        start(organization, revision)
    messages = error.value.messages
    assert any("Pelaksana “Kasubag Umum dan Kepegawaian” tidak terisi" in m for m in messages)
    assert ProcedureRun.objects.count() == 0


def test_real_sop_2_starts_for_a_quarter(organization):
    revision = _load("sop-pengumpulan-data-kinerja.toml", organization)
    run = engine.run_start(
        actor=organization["kasubag.renkeu"],
        revision=revision,
        agency=organization.agency,
        title="Pengumpulan Data Kinerja TW I 2026",
        year=2026,
        quarter=1,
        disposition_to="Kasubbag Perencanaan dan Keuangan",
        instruction="Kumpulkan data kinerja triwulan I.",
        urgency="normal",
        disposition_date=MONDAY_8.date(),
        now=MONDAY_8,
    )
    assert run.quarter == 1
    first = open_tasks(run)
    assert {t.step.number for t in first} == {1}
    assert first


@pytest.mark.django_db(transaction=True)
def test_two_units_completing_at_the_same_moment_open_the_join_once(organization, monkeypatch):
    """Real concurrency (PostgreSQL): the run-row lock makes the second completion see the first;
    without it each would still see the other's task open and the join would never open."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks are only concurrent on PostgreSQL; SQLite serializes writers")
    import threading
    import time

    class Slow(StepHandler):
        key = "test.slow"

        def on_complete(self, task, *, actor):
            time.sleep(0.3)  # both transactions are inside at once

    monkeypatch.setitem(actions._STEP_HANDLERS, "test.slow", Slow())
    revision = make_rkt_like_sop(organization.agency)
    revision.steps.filter(number=5).update(action="test.slow")
    run = start(organization, revision)
    at = walk_to_step_4(organization, run)
    for task in open_tasks(run, 4):
        complete(task, at=at)
    sec, ikp, aptika = open_tasks(run, 5)
    complete(sec, at=at)
    barrier = threading.Barrier(2)
    errors = []

    def finish(task):
        try:
            barrier.wait(timeout=10)
            complete(task, at=at)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=finish, args=(t,)) for t in (ikp, aptika)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert Task.objects.filter(run=run, step__number=6).count() == 1


@pytest.mark.parametrize(
    ("quarter", "numbers"),
    [
        (1, [1, 2, 3, 4, 5]),
        (2, [1, 2, 3, 4, 5, 6, 7, 8]),
        (3, [1, 2, 3, 4, 5]),
        (4, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (None, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    ],
)
def test_sop2_steps_repeat_by_quarter_semester_and_year(quarter, numbers):
    """DOMAIN.md §1: steps 1–5 every quarter, 6–8 after TW II and TW IV, 9 after TW IV only."""
    from sakip.procedures.choices import Repeat
    from sakip.procedures.engine import step_applies

    repeats = [Repeat.QUARTERLY] * 5 + [Repeat.SEMESTER] * 3 + [Repeat.YEARLY]
    steps = [type("Step", (), {"number": n, "repeat": r})() for n, r in enumerate(repeats, start=1)]
    assert [s.number for s in steps if step_applies(s, quarter)] == numbers
