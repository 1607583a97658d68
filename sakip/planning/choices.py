"""Choices of the planning app; values match sakip.measurement's enums."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Polarity(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class TargetKind(models.TextChoices):
    SINGLE = "single", _("Single value")
    RANGE = "range", _("Range (low–high)")


class Aggregation(models.TextChoices):
    """How the quarters of an indicator add up (DOMAIN.md §3 rule 6); default incremental."""

    INCREMENTAL = "incremental", _("Incremental (sum of quarters)")
    CUMULATIVE = "cumulative", _("Cumulative (running total)")
    AVERAGE = "average", _("Average of quarters")
    LATEST = "latest", _("Latest value")
