"""Long documents generated in the background (docs/decisions/0006).

An app registers, per document kind, the runner that generates it::

    register_report_job(
        kind=DocumentKind.QUARTERLY,
        runner=run_quarterly,             # (job, progress) -> GeneratedDocument
        label=_("Laporan kinerja triwulan"),
        can_publish=may_publish_quarterly,  # optional: (user, document) -> bool
    )

A view checks permission and readiness itself (so the user gets a clear message at once), then
calls `report_job_start`, which saves a `ReportJob` and enqueues the django-tasks task
`sakip.reports.tasks.run_report_job` with the job's id once the transaction commits. The worker
calls `report_job_run`: it marks the job running, calls the runner with a `progress(percent,
message)` callback and stores the document (done) or the reason (failed).

Every step refreshes the job's heartbeat. A job silent for longer than
settings.REPORT_JOB_STALL_SECONDS is shown as stopped ("Terhenti"); `report_job_retry` asks again
for the same document ("Coba lagi"). The worker is started by `manage.py run_worker`, which first
calls `report_jobs_mark_orphans`: the jobs a dead worker left queued or running are marked stopped.

A runner reports progress only outside `transaction.atomic`: each report is its own short write
so the job page sees it at once, and the long rendering must not hold a write transaction (on
SQLite that would block every other write of the application).
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sakip.accounts.models import User
from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.organization.models import Unit

from .models import ACTIVE_STATUSES, DocumentKind, GeneratedDocument, JobStatus, ReportJob

if TYPE_CHECKING:
    # Dev-only (django-stubs): the annotations name it, nothing runs it.
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, str], None]
Runner = Callable[[ReportJob, ProgressCallback], GeneratedDocument]
PublishCheck = Callable[[Any, GeneratedDocument], bool]

STARTING = _("Memulai")
FINISHED = _("Selesai")
UNEXPECTED_ERROR = _(
    "Terjadi kesalahan yang tidak terduga saat membuat dokumen. Silakan coba lagi; jika terulang, "
    "hubungi administrator."
)
STOPPED = _("Proses latar dihentikan sebelum dokumen selesai dibuat.")
ORPHANED = _(
    "Proses latar berhenti sebelum dokumen selesai dibuat, misalnya karena server "
    "dimatikan atau dimulai ulang."
)
NOT_RETRYABLE = _(
    "Proses ini tidak perlu diulang: dokumennya sudah dibuat atau prosesnya masih berjalan."
)
NOT_QUEUED = _(
    "Proses tidak dapat dijadwalkan. Silakan coba lagi; jika terulang, hubungi administrator."
)


def stalled_reason(job: ReportJob) -> str:
    """Why a job silent for too long is shown as stopped, in the active language."""
    minutes = max(1, settings.REPORT_JOB_STALL_SECONDS // 60)
    if job.status == JobStatus.QUEUED:
        text = ngettext(
            "Proses belum dimulai setelah %(minutes)d menit: proses latar tampaknya "
            "tidak berjalan.",
            "Proses belum dimulai setelah %(minutes)d menit: proses latar tampaknya "
            "tidak berjalan.",
            minutes,
        )
    else:
        text = ngettext(
            "Tidak ada kemajuan selama lebih dari %(minutes)d menit: proses latar "
            "tampaknya berhenti di tengah jalan.",
            "Tidak ada kemajuan selama lebih dari %(minutes)d menit: proses latar "
            "tampaknya berhenti di tengah jalan.",
            minutes,
        )
    return text % {"minutes": minutes}


def stop_reason(job: ReportJob) -> str:
    """What the job page says about a stopped job (stored, or worked out for a stalled one)."""
    if job.status == JobStatus.STOPPED:
        return job.error
    return stalled_reason(job) if job.is_stalled else ""


class JobStopped(Exception):
    """Raised by the progress callback when the job is no longer running (it was marked stopped
    while its runner was slow, and someone asked again): the runner gives up at once."""


@dataclass(frozen=True)
class ReportJobKind:
    """A registered kind of background document: how to make it and who may publish it."""

    kind: str
    runner: Runner
    label: StrOrPromise
    can_publish: PublishCheck | None = None


_registry: dict[str, ReportJobKind] = {}


def register_report_job(
    kind: str, runner: Runner, label: StrOrPromise, *, can_publish: PublishCheck | None = None
) -> None:
    """Register the generator of ``kind`` (a `DocumentKind` value). Called once per kind, from an
    app's ``report_jobs`` module (imported by `ReportsConfig.ready`). ``can_publish(user,
    document)`` says who may publish a document of this kind; without it nobody may."""
    if kind not in DocumentKind.values:
        raise ImproperlyConfigured(f"Unknown document kind for a report job: {kind!r}")
    existing = _registry.get(kind)
    if existing is not None and existing.runner is not runner:
        raise ImproperlyConfigured(f"A report job is already registered for {kind!r}")
    _registry[kind] = ReportJobKind(kind=kind, runner=runner, label=label, can_publish=can_publish)


def report_job_kind(kind: str) -> ReportJobKind | None:
    return _registry.get(kind)


def registered_kinds() -> Mapping[str, ReportJobKind]:
    return dict(_registry)


def _local_path(url: str) -> str:
    """A path on this site ("/pengumpulan-data/laporan/4/"), never another host."""
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        raise ValueError(f"return_url must be a local path, got {url!r}")
    return url


# --- starting ------------------------------------------------------------------------------


def report_job_start(
    *,
    actor: User,
    kind: str,
    params: Mapping[str, int | str],
    agency: Unit,
    year: int,
    return_url: str,
    title: str = "",
    retry_of: ReportJob | None = None,
) -> ReportJob:
    """Queue the generation of a ``kind`` document; the worker runs it after the commit.

    ``params`` holds ids only (e.g. ``{"period": 12}``); the caller has checked permission and
    readiness. The same person asking again for a job still waiting in the queue gets that job,
    not a second one (a double click, or a worker that is not running yet), unless it has waited
    so long that it is shown as stopped: that one is marked stopped, so that a worker coming back
    does not make the document twice, and a new job is queued.
    """
    spec = report_job_kind(kind)
    if spec is None:
        raise ImproperlyConfigured(f"No report job registered for {kind!r}")
    plain = {str(key): value for key, value in params.items()}
    if any(not isinstance(value, int | str) for value in plain.values()):
        raise ValueError("Report job params hold ids only (int or str).")
    with transaction.atomic():
        waiting = (
            ReportJob.objects.select_for_update()
            .filter(created_by=actor, kind=kind, status=JobStatus.QUEUED, agency=agency, year=year)
            .order_by("-pk")
        )
        for job in waiting:
            if job.params == plain:
                if not job.is_stalled:
                    return job
                with translation.override(settings.LANGUAGE_CODE):
                    _stop(job, reason=stalled_reason(job), actor=actor)
        job = ReportJob.objects.create(
            kind=kind,
            title=str(title or spec.label)[:300],
            params=plain,
            agency=agency,
            year=year,
            created_by=actor,
            return_url=_local_path(return_url),
        )
        changes: dict[str, Any] = {"kind": [None, kind], "params": [None, plain]}
        if retry_of is not None:
            changes["retry_of"] = [None, retry_of.pk]
        audit_record(actor=actor, instance=job, action="start", changes=changes)
        transaction.on_commit(partial(_enqueue, job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import run_report_job

    try:
        result = run_report_job.enqueue(job_id)
    except Exception:
        # The job would wait forever: say so on its page instead.
        logger.exception("Report job %s could not be enqueued", job_id)
        ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED, error=str(NOT_QUEUED), finished_at=timezone.now()
        )
        return
    ReportJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def _stop(job: ReportJob, *, reason: str, actor: Actor = None) -> bool:
    """Mark a queued or running job stopped (audited); False when it had ended meanwhile."""
    now = timezone.now()
    stopped = ReportJob.objects.filter(pk=job.pk, status__in=ACTIVE_STATUSES).update(
        status=JobStatus.STOPPED, error=reason, finished_at=now, heartbeat_at=now
    )
    if not stopped:
        return False
    audit_record(
        actor=actor,
        instance=job,
        action="stop",
        changes={"status": [job.status, JobStatus.STOPPED.value]},
        note=reason,
    )
    job.status, job.error, job.finished_at, job.heartbeat_at = JobStatus.STOPPED, reason, now, now
    return True


def report_job_retry(*, actor: User, job: ReportJob) -> ReportJob:
    """Ask again ("Coba lagi"), as the same person, for what a failed or stopped job was making.

    The new job has the same kind, params, agency, year, title and return page; its start is
    audited with the job it retries. A job shown as stopped but still queued or running on paper
    is marked stopped first, and its runner gives up at its next step (`JobStopped`), so the
    document is not made twice. Asking again while the retry is still on its way (a double
    click) gives that job. Only the person who started the job may retry it (the view answers
    404 to anyone else); permission and readiness are checked again by the runner before it
    renders anything, exactly as for the first run, so a right withdrawn meanwhile ends the
    new job failed with the reason.
    """
    if job.created_by_id != getattr(actor, "pk", None):
        raise ValidationError(NOT_RETRYABLE)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update().select_related("agency").get(pk=job.pk)
        if not job.can_retry:
            raise ValidationError(NOT_RETRYABLE)
        again = (
            ReportJob.objects.active()
            .filter(
                created_by=actor, kind=job.kind, agency=job.agency, year=job.year, pk__gt=job.pk
            )
            .order_by("-pk")
        )
        for other in again:
            if other.params == job.params:
                return other
        if job.is_stalled:
            with translation.override(settings.LANGUAGE_CODE):
                _stop(job, reason=stalled_reason(job), actor=actor)
        return report_job_start(
            actor=actor,
            kind=job.kind,
            params=job.params,
            agency=job.agency,
            year=job.year,
            return_url=job.return_url or reverse("reports:archive"),
            title=job.title,
            retry_of=job,
        )


# --- running (inside the worker) ------------------------------------------------------------


def _progress_recorder(job: ReportJob) -> ProgressCallback:
    def progress(percent: int, message: str) -> None:
        percent = max(0, min(100, int(percent)))
        text = str(message)[:200]
        # One UPDATE outside any transaction of the runner: committed at once, so the page
        # polling the job sees it while the rendering goes on. It is also the heartbeat.
        updated = ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            progress=percent, message=text, heartbeat_at=timezone.now()
        )
        if not updated:
            raise JobStopped(job.pk)
        job.progress, job.message = percent, text

    return progress


def _claim(job_id: int) -> ReportJob | None:
    """Mark a queued job running; None when it does not exist or is not queued any more."""
    with transaction.atomic():
        job = (
            ReportJob.objects.select_for_update(of=("self",))
            .select_related("created_by", "agency")
            .filter(pk=job_id)
            .first()
        )
        if job is None:
            logger.warning("Report job %s does not exist", job_id)
            return None
        if job.status != JobStatus.QUEUED:
            # A task delivered twice, or run again by hand: the job has had its run.
            logger.info("Report job %s is %s; not run again", job_id, job.status)
            return None
        job.status = JobStatus.RUNNING
        job.started_at = job.heartbeat_at = timezone.now()
        job.progress = 0
        job.message = str(STARTING)
        job.save(update_fields=["status", "started_at", "heartbeat_at", "progress", "message"])
    return job


def _finish(
    job: ReportJob,
    *,
    document: GeneratedDocument | None = None,
    error: str = "",
    status: JobStatus | None = None,
) -> None:
    with transaction.atomic():
        job.status = status or (JobStatus.FAILED if error else JobStatus.DONE)
        job.finished_at = job.heartbeat_at = timezone.now()
        job.document = document
        job.error = error
        fields = ["status", "finished_at", "heartbeat_at", "document", "error"]
        if not error:
            job.progress, job.message = 100, str(FINISHED)
            fields += ["progress", "message"]
        job.save(update_fields=fields)
        audit_record(
            actor=job.created_by,
            instance=job,
            action={JobStatus.DONE: "finish", JobStatus.STOPPED: "stop"}.get(job.status, "fail"),
            changes={"status": [JobStatus.RUNNING.value, job.status]},
            note=error or (f"reports.generateddocument:{document.pk}" if document else ""),
        )


def report_job_run(*, job_id: int) -> ReportJob | None:
    """Run a queued job to its end (done or failed). Anything else is left alone (idempotent)."""
    job = _claim(job_id)
    if job is None:
        return None
    spec = report_job_kind(job.kind)
    try:
        # The stored step messages and errors are in the product language, whoever's request
        # (with the immediate backend) happens to run the job.
        with translation.override(settings.LANGUAGE_CODE):
            if spec is None:
                raise ImproperlyConfigured(f"No report job registered for {job.kind!r}")
            document = spec.runner(job, _progress_recorder(job))
    except JobStopped:
        # Marked stopped while it ran (someone asked again): the new job makes the document.
        logger.info("Report job %s was stopped; its runner gave up", job.pk)
    except ValidationError as error:
        # A rule refused the document (permission withdrawn, quarter reopened): the user reads why.
        with translation.override(settings.LANGUAGE_CODE):
            _finish(job, error=" ".join(str(m) for m in error.messages))
    except Exception:
        logger.exception("Report job %s (%s) failed", job.pk, job.kind)
        with translation.override(settings.LANGUAGE_CODE):
            _finish(job, error=str(UNEXPECTED_ERROR))
    except BaseException:
        # The worker is being stopped: leave the job stopped (and retryable), not "running".
        with translation.override(settings.LANGUAGE_CODE):
            _finish(job, error=str(STOPPED), status=JobStatus.STOPPED)
        raise
    else:
        _finish(job, document=document)
    return job


# --- when the worker starts -----------------------------------------------------------------

# A queued job without its task id yet may be between its commit and its enqueue (`_enqueue`
# runs on commit, in the web process): give it this long before calling it an orphan.
ENQUEUE_GRACE = datetime.timedelta(minutes=1)


def report_jobs_mark_orphans() -> list[int]:
    """Mark stopped the jobs a dead worker left behind; called by `manage.py run_worker` before
    the worker takes its first task. Returns the ids of the jobs marked.

    One worker runs per deployment (docs/operations.md), so when it starts nothing can be
    running: every job still "running" was left by a worker that was killed (SIGKILL, power
    loss, a reload). A queued job is an orphan when its task can no longer run: its
    django-tasks row is gone (pruned, another database), failed, or was claimed by the dead
    worker; a queued job whose task row is ready simply waits for this worker. Finished jobs
    are left alone.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    orphans = list(ReportJob.objects.filter(status=JobStatus.RUNNING))
    queued = list(ReportJob.objects.filter(status=JobStatus.QUEUED))
    task_ids: dict[int, uuid.UUID] = {}
    for job in queued:
        try:
            task_ids[job.pk] = uuid.UUID(job.task_id)
        except ValueError:
            continue
    ready = set(
        DBTaskResult.objects.filter(
            id__in=list(task_ids.values()), status=TaskResultStatus.READY
        ).values_list("id", flat=True)
    )
    grace = timezone.now() - ENQUEUE_GRACE
    for job in queued:
        task_id = task_ids.get(job.pk)
        if task_id in ready or (task_id is None and job.created_at > grace):
            continue
        orphans.append(job)
    marked = []
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(ORPHANED)
        for job in orphans:
            with transaction.atomic():
                if _stop(job, reason=reason):
                    marked.append(job.pk)
    if marked:
        logger.warning("Report jobs left by a stopped worker marked stopped: %s", marked)
    return marked
