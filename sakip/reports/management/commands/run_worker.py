"""`manage.py run_worker`: the background worker of e-SAKIP (docs/decisions/0006).

django-tasks-db's `db_worker` (every option of it applies), preceded by one step: the report jobs
a dead worker left queued or running are marked stopped, so that their pages say "Terhenti" and
offer "Coba lagi" instead of "Sedang dibuat… 40%" forever. django-tasks sends no signal when a
worker starts, hence a command of our own rather than a receiver.

Run exactly one per deployment: a worker that starts takes every running job for an orphan.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from sakip.reports.jobs import report_jobs_mark_orphans


class Command(DbWorkerCommand):
    help = (
        "Run the background worker (db_worker) after marking stopped the report jobs a dead "
        "worker left queued or running. Run exactly one per deployment."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload, Django's reloader runs this again in the child it starts after every
        # code change (the child it killed may have left a job running): marking is idempotent.
        marked = report_jobs_mark_orphans()
        if marked and options.get("verbosity", 1):
            self.stdout.write(f"Report jobs left by a stopped worker marked stopped: {len(marked)}")
        super().handle(*args, **options)
