"""Reads of the organization: unit trees, holders of positions, superiors."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

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


def unit_head_position(unit: Unit) -> Position | None:
    return Position.objects.filter(unit=unit, is_unit_head=True).first()


def employees_of_agency(agency: Unit) -> QuerySet[Employee]:
    return Employee.objects.filter(
        holdings__position__unit__path__startswith=agency.path
    ).distinct()
