"""Writes of the quarterly cycle (SOP 2 "Mekanisme Pengumpulan Data Kinerja", steps 1–2).

Each function is one atomic, audited action (ARCHITECTURE.md §2): it locks the row it changes,
checks what the state allows, and raises django ValidationError keyed by the input the message
belongs next to (`value_<indicator id>`, `problems_<id>`, `solutions_<id>`, `evidence_<id>`,
`physical_<sub-activity id>_<month>`, `spent_<sub-activity id>_<month>`, `note`, `reason`,
`quarter`), PermissionDenied when the actor may not act at all (actor None is the system itself).

The cycle:

- `period_open` starts an SOP 2 run for TW k with the units' due date (chosen when opening;
  default: the agency's data-entry days in working days). Opening sends the data request: step 1,
  the Kasubbag's act, is done at once (its own Mutu Baku); the run's hooks create the
  ReportingPeriod, and each unit's answer task (its head's, due on the request's due date)
  creates the unit's UnitSubmission (handlers.py). Concurrent openings of one quarter are
  serialized on the agency's row; the loser is told who opened it and when.
- The unit saves (`submission_save`) and submits (`submission_submit`, which also completes the
  unit's answer task through the engine). Kendala and solusi are required at submit time
  when the quarter's capaian is below the agency's threshold.
- The planners accept or return each submission; a returned one is editable again and comes back
  to the unit head's inbox as a new task (the engine's return path) with the note and a fresh
  deadline; sending the data again completes it.
- An accepted quarter is locked (`period_lock`; completing the recap step locks it too); a locked
  quarter refuses every change. `period_reopen` needs a reason: it unlocks the quarter and returns
  the chosen units' submissions (all of them when none is chosen) to their units with the reason
  as the note, so those units correct and submit again while the others stay accepted.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.core.locking import StaleEditError, lock_fresh
from sakip.core.numbers import NumberError, decimal_places, storage_problem
from sakip.core.numbers import parse_number as parse_typed_number
from sakip.core.storage import FileNotStored, files_kept_only_on_success, store_upload_file
from sakip.measurement.formatting import format_decimal_id
from sakip.organization.choices import Role
from sakip.organization.models import Unit
from sakip.organization.selectors import active_holdings
from sakip.planning.services import value_problem
from sakip.procedures.choices import NotificationKind, TaskStatus, Urgency, Workflow
from sakip.procedures.models import Notification, ProcedureRun, SopRevision, Task
from sakip.procedures.races import AlreadyDoneError, already_done_by_event

from . import access, selectors
from .files import validate_evidence_file
from .models import (
    Evidence,
    MonthlyProgress,
    PeriodStatus,
    Realisasi,
    ReportingPeriod,
    ReportReceipt,
    SubmissionStatus,
    UnitSubmission,
)

__all__ = [
    "StaleEditError",
    "edit_refusal",
    "evidence_add",
    "evidence_delete",
    "period_for_run",
    "period_lock",
    "period_open",
    "period_reopen",
    "receipt_acknowledge",
    "receipts_send",
    "submission_accept",
    "submission_ensure",
    "submission_return",
    "submission_save",
    "submission_submit",
]

# --- messages (constants that tests assert) ----------------------------------------------------

NOT_ALLOWED = _("Anda tidak berwenang melakukan tindakan ini pada data kinerja ini.")
QUARTER_INVALID = _("Pilih triwulan I, II, III atau IV.")
YEAR_INVALID = _("Tahun tidak valid.")
PERIOD_EXISTS = _("%(period)s sudah dibuka untuk perangkat daerah ini.")
PERIOD_OPENED_BY = _("%(period)s sudah dibuka oleh %(name)s pada %(when)s.")
DUE_NOT_WORKING_DAY = _(
    "%(date)s bukan hari kerja. Pilih hari kerja sebagai batas pengiriman data unit."
)
DUE_PASSED = _("Batas pengiriman data unit sudah lewat. Pilih hari kerja yang akan datang.")
NO_SOP = _(
    "Belum ada SOP Mekanisme Pengumpulan Data Kinerja yang berlaku hari ini untuk perangkat "
    "daerah ini. Muat SOP tersebut lebih dahulu di halaman SOP."
)
QUARTER_REQUIRED = _(
    "Pengumpulan data kinerja dibuka per triwulan melalui halaman Pengumpulan Data Kinerja "
    "(tombol “Buka TW”)."
)
RUN_TITLE = _("Pengumpulan Data Kinerja %(period)s")
DEFAULT_INSTRUCTION = _(
    "Mohon sampaikan data kinerja %(period)s paling lambat %(deadline)s: realisasi indikator "
    "beserta kendala, solusi dan data dukung, serta progres bulanan sub kegiatan."
)
DISPOSITION_TO = _("%(lane)s setiap unit")
UNIT_HEADS = _("Kepala setiap unit")
PERIOD_LOCKED = _(
    "Data %(period)s sudah dikunci. Data baru dapat diubah setelah periode dibuka kembali "
    "dengan alasan."
)
NOT_EDITABLE = _(
    "Data unit ini sudah dikirim dan tidak dapat diubah, kecuali dikembalikan untuk diperbaiki."
)
# The second of two people acting on the same data (or one person in two tabs) is told who acted
# first and when.
SUBMITTED_BY = _(
    "Data unit ini sudah dikirim oleh %(name)s pada %(when)s dan tidak dapat diubah lagi, "
    "kecuali dikembalikan untuk diperbaiki."
)
ACCEPTED_BY = _(
    "Data unit ini sudah diterima oleh %(name)s pada %(when)s dan tidak dapat diubah lagi."
)
RETURNED_BY = _("Data unit ini sudah dikembalikan untuk diperbaiki oleh %(name)s pada %(when)s.")
LOCKED_BY = _("Periode ini sudah dikunci oleh %(name)s pada %(when)s.")
REOPENED_BY = _("Periode ini sudah dibuka kembali oleh %(name)s pada %(when)s.")
INDICATOR_NOT_OF_UNIT = _("Indikator ini bukan indikator yang dilaporkan unit ini.")
SUB_ACTIVITY_NOT_OF_UNIT = _("Sub kegiatan ini bukan sub kegiatan unit ini pada triwulan ini.")
NOT_A_NUMBER = _("Masukkan angka.")
EVIDENCE_NOT_STORED = _(
    "Berkas “%(name)s” tidak dapat disimpan karena gangguan penyimpanan di server, sehingga "
    "isian di halaman ini belum tersimpan. Isian Anda masih ada di bawah: pilih berkas itu lagi "
    "lalu tekan Simpan, atau simpan tanpa berkas. Bila berulang, hubungi administrator."
)
TEXT_TOO_LONG = _("Paling banyak %(max)s karakter.")
PHYSICAL_RANGE = _("Progres fisik harus antara 0 dan 100 persen.")
SPENT_NEGATIVE = _("Realisasi anggaran tidak boleh negatif.")
VALUE_REQUIRED = _("Isi realisasi triwulan ini sebelum mengirim: indikator ini bertarget.")
PROBLEMS_REQUIRED = _(
    "Capaian %(capaian)s%% berada di bawah ambang %(threshold)s%%: isi kendala sebelum mengirim."
)
SOLUTIONS_REQUIRED = _(
    "Capaian %(capaian)s%% berada di bawah ambang %(threshold)s%%: isi solusi / tindak lanjut "
    "sebelum mengirim."
)
SUBMIT_ONLY_ASSIGNEE = _("Data unit ini dikirim oleh %(name)s, pelaksana permintaan data unit ini.")
NOT_SUBMITTED = _("Hanya data yang sudah dikirim unit yang dapat diverifikasi.")
RETURN_NOTE_REQUIRED = _("Catatan wajib diisi saat mengembalikan.")
NOT_RETURNABLE = _("Data ini belum dikirim unit sehingga tidak dapat dikembalikan.")
LOCK_NOT_READY = _(
    "Periode baru dapat dikunci setelah data semua unit diterima. Belum diterima: %(units)s."
)
LOCK_NO_SUBMISSIONS = _("Periode ini belum memiliki kiriman data unit.")
ALREADY_LOCKED = _("Periode ini sudah dikunci.")
NOT_LOCKED = _("Periode ini tidak sedang dikunci.")
REOPEN_REASON_REQUIRED = _("Alasan membuka kembali wajib diisi.")
UNIT_NOT_IN_PERIOD = _("Unit yang dipilih tidak memiliki kiriman pada periode ini.")
NO_RECEIPT = _("Laporan periode ini tidak disampaikan kepada Anda.")
ALREADY_ACKNOWLEDGED = _("Penerimaan laporan ini sudah Anda nyatakan.")
REPORT_SENT = _(
    "Laporan kinerja %(period)s telah disosialisasikan kepada Anda. Mohon buka halaman "
    "Pengumpulan Data Kinerja %(period)s dan nyatakan bahwa laporan telah Anda terima."
)

# Realisasi: max_digits 20, 4 decimals; physical %: 6, 2; budget spent: 18, 2 (models.py).
VALUE_PLACES, VALUE_DIGITS = 4, 20
PHYSICAL_PLACES, PHYSICAL_DIGITS = 2, 6
SPENT_PLACES, SPENT_DIGITS = 2, 18
TEXT_MAX = 5000

# Officials who receive the socialized quarterly report (SOP 2 step 5 "pejabat terkait").
REPORT_OFFICIAL_ROLES = (Role.AGENCY_HEAD, Role.SECRETARY, Role.DIVISION_HEAD)


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def period_label(period: ReportingPeriod) -> str:
    """How messages name a quarter: "TW I 2026"."""
    return str(period)


def _stored_language() -> Any:
    """Texts stored in the database (titles, notes, messages) are in the installation's
    language, whatever the language of the request that caused them."""
    return translation.override(settings.LANGUAGE_CODE)


# --- permissions -------------------------------------------------------------------------------


def _check_planner(actor: Actor, agency: Unit) -> None:
    if actor is not None and not access.can_open_periods(actor, agency):
        raise PermissionDenied(NOT_ALLOWED)


def _check_verifier(actor: Actor, period: ReportingPeriod) -> None:
    if actor is not None and not access.can_verify(actor, period):
        raise PermissionDenied(NOT_ALLOWED)


def _check_unit_member(actor: Actor, submission: UnitSubmission) -> None:
    if actor is not None and not access.works_in_unit(actor, submission.unit):
        raise PermissionDenied(NOT_ALLOWED)


def _check_period_open(period: ReportingPeriod) -> None:
    if period.status == PeriodStatus.LOCKED:
        raise ValidationError(PERIOD_LOCKED % {"period": period_label(period)})


def _decision(submission: UnitSubmission) -> AlreadyDoneError | None:
    """The verifier's decision on the data (accepted or returned), by whom and when."""
    messages: dict[str, Any] = {
        SubmissionStatus.ACCEPTED: ACCEPTED_BY,
        SubmissionStatus.RETURNED: RETURNED_BY,
    }
    message = messages.get(submission.status)
    if message is None or submission.reviewed_at is None:
        return None
    return AlreadyDoneError(message, by=submission.reviewed_by, at=submission.reviewed_at)


