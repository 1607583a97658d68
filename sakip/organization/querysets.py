"""Access rules of the organization's models (`.restrict(user, action)`, see access.py).

The organization is read along the unit tree: a person sees the units in their view scope (their
own unit and those below it; the agency-wide roles their agency; the regency viewer the regency),
the positions and holders of those units, and their own employee record and positions wherever
they lie. The tree, the positions and who holds them are changed by administrators only (in the
administration), as is an agency's profile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from .access import ScopedQuerySet, UserAccess

if TYPE_CHECKING:
    from sakip.core.querysets import Action


class UnitQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "change":
            return access.admin_only()
        return access.unit_q("view", "")


class PositionQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "change":
            return access.admin_only()
        return access.unit_q("view", "unit")


class PositionHoldingQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "change":
            return access.admin_only()
        in_scope = access.unit_q("view", "position__unit")
        # A person's own positions, wherever they lie (the profile page lists them).
        return None if in_scope is None else in_scope | Q(employee__user_id=access.user_id)


class EmployeeQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "change":
            return access.admin_only()
        if access.is_admin:
            return None
        from .models import PositionHolding

        holders = PositionHolding.objects.scoped(access, "view").values("employee_id")
        return Q(user_id=access.user_id) | Q(pk__in=holders)


class AgencyProfileQuerySet(ScopedQuerySet[Any]):
    """Read by everyone who works in or oversees the agency: its documents print it."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "change":
            return access.admin_only()
        return access.agency_q("agency")
