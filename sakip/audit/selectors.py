"""Reading the audit trail of one object (the "Riwayat" tab of detail pages)."""

from django.db import models
from django.db.models import QuerySet

from .models import AuditEvent


def audit_events_for(instance: models.Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("actor")


def last_editor_name(instance: models.Model) -> str | None:
    """The display name of whoever changed `instance` last, from its audit events."""
    last = audit_events_for(instance).select_related("actor").first()
    return last.actor.display_name if last and last.actor else None