def _sent(submission: UnitSubmission) -> ValidationError:
    """Data already sent: by whom and when it was last sent (a resubmission after a return
    included; `submitted_at` keeps the first one)."""
    return already_done_by_event(SUBMITTED_BY, submission, "submit") or ValidationError(
        NOT_EDITABLE
    )


def edit_refusal(submission: UnitSubmission) -> ValidationError | None:
    """Why the unit's data cannot be changed now, in the words its people see (the entry page,
    the Excel upload); None while it can. A locked quarter says so; data sent or accepted says by
    whom and when."""
    if submission.period.status == PeriodStatus.LOCKED:
        return ValidationError(PERIOD_LOCKED % {"period": period_label(submission.period)})
    if submission.status in access.EDITABLE:
        return None
    if submission.status == SubmissionStatus.ACCEPTED:
        return _decision(submission) or ValidationError(NOT_EDITABLE)
    return _sent(submission)


def _check_editable(submission: UnitSubmission) -> None:
    refusal = edit_refusal(submission)
    if refusal is not None:
        raise refusal


def _lock_for_review(submission: UnitSubmission, expected_version: int | None) -> UnitSubmission:
    """Lock the submission for a verifier's decision. The page the verifier decided on carries
    the version it showed: a decision taken meanwhile by another verifier (or in another tab) is
    named with its author and time; any other change since is the usual stale edit."""
    current = _lock_submission(submission)
    if expected_version is not None and current.version != expected_version:
        decided = _decision(current)
        if decided is not None:
            raise decided
        _lock_submission(submission, expected_version)  # raises StaleEditError naming who
    return current


