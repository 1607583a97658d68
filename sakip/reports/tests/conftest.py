"""A locked RKT 2026 of the test agency, built directly (as SOP 1 leaves it after step 7)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from sakip.conftest import build_organization, build_plan
from sakip.organization.models import AgencyProfile, Employee, Unit
from sakip.planning import services as plan
from sakip.planning.models import (
    Indicator,
    RktActivityLine,
    RktDocument,
    RktForm,
    RktIndicatorLine,
)
from sakip.planning.rkt_models import RktFormStatus, RktStatus
from sakip.reports.services import rkt_publish

YEAR = 2026
SIGNED_ON = datetime.date(2026, 11, 25)
KADIS_NIP = "197108231993031005"
KADIS_NIP_PRINTED = "19710823 199303 1 005"


@dataclass
class LockedRkt:
    rkt: RktDocument
    agency_indicator: Indicator
    secretariat_indicator: Indicator


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def agency_profile(organization):
    return build_agency_profile(organization)


def build_agency_profile(organization) -> AgencyProfile:
    return AgencyProfile.objects.create(
        agency=organization.agency,
        regency_name="Pemerintah Kabupaten Uji",
        address="Jl. Jend. A. Yani Km. 1,5 Paringin",
        phone="(0526) 2028060",
        email="diskominfo@uji.go.id",
        website="diskominfo.uji.go.id",
        city="Paringin",
        regent_title="Bupati Uji",
        regent_name="H. Abdul Hadi, S.Ag., M.I.Kom.",
    )


def _sub(actor, activity, code, name, unit):
    return plan.sub_activity_create(
        actor=actor, activity=activity, code=code, name=name, responsible_unit=unit
    )


def build_rkt(organization, plan_data, *, status=RktStatus.LOCKED) -> LockedRkt:
    """The RKT 2026 with three accepted forms (Sekretariat, Bidang IKP, Bidang Aptika)."""
    actor = organization["staf.evaluasi"]
    o, p = organization, plan_data
    Unit.objects.filter(pk=o.agency.pk).update(short_name="Diskominfo")
    o.agency.refresh_from_db()
    Employee.objects.filter(user=o["kadis"]).update(
        nip=KADIS_NIP, name="Muhammad Nor", front_title="", back_title="S.Sos., M.M."
    )
    Employee.objects.filter(user=o["kabid.ikp"]).update(name="Siti Rahmah", back_title="S.Kom.")
    Employee.objects.filter(user=o["kabid.aptika"]).update(name="Budi Santoso", back_title="S.T.")
    agency_indicator = plan.indicator_create(
        actor=actor,
        objective=p.objective,
        code="IK0",
        name="Indeks kepuasan layanan publik",
        unit_of_measure="indeks",
        responsible_unit=o.agency,
        is_iku=True,
        target_kind="range",
        targets={YEAR: plan.TargetValue(Decimal("80"), Decimal("90"))},
    )
    secretariat_indicator = plan.indicator_create(
        actor=actor,
        objective=p.objective,
        code="IK3",
        name="Nilai evaluasi SAKIP",
        unit_of_measure="nilai",
        responsible_unit=o.secretariat,
        targets={YEAR: plan.TargetValue(Decimal("70"))},
    )
    renstra = p.renstra
    p0 = plan.program_create(
        actor=actor,
        renstra=renstra,
        code="2.16.01",
        name="Program Penunjang Urusan Pemerintahan Daerah",
        responsible_unit=o.secretariat,
    )
    k0 = plan.activity_create(
        actor=actor,
        program=p0,
        code="2.16.01.1.01",
        name="Perencanaan, Penganggaran, dan Evaluasi Kinerja",
        responsible_unit=o.secretariat,
    )
    sk0 = _sub(actor, k0, "01", "Penyusunan Dokumen Perencanaan", o.secretariat)
    p1 = plan.program_create(
        actor=actor,
        renstra=renstra,
        code="2.16.02",
        name="Program Informasi dan Komunikasi Publik",
        responsible_unit=o.ikp,
    )
    k1 = plan.activity_create(
        actor=actor,
        program=p1,
        code="2.16.02.1.01",
        name="Pengelolaan Informasi dan Komunikasi Publik",
        responsible_unit=o.ikp,
    )
    sk1 = _sub(actor, k1, "01", "Diseminasi Informasi", o.ikp)
    sk2 = _sub(actor, k1, "02", "Layanan Hubungan Media", o.ikp)
    p2 = plan.program_create(
        actor=actor,
        renstra=renstra,
        code="2.16.03",
        name="Program Aplikasi Informatika",
        responsible_unit=o.aptika,
    )
    k2 = plan.activity_create(
        actor=actor,
        program=p2,
        code="2.16.03.1.01",
        name="Pengelolaan e-Government",
        responsible_unit=o.aptika,
    )
    sk3 = _sub(actor, k2, "01", "Pengembangan Aplikasi Layanan", o.aptika)

    rkt = RktDocument.objects.create(
        agency=o.agency, year=YEAR, status=status, number="050/RKT/Diskominfo/2026"
    )
    accepted = RktFormStatus.ACCEPTED
    sec = RktForm.objects.create(document=rkt, unit=o.secretariat, status=accepted)
    ikp = RktForm.objects.create(document=rkt, unit=o.ikp, status=accepted)
    aptika = RktForm.objects.create(document=rkt, unit=o.aptika, status=accepted)
    RktIndicatorLine.objects.create(
        form=sec, indicator=secretariat_indicator, target_low=Decimal("70.0000")
    )
    RktIndicatorLine.objects.create(
        form=ikp,
        indicator=p.indicator_ikp,
        target_low=Decimal("82.5000"),
    )
    RktIndicatorLine.objects.create(form=ikp, indicator=p.indicator_seksi_ikp)  # Renstra: 120
    RktIndicatorLine.objects.create(
        form=aptika, indicator=p.indicator_aptika, target_low=Decimal("3.1000")
    )
    RktActivityLine.objects.create(form=sec, sub_activity=sk0, pagu=Decimal("75000000"))
    RktActivityLine.objects.create(form=ikp, sub_activity=sk1, pagu=Decimal("1004422800"))
    RktActivityLine.objects.create(form=ikp, sub_activity=sk2, pagu=Decimal("250000000"))
    RktActivityLine.objects.create(form=aptika, sub_activity=sk3, pagu=Decimal("500000000.50"))
    return LockedRkt(rkt, agency_indicator, secretariat_indicator)


@pytest.fixture
def locked_rkt(organization, plan_data, agency_profile, media_root) -> LockedRkt:
    return build_rkt(organization, plan_data)


def build_published() -> dict[tuple[str, str | None], int]:
    """A fresh agency's `locked_rkt`, published: the documents' keys by kind and unit code, for a
    fixture that publishes once for several tests (`rows_built_once`)."""
    organization = build_organization()
    build_agency_profile(organization)
    locked = build_rkt(organization, build_plan(organization))
    documents = rkt_publish(actor=organization["staf.evaluasi"], rkt=locked.rkt, on=SIGNED_ON)
    return {(d.kind, d.unit.code if d.unit else None): d.pk for d in documents}
