"""The letterhead and signing details of the demo agency (fictional address and regent)."""

from __future__ import annotations

from sakip.accounts.types import Actor
from sakip.audit.services import audit_record
from sakip.organization.models import AgencyProfile, Unit


def load_profile(*, actor: Actor, agency: Unit) -> AgencyProfile:
    profile = AgencyProfile.objects.create(
        agency=agency,
        regency_name="PEMERINTAH KABUPATEN BALANGAN",
        address="Jalan A. Yani Km. 4,5 Paringin Selatan, Kabupaten Balangan, Kalimantan Selatan 71618",
        phone="(0526) 2028000",
        email="diskominfo@balangankab.go.id",
        website="diskominfo.balangankab.go.id",
        city="Paringin",
        regent_title="Bupati Balangan",
        regent_name="H. Ahmad Fauzi Rahman, S.E., M.M.",
    )
    audit_record(actor=actor, instance=profile, action="create")
    return profile