def _lock_submission(
    submission: UnitSubmission, expected_version: int | None = None
) -> UnitSubmission:
    current: UnitSubmission = lock_fresh(submission, expected_version)
    # The period is read fresh too: a lock taken meanwhile must be seen.
    current.period = ReportingPeriod.objects.select_related("agency", "run").get(
        pk=current.period_id
    )
    current.unit = Unit.objects.get(pk=current.unit_id)
    return current


def _bump(instance: Any, fields: list[str]) -> None:
    instance.version += 1
    instance.save(update_fields=[*fields, "version", "updated_at"])


# --- opening a quarter -------------------------------------------------------------------------


def effective_revision(agency: Unit, *, on: datetime.date) -> SopRevision | None:
    """The agency's SOP 2 revision in force on a day (a running quarter keeps its own)."""
    return (
        SopRevision.objects.filter(
            sop__agency=agency, sop__workflow=Workflow.DATA_COLLECTION, effective_date__lte=on
        )
        .select_related("sop")
        .order_by("-effective_date", "-revision")
        .first()
    )


def _first_step(revision: SopRevision, quarter: int) -> Any:
    from sakip.procedures.engine import step_applies

    for step in revision.steps.select_related("lane").order_by("number"):
        if step_applies(step, quarter):
            return step
    return None


def _opened(agency: Unit, year: int, quarter: int) -> ReportingPeriod | None:
    """The quarter's period if a run has opened it."""
    return (
        ReportingPeriod.objects.filter(agency=agency, year=year, quarter=quarter, run__isnull=False)
        .select_related("run__started_by__employee")
        .first()
    )


def already_opened_message(period: ReportingPeriod) -> str:
    """ "TW I 2026 sudah dibuka oleh Kasubag Renkeu pada Rabu, 01 April 2026 08:00 WITA." """
    from sakip.procedures.notifications import format_moment

    run = period.run
    if run is None:
        return str(PERIOD_EXISTS % {"period": period_label(period)})
    who = run.started_by.display_name if run.started_by is not None else "—"
    return str(
        PERIOD_OPENED_BY
        % {"period": period_label(period), "name": who, "when": format_moment(run.started_at)}
    )


def period_due(
    agency: Unit,
    *,
    now: datetime.datetime,
    due: datetime.date | datetime.datetime | None = None,
) -> datetime.datetime:
    """The units' due date of a quarter opened at `now`: a chosen day means the end of that
    working day; none chosen, the agency's data-entry days (working days) after `now`."""
    from sakip.procedures.calendar import calendar_for
    from sakip.procedures.selectors_calendar import end_of_working_day, response_due_default

    calendar = calendar_for(agency)
    if due is None:
        return response_due_default(agency, start=now, calendar=calendar)
    if isinstance(due, datetime.datetime):
        moment = due
    else:
        found = end_of_working_day(due, calendar)
        if found is None:
            raise ValidationError(
                {"due": DUE_NOT_WORKING_DAY % {"date": formats.date_format(due, "l, d F Y")}}
            )
        moment = found
    if moment <= now:
        raise ValidationError({"due": DUE_PASSED})
    return moment


