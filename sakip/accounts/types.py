"""Types for the people who act in the system, shared by every layer above `accounts`.

`Actor` is who a service records as having done something: a signed-in user, or `None` when the
system itself acts (demo data, scheduled sweeps, the worker). `AuthenticatedHttpRequest` is the
request a view behind `login_required` receives, so `request.user` is our `User`, not
`AnonymousUser`.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from sakip.accounts.models import User

#: Who acts: a user, or None for the system itself.
Actor: TypeAlias = User | None

#: Whoever asks: a user, possibly not signed in (access checks take both).
Viewer: TypeAlias = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed `login_required`: its user is signed in."""

    user: User
