"""The agency letterhead (kop surat) and the place of signature, read from its AgencyProfile.

Without a profile the documents still come out: the regency and agency names are taken from the
unit tree and the contact line is left out, so a missing profile never blocks a publication.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from sakip.organization.choices import UnitKind
from sakip.organization.models import AgencyProfile, Unit


@dataclass(frozen=True)
class Letterhead:
    regency_name: str  # "PEMERINTAH KABUPATEN BALANGAN"
    agency_name: str  # "DINAS KOMUNIKASI, INFORMATIKA, STATISTIK DAN PERSANDIAN"
    address: str
    contact: str  # "Telp. … · Surel: … · Laman: …"
    city: str  # where documents are signed, e.g. "Paringin"
    regent_title: str
    regent_name: str
    has_profile: bool
    # The regency's emblem as a file on the server (AgencyProfile.emblem), "" when none: the
    # DOCX embeds it, the PDF names it by its file:// URL (the PDF fetcher reads media files).
    emblem_path: str = ""

    @property
    def emblem_uri(self) -> str:
        return Path(self.emblem_path).resolve().as_uri() if self.emblem_path else ""

    @property
    def lines(self) -> list[str]:
        """The smaller lines under the names (address, contact), only those that exist."""
        return [line for line in (self.address, self.contact) if line]


def _regency_of(agency: Unit) -> Unit | None:
    node = agency.parent
    while node is not None and node.kind != UnitKind.REGENCY:
        node = node.parent
    return node


def letterhead_for(agency: Unit) -> Letterhead:
    profile = AgencyProfile.objects.filter(agency=agency).first()
    if profile is None:
        regency = _regency_of(agency)
        return Letterhead(
            regency_name=(regency.name if regency else "").upper(),
            agency_name=agency.name.upper(),
            address="",
            contact="",
            city="",
            regent_title=_("Kepala Daerah"),
            regent_name="",
            has_profile=False,
        )
    contact = []
    if profile.phone:
        contact.append(_("Telp. %(phone)s") % {"phone": profile.phone})
    if profile.email:
        contact.append(_("Surel: %(email)s") % {"email": profile.email})
    if profile.website:
        contact.append(_("Laman: %(website)s") % {"website": profile.website})
    return Letterhead(
        regency_name=profile.regency_name.upper(),
        agency_name=agency.name.upper(),
        address=profile.address,
        contact=" · ".join(contact),
        city=profile.city,
        regent_title=profile.regent_title,
        regent_name=profile.regent_name,
        has_profile=True,
        emblem_path=_emblem_path(profile),
    )


def _emblem_path(profile: AgencyProfile) -> str:
    """The emblem's file when one is uploaded and still on disk (a lost file must not stop a
    document: it comes out without the emblem)."""
    if not profile.emblem:
        return ""
    try:
        path = Path(profile.emblem.path)
    except (NotImplementedError, ValueError):  # a storage without local paths
        return ""
    return str(path) if path.is_file() else ""