def period_open(
    *,
    actor: Actor,
    agency: Unit,
    year: int,
    quarter: int,
    now: datetime.datetime | None = None,
    instruction: str = "",
    urgency: str = Urgency.NORMAL,
    due: datetime.date | datetime.datetime | None = None,
) -> ReportingPeriod:
    """Open TW k: start an SOP 2 run whose disposition is the data request, with the units' due
    date (`due`: a working day, or the agency's default). Step 1 (the Kasubbag's request) is done
    at once; every unit's head gets the task of sending the unit's data by the due date, and the
    unit's UnitSubmission (through the handlers).

    Nothing is written when a lane of the SOP has nobody in it (the engine's ValidationError).
    Two planners opening the same quarter at once: the second waits on the agency's row, then is
    told who opened it and when (a ValidationError on "quarter", never a server error).
    """
    from sakip.procedures import engine
    from sakip.procedures.notifications import format_moment

    now = _now(now)
    _check_planner(actor, agency)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": QUARTER_INVALID})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": YEAR_INVALID})
    existing = _opened(agency, year, quarter)
    if existing is not None:
        raise ValidationError({"quarter": already_opened_message(existing)})
    revision = effective_revision(agency, on=timezone.localdate(now))
    first = _first_step(revision, quarter) if revision is not None else None
    if revision is None or first is None:
        raise ValidationError(NO_SOP)
    deadline = period_due(agency, now=now, due=due)
    label = f"{selectors.quarter_label(quarter)} {year}"
    with _stored_language():
        title = str(RUN_TITLE % {"period": label})
        text = instruction.strip() or str(
            DEFAULT_INSTRUCTION % {"period": label, "deadline": format_moment(deadline)}
        )
        disposition_to = (
            str(UNIT_HEADS)
            if engine.is_request(first)
            else str(DISPOSITION_TO % {"lane": first.lane.name})
        )
    try:
        with transaction.atomic():
            # One opening per agency at a time: a second request waits here until the first
            # commits, then sees its period (PostgreSQL; SQLite serializes writing transactions).
            Unit.objects.select_for_update().filter(pk=agency.pk).first()
            existing = _opened(agency, year, quarter)
            if existing is not None:
                raise ValidationError({"quarter": already_opened_message(existing)})
            run = engine.run_start(
                actor=actor,
                revision=revision,
                agency=agency,
                title=title,
                year=year,
                quarter=quarter,
                disposition_to=disposition_to[:250],
                instruction=text,
                urgency=urgency,
                disposition_date=timezone.localdate(now),
                now=now,
                response_due=deadline,
                # Opening the quarter is the Kasubbag's act of sending the request (step 1).
                first_step_done=engine.is_request(first),
            )
            period = ReportingPeriod.objects.get(run=run)
    except IntegrityError:
        # The last line of defence: another opening committed the quarter's period between
        # the check and the insert. Say so instead of failing.
        existing = _opened(agency, year, quarter)
        if existing is None:
            raise
        raise ValidationError({"quarter": already_opened_message(existing)}) from None
    return period


def period_for_run(*, actor: Actor, run: ProcedureRun) -> ReportingPeriod:
    """SOP 2 run start (workflow hook): the run's quarter becomes a ReportingPeriod."""
    if run.quarter is None:
        raise ValidationError(QUARTER_REQUIRED)
    with transaction.atomic():
        period = (
            ReportingPeriod.objects.select_for_update()
            .filter(agency=run.agency, year=run.year, quarter=run.quarter)
            .first()
        )
        if period is not None and period.run_id is not None:
            raise ValidationError({"quarter": already_opened_message(period)})
        if period is None:
            period = ReportingPeriod.objects.create(
                agency=run.agency,
                year=run.year,
                quarter=run.quarter,
                run=run,
                deadline=run.response_due,
            )
            action = "create"
        else:
            period.run = run
            period.deadline = run.response_due
            _bump(period, ["run", "deadline"])
            action = "attach_run"
        audit_record(
            at=run.started_at,
            actor=actor,
            instance=period,
            action=action,
            changes={"run": [None, str(run)], "status": [None, period.status]},
            note=run.instruction,
        )
    return period


def submission_ensure(*, task: Task) -> UnitSubmission | None:
    """A unit's task of SOP 2 step 1 opened (handler): the unit's submission of the quarter
    exists; a period without a due date takes the task's."""
    if task.unit_id is None:
        return None
    period = ReportingPeriod.objects.select_for_update().filter(run_id=task.run_id).first()
    if period is None:
        return None
    submission, created = UnitSubmission.objects.get_or_create(period=period, unit_id=task.unit_id)
    if created:
        audit_record(
            at=task.started_at,
            actor=None,
            instance=submission,
            action="create",
            changes={"status": [None, submission.status], "unit": [None, str(task.unit)]},
        )
    if task.deadline is not None and period.deadline is None:
        period.deadline = task.deadline
        _bump(period, ["deadline"])
    return submission


# --- entering data -----------------------------------------------------------------------------


