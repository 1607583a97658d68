"""Named personas of one small agency, shared by every test (Healthchecks hc/test.py style).

Two bidang with a seksi each, so "another unit gets 404" can always be tested. Login names follow
UX.md: staf.evaluasi (planning staff), kasubag.renkeu, kabid.ikp, kabid.aptika, kasi.ikp, kadis,
bagor (regency viewer), outsider (no position), admin.
"""

import datetime
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

from sakip.accounts.models import User
from sakip.core import data_stamp
from sakip.organization import services as org
from sakip.organization.choices import Role, UnitKind
from sakip.organization.models import Unit
from sakip.planning import services as plan
from sakip.planning.models import Indicator, Objective, Renstra

T = TypeVar("T")
PASSWORD = "rahasia-uji-123"
START = datetime.date(2024, 1, 1)


@dataclass
class Org:
    regency: Unit
    agency: Unit
    secretariat: Unit
    subbag_renkeu: Unit
    ikp: Unit
    seksi_ikp: Unit
    aptika: Unit
    seksi_aptika: Unit
    other_agency: Unit
    users: dict[str, User]

    def __getitem__(self, username: str) -> User:
        return self.users[username]


@dataclass
class Plan:
    renstra: Renstra
    objective: Objective
    indicator_ikp: Indicator
    indicator_aptika: Indicator
    indicator_seksi_ikp: Indicator


_nip_seq = itertools.count(1)


def _nip(sex: str = "1") -> str:
    # Each test's database is rolled back, so sequence numbers only need to be unique within a test.
    return f"19800101200501{sex}{next(_nip_seq) % 999 + 1:03d}"


def _person(o: dict, username: str, unit: Unit, title: str, role: str, head: bool = False) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    employee = org.employee_create(
        actor=None, nip=_nip(), name=username.replace(".", " ").title(), user=user
    )
    position = org.position_create(actor=None, unit=unit, title=title, role=role, is_unit_head=head)
    org.holding_create(actor=None, position=position, employee=employee, start_date=START)
    o[username] = user
    return user


@pytest.fixture(autouse=True)
def _no_request_tokens():
    """Each test starts outside a request: the data stamps' tokens an earlier test's request read
    (one that raised never finished) are not used again (core/data_stamp.py)."""
    data_stamp.request_finished()
    yield
    data_stamp.request_finished()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached figures are keyed by data versions and primary
    keys, which the tests' databases reuse, so an entry of an earlier test must never be read."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _indonesian_by_default():
    """Each test starts in Indonesian: a request in English must not leak into the next test."""
    with translation.override("id"):
        yield


