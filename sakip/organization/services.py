"""Writes of the organization: units (keeping the materialized path), people, positions and
holdings, and the agency profile. Every change is audited; edits refuse a save over someone else's
(decision 0003); refusals are ValidationErrors naming the field, in Indonesian."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.accounts.types import Actor
from sakip.audit.services import audit_record, diff, snapshot
from sakip.core.locking import lock_fresh

from .choices import HoldingKind
from .models import AgencyProfile, Employee, Position, PositionHolding, Unit
from .nip import normalize_nip, validate_nip

NIP_TAKEN = _("NIP ini sudah tercatat untuk pegawai lain: %(name)s.")
CODE_TAKEN = _("Kode ini sudah dipakai unit lain; pilih kode yang lain.")
UNIT_CLOSED = _("Unit ini sudah ditutup sejak %(date)s; pilih unit yang masih aktif.")
UNIT_ALREADY_CLOSED = _("Unit ini sudah ditutup.")
MOVE_UNDER_ITSELF = _(
    "Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau unit di bawahnya."
)
MOVE_ROOT = _("Pilih unit induk yang baru.")
CLOSE_OPEN_CHILDREN = _(
    "Unit di bawahnya masih aktif (%(units)s); tutup atau pindahkan unit itu lebih dahulu."
)
CLOSE_HOLDERS = _(
    "Masih ada pemangku jabatan sesudah tanggal itu (%(holders)s); akhiri masa jabatan mereka "
    "lebih dahulu."
)
HEAD_TAKEN = _("Unit ini sudah mempunyai jabatan kepala unit: %(title)s.")
SUPERIOR_SELF = _("Atasan langsung tidak boleh jabatan itu sendiri atau bawahannya.")
DATES_REVERSED = _("Tanggal selesai tidak boleh sebelum tanggal mulai (%(start)s).")
DEFINITIVE_OVERLAP = _(
    "Jabatan ini sudah dipangku secara definitif oleh %(name)s pada %(period)s; akhiri masa "
    "jabatan itu lebih dahulu, atau angkat sebagai Plt/Plh."
)
SAME_PERSON_OVERLAP = _("%(name)s sudah memangku jabatan ini pada %(period)s.")

EMPLOYEE_FIELDS = ("nip", "name", "front_title", "back_title", "rank", "email", "sex")
UNIT_FIELDS = ("name", "short_name", "code", "kind", "order")
POSITION_FIELDS = ("title", "role", "is_unit_head", "superior")
PROFILE_FIELDS = (
    "regency_name",
    "address",
    "phone",
    "email",
    "website",
    "city",
    "regent_title",
    "regent_name",
    "explanation_threshold",
    "exceeds_target_band",
    "data_entry_days",
)


def _day(value: datetime.date | None) -> str:
    from django.utils import formats

    return formats.date_format(value, "DATE_FORMAT") if value else str(_("seterusnya"))


def _period(start: datetime.date, end: datetime.date | None) -> str:
    return f"{_day(start)} – {_day(end)}"


def _update(
    *,
    actor: Actor,
    instance: Any,
    expected_version: int | None,
    fields: Iterable[str],
    data: Mapping[str, Any],
    check: Any = None,
    action: str = "update",
) -> Any:
    """Lock, refuse a stale save, apply, validate, save and audit the difference."""
    with transaction.atomic():
        current = lock_fresh(instance, expected_version)
        before = snapshot(current, fields)
        for name, value in data.items():
            setattr(current, name, value)
        if check is not None:
            check(current)
        current.full_clean(validate_constraints=False)
        current.version += 1
        current.save()
        changes = diff(before, snapshot(current, fields))
        if changes:
            audit_record(actor=actor, instance=current, action=action, changes=changes)
    return current


def _creation_changes(instance: Any, fields: Iterable[str]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in snapshot(instance, fields).items() if v not in (None, "")}


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
    if Unit.objects.filter(code__iexact=code).exists():
        raise ValidationError({"code": CODE_TAKEN}, code="code_taken")
    if parent is not None and parent.end_date is not None:
        raise ValidationError(
            {"parent": UNIT_CLOSED % {"date": _day(parent.end_date)}}, code="closed"
        )
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
    _check_nip(nip, None)
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
        audit_record(
            actor=actor,
            instance=employee,
            action="create",
            changes=_creation_changes(employee, EMPLOYEE_FIELDS),
        )
    return employee


def _check_nip(nip: str, employee: Employee | None) -> None:
    try:
        validate_nip(nip)
    except ValidationError as exc:
        raise ValidationError({"nip": exc.error_list}) from None
    other = Employee.objects.filter(nip=nip)
    if employee is not None:
        other = other.exclude(pk=employee.pk)
    taken = other.first()
    if taken is not None:
        raise ValidationError({"nip": NIP_TAKEN % {"name": taken.display_name}}, code="nip_taken")


def employee_update(
    *,
    actor: Actor,
    employee: Employee,
    expected_version: int | None = None,
    nip: str,
    name: str,
    front_title: str = "",
    back_title: str = "",
    rank: str = "",
    email: str = "",
) -> Employee:
    """Correct a person's record: NIP (validated, unique), name, titles, rank/grade, e-mail."""
    nip = normalize_nip(nip)
    _check_nip(nip, employee)
    data = {
        "nip": nip,
        "name": name.strip(),
        "front_title": front_title.strip(),
        "back_title": back_title.strip(),
        "rank": rank.strip(),
        "email": email.strip(),
        "sex": nip[14],
    }
    result: Employee = _update(
        actor=actor,
        instance=employee,
        expected_version=expected_version,
        fields=EMPLOYEE_FIELDS,
        data=data,
    )
    return result


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
    _check_open(unit, field="unit")
    if is_unit_head:
        _check_one_head(unit, None)
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
            actor=actor,
            instance=position,
            action="create",
            changes=_creation_changes(position, POSITION_FIELDS),
        )
    return position


