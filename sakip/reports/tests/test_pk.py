"""PK rows built from a locked RKT: who signs with whom, and which lines each official commits to."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from sakip.audit.models import AuditEvent
from sakip.organization import services as org
from sakip.organization.models import AgencyProfile, Employee, PositionHolding
from sakip.planning.models import PerformanceAgreement
from sakip.planning.rkt.agreements import BLANK_NAME, agreements_build

from .conftest import KADIS_NIP, SIGNED_ON, build_rkt


def _by_unit(agreements):
    return {a.unit.code: a for a in agreements}


def _indicators(agreement):
    return [(line["indicator"], line["target_text"]) for line in agreement.performance_lines]


def test_one_agreement_per_official_with_the_right_parties(locked_rkt, organization):
    agreements = agreements_build(rkt=locked_rkt.rkt, on=SIGNED_ON)
    pks = _by_unit(agreements)
    assert set(pks) == {"dkis", "sekretariat", "ikp", "aptika"}

    head = pks["dkis"]
    assert head.first_party_name == "Muhammad Nor, S.Sos., M.M."
    assert head.first_party_nip == KADIS_NIP
    assert head.first_party_title == "Kepala Dinas Kominfo Uji"
    # The regent (pihak kedua of the agency head) has no NIP.
    assert head.second_party_name == "H. Abdul Hadi, S.Ag., M.I.Kom."
    assert head.second_party_title == "Bupati Uji"
    assert head.second_party_nip == ""

    for code in ("sekretariat", "ikp", "aptika"):
        assert pks[code].second_party_name == "Muhammad Nor, S.Sos., M.M."
        assert pks[code].second_party_nip == KADIS_NIP
    assert pks["ikp"].first_party_name == "Siti Rahmah, S.Kom."
    assert pks["ikp"].first_party_title == "Kepala Bidang IKP Dinas Kominfo Uji"
    assert pks["sekretariat"].first_party_title == "Sekretaris Dinas Kominfo Uji"


def test_lines_come_from_each_units_form_and_the_agency_head_gets_the_agency_level(locked_rkt):
    pks = _by_unit(agreements_build(rkt=locked_rkt.rkt, on=SIGNED_ON))

    # The form's target when typed, the Renstra target of the year when left empty (IK1.1: 120).
    assert _indicators(pks["ikp"]) == [
        ("Persentase informasi publik yang dipublikasikan", "82,5 %"),
        ("Jumlah rilis berita", "120 rilis"),
    ]
    assert _indicators(pks["aptika"]) == [("Indeks SPBE", "3,1 indeks")]
    assert _indicators(pks["sekretariat"]) == [("Nilai evaluasi SAKIP", "70 nilai")]
    # Agency level: the agency's own indicator (Renstra range) and the top-level IKU (RKT targets).
    assert _indicators(pks["dkis"]) == [
        ("Indeks kepuasan layanan publik", "80–90 indeks"),
        ("Persentase informasi publik yang dipublikasikan", "82,5 %"),
        ("Indeks SPBE", "3,1 indeks"),
    ]
    assert pks["dkis"].performance_lines[0]["objective"] == "Meningkatnya kualitas layanan SPBE"

    ikp_budget = [(b["level"], b["name"], b["budget_text"]) for b in pks["ikp"].budget_lines]
    assert ikp_budget == [
        ("program", "Program Informasi dan Komunikasi Publik", "Rp1.254.422.800"),
        ("activity", "Pengelolaan Informasi dan Komunikasi Publik", "Rp1.254.422.800"),
    ]
    # The agency head commits to every program, without the activity detail.
    assert [(b["name"], b["budget_text"]) for b in pks["dkis"].budget_lines] == [
        ("Program Penunjang Urusan Pemerintahan Daerah", "Rp75.000.000"),
        ("Program Informasi dan Komunikasi Publik", "Rp1.254.422.800"),
        ("Program Aplikasi Informatika", "Rp500.000.000,50"),
    ]


def test_rebuilding_replaces_the_rows_and_keeps_the_old_snapshot_until_then(
    locked_rkt, organization
):
    first = _by_unit(agreements_build(rkt=locked_rkt.rkt, on=SIGNED_ON))
    Employee.objects.filter(user=organization["kabid.ikp"]).update(name="Siti Aminah")
    first["ikp"].refresh_from_db()
    assert first["ikp"].first_party_name == "Siti Rahmah, S.Kom."  # a snapshot, not a link

    second = _by_unit(agreements_build(rkt=locked_rkt.rkt, on=SIGNED_ON))
    assert PerformanceAgreement.objects.filter(rkt=locked_rkt.rkt).count() == 4
    assert second["ikp"].pk == first["ikp"].pk
    assert second["ikp"].first_party_name == "Siti Aminah, S.Kom."
    assert (
        AuditEvent.objects.filter(
            object_type="planning.performanceagreement", action="regenerate"
        ).count()
        == 4
    )


def test_an_acting_holder_signs_as_plt(locked_rkt, organization):
    aptika_head = PositionHolding.objects.get(employee__user=organization["kabid.aptika"])
    aptika_head.end_date = datetime.date(2026, 6, 30)
    aptika_head.save()
    acting = Employee.objects.get(user=organization["kasi.ikp"])
    org.holding_create(
        actor=None,
        position=aptika_head.position,
        employee=acting,
        start_date=datetime.date(2026, 7, 1),
        kind="plt",
    )
    pks = _by_unit(agreements_build(rkt=locked_rkt.rkt, on=SIGNED_ON))
    assert pks["aptika"].first_party_title == "Plt. Kepala Bidang Aptika Dinas Kominfo Uji"
    assert pks["aptika"].first_party_name == acting.display_name


def test_a_vacant_position_is_refused_with_its_title(locked_rkt, organization):
    PositionHolding.objects.filter(employee__user=organization["kabid.aptika"]).delete()
    with pytest.raises(ValidationError) as caught:
        agreements_build(rkt=locked_rkt.rkt, on=SIGNED_ON)
    assert "Kepala Bidang Aptika" in str(caught.value)
    assert not PerformanceAgreement.objects.exists()


def test_without_agency_profile_the_regent_is_left_to_fill_by_hand(
    organization, plan_data, media_root
):
    rkt = build_rkt(organization, plan_data).rkt
    assert not AgencyProfile.objects.exists()
    head = _by_unit(agreements_build(rkt=rkt, on=SIGNED_ON))["dkis"]
    assert head.second_party_name == BLANK_NAME
    assert head.second_party_title == "Kepala Daerah"
