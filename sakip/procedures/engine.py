"""The engine that runs an SOP: starting a run, opening, completing and returning tasks.

The SOP is data (steps, lanes); the engine only knows how steps follow each other:

- the next step by number opens when a task completes;
- a per-unit step after a per-unit step continues per unit (unit U's step 5 opens when U's step 4
  is done);
- a single step after a per-unit step is a join: it opens once, when no task before it is open;
- a per-unit step after a single step fans out to every unit;
- a request step (SOP 2 step 1) is one task of its lane, the act of asking every unit for data;
  when it is done, each unit's head gets a task to answer it ("supply" task), due on the run's
  `response_due` (set with the disposition) rather than the step's Mutu Baku; the step after it
  is a join over those answers. The answers are reported apart from the SOP steps' compliance
  ("Ketepatan unit");
- a decision step may return a unit's work to an earlier step (round + 1, a fresh deadline); on
  that return path a join already done in this run is skipped, the unit goes on at the next
  per-unit step. Work verified outside a decision step (SOP 2: the recap page) goes back to its
  unit the same way (`task_send_back`);
- the run completes when its last step is done and nothing is open any more.

Each task's deadline is its start plus the step's Mutu Baku standard time in the agency's working
time, computed when the task opens and stored (a holiday added later does not move it).

Every state change is one transaction that locks the run row first, so that two units completing
their tasks at the same moment open a join exactly once (ARCHITECTURE.md, convention 2).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.core.filetypes import FILE_TOO_LARGE, FILE_TYPE_MISMATCH, sniff_file_type
from sakip.core.storage import FileNotStored, files_kept_only_on_success, store_upload_file
from sakip.measurement.formatting import format_decimal_id
from sakip.organization.models import Unit

from .actions import handler_for, hooks_for, run_completed_listeners
from .choices import (
    FanOut,
    NotificationKind,
    Repeat,
    RunStatus,
    StepSymbol,
    TaskKind,
    TaskOutcome,
    TaskStatus,
)
from .lanes import HEAD_ROLES, lane_has_positions, resolve_lane, unit_heads
from .models import ProcedureRun, SopLane, SopRevision, SopStep, Task, TaskFile
from .notifications import notify
from .races import AlreadyDoneError
from .selectors_calendar import deadline_for, response_due_default

NOTE_REQUIRED_ON_RETURN = gettext_lazy("Catatan wajib diisi saat mengembalikan.")
NOT_A_UNITS_WORK = gettext_lazy("Hanya pekerjaan unit yang sudah selesai dapat dikembalikan.")
FILE_TYPE_REFUSED = gettext_lazy(
    "Berkas “%(name)s” tidak dapat diterima: unggah PDF, gambar (PNG, JPEG, GIF, WebP) atau "
    "berkas Office (Word, Excel, PowerPoint, OpenDocument)."
)
FILE_NOT_STORED = gettext_lazy(
    "Berkas “%(name)s” tidak dapat disimpan karena gangguan penyimpanan di server; tugas belum "
    "diselesaikan. Catatan Anda masih ada: pilih berkas itu lagi lalu coba sekali lagi. Bila "
    "berulang, hubungi administrator."
)
# The second of two people acting on one task (or one person in two tabs) is told what happened.
TASK_ALREADY_DONE = gettext_lazy("Tugas ini sudah diselesaikan oleh %(name)s pada %(when)s.")
TASK_ALREADY_ACCEPTED = gettext_lazy("Tugas ini sudah diterima oleh %(name)s pada %(when)s.")
TASK_ALREADY_RETURNED = gettext_lazy(
    "Tugas ini sudah dikembalikan untuk diperbaiki oleh %(name)s pada %(when)s."
)


# --- output files ------------------------------------------------------------------------------

# Extensions accepted as task output, by the kind their first bytes must show.
_KINDS_BY_EXTENSION = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "gif": "gif",
    "webp": "webp",
    "docx": "ooxml",
    "xlsx": "ooxml",
    "pptx": "ooxml",
    "doc": "ole",
    "xls": "ole",
    "ppt": "ole",
    "odt": "odf",
    "ods": "odf",
    "odp": "odf",
}


def task_file_max_bytes() -> int:
    return int(getattr(settings, "TASK_FILE_MAX_BYTES", 10 * 1024 * 1024))


def validate_task_file(upload: UploadedFile) -> None:
    """An output file must be a PDF, an image or an Office file, checked by content, within the
    size limit (setting TASK_FILE_MAX_BYTES, default 10 MB)."""
    name = upload.name or ""
    limit = task_file_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "files": FILE_TOO_LARGE
                % {
                    "name": name,
                    "size": format_decimal_id(Decimal(upload.size) / 1024 / 1024, 1),
                    "limit": format_decimal_id(Decimal(limit) / 1024 / 1024, 0),
                }
            }
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = _KINDS_BY_EXTENSION.get(ext)
    if expected is None:
        raise ValidationError({"files": FILE_TYPE_REFUSED % {"name": name}})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    actual = sniff_file_type(head, upload)
    if actual is None:
        raise ValidationError({"files": FILE_TYPE_REFUSED % {"name": name}})
    if actual != expected:
        raise ValidationError({"files": FILE_TYPE_MISMATCH % {"name": name, "ext": ext}})


# --- lanes and units ---------------------------------------------------------------------------


def step_applies(step: SopStep, quarter: int | None) -> bool:
    """Whether a step runs in a run of this quarter (DOMAIN.md §1, SOP 2): steps 1–5 every
    quarter, the semester steps after TW II and TW IV, the yearly step after TW IV. A run without a
    quarter (SOP 1) runs every step."""
    if quarter is None or step.repeat in (Repeat.ONCE, Repeat.QUARTERLY):
        return True
    if step.repeat == Repeat.SEMESTER:
        return quarter in (2, 4)
    return quarter == 4  # Repeat.YEARLY


def _steps(revision: SopRevision, quarter: int | None = None) -> list[SopStep]:
    steps = revision.steps.select_related("lane").order_by("number")
    return [step for step in steps if step_applies(step, quarter)]


def is_per_unit(step: SopStep) -> bool:
    return step.fan_out == FanOut.PER_UNIT


def is_decision(step: SopStep) -> bool:
    return step.symbol == StepSymbol.DECISION


def is_request(step: SopStep) -> bool:
    """One task of the step's lane that asks every unit for data (SOP 2 step 1)."""
    return step.fan_out == FanOut.REQUEST


def fan_out_units(run: ProcedureRun, step: SopStep) -> list[Unit]:
    """The units that get their own task in a per-unit step, in tree order.

    The step's handler may decide; otherwise the units of the agency whose kind is listed in
    `fan_out_unit_kinds`, or the agency's direct sub-units when none is listed.
    """
    units = handler_for(step).fan_out_units(run, step)
    if units is not None:
        return list(units)
    agency = run.agency
    below = Unit.objects.filter(path__startswith=agency.path).exclude(pk=agency.pk)
    if step.fan_out_unit_kinds:
        below = below.filter(kind__in=step.fan_out_unit_kinds)
    else:
        below = below.filter(parent=agency)
    return list(below.order_by("path", "order"))


def _unfilled_message(lane: SopLane, *, agency: Unit, unit: Unit | None) -> str:
    if lane.relative:
        where = (unit or agency).name
        if lane.role in HEAD_ROLES:
            return _(
                "Pelaksana “%(lane)s” tidak terisi: %(unit)s belum memiliki kepala unit "
                "(definitif atau Plt/Plh) yang memiliki akun. Isi jabatan itu lalu mulai lagi."
            ) % {"lane": lane.name, "unit": where}
    else:
        where = agency.name
        if not lane_has_positions(lane, agency=agency):
            # The agency has no position of the lane's role at all (docs/decisions/0012).
            return _(
                "Pelaksana “%(lane)s” tidak terisi: belum ada jabatan %(role)s di %(agency)s. "
                "Isi jabatan itu di Administrasi sebelum memulai."
            ) % {"lane": lane.name, "role": lane.get_role_display(), "agency": agency.name}
    return _(
        "Pelaksana “%(lane)s” tidak terisi: belum ada pemangku jabatan %(role)s di %(unit)s "
        "yang memiliki akun. Isi jabatan itu (definitif atau Plt/Plh) lalu mulai lagi."
    ) % {"lane": lane.name, "role": lane.get_role_display(), "unit": where}


