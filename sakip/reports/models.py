"""Generated official documents (RKT, PK, SOP sheets, compliance reports), kept in the archive."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sakip.organization.models import Unit


class DocumentKind(models.TextChoices):
    RKT = "rkt", _("Rencana Kinerja Tahunan")
    PK = "pk", _("Perjanjian Kinerja")
    SOP = "sop", _("Dokumen SOP")
    COMPLIANCE = "compliance", _("Laporan kepatuhan SOP")
    QUARTERLY = "quarterly", _("Laporan kinerja triwulan")
    SEMESTER = "semester", _("Laporan kinerja semester")


def document_path(instance: "GeneratedDocument", filename: str) -> str:
    return f"documents/{instance.agency_id}/{instance.year}/{filename}"


class GeneratedDocument(models.Model):
    """A numbered document produced from the data, as DOCX (to edit) and PDF (to sign and publish).

    Immutable once written: a new generation is a new row.
    """

    agency = models.ForeignKey(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("tahun"))
    number = models.CharField(_("nomor"), max_length=120, blank=True)
    title = models.CharField(_("judul"), max_length=300)
    # The object the document was made from, e.g. ("planning.rktdocument", "4").
    source_type = models.CharField(_("jenis sumber"), max_length=100)
    source_id = models.CharField(_("id sumber"), max_length=64)
    # Which unit may see it besides the agency-wide roles (a PK is visible to its own unit).
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    docx = models.FileField(_("berkas DOCX"), upload_to=document_path, blank=True)
    pdf = models.FileField(_("berkas PDF"), upload_to=document_path, blank=True)
    xlsx = models.FileField(_("berkas XLSX"), upload_to=document_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["source_type", "source_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="reports_document_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title
