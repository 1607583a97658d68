"""Login lockouts (django-axes): who is locked out now, and lifting a lock, audited.

A lock is a run of failed logins for one username from one address (settings.AXES_LOCKOUT_
PARAMETERS) that reached AXES_FAILURE_LIMIT within the cool-off time; it lifts by itself when the
cool-off passes, or here, when a colleague has been verified by phone and cannot wait.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from sakip.accounts.models import User
from sakip.accounts.types import Actor
from sakip.audit.services import audit_record


def _cool_off() -> datetime.timedelta:
    hours = settings.AXES_COOLOFF_TIME
    return hours if isinstance(hours, datetime.timedelta) else datetime.timedelta(hours=hours)


@dataclass(frozen=True)
class Lockout:
    attempt_id: int
    username: str
    ip_address: str
    failures: int
    last_failure: datetime.datetime
    lifts_at: datetime.datetime
    user: User | None


def current_lockouts(now: datetime.datetime | None = None) -> list[Lockout]:
    """The locks in force now, newest first, with the account they hold when it exists."""
    now = now or timezone.now()
    attempts = list(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gt=now - _cool_off(),
        ).order_by("-attempt_time")
    )
    users = User.objects.in_bulk(
        {a.username for a in attempts if a.username}, field_name="username"
    )
    return [
        Lockout(
            attempt_id=a.pk,
            username=a.username or "",
            ip_address=a.ip_address or "",
            failures=a.failures_since_start,
            last_failure=a.attempt_time,
            lifts_at=a.attempt_time + _cool_off(),
            user=users.get(a.username or ""),
        )
        for a in attempts
    ]


def lockout_lift(*, actor: Actor, attempt_id: int) -> bool:
    """Lift one lock (forget its failed attempts); False when it was already gone."""
    with transaction.atomic():
        attempt = AccessAttempt.objects.select_for_update().filter(pk=attempt_id).first()
        if attempt is None:
            return False
        user = User.objects.filter(username=attempt.username).first()
        subject: Model = user if user is not None else attempt
        audit_record(
            actor=actor,
            instance=subject,
            action="lockout_lift",
            changes={
                "username": [attempt.username, attempt.username],
                "ip_address": [attempt.ip_address, attempt.ip_address],
                "failures_since_start": [attempt.failures_since_start, 0],
            },
        )
        attempt.delete()
    return True