def _no_head_message(step: SopStep, unit: Unit) -> str:
    return _(
        "%(unit)s belum memiliki kepala unit (definitif atau Plt/Plh) yang memiliki akun untuk "
        "menyampaikan data yang diminta pada langkah %(number)s. Isi jabatan itu lalu mulai lagi."
    ) % {"unit": unit.name, "number": step.number}


def _assignee(
    step: SopStep,
    *,
    run: ProcedureRun,
    unit: Unit | None,
    now: datetime.datetime,
    kind: str = TaskKind.STEP,
):
    if kind == TaskKind.SUPPLY and unit is not None:
        # The unit's answer to a request is its head's, whatever the requesting lane is.
        heads = unit_heads(unit, on=timezone.localdate(now))
        if not heads:
            raise ValidationError(_no_head_message(step, unit))
        return heads[0]
    people = resolve_lane(step.lane, agency=run.agency, unit=unit, on=timezone.localdate(now))
    if not people:
        raise ValidationError(_unfilled_message(step.lane, agency=run.agency, unit=unit))
    return people[0]


def lane_problems(
    run: ProcedureRun, steps: Sequence[SopStep], *, now: datetime.datetime
) -> list[str]:
    """Why a run cannot start: every lane must resolve to someone for every unit it serves."""
    problems: list[str] = []
    seen: set[tuple[int, int | None]] = set()
    day = timezone.localdate(now)
    for step in steps:
        if is_per_unit(step) or is_request(step):
            units: list[Unit | None] = list(fan_out_units(run, step))
            if not units:
                problems.append(
                    _("Langkah %(number)s tidak memiliki unit untuk dibagi tugasnya.")
                    % {"number": step.number}
                )
                continue
            if is_request(step):
                # The request itself is the lane's; each unit's head answers it.
                problems.extend(
                    _no_head_message(step, unit)
                    for unit in units
                    if unit is not None and not unit_heads(unit, on=day)
                )
                units = [None]
        else:
            units = [None]
        for unit in units:
            key = (step.lane_id, unit.pk if (unit is not None and step.lane.relative) else None)
            if key in seen:
                continue
            seen.add(key)
            if not resolve_lane(step.lane, agency=run.agency, unit=unit, on=day):
                problems.append(_unfilled_message(step.lane, agency=run.agency, unit=unit))
    return problems


# --- opening tasks -------------------------------------------------------------------------------


def _open_task(
    *,
    run: ProcedureRun,
    step: SopStep,
    unit: Unit | None,
    round: int,
    actor: Actor,
    now: datetime.datetime,
    notify_kind: str = NotificationKind.ASSIGNED,
    notify_extra: str = "",
    kind: str = TaskKind.STEP,
    deadline: datetime.datetime | None = None,
    return_note: str = "",
    quiet: bool = False,
) -> Task:
    """Open one task. A step task is due at the step's Mutu Baku; a supply task at `deadline`
    (the request's due date, or a fresh one after a return). `quiet` opens it without telling
    the assignee (a task done in the same breath, e.g. the request sent by opening a quarter)."""
    assignee = _assignee(step, run=run, unit=unit, now=now, kind=kind)
    if deadline is None:
        deadline = deadline_for(step, agency=run.agency, start=now)
    task = Task.objects.create(
        run=run,
        step=step,
        unit=unit,
        assignee=assignee,
        kind=kind,
        round=round,
        status=TaskStatus.OPEN,
        started_at=now,
        deadline=deadline,
        return_note=return_note,
    )
    audit_record(
        at=now,
        actor=actor,
        instance=task,
        action="open",
        changes={
            "status": [None, TaskStatus.OPEN],
            "assignee": [None, str(assignee)],
            "round": [None, round],
            "deadline": [None, deadline.isoformat()],
        },
        note=return_note,
    )
    handler_for(step).on_open(task)
    if not quiet:
        notify(user=assignee, task=task, kind=notify_kind, extra=notify_extra)
    return task


