from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ReportsConfig(AppConfig):
    name = "sakip.reports"
    label = "reports"

    def ready(self) -> None:
        # The documents made here register themselves with the lower layers on import: their
        # background jobs (sakip.reports.jobs), the rule that keeps versions made before a quarter
        # was reopened from being published (sakip.reports.publishing) and SOP 2's report steps
        # (sakip.procedures.actions).
        from .annual import handlers as annual_handlers  # noqa: F401
        from .annual import jobs as annual_jobs  # noqa: F401
        from .quarterly import handlers, jobs, publication  # noqa: F401

        # Any other app may still register background documents in its own `report_jobs` module
        # (sakip.reports.jobs.register_report_job), the way the admin finds `admin` modules.
        autodiscover_modules("report_jobs")
        from sakip.core.data_stamp import watch

        from . import rkt_documents  # noqa: F401  (SOP 1's documents, after its run ends)
        from .models import GeneratedDocument

        # The report pages keep their lists of versions under the figures' stamp.
        watch([GeneratedDocument])
