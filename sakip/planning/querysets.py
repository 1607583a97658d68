"""Scoped querysets: every planning read goes through `.restrict(user, action)`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from sakip.organization.access import Action, access_for


class UnitScopedQuerySet(models.QuerySet):
    """Objects owned by a unit: visible where the unit is in the user's scope."""

    scope_field = "responsible_unit"

    @classmethod
    def as_manager(cls, scope_field: str | None = None) -> Any:  # type: ignore[override]
        if scope_field is None:
            return super().as_manager()
        subclass = type(cls.__name__, (cls,), {"scope_field": scope_field})
        return models.Manager.from_queryset(subclass)()

    def restrict(self, user: Any, action: Action) -> UnitScopedQuerySet:
        query = access_for(user).unit_q(action, self.scope_field)
        return self if query is None else self.filter(query)


class AgencyScopedQuerySet(UnitScopedQuerySet):
    """Agency-level plan objects (Renstra, goals, objectives).

    Agency-wide roles see them through the agency; a unit head sees those that hold an indicator of
    their own unit, so that their read view can show what each indicator serves.
    """

    def restrict(self, user: Any, action: Action) -> AgencyScopedQuerySet:
        access = access_for(user)
        query = access.unit_q(action, self.scope_field)
        if query is None:
            return self
        if action == "view":
            from .models import Indicator

            link = {
                "agency": "objective__goal__renstra",
                "renstra__agency": "objective__goal",
                "goal__renstra__agency": "objective",
            }[self.scope_field]
            own = Indicator.objects.restrict(user, "view").filter(**{link: OuterRef("pk")})
            query = query | Q(Exists(own))
        return self.filter(query)


class IndicatorQuerySet(UnitScopedQuerySet):
    """Indicators: visible to their responsible unit's line, changeable by the agency's planners."""

    scope_field = "responsible_unit"

    def restrict(self, user: Any, action: Action) -> IndicatorQuerySet:
        # Seen along the responsible unit's line; changed by the planners of the Renstra's agency.
        field = "responsible_unit" if action == "view" else "objective__goal__renstra__agency"
        query = access_for(user).unit_q(action, field)
        return self if query is None else self.filter(query)
