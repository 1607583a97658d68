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

A runner reports progress only outside `transaction.atomic`: each report is its own short write
so the job page sees it at once, and the long rendering must not hold a write transaction (on
SQLite that would block every other write of the application).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sakip.audit.services import audit_record
from sakip.organization.models import Unit

from .models import DocumentKind, GeneratedDocument, JobStatus, ReportJob

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
STOPPED = _("Proses dihentikan sebelum selesai. Silakan buat ulang dokumen.")
NOT_QUEUED = _(
    "Proses tidak dapat dijadwalkan. Silakan coba lagi; jika terulang, hubungi administrator."
)


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
    actor: Any,
    kind: str,
    params: Mapping[str, int | str],
    agency: Unit,
    year: int,
    return_url: str,
    title: str = "",
) -> ReportJob:
    """Queue the generation of a ``kind`` document; the worker runs it after the commit.

    ``params`` holds ids only (e.g. ``{"period": 12}``); the caller has checked permission and
    readiness. The same person asking again for a job still waiting in the queue gets that job,
    not a second one (a double click, or a worker that is not running yet).
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
                return job
        job = ReportJob.objects.create(
            kind=kind,
            title=str(title or spec.label)[:300],
            params=plain,
            agency=agency,
            year=year,
            created_by=actor,
            return_url=_local_path(return_url),
        )
        audit_record(
            actor=actor,
            instance=job,
            action="start",
            changes={"kind": [None, kind], "params": [None, plain]},
        )
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


# --- running (inside the worker) ------------------------------------------------------------


def _progress_recorder(job: ReportJob) -> ProgressCallback:
    def progress(percent: int, message: str) -> None:
        percent = max(0, min(100, int(percent)))
        text = str(message)[:200]
        # One UPDATE outside any transaction of the runner: committed at once, so the page
        # polling the job sees it while the rendering goes on.
        ReportJob.objects.filter(pk=job.pk).update(progress=percent, message=text)
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
        job.started_at = timezone.now()
        job.progress = 0
        job.message = str(STARTING)
        job.save(update_fields=["status", "started_at", "progress", "message"])
    return job


def _finish(job: ReportJob, *, document: GeneratedDocument | None = None, error: str = "") -> None:
    with transaction.atomic():
        job.status = JobStatus.FAILED if error else JobStatus.DONE
        job.finished_at = timezone.now()
        job.document = document
        job.error = error
        fields = ["status", "finished_at", "document", "error"]
        if not error:
            job.progress, job.message = 100, str(FINISHED)
            fields += ["progress", "message"]
        job.save(update_fields=fields)
        audit_record(
            actor=job.created_by,
            instance=job,
            action="finish" if not error else "fail",
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
    except ValidationError as error:
        # A rule refused the document (permission withdrawn, quarter reopened): the user reads why.
        with translation.override(settings.LANGUAGE_CODE):
            _finish(job, error=" ".join(str(m) for m in error.messages))
    except Exception:
        logger.exception("Report job %s (%s) failed", job.pk, job.kind)
        with translation.override(settings.LANGUAGE_CODE):
            _finish(job, error=str(UNEXPECTED_ERROR))
    except BaseException:
        # The worker is being stopped: leave the job failed, not "running" forever.
        with translation.override(settings.LANGUAGE_CODE):
            _finish(job, error=str(STOPPED))
        raise
    else:
        _finish(job, document=document)
    return job
