"""The units a user works in, as the RKT forms and the Rencana Aksi scope them.

Both are kept per unit, and the people of the units below a unit work on its document too (a Kepala
Seksi on the form and plan of their Bidang): hence the paths of the user's own units and every unit
above them. Who heads a unit decides who fills a form or edits a plan; the agency's planners
(and administrators) act on every unit's.
"""

from __future__ import annotations

from typing import Any

from sakip.organization.access import access_for
from sakip.organization.models import Unit
from sakip.organization.selectors import active_holdings


def ancestor_paths(paths: set[str]) -> set[str]:
    """Every prefix path of the given unit paths: "/1/4/9/" gives "/1/", "/1/4/", "/1/4/9/"."""
    result: set[str] = set()
    for path in paths:
        parts = [p for p in path.split("/") if p]
        for i in range(1, len(parts) + 1):
            result.add("/" + "/".join(parts[:i]) + "/")
    return result


def own_unit_paths(user: Any) -> set[str]:
    """Paths of the units in which the user holds a position today."""
    access = access_for(user)
    if not access.own_unit_ids:
        return set()
    return set(Unit.objects.filter(pk__in=access.own_unit_ids).values_list("path", flat=True))


def is_unit_head(user: Any, unit: Unit) -> bool:
    """Whether the user heads `unit` today (definitive or acting)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        active_holdings()
        .filter(employee__user=user, position__unit=unit, position__is_unit_head=True)
        .exists()
    )


def is_agency_planner(user: Any, agency: Unit) -> bool:
    """Administrators and the planners of `agency` act on the documents of all its units."""
    access = access_for(user)
    return access.is_admin or (access.is_planner and access.covers(agency, "change"))
