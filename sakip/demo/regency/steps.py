"""What of the template agency is copied, model by model, in dependency order.

Everything an agency owns: its units, people (accounts, employees, positions, holdings), profile,
calendar, SOP definitions and runs with their tasks and notifications, Renstra and budget, Rencana
Aksi, RKT, reporting periods with submissions, realisasi, evidence and monthly progress, report
receipts, the LKjIP's sections and the generated documents (which point to the template's stored
files). Not copied: audit events (the copies have no history) and report jobs (a job is the
request that produced a document, not the document).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Model, Q, QuerySet

from sakip.accounts.models import User
from sakip.monitoring.models import (
    Evidence,
    MonthlyProgress,
    Realisasi,
    ReportingPeriod,
    ReportReceipt,
    UnitSubmission,
)
from sakip.organization.models import AgencyProfile, Employee, Position, PositionHolding, Unit
from sakip.planning.action_plan_models import ActionPlan, ActionPlanJustification, QuarterTarget
from sakip.planning.models import (
    Activity,
    Budget,
    Goal,
    Indicator,
    IndicatorTarget,
    Objective,
    Program,
    Renstra,
    SubActivity,
)
from sakip.planning.rkt_models import (
    PerformanceAgreement,
    RktActivityLine,
    RktDocument,
    RktForm,
    RktIndicatorLine,
    SocializationMeeting,
)
from sakip.procedures.models import (
    Holiday,
    Notification,
    ProcedureRun,
    Sop,
    SopLane,
    SopRevision,
    SopStep,
    Task,
    TaskFile,
    WorkSchedule,
    WorkScheduleDay,
)
from sakip.reports.annual.models import AnnualReport, AnnualReportSection
from sakip.reports.models import GeneratedDocument

from .cloning import Copy, Row, Step

Rewrite = Callable[[Row, Copy, int], None]

# The objectives of the plan and what hangs on them are copied once per replica.
REPLICATED: set[type[Model]] = {
    Objective,
    Indicator,
    IndicatorTarget,
    Program.objectives.through,
    QuarterTarget,
    ActionPlanJustification,
    RktIndicatorLine,
    Realisasi,
    Evidence,
}


def _rows(model: type[Model], **lookups: Any) -> Callable[[], QuerySet[Any]]:
    return lambda: model._base_manager.filter(**lookups)


def template_steps(
    agency: Unit,
    *,
    unit: Rewrite,
    user: Rewrite,
    employee: Rewrite,
    code: Rewrite,
    document: Rewrite,
    run: Rewrite,
    profile: Rewrite,
) -> Sequence[Step]:
    """The steps copying `agency`; the rewrites give each copy its own unique values."""
    units = Unit._base_manager.filter(path__startswith=agency.path)
    positions = Position._base_manager.filter(unit__in=units)
    holdings = PositionHolding._base_manager.filter(position__in=positions)
    employees = Employee._base_manager.filter(pk__in=holdings.values("employee_id"))
    users = User._base_manager.filter(pk__in=employees.values("user_id"))
    plan = {"renstra__agency": agency}
    objective_of = {"goal__renstra__agency": agency}
    indicator_of = {"objective__goal__renstra__agency": agency}
    sub_of = {"activity__program__renstra__agency": agency}
    revision_of = {"revision__sop__agency": agency}
    period_of = {"period__agency": agency}
    submission_of = {"submission__period__agency": agency}
    runs = ProcedureRun._base_manager.filter(agency=agency)
    tasks = Task._base_manager.filter(run__agency=agency)
    return [
        Step(Unit, lambda: units, rewrite=unit, self_fk="parent_id"),
        Step(User, lambda: users, rewrite=user),
        Step(Employee, lambda: employees, rewrite=employee),
        Step(Position, lambda: positions, self_fk="superior_id"),
        Step(PositionHolding, lambda: holdings),
        Step(AgencyProfile, _rows(AgencyProfile, agency=agency), rewrite=profile),
        # The working calendar and the SOP definitions.
        Step(WorkSchedule, _rows(WorkSchedule, agency=agency)),
        Step(WorkScheduleDay, _rows(WorkScheduleDay, schedule__agency=agency)),
        Step(Holiday, _rows(Holiday, agency=agency)),
        Step(Sop, _rows(Sop, agency=agency)),
        Step(SopRevision, _rows(SopRevision, sop__agency=agency)),
        Step(SopLane, _rows(SopLane, **revision_of)),
        Step(SopStep, _rows(SopStep, **revision_of), self_fk="return_to_id"),
        # The plan.
        Step(Renstra, _rows(Renstra, agency=agency)),
        Step(Goal, _rows(Goal, **plan)),
        Step(Objective, _rows(Objective, **objective_of), replicated=True, rewrite=code),
        Step(
            Indicator,
            _rows(Indicator, **indicator_of),
            replicated=True,
            rewrite=code,
            self_fk="parent_id",
        ),
        Step(
            IndicatorTarget,
            _rows(IndicatorTarget, indicator__objective__goal__renstra__agency=agency),
            replicated=True,
        ),
        Step(Program, _rows(Program, **plan)),
        Step(
            Program.objectives.through,
            _rows(Program.objectives.through, program__renstra__agency=agency),
            replicated=True,
        ),
        Step(Activity, _rows(Activity, program__renstra__agency=agency)),
        Step(SubActivity, _rows(SubActivity, **sub_of)),
        Step(Budget, _rows(Budget, sub_activity__activity__program__renstra__agency=agency)),
        # SOP runs and their tasks.
        Step(ProcedureRun, lambda: runs, rewrite=run),
        Step(Task, lambda: tasks),
        Step(TaskFile, _rows(TaskFile, task__run__agency=agency)),
        Step(
            Notification,
            lambda: Notification._base_manager.filter(Q(task__in=tasks) | Q(user__in=users)),
        ),
        # Rencana Aksi and the RKT.
        Step(ActionPlan, _rows(ActionPlan, agency=agency)),
        Step(QuarterTarget, _rows(QuarterTarget, action_plan__agency=agency), replicated=True),
        Step(
            ActionPlanJustification,
            _rows(ActionPlanJustification, action_plan__agency=agency),
            replicated=True,
        ),
        Step(RktDocument, _rows(RktDocument, agency=agency)),
        Step(RktForm, _rows(RktForm, document__agency=agency)),
        Step(
            RktIndicatorLine,
            _rows(RktIndicatorLine, form__document__agency=agency),
            replicated=True,
        ),
        Step(RktActivityLine, _rows(RktActivityLine, form__document__agency=agency)),
        Step(SocializationMeeting, _rows(SocializationMeeting, run__agency=agency)),
        Step(
            SocializationMeeting.attendees.through,
            _rows(SocializationMeeting.attendees.through, socializationmeeting__run__agency=agency),
        ),
        Step(PerformanceAgreement, _rows(PerformanceAgreement, rkt__agency=agency)),
        # SOP 2's periods, the units' data and who received the reports.
        Step(ReportingPeriod, _rows(ReportingPeriod, agency=agency)),
        Step(UnitSubmission, _rows(UnitSubmission, **period_of)),
        Step(Realisasi, _rows(Realisasi, **submission_of), replicated=True),
        Step(
            Evidence,
            _rows(Evidence, realisasi__submission__period__agency=agency),
            replicated=True,
        ),
        Step(MonthlyProgress, _rows(MonthlyProgress, **submission_of)),
        Step(ReportReceipt, _rows(ReportReceipt, **period_of)),
        # The LKjIP's narrative and the documents.
        Step(AnnualReport, _rows(AnnualReport, agency=agency)),
        Step(AnnualReportSection, _rows(AnnualReportSection, report__agency=agency)),
        Step(GeneratedDocument, _rows(GeneratedDocument, agency=agency), rewrite=document),
    ]
