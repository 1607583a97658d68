"""The audit trail: one explicit event per state change, written by services."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .querysets import AuditEventQuerySet


class AuditEvent(models.Model):
    """Who did what to which object, when, with the values before and after."""

    # Defaults to now; a backdated action (the demo's run history) passes its own time.
    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A plain (label, id) pair instead of a generic FK: events outlive the objects they describe.
    object_type = models.CharField(_("jenis objek"), max_length=100, db_index=True)
    object_id = models.CharField(_("id objek"), max_length=64, db_index=True)
    object_repr = models.CharField(_("objek"), max_length=300)
    action = models.CharField(_("tindakan"), max_length=50)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("catatan audit")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