def _number(
    value: Any,
    *,
    field: str,
    places: int,
    digits: int,
    problems: dict[str, Any],
) -> Decimal | None:
    """A clean Decimal, or None after recording the problem under `field`. Text is read by the
    one parser of typed numbers (sakip.core.numbers), like the forms and the Excel import."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        problems[field] = NOT_A_NUMBER
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = parse_typed_number(str(value))
        except NumberError as exc:
            problems[field] = exc.message
            return None
    problem = storage_problem(number, places=places, max_digits=digits)
    if problem is not None:
        problems[field] = problem.message
        return None
    return number


def _text(value: Any) -> str:
    return str(value or "").strip()


def submission_save(
    *,
    actor: Actor,
    submission: UnitSubmission,
    expected_version: int | None,
    values: Mapping[int, tuple[Decimal | None, str, str]] | None = None,
    progress: Mapping[tuple[int, int], tuple[Decimal | None, Decimal | None]] | None = None,
    now: datetime.datetime | None = None,
) -> UnitSubmission:
    """Save a unit's realisasi (indicator id → (value, kendala, solusi)) and monthly progress
    ((sub-activity id, month) → (physical %, budget spent)); all or nothing.

    Indicators and sub-activities left out are unchanged. Every row is checked before anything is
    written; a single wrong row refuses the whole save, its message keyed by the row's input. The
    kendala/solusi requirement is checked at submit time, not here (a draft may be incomplete).
    """
    values = values or {}
    progress = progress or {}
    with transaction.atomic():
        current = _lock_submission(submission, expected_version)
        _check_unit_member(actor, current)
        _check_editable(current)
        indicators = {i.pk: i for i in selectors.unit_indicators(current)}
        sub_activities = {s.pk: s for s in selectors.unit_sub_activities(current)}
        months = set(selectors.quarter_months(current.period.quarter))
        problems: dict[str, Any] = {}
        clean_values: dict[int, tuple[Decimal | None, str, str]] = {}
        for raw_id, triple in values.items():
            indicator_id = int(raw_id)
            value, kendala, solusi = triple
            if indicator_id not in indicators:
                problems[f"value_{indicator_id}"] = INDICATOR_NOT_OF_UNIT
                continue
            number = _number(
                value,
                field=f"value_{indicator_id}",
                places=VALUE_PLACES,
                digits=VALUE_DIGITS,
                problems=problems,
            )
            implausible = value_problem(indicators[indicator_id].valid_range, number)
            if implausible is not None:
                problems[f"value_{indicator_id}"] = implausible
            kendala, solusi = _text(kendala), _text(solusi)
            if len(kendala) > TEXT_MAX:
                problems[f"problems_{indicator_id}"] = TEXT_TOO_LONG % {"max": TEXT_MAX}
            if len(solusi) > TEXT_MAX:
                problems[f"solutions_{indicator_id}"] = TEXT_TOO_LONG % {"max": TEXT_MAX}
            clean_values[indicator_id] = (number, kendala, solusi)
        clean_progress: dict[tuple[int, int], tuple[Decimal | None, Decimal | None]] = {}
        for (raw_sub, raw_month), (physical, budget_spent) in progress.items():
            sub_id, month = int(raw_sub), int(raw_month)
            key = f"{sub_id}_{month}"
            if sub_id not in sub_activities or month not in months:
                problems[f"physical_{key}"] = SUB_ACTIVITY_NOT_OF_UNIT
                continue
            physical_value = _number(
                physical,
                field=f"physical_{key}",
                places=PHYSICAL_PLACES,
                digits=PHYSICAL_DIGITS,
                problems=problems,
            )
            if physical_value is not None and not 0 <= physical_value <= 100:
                problems[f"physical_{key}"] = PHYSICAL_RANGE
            budget_spent_value = _number(
                budget_spent,
                field=f"budget_spent_{key}",
                places=SPENT_PLACES,
                digits=SPENT_DIGITS,
                problems=problems,
            )
            if budget_spent_value is not None and budget_spent_value < 0:
                problems[f"budget_spent_{key}"] = SPENT_NEGATIVE
            clean_progress[(sub_id, month)] = (physical_value, budget_spent_value)
        if problems:
            raise ValidationError(problems)

        changes: dict[str, list[Any]] = {}
        stored = {
            r.indicator_id: r
            for r in Realisasi.objects.filter(submission=current, indicator_id__in=clean_values)
        }
        for indicator_id, (number, kendala, solusi) in clean_values.items():
            row = stored.get(indicator_id)
            before = (row.value, row.problems, row.solutions) if row else (None, "", "")
            if before == (number, kendala, solusi):
                continue
            if row is None:
                row = Realisasi(submission=current, indicator_id=indicator_id)
            row.value, row.problems, row.solutions = number, kendala, solusi
            row.save()
            code = indicators[indicator_id].code
            changes[code] = [
                [_plain(v) for v in before],
                [_plain(number), kendala, solusi],
            ]
        stored_progress = {
            (p.sub_activity_id, p.month): p
            for p in MonthlyProgress.objects.filter(
                submission=current, sub_activity_id__in={s for s, _m in clean_progress}
            )
        }
        for (sub_id, month), (physical_value, budget_spent_value) in clean_progress.items():
            entry = stored_progress.get((sub_id, month))
            before_pair = (entry.physical_percent, entry.budget_spent) if entry else (None, None)
            if before_pair == (physical_value, budget_spent_value):
                continue
            label = f"{sub_activities[sub_id].code} {selectors.MONTH_NAMES[month]}"
            if physical_value is None and budget_spent_value is None:
                entry.delete()  # type: ignore[union-attr]  # before_pair differs, so it exists
            else:
                if entry is None:
                    entry = MonthlyProgress(submission=current, sub_activity_id=sub_id, month=month)
                entry.physical_percent, entry.budget_spent = physical_value, budget_spent_value
                entry.save()
            changes[str(label)] = [
                [_plain(v) for v in before_pair],
                [_plain(physical_value), _plain(budget_spent_value)],
            ]
        if changes:
            _bump(current, [])
            audit_record(at=now, actor=actor, instance=current, action="update", changes=changes)
    return current


def submission_entry_apply(
    *,
    actor: Actor,
    submission: UnitSubmission,
    expected_version: int | None,
    values: Mapping[int, tuple[Decimal | None, str, str]] | None = None,
    progress: Mapping[tuple[int, int], tuple[Decimal | None, Decimal | None]] | None = None,
    uploads: Mapping[int, UploadedFile] | None = None,
    delete_evidence: Evidence | None = None,
    submit: bool = False,
) -> UnitSubmission:
    """What a unit's entry page sends, as one action: the values and monthly progress, the
    evidence files chosen (indicator id → file), the evidence file whose delete button was
    pressed, and with `submit` the sending. All or nothing: a file stored before a later refusal
    is removed again."""
    with files_kept_only_on_success(), transaction.atomic():
        submission_save(
            actor=actor,
            submission=submission,
            expected_version=expected_version,
            values=values,
            progress=progress,
        )
        for indicator_id, upload in (uploads or {}).items():
            evidence_add(actor=actor, upload=upload, submission=submission, indicator=indicator_id)
        if delete_evidence is not None:
            evidence_delete(actor=actor, evidence=delete_evidence)
        if submit:
            submission_submit(actor=actor, submission=submission)
    return submission


def _fmt(value: Decimal) -> str:
    return format_decimal_id(value, decimal_places(value))


def submit_problems(submission: UnitSubmission) -> dict[str, Any]:
    """What stops a submission: a missing realisasi where the quarter has a target, and a missing
    kendala or solusi where the quarter's capaian is below the agency's threshold."""
    problems: dict[str, Any] = {}
    rows = selectors.entry_rows(submission)
    for row in rows:
        if row.value is None and row.quarter.target is not None:
            problems[f"value_{row.indicator.pk}"] = VALUE_REQUIRED
    for indicator_id, (no_problems, no_solutions, shown) in selectors.explanation_problems(
        rows
    ).items():
        threshold = rows[0].threshold if rows else Decimal(100)
        params = {"capaian": format_decimal_id(shown, 2), "threshold": _fmt(threshold)}
        if no_problems:
            problems[f"problems_{indicator_id}"] = PROBLEMS_REQUIRED % params
        if no_solutions:
            problems[f"solutions_{indicator_id}"] = SOLUTIONS_REQUIRED % params
    return problems


def submission_submit(
    *, actor: Actor, submission: UnitSubmission, now: datetime.datetime | None = None
) -> UnitSubmission:
    """The unit sends its data for verification; its data request task (SOP 2 step 1) is
    completed through the engine. `submitted_at` keeps the first submission (lateness is judged
    on it), `last_submitted_at` the latest (what the pages show as "Dikirim"); each sending is in
    the audit trail with its time."""
    from sakip.procedures import engine

    now = _now(now)
    with transaction.atomic():
        current = _lock_submission(submission)
        _check_period_open(current.period)
        if current.status not in access.EDITABLE:
            # Sent twice (two tabs, or the head and an administrator): by whom and when.
            raise _decision(current) or _sent(current)
        task = access.request_task(current, open_only=True)
        if actor is not None and not access.can_submit(actor, current, task):
            raise PermissionDenied(NOT_ALLOWED)
        problems = submit_problems(current)
        if problems:
            raise ValidationError(problems)
        before = current.status
        current.status = SubmissionStatus.SUBMITTED
        if current.submitted_at is None:
            current.submitted_at = now
            current.submitted_by = actor if getattr(actor, "pk", None) else None
        previous = current.last_submitted_at
        current.last_submitted_at = now
        _bump(current, ["status", "submitted_at", "submitted_by", "last_submitted_at"])
        audit_record(
            at=now,
            actor=actor,
            instance=current,
            action="submit",
            changes={
                "status": [before, current.status],
                "last_submitted_at": [
                    previous.isoformat() if previous else None,
                    now.isoformat(),
                ],
            },
        )
        if task is not None:
            try:
                engine.task_complete(actor=actor or task.assignee, task=task, now=now)
            except PermissionDenied:
                raise ValidationError(
                    SUBMIT_ONLY_ASSIGNEE % {"name": task.assignee.display_name}
                ) from None
    return current


# --- verification ------------------------------------------------------------------------------


def _line_notes(
    submission: UnitSubmission, line_notes: Mapping[int, str] | None
) -> dict[str, list[str]]:
    changes: dict[str, list[str]] = {}
    if not line_notes:
        return changes
    rows = {
        r.indicator_id: r
        for r in Realisasi.objects.filter(
            submission=submission, indicator_id__in=[int(i) for i in line_notes]
        ).select_related("indicator")
    }
    for raw_id, note in line_notes.items():
        row = rows.get(int(raw_id))
        note = _text(note)
        if row is None:
            if note:
                raise ValidationError({f"line_note_{raw_id}": INDICATOR_NOT_OF_UNIT})
            continue
        if row.review_note != note:
            changes[f"{row.indicator.code} catatan"] = [row.review_note, note]
            row.review_note = note
            row.save(update_fields=["review_note", "updated_at"])
    return changes


def submission_accept(
    *,
    actor: Actor,
    submission: UnitSubmission,
    note: str = "",
    line_notes: Mapping[int, str] | None = None,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> UnitSubmission:
    """A planner accepts a unit's submitted data (line notes optional). `expected_version` is
    the version the planner's page showed (see _lock_for_review)."""
    now = _now(now)
    with transaction.atomic():
        current = _lock_for_review(submission, expected_version)
        _check_verifier(actor, current.period)
        _check_period_open(current.period)
        if current.status != SubmissionStatus.SUBMITTED:
            raise _decision(current) or ValidationError(NOT_SUBMITTED)
        changes: dict[str, Any] = {"status": [current.status, SubmissionStatus.ACCEPTED]}
        changes.update(_line_notes(current, line_notes))
        current.status = SubmissionStatus.ACCEPTED
        current.reviewed_at = now
        current.reviewed_by = actor if getattr(actor, "pk", None) else None
        current.review_note = _text(note)
        _bump(current, ["status", "reviewed_at", "reviewed_by", "review_note"])
        audit_record(
            at=now, actor=actor, instance=current, action="accept", changes=changes, note=note
        )
    return current


