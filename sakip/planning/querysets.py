"""Scoped querysets: every planning read goes through `.restrict(user, action)`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from sakip.organization.access import Action, access_for


class UnitScopedQuerySet(models.QuerySet):
    """Objects owned by a unit: visible where the unit is in the user's scope."""

    scope_field = "responsible_unit"

    def restrict(self, user: Any, action: Action) -> UnitScopedQuerySet:
        query = access_for(user).unit_q(action, self.scope_field)
        return self if query is None else self.filter(query)


class AgencyScopedQuerySet(UnitScopedQuerySet):
    """Agency-level plan objects (Renstra, goals, objectives).

    Agency-wide roles see them through the agency; a unit head sees those that hold an indicator of
    their own unit, so that their read view can show what each indicator serves.
    """

    # The path from an Indicator to this model, to find the plan objects above a unit's indicators.
    indicator_link = ""

    def restrict(self, user: Any, action: Action) -> AgencyScopedQuerySet:
        access = access_for(user)
        query = access.unit_q(action, self.scope_field)
        if query is None:
            return self
        if action == "view":
            from .models import Indicator

            own = Indicator.objects.restrict(user, "view").filter(
                **{self.indicator_link: OuterRef("pk")}
            )
            query = query | Q(Exists(own))
        return self.filter(query)


class RenstraQuerySet(AgencyScopedQuerySet):
    scope_field = "agency"
    indicator_link = "objective__goal__renstra"


class GoalQuerySet(AgencyScopedQuerySet):
    scope_field = "renstra__agency"
    indicator_link = "objective__goal"


class ObjectiveQuerySet(AgencyScopedQuerySet):
    scope_field = "goal__renstra__agency"
    indicator_link = "objective"


class IndicatorQuerySet(UnitScopedQuerySet):
    """Indicators: visible to their responsible unit's line, changeable by the agency's planners."""

    scope_field = "responsible_unit"

    def restrict(self, user: Any, action: Action) -> IndicatorQuerySet:
        # Seen along the responsible unit's line; changed by the planners of the Renstra's agency.
        field = "responsible_unit" if action == "view" else "objective__goal__renstra__agency"
        query = access_for(user).unit_q(action, field)
        return self if query is None else self.filter(query)
