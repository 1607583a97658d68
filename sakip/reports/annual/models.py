"""The staff's texts of the annual performance report (LKjIP, PermenPAN-RB 53/2014; SOP 2 step 9).

Every table and chart of the LKjIP comes from the data (sakip.reports.annual.data); only the
narrative sections are written by people. A section that was never edited shows the text
pre-filled from the data (annual.prefill), so only the edited ones are stored here.

The models moved here from the monitoring app (issue 9); their tables and constraints keep their
first names (``monitoring_annualreport``…), so the move changed no row
(reports/migrations/0006_annual_report_from_monitoring.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sakip.core.models import TimeStampedModel
from sakip.organization.models import Unit

from .querysets import AnnualReportQuerySet, AnnualReportSectionQuerySet


class AnnualReport(TimeStampedModel):
    """One agency's LKjIP of one year: the owner of its narrative sections and of its generated
    documents (GeneratedDocument source "reports.annualreport")."""

    agency = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        db_table = "monitoring_annualreport"
        verbose_name = _("laporan kinerja tahunan (LKjIP)")
        verbose_name_plural = _("laporan kinerja tahunan (LKjIP)")
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="monitoring_annual_unique")
        ]

    def __str__(self) -> str:
        return f"LKjIP {self.year} — {self.agency}"


class AnnualReportSection(TimeStampedModel):
    """A narrative section of the LKjIP as edited by the staff (key from annual.sections).

    An empty ``text`` means "back to the text pre-filled from the data": the row stays, so the
    section keeps its edit history.
    """

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("LKjIP"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    # "executive_summary", "bab1_background", …, or "objective:<objective id>".
    key = models.CharField(_("bagian"), max_length=40)
    text = models.TextField(_("teks"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AnnualReportSectionQuerySet.as_manager()

    class Meta:
        db_table = "monitoring_annualreportsection"
        verbose_name = _("bagian naratif LKjIP")
        verbose_name_plural = _("bagian naratif LKjIP")
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "key"], name="monitoring_annual_section_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} — {self.key}"

    @property
    def is_edited(self) -> bool:
        return bool(self.text.strip())
