"""Who may see and change a Rencana Aksi (docs/decisions/0002-access-from-positions.md): the
helpers of the views, on top of `ActionPlan.objects.restrict(user, action)`
(planning/querysets.py) and the one access object (sakip.organization.access).

- Rencana Aksi are made by the "plan units" of an agency: the agency itself (for the indicators
  it owns directly) and the units right below it (Sekretariat, Bidang), the units that sign a PK.
  A plan unit's Rencana Aksi holds the indicators of its whole subtree (a seksi's indicators are
  in its bidang's plan), so every indicator belongs to exactly one plan.
- Seen by: the agency-wide roles (Kepala Dinas, Sekretaris, Kasubag, planning staff) for every
  unit; the people of the plan's unit and of the units below it (a Kepala Seksi reads the plan of
  their bidang). Another unit's plan is a 404, for pages and for POSTs alike.
- Changed (while draft or returned) by: the head of the plan's unit (definitive or acting) and the
  agency's planners. Approved or returned by the planners only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from sakip.accounts.types import Viewer
from sakip.organization.access import access_for
from sakip.organization.choices import UnitKind
from sakip.organization.models import Unit

from ..action_plan_models import ActionPlan, ActionPlanStatus

EDITABLE = (ActionPlanStatus.DRAFT, ActionPlanStatus.RETURNED)


def plans_for(user: Viewer) -> QuerySet[ActionPlan]:
    """The Rencana Aksi the user may see."""
    return ActionPlan.objects.restrict(user, "view")


def get_plan_for_user(user: Viewer, pk: int) -> ActionPlan:
    """One Rencana Aksi the user may see; any other, existing or not, is a 404."""
    plan = (plans_for(user).select_related("agency", "unit", "submitted_by", "approved_by")).filter(
        pk=pk
    )
    found = plan.first()
    if found is None:
        raise Http404
    return found


# --- plan units ------------------------------------------------------------------------------


def is_plan_unit(unit: Unit) -> bool:
    """The agency itself, or a unit right below it."""
    if unit.kind == UnitKind.AGENCY:
        return True
    parent = unit.parent if unit.parent_id is not None else None
    return parent is not None and parent.kind == UnitKind.AGENCY


def plan_units(agency: Unit) -> list[Unit]:
    """The agency and the units right below it, in tree order."""
    return list(
        Unit.objects.filter(Q(pk=agency.pk) | Q(parent_id=agency.pk)).order_by("path", "order")
    )


def plan_unit_of(path: str, plan_unit_paths: list[str]) -> str | None:
    """The deepest plan unit whose subtree holds `path` (None if none does)."""
    best = None
    for candidate in plan_unit_paths:
        if path.startswith(candidate) and (best is None or len(candidate) > len(best)):
            best = candidate
    return best


# --- rights ----------------------------------------------------------------------------------


def can_edit(user: Viewer, plan: ActionPlan) -> bool:
    """The head of the plan's unit or the agency's planners (status is checked separately)."""
    access = access_for(user)
    return access.plans(plan.agency) or access.heads(plan.unit)


def can_create(user: Viewer, unit: Unit, agency: Unit) -> bool:
    access = access_for(user)
    return access.plans(agency) or access.heads(unit)


def can_review(user: Viewer, plan: ActionPlan) -> bool:
    """Planning staff of the agency approve or return a submitted Rencana Aksi."""
    return access_for(user).plans(plan.agency)


def is_editable(plan: ActionPlan) -> bool:
    return plan.status in EDITABLE
