"""Choices of the procedures app: SOP steps, runs, tasks, calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DurationUnit(models.TextChoices):
    """Mutu Baku time units; "hari" means working days (DOMAIN.md §1)."""

    MINUTE = "minute", _("menit")
    HOUR = "hour", _("jam")
    DAY = "day", _("hari")


class StepSymbol(models.TextChoices):
    """The five SOP-AP flowchart symbols; arrows and connectors are drawn between steps."""

    START = "start", _("Mulai (terminator)")
    PROCESS = "process", _("Proses")
    DECISION = "decision", _("Keputusan")
    END = "end", _("Selesai (terminator)")


class FanOut(models.TextChoices):
    """How a step's work is shared out. A request (SOP 2 step 1) is one task of its lane, the act
    of asking every unit for data; each unit's head then answers in a task of their own whose due
    date travels with the request, not the step's Mutu Baku (DOMAIN.md §1, decision on SOP 2
    step 1)."""

    NONE = "none", _("Satu tugas")
    PER_UNIT = "per_unit", _("Satu tugas per unit")
    REQUEST = "request", _("Satu tugas, permintaan data ke setiap unit")


class Repeat(models.TextChoices):
    """How often a step runs within one run (SOP 2: steps 1–5 every quarter)."""

    ONCE = "once", _("Sekali")
    QUARTERLY = "quarterly", _("Setiap triwulan")
    SEMESTER = "semester", _("Setiap semester")
    YEARLY = "yearly", _("Setiap tahun")


class Workflow(models.TextChoices):
    """Which product feature drives the SOP's steps (the steps themselves are data)."""

    GENERIC = "generic", _("Umum")
    RKT = "rkt", _("Penyusunan RKT (SOP Pengukuran Kinerja)")
    DATA_COLLECTION = "data_collection", _("Pengumpulan Data Kinerja")


class SheetLetterhead(models.TextChoices):
    """The left box of the SOP-AP identity sheet, as the signed document draws it."""

    # "PEMERINTAH KABUPATEN …", "STANDAR OPERASIONAL PROSEDUR (SOP) …", the agency in capitals.
    REGENCY = "regency", _("Kop pemerintah daerah dan judul SOP")
    # "SATUAN KERJA" above the agency's name as written and its regency.
    WORK_UNIT = "work_unit", _("Satuan kerja")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Berjalan")
    COMPLETED = "completed", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class TaskStatus(models.TextChoices):
    WAITING = "waiting", _("Menunggu langkah sebelumnya")
    OPEN = "open", _("Perlu dikerjakan")
    DONE = "done", _("Selesai")
    CANCELLED = "cancelled", _("Dibatalkan")


class TaskKind(models.TextChoices):
    """A step's own task, measured against the step's Mutu Baku, or a unit's answer to a request
    step, measured against the request's due date and reported apart ("Ketepatan unit")."""

    STEP = "step", _("Langkah SOP")
    SUPPLY = "supply", _("Penyampaian data unit")


class TaskOutcome(models.TextChoices):
    """The result of a decision step (SOP 1 step 7); plain steps are just "done"."""

    DONE = "done", _("Selesai")
    ACCEPTED = "accepted", _("Diterima")
    RETURNED = "returned", _("Dikembalikan untuk diperbaiki")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Biasa")
    URGENT = "urgent", _("Segera")
    VERY_URGENT = "very_urgent", _("Sangat segera")


class HolidayKind(models.TextChoices):
    NATIONAL = "national", _("Libur nasional")
    COLLECTIVE_LEAVE = "collective_leave", _("Cuti bersama")
    LOCAL = "local", _("Libur daerah")


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Tugas baru")
    REMINDER = "reminder", _("Pengingat tenggat")
    OVERDUE = "overdue", _("Tugas terlambat")
    ESCALATION = "escalation", _("Eskalasi ke atasan")
    RETURNED = "returned", _("Dikembalikan")
