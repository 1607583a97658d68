"""Choices of the organization app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    REGENCY = "regency", _("Pemerintah Kabupaten")
    AGENCY = "agency", _("Perangkat Daerah (OPD)")
    SECRETARIAT = "secretariat", _("Sekretariat")
    DIVISION = "division", _("Bidang")
    SUBDIVISION = "subdivision", _("Sub Bagian")
    SECTION = "section", _("Seksi")
    REGENCY_OFFICE = "regency_office", _("Bagian Sekretariat Daerah")


class Role(models.TextChoices):
    """What a position does in the SOP lanes; access is derived from it (docs/decisions/0002)."""

    AGENCY_HEAD = "agency_head", _("Kepala Dinas")
    SECRETARY = "secretary", _("Sekretaris")
    KASUBAG = "kasubag", _("Kepala Sub Bagian (Kasubag)")
    # The two Kasubag the client SOPs name (DOMAIN.md §1): a lane names the role, and any agency's
    # position with that role works in it (docs/decisions/0012).
    KASUBAG_GENERAL = "kasubag_general", _("Kasubag Umum dan Kepegawaian")
    KASUBAG_PLANNING = "kasubag_planning", _("Kasubag Perencanaan dan Keuangan")
    DIVISION_HEAD = "division_head", _("Kepala Bidang")
    SECTION_HEAD = "section_head", _("Kepala Seksi")
    PLANNING_STAFF = "planning_staff", _("Staf Penyusun Evaluasi Kinerja")
    EMPLOYEE = "employee", _("Pegawai")
    REGENCY_VIEWER = "regency_viewer", _("Pengguna Kabupaten (Bagian Organisasi)")


# Every head of a Sub Bagian, whichever Sub Bagian it is: what a Kasubag may see and do is the same.
KASUBAG_ROLES = frozenset({Role.KASUBAG, Role.KASUBAG_GENERAL, Role.KASUBAG_PLANNING})


def lane_roles(role: str) -> frozenset[str]:
    """The position roles that work in a lane of `role`: the role itself; a lane of the plain
    Kasubag role takes the head of any Sub Bagian."""
    if role == Role.KASUBAG:
        return frozenset(str(r) for r in KASUBAG_ROLES)
    return frozenset({str(role)})


class HoldingKind(models.TextChoices):
    DEFINITIVE = "definitive", _("Definitif")
    PLT = "plt", _("Pelaksana Tugas (Plt)")
    PLH = "plh", _("Pelaksana Harian (Plh)")


class Sex(models.TextChoices):
    MALE = "1", _("Laki-laki")
    FEMALE = "2", _("Perempuan")
