"""Access rule of the audit trail (`.restrict(user, action)`, sakip.core.querysets).

The trail as a whole is read by administrators only; a person reads the history of an object on
that object's page (the "Riwayat" tab, audit.history), which they reached through the object's own
access rule. Nobody changes an audit event, administrators included: the trail is append-only and
only services write it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sakip.core.querysets import NOTHING, Action, RestrictedQuerySet, UserLike


class AuditEventQuerySet(RestrictedQuerySet[Any]):
    def restriction(self, user: UserLike, action: Action) -> Q | None:
        if action == "change":
            return NOTHING
        return None if user.is_superuser else NOTHING