def _check_open(unit: Unit, *, field: str, on: datetime.date | None = None) -> None:
    from django.utils import timezone

    if unit.is_closed_on(on or timezone.localdate()):
        raise ValidationError({field: UNIT_CLOSED % {"date": _day(unit.end_date)}}, code="closed")


def _check_one_head(unit: Unit, position: Position | None) -> None:
    heads = Position.objects.filter(unit=unit, is_unit_head=True)
    if position is not None:
        heads = heads.exclude(pk=position.pk)
    head = heads.first()
    if head is not None:
        raise ValidationError({"is_unit_head": HEAD_TAKEN % {"title": head.title}}, code="head")


def _check_superior(position: Position) -> None:
    """No loop of direct superiors: not itself, not one of its own subordinates (at any depth)."""
    node = position.superior
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if node.pk == position.pk:
            raise ValidationError({"superior": SUPERIOR_SELF}, code="superior_loop")
        seen.add(node.pk)
        node = node.superior


def position_update(
    *,
    actor: Actor,
    position: Position,
    expected_version: int | None = None,
    title: str,
    role: str,
    is_unit_head: bool,
    superior: Position | None,
) -> Position:
    """Rename a position, change its role, whether it heads its unit, and its direct superior."""

    def check(current: Position) -> None:
        if current.is_unit_head:
            _check_one_head(current.unit, current)
        _check_superior(current)

    result: Position = _update(
        actor=actor,
        instance=position,
        expected_version=expected_version,
        fields=POSITION_FIELDS,
        data={
            "title": title.strip(),
            "role": role,
            "is_unit_head": is_unit_head,
            "superior": superior,
        },
        check=check,
    )
    return result