def _supply_due(run: ProcedureRun, *, now: datetime.datetime) -> datetime.datetime:
    """When the units' answers are due: the disposition's due date, else the agency's default
    (its data-entry days, in working days)."""
    if run.response_due is not None:
        return run.response_due
    return response_due_default(run.agency, start=now)


def _open_supply(
    *, run: ProcedureRun, step: SopStep, actor: Actor, now: datetime.datetime
) -> list[Task]:
    """A request step is done: every unit's head gets a task to answer it, due on the request's
    due date."""
    due = _supply_due(run, now=now)
    return [
        _open_task(
            run=run,
            step=step,
            unit=unit,
            round=1,
            actor=actor,
            now=now,
            kind=TaskKind.SUPPLY,
            deadline=due,
        )
        for unit in fan_out_units(run, step)
    ]


def _open_step(
    *, run: ProcedureRun, step: SopStep, round: int, actor: Actor, now: datetime.datetime
) -> list[Task]:
    """Open a step from a single task: a per-unit step fans out, a single step opens once."""
    if is_per_unit(step):
        return [
            _open_task(run=run, step=step, unit=unit, round=round, actor=actor, now=now)
            for unit in fan_out_units(run, step)
        ]
    return [_open_task(run=run, step=step, unit=None, round=round, actor=actor, now=now)]


def _join_ready(run: ProcedureRun, join: SopStep) -> bool:
    """A join opens once, when nothing before it is still open."""
    if run.tasks.filter(step=join).exists():
        return False
    return not run.tasks.filter(
        step__number__lt=join.number, status__in=[TaskStatus.OPEN, TaskStatus.WAITING]
    ).exists()


def _advance(*, run: ProcedureRun, task: Task, actor: Actor, now: datetime.datetime) -> list[Task]:
    """Open what follows a completed task (see the module docstring); returns the opened tasks."""
    steps = _steps(run.revision, run.quarter)
    later = [s for s in steps if s.number > task.step.number]
    if task.unit_id is None:
        if is_request(task.step) and task.kind == TaskKind.STEP:
            # The request is sent: the units answer it; the next step joins their answers.
            return _open_supply(run=run, step=task.step, actor=actor, now=now)
        # A single task: the next step opens for everyone (a per-unit step fans out).
        if not later:
            return []
        return _open_step(run=run, step=later[0], round=task.round, actor=actor, now=now)
    for step in later:
        if is_per_unit(step):
            # The unit continues on its own: U's step-5 task opens when U's step-4 task is done.
            already = run.tasks.filter(
                step=step, unit_id=task.unit_id, status=TaskStatus.OPEN
            ).exists()
            if already:
                return []
            return [
                _open_task(
                    run=run, step=step, unit=task.unit, round=task.round, actor=actor, now=now
                )
            ]
        # A single step after a per-unit one is a join.
        if task.round > 1 and run.tasks.filter(step=step, status=TaskStatus.DONE).exists():
            # On a return path a join that is already done is not done again.
            continue
        if _join_ready(run, step):
            return [_open_task(run=run, step=step, unit=None, round=1, actor=actor, now=now)]
        return []
    return []


