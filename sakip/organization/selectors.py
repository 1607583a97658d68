"""Reads of the organization: unit trees, holders of positions, superiors."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sakip.accounts.types import Viewer

from .access import access_for
from .choices import UnitKind
from .models import Employee, Position, PositionHolding, Unit


def active_holdings(*, on: datetime.date | None = None) -> QuerySet[PositionHolding]:
    day = on or timezone.localdate()
    return PositionHolding.objects.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def holders_of(position: Position, *, on: datetime.date | None = None) -> list[PositionHolding]:
    """Who holds a position on a day; acting holders count (Plt/Plh) when no definitive one does."""
    holdings = list(active_holdings(on=on).filter(position=position).select_related("employee"))
    definitive = [h for h in holdings if h.kind == "definitive"]
    return definitive or holdings


def agency_units(agency: Unit) -> QuerySet[Unit]:
    """The agency and every unit below it, in tree order."""
    return Unit.objects.filter(path__startswith=agency.path).order_by("path")


def agencies() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.AGENCY).order_by("name")


def planner_agencies(user: Viewer) -> list[Unit]:
    """The agencies whose plan and cycle the user maintains (administrators: all): where they may
    create a Renstra, open a quarter or bind a local holiday."""
    access = access_for(user)
    if not access.is_planner:
        return []
    return [agency for agency in agencies() if access.covers(agency, "change")]


def unit_head_position(unit: Unit) -> Position | None:
    return Position.objects.filter(unit=unit, is_unit_head=True).first()


def employees_of_agency(agency: Unit) -> QuerySet[Employee]:
    return Employee.objects.filter(
        holdings__position__unit__path__startswith=agency.path
    ).distinct()


def organization_chart(user: Viewer) -> list[dict[str, Any]]:
    """Units in the user's view scope in tree order, each with its positions and current holders.

    Three queries whatever the size of the organization: units, positions, holdings.
    """
    unit_list = list(Unit.objects.restrict(user, "view").order_by("path"))
    positions = Position.objects.filter(unit__in=unit_list).select_related("superior")
    holdings = active_holdings().filter(position__in=positions).select_related("employee")
    holders: dict[int, list[PositionHolding]] = {}
    for holding in holdings:
        holders.setdefault(holding.position_id, []).append(holding)
    by_unit: dict[int, list[dict[str, Any]]] = {}
    for position in positions:
        by_unit.setdefault(position.unit_id, []).append(
            {"position": position, "holdings": holders.get(position.pk, [])}
        )
    base_depth = min((u.depth for u in unit_list), default=0)
    return [
        {"unit": u, "indent": u.depth - base_depth, "positions": by_unit.get(u.pk, [])}
        for u in unit_list
    ]
