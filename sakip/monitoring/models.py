"""Quarterly performance data (SOP 2 "Mekanisme Pengumpulan Data Kinerja"): per quarter and unit,
the realisasi of each indicator with its explanation and evidence, and the monthly progress of
each sub-activity (physical % and budget spent)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakip.core.models import ReviewedSubmission, ReviewStatus, TimeStampedModel
from sakip.measurement import Period
from sakip.organization.models import Unit

from .querysets import (
    EvidenceQuerySet,
    ReportingPeriodQuerySet,
    ReportReceiptQuerySet,
    SubmissionPartQuerySet,
    UnitSubmissionQuerySet,
)


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("Dibuka")
    LOCKED = "locked", _("Dikunci")


# A unit's quarterly data follows the reviewed submission's lifecycle (decision 0011).
SubmissionStatus = ReviewStatus


class ReportingPeriod(TimeStampedModel):
    """One quarter (TW k) of one agency's year, opened by an SOP 2 run."""

    agency = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="reporting_periods",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    run = models.OneToOneField(
        "procedures.ProcedureRun",
        verbose_name=_("pelaksanaan SOP"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporting_period",
    )
    deadline = models.DateTimeField(_("batas pengiriman data"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    locked_at = models.DateTimeField(_("dikunci pada"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikunci oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The last reopening: report versions generated before it were made from data that may have
    # changed since, and can no longer be published (sakip.reports.quarterly.publication).
    reopened_at = models.DateTimeField(_("dibuka kembali pada"), null=True, blank=True)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("periode pelaporan")
        verbose_name_plural = _("periode pelaporan")
        ordering = ["agency", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "quarter"], name="monitoring_period_unique"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="monitoring_period_quarter_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PeriodStatus.values), name="monitoring_period_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{Period.quarter(self.quarter).label_id} {self.year}"


class UnitSubmission(ReviewedSubmission):
    """One unit's data for one quarter: entered, submitted, reviewed ("verifikasi": returned or accepted).

    `submitted_at` keeps the first sending: lateness is judged on it (a correction after a return
    does not make a unit late). The page's "Dikirim" shows the latest sending; the history keeps
    every one."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("periode"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="submissions"
    )
    last_submitted_at = models.DateTimeField(_("terakhir dikirim pada"), null=True, blank=True)

    objects = UnitSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiriman data unit")
        verbose_name_plural = _("kiriman data unit")
        ordering = ["period", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="monitoring_submission_unique"),
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values),
                name="monitoring_submission_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} — {self.unit}"


class Realisasi(TimeStampedModel):
    """The measured value of an indicator for the quarter, with kendala (problems) and solusi."""

    submission = models.ForeignKey(
        UnitSubmission,
        verbose_name=_("kiriman"),
        on_delete=models.CASCADE,
        related_name="realisasi",
    )
    indicator = models.ForeignKey(
        "planning.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        related_name="realisasi",
    )
    value = models.DecimalField(
        _("realisasi"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    problems = models.TextField(_("kendala"), blank=True)
    solutions = models.TextField(_("solusi / tindak lanjut"), blank=True)
    review_note = models.TextField(_("catatan verifikasi"), blank=True)

    objects = SubmissionPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["submission", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="monitoring_realisasi_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.submission.period}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    submission = instance.realisasi.submission
    return f"evidence/{submission.period.agency_id}/{submission.period.year}/q{submission.period.quarter}/{submission.unit_id}/{filename}"


class Evidence(models.Model):
    """A data dukung file behind a realisasi; stored outside static, served only through an
    access-checked view."""

    realisasi = models.ForeignKey(
        Realisasi, verbose_name=_("realisasi"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("berkas"), upload_to=evidence_path)
    name = models.CharField(_("nama berkas"), max_length=250)
    content_type = models.CharField(_("jenis berkas"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("data dukung")
        verbose_name_plural = _("data dukung")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class MonthlyProgress(models.Model):
    """Laporan Progress Bulanan of one sub-activity for one month: physical progress and budget spent
    (cumulative to the end of the month)."""

    submission = models.ForeignKey(
        UnitSubmission,
        verbose_name=_("kiriman"),
        on_delete=models.CASCADE,
        related_name="monthly_progress",
    )
    sub_activity = models.ForeignKey(
        "planning.SubActivity",
        verbose_name=_("sub kegiatan"),
        on_delete=models.PROTECT,
        related_name="monthly_progress",
    )
    month = models.PositiveSmallIntegerField(_("bulan"))
    physical_percent = models.DecimalField(
        _("progres fisik (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    budget_spent = models.DecimalField(
        _("realisasi anggaran"), max_digits=18, decimal_places=2, null=True, blank=True
    )

    objects = SubmissionPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("progres bulanan")
        verbose_name_plural = _("progres bulanan")
        ordering = ["submission", "sub_activity__code", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "sub_activity", "month"], name="monitoring_progress_unique"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="monitoring_progress_month_valid"
            ),
            models.CheckConstraint(
                condition=Q(physical_percent__isnull=True)
                | Q(physical_percent__gte=0, physical_percent__lte=100),
                name="monitoring_progress_physical_range",
            ),
            models.CheckConstraint(
                condition=Q(budget_spent__isnull=True) | Q(budget_spent__gte=0),
                name="monitoring_progress_spent_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sub_activity.code} {self.month}"


class ReportReceipt(models.Model):
    """An official's acknowledgement that they received a socialized report (SOP 2 steps 5 and 8)."""

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("periode"),
        on_delete=models.CASCADE,
        related_name="receipts",
    )
    # "quarterly" (step 5) or "semester" (step 8).
    kind = models.CharField(_("jenis laporan"), max_length=10, default="quarterly")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pejabat"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("dikirim pada"))
    acknowledged_at = models.DateTimeField(_("diterima pada"), null=True, blank=True)

    objects = ReportReceiptQuerySet.as_manager()

    class Meta:
        verbose_name = _("tanda terima laporan")
        verbose_name_plural = _("tanda terima laporan")
        ordering = ["period", "kind", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "kind", "user"], name="monitoring_receipt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.kind} {self.user}"
