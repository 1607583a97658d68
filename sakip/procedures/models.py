"""SOPs as data (definition, revisions, lanes, steps), their runs and tasks, and the working calendar."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sakip.core.models import TimeStampedModel
from sakip.organization.choices import Role
from sakip.organization.models import Unit

from .choices import (
    DurationUnit,
    FanOut,
    HolidayKind,
    NotificationKind,
    Repeat,
    RunStatus,
    SheetLetterhead,
    StepSymbol,
    TaskKind,
    TaskOutcome,
    TaskStatus,
    Urgency,
    Workflow,
)
from .querysets import (
    CalendarQuerySet,
    NotificationQuerySet,
    ProcedureRunQuerySet,
    SopPartQuerySet,
    SopQuerySet,
    SopRevisionQuerySet,
    TaskFileQuerySet,
    TaskQuerySet,
    WorkScheduleDayQuerySet,
)


class Sop(TimeStampedModel):
    """An SOP of an agency, across its revisions (e.g. "Pelaksanaan Pengukuran Kinerja")."""

    agency = models.ForeignKey(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="sops"
    )
    code = models.SlugField(_("kode"), max_length=80)
    workflow = models.CharField(
        _("alur sistem"), max_length=30, choices=Workflow.choices, default=Workflow.GENERIC
    )

    objects = SopQuerySet.as_manager()

    class Meta:
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="procedures_sop_unique_code"),
            models.CheckConstraint(
                condition=Q(workflow__in=Workflow.values), name="procedures_sop_workflow_valid"
            ),
        ]

    def __str__(self) -> str:
        latest = self.revisions.order_by("-revision").first()
        return latest.title if latest else self.code


class SopRevision(TimeStampedModel):
    """One revision of an SOP-AP document: the identity block and, through steps and lanes, the
    procedure table (PermenPAN-RB 35/2012; Permendagri 52/2011). A running procedure keeps the
    revision it started with."""

    sop = models.ForeignKey(
        Sop, verbose_name=_("SOP"), on_delete=models.CASCADE, related_name="revisions"
    )
    revision = models.PositiveIntegerField(_("revisi ke"))
    effective_date = models.DateField(_("tanggal efektif"))
    number = models.CharField(_("nomor SOP"), max_length=100)
    title = models.CharField(_("judul SOP"), max_length=250)
    created_date = models.DateField(_("tanggal pembuatan"))
    revised_date = models.DateField(_("tanggal revisi"), null=True, blank=True)
    approved_date = models.DateField(_("tanggal pengesahan"), null=True, blank=True)
    approved_by_label = models.CharField(_("disahkan oleh"), max_length=250, blank=True)
    approver_title = models.CharField(_("jabatan pengesah"), max_length=250, blank=True)
    approver_name = models.CharField(_("nama pengesah"), max_length=200, blank=True)
    approver_nip = models.CharField(_("NIP pengesah"), max_length=18, blank=True)
    # Lists of items, kept in the order and wording of the signed document.
    legal_basis = models.JSONField(_("dasar hukum"), default=list, blank=True)
    qualifications = models.JSONField(_("kualifikasi pelaksana"), default=list, blank=True)
    related_sops = models.JSONField(_("keterkaitan"), default=list, blank=True)
    equipment = models.JSONField(_("peralatan/perlengkapan"), default=list, blank=True)
    warning = models.JSONField(_("peringatan"), default=list, blank=True)
    record_keeping = models.JSONField(_("pencatatan dan pendataan"), default=list, blank=True)
    # How the signed document prints its sheet (the SOPs of one regency differ): the letterhead,
    # the labels as written ({"title": "Nama SOP", …}; sheet.SHEET_LABELS names the keys and the
    # standard wording of a label not given), the "Ket" column, a one-item list numbered or not,
    # and the "SOP : …" line above the procedure table.
    sheet_letterhead = models.CharField(
        _("kop lembar SOP"),
        max_length=20,
        choices=SheetLetterhead.choices,
        default=SheetLetterhead.REGENCY,
    )
    sheet_labels = models.JSONField(_("label lembar SOP"), default=dict, blank=True)
    sheet_remarks_column = models.BooleanField(_("kolom keterangan"), default=True)
    sheet_number_single_items = models.BooleanField(_("nomori daftar satu butir"), default=True)
    sheet_table_title = models.BooleanField(_("judul di atas tabel prosedur"), default=True)
    change_note = models.TextField(_("catatan perubahan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SopRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revisi SOP")
        verbose_name_plural = _("revisi SOP")
        ordering = ["sop", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["sop", "revision"], name="procedures_revision_unique"),
            models.CheckConstraint(
                condition=Q(sheet_letterhead__in=SheetLetterhead.values),
                name="procedures_revision_letterhead_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (rev. {self.revision})"


class SopLane(models.Model):
    """A column of the procedure table: a role, resolved to people when a run starts.

    A relative lane ("Atasan Langsung") resolves per unit of a fan-out step: the head of that unit
    (or, for an employee lane, the unit's employees). A lane names a role only, never a unit of
    one agency, so one SOP serves any agency: the Kasubag Umum dan Kepegawaian is a role of its
    own (`Role.KASUBAG_GENERAL`), not "the Kasubag of unit X" (docs/decisions/0012).
    """

    revision = models.ForeignKey(
        SopRevision, verbose_name=_("revisi"), on_delete=models.CASCADE, related_name="lanes"
    )
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama pelaksana"), max_length=150)
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    relative = models.BooleanField(_("relatif terhadap unit"), default=False)

    objects = SopPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("pelaksana SOP")
        verbose_name_plural = _("pelaksana SOP")
        ordering = ["revision", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "order"], name="procedures_lane_unique_order"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="procedures_lane_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SopStep(models.Model):
    """One row of the procedure table with its Mutu Baku (requirements, standard time, output)."""

    revision = models.ForeignKey(
        SopRevision, verbose_name=_("revisi"), on_delete=models.CASCADE, related_name="steps"
    )
    number = models.PositiveSmallIntegerField(_("nomor"))
    activity = models.TextField(_("kegiatan"))
    lane = models.ForeignKey(
        SopLane, verbose_name=_("pelaksana"), on_delete=models.PROTECT, related_name="steps"
    )
    requirements = models.TextField(_("kelengkapan"), blank=True)
    duration_value = models.DecimalField(_("waktu"), max_digits=8, decimal_places=2)
    duration_unit = models.CharField(_("satuan waktu"), max_length=10, choices=DurationUnit.choices)
    # The standard time as the signed document writes it when its letter case differs from the
    # usual form ("2 jam" beside "2 Jam"); blank: the usual form (sheet.time_label).
    time_text = models.CharField(_("waktu seperti tertulis"), max_length=40, blank=True)
    output = models.TextField(_("output"), blank=True)
    remarks = models.TextField(_("keterangan"), blank=True)
    symbol = models.CharField(
        _("simbol"), max_length=10, choices=StepSymbol.choices, default=StepSymbol.PROCESS
    )
    fan_out = models.CharField(
        _("pembagian tugas"), max_length=10, choices=FanOut.choices, default=FanOut.NONE
    )
    # Unit kinds that receive their own task in a per-unit step (e.g. ["secretariat", "division"]).
    fan_out_unit_kinds = models.JSONField(_("jenis unit"), default=list, blank=True)
    repeat = models.CharField(
        _("pengulangan"), max_length=10, choices=Repeat.choices, default=Repeat.ONCE
    )
    return_to = models.ForeignKey(
        "self",
        verbose_name=_("kembali ke langkah"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the system does at this step, e.g. "rkt.fill"; a step without an action is completed
    # with a note and output files.
    action = models.CharField(_("aksi sistem"), max_length=60, blank=True)

    objects = SopPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("langkah SOP")
        verbose_name_plural = _("langkah SOP")
        ordering = ["revision", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "number"], name="procedures_step_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(duration_value__gt=0), name="procedures_step_duration_positive"
            ),
            models.CheckConstraint(
                condition=Q(duration_unit__in=DurationUnit.values),
                name="procedures_step_unit_valid",
            ),
            models.CheckConstraint(
                condition=Q(symbol__in=StepSymbol.values), name="procedures_step_symbol_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.activity}"


class ProcedureRun(TimeStampedModel):
    """One execution of an SOP revision, e.g. "Penyusunan RKT 2027", started with a disposition."""

    revision = models.ForeignKey(
        SopRevision, verbose_name=_("revisi SOP"), on_delete=models.PROTECT, related_name="runs"
    )
    agency = models.ForeignKey(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="runs"
    )
    title = models.CharField(_("judul"), max_length=250)
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    started_at = models.DateTimeField(_("dimulai"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dimulai oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # The disposition that starts the run (DOMAIN.md §2 "Disposisi").
    disposition_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemberi disposisi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disposition_to = models.CharField(_("penerima disposisi"), max_length=250)
    instruction = models.TextField(_("isi disposisi"))
    urgency = models.CharField(
        _("sifat"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    disposition_date = models.DateField(_("tanggal disposisi"))
    # The due date the disposition sets for the units' answers to a request step (SOP 2: the
    # units' data, due N working days after the quarter is opened); None without such a step.
    response_due = models.DateTimeField(_("batas pengiriman data unit"), null=True, blank=True)

    objects = ProcedureRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("pelaksanaan SOP")
        verbose_name_plural = _("pelaksanaan SOP")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="procedures_run_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values), name="procedures_run_urgency_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Task(TimeStampedModel):
    """One step of a run for one assignee (and one unit, in a per-unit step): the inbox row."""

    run = models.ForeignKey(
        ProcedureRun, verbose_name=_("pelaksanaan"), on_delete=models.CASCADE, related_name="tasks"
    )
    step = models.ForeignKey(
        SopStep, verbose_name=_("langkah"), on_delete=models.PROTECT, related_name="tasks"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaksana"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    # A step's own task, or a unit's answer to a request step (FanOut.REQUEST).
    kind = models.CharField(
        _("jenis tugas"), max_length=10, choices=TaskKind.choices, default=TaskKind.STEP
    )
    # 1 for the first pass; a form returned for correction comes back as round 2, 3, …
    round = models.PositiveSmallIntegerField(_("putaran"), default=1)
    # The correction note a task was opened with when work came back to its unit.
    return_note = models.TextField(_("catatan pengembalian"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    # Computed once from the Mutu Baku in working time; a holiday added later does not move it.
    deadline = models.DateTimeField(_("tenggat"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diselesaikan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("hasil"), max_length=12, choices=TaskOutcome.choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    reminded_at = models.DateTimeField(_("pengingat dikirim"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("eskalasi dikirim"), null=True, blank=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("tugas")
        verbose_name_plural = _("tugas")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["assignee", "status", "deadline"]),
            models.Index(fields=["run", "step", "unit"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TaskStatus.values), name="procedures_task_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=TaskOutcome.values),
                name="procedures_task_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TaskKind.values), name="procedures_task_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        unit = f" — {self.unit}" if self.unit_id else ""
        return f"{self.run}: {self.step}{unit}"

    @property
    def is_supply(self) -> bool:
        return self.kind == TaskKind.SUPPLY

    @property
    def activity(self) -> str:
        """What the assignee does: the step's activity, or for a unit's answer to a request
        "Menyampaikan data yang diminta Kasubbag …" (the request step's activity is the
        requester's act, not the unit's)."""
        if self.kind == TaskKind.SUPPLY:
            return gettext("Menyampaikan data yang diminta %(lane)s") % {
                "lane": self.step.lane.name
            }
        return self.step.activity


def task_file_path(instance: "TaskFile", filename: str) -> str:
    return f"tasks/{instance.task.run_id}/{instance.task_id}/{filename}"


class TaskFile(models.Model):
    """An output file attached when completing a task; served only through an access-checked view."""

    task = models.ForeignKey(
        Task, verbose_name=_("tugas"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("berkas"), upload_to=task_file_path)
    name = models.CharField(_("nama berkas"), max_length=250)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    objects = TaskFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("berkas tugas")
        verbose_name_plural = _("berkas tugas")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """An in-app message (also e-mailed) about a task: new, reminder, overdue, escalation, returned.

    One event notifies a person once: (recipient, task, kind) is unique for notifications about a
    task; each return opens a new task, so a second return is a new event.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("tugas"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=NotificationKind.choices)
    message = models.TextField(_("pesan"))
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("dikirim surel pada"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "task", "kind"],
                condition=Q(task__isnull=False),
                name="procedures_notification_once_per_task",
            )
        ]

    def __str__(self) -> str:
        return self.message[:80]


