"""Roles to people: which users work in an SOP lane of one agency on one day.

A lane names a role (SOP-AP "Pelaksana"), never a unit of one agency: a run resolves it to the
holders of the positions with that role in whichever agency runs the SOP, acting holders (Plt/Plh)
included after the definitive ones (docs/decisions/0012). A relative lane ("Atasan Langsung")
resolves per unit: the head of that unit, or for an employee lane the unit's employees (DOMAIN.md
§1, SOP 1 steps 4–5).
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from sakip.accounts.models import User
from sakip.organization.choices import KASUBAG_ROLES, HoldingKind, Role, lane_roles
from sakip.organization.models import Position, PositionHolding, Unit
from sakip.organization.selectors import active_holdings

from .models import SopLane

# Roles that, in a relative lane, mean "the head of the unit" rather than a role inside it.
HEAD_ROLES = {
    Role.DIVISION_HEAD,
    Role.SECTION_HEAD,
    Role.SECRETARY,
    *KASUBAG_ROLES,
    Role.AGENCY_HEAD,
}


def _users(holdings: list[PositionHolding]) -> list[User]:
    """Users of the holdings, definitive holders first, each once; employees without a login skip."""
    ordered = sorted(
        holdings,
        key=lambda h: (
            h.kind != HoldingKind.DEFINITIVE,
            h.position.unit.path,
            not h.position.is_unit_head,
            h.position.title,
            h.employee.name,
        ),
    )
    users: list[User] = []
    seen: set[int] = set()
    for holding in ordered:
        user = holding.employee.user
        if user is None or not user.is_active or user.pk in seen:
            continue
        seen.add(user.pk)
        users.append(user)
    return users


def _active(on: datetime.date) -> QuerySet[PositionHolding]:
    return active_holdings(on=on).select_related("employee__user", "position__unit")


def lane_has_positions(lane: SopLane, *, agency: Unit) -> bool:
    """Whether the agency has a position of the lane's role at all, held or not (a lane without
    one asks for the position to be made; a lane whose positions are empty, for a holder)."""
    return Position.objects.filter(
        role__in=lane_roles(lane.role), unit__path__startswith=agency.path
    ).exists()


def resolve_lane(
    lane: SopLane,
    *,
    agency: Unit,
    unit: Unit | None = None,
    on: datetime.date | None = None,
) -> list[User]:
    """The users who work in `lane` for `agency` (and, for a relative lane, for `unit`) on `on`.

    An empty list means the lane is not filled; the caller decides what that refuses.
    """
    day = on or timezone.localdate()
    if lane.relative:
        return _resolve_relative(lane, agency=agency, unit=unit or agency, on=day)
    holdings = list(
        _active(day).filter(
            position__role__in=lane_roles(lane.role), position__unit__path__startswith=agency.path
        )
    )
    return _users(holdings)


def _unit_head(unit: Unit, on: datetime.date) -> list[User]:
    return _users(list(_active(on).filter(position__unit=unit, position__is_unit_head=True)))


def unit_heads(unit: Unit, *, on: datetime.date | None = None) -> list[User]:
    """The head of a unit (definitive first, then Plt/Plh) with a login: who answers a request
    step for the unit (SOP 2: the unit's data)."""
    return _unit_head(unit, on or timezone.localdate())


def _resolve_relative(lane: SopLane, *, agency: Unit, unit: Unit, on: datetime.date) -> list[User]:
    if not unit.path.startswith(agency.path):
        return []
    if lane.role in HEAD_ROLES:
        # "Atasan Langsung" of a unit is its head, whatever the head's own title is.
        return _unit_head(unit, on)
    holdings = list(
        _active(on).filter(
            position__role__in=lane_roles(lane.role), position__unit__path__startswith=unit.path
        )
    )
    if holdings:
        return _users(holdings)
    if lane.role == Role.EMPLOYEE:
        # A unit without staff positions still has its head to do the staff's step.
        return _unit_head(unit, on)
    return []


def holders_of_position(position_id: int, *, on: datetime.date | None = None) -> list[User]:
    """The users holding a position on a day, definitive first, acting ones after."""
    day = on or timezone.localdate()
    return _users(list(_active(day).filter(position_id=position_id)))


def superiors_of(
    user: User, *, agency: Unit, unit: Unit | None = None, on: datetime.date
) -> list[User]:
    """The holders of the superior position (atasan langsung) of `user`'s position in `agency`.

    The user's position in the task's unit is preferred, a definitive one before an acting one.
    Without a recorded superior, the head of the user's own unit (for staff) or of the parent unit
    (for a unit head) is the superior.
    """
    holdings = list(
        _active(on)
        .filter(employee__user=user, position__unit__path__startswith=agency.path)
        .select_related("position__superior", "position__unit__parent")
    )
    if not holdings:
        return []
    holdings.sort(
        key=lambda h: (
            unit is None or h.position.unit_id != unit.pk,
            h.kind != HoldingKind.DEFINITIVE,
            not h.position.is_unit_head,
        )
    )
    position = holdings[0].position
    if position.superior_id is not None:
        superiors = holders_of_position(position.superior_id, on=on)
        if superiors:
            return [u for u in superiors if u.pk != user.pk]
    own_unit = position.unit
    head_unit = own_unit.parent if position.is_unit_head else own_unit
    if head_unit is None:
        return []
    heads = _unit_head(head_unit, on)
    return [u for u in heads if u.pk != user.pk]
