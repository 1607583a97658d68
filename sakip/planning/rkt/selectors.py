"""Reads of the RKT workflow: a unit's form grouped for display, the compiled RKT of the agency,
what still keeps a form from going on, and the socialization overview.

Every function reads a fixed number of queries, whatever the number of forms or lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from sakip.audit.history import HistoryEntry, history_entries
from sakip.organization.models import Unit
from sakip.organization.selectors import active_holdings
from sakip.procedures.models import ProcedureRun

from ..models import (
    Activity,
    Objective,
    Program,
    RktActivityLine,
    RktDocument,
    RktForm,
    RktIndicatorLine,
    SocializationMeeting,
)
from ..rkt_models import RktFormStatus
from ..selectors import natural_key
from . import errors

# --- what keeps a form from going on ----------------------------------------------------------


def missing_target_codes(form: RktForm) -> list[str]:
    """Codes of the indicators of the form that have no target yet."""
    codes = form.indicator_lines.filter(target_low__isnull=True).values_list(
        "indicator__code", flat=True
    )
    return sorted(codes, key=natural_key)


def form_problems(form: RktForm) -> list[str]:
    """Why the unit cannot hand in its form yet (SOP 1 steps 4–5), in Indonesian; empty if it can."""
    problems: list[str] = []
    if form.acknowledged_at is None:
        problems.append(str(errors.FORM_NOT_ACKNOWLEDGED))
    codes = missing_target_codes(form)
    if codes:
        problems.append(str(errors.FORM_MISSING_TARGETS) % {"codes": ", ".join(codes)})
    return problems


def forms_not_submitted(document: RktDocument) -> list[RktForm]:
    """Forms that the compilation (step 6) still waits for."""
    waiting = (RktFormStatus.DRAFT, RktFormStatus.RETURNED)
    return list(document.forms.filter(status__in=waiting).select_related("unit"))


# --- one form, grouped -------------------------------------------------------------------------


@dataclass
class ObjectiveGroup:
    objective: Objective
    lines: list[RktIndicatorLine] = field(default_factory=list)


@dataclass
class ActivityGroup:
    activity: Activity
    lines: list[RktActivityLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.pagu or Decimal(0) for line in self.lines), Decimal(0))


@dataclass
class ProgramGroup:
    program: Program
    activities: list[ActivityGroup] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((a.total for a in self.activities), Decimal(0))


@dataclass
class GroupedLines:
    objectives: list[ObjectiveGroup]
    programs: list[ProgramGroup]

    @property
    def total_pagu(self) -> Decimal:
        return sum((p.total for p in self.programs), Decimal(0))

    @property
    def indicator_count(self) -> int:
        return sum(len(g.lines) for g in self.objectives)

    @property
    def activity_count(self) -> int:
        return sum(len(a.lines) for p in self.programs for a in p.activities)


def _indicator_lines(forms: Iterable[RktForm]) -> QuerySet[RktIndicatorLine]:
    return RktIndicatorLine.objects.filter(form__in=list(forms)).select_related(
        "indicator__objective__goal", "indicator__responsible_unit", "form__unit"
    )


def _activity_lines(forms: Iterable[RktForm]) -> QuerySet[RktActivityLine]:
    return RktActivityLine.objects.filter(form__in=list(forms)).select_related(
        "sub_activity__activity__program", "sub_activity__responsible_unit", "form__unit"
    )


def group_lines(
    indicator_lines: Iterable[RktIndicatorLine], activity_lines: Iterable[RktActivityLine]
) -> GroupedLines:
    """Indicator lines per objective and activity lines per program and activity, in code order."""
    objectives: dict[int, ObjectiveGroup] = {}
    for line in indicator_lines:
        objective = line.indicator.objective
        objectives.setdefault(objective.pk, ObjectiveGroup(objective)).lines.append(line)
    for group in objectives.values():
        group.lines.sort(key=lambda ln: (natural_key(ln.indicator.code), ln.form.unit.path))
    programs: dict[int, ProgramGroup] = {}
    activities: dict[int, ActivityGroup] = {}
    for act_line in activity_lines:
        activity = act_line.sub_activity.activity
        program_group = programs.setdefault(activity.program_id, ProgramGroup(activity.program))
        if activity.pk not in activities:
            activities[activity.pk] = ActivityGroup(activity)
            program_group.activities.append(activities[activity.pk])
        activities[activity.pk].lines.append(act_line)
    for program_group in programs.values():
        program_group.activities.sort(key=lambda a: natural_key(a.activity.code))
        for activity_group in program_group.activities:
            activity_group.lines.sort(key=lambda ln: natural_key(ln.sub_activity.code))
    return GroupedLines(
        objectives=sorted(
            objectives.values(),
            key=lambda g: (natural_key(g.objective.goal.code), natural_key(g.objective.code)),
        ),
        programs=sorted(programs.values(), key=lambda p: natural_key(p.program.code)),
    )


def form_lines(form: RktForm) -> GroupedLines:
    return group_lines(_indicator_lines([form]), _activity_lines([form]))


# --- the compiled RKT --------------------------------------------------------------------------


@dataclass
class CompiledRkt:
    document: RktDocument
    forms: list[RktForm]
    lines: GroupedLines
    whole: bool

    @property
    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for form in self.forms:
            counts[form.status] = counts.get(form.status, 0) + 1
        return counts

    @property
    def all_accepted(self) -> bool:
        return bool(self.forms) and all(f.status == RktFormStatus.ACCEPTED for f in self.forms)


def compiled_rkt(document: RktDocument, forms: QuerySet[RktForm], *, whole: bool) -> CompiledRkt:
    """The agency's RKT assembled from the unit forms given (all of them, or the user's own)."""
    form_list = list(forms.filter(document=document).select_related("unit").order_by("unit__path"))
    return CompiledRkt(
        document=document,
        forms=form_list,
        lines=group_lines(_indicator_lines(form_list), _activity_lines(form_list)),
        whole=whole,
    )


# --- socialization -----------------------------------------------------------------------------


def agency_users(agency: Unit) -> QuerySet[Any]:
    """Users holding a position in the agency today: who may attend its meetings."""
    user_ids = active_holdings().filter(
        position__unit__path__startswith=agency.path, employee__user__isnull=False
    )
    return (
        get_user_model()
        .objects.filter(pk__in=user_ids.values("employee__user"), is_active=True)
        .select_related("employee")
        .order_by("employee__name", "username")
    )


def meeting_for(run: ProcedureRun) -> SocializationMeeting | None:
    # The page names every attendee (User.display_name reads the employee).
    attendees = Prefetch("attendees", get_user_model().objects.select_related("employee"))
    return SocializationMeeting.objects.filter(run=run).prefetch_related(attendees).first()


def run_forms(run: ProcedureRun) -> list[RktForm]:
    """The unit forms of a run, with who acknowledged the socialization."""
    return list(
        RktForm.objects.filter(document__run=run)
        .select_related("unit", "acknowledged_by__employee")
        .order_by("unit__path")
    )


# --- history -----------------------------------------------------------------------------------

ACTION_LABELS = {
    "create": _("Dibuat"),
    "prefill": _("Diisi dari Renstra"),
    "update": _("Diubah oleh unit"),
    "acknowledge": _("Sosialisasi diterima"),
    "submit": _("Dikirim"),
    "review_notes": _("Catatan koreksi"),
    "accept": _("Diterima"),
    "return": _("Dikembalikan ke unit"),
    "compile": _("Dikompilasi"),
    "lock": _("Dikunci"),
}
FIELD_LABELS = {
    "status": _("Status"),
    "review_note": _("Catatan koreksi"),
    "indicator_lines": _("Baris indikator"),
    "activity_lines": _("Baris kegiatan"),
    "acknowledged_at": _("Sosialisasi diterima pada"),
    "unit": _("Unit"),
    "forms": _("Formulir"),
    "number": _("Nomor"),
}
STATUS_LABELS = dict(RktFormStatus.choices)


def form_history(form: RktForm) -> list[HistoryEntry]:
    """The audit events of a form, newest first (the "Riwayat" tab)."""
    return history_entries(
        form, action_labels=ACTION_LABELS, field_labels=FIELD_LABELS, value_labels=STATUS_LABELS
    )