def _send_back(
    submission: UnitSubmission, note: str, *, actor: Actor, now: datetime.datetime
) -> Task | None:
    """The returned data is a task again in the unit head's inbox, through the engine's return
    path: a new round of the unit's task with the note, a link to the entry page, a fresh
    deadline and a "returned" notification; sending the data again completes it."""
    from sakip.procedures import engine
    from sakip.procedures.selectors_calendar import response_due_default

    task = access.request_task(submission)
    if task is None:
        return None
    if task.status == TaskStatus.OPEN:
        return task
    # The correction is due the agency's data-entry days after the return (never the 15 minutes
    # of step 1, even for a revision whose step 1 is still per unit).
    due = response_due_default(submission.period.agency, start=now)
    return engine.task_send_back(actor=actor, task=task, note=note, deadline=due, now=now)


def submission_return(
    *,
    actor: Actor,
    submission: UnitSubmission,
    note: str,
    line_notes: Mapping[int, str] | None = None,
    expected_version: int | None = None,
    now: datetime.datetime | None = None,
) -> UnitSubmission:
    """A planner returns a unit's data with a note (required) and optional line notes; the unit
    head is notified and the data is editable again. `expected_version` is the version the
    planner's page showed (see _lock_for_review)."""
    now = _now(now)
    note = _text(note)
    with transaction.atomic():
        current = _lock_for_review(submission, expected_version)
        _check_verifier(actor, current.period)
        _check_period_open(current.period)
        if not note:
            raise ValidationError({"note": RETURN_NOTE_REQUIRED})
        if current.status == SubmissionStatus.RETURNED:
            raise _decision(current) or ValidationError(NOT_RETURNABLE)
        if current.status not in (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED):
            raise ValidationError(NOT_RETURNABLE)
        changes: dict[str, Any] = {"status": [current.status, SubmissionStatus.RETURNED]}
        changes.update(_line_notes(current, line_notes))
        current.status = SubmissionStatus.RETURNED
        current.reviewed_at = now
        current.reviewed_by = actor if getattr(actor, "pk", None) else None
        current.review_note = note
        _bump(current, ["status", "reviewed_at", "reviewed_by", "review_note"])
        audit_record(
            at=now, actor=actor, instance=current, action="return", changes=changes, note=note
        )
        _send_back(current, note, actor=actor, now=now)
    return current


