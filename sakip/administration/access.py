"""Who administers: the installation's administrator (docs/decisions/0002). Anyone else gets 404
for every administration page: the area does not exist for them."""

from __future__ import annotations

from django.http import Http404

from sakip.accounts.types import Viewer
from sakip.organization.access import access_for


def can_administer(user: Viewer) -> bool:
    return bool(user.is_authenticated and access_for(user).is_admin)


def require_administrator(user: Viewer) -> None:
    if not can_administer(user):
        raise Http404
