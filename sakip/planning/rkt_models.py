"""RKT (annual performance plan) per unit, compiled per agency; and the PK (performance agreement).

SOP 1 "Pelaksanaan Pengukuran Kinerja": each unit fills its form (step 4), submits it (5), the staff
compiles (6) and the Kasubag corrects and accepts or returns each form (7).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakip.core.models import ReviewedSubmission, ReviewStatus, TimeStampedModel
from sakip.organization.models import Position, Unit

from .querysets import (
    PerformanceAgreementQuerySet,
    RktDocumentQuerySet,
    RktFormQuerySet,
    RktLineQuerySet,
    SocializationMeetingQuerySet,
)


class RktStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    LOCKED = "locked", _("Dikunci")


# The form's lifecycle is the reviewed submission's (decision 0011).
RktFormStatus = ReviewStatus


class RktDocument(TimeStampedModel):
    """The agency's compiled RKT of one year, produced by one run of SOP 1."""

    agency = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="rkt_documents",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    run = models.OneToOneField(
        "procedures.ProcedureRun",
        verbose_name=_("pelaksanaan SOP"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rkt",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RktStatus.choices, default=RktStatus.DRAFT
    )
    number = models.CharField(_("nomor dokumen"), max_length=100, blank=True)
    locked_at = models.DateTimeField(_("dikunci pada"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikunci oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RktDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("RKT")
        verbose_name_plural = _("RKT")
        ordering = ["agency", "-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RktStatus.values), name="planning_rkt_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"RKT {self.year}"


class RktForm(ReviewedSubmission):
    """One unit's RKT form (bidang or sekretariat), pre-filled from the Renstra: filled and
    submitted by the unit (SOP 1 steps 4-5), accepted or returned by the Kasubag (step 7)."""

    document = models.ForeignKey(
        RktDocument, verbose_name=_("RKT"), on_delete=models.CASCADE, related_name="forms"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="rkt_forms"
    )
    acknowledged_at = models.DateTimeField(_("sosialisasi diterima pada"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sosialisasi diterima oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RktFormQuerySet.as_manager()

    class Meta:
        verbose_name = _("formulir RKT")
        verbose_name_plural = _("formulir RKT")
        ordering = ["document", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "unit"], name="planning_rktform_unique_unit"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RktFormStatus.values), name="planning_rktform_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"RKT {self.document.year} — {self.unit}"


class RktIndicatorLine(models.Model):
    """An indicator of the unit with this year's target, as the unit plans it."""

    form = models.ForeignKey(
        RktForm,
        verbose_name=_("formulir"),
        on_delete=models.CASCADE,
        related_name="indicator_lines",
    )
    indicator = models.ForeignKey(
        "planning.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        related_name="rkt_lines",
    )
    target_low = models.DecimalField(
        _("target"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    target_high = models.DecimalField(
        _("target (atas)"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    note = models.TextField(_("keterangan unit"), blank=True)
    review_note = models.TextField(_("catatan koreksi"), blank=True)

    objects = RktLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("baris indikator RKT")
        verbose_name_plural = _("baris indikator RKT")
        ordering = [
            "form",
            "indicator__objective__goal__code",
            "indicator__objective__code",
            "indicator__code",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "indicator"], name="planning_rktline_unique_indicator"
            ),
            models.CheckConstraint(
                condition=Q(target_high__isnull=True) | Q(target_low__lte=models.F("target_high")),
                name="planning_rktline_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class RktActivityLine(models.Model):
    """A sub-activity of the unit with this year's budget, as the unit plans it."""

    form = models.ForeignKey(
        RktForm, verbose_name=_("formulir"), on_delete=models.CASCADE, related_name="activity_lines"
    )
    sub_activity = models.ForeignKey(
        "planning.SubActivity",
        verbose_name=_("sub kegiatan"),
        on_delete=models.PROTECT,
        related_name="rkt_lines",
    )
    pagu = models.DecimalField(
        _("pagu anggaran"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    note = models.TextField(_("keterangan unit"), blank=True)
    review_note = models.TextField(_("catatan koreksi"), blank=True)

    objects = RktLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("baris kegiatan RKT")
        verbose_name_plural = _("baris kegiatan RKT")
        ordering = ["form", "sub_activity__activity__program__code", "sub_activity__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "sub_activity"], name="planning_rktactivity_unique"
            ),
            models.CheckConstraint(
                condition=Q(pagu__gte=0), name="planning_rktactivity_pagu_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return str(self.sub_activity)


class SocializationMeeting(TimeStampedModel):
    """SOP 1 step 3: the meeting that explains how to fill the RKT form."""

    run = models.OneToOneField(
        "procedures.ProcedureRun",
        verbose_name=_("pelaksanaan SOP"),
        on_delete=models.CASCADE,
        related_name="socialization",
    )
    held_at = models.DateTimeField(_("waktu rapat"))
    place = models.CharField(_("tempat"), max_length=250)
    material = models.TextField(_("materi"))
    notes = models.TextField(_("catatan"), blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("peserta"), related_name="+"
    )

    objects = SocializationMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapat sosialisasi")
        verbose_name_plural = _("rapat sosialisasi")

    def __str__(self) -> str:
        return f"{self.place} {self.held_at:%Y-%m-%d}"


class PerformanceAgreement(TimeStampedModel):
    """A PK (Perjanjian Kinerja): an official (pihak pertama) commits to targets before the superior
    (pihak kedua). Names and NIPs are snapshots: the signed page must not change with later
    appointments."""

    rkt = models.ForeignKey(
        RktDocument, verbose_name=_("RKT"), on_delete=models.CASCADE, related_name="agreements"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan pihak pertama"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    first_party_name = models.CharField(_("nama pihak pertama"), max_length=200)
    first_party_nip = models.CharField(_("NIP pihak pertama"), max_length=18, blank=True)
    first_party_title = models.CharField(_("jabatan pihak pertama"), max_length=250)
    second_party_name = models.CharField(_("nama pihak kedua"), max_length=200)
    second_party_nip = models.CharField(_("NIP pihak kedua"), max_length=18, blank=True)
    second_party_title = models.CharField(_("jabatan pihak kedua"), max_length=250)
    # Lines as signed: [{"objective", "indicator", "target", "unit_of_measure"}, …] and
    # [{"program", "activity", "budget"}, …].
    performance_lines = models.JSONField(_("sasaran dan target"), default=list)
    budget_lines = models.JSONField(_("program dan anggaran"), default=list)

    objects = PerformanceAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["rkt", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["rkt", "position"], name="planning_pk_unique_position")
        ]

    def __str__(self) -> str:
        return f"PK {self.rkt.year} — {self.first_party_title}"