def _after_run_completed(run_id: int, workflow: str, actor: Actor) -> None:
    """What follows a completed run outside its transaction (`actions.on_run_completed`)."""
    listeners = run_completed_listeners(workflow)
    if not listeners:
        return
    run = ProcedureRun.objects.select_related("revision__sop", "agency").get(pk=run_id)
    for listener in listeners:
        listener(run, actor)


def _complete_run_if_done(run: ProcedureRun, *, actor: Actor, now: datetime.datetime) -> bool:
    """The run is done when its last step has tasks, all done and accepted, and nothing is open."""
    if run.status != RunStatus.RUNNING:
        return False
    if run.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.WAITING]).exists():
        return False
    applicable = _steps(run.revision, run.quarter)
    if not applicable:
        return False
    last = applicable[-1]
    last_tasks = run.tasks.filter(step=last).exclude(status=TaskStatus.CANCELLED)
    if not last_tasks.exists():
        return False
    workflow = run.revision.sop.workflow
    hooks_for(workflow).on_run_complete(run, actor=actor)
    transaction.on_commit(partial(_after_run_completed, run.pk, workflow, actor))
    run.status = RunStatus.COMPLETED
    run.completed_at = now
    run.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(
        at=now,
        actor=actor,
        instance=run,
        action="complete",
        changes={"status": [RunStatus.RUNNING, RunStatus.COMPLETED]},
    )
    return True


# --- the contract ----------------------------------------------------------------------------


def run_start(
    *,
    actor: Actor,
    revision: SopRevision,
    agency: Unit,
    title: str,
    year: int,
    quarter: int | None = None,
    disposition_to: str,
    instruction: str,
    urgency: str,
    disposition_date: datetime.date,
    now: datetime.datetime | None = None,
    response_due: datetime.datetime | None = None,
    first_step_done: bool = False,
) -> ProcedureRun:
    """Start a run of `revision` with its disposition and open the first step's task(s).

    Refuses (ValidationError naming the lane, nothing written) when a lane resolves to nobody.
    `quarter` picks the steps that apply (DOMAIN.md §1, SOP 2). `response_due` is the due date
    the disposition gives the units' answers to a request step. With `first_step_done` the
    disposition itself is the first step's act (SOP 2: opening a quarter sends the data request):
    its task is completed by `actor` at once, and what follows opens.
    """
    now = now or timezone.now()
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Judul pelaksanaan wajib diisi.")})
    if not instruction.strip():
        raise ValidationError({"instruction": _("Isi disposisi wajib diisi.")})
    if revision.sop.agency_id != agency.pk:
        raise ValidationError(_("SOP ini milik perangkat daerah lain."))
    steps = _steps(revision, quarter)
    if not steps:
        raise ValidationError(_("SOP ini belum memiliki langkah."))
    with transaction.atomic():
        run = ProcedureRun.objects.create(
            revision=revision,
            agency=agency,
            title=title,
            year=year,
            quarter=quarter,
            status=RunStatus.RUNNING,
            started_at=now,
            started_by=actor if getattr(actor, "pk", None) else None,
            disposition_from=actor if getattr(actor, "pk", None) else None,
            disposition_to=disposition_to,
            instruction=instruction,
            urgency=urgency,
            disposition_date=disposition_date,
            response_due=response_due,
        )
        problems = lane_problems(run, steps, now=now)
        if problems:
            # Leaving the atomic block with the error rolls the run back: nothing is written.
            raise ValidationError(problems)
        audit_record(
            at=now,
            actor=actor,
            instance=run,
            action="start",
            changes={
                "revision": [None, str(revision)],
                "status": [None, RunStatus.RUNNING],
                "disposition_to": [None, disposition_to],
                "instruction": [None, instruction],
                "urgency": [None, urgency],
                "disposition_date": [None, disposition_date.isoformat()],
                **(
                    {"response_due": [None, response_due.isoformat()]}
                    if response_due is not None
                    else {}
                ),
            },
            note=instruction,
        )
        hooks_for(revision.sop.workflow).on_run_start(run, actor=actor)
        if first_step_done:
            first = steps[0]
            units: list[Unit | None] = (
                list(fan_out_units(run, first)) if is_per_unit(first) else [None]
            )
            for unit in units:
                task = _open_task(
                    run=run, step=first, unit=unit, round=1, actor=actor, now=now, quiet=True
                )
                task.run = run
                _finish(run=run, task=task, actor=actor, now=now)
        else:
            _open_step(run=run, step=steps[0], round=1, actor=actor, now=now)
    return run


