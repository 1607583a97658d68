"""Choices of the organization app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    REGENCY = "regency", _("Regency government")
    AGENCY = "agency", _("Agency (OPD)")
    SECRETARIAT = "secretariat", _("Secretariat")
    DIVISION = "division", _("Division (Bidang)")
    SUBDIVISION = "subdivision", _("Subdivision (Sub Bagian)")
    SECTION = "section", _("Section (Seksi)")
    REGENCY_OFFICE = "regency_office", _("Regency office")


class Role(models.TextChoices):
    """What a position does in the SOP lanes; access is derived from it (docs/decisions/0002)."""

    AGENCY_HEAD = "agency_head", _("Agency head (Kepala Dinas)")
    SECRETARY = "secretary", _("Secretary (Sekretaris)")
    KASUBAG = "kasubag", _("Head of subdivision (Kasubag)")
    DIVISION_HEAD = "division_head", _("Head of division (Kepala Bidang)")
    SECTION_HEAD = "section_head", _("Head of section (Kepala Seksi)")
    PLANNING_STAFF = "planning_staff", _("Planning staff (Staf Penyusun Evaluasi Kinerja)")
    EMPLOYEE = "employee", _("Employee (Pegawai)")
    REGENCY_VIEWER = "regency_viewer", _("Regency viewer (Bagian Organisasi)")


class HoldingKind(models.TextChoices):
    DEFINITIVE = "definitive", _("Definitive")
    PLT = "plt", _("Acting (Plt)")
    PLH = "plh", _("Daily acting (Plh)")


class Sex(models.TextChoices):
    MALE = "1", _("Male")
    FEMALE = "2", _("Female")