@contextmanager
def rows_built_once(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """Rows built once for the tests of a class: pytest's form of Django's
    `TestCase.setUpTestData`, for worlds that take seconds to build (documents rendered, the demo).

    `build()` writes inside a transaction that stays open while the tests run; each test's own
    `db` transaction nests in it as a savepoint, so what a test writes is rolled back after it as
    usual and the next test sees the rows as `build()` left them. The transaction is rolled back
    after the last test. Use it only in a class-scoped fixture of tests that all use `db`: any
    test running while it is open sees the rows. Objects returned by `build()` are shared, so
    hand each test fresh copies (read again from the database) rather than the objects.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # like TestCase's class atomic
        atomic.__enter__()
        try:
            with translation.override("id"):
                built = build()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_organization() -> Org:
    """The agency of `organization`, for fixtures that build it outside a test (`rows_built_once`)."""
    unit = org.unit_create
    regency = unit(
        actor=None, parent=None, kind=UnitKind.REGENCY, name="Pemerintah Kabupaten Uji", code="kab"
    )
    agency = unit(
        actor=None, parent=regency, kind=UnitKind.AGENCY, name="Dinas Kominfo Uji", code="dkis"
    )
    sec = unit(
        actor=None, parent=agency, kind=UnitKind.SECRETARIAT, name="Sekretariat", code="sekretariat"
    )
    renkeu = unit(
        actor=None,
        parent=sec,
        kind=UnitKind.SUBDIVISION,
        name="Sub Bagian Perencanaan dan Keuangan",
        code="renkeu",
    )
    ikp = unit(actor=None, parent=agency, kind=UnitKind.DIVISION, name="Bidang IKP", code="ikp")
    seksi_ikp = unit(
        actor=None, parent=ikp, kind=UnitKind.SECTION, name="Seksi Publikasi", code="seksi-ikp"
    )
    aptika = unit(
        actor=None, parent=agency, kind=UnitKind.DIVISION, name="Bidang Aptika", code="aptika"
    )
    seksi_aptika = unit(
        actor=None,
        parent=aptika,
        kind=UnitKind.SECTION,
        name="Seksi Infrastruktur",
        code="seksi-aptika",
    )
    other = unit(
        actor=None, parent=regency, kind=UnitKind.AGENCY, name="Dinas Lain", code="dinas-lain"
    )
    users: dict[str, User] = {}
    _person(users, "kadis", agency, "Kepala Dinas", Role.AGENCY_HEAD, head=True)
    _person(users, "sekretaris", sec, "Sekretaris", Role.SECRETARY, head=True)
    _person(
        users,
        "kasubag.renkeu",
        renkeu,
        "Kasubbag Perencanaan dan Keuangan",
        Role.KASUBAG_PLANNING,
        head=True,
    )
    _person(users, "staf.evaluasi", renkeu, "Staf Penyusun Evaluasi Kinerja", Role.PLANNING_STAFF)
    _person(users, "kabid.ikp", ikp, "Kepala Bidang IKP", Role.DIVISION_HEAD, head=True)
    _person(users, "kasi.ikp", seksi_ikp, "Kepala Seksi Publikasi", Role.SECTION_HEAD, head=True)
    _person(users, "kabid.aptika", aptika, "Kepala Bidang Aptika", Role.DIVISION_HEAD, head=True)
    _person(users, "bagor", regency, "Analis Bagian Organisasi", Role.REGENCY_VIEWER)
    _person(users, "kadis.lain", other, "Kepala Dinas Lain", Role.AGENCY_HEAD, head=True)
    users["outsider"] = User.objects.create_user(username="outsider", password=PASSWORD)
    users["admin"] = User.objects.create_superuser(username="admin", password=PASSWORD)
    return Org(regency, agency, sec, renkeu, ikp, seksi_ikp, aptika, seksi_aptika, other, users)


@pytest.fixture
def organization(db) -> Org:
    return build_organization()


@pytest.fixture
def plan_data(organization: Org) -> Plan:
    return build_plan(organization)


def build_plan(organization: Org) -> Plan:
    """The Renstra of `plan_data`."""
    actor = organization["staf.evaluasi"]
    renstra = plan.renstra_create(
        actor=actor, agency=organization.agency, start_year=2025, title="Renstra 2025–2029"
    )
    goal = plan.goal_create(
        actor=actor, renstra=renstra, code="T1", statement="Meningkatnya tata kelola SPBE"
    )
    objective = plan.objective_create(
        actor=actor, goal=goal, code="S1", statement="Meningkatnya kualitas layanan SPBE"
    )
    target = plan.TargetValue
    ikp = plan.indicator_create(
        actor=actor,
        objective=objective,
        code="IK1",
        name="Persentase informasi publik yang dipublikasikan",
        unit_of_measure="%",
        responsible_unit=organization.ikp,
        is_iku=True,
        targets={2025: target(Decimal("80")), 2026: target(Decimal("85"))},
    )
    aptika = plan.indicator_create(
        actor=actor,
        objective=objective,
        code="IK2",
        name="Indeks SPBE",
        unit_of_measure="indeks",
        responsible_unit=organization.aptika,
        is_iku=True,
        targets={2026: target(Decimal("3.1"))},
    )
    seksi = plan.indicator_create(
        actor=actor,
        objective=objective,
        code="IK1.1",
        name="Jumlah rilis berita",
        unit_of_measure="rilis",
        responsible_unit=organization.seksi_ikp,
        parent=ikp,
        targets={2026: target(Decimal("120"))},
    )
    return Plan(renstra, objective, ikp, aptika, seksi)


# --- a second agency -------------------------------------------------------------------------


@dataclass
class SecondAgency:
    """Dinas Kesehatan: its own Sekretariat with two Sub Bagian, two bidang with a seksi each, and
    someone in every position. Logins start with "dinkes."; nothing of the first agency's."""

    agency: Unit
    secretariat: Unit
    subbag_umpeg: Unit
    subbag_renkeu: Unit
    yankes: Unit
    seksi_yankes: Unit
    p2p: Unit
    seksi_p2p: Unit
    users: dict[str, User]

    def __getitem__(self, username: str) -> User:
        return self.users[username]


def build_second_agency(
    regency: Unit, *, kasubag_umum: bool = True, kasubag_renkeu: bool = True
) -> SecondAgency:
    """Built with the organization services, as an administrator would. Without `kasubag_umum`
    (or `kasubag_renkeu`) the Sub Bagian exists but has no Kasubag position at all."""

    def unit(parent: Unit, kind: str, name: str, code: str) -> Unit:
        return org.unit_create(actor=None, parent=parent, kind=kind, name=name, code=code)

    agency = unit(regency, UnitKind.AGENCY, "Dinas Kesehatan", "dinkes")
    sec = unit(agency, UnitKind.SECRETARIAT, "Sekretariat Dinas Kesehatan", "dinkes-sekretariat")
    umpeg = unit(sec, UnitKind.SUBDIVISION, "Sub Bagian Umum dan Kepegawaian", "dinkes-umpeg")
    renkeu = unit(sec, UnitKind.SUBDIVISION, "Sub Bagian Program dan Keuangan", "dinkes-program")
    yankes = unit(agency, UnitKind.DIVISION, "Bidang Pelayanan Kesehatan", "dinkes-yankes")
    seksi_yankes = unit(yankes, UnitKind.SECTION, "Seksi Pelayanan Rujukan", "dinkes-rujukan")
    p2p = unit(agency, UnitKind.DIVISION, "Bidang Pencegahan Penyakit", "dinkes-p2p")
    seksi_p2p = unit(p2p, UnitKind.SECTION, "Seksi Surveilans", "dinkes-surveilans")
    users: dict[str, User] = {}
    _person(users, "dinkes.kadis", agency, "Kepala Dinas Kesehatan", Role.AGENCY_HEAD, head=True)
    _person(users, "dinkes.sekretaris", sec, "Sekretaris", Role.SECRETARY, head=True)
    if kasubag_umum:
        _person(
            users,
            "dinkes.kasubag.umum",
            umpeg,
            "Kepala Sub Bagian Umum dan Kepegawaian",
            Role.KASUBAG_GENERAL,
            head=True,
        )
    _person(users, "dinkes.pegawai.umpeg", umpeg, "Pengadministrasi Umum", Role.EMPLOYEE)
    if kasubag_renkeu:
        _person(
            users,
            "dinkes.kasubag.program",
            renkeu,
            "Kepala Sub Bagian Program dan Keuangan",
            Role.KASUBAG_PLANNING,
            head=True,
        )
    _person(users, "dinkes.staf.evaluasi", renkeu, "Analis Perencanaan", Role.PLANNING_STAFF)
    _person(users, "dinkes.kabid.yankes", yankes, "Kepala Bidang Yankes", Role.DIVISION_HEAD, True)
    _person(users, "dinkes.kasi.rujukan", seksi_yankes, "Kepala Seksi", Role.SECTION_HEAD, True)
    _person(users, "dinkes.pegawai.yankes", seksi_yankes, "Pengelola Rujukan", Role.EMPLOYEE)
    _person(users, "dinkes.kabid.p2p", p2p, "Kepala Bidang P2P", Role.DIVISION_HEAD, head=True)
    _person(users, "dinkes.kasi.surveilans", seksi_p2p, "Kepala Seksi", Role.SECTION_HEAD, True)
    _person(users, "dinkes.pegawai.p2p", seksi_p2p, "Epidemiolog Kesehatan", Role.EMPLOYEE)
    return SecondAgency(agency, sec, umpeg, renkeu, yankes, seksi_yankes, p2p, seksi_p2p, users)


@pytest.fixture
def second_agency(organization: Org) -> SecondAgency:
    """Dinas Kesehatan beside the first agency, in the same regency."""
    return build_second_agency(organization.regency)
