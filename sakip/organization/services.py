"""Writes of the organization: units (keeping the materialized path), positions and holdings."""

from __future__ import annotations

import datetime

from django.db import transaction

from sakip.accounts.models import User
from sakip.accounts.types import Actor
from sakip.audit.services import audit_record

from .models import Employee, Position, PositionHolding, Unit
from .nip import normalize_nip, validate_nip


def unit_create(
    *,
    actor: Actor,
    parent: Unit | None,
    kind: str,
    name: str,
    code: str,
    short_name: str = "",
    order: int = 0,
) -> Unit:
    with transaction.atomic():
        unit = Unit.objects.create(
            parent=parent,
            kind=kind,
            name=name,
            code=code,
            short_name=short_name,
            order=order,
            path="/",
        )
        unit.path = Unit.path_for(parent, unit.pk)
        unit.save(update_fields=["path"])
        audit_record(actor=actor, instance=unit, action="create", changes={"name": [None, name]})
    return unit


def employee_create(
    *,
    actor: Actor,
    nip: str,
    name: str,
    front_title: str = "",
    back_title: str = "",
    rank: str = "",
    user: User | None = None,
    email: str = "",
) -> Employee:
    nip = normalize_nip(nip)
    validate_nip(nip)
    with transaction.atomic():
        employee = Employee.objects.create(
            nip=nip,
            name=name,
            front_title=front_title,
            back_title=back_title,
            rank=rank,
            user=user,
            sex=nip[14],
            email=email,
        )
        audit_record(actor=actor, instance=employee, action="create", changes={"nip": [None, nip]})
    return employee


def position_create(
    *,
    actor: Actor,
    unit: Unit,
    title: str,
    role: str,
    is_unit_head: bool = False,
    superior: Position | None = None,
) -> Position:
    """A position; a unit head's default superior is the head of the parent unit (atasan langsung)."""
    with transaction.atomic():
        if superior is None and unit.parent_id is not None:
            parent_head = Position.objects.filter(unit_id=unit.parent_id, is_unit_head=True).first()
            if is_unit_head:
                superior = parent_head
            else:
                superior = (
                    Position.objects.filter(unit=unit, is_unit_head=True).first() or parent_head
                )
        position = Position.objects.create(
            unit=unit, title=title, role=role, is_unit_head=is_unit_head, superior=superior
        )
        audit_record(
            actor=actor, instance=position, action="create", changes={"title": [None, title]}
        )
    return position


def holding_create(
    *,
    actor: Actor,
    position: Position,
    employee: Employee,
    start_date: datetime.date,
    kind: str = "definitive",
    end_date: datetime.date | None = None,
) -> PositionHolding:
    with transaction.atomic():
        holding = PositionHolding.objects.create(
            position=position,
            employee=employee,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
        )
        audit_record(
            actor=actor,
            instance=holding,
            action="assign",
            changes={"employee": [None, str(employee)], "kind": [None, kind]},
        )
    return holding
