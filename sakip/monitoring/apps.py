from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "sakip.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        # SOP 2's quarterly step handlers and workflow hooks register themselves on import (the
        # report steps register from sakip.reports), and so do the quarterly data tabs of the
        # indicator page (sakip.planning.indicator_tabs).
        from sakip.core.data_stamp import TASKS, watch

        from . import handlers, indicator_page  # noqa: F401
        from .models import ReportingPeriod, ReportReceipt
        from .versions import source_models

        # The data versions are kept under the data stamp: it must move with their sources.
        watch(source_models())
        # The recap keeps who acknowledged the socialized report.
        watch([ReportReceipt])
        # The inbox keeps its tasks' work pages, which lead to the quarter's periods.
        watch([ReportingPeriod], TASKS)
