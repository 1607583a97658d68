from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "sakip.monitoring"
    label = "monitoring"

    def ready(self) -> None:
        # SOP 2's quarterly step handlers and workflow hooks register themselves on import (the
        # report steps register from sakip.reports), and so do the quarterly data tabs of the
        # indicator page (sakip.planning.indicator_tabs).
        from sakip.core.data_stamp import watch

        from . import handlers, indicator_page  # noqa: F401
        from .versions import source_models

        # The data versions are kept under the data stamp: it must move with their sources.
        watch(source_models())
