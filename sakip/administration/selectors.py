"""Reads of the administration, each scoped to what the user administers (access.py).

The administrator's sets are the models' `restrict(user, "change")` (everything). The Kasubag Umum
dan Kepegawaian reads through `restrict(user, "view")` (their agency, seen whole) narrowed to the
agency they administer; people not placed in any position yet are theirs too, so a person just
added can be given a position.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sakip.accounts.models import User
from sakip.accounts.types import Viewer
from sakip.audit.history import HistoryEntry, history_entries
from sakip.organization.choices import HoldingKind, Role, UnitKind
from sakip.organization.models import AgencyProfile, Employee, Position, PositionHolding, Unit
from sakip.organization.nip import normalize_nip

from .access import can_administer, personnel_agencies


def _agency_q(lookup: str, agencies: list[Unit]) -> Q:
    query = Q(pk__in=[])
    for agency in agencies:
        query |= Q(**{f"{lookup}__startswith": agency.path})
    return query


def units_for(user: Viewer) -> QuerySet[Unit]:
    """The units whose positions the user administers, in tree order."""
    if can_administer(user):
        return Unit.objects.restrict(user, "change").order_by("path")
    agencies = personnel_agencies(user)
    return Unit.objects.restrict(user, "view").filter(_agency_q("path", agencies)).order_by("path")


def positions_for(user: Viewer) -> QuerySet[Position]:
    if can_administer(user):
        return Position.objects.restrict(user, "change")
    agencies = personnel_agencies(user)
    return Position.objects.restrict(user, "view").filter(_agency_q("unit__path", agencies))


def holdings_for(user: Viewer) -> QuerySet[PositionHolding]:
    if can_administer(user):
        return PositionHolding.objects.restrict(user, "change")
    agencies = personnel_agencies(user)
    return PositionHolding.objects.restrict(user, "view").filter(
        _agency_q("position__unit__path", agencies)
    )


def people_for(user: Viewer) -> QuerySet[Employee]:
    """The people the user administers: everyone for the administrator; for the Kasubag Umum dan
    Kepegawaian those who hold or held a position of their agency, and those placed nowhere yet."""
    if can_administer(user):
        return Employee.objects.restrict(user, "change")
    agencies = personnel_agencies(user)
    if not agencies:
        return Employee.objects.none()
    in_agency = (
        Employee.objects.restrict(user, "view")
        .filter(_agency_q("holdings__position__unit__path", agencies))
        .values("pk")
    )
    unplaced = ~Q(pk__in=PositionHolding.objects.values("employee_id"))
    return Employee.objects.filter(Q(pk__in=in_agency) | unplaced)


def search_people(user: Viewer, query: str) -> QuerySet[Employee]:
    """People by a part of their name or NIP (typed with or without the spaces)."""
    people = people_for(user).select_related("user").order_by("name", "pk")
    query = query.strip()
    if not query:
        return people
    match = Q(name__icontains=query)
    digits = normalize_nip(query)
    if digits.isdigit():
        match |= Q(nip__contains=digits)
    return people.filter(match)


def _get(queryset: QuerySet[Any], pk: int) -> Any:
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def person_for_change(user: Viewer, pk: int) -> Employee:
    person: Employee = _get(people_for(user).select_related("user"), pk)
    return person


def unit_for_change(user: Viewer, pk: int) -> Unit:
    unit: Unit = _get(units_for(user), pk)
    return unit


def position_for_change(user: Viewer, pk: int) -> Position:
    position: Position = _get(positions_for(user).select_related("unit", "superior"), pk)
    return position


def holding_for_change(user: Viewer, pk: int) -> PositionHolding:
    holding: PositionHolding = _get(
        holdings_for(user).select_related("employee", "position__unit"), pk
    )
    return holding


def account_for_change(user: Viewer, pk: int) -> User:
    """An account the administrator manages (accounts are the administrator's only)."""
    if not can_administer(user):
        raise Http404
    account: User = _get(User.objects.restrict(user, "change"), pk)
    return account


def holding_state(holding: PositionHolding, today: Any) -> str:
    """ "current", "ended" or "future", for the status badge of a holding."""
    if holding.end_date is not None and holding.end_date < today:
        return "ended"
    return "current" if holding.start_date <= today else "future"


def open_units_for(user: Viewer) -> QuerySet[Unit]:
    """Units offered for new positions and as new parents: closed units are not."""
    today = timezone.localdate()
    return units_for(user).filter(Q(end_date__isnull=True) | Q(end_date__gt=today))


def agencies_for(user: Viewer) -> QuerySet[Unit]:
    return units_for(user).filter(kind=UnitKind.AGENCY).order_by("name")


def profile_of(agency: Unit) -> AgencyProfile | None:
    return AgencyProfile.objects.filter(agency=agency).first()


# --- history ---------------------------------------------------------------------------------

ACTION_LABELS = {
    "create": _("Dibuat"),
    "update": _("Diubah"),
    "assign": _("Diangkat"),
    "end": _("Masa jabatan diakhiri"),
    "move": _("Dipindahkan"),
    "close": _("Ditutup"),
    "account_create": _("Akun dibuat"),
    "account_deactivate": _("Akun dinonaktifkan"),
    "account_activate": _("Akun diaktifkan kembali"),
    "password_reset": _("Kata sandi diganti oleh administrator"),
    "lockout_lift": _("Kunci login dibuka"),
    "structure_import": _("Struktur diimpor dari Excel"),
}

FIELD_LABELS = {
    "nip": _("NIP"),
    "name": _("Nama"),
    "front_title": _("Gelar depan"),
    "back_title": _("Gelar belakang"),
    "rank": _("Pangkat / golongan"),
    "email": _("Surel"),
    "sex": _("Jenis kelamin"),
    "short_name": _("Nama singkat"),
    "code": _("Kode"),
    "kind": _("Jenis"),
    "order": _("Urutan"),
    "parent": _("Unit induk"),
    "end_date": _("Sampai"),
    "start_date": _("Mulai"),
    "title": _("Nama jabatan"),
    "role": _("Peran"),
    "is_unit_head": _("Kepala unit"),
    "superior": _("Atasan langsung"),
    "employee": _("Pegawai"),
    "position": _("Jabatan"),
    "username": _("Nama pengguna"),
    "is_active": _("Aktif"),
    "ip_address": _("Alamat IP"),
    "failures_since_start": _("Jumlah gagal"),
    "password": _("Kata sandi"),
    "regency_name": _("Nama pemerintah daerah"),
    "address": _("Alamat"),
    "phone": _("Telepon"),
    "website": _("Situs web"),
    "city": _("Kota tempat tanda tangan"),
    "regent_title": _("Jabatan kepala daerah"),
    "regent_name": _("Nama kepala daerah"),
    "explanation_threshold": _("Ambang capaian wajib penjelasan (%)"),
    "exceeds_target_band": _("Kategori “Melebihi target”"),
    "data_entry_days": _("Waktu pengisian data unit (hari kerja)"),
    "units": _("Unit baru"),
    "positions": _("Jabatan baru"),
    "people": _("Pegawai baru"),
    "accounts": _("Akun baru"),
}

VALUE_LABELS: dict[str, Any] = {
    **dict(HoldingKind.choices),
    **dict(Role.choices),
    **dict(UnitKind.choices),
    "1": _("Laki-laki"),
    "2": _("Perempuan"),
}


def history_of(instance: Any) -> list[HistoryEntry]:
    # Codes only mean a kind or a role in those fields; a "2" elsewhere is a number.
    def display(name: str, value: Any) -> str:
        from sakip.audit.history import plain_value

        if name in {"kind", "role", "sex"} and isinstance(value, str) and value in VALUE_LABELS:
            return str(VALUE_LABELS[value])
        return plain_value(value)

    return history_entries(
        instance, action_labels=ACTION_LABELS, field_labels=FIELD_LABELS, display=display
    )


def person_history(person: Employee) -> list[HistoryEntry]:
    """The person's record, and their account's events (created, deactivated, password reset),
    newest first."""
    entries = history_of(person)
    if person.user_id:
        entries += history_of(person.user)
    for holding in person.holdings.all():
        entries += history_of(holding)
    return sorted(entries, key=lambda e: e.at, reverse=True)
