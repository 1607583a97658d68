"""Generated official documents (RKT, PK, SOP sheets, compliance and performance reports), kept in
the archive, and the background jobs that generate the long ones (docs/decisions/0006)."""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.core.querysets import Action
from sakip.organization.access import ScopedQuerySet, UserAccess
from sakip.organization.models import Unit

from .querysets import GeneratedDocumentQuerySet


class DocumentKind(models.TextChoices):
    RKT = "rkt", _("Rencana Kinerja Tahunan")
    PK = "pk", _("Perjanjian Kinerja")
    SOP = "sop", _("Dokumen SOP")
    COMPLIANCE = "compliance", _("Laporan kepatuhan SOP")
    QUARTERLY = "quarterly", _("Laporan kinerja triwulan")
    SEMESTER = "semester", _("Laporan kinerja semester")
    ANNUAL = "lkjip", _("Laporan Kinerja Instansi Pemerintah (LKjIP)")


# Performance reports are agency-wide documents handed to every official (SOP 2 steps 5 and 8;
# the LKjIP is a public document by PermenPAN-RB 53/2014).
AGENCY_REPORT_KINDS = (DocumentKind.QUARTERLY, DocumentKind.SEMESTER, DocumentKind.ANNUAL)


def document_path(instance: "GeneratedDocument", filename: str) -> str:
    return f"documents/{instance.agency_id}/{instance.year}/{filename}"


class PublishedDocumentError(Exception):
    """Raised when code tries to change or delete a published document."""


class GeneratedDocument(models.Model):
    """A numbered document produced from the data, as DOCX (to edit) and PDF (to sign and publish).

    A new generation is a new row (a new version); its files and number are never rewritten. A
    planner may publish (terbitkan) a version: `published_at`/`published_by` are set once and the
    row can then be neither saved again nor deleted (`PublishedDocumentError`).
    """

    agency = models.ForeignKey(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    number = models.CharField(_("nomor"), max_length=120, blank=True)
    title = models.CharField(_("judul"), max_length=300)
    # The object the document was made from, e.g. ("planning.rktdocument", "4").
    source_type = models.CharField(_("jenis sumber"), max_length=100)
    source_id = models.CharField(_("id sumber"), max_length=64)
    # Which unit may see it besides the agency-wide roles (a PK is visible to its own unit).
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    docx = models.FileField(_("berkas DOCX"), upload_to=document_path, blank=True)
    pdf = models.FileField(_("berkas PDF"), upload_to=document_path, blank=True)
    xlsx = models.FileField(_("berkas XLSX"), upload_to=document_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    published_at = models.DateTimeField(_("diterbitkan pada"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = GeneratedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["source_type", "source_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="reports_document_kind_valid"
            ),
            # Whoever published it, a published document has its date.
            models.CheckConstraint(
                condition=Q(published_by__isnull=True) | Q(published_at__isnull=False),
                name="reports_document_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The guard holds for every caller, not only the services: a published document is the
        # official one (signed, handed out); changing it in place would falsify the archive.
        if self._stored_as_published():
            raise PublishedDocumentError(f"Published document {self.pk} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._stored_as_published():
            raise PublishedDocumentError(f"Published document {self.pk} cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def _stored_as_published(self) -> bool:
        return (
            self.pk is not None
            and GeneratedDocument.objects.filter(pk=self.pk, published_at__isnull=False).exists()
        )


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu giliran")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
    # The worker went away before the end: stopped by hand, killed, or found dead when it restarts.
    STOPPED = "stopped", _("Terhenti")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
FINISHED_STATUSES = (JobStatus.DONE, JobStatus.FAILED, JobStatus.STOPPED)
# A job that ended without its document may be asked for again ("Coba lagi").
RETRYABLE_STATUSES = (JobStatus.FAILED, JobStatus.STOPPED)


def stall_cutoff() -> datetime.datetime:
    """A queued or running job whose heartbeat is older than this has stopped: its worker is gone
    (killed, server restarted) or was never running (settings.REPORT_JOB_STALL_SECONDS)."""
    return timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_STALL_SECONDS)


class ReportJobQuerySet(ScopedQuerySet["ReportJob"]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        """A job is seen, followed and retried by the person who started it only (administrators
        included): it is their request, with their return page."""
        return Q(created_by_id=access.user_id)

    def active(self) -> "ReportJobQuerySet":
        """Queued or running, with a heartbeat recent enough to believe it is still on its way."""
        return self.filter(status__in=ACTIVE_STATUSES, heartbeat_at__gte=stall_cutoff())

    def stalled(self) -> "ReportJobQuerySet":
        """Queued or running on paper, but silent for longer than the stall time."""
        return self.filter(status__in=ACTIVE_STATUSES, heartbeat_at__lt=stall_cutoff())


class ReportJob(models.Model):
    """One request to generate a long document in the background (a "proses" on screen).

    `report_job_start` creates it and enqueues a django-tasks task with its id; the worker runs the
    generator registered for `kind` with `params` (ids only), which reports its progress here so
    the job page can show it. A finished job (done, failed or stopped) never runs again; a failed
    or stopped one may be retried, which starts a new job with the same request.

    Every step the worker takes refreshes `heartbeat_at`. A queued or running job silent for longer
    than settings.REPORT_JOB_STALL_SECONDS is shown as stopped (`is_stalled`): its worker was
    killed, or none is running. The worker, when it starts, marks such orphans stopped for good
    (`report_jobs_mark_orphans`).
    """

    kind = models.CharField(_("jenis dokumen"), max_length=12, choices=DocumentKind.choices)
    title = models.CharField(_("judul"), max_length=300, blank=True)
    # Ids only (e.g. {"period": 12}): the runner loads fresh rows when the job runs.
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    agency = models.ForeignKey(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    message = models.CharField(_("langkah saat ini"), max_length=200, blank=True)
    error = models.TextField(_("pesan kesalahan"), blank=True)
    document = models.ForeignKey(
        GeneratedDocument,
        verbose_name=_("dokumen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The django-tasks result id, to find the task row when diagnosing a job.
    task_id = models.CharField(_("id tugas latar"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai pada"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    # The last sign of life: set when the job is queued, claimed, advances and ends.
    heartbeat_at = models.DateTimeField(_("kabar terakhir"), default=timezone.now)
    # Where the job page's "Kembali" link leads: the page the job was started from (a local path).
    return_url = models.CharField(_("alamat kembali"), max_length=300, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("proses pembuatan dokumen")
        verbose_name_plural = _("proses pembuatan dokumen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="reports_job_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="reports_job_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="reports_job_progress_range"
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.DONE) | Q(document__isnull=False),
                name="reports_job_done_has_document",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_stalled(self) -> bool:
        """Queued or running, but silent for longer than the stall time: shown as stopped."""
        return self.status in ACTIVE_STATUSES and self.heartbeat_at < stall_cutoff()

    @property
    def is_active(self) -> bool:
        """Still on its way: the job page polls it and the report pages list it."""
        return self.status in ACTIVE_STATUSES and not self.is_stalled

    @property
    def is_stopped(self) -> bool:
        return self.status == JobStatus.STOPPED or self.is_stalled

    @property
    def can_retry(self) -> bool:
        return self.status in RETRYABLE_STATUSES or self.is_stalled

    @property
    def progress_step(self) -> int:
        """The progress rounded to 5 %: the bar's width class (static/sakip/progress.css)."""
        return (self.progress + 2) // 5 * 5


# The LKjIP's narrative sections live with the rest of the LKjIP; importing them here registers them.
from .annual.models import AnnualReport, AnnualReportSection  # noqa: E402,F401
