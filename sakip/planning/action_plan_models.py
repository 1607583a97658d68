"""Rencana Aksi: the PK targets of the year broken into quarterly targets and planned actions,
entered per unit and accepted by the planning staff; the yardstick of the quarterly data
collection (SOP 2)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakip.core.models import ReviewedSubmission, ReviewStatus
from sakip.organization.models import Unit

from .querysets import ActionPlanPartQuerySet, ActionPlanQuerySet


class ActionPlanStatus(models.TextChoices):
    """The reviewed submission's states (decision 0011, the values of ReviewStatus) in the words
    of the Rencana Aksi: "diajukan", "disetujui"."""

    DRAFT = ReviewStatus.DRAFT.value, _("Draf")
    SUBMITTED = ReviewStatus.SUBMITTED.value, _("Diajukan")
    RETURNED = ReviewStatus.RETURNED.value, _("Dikembalikan")
    ACCEPTED = ReviewStatus.ACCEPTED.value, _("Disetujui")


class ActionPlan(ReviewedSubmission):
    """One unit's Rencana Aksi for one year: submitted by the unit, accepted ("disetujui") or
    returned by the planning staff."""

    agency = models.ForeignKey(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="action_plans"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionPlanStatus.choices, default=ActionPlanStatus.DRAFT
    )

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["agency", "-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="planning_actionplan_unique_unit_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionPlanStatus.values),
                name="planning_actionplan_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"Rencana Aksi {self.year} — {self.unit}"


class QuarterTarget(models.Model):
    """The target of one indicator for one quarter (TW I–IV) with the actions planned for it."""

    action_plan = models.ForeignKey(
        ActionPlan, verbose_name=_("rencana aksi"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        "planning.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        related_name="quarter_targets",
    )
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    low = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    high = models.DecimalField(
        _("target (atas)"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    actions = models.TextField(_("rencana aksi"), blank=True)

    objects = ActionPlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("target triwulan")
        verbose_name_plural = _("target triwulan")
        ordering = ["action_plan", "indicator__code", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_plan", "indicator", "quarter"], name="planning_quartertarget_unique"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="planning_quartertarget_quarter_valid",
            ),
            models.CheckConstraint(
                condition=Q(high__isnull=True) | Q(low__lte=models.F("high")),
                name="planning_quartertarget_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} TW {self.quarter}"


class ActionPlanJustification(models.Model):
    """Why an indicator's quarters do not add up to its annual target by its aggregation rule:
    a mismatch is explained, never silently accepted."""

    action_plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("rencana aksi"),
        on_delete=models.CASCADE,
        related_name="justifications",
    )
    indicator = models.ForeignKey(
        "planning.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("penjelasan"))

    objects = ActionPlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("penjelasan selisih target")
        verbose_name_plural = _("penjelasan selisih target")
        constraints = [
            models.UniqueConstraint(
                fields=["action_plan", "indicator"], name="planning_justification_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]