def _lock(task: Task) -> tuple[ProcedureRun, Task]:
    """Lock the run row (serializing every change of the run), then re-read the task."""
    run = (
        ProcedureRun.objects.select_for_update(of=("self",))
        .select_related("revision__sop", "agency")
        .get(pk=task.run_id)
    )
    fresh = Task.objects.select_related("step__lane", "unit", "assignee").get(pk=task.pk)
    fresh.run = run
    return run, fresh


def _check_actor(actor: Actor, task: Task) -> None:
    if actor is None or not (actor.is_superuser or actor.pk == task.assignee_id):
        raise PermissionDenied(_("Hanya pelaksana tugas ini yang dapat menyelesaikannya."))


def task_already_done(task: Task) -> AlreadyDoneError:
    """Who completed (accepted, returned) the task and when, as the error its late actor sees."""
    messages: dict[str, Any] = {
        TaskOutcome.ACCEPTED: TASK_ALREADY_ACCEPTED,
        TaskOutcome.RETURNED: TASK_ALREADY_RETURNED,
    }
    message = messages.get(task.outcome, TASK_ALREADY_DONE)
    return AlreadyDoneError(message, by=task.completed_by, at=task.completed_at)


def _check_open(task: Task) -> None:
    if task.status == TaskStatus.DONE:
        raise task_already_done(task)
    if task.status != TaskStatus.OPEN:
        raise ValidationError(
            _("Tugas ini tidak lagi terbuka (status: %(status)s).")
            % {"status": task.get_status_display()}
        )


def task_complete(
    *,
    actor: Actor,
    task: Task,
    note: str = "",
    files: Sequence[UploadedFile] = (),
    now: datetime.datetime | None = None,
) -> Task:
    """Complete a task (accept, at a decision step) and start what follows it."""
    now = now or timezone.now()
    for upload in files:
        validate_task_file(upload)
    with files_kept_only_on_success(), transaction.atomic():
        run, task = _lock(task)
        # A task already done says by whom and when, even to whoever may not act on it any more.
        _check_open(task)
        _check_actor(actor, task)
        _finish(run=run, task=task, actor=actor, now=now, note=note, files=files)
    return task


def _finish(
    *,
    run: ProcedureRun,
    task: Task,
    actor: Actor,
    now: datetime.datetime,
    note: str = "",
    files: Sequence[UploadedFile] = (),
) -> None:
    """Complete a locked, open task and start what follows it (inside the caller's transaction)."""
    blockers = handler_for(task.step).blockers(task)
    if blockers:
        raise ValidationError(blockers)
    task.status = TaskStatus.DONE
    task.outcome = TaskOutcome.ACCEPTED if is_decision(task.step) else TaskOutcome.DONE
    task.completed_at = now
    task.completed_by = actor
    task.note = note.strip()
    task.save(
        update_fields=[
            "status",
            "outcome",
            "completed_at",
            "completed_by",
            "note",
            "updated_at",
        ]
    )
    names = []
    for upload in files:
        name = (upload.name or "berkas")[:250]
        stored = TaskFile(task=task, name=name, uploaded_by=actor)
        try:
            store_upload_file(stored.file, name, upload)
        except FileNotStored:
            raise ValidationError({"output_files": FILE_NOT_STORED % {"name": name}}) from None
        stored.save()
        names.append(stored.name)
    audit_record(
        at=now,
        actor=actor,
        instance=task,
        action="complete",
        changes={
            "status": [TaskStatus.OPEN, TaskStatus.DONE],
            "outcome": ["", task.outcome],
            **({"files": [None, names]} if names else {}),
        },
        note=task.note,
    )
    handler_for(task.step).on_complete(task, actor=actor)
    _advance(run=run, task=task, actor=actor, now=now)
    _complete_run_if_done(run, actor=actor, now=now)


