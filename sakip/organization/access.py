"""Who may see and change what, derived from the positions a user holds today.

Every domain queryset is narrowed with `restrict(user, action)`; views fetch single objects through
`get_object_for_user`, which answers 404 for objects outside the user's scope (NetBox
RestrictedQuerySet; Healthchecks _get_check_for_user). See docs/decisions/0002-access-from-positions.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .choices import Role
from .models import Unit

Action = Literal["view", "change"]

# Roles whose holder works for the whole agency, not only their own unit (SOP 1 and 2 lanes).
AGENCY_WIDE_VIEW_ROLES = {Role.AGENCY_HEAD, Role.SECRETARY, Role.KASUBAG, Role.PLANNING_STAFF}
# Roles that maintain the agency's performance plan (Renstra, indicators, targets, budget).
PLANNER_ROLES = {Role.KASUBAG, Role.PLANNING_STAFF}


@dataclass
class UserAccess:
    """The scope of one user, computed once per request."""

    is_admin: bool = False
    roles: set[str] = field(default_factory=set)
    view_paths: set[str] = field(default_factory=set)
    change_paths: set[str] = field(default_factory=set)
    own_unit_ids: set[int] = field(default_factory=set)
    agency_ids: set[int] = field(default_factory=set)

    @property
    def is_planner(self) -> bool:
        return self.is_admin or bool(self.roles & PLANNER_ROLES)

    def paths(self, action: Action) -> set[str]:
        return self.view_paths if action == "view" else self.change_paths

    def unit_q(self, action: Action, unit_field: str) -> Q | None:
        """A filter for objects whose `unit_field` lies in scope; None means everything.

        An empty `unit_field` filters units themselves.
        """
        if self.is_admin:
            return None
        lookup = f"{unit_field}__path__startswith" if unit_field else "path__startswith"
        query = Q(pk__in=[])
        for prefix in sorted(self.paths(action)):
            query |= Q(**{lookup: prefix})
        return query

    def covers(self, unit: Unit, action: Action) -> bool:
        return self.is_admin or any(unit.path.startswith(p) for p in self.paths(action))


def _compute_access(user: Any) -> UserAccess:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserAccess()
    # Imported here: the selectors module reads the access of this one.
    from .selectors import active_holdings

    access = UserAccess(is_admin=user.is_superuser)
    holdings = (
        active_holdings()
        .filter(employee__user=user)
        .select_related("position__unit__parent__parent")
    )
    for holding in holdings:
        position = holding.position
        unit = position.unit
        agency = unit.agency()
        access.roles.add(position.role)
        access.own_unit_ids.add(unit.pk)
        if agency is not None:
            access.agency_ids.add(agency.pk)
        if position.role == Role.REGENCY_VIEWER:
            regency_root = unit.path.split("/")[1]
            access.view_paths.add(f"/{regency_root}/")
        elif position.role in AGENCY_WIDE_VIEW_ROLES and agency is not None:
            access.view_paths.add(agency.path)
        else:
            access.view_paths.add(unit.path)
        if position.role in PLANNER_ROLES and agency is not None:
            access.change_paths.add(agency.path)
    return access


def access_for(user: Any) -> UserAccess:
    """The user's access, cached on the user object for the rest of the request."""
    cached = getattr(user, "_sakip_access", None)
    if cached is None:
        cached = _compute_access(user)
        user._sakip_access = cached
    return cached


def restrict(queryset: QuerySet[Any], user: Any, action: Action, unit_field: str) -> QuerySet[Any]:
    query = access_for(user).unit_q(action, unit_field)
    return queryset if query is None else queryset.filter(query)


def get_object_for_user(queryset: QuerySet[Any], user: Any, action: Action, **lookup: Any) -> Model:
    """Fetch one object the user may act on; anything else, existing or not, is a 404."""
    restricted = queryset.restrict(user, action)  # type: ignore[attr-defined]
    obj = restricted.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj
