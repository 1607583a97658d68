"""The performance plan: Renstra → goals → strategic objectives → indicators with yearly targets,
and programs → activities → sub-activities with their budget (pagu) per year."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sakip.core.models import TimeStampedModel
from sakip.measurement.plausibility import ValidRange
from sakip.organization.models import Unit

from .choices import Aggregation, Polarity, TargetKind
from .querysets import (
    BudgetQuerySet,
    GoalQuerySet,
    IndicatorQuerySet,
    IndicatorTargetQuerySet,
    ObjectiveQuerySet,
    RenstraQuerySet,
    UnitScopedQuerySet,
)


class Renstra(TimeStampedModel):
    """An agency's five-year strategic plan (Rencana Strategis)."""

    agency = models.ForeignKey(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="renstras"
    )
    title = models.CharField(_("judul"), max_length=250)
    start_year = models.PositiveSmallIntegerField(_("tahun pertama"))
    end_year = models.PositiveSmallIntegerField(_("tahun terakhir"))

    objects = RenstraQuerySet.as_manager()

    class Meta:
        verbose_name = _("Renstra")
        verbose_name_plural = _("Renstra")
        ordering = ["agency", "-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year=F("start_year") + 4), name="planning_renstra_five_years"
            ),
            models.UniqueConstraint(
                fields=["agency", "start_year"], name="planning_renstra_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Renstra {self.start_year}–{self.end_year}"

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Goal(TimeStampedModel):
    """A goal (tujuan) of the Renstra."""

    renstra = models.ForeignKey(
        Renstra, verbose_name=_("Renstra"), on_delete=models.CASCADE, related_name="goals"
    )
    code = models.CharField(_("kode"), max_length=20)
    statement = models.TextField(_("uraian"))

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("tujuan")
        verbose_name_plural = _("tujuan")
        ordering = ["renstra", "code"]
        constraints = [
            models.UniqueConstraint(fields=["renstra", "code"], name="planning_goal_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"


class Objective(TimeStampedModel):
    """A strategic objective (sasaran strategis) under a goal."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("tujuan"), on_delete=models.CASCADE, related_name="objectives"
    )
    code = models.CharField(_("kode"), max_length=20)
    statement = models.TextField(_("uraian"))

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("sasaran strategis")
        verbose_name_plural = _("sasaran strategis")
        ordering = ["goal", "code"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "code"], name="planning_objective_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"


class Indicator(TimeStampedModel):
    """A performance indicator of an objective, owned by a responsible unit; may cascade from a parent."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("sasaran"), on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("indikator induk (cascading)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("indikator"), max_length=400)
    unit_of_measure = models.CharField(_("satuan"), max_length=60)
    definition = models.TextField(_("definisi / formula"), blank=True)
    data_source = models.CharField(_("sumber data"), max_length=250, blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    is_iku = models.BooleanField(_("indikator kinerja utama (IKU)"), default=False)
    polarity = models.CharField(
        _("polaritas"), max_length=10, choices=Polarity.choices, default=Polarity.HIGHER
    )
    target_kind = models.CharField(
        _("jenis target"), max_length=10, choices=TargetKind.choices, default=TargetKind.SINGLE
    )
    aggregation = models.CharField(
        _("agregasi periode"),
        max_length=15,
        choices=Aggregation.choices,
        default=Aggregation.INCREMENTAL,
    )
    baseline = models.DecimalField(
        _("kondisi awal (sebelum Renstra)"), null=True, blank=True, max_digits=20, decimal_places=4
    )
    end_target_low = models.DecimalField(
        _("target akhir periode"), null=True, blank=True, max_digits=20, decimal_places=4
    )
    end_target_high = models.DecimalField(
        _("target akhir periode (atas)"), null=True, blank=True, max_digits=20, decimal_places=4
    )
    # The national standard (e.g. an SPM or a ministry's minimum), for LKjIP analysis (4): this
    # year's realisasi measured against it like a target.
    national_standard = models.DecimalField(
        _("standar nasional"), null=True, blank=True, max_digits=20, decimal_places=4
    )
    national_standard_source = models.CharField(
        _("sumber standar nasional"), max_length=250, blank=True
    )
    # DOMAIN.md §3 rule 4: targets and realisasi outside these are typing errors, refused at entry.
    valid_min = models.DecimalField(
        _("nilai sah terkecil"), null=True, blank=True, max_digits=20, decimal_places=4
    )
    valid_max = models.DecimalField(
        _("nilai sah terbesar"), null=True, blank=True, max_digits=20, decimal_places=4
    )
    allows_negative = models.BooleanField(_("boleh bernilai negatif"), default=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["objective", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "code"], name="planning_indicator_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(polarity__in=Polarity.values), name="planning_indicator_polarity_valid"
            ),
            models.CheckConstraint(
                condition=Q(target_kind__in=TargetKind.values),
                name="planning_indicator_target_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(aggregation__in=Aggregation.values),
                name="planning_indicator_aggregation_valid",
            ),
            models.CheckConstraint(
                condition=Q(end_target_high__isnull=True)
                | Q(end_target_low__isnull=False, end_target_low__lte=F("end_target_high")),
                name="planning_indicator_end_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(valid_min__isnull=True)
                | Q(valid_max__isnull=True)
                | Q(valid_min__lte=F("valid_max")),
                name="planning_indicator_valid_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(allows_negative=True) | Q(valid_min__isnull=True) | Q(valid_min__gte=0),
                name="planning_indicator_negative_bound_allowed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_range(self) -> bool:
        return self.target_kind == TargetKind.RANGE

    @property
    def valid_range(self) -> ValidRange:
        return ValidRange(self.valid_min, self.valid_max, self.allows_negative)


class IndicatorTarget(TimeStampedModel):
    """The target of an indicator for one year of the Renstra: a value, or a range low–high."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indikator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    low = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    high = models.DecimalField(
        _("target (atas)"), null=True, blank=True, max_digits=20, decimal_places=4
    )

    objects = IndicatorTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="planning_target_unique_year"
            ),
            models.CheckConstraint(
                condition=Q(high__isnull=True) | Q(low__lte=F("high")),
                name="planning_target_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}"


class Program(TimeStampedModel):
    """A budget program of the agency, serving one or more strategic objectives."""

    renstra = models.ForeignKey(
        Renstra, verbose_name=_("Renstra"), on_delete=models.CASCADE, related_name="programs"
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=300)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="programs",
    )
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("sasaran yang didukung"), blank=True, related_name="programs"
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("program")
        ordering = ["renstra", "code"]
        constraints = [
            models.UniqueConstraint(fields=["renstra", "code"], name="planning_program_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Activity(TimeStampedModel):
    """An activity (kegiatan) of a program."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="activities"
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=300)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="activities",
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kegiatan")
        verbose_name_plural = _("kegiatan")
        ordering = ["program", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "code"], name="planning_activity_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SubActivity(TimeStampedModel):
    """A sub-activity (sub kegiatan), the level where the budget (pagu) is set."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("kegiatan"),
        on_delete=models.CASCADE,
        related_name="sub_activities",
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=300)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="sub_activities",
    )

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sub kegiatan")
        verbose_name_plural = _("sub kegiatan")
        ordering = ["activity", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "code"], name="planning_subactivity_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Budget(TimeStampedModel):
    """The budget ceiling (pagu) of a sub-activity for one year, in rupiah."""

    sub_activity = models.ForeignKey(
        SubActivity,
        verbose_name=_("sub kegiatan"),
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    pagu = models.DecimalField(_("pagu anggaran"), max_digits=18, decimal_places=2)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("pagu anggaran")
        verbose_name_plural = _("pagu anggaran")
        ordering = ["sub_activity", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_activity", "year"], name="planning_budget_unique_year"
            ),
            models.CheckConstraint(condition=Q(pagu__gte=0), name="planning_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_activity.code} {self.year}"


# The RKT and PK models live in their own module; importing them here registers them with the app.
from .action_plan_models import (  # noqa: E402,F401
    ActionPlan,
    ActionPlanJustification,
    QuarterTarget,
)
from .rkt_models import (  # noqa: E402,F401
    PerformanceAgreement,
    RktActivityLine,
    RktDocument,
    RktForm,
    RktIndicatorLine,
    SocializationMeeting,
)