def holding_create(
    *,
    actor: Actor,
    position: Position,
    employee: Employee,
    start_date: datetime.date,
    kind: str = "definitive",
    end_date: datetime.date | None = None,
) -> PositionHolding:
    """Appoint a person to a position for a period: definitive, or acting (Plt/Plh).

    Refused: an end before the start; a second definitive holder for an overlapping period; the
    same person twice in one position at once; a unit closed before the start.
    """
    if end_date is not None and end_date < start_date:
        raise ValidationError(
            {"end_date": DATES_REVERSED % {"start": _day(start_date)}}, code="dates"
        )
    _check_open(position.unit, field="position", on=start_date)
    with transaction.atomic():
        # Lock the position: two appointments saved at once cannot both pass the overlap check.
        Position.objects.select_for_update().filter(pk=position.pk).first()
        _check_overlap(position, employee, kind, start_date, end_date, exclude=None)
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
            changes={
                "employee": [None, str(employee)],
                "position": [None, str(position)],
                "kind": [None, kind],
                "start_date": [None, start_date.isoformat()],
                "end_date": [None, end_date.isoformat() if end_date else None],
            },
        )
    return holding


def _overlapping(start: datetime.date, end: datetime.date | None) -> Q:
    """Holdings whose period meets [start, end] (None: open-ended)."""
    query = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        query &= Q(start_date__lte=end)
    return query


def _check_overlap(
    position: Position,
    employee: Employee,
    kind: str,
    start: datetime.date,
    end: datetime.date | None,
    *,
    exclude: PositionHolding | None,
) -> None:
    others = PositionHolding.objects.filter(position=position).filter(_overlapping(start, end))
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    same = others.filter(employee=employee).first()
    if same is not None:
        raise ValidationError(
            {
                "employee": SAME_PERSON_OVERLAP
                % {"name": employee.display_name, "period": _period(same.start_date, same.end_date)}
            },
            code="overlap",
        )
    if kind == HoldingKind.DEFINITIVE:
        taken = others.filter(kind=HoldingKind.DEFINITIVE).select_related("employee").first()
        if taken is not None:
            raise ValidationError(
                {
                    "start_date": DEFINITIVE_OVERLAP
                    % {
                        "name": taken.employee.display_name,
                        "period": _period(taken.start_date, taken.end_date),
                    }
                },
                code="overlap",
            )


def holding_end(
    *,
    actor: Actor,
    holding: PositionHolding,
    end_date: datetime.date,
    expected_version: int | None = None,
) -> PositionHolding:
    """End a holding on a day (the last day held); access follows the same day (decision 0002)."""
    with transaction.atomic():
        current: PositionHolding = lock_fresh(holding, expected_version)
        if end_date < current.start_date:
            raise ValidationError(
                {"end_date": DATES_REVERSED % {"start": _day(current.start_date)}}, code="dates"
            )
        before = current.end_date
        current.end_date = end_date
        current.version += 1
        current.save(update_fields=["end_date", "version", "updated_at"])
        audit_record(
            actor=actor,
            instance=current,
            action="end",
            changes={"end_date": [before.isoformat() if before else None, end_date.isoformat()]},
        )
    return current


# --- the unit tree -----------------------------------------------------------------------------


def unit_update(
    *,
    actor: Actor,
    unit: Unit,
    expected_version: int | None = None,
    name: str,
    short_name: str = "",
    code: str,
    kind: str,
    order: int = 0,
) -> Unit:
    """Rename a unit (name, short name, code), change its kind or its place among its siblings."""

    def check(current: Unit) -> None:
        if Unit.objects.filter(code__iexact=current.code).exclude(pk=current.pk).exists():
            raise ValidationError({"code": CODE_TAKEN}, code="code_taken")

    result: Unit = _update(
        actor=actor,
        instance=unit,
        expected_version=expected_version,
        fields=UNIT_FIELDS,
        data={
            "name": name.strip(),
            "short_name": short_name.strip(),
            "code": code.strip(),
            "kind": kind,
            "order": order,
        },
        check=check,
    )
    return result


