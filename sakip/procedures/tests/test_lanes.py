"""Roles to people: lanes resolve to the position holders of the agency on a day."""

import datetime

from sakip.organization import services as org
from sakip.organization.choices import Role
from sakip.organization.models import Position, PositionHolding

from ..lanes import resolve_lane
from .factories import lane, make_revision

DAY = datetime.date(2026, 11, 23)


def test_atasan_langsung_is_the_head_of_each_unit(organization):
    rev = make_revision(organization.agency)
    atasan = lane(rev, 1, "Atasan Langsung", Role.DIVISION_HEAD, relative=True)
    agency = organization.agency
    assert resolve_lane(atasan, agency=agency, unit=organization.ikp, on=DAY) == [
        organization["kabid.ikp"]
    ]
    assert resolve_lane(atasan, agency=agency, unit=organization.secretariat, on=DAY) == [
        organization["sekretaris"]
    ]
    assert resolve_lane(atasan, agency=agency, unit=organization.subbag_renkeu, on=DAY) == [
        organization["kasubag.renkeu"]
    ]


def test_a_unit_of_another_agency_resolves_to_nobody(organization):
    rev = make_revision(organization.agency)
    atasan = lane(rev, 1, "Atasan Langsung", Role.DIVISION_HEAD, relative=True)
    assert resolve_lane(atasan, agency=organization.agency, unit=organization.other_agency) == []


def test_role_lane_holders_in_the_agency_only(organization):
    rev = make_revision(organization.agency)
    heads = lane(rev, 1, "Kepala Bidang", Role.DIVISION_HEAD)
    kadis = lane(rev, 2, "Kepala Dinas", Role.AGENCY_HEAD)
    resolved = resolve_lane(heads, agency=organization.agency, on=DAY)
    assert set(resolved) == {organization["kabid.ikp"], organization["kabid.aptika"]}
    # kadis.lain heads another agency: not in this one's lane.
    assert resolve_lane(kadis, agency=organization.agency, on=DAY) == [organization["kadis"]]


def test_each_kasubag_lane_takes_its_own_kasubag(organization):
    rev = make_revision(organization.agency)
    planning = lane(rev, 1, "Kasubbag Perencanaan dan Keuangan", Role.KASUBAG_PLANNING)
    general = lane(rev, 2, "Kasubag Umum dan Kepegawaian", Role.KASUBAG_GENERAL)
    assert resolve_lane(planning, agency=organization.agency, on=DAY) == [
        organization["kasubag.renkeu"]
    ]
    # The fixture agency has no Kasubag Umum dan Kepegawaian.
    assert resolve_lane(general, agency=organization.agency, on=DAY) == []


def test_a_plain_kasubag_lane_takes_the_head_of_any_sub_bagian(organization):
    rev = make_revision(organization.agency)
    kasubag = lane(rev, 1, "Kasubag", Role.KASUBAG)
    assert resolve_lane(kasubag, agency=organization.agency, on=DAY) == [
        organization["kasubag.renkeu"]
    ]


def test_a_lane_with_nobody_is_empty(organization):
    rev = make_revision(organization.agency)
    kasubag = lane(rev, 1, "Kasubag Umum dan Kepegawaian", Role.KASUBAG_GENERAL)
    assert resolve_lane(kasubag, agency=organization.agency, on=DAY) == []


def test_employee_lane_falls_back_to_the_unit_head_then_takes_employees(organization):
    rev = make_revision(organization.agency)
    staff = lane(rev, 1, "Para Pegawai", Role.EMPLOYEE, relative=True)
    agency = organization.agency
    assert resolve_lane(staff, agency=agency, unit=organization.ikp, on=DAY) == [
        organization["kabid.ikp"]
    ]
    from sakip.accounts.models import User

    user = User.objects.create_user(username="pegawai.ikp", password="x")
    employee = org.employee_create(actor=None, nip="198001012005011999", name="Pegawai", user=user)
    position = org.position_create(
        actor=None, unit=organization.seksi_ikp, title="Pengelola", role=Role.EMPLOYEE
    )
    org.holding_create(
        actor=None, position=position, employee=employee, start_date=datetime.date(2024, 1, 1)
    )
    # Employees of the unit or below it.
    assert resolve_lane(staff, agency=agency, unit=organization.ikp, on=DAY) == [user]


def test_an_acting_holder_resolves_and_dates_count(organization):
    """The head of Bidang Aptika leaves; a Plt (the Kasi IKP) takes over from the next day."""
    rev = make_revision(organization.agency)
    atasan = lane(rev, 1, "Atasan Langsung", Role.DIVISION_HEAD, relative=True)
    head = Position.objects.get(unit=organization.aptika, is_unit_head=True)
    PositionHolding.objects.filter(position=head).update(end_date=datetime.date(2026, 6, 30))
    kasi = organization["kasi.ikp"]
    org.holding_create(
        actor=None,
        position=head,
        employee=kasi.employee,
        kind="plt",
        start_date=datetime.date(2026, 7, 1),
    )
    agency, aptika = organization.agency, organization.aptika
    assert resolve_lane(atasan, agency=agency, unit=aptika, on=DAY) == [kasi]
    assert resolve_lane(atasan, agency=agency, unit=aptika, on=datetime.date(2026, 6, 1)) == [
        organization["kabid.aptika"]
    ]


def test_definitive_holder_comes_before_an_acting_one(organization):
    rev = make_revision(organization.agency)
    atasan = lane(rev, 1, "Atasan Langsung", Role.DIVISION_HEAD, relative=True)
    head = Position.objects.get(unit=organization.ikp, is_unit_head=True)
    org.holding_create(
        actor=None,
        position=head,
        employee=organization["kasi.ikp"].employee,
        kind="plh",
        start_date=datetime.date(2026, 11, 1),
    )
    assert resolve_lane(atasan, agency=organization.agency, unit=organization.ikp, on=DAY) == [
        organization["kabid.ikp"],
        organization["kasi.ikp"],
    ]
