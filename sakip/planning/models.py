"""The performance plan: Renstra → goals → strategic objectives → indicators with yearly targets,
and programs → activities → sub-activities with their budget (pagu) per year."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sakip.core.models import TimeStampedModel
from sakip.organization.models import Unit

from .choices import Aggregation, Polarity, TargetKind
from .querysets import AgencyScopedQuerySet, IndicatorQuerySet, UnitScopedQuerySet

DECIMAL = {"max_digits": 20, "decimal_places": 4}
MONEY = {"max_digits": 18, "decimal_places": 2}


class Renstra(TimeStampedModel):
    """An agency's five-year strategic plan (Rencana Strategis)."""

    agency = models.ForeignKey(
        Unit, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="renstras"
    )
    title = models.CharField(_("title"), max_length=250)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    objects = AgencyScopedQuerySet.as_manager(scope_field="agency")

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
    code = models.CharField(_("code"), max_length=20)
    statement = models.TextField(_("statement"))

    objects = AgencyScopedQuerySet.as_manager(scope_field="renstra__agency")

    class Meta:
        verbose_name = _("goal (tujuan)")
        verbose_name_plural = _("goals (tujuan)")
        ordering = ["renstra", "code"]
        constraints = [
            models.UniqueConstraint(fields=["renstra", "code"], name="planning_goal_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"


class Objective(TimeStampedModel):
    """A strategic objective (sasaran strategis) under a goal."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="objectives"
    )
    code = models.CharField(_("code"), max_length=20)
    statement = models.TextField(_("statement"))

    objects = AgencyScopedQuerySet.as_manager(scope_field="goal__renstra__agency")

    class Meta:
        verbose_name = _("strategic objective (sasaran strategis)")
        verbose_name_plural = _("strategic objectives (sasaran strategis)")
        ordering = ["goal", "code"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "code"], name="planning_objective_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement}"


class Indicator(TimeStampedModel):
    """A performance indicator of an objective, owned by a responsible unit; may cascade from a parent."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent indicator (cascading)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("indicator"), max_length=400)
    unit_of_measure = models.CharField(_("unit of measure (satuan)"), max_length=60)
    definition = models.TextField(_("definition / formula"), blank=True)
    data_source = models.CharField(_("data source"), max_length=250, blank=True)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    is_iku = models.BooleanField(_("key indicator (IKU)"), default=False)
    polarity = models.CharField(
        _("polarity"), max_length=10, choices=Polarity.choices, default=Polarity.HIGHER
    )
    target_kind = models.CharField(
        _("target kind"), max_length=10, choices=TargetKind.choices, default=TargetKind.SINGLE
    )
    aggregation = models.CharField(
        _("period aggregation"),
        max_length=15,
        choices=Aggregation.choices,
        default=Aggregation.INCREMENTAL,
    )
    baseline = models.DecimalField(
        _("baseline (before the Renstra)"), null=True, blank=True, **DECIMAL
    )
    end_target_low = models.DecimalField(
        _("end-of-period target"), null=True, blank=True, **DECIMAL
    )
    end_target_high = models.DecimalField(
        _("end-of-period target (high)"), null=True, blank=True, **DECIMAL
    )

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
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
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_range(self) -> bool:
        return self.target_kind == TargetKind.RANGE


class IndicatorTarget(TimeStampedModel):
    """The target of an indicator for one year of the Renstra: a value, or a range low–high."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    low = models.DecimalField(_("target"), **DECIMAL)
    high = models.DecimalField(_("target (high)"), null=True, blank=True, **DECIMAL)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
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
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="programs"
    )
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("objectives served"), blank=True, related_name="programs"
    )

    objects = UnitScopedQuerySet.as_manager(scope_field="responsible_unit")

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
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
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="activities",
    )

    objects = UnitScopedQuerySet.as_manager(scope_field="responsible_unit")

    class Meta:
        verbose_name = _("activity (kegiatan)")
        verbose_name_plural = _("activities (kegiatan)")
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
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="sub_activities",
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="sub_activities",
    )

    objects = UnitScopedQuerySet.as_manager(scope_field="responsible_unit")

    class Meta:
        verbose_name = _("sub-activity")
        verbose_name_plural = _("sub-activities")
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
        verbose_name=_("sub-activity"),
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    pagu = models.DecimalField(_("budget ceiling (pagu)"), **MONEY)

    class Meta:
        verbose_name = _("budget (pagu)")
        verbose_name_plural = _("budgets (pagu)")
        ordering = ["sub_activity", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["sub_activity", "year"], name="planning_budget_unique_year"
            ),
            models.CheckConstraint(condition=Q(pagu__gte=0), name="planning_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_activity.code} {self.year}"
