"""Access rule of login accounts (`.restrict(user, action)`, sakip.core.querysets).

Accounts are managed by administrators (in the administration); everyone else sees and changes
their own account only (the profile and password pages). Accounts sit below the organization, so
the rule reads the user alone, not the positions they hold.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db.models import Q

from sakip.core.querysets import Action, RestrictedQuerySet, UserLike


class UserQuerySet(RestrictedQuerySet[Any]):
    def restriction(self, user: UserLike, action: Action) -> Q | None:
        return None if user.is_superuser else Q(pk=user.pk)


class UserManager(DjangoUserManager[Any]):
    """Django's user manager (create_user, create_superuser) over `UserQuerySet`."""

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def restrict(self, user: UserLike, action: Action = "view") -> UserQuerySet:
        return self.get_queryset().restrict(user, action)
