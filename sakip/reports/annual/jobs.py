"""The LKjIP as a background job (sakip.reports.jobs, decision 0006); imported by
`sakip.reports.apps.ReportsConfig.ready`. The job's params hold the agency and the year."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sakip.reports.jobs import register_report_job
from sakip.reports.models import DocumentKind

from .services import may_publish_annual, run_annual

register_report_job(
    DocumentKind.ANNUAL,
    run_annual,
    _("Laporan Kinerja Instansi Pemerintah (LKjIP)"),
    can_publish=may_publish_annual,
)
