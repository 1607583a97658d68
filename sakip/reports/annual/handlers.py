"""SOP 2 step 9, the LKjIP (sakip.procedures.actions contract); imported by
`sakip.reports.apps.ReportsConfig.ready`.

| key                      | SOP 2 step                                        | behaviour                        |
|--------------------------|---------------------------------------------------|----------------------------------|
| data.annual_report       | 9 Menyusun laporan kinerja tahunan (Staf)         | the LKjIP page of the run's year |
"""

from __future__ import annotations

from django.urls import reverse

from sakip.monitoring.handlers import PeriodStepHandler
from sakip.monitoring.models import ReportingPeriod
from sakip.procedures.actions import register_step_handler


class AnnualReportHandler(PeriodStepHandler):
    """Step 9 (once a year): the LKjIP page of the run's year, where the staff check the data,
    write the narrative sections and generate the document."""

    key = "data.annual_report"

    def period_url(self, period: ReportingPeriod) -> str:
        url = reverse("reports:annual_report", args=[period.year])
        # The page picks the user's own agency; name it for people who see several.
        return f"{url}?agency={period.agency_id}"


register_step_handler(AnnualReportHandler())
