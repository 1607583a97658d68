"""The django-tasks task behind every report job: it carries the job's id only (decision 0006)."""

from __future__ import annotations

from django_tasks import task

from .jobs import report_job_run


@task()
def run_report_job(job_id: int) -> None:
    """Run report job ``job_id``; a job that is not queued any more is left alone."""
    report_job_run(job_id=job_id)