# --- lock and reopen ---------------------------------------------------------------------------


def period_lock(
    *, actor: Actor, period: ReportingPeriod, now: datetime.datetime | None = None
) -> ReportingPeriod:
    """Lock an accepted quarter: every unit's data accepted; afterwards every change is refused."""
    now = _now(now)
    with transaction.atomic():
        current = (
            ReportingPeriod.objects.select_for_update().select_related("agency").get(pk=period.pk)
        )
        _check_verifier(actor, current)
        if current.status == PeriodStatus.LOCKED:
            if current.locked_at is not None:
                raise AlreadyDoneError(LOCKED_BY, by=current.locked_by, at=current.locked_at)
            raise ValidationError(ALREADY_LOCKED)
        submissions = list(current.submissions.select_related("unit").order_by("unit__path"))
        if not submissions:
            raise ValidationError(LOCK_NO_SUBMISSIONS)
        waiting = [s.unit.name for s in submissions if s.status != SubmissionStatus.ACCEPTED]
        if waiting:
            raise ValidationError(LOCK_NOT_READY % {"units": ", ".join(waiting)})
        current.status = PeriodStatus.LOCKED
        current.locked_at = now
        current.locked_by = actor if getattr(actor, "pk", None) else None
        _bump(current, ["status", "locked_at", "locked_by"])
        audit_record(
            at=now,
            actor=actor,
            instance=current,
            action="lock",
            changes={"status": [PeriodStatus.OPEN, PeriodStatus.LOCKED]},
        )
    return current


def period_reopen(
    *,
    actor: Actor,
    period: ReportingPeriod,
    reason: str,
    units: Iterable[Unit | int] | None = None,
    now: datetime.datetime | None = None,
) -> ReportingPeriod:
    """Unlock a locked quarter, with a reason (required, audited). The submissions of `units` (all
    of the quarter when None) go back to their units as returned, with the reason as the note,
    and their heads are notified; the other submissions stay accepted."""
    now = _now(now)
    reason = _text(reason)
    with transaction.atomic():
        current = (
            ReportingPeriod.objects.select_for_update().select_related("agency").get(pk=period.pk)
        )
        _check_verifier(actor, current)
        if not reason:
            raise ValidationError({"reason": REOPEN_REASON_REQUIRED})
        if current.status != PeriodStatus.LOCKED:
            # Reopened meanwhile by another planner (or in another tab): by whom and when.
            raise already_done_by_event(REOPENED_BY, current, "reopen") or ValidationError(
                NOT_LOCKED
            )
        submissions = current.submissions.select_related("unit", "period").order_by("unit__path")
        if units is not None:
            unit_ids = {u.pk if isinstance(u, Unit) else int(u) for u in units}
            submissions = submissions.filter(unit_id__in=unit_ids)
            if len(submissions) != len(unit_ids):
                raise ValidationError({"units": UNIT_NOT_IN_PERIOD})
        reopened = list(submissions)
        current.status = PeriodStatus.OPEN
        current.locked_at = None
        current.locked_by = None
        current.reopened_at = now
        _bump(current, ["status", "locked_at", "locked_by", "reopened_at"])
        audit_record(
            at=now,
            actor=actor,
            instance=current,
            action="reopen",
            changes={
                "status": [PeriodStatus.LOCKED, PeriodStatus.OPEN],
                "returned_units": [None, [s.unit.name for s in reopened]],
            },
            note=reason,
        )
        for submission in reopened:
            before = submission.status
            submission.status = SubmissionStatus.RETURNED
            submission.reviewed_at = now
            submission.reviewed_by = actor if getattr(actor, "pk", None) else None
            submission.review_note = reason
            _bump(submission, ["status", "reviewed_at", "reviewed_by", "review_note"])
            audit_record(
                at=now,
                actor=actor,
                instance=submission,
                action="reopen",
                changes={"status": [before, SubmissionStatus.RETURNED]},
                note=reason,
            )
            submission.period = current
            _send_back(submission, reason, actor=actor, now=now)
    return current


