"""The organization's access rules (organization/querysets.py): read along the unit tree, changed
by administrators only; a person always sees their own employee record and positions."""

import datetime

from sakip.conftest import _person
from sakip.organization.choices import Role
from sakip.organization.models import AgencyProfile, Employee, Position, PositionHolding, Unit


def seen(model, user, action="view"):
    return set(model.objects.restrict(user, action))


def test_units_along_the_tree(organization):
    o = organization
    agency_units = {
        o.agency,
        o.secretariat,
        o.subbag_renkeu,
        o.ikp,
        o.seksi_ikp,
        o.aptika,
        o.seksi_aptika,
    }
    assert seen(Unit, o["kabid.ikp"]) == {o.ikp, o.seksi_ikp}
    assert seen(Unit, o["kasi.ikp"]) == {o.seksi_ikp}
    assert seen(Unit, o["kadis"]) == agency_units
    assert seen(Unit, o["bagor"]) == set(Unit.objects.all())
    assert seen(Unit, o["outsider"]) == set()
    assert seen(Unit, o["admin"]) == set(Unit.objects.all())


def test_only_administrators_change_the_organization(organization):
    o = organization
    for model in (Unit, Employee, Position, PositionHolding):
        assert seen(model, o["admin"], "change") == set(model.objects.all())
        for username in ("kadis", "staf.evaluasi", "kabid.ikp"):
            assert seen(model, o[username], "change") == set(), (model, username)


def test_positions_and_holders_of_the_units_in_scope(organization):
    o = organization
    assert {p.title for p in seen(Position, o["kabid.ikp"])} == {
        "Kepala Bidang IKP",
        "Kepala Seksi Publikasi",
    }
    assert {h.employee.user.username for h in seen(PositionHolding, o["kabid.ikp"])} == {
        "kabid.ikp",
        "kasi.ikp",
    }
    assert {e.user.username for e in seen(Employee, o["kabid.aptika"])} == {"kabid.aptika"}
    assert seen(Employee, o["outsider"]) == set()


def test_a_former_holder_still_sees_their_own_record_and_positions(organization):
    o = organization
    user = _person(o.users, "mantan.kabid", o.aptika, "Kepala Bidang (lama)", Role.DIVISION_HEAD)
    PositionHolding.objects.filter(employee__user=user).update(end_date=datetime.date(2024, 6, 30))
    assert seen(Unit, user) == set()
    assert {e.user for e in seen(Employee, user)} == {user}
    assert {h.employee.user for h in seen(PositionHolding, user)} == {user}


def test_an_agency_profile_is_read_by_its_people_and_the_regency(organization):
    o = organization
    AgencyProfile.objects.create(
        agency=o.agency, regency_name="PEMERINTAH KABUPATEN UJI", city="Uji", regent_title="Bupati"
    )
    for username in ("kasi.ikp", "kadis", "bagor", "admin"):
        assert len(seen(AgencyProfile, o[username])) == 1, username
    assert seen(AgencyProfile, o["kadis.lain"]) == set()
    assert seen(AgencyProfile, o["staf.evaluasi"], "change") == set()
    assert len(seen(AgencyProfile, o["admin"], "change")) == 1
