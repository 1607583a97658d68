"""SOP 2's report steps of a quarter (sakip.procedures.actions contract); imported by
`sakip.reports.apps.ReportsConfig.ready`. The data steps (1–3, 5) register from
sakip.monitoring.handlers; these steps' work pages are the reports made here.

| key                      | SOP 2 step                                        | behaviour                        |
|--------------------------|---------------------------------------------------|----------------------------------|
| data.quarterly_report    | 4 Menyusun laporan triwulan (Staf)                | the quarterly report page        |
| data.semester_report     | 7 Menyusun laporan semester (Staf)                | the semester report page         |
| data.semester_socialize  | 8 Mensosialisasikan laporan semester (Kasubbag)   | receipts (kind "semester")       |
"""

from __future__ import annotations

from django.urls import reverse

from sakip.monitoring import services
from sakip.monitoring.handlers import PeriodStepHandler, period_for_task
from sakip.monitoring.models import ReportingPeriod
from sakip.procedures.actions import register_step_handler
from sakip.procedures.models import Task


class QuarterlyReportHandler(PeriodStepHandler):
    """Step 4: the quarterly report page."""

    key = "data.quarterly_report"

    def period_url(self, period: ReportingPeriod) -> str:
        return reverse("reports:quarterly_report", args=[period.pk])


class SemesterReportHandler(PeriodStepHandler):
    """Step 7 (TW II and TW IV runs): the semester report page."""

    key = "data.semester_report"

    def period_url(self, period: ReportingPeriod) -> str:
        return reverse("reports:semester_report", args=[period.pk])


class SemesterSocializeHandler(SemesterReportHandler):
    """Step 8: the semester report goes to the officials, like step 5 (receipts of kind
    "semester", kept by the data collection)."""

    key = "data.semester_socialize"

    def on_open(self, task: Task) -> None:
        period = period_for_task(task)
        if period is not None:
            services.receipts_send(period=period, kind="semester", now=task.started_at)


for _handler in (QuarterlyReportHandler(), SemesterReportHandler(), SemesterSocializeHandler()):
    register_step_handler(_handler)
