"""The background apply of a large import (docs/decisions/0014): start, claim, progress, finish.

``ImportFlow.confirm`` calls ``import_job_start`` for a confirmation of many rows; the job is
queued by the feature's django-tasks task (``ImportFlow.enqueue``) once the transaction commits, so
the worker never looks for a row that is not committed yet. The worker calls
``ImportFlow.run_job``, which claims the job (only a queued one: a task delivered twice does
nothing), reports its progress here (each report one UPDATE committed at once, outside the apply's
transaction) and finishes it with the result or the reason nothing was written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.core.formats import format_number_id

from .models import ImportJob, ImportJobStatus

logger = logging.getLogger(__name__)

Progress = Callable[[int, Any], None]

# A failed job keeps this many row errors for its page (the rest are counted).
ERRORS_KEPT = 200

STARTING = _("Memulai")
READING = _("Membaca dan memeriksa berkas")
WRITING = _("Menyimpan perubahan")
FINISHED = _("Selesai")
MORE_ERRORS = _("… dan %(more)s galat lainnya.")
NOT_QUEUED = _(
    "Proses tidak dapat dijadwalkan. Silakan coba lagi; jika terulang, hubungi administrator."
)
UNEXPECTED_ERROR = _(
    "Terjadi kesalahan yang tidak terduga saat menerapkan impor; tidak ada data yang disimpan. "
    "Silakan coba lagi; jika terulang, hubungi administrator."
)


def import_job_start(
    *, kind: str, actor: Any, target_id: int, state: dict[str, Any], enqueue: Callable[[int], Any]
) -> ImportJob:
    """Save a queued job for the pending upload ``state`` and queue it after the commit."""
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind, target_id=target_id, state=dict(state), created_by=actor
        )
        transaction.on_commit(partial(_enqueue, job.pk, enqueue))
    return job


def _enqueue(job_id: int, enqueue: Callable[[int], Any]) -> None:
    try:
        result = enqueue(job_id)
    except Exception:
        # The job would wait forever: say so on its page instead.
        logger.exception("Import job %s could not be enqueued", job_id)
        ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
            status=ImportJobStatus.FAILED, result=str(NOT_QUEUED), finished_at=timezone.now()
        )
        return
    task_id = getattr(result, "id", "")
    if task_id:
        ImportJob.objects.filter(pk=job_id).update(task_id=str(task_id)[:64])


def import_job_for_user(user: Any, pk: int, kind: str) -> ImportJob:
    """The user's own import job of this kind; anyone else's (or none) is a 404."""
    job = ImportJob.objects.filter(pk=pk, kind=kind, created_by_id=user.pk).first()
    if job is None:
        raise Http404
    return job


def import_job_claim(job_id: int) -> ImportJob | None:
    """Mark a queued job running; None when it does not exist or is not queued any more."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(of=("self",))
            .select_related("created_by")
            .filter(pk=job_id)
            .first()
        )
        if job is None or job.status != ImportJobStatus.QUEUED:
            logger.info("Import job %s is not queued; not run", job_id)
            return None
        job.status = ImportJobStatus.RUNNING
        job.started_at = job.heartbeat_at = timezone.now()
        job.progress, job.message = 0, str(STARTING)
        job.save(update_fields=["status", "started_at", "heartbeat_at", "progress", "message"])
    return job


def import_job_progress(job: ImportJob) -> Progress:
    def progress(percent: int, message: Any) -> None:
        percent = max(0, min(100, int(percent)))
        text = str(message)[:200]
        # Committed at once (the apply's transaction has not begun or has ended): the page
        # polling the job sees it. It is also the heartbeat.
        ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.RUNNING).update(
            progress=percent, message=text, heartbeat_at=timezone.now()
        )
        job.progress, job.message = percent, text

    return progress


def import_job_finish(
    job: ImportJob, *, result: str, failed: bool = False, errors: Sequence[str] = ()
) -> None:
    now = timezone.now()
    job.status = ImportJobStatus.FAILED if failed else ImportJobStatus.DONE
    job.finished_at = job.heartbeat_at = now
    job.result = result
    issues = [str(e) for e in errors]
    job.errors = issues[:ERRORS_KEPT]
    if len(issues) > ERRORS_KEPT:
        job.errors.append(
            str(MORE_ERRORS % {"more": format_number_id(Decimal(len(issues) - ERRORS_KEPT))})
        )
    fields = ["status", "finished_at", "heartbeat_at", "result", "errors"]
    if not failed:
        job.progress, job.message = 100, str(FINISHED)
        fields += ["progress", "message"]
    job.save(update_fields=fields)
