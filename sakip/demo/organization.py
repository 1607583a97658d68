"""The demo unit tree and its people, created through sakip.organization.services.

Structure of a merged Diskominfo (Dinas Komunikasi, Informatika, Statistik dan Persandian): a
Sekretariat with two Sub Bagian and four Bidang with two Seksi each, as in the client's SOPs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sakip.accounts.models import User
from sakip.accounts.types import Actor
from sakip.organization import services as org
from sakip.organization.choices import UnitKind
from sakip.organization.models import Position, Unit

from .people import PEOPLE, Person

REGENCY_CODE = "kab-balangan"
AGENCY_CODE = "diskominfo"


@dataclass(frozen=True)
class UnitRow:
    code: str
    parent: str | None
    kind: str
    name: str
    short_name: str = ""


# Parents before children. Codes are unique across the regency, hence the agency prefix.
UNITS: tuple[UnitRow, ...] = (
    UnitRow(REGENCY_CODE, None, UnitKind.REGENCY, "Pemerintah Kabupaten Balangan", "Balangan"),
    UnitRow(
        AGENCY_CODE,
        REGENCY_CODE,
        UnitKind.AGENCY,
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "Diskominfo",
    ),
    UnitRow(
        "diskominfo-sekretariat", AGENCY_CODE, UnitKind.SECRETARIAT, "Sekretariat", "Sekretariat"
    ),
    UnitRow(
        "diskominfo-umpeg",
        "diskominfo-sekretariat",
        UnitKind.SUBDIVISION,
        "Sub Bagian Umum dan Kepegawaian",
        "Subbag Umpeg",
    ),
    UnitRow(
        "diskominfo-renkeu",
        "diskominfo-sekretariat",
        UnitKind.SUBDIVISION,
        "Sub Bagian Perencanaan dan Keuangan",
        "Subbag Renkeu",
    ),
    UnitRow(
        "diskominfo-ikp",
        AGENCY_CODE,
        UnitKind.DIVISION,
        "Bidang Informasi dan Komunikasi Publik",
        "IKP",
    ),
    UnitRow(
        "diskominfo-infopublik",
        "diskominfo-ikp",
        UnitKind.SECTION,
        "Seksi Pengelolaan Informasi Publik",
        "Informasi Publik",
    ),
    UnitRow(
        "diskominfo-komunikasi",
        "diskominfo-ikp",
        UnitKind.SECTION,
        "Seksi Layanan Komunikasi Publik",
        "Komunikasi Publik",
    ),
    UnitRow(
        "diskominfo-aptika", AGENCY_CODE, UnitKind.DIVISION, "Bidang Aplikasi Informatika", "Aptika"
    ),
    UnitRow(
        "diskominfo-infrastruktur",
        "diskominfo-aptika",
        UnitKind.SECTION,
        "Seksi Infrastruktur TIK",
        "Infrastruktur TIK",
    ),
    UnitRow(
        "diskominfo-aplikasi",
        "diskominfo-aptika",
        UnitKind.SECTION,
        "Seksi Pengembangan Aplikasi",
        "Pengembangan Aplikasi",
    ),
    UnitRow(
        "diskominfo-statistik", AGENCY_CODE, UnitKind.DIVISION, "Bidang Statistik", "Statistik"
    ),
    UnitRow(
        "diskominfo-sektoral",
        "diskominfo-statistik",
        UnitKind.SECTION,
        "Seksi Statistik Sektoral",
        "Statistik Sektoral",
    ),
    UnitRow(
        "diskominfo-data",
        "diskominfo-statistik",
        UnitKind.SECTION,
        "Seksi Pengelolaan Data",
        "Pengelolaan Data",
    ),
    UnitRow(
        "diskominfo-persandian",
        AGENCY_CODE,
        UnitKind.DIVISION,
        "Bidang Persandian",
        "Persandian",
    ),
    UnitRow(
        "diskominfo-sandi",
        "diskominfo-persandian",
        UnitKind.SECTION,
        "Seksi Persandian",
        "Persandian",
    ),
    UnitRow(
        "diskominfo-keamanan",
        "diskominfo-persandian",
        UnitKind.SECTION,
        "Seksi Keamanan Informasi",
        "Keamanan Informasi",
    ),
    # The regency's own office that reviews the agencies' performance (Bagian Organisasi, Setda).
    UnitRow(
        "setda-bagor",
        REGENCY_CODE,
        UnitKind.REGENCY_OFFICE,
        "Bagian Organisasi Sekretariat Daerah",
        "Bagian Organisasi",
    ),
)


def _depth(row: UnitRow) -> int:
    by_code = {r.code: r for r in UNITS}
    depth = 0
    while row.parent is not None:
        row = by_code[row.parent]
        depth += 1
    return depth


def load_units(*, actor: Actor) -> dict[str, Unit]:
    """Create the unit tree level by level (siblings get neighbouring ids); units by code."""
    units: dict[str, Unit] = {}
    order_in_parent: dict[str | None, int] = {}
    for row in sorted(UNITS, key=_depth):
        order = order_in_parent.get(row.parent, 0) + 1
        order_in_parent[row.parent] = order
        units[row.code] = org.unit_create(
            actor=actor,
            parent=units[row.parent] if row.parent else None,
            kind=row.kind,
            name=row.name,
            code=row.code,
            short_name=row.short_name,
            order=order,
        )
    return units


def _user_for(person: Person, password_hash: str) -> User | None:
    if person.username is None:
        return None
    # One hash for every demo account: the password is the same and public (shown in demo mode),
    # and hashing it once keeps the load fast with a production-strength hasher.
    return User.objects.create(
        username=person.username,
        password=password_hash,
        full_name=person.display_name,
        email=person.email_address,
    )


def load_people(*, actor: Actor, units: dict[str, Unit], password_hash: str) -> dict[str, User]:
    """Create the employees, their positions and holdings, and the login accounts.

    A position is identified by (unit, title): a retired holder and their acting successor share it.
    """
    users: dict[str, User] = {}
    positions: dict[tuple[str, str], Position] = {}
    for person in PEOPLE:
        user = _user_for(person, password_hash)
        employee = org.employee_create(
            actor=actor,
            nip=person.nip,
            name=person.name,
            front_title=person.front_title,
            back_title=person.back_title,
            rank=person.rank,
            user=user,
            email=person.email_address,
        )
        key = (person.unit, person.title)
        position = positions.get(key)
        if position is None:
            position = positions[key] = org.position_create(
                actor=actor,
                unit=units[person.unit],
                title=person.title,
                role=person.role,
                is_unit_head=person.is_unit_head,
            )
        org.holding_create(
            actor=actor,
            position=position,
            employee=employee,
            start_date=person.start,
            kind=person.kind,
            end_date=person.end,
        )
        if user is not None:
            users[user.username] = user
    return users
