"""Access rules of the planning models: every planning read goes through `.restrict(user, action)`.

The rules read the one access object (sakip.organization.access, docs/decisions/0002):
- The plan (Renstra → goals → objectives → indicators, programs → activities → sub-activities
  with targets and budgets) is seen along the responsible unit's line and changed by the agency's
  planners (Kasubag, planning staff).
- The RKT of SOP 1 and the Rencana Aksi are kept per unit: the people of the unit and of the units
  below it (a Kepala Seksi on their Bidang's form) see a unit's form or plan, the agency-wide
  roles every unit's, the regency's viewers the accepted ones only (and a locked RKT). A form is
  changed by its unit's head or the holder of its open fill task (SOP 1 step 4), a Rencana Aksi
  by its unit's head or the agency's planners.
- A PK is seen by its own unit's line and the agency-wide roles.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q

from sakip.core.models import ReviewStatus
from sakip.organization.access import ScopedQuerySet, UserAccess, via

if TYPE_CHECKING:
    from sakip.core.querysets import Action

# SOP 1 steps whose open task lets its holder act on the RKT (the action keys of rkt/handlers.py).
RKT_FILL = "rkt.fill"
RKT_SOCIALIZE = "rkt.socialize"
# What a regency viewer reads of the units' work (docs/decisions/0002): a locked RKT, accepted
# forms and Rencana Aksi; never a draft, a submitted or a returned one. (RktStatus.LOCKED:
# rkt_models.py imports this module.)
RKT_LOCKED = Q(status="locked")
ACCEPTED = Q(status=ReviewStatus.ACCEPTED)


def _open_task_of(access: UserAccess, action_key: str, **outer: str) -> Exists:
    """An open task of an SOP step (by action key) assigned to the user, matched to the outer row
    by `outer` (task field → outer field)."""
    from sakip.procedures.choices import TaskStatus
    from sakip.procedures.models import Task

    return Exists(
        Task.objects.filter(
            step__action=action_key,
            status=TaskStatus.OPEN,
            assignee_id=access.user_id,
            **{name: OuterRef(path) for name, path in outer.items()},
        )
    )


# --- the plan ----------------------------------------------------------------------------------


class UnitScopedQuerySet(ScopedQuerySet[Any]):
    """Objects owned by a unit: visible and changeable where the unit is in the user's scope."""

    scope_field = "responsible_unit"

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        return access.unit_q(action, self.scope_field)


class AgencyScopedQuerySet(UnitScopedQuerySet):
    """Agency-level plan objects (Renstra, goals, objectives).

    Agency-wide roles see them through the agency; a unit head sees those that hold an indicator of
    their own unit, so that their read view can show what each indicator serves.
    """

    # The path from an Indicator to this model, to find the plan objects above a unit's indicators.
    indicator_link = ""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        query = access.unit_q(action, self.scope_field)
        if query is None:
            return None
        if action == "view":
            from .models import Indicator

            own = Indicator.objects.scoped(access, "view").filter(
                **{self.indicator_link: OuterRef("pk")}
            )
            query = query | Q(Exists(own))
        return query


class RenstraQuerySet(AgencyScopedQuerySet):
    scope_field = "agency"
    indicator_link = "objective__goal__renstra"


class GoalQuerySet(AgencyScopedQuerySet):
    scope_field = "renstra__agency"
    indicator_link = "objective__goal"


class ObjectiveQuerySet(AgencyScopedQuerySet):
    scope_field = "goal__renstra__agency"
    indicator_link = "objective"


class IndicatorQuerySet(UnitScopedQuerySet):
    """Indicators: visible to their responsible unit's line, changeable by the agency's planners."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        # Seen along the responsible unit's line; changed by the planners of the Renstra's agency.
        field = "responsible_unit" if action == "view" else "objective__goal__renstra__agency"
        return access.unit_q(action, field)


class IndicatorTargetQuerySet(ScopedQuerySet[Any]):
    """An indicator's yearly targets go with the indicator."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        from .models import Indicator

        return via("indicator", Indicator.objects.all(), access, action)


class BudgetQuerySet(ScopedQuerySet[Any]):
    """A sub-activity's yearly budget (pagu) goes with the sub-activity."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        return access.unit_q(action, "sub_activity__responsible_unit")


# --- the Rencana Aksi ---------------------------------------------------------------------------


class ActionPlanQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if access.is_admin:
            return None
        if action == "view":
            # The people of the units below a plan's unit read it too (a seksi its bidang's plan).
            return access.settled_q(lambda a: a.unit_work_q("unit"), "unit", ACCEPTED)
        planners = access.unit_q("change", "agency")
        assert planners is not None
        return planners | Q(unit_id__in=sorted(access.head_unit_ids))


class ActionPlanPartQuerySet(ScopedQuerySet[Any]):
    """Quarter targets and justifications go with their Rencana Aksi."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        from .action_plan_models import ActionPlan

        return via("action_plan", ActionPlan.objects.all(), access, action)


# --- SOP 1: the RKT and the PK ------------------------------------------------------------------


class RktDocumentQuerySet(ScopedQuerySet[Any]):
    """The compiled RKT: opened by the people of the agencies the user sees or works in (a unit
    head sees their own unit's part of it); changed (locked) by the agency's planners."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "change":
            return access.unit_q("change", "agency")
        return access.settled_q(lambda a: a.agency_q("agency"), "agency", RKT_LOCKED)


class RktFormQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if access.is_admin:
            return None
        if action == "view":
            # Units below the form's unit work on it too (a seksi on its bidang's form).
            return access.settled_q(lambda a: a.unit_work_q("unit"), "unit", ACCEPTED)
        # SOP 1 step 4: the head of the form's unit, or the holder of that unit's open fill task
        # (an acting head).
        fill_task = _open_task_of(access, RKT_FILL, run_id="document__run_id", unit_id="unit_id")
        return Q(unit_id__in=sorted(access.head_unit_ids)) | Q(fill_task)


class RktLineQuerySet(ScopedQuerySet[Any]):
    """The lines of an RKT form go with their form."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        from .rkt_models import RktForm

        return via("form", RktForm.objects.all(), access, action)


class SocializationMeetingQuerySet(ScopedQuerySet[Any]):
    """The RKT socialization meeting (SOP 1 step 3): read by the people of the agencies the user
    sees or works in; recorded by the holder of the open socialization step."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "view":
            return access.agency_q("run__agency")
        if access.is_admin:
            return None
        return Q(_open_task_of(access, RKT_SOCIALIZE, run_id="run_id"))


class PerformanceAgreementQuerySet(ScopedQuerySet[Any]):
    """A PK: seen by its own unit's line and the agency-wide roles; made by the agency's planners
    (from the locked RKT)."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "change":
            return access.unit_q("change", "rkt__agency")
        return access.unit_q("view", "unit")