# --- evidence ----------------------------------------------------------------------------------


def evidence_add(
    *,
    actor: Actor,
    upload: UploadedFile,
    realisasi: Realisasi | None = None,
    submission: UnitSubmission | None = None,
    indicator: Any = None,
) -> Evidence:
    """Attach an evidence file (data dukung) to a realisasi — or to the realisasi row of
    (submission, indicator), created if needed — while the unit's data is editable. The type is
    checked by content (PDF, PNG, JPEG, DOCX, XLSX, PPTX), the size against EVIDENCE_MAX_BYTES."""
    if realisasi is not None:
        submission = realisasi.submission
        indicator_id = realisasi.indicator_id
    else:
        if submission is None or indicator is None:
            raise ValueError("evidence_add needs a realisasi, or a submission and an indicator")
        indicator_id = indicator if isinstance(indicator, int) else indicator.pk
    field = f"evidence_{indicator_id}"
    kind = validate_evidence_file(upload, field=field)
    with files_kept_only_on_success(), transaction.atomic():
        current = _lock_submission(submission)
        _check_unit_member(actor, current)
        _check_editable(current)
        if realisasi is None:
            allowed = selectors.unit_indicators(current).filter(pk=indicator_id)
            indicator_obj = allowed.first()
            if indicator_obj is None:
                raise ValidationError({field: INDICATOR_NOT_OF_UNIT})
            realisasi, _created = Realisasi.objects.get_or_create(
                submission=current, indicator=indicator_obj
            )
        name = os.path.basename(upload.name or "berkas")[:250] or "berkas"
        evidence = Evidence(
            realisasi=realisasi,
            name=name,
            content_type=kind.content_type,
            size=upload.size or 0,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        try:
            store_upload_file(evidence.file, name, upload)
        except FileNotStored:
            raise ValidationError({field: EVIDENCE_NOT_STORED % {"name": name}}) from None
        evidence.save()
        audit_record(
            actor=actor,
            instance=current,
            action="evidence_add",
            changes={realisasi.indicator.code: [None, name]},
        )
    return evidence


def evidence_delete(*, actor: Actor, evidence: Evidence) -> None:
    """Remove an evidence file while the unit's data is editable (the file goes after commit)."""
    with transaction.atomic():
        current = _lock_submission(evidence.realisasi.submission)
        _check_unit_member(actor, current)
        _check_editable(current)
        stored = Evidence.objects.select_related("realisasi__indicator").get(pk=evidence.pk)
        storage, file_name = stored.file.storage, stored.file.name
        audit_record(
            actor=actor,
            instance=current,
            action="evidence_delete",
            changes={stored.realisasi.indicator.code: [stored.name, None]},
        )
        stored.delete()
        transaction.on_commit(lambda: storage.delete(file_name))


# --- the socialized report (SOP 2 step 5) ------------------------------------------------------


def report_officials(agency: Unit, *, on: datetime.date | None = None) -> list[User]:
    """The agency head, the Sekretaris and each Kepala Bidang with a login (definitive holders
    first, acting ones too), each once, in tree order."""
    holdings = (
        active_holdings(on=on)
        .filter(
            position__unit__path__startswith=agency.path,
            position__role__in=REPORT_OFFICIAL_ROLES,
            employee__user__isnull=False,
            employee__user__is_active=True,
        )
        .select_related("employee__user", "position__unit")
        .order_by("position__unit__path", "kind", "pk")
    )
    users: list[User] = []
    seen: set[int] = set()
    for holding in holdings:
        user = holding.employee.user
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            users.append(user)
    return users


def receipts_send(
    *,
    period: ReportingPeriod,
    kind: str = "quarterly",
    now: datetime.datetime | None = None,
) -> list[ReportReceipt]:
    """SOP 2 step 5: the report goes to the officials; each gets a receipt to acknowledge and a
    notification (without a task link: the socialization task is the Kasubbag's)."""
    from sakip.procedures.notifications import queue_notification_email

    now = _now(now)
    created = []
    with transaction.atomic():
        for user in report_officials(period.agency, on=timezone.localdate(now)):
            receipt, is_new = ReportReceipt.objects.get_or_create(
                period=period, kind=kind, user=user, defaults={"sent_at": now}
            )
            if not is_new:
                continue
            created.append(receipt)
            with _stored_language():
                message = str(REPORT_SENT % {"period": period_label(period)})
            notification = Notification.objects.create(
                user=user, task=None, kind=NotificationKind.ASSIGNED, message=message
            )
            queue_notification_email(notification.pk)
        if created:
            audit_record(
                at=now,
                actor=None,
                instance=period,
                action="report_sent",
                changes={"receipts": [None, [str(r.user) for r in created]], "kind": [None, kind]},
            )
    return created


def receipt_acknowledge(
    *,
    actor: Actor,
    period: ReportingPeriod,
    kind: str = "quarterly",
    now: datetime.datetime | None = None,
) -> ReportReceipt:
    """An official states that they received the socialized report."""
    now = _now(now)
    with transaction.atomic():
        receipt = (
            ReportReceipt.objects.select_for_update()
            .filter(period=period, kind=kind, user=actor)
            .first()
        )
        if receipt is None:
            raise ValidationError(NO_RECEIPT)
        if receipt.acknowledged_at is not None:
            raise ValidationError(ALREADY_ACKNOWLEDGED)
        receipt.acknowledged_at = now
        receipt.save(update_fields=["acknowledged_at"])
        audit_record(
            at=now,
            actor=actor,
            instance=period,
            action="report_acknowledged",
            changes={"acknowledged_by": [None, str(actor)], "kind": [None, kind]},
        )
    return receipt
