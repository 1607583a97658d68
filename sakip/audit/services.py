"""Writing audit events. Every service that changes state calls audit_record inside its transaction."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from sakip.accounts.types import Actor
from sakip.core.bulk import insert_rows

from .models import AuditEvent


def _plain(value: Any) -> Any:
    """JSON-safe form of a field value (Decimal keeps its exact digits as a string)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The audited fields of an instance, to diff before and after a change."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    keys = set(before) | set(after)
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(keys)
        if before.get(key) != after.get(key)
    }


def audit_event(
    *,
    actor: Actor,
    instance: models.Model,
    action: str,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> AuditEvent:
    """The event of one change, not yet saved: audit_record saves one, audit_record_many many."""
    return AuditEvent(
        at=at or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        action=action,
        changes=dict(changes or {}),
        note=note,
    )


def audit_record(
    *,
    actor: Actor,
    instance: models.Model,
    action: str,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> AuditEvent:
    event = audit_event(
        actor=actor, instance=instance, action=action, changes=changes, note=note, at=at
    )
    event.save(force_insert=True)
    return event


def audit_record_many(events: Sequence[AuditEvent]) -> None:
    """Save the events of a bulk change (an import) in one statement, in the given order (the
    history lists events of the same moment by id)."""
    insert_rows(events)
