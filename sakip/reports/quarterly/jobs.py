"""The quarterly and semester reports as background jobs (sakip.reports.jobs, decision 0006).

Imported by `sakip.reports.apps.ReportsConfig.ready`. The job's params hold the period id; the runner loads it fresh and generates with the
person who started the job as the actor, the date they asked on as the signature date.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Viewer
from sakip.monitoring.access import can_verify
from sakip.monitoring.models import ReportingPeriod
from sakip.reports.jobs import ProgressCallback, register_report_job
from sakip.reports.models import DocumentKind, GeneratedDocument, ReportJob

from .semester import semester_report_generate
from .services import quarterly_report_generate


def _period(job: ReportJob) -> ReportingPeriod:
    return ReportingPeriod.objects.select_related("agency").get(pk=job.params["period"])


def run_quarterly(job: ReportJob, progress: ProgressCallback) -> GeneratedDocument:
    return quarterly_report_generate(
        actor=job.created_by,
        period=_period(job),
        on=timezone.localdate(job.created_at),
        progress=progress,
    )


def run_semester(job: ReportJob, progress: ProgressCallback) -> GeneratedDocument:
    return semester_report_generate(
        actor=job.created_by,
        period=_period(job),
        on=timezone.localdate(job.created_at),
        progress=progress,
    )


def may_publish_report(user: Viewer, document: GeneratedDocument) -> bool:
    """The planners who generate an agency's performance reports publish them. `can_verify`
    looks at the period's agency only, so a period of the document's agency answers it without
    loading the period (the archive asks for every row)."""
    return can_verify(user, ReportingPeriod(agency=document.agency, year=document.year))


register_report_job(
    DocumentKind.QUARTERLY,
    run_quarterly,
    _("Laporan kinerja triwulan"),
    can_publish=may_publish_report,
)
register_report_job(
    DocumentKind.SEMESTER,
    run_semester,
    _("Laporan kinerja semester"),
    can_publish=may_publish_report,
)
