from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ReportsConfig(AppConfig):
    name = "sakip.reports"
    label = "reports"

    def ready(self) -> None:
        # Each app registers its background documents in its own `report_jobs` module
        # (sakip.reports.jobs.register_report_job), the way the admin finds `admin` modules.
        autodiscover_modules("report_jobs")
        from . import rkt_documents  # noqa: F401  (SOP 1's documents, after its run ends)