class WorkSchedule(TimeStampedModel):
    """Agency working hours; a dated schedule (e.g. Ramadan, 32.5 h/week) overrides the default.

    Default (Perpres 21/2023, Keppres 68/1995: 37.5 h/week): Mon–Thu 07:30–16:00 with a 12:00–13:00
    break, Fri 07:30–16:30 with an 11:30–13:00 break.
    """

    agency = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="work_schedules",
    )
    name = models.CharField(_("nama"), max_length=100)
    valid_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    valid_to = models.DateField(_("berlaku sampai"), null=True, blank=True)

    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("jam kerja")
        verbose_name_plural = _("jam kerja")
        ordering = ["agency", "valid_from"]

    def __str__(self) -> str:
        return self.name


class WorkScheduleDay(models.Model):
    """Working hours of one weekday (0 = Monday) in a schedule; a weekday without a row is off."""

    schedule = models.ForeignKey(
        WorkSchedule, verbose_name=_("jam kerja"), on_delete=models.CASCADE, related_name="days"
    )
    weekday = models.PositiveSmallIntegerField(_("hari"))
    start = models.TimeField(_("mulai"))
    end = models.TimeField(_("selesai"))
    break_start = models.TimeField(_("istirahat mulai"), null=True, blank=True)
    break_end = models.TimeField(_("istirahat selesai"), null=True, blank=True)

    objects = WorkScheduleDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("hari kerja")
        verbose_name_plural = _("hari kerja")
        ordering = ["schedule", "weekday"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "weekday"], name="procedures_scheduleday_unique"
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=6), name="procedures_scheduleday_weekday_valid"
            ),
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="procedures_scheduleday_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.start}–{self.end}"


class Holiday(TimeStampedModel):
    """A day off: national holiday, cuti bersama (joint decree, amended mid-year) or local holiday."""

    date = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=HolidayKind.choices)
    agency = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="holidays",
        help_text=_("Kosongkan untuk libur yang berlaku bagi semua perangkat daerah."),
    )

    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "agency"], name="procedures_holiday_unique_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=HolidayKind.values), name="procedures_holiday_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"
