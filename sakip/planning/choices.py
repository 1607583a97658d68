"""Choices of the planning app; values match sakip.measurement's enums."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Polarity(models.TextChoices):
    HIGHER = "higher", _("Semakin tinggi semakin baik")
    LOWER = "lower", _("Semakin rendah semakin baik")


class TargetKind(models.TextChoices):
    SINGLE = "single", _("Nilai tunggal")
    RANGE = "range", _("Rentang (bawah–atas)")


class Aggregation(models.TextChoices):
    """How the quarters of an indicator add up (DOMAIN.md §3 rule 6); default incremental."""

    INCREMENTAL = "incremental", _("Inkremental (jumlah triwulan)")
    CUMULATIVE = "cumulative", _("Kumulatif (total berjalan)")
    AVERAGE = "average", _("Rata-rata triwulan")
    LATEST = "latest", _("Nilai terakhir")