def task_return(
    *, actor: Actor, task: Task, note: str, now: datetime.datetime | None = None
) -> Task:
    """Return a unit's work from a decision step to its `return_to` step with correction notes.

    The returned task is done with outcome RETURNED; the unit gets a new task of the earlier step
    (round + 1) with a fresh deadline, and its assignee is notified with the note.
    """
    now = now or timezone.now()
    note = note.strip()
    with transaction.atomic():
        run, task = _lock(task)
        # A task already done says by whom and when, even to whoever may not act on it any more.
        _check_open(task)
        _check_actor(actor, task)
        if not is_decision(task.step) or task.step.return_to_id is None:
            raise ValidationError(_("Langkah ini tidak dapat dikembalikan."))
        if not note:
            raise ValidationError({"note": NOTE_REQUIRED_ON_RETURN})
        target = SopStep.objects.select_related("lane").get(pk=task.step.return_to_id)
        task.status = TaskStatus.DONE
        task.outcome = TaskOutcome.RETURNED
        task.completed_at = now
        task.completed_by = actor
        task.note = note
        task.save(
            update_fields=[
                "status",
                "outcome",
                "completed_at",
                "completed_by",
                "note",
                "updated_at",
            ]
        )
        audit_record(
            at=now,
            actor=actor,
            instance=task,
            action="return",
            changes={
                "status": [TaskStatus.OPEN, TaskStatus.DONE],
                "outcome": ["", TaskOutcome.RETURNED],
                "return_to": [None, target.number],
            },
            note=note,
        )
        handler_for(task.step).on_return(task, actor=actor)
        _open_task(
            run=run,
            step=target,
            unit=task.unit,
            round=task.round + 1,
            actor=actor,
            now=now,
            notify_kind=NotificationKind.RETURNED,
            notify_extra=note,
            return_note=note,
        )
    return task


def task_send_back(
    *,
    actor: Actor,
    task: Task,
    note: str,
    deadline: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Task:
    """Send a unit's done work back to its unit when it is verified outside a decision step
    (SOP 2: the planners return a unit's data on the recap page, or reopen a locked quarter).

    The same path as `task_return`: the unit gets a new task of the same step and kind (round + 1)
    with the note, a fresh deadline (`deadline`, else the step's Mutu Baku or, for a unit's
    answer to a request, the agency's data-entry days) and a "returned" notification; its
    completion (the unit sends again) moves the run on as the first one did. The caller checks who
    may return; a unit that already has the task open keeps it (returns it unchanged).
    """
    now = now or timezone.now()
    note = note.strip()
    if not note:
        raise ValidationError({"note": NOTE_REQUIRED_ON_RETURN})
    with transaction.atomic():
        run, task = _lock(task)
        if task.unit_id is None:
            raise ValidationError(NOT_A_UNITS_WORK)
        same = run.tasks.filter(step_id=task.step_id, unit_id=task.unit_id, kind=task.kind)
        already = same.filter(status=TaskStatus.OPEN).select_related("step", "unit").first()
        if already is not None:
            return already
        if task.status != TaskStatus.DONE:
            raise ValidationError(NOT_A_UNITS_WORK)
        if deadline is None and task.kind == TaskKind.SUPPLY:
            deadline = response_due_default(run.agency, start=now)
        rounds = same.values_list("round", flat=True)
        return _open_task(
            run=run,
            step=task.step,
            unit=task.unit,
            round=max(rounds, default=task.round) + 1,
            actor=actor,
            now=now,
            kind=task.kind,
            deadline=deadline,
            notify_kind=NotificationKind.RETURNED,
            notify_extra=note,
            return_note=note,
        )
