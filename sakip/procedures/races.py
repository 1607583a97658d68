"""When two people act on the same task or review, the one who comes second is told who came first
and when (UX.md "Errors"): "Tugas ini sudah diselesaikan oleh Nama pada Jumat, 04 Desember 2026
15:45 WITA." on the page they were on, instead of a 404 or a 500.

Services raise AlreadyDoneError, a ValidationError, so that every view that already shows a
service's refusal shows this one too; views that need to (the action's form is gone once the
task is done) turn it into a page message.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from sakip.audit.models import AuditEvent

from .notifications import format_moment

SYSTEM = _("Sistem")


class AlreadyDoneError(ValidationError):
    """What the request asks was already done: by whom (`by`, a user or None for the system) and
    when (`at`)."""

    def __init__(self, message: Any, *, by: Any, at: datetime.datetime | None) -> None:
        self.by = by
        self.at = at
        name = getattr(by, "display_name", None) or str(SYSTEM)
        super().__init__(message % {"name": name, "when": format_moment(at)}, code="already_done")


def last_event(instance: models.Model, *actions: str) -> AuditEvent | None:
    """The newest audit event of these actions on the object: who did it last, and when, for the
    objects that do not keep it in their own fields."""
    return (
        AuditEvent.objects.filter(
            object_type=instance._meta.label_lower,
            object_id=str(instance.pk),
            action__in=actions,
        )
        .select_related("actor__employee")
        .order_by("-at", "-id")
        .first()
    )


def already_done_by_event(
    message: Any, instance: models.Model, *actions: str
) -> AlreadyDoneError | None:
    """AlreadyDoneError naming the actor and time of the newest of these events, if any."""
    event = last_event(instance, *actions)
    if event is None:
        return None
    return AlreadyDoneError(message, by=event.actor, at=event.at)
