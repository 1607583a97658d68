"""Querysets that answer "which of these may this user see, or change?" (NetBox
utilities/querysets.py: RestrictedQuerySet.restrict(user, action)).

Every domain model's manager is built on `RestrictedQuerySet`; the model's app says the rule in
`restriction()`, in its querysets.py, next to the model. The rules of the domain apps read the
one access object of sakip.organization.access (the scope derived from the positions a user
holds, docs/decisions/0002-access-from-positions.md); core itself knows nothing of units.

`Model.objects.restrict(user, "view")` is the queryset of what the user may see, and
`restrict(user, "change")` of what they may change. Anonymous and deactivated users get nothing,
whatever the model.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol, Self, TypeVar

from django.db import models
from django.db.models import Q

Action = Literal["view", "change"]
ACTIONS: tuple[Action, ...] = ("view", "change")

# A filter that matches no row: the rule of "nobody" (never a bare `none()`, so that rules combine
# with `|`).
NOTHING = Q(pk__in=[])

_M = TypeVar("_M", bound=models.Model)


class UserLike(Protocol):
    """What an access rule reads of whoever asks: a signed-in user or an anonymous visitor.

    Core sits below `sakip.accounts` (decision 0009) and cannot name its `User`; Django's
    `AnonymousUser` and every user model fit this.
    """

    @property
    def pk(self) -> Any: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_active(self) -> bool: ...
    @property
    def is_superuser(self) -> bool: ...


class RestrictedQuerySet(models.QuerySet[_M]):
    """A queryset that can narrow itself to what one user may see or change."""

    def restrict(self, user: UserLike, action: Action = "view") -> Self:
        """The objects `user` may act on with `action` ("view" or "change")."""
        if action not in ACTIONS:
            raise ValueError(f"Unknown action {action!r}; expected one of {ACTIONS}.")
        if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
            return self.none()
        rule = self.restriction(user, action)
        return self if rule is None else self.filter(rule)

    def restriction(self, user: UserLike, action: Action) -> Q | None:
        """The filter of the objects an active, logged-in `user` may act on; None means all.

        Every model states its own rule; a model without one is a programming error, not an
        open door.
        """
        raise NotImplementedError(f"{self.model.__name__} has no access rule (restriction).")