def unit_move(
    *, actor: Actor, unit: Unit, parent: Unit | None, expected_version: int | None = None
) -> Unit:
    """Put a unit (with everything below it) under another parent, in one transaction: the
    materialized paths of the unit and of all its descendants change together."""
    if parent is None:
        raise ValidationError({"parent": MOVE_ROOT}, code="parent")
    with transaction.atomic():
        current: Unit = lock_fresh(unit, expected_version)
        new_parent = Unit.objects.select_for_update().get(pk=parent.pk)
        if new_parent.path.startswith(current.path):
            raise ValidationError({"parent": MOVE_UNDER_ITSELF}, code="under_itself")
        _check_open(new_parent, field="parent")
        old_parent = current.parent
        old_path = current.path
        new_path = Unit.path_for(new_parent, current.pk)
        subtree = list(
            Unit.objects.select_for_update().filter(path__startswith=old_path).order_by("path")
        )
        for node in subtree:
            node.path = new_path + node.path[len(old_path) :]
        Unit.objects.bulk_update(subtree, ["path"])
        current.refresh_from_db()
        current.parent = new_parent
        current.version += 1
        current.save(update_fields=["parent", "version", "updated_at"])
        audit_record(
            actor=actor,
            instance=current,
            action="move",
            changes={"parent": [str(old_parent) if old_parent else None, str(new_parent)]},
        )
    return current


def unit_close(
    *, actor: Actor, unit: Unit, end_date: datetime.date, expected_version: int | None = None
) -> Unit:
    """Close a unit from a day on (a reorganization): refused while a unit below it is still
    open or someone still holds one of its positions after that day."""
    with transaction.atomic():
        current: Unit = lock_fresh(unit, expected_version)
        if current.end_date is not None:
            raise ValidationError({"end_date": UNIT_ALREADY_CLOSED}, code="closed")
        children = Unit.objects.filter(parent=current).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=end_date)
        )
        if children.exists():
            names = ", ".join(c.name for c in children[:3])
            raise ValidationError(
                {"end_date": CLOSE_OPEN_CHILDREN % {"units": names}}, code="open_children"
            )
        holders = (
            PositionHolding.objects.filter(position__unit=current)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=end_date))
            .select_related("employee")
        )
        if holders.exists():
            names = ", ".join(h.employee.display_name for h in holders[:3])
            raise ValidationError({"end_date": CLOSE_HOLDERS % {"holders": names}}, code="holders")
        current.end_date = end_date
        current.version += 1
        current.save(update_fields=["end_date", "version", "updated_at"])
        audit_record(
            actor=actor,
            instance=current,
            action="close",
            changes={"end_date": [None, end_date.isoformat()]},
        )
    return current


# --- the agency profile ------------------------------------------------------------------------


def agency_profile_save(
    *,
    actor: Actor,
    agency: Unit,
    expected_version: int | None = None,
    data: Mapping[str, Any],
) -> AgencyProfile:
    """Create or change an agency's profile: letterhead lines, signature city, the regent, the
    explanation threshold and the category scale option."""
    values = {name: data[name] for name in PROFILE_FIELDS if name in data}
    existing = AgencyProfile.objects.filter(agency=agency).first()
    if existing is None:
        with transaction.atomic():
            profile = AgencyProfile(agency=agency, **values)
            profile.full_clean()
            profile.save()
            audit_record(
                actor=actor,
                instance=profile,
                action="create",
                changes=_creation_changes(profile, PROFILE_FIELDS),
            )
        return profile
    result: AgencyProfile = _update(
        actor=actor,
        instance=existing,
        expected_version=expected_version,
        fields=PROFILE_FIELDS,
        data=values,
    )
    return result


def agency_profile_emblem_set(
    *, actor: Actor, profile: AgencyProfile, upload: UploadedFile | None
) -> AgencyProfile:
    """Put a new regency emblem on the profile (an upload), or take it off (None); audited with
    the stored file names, never the image."""
    before = profile.emblem.name or ""
    with transaction.atomic():
        if upload is None:
            profile.emblem = ""  # type: ignore[assignment]
        else:
            suffix = ".png" if (upload.name or "").lower().endswith(".png") else ".jpg"
            profile.emblem.save(f"{profile.agency.code}{suffix}", upload, save=False)
        profile.full_clean(exclude=["agency"])
        profile.version += 1
        profile.save(update_fields=["emblem", "version", "updated_at"])
        audit_record(
            actor=actor,
            instance=profile,
            action="change",
            changes={"emblem": [before, profile.emblem.name or ""]},
        )
    return profile
