"""The unit tree, positions (jabatan), employees and who holds which position when."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakip.core.filetypes import validate_png_or_jpeg
from sakip.core.models import TimeStampedModel

from .choices import HoldingKind, Role, Sex, UnitKind
from .nip import format_nip, validate_nip
from .querysets import (
    AgencyProfileQuerySet,
    EmployeeQuerySet,
    PositionHoldingQuerySet,
    PositionQuerySet,
    UnitQuerySet,
)


class Unit(TimeStampedModel):
    """A node of the organization: regency → agency (OPD) → Sekretariat/Bidang → Sub Bagian/Seksi."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    order = models.PositiveIntegerField(_("urutan"), default=0)
    # Materialized path of ancestor ids ("/1/4/9/"): "this unit and everything below it" is one
    # indexed prefix query, which access scoping asks on every request.
    path = models.CharField(_("jalur"), max_length=255, db_index=True, editable=False)
    # A unit dissolved or merged in a reorganization is closed, not deleted: its plans, documents
    # and history stay, and it is no longer offered for new positions.
    end_date = models.DateField(_("ditutup sejak"), null=True, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ["path", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=UnitKind.values), name="organization_unit_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def path_for(parent: "Unit | None", pk: int) -> str:
        """Zero-padded ids, so that ordering by path is tree order (/…/9/ before /…/10/)."""
        return f"{parent.path if parent else '/'}{pk:08d}/"

    def is_closed_on(self, day: datetime.date) -> bool:
        return self.end_date is not None and self.end_date <= day

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def agency(self) -> "Unit | None":
        """The agency (OPD) this unit belongs to, itself if it is one."""
        node: Unit | None = self
        while node is not None and node.kind != UnitKind.AGENCY:
            node = node.parent
        return node


class Employee(TimeStampedModel):
    """A civil servant (ASN) of the regency, identified by NIP."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    name = models.CharField(_("nama"), max_length=150)
    front_title = models.CharField(_("gelar depan"), max_length=30, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    rank = models.CharField(
        _("pangkat / golongan"), max_length=80, blank=True, help_text=_("mis. Pembina (IV/a)")
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    email = models.EmailField(_("surel"), blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name as written on official documents: "Dr. Ahmad Fauzi, S.Kom., M.T."."""
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def nip_display(self) -> str:
        return format_nip(self.nip)


class Position(TimeStampedModel):
    """A post (jabatan) in a unit; its role decides the SOP lanes and what its holder may do."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("nama jabatan"), max_length=200)
    role = models.CharField(_("peran"), max_length=30, choices=Role.choices)
    is_unit_head = models.BooleanField(_("kepala unit"), default=False)
    superior = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["unit__path", "-is_unit_head", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="organization_position_role_valid"
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(is_unit_head=True),
                name="organization_one_head_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PositionHolding(TimeStampedModel):
    """An employee holding a position for a period: definitive, or acting (Plt/Plh)."""

    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="holdings"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="holdings"
    )
    kind = models.CharField(
        _("jenis"), max_length=20, choices=HoldingKind.choices, default=HoldingKind.DEFINITIVE
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"), null=True, blank=True)

    objects = PositionHoldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("pemangku jabatan")
        verbose_name_plural = _("pemangku jabatan")
        ordering = ["position", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=HoldingKind.values), name="organization_holding_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="organization_holding_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        prefix = {HoldingKind.PLT.value: "Plt. ", HoldingKind.PLH.value: "Plh. "}.get(
            str(self.kind), ""
        )
        return f"{prefix}{self.position} — {self.employee}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


# DOMAIN.md §1, decision on SOP 2 step 1: the units' data is due 5 working days after the request.
DEFAULT_DATA_ENTRY_DAYS = 5


class AgencyProfile(TimeStampedModel):
    """What official documents print about an agency: letterhead, city, and its superior (the regent)."""

    agency = models.OneToOneField(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.CASCADE, related_name="profile"
    )
    regency_name = models.CharField(
        _("nama pemerintah daerah"),
        max_length=200,
        help_text=_("mis. PEMERINTAH KABUPATEN BALANGAN"),
    )
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=60, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    website = models.CharField(_("situs web"), max_length=120, blank=True)
    city = models.CharField(
        _("kota tempat tanda tangan"), max_length=80, help_text=_("mis. Paringin")
    )
    regent_title = models.CharField(
        _("jabatan kepala daerah"), max_length=120, help_text=_("mis. Bupati Balangan")
    )
    regent_name = models.CharField(_("nama kepala daerah"), max_length=200)
    # The regency's emblem on the kop surat and the LKjIP cover; documents lay out without it.
    emblem = models.FileField(
        _("lambang daerah"),
        upload_to="emblems/",
        blank=True,
        validators=[validate_png_or_jpeg],
        help_text=_("Gambar PNG atau JPEG, dicetak pada kop surat dan sampul laporan."),
    )
    # A realisasi whose capaian falls below this must carry its kendala and solusi (SOP 2).
    explanation_threshold = models.DecimalField(
        _("ambang capaian wajib penjelasan (%)"), max_digits=6, decimal_places=2, default=100
    )
    # Show "Melebihi target" (> 100) as its own category band (DOMAIN.md §3 rule 7).
    exceeds_target_band = models.BooleanField(_("kategori “Melebihi target”"), default=False)
    # How long the units have to enter and send their quarterly data (SOP 2): the default due
    # date of the data request, in working days of the agency's calendar (DOMAIN.md §1).
    data_entry_days = models.PositiveSmallIntegerField(
        _("waktu pengisian data unit (hari kerja)"),
        default=DEFAULT_DATA_ENTRY_DAYS,
        help_text=_(
            "Batas pengiriman data yang diusulkan saat triwulan dibuka, dihitung dalam hari kerja."
        ),
    )

    objects = AgencyProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil perangkat daerah")
        verbose_name_plural = _("profil perangkat daerah")
        constraints = [
            models.CheckConstraint(
                condition=Q(data_entry_days__gte=1, data_entry_days__lte=60),
                name="organization_profile_data_entry_days_valid",
            )
        ]

    def __str__(self) -> str:
        return str(self.agency)
