"""The code behind SOP 2's quarterly steps (sakip.procedures.actions contract).

The steps stay data (texts, lanes, times in procedures/sop-pengumpulan-data-kinerja.toml); a
step's `action` key picks the behaviour below. Imported by MonitoringConfig.ready().

| key                      | SOP 2 step                                        | behaviour                        |
|--------------------------|---------------------------------------------------|----------------------------------|
| data.request             | 1 Mengumpulkan data (Kasubbag; a request step)    | sent by opening the quarter;     |
|                          |                                                   | each unit's answer task is its   |
|                          |                                                   | submission, done by "Kirim data" |
| data.recap               | 2 Merekap laporan (Staf)                          | waits until every unit's data is |
|                          |                                                   | accepted; completing locks TW k  |
| data.process             | 3 Mengolah data (Staf)                            | generic, works on the recap page |
| data.quarterly_socialize | 5 Mensosialisasikan laporan (Kasubbag)            | receipts for the officials       |

The steps whose work page is a report (4 the quarterly report, 7 the semester report, 8 its
socialization, 9 the LKjIP) register from the reports app (sakip.reports.quarterly.handlers,
sakip.reports.annual.handlers), built on PeriodStepHandler below.

The workflow hooks ("data_collection") turn the run's quarter into a ReportingPeriod.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sakip.accounts.types import Actor
from sakip.procedures.actions import (
    StepHandler,
    WorkflowHooks,
    register_step_handler,
    register_workflow_hooks,
)
from sakip.procedures.models import ProcedureRun, Task

from . import access, services
from .models import PeriodStatus, ReportingPeriod, SubmissionStatus, UnitSubmission

NOT_SUBMITTED_YET = _(
    "Data %(unit)s belum dikirim: isi realisasi di halaman pengisian data lalu tekan “Kirim data”."
)
NOT_ALL_ACCEPTED = _("Data semua unit harus diterima lebih dahulu. Belum diterima: %(units)s.")
NO_PERIOD = _("Periode pelaporan pelaksanaan ini tidak ditemukan.")


def period_for_task(task: Task) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(run_id=task.run_id).select_related("agency").first()


def submission_for_task(task: Task) -> UnitSubmission | None:
    if task.unit_id is None:
        return None
    return (
        UnitSubmission.objects.filter(period__run_id=task.run_id, unit_id=task.unit_id)
        .select_related("period", "unit")
        .first()
    )


class PeriodStepHandler(StepHandler):
    """A step whose work page belongs to the run's ReportingPeriod. The inbox asks for the URLs of
    all its tasks at once: one query for their periods, whatever the number of tasks."""

    def period_url(self, period: ReportingPeriod) -> str:
        return reverse("monitoring:period_detail", args=[period.pk])

    def work_url(self, task: Task) -> str | None:
        period = period_for_task(task)
        return self.period_url(period) if period else None

    def work_urls(self, tasks: Sequence[Task]) -> dict[int, str | None]:
        periods = {
            p.run_id: p
            for p in ReportingPeriod.objects.filter(run_id__in={t.run_id for t in tasks})
        }
        return {
            t.pk: self.period_url(periods[t.run_id]) if t.run_id in periods else None for t in tasks
        }


class RequestHandler(StepHandler):
    """Step 1: the Kasubbag's data request (a request step: its task is done when the quarter is
    opened) and, per unit, the unit's answer: the head enters and submits the unit's data, due on
    the request's due date (DOMAIN.md §1, decision on SOP 2 step 1). A revision whose step 1 is
    still per unit (older data) works the same way for its unit tasks."""

    key = access.REQUEST

    def on_open(self, task: Task) -> None:
        if task.unit_id is not None:
            services.submission_ensure(task=task)

    def blockers(self, task: Task) -> list[str]:
        if task.unit_id is None:
            return []  # the request itself: sent with the disposition
        submission = submission_for_task(task)
        if submission is None or submission.status not in (
            SubmissionStatus.SUBMITTED,
            SubmissionStatus.ACCEPTED,
        ):
            unit = task.unit.name if task.unit is not None else ""
            return [str(NOT_SUBMITTED_YET % {"unit": unit})]
        return []

    def work_url(self, task: Task) -> str | None:
        return self.work_urls([task])[task.pk]

    def work_urls(self, tasks: Sequence[Task]) -> dict[int, str | None]:
        """A unit's entry page, or the quarter's page for the request itself: one query for the
        periods of all the tasks' runs."""
        periods = dict(
            ReportingPeriod.objects.filter(run_id__in={t.run_id for t in tasks}).values_list(
                "run_id", "pk"
            )
        )
        urls: dict[int, str | None] = {}
        for t in tasks:
            period = periods.get(t.run_id)
            if period is None:
                urls[t.pk] = None
            elif t.unit_id is None:
                urls[t.pk] = reverse("monitoring:period_detail", args=[period])
            else:
                urls[t.pk] = reverse("monitoring:submission_detail", args=[period, t.unit_id])
        return urls


class RecapHandler(PeriodStepHandler):
    """Step 2: the planning staff verifies every unit's data on the recap page; the step is done
    when all are accepted, and completing it locks the quarter."""

    key = access.RECAP

    def blockers(self, task: Task) -> list[str]:
        period = period_for_task(task)
        if period is None:
            return [str(NO_PERIOD)]
        submissions = list(period.submissions.select_related("unit").order_by("unit__path"))
        waiting = [s.unit.name for s in submissions if s.status != SubmissionStatus.ACCEPTED]
        if waiting or not submissions:
            return [str(NOT_ALL_ACCEPTED % {"units": ", ".join(waiting) or "—"})]
        return []

    def on_complete(self, task: Task, *, actor: Actor) -> None:
        period = period_for_task(task)
        if period is not None and period.status != PeriodStatus.LOCKED:
            services.period_lock(actor=actor, period=period, now=task.completed_at)


class ProcessHandler(PeriodStepHandler):
    """Step 3: processing the quarter's data; completed with a note on the generic task page."""

    key = access.PROCESS


class QuarterlySocializeHandler(PeriodStepHandler):
    """Step 5: the report goes to the officials (agency head, Sekretaris, each Kepala Bidang), who
    acknowledge receipt on the period page; acknowledgements are tracked, not required."""

    key = access.QUARTERLY_SOCIALIZE

    def on_open(self, task: Task) -> None:
        period = period_for_task(task)
        if period is not None:
            services.receipts_send(period=period, kind="quarterly", now=task.started_at)


class DataCollectionHooks(WorkflowHooks):
    """SOP 2 as a whole: a run is one quarter of one agency (ReportingPeriod)."""

    key = "data_collection"

    def on_run_start(self, run: ProcedureRun, *, actor: Actor) -> None:
        services.period_for_run(actor=actor, run=run)


for _handler in (
    RequestHandler(),
    RecapHandler(),
    ProcessHandler(),
    QuarterlySocializeHandler(),
):
    register_step_handler(_handler)
register_workflow_hooks(DataCollectionHooks())
