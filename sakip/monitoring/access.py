"""Who may see and act on the quarterly data (SOP 2), docs/decisions/0002-access-from-positions.md.

The helpers of the views, on top of the models' `.restrict(user, action)` (querysets.py) and the
one access object (sakip.organization.access):

- A reporting period is visible to the people of its agency (everyone works in the cycle: units
  enter data, officials receive the report) and to the regency's viewers.
- A unit's submission is visible to the people of that unit and of the units below it (a Kepala
  Seksi supplies the data of their Bidang), and to the agency-wide roles (Kepala Dinas,
  Sekretaris, Kasubag, planning staff). Another unit's submission, and its evidence, is a 404.
- The people of the unit (its head, or the staff the head delegates to) edit it while it is a
  draft or returned; the head (the assignee of the unit's data request task) submits it.
- The agency's planners (Kasubag, planning staff: they hold the recap step) review submissions,
  lock and reopen the quarter.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from sakip.accounts.types import Viewer
from sakip.core import data_stamp
from sakip.core.kept import kept_under
from sakip.organization.access import access_for
from sakip.organization.models import Unit
from sakip.procedures.models import Task

from .models import Evidence, PeriodStatus, ReportingPeriod, SubmissionStatus, UnitSubmission

REQUEST = "data.request"
RECAP = "data.recap"
PROCESS = "data.process"
QUARTERLY_REPORT = "data.quarterly_report"
QUARTERLY_SOCIALIZE = "data.quarterly_socialize"

EDITABLE = UnitSubmission.EDITABLE


# --- periods -----------------------------------------------------------------------------------


def periods_for(user: Viewer) -> QuerySet[ReportingPeriod]:
    """Reporting periods of the agencies the user sees or works in."""
    return ReportingPeriod.objects.restrict(user, "view")


def get_period_for_user(user: Viewer, pk: int) -> ReportingPeriod:
    """The period, if the user may see it (else 404); kept until the figures' data, the people
    or the SOP runs change, per viewer's access."""
    found = kept_under(
        (data_stamp.FIGURES, data_stamp.PEOPLE, data_stamp.TASKS),
        f"period-for-user-1:{pk}:{access_for(user).signature()}",
        list,
        lambda: list(
            periods_for(user).select_related("agency", "run", "locked_by__employee").filter(pk=pk)
        ),
    )
    if not found:
        raise Http404
    period: ReportingPeriod = found[0]
    return period


def is_reviewer(user: Viewer, period: ReportingPeriod) -> bool:
    """Who reviews (verifies) the quarter's data, locks and reopens it: the agency's planners (they
    hold the recap step) and administrators."""
    return access_for(user).plans(period.agency)


def can_review(user: Viewer, submission: UnitSubmission) -> bool:
    """A reviewer, while the unit's data waits for review in an open quarter."""
    return (
        submission.status == SubmissionStatus.SUBMITTED
        and submission.period.status == PeriodStatus.OPEN
        and is_reviewer(user, submission.period)
    )


def can_open_periods(user: Viewer, agency: Unit) -> bool:
    return access_for(user).plans(agency)


def sees_whole_agency(user: Viewer, agency: Unit) -> bool:
    return access_for(user).covers(agency, "view")


def reads_settled_only(user: Viewer, agency: Unit) -> bool:
    """The regency reader, for an agency they see through the regency only: of its quarters they
    read the locked ones' accepted data, never what is still being entered or reviewed
    (decision 0002)."""
    access = access_for(user)
    return access.reads_regency and not access.without_regency().covers(agency, "view")


def reads_period_report(user: Viewer, period: ReportingPeriod) -> bool:
    """Who reads a quarter's (or semester's) report page: who sees the agency whole; the regency
    reader once the quarter and every earlier quarter of its year are locked, since the report
    counts the year to date (a reopened earlier quarter hides it again)."""
    if not sees_whole_agency(user, period.agency):
        return False
    if not reads_settled_only(user, period.agency):
        return True
    return not (
        ReportingPeriod.objects.filter(
            agency_id=period.agency_id, year=period.year, quarter__lte=period.quarter
        )
        .exclude(status=PeriodStatus.LOCKED)
        .exists()
    )


# --- submissions -------------------------------------------------------------------------------


def submissions_for(user: Viewer) -> QuerySet[UnitSubmission]:
    """The submissions the user may see: their own unit's (from the unit or below it) and, for the
    agency-wide roles, all of the agency."""
    return UnitSubmission.objects.restrict(user, "view")


def get_submission_for_user(user: Viewer, *, period_pk: int, unit_pk: int) -> UnitSubmission:
    """The unit's submission of the quarter, if the user may see it (else 404); kept per viewer's
    access until the figures' data, the people or the SOP runs change."""
    submission = kept_under(
        (data_stamp.FIGURES, data_stamp.PEOPLE, data_stamp.TASKS),
        f"submission-for-user-1:{period_pk}:{unit_pk}:{access_for(user).signature()}",
        list,
        lambda: list(
            submissions_for(user)
            .select_related(
                "period__agency",
                "period__run",
                "unit",
                "submitted_by__employee",
                "reviewed_by__employee",
            )
            .filter(period_id=period_pk, unit_id=unit_pk)
            # One row at most (unique per period and unit): no ordering, whose joins cost more
            # than the row.
            .order_by()[:1]
        ),
    )
    if not submission:
        raise Http404
    found: UnitSubmission = submission[0]
    return found


def get_evidence_for_user(user: Viewer, pk: int) -> Evidence:
    """An evidence file, only for users who may see its submission (404 otherwise)."""
    evidence = (
        Evidence.objects.restrict(user, "view")
        .filter(pk=pk)
        .select_related("realisasi__submission__period", "realisasi__submission__unit")
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def works_in_unit(user: Viewer, unit: Unit) -> bool:
    """The people of the unit and of the units below it (a seksi works on its bidang's data)."""
    return access_for(user).works_in(unit)


def request_task(submission: UnitSubmission, *, open_only: bool = False) -> Task | None:
    """The unit's data request task (SOP 2 step 1) of the period's run, the newest first."""
    run_id = submission.period.run_id
    if run_id is None:
        return None

    def newest() -> list[Task]:
        tasks = Task.objects.filter(run_id=run_id, step__action=REQUEST, unit_id=submission.unit_id)
        if open_only:
            from sakip.procedures.choices import TaskStatus

            tasks = tasks.filter(status=TaskStatus.OPEN)
        return list(
            tasks.select_related("assignee__employee", "step", "unit", "run").order_by(
                "-round", "-pk"
            )[:1]
        )

    # Kept until a task, a run or a unit changes.
    found = kept_under(
        (data_stamp.TASKS, data_stamp.PEOPLE),
        f"request-task-1:{run_id}:{submission.unit_id}:{int(open_only)}",
        list,
        newest,
    )
    return found[0] if found else None


def is_editable(submission: UnitSubmission) -> bool:
    return submission.status in EDITABLE and submission.period.status == PeriodStatus.OPEN


def can_edit(user: Viewer, submission: UnitSubmission) -> bool:
    """The people of the unit, while the data is a draft or returned and the quarter is open."""
    return is_editable(submission) and works_in_unit(user, submission.unit)


def can_submit(user: Viewer, submission: UnitSubmission, task: Task | None = None) -> bool:
    """The unit head: the assignee of the unit's data request task (an acting head included), the
    head of the unit, or an administrator."""
    if not is_editable(submission):
        return False
    if access_for(user).is_admin:
        return True
    task = task if task is not None else request_task(submission)
    if task is not None and task.assignee_id == user.pk:
        return True
    return access_for(user).heads(submission.unit)
