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


_NOT_GIVEN: Any = object()


class AlreadyDoneError(ValidationError):
    """What the request asks was already done: by whom (`by`, a user or None for the system) and
    when (`at`); `message` has the placeholders %(name)s and %(when)s."""

    def __init__(
        self,
        message: Any,
        code: str | None = "already_done",
        params: Any = None,
        *,
        by: Any = _NOT_GIVEN,
        at: datetime.datetime | None = None,
    ) -> None:
        # Copies and pickles (forms copy their errors) rebuild the error from its finished
        # message, then restore `by` and `at` from the instance's attributes.
        if by is not _NOT_GIVEN:
            name = getattr(by, "display_name", None) or str(SYSTEM)
            message = message % {"name": name, "when": format_moment(at)}
        self.by = None if by is _NOT_GIVEN else by
        self.at = at
        super().__init__(message, code=code, params=params)


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
