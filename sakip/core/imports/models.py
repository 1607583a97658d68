"""The background apply of a large import (docs/decisions/0014): one row per confirmation.

The confirmation of an import with many rows does not write in the request: it saves an
``ImportJob`` (whose upload, for whom, the fingerprint of the preview the user confirmed) and
queues the feature's django-tasks task with the job's id. The worker parses the kept file again,
refuses if the data changed since the preview, applies everything in one transaction or nothing,
and leaves here the result (the success message) or the reason. The job page polls it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Menunggu giliran")
    RUNNING = "running", _("Sedang diterapkan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


ACTIVE_IMPORT_STATUSES = (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)


def import_stall_cutoff() -> datetime.datetime:
    """A queued or running job silent since before this has stopped (its worker is gone); the
    report jobs' setting (decision 0006) serves both."""
    return timezone.now() - datetime.timedelta(seconds=settings.REPORT_JOB_STALL_SECONDS)


class ImportJob(models.Model):
    """One confirmed import applied in the background (a "proses impor" on screen).

    ``kind`` names the import (its flow's ``job_kind``) and ``target_id`` what it writes into (a
    Renstra); ``state`` is the pending upload as the session kept it (its token, file name and the
    fingerprint of the preview). Only the person who confirmed it sees it."""

    kind = models.CharField(_("jenis impor"), max_length=40)
    target_id = models.PositiveIntegerField(_("id sasaran impor"))
    state = models.JSONField(_("unggahan"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    message = models.CharField(_("langkah saat ini"), max_length=200, blank=True)
    # Done: what was written ("5.000 indikator ditambahkan, 0 diubah."). Failed: why nothing was.
    result = models.TextField(_("hasil"), blank=True)
    errors = models.JSONField(_("galat baris"), default=list, blank=True)
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
    heartbeat_at = models.DateTimeField(_("kabar terakhir"), default=timezone.now)

    class Meta:
        verbose_name = _("proses impor")
        verbose_name_plural = _("proses impor")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportJobStatus.values), name="core_importjob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="core_importjob_progress_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_stalled(self) -> bool:
        return self.status in ACTIVE_IMPORT_STATUSES and self.heartbeat_at < import_stall_cutoff()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_IMPORT_STATUSES and not self.is_stalled

    @property
    def filename(self) -> str:
        return str(self.state.get("filename", ""))

    @property
    def progress_step(self) -> int:
        """The progress rounded to 5 %: the bar's width class (static/sakip/progress.css)."""
        return (self.progress + 2) // 5 * 5
