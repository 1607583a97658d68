"""Who opens the regency view: the regency reader (Bagian Organisasi) and administrators. For
anybody else the pages do not exist (404, docs/decisions/0002): an agency's own people read their
agency on its own pages. What the pages show goes through `.restrict(user, "view")` and the
settled data only (selectors.py)."""

from __future__ import annotations

from typing import cast

from django.http import Http404

from sakip.accounts.types import Viewer
from sakip.organization.access import access_for, get_object_for_user
from sakip.organization.models import Unit

from .selectors import regency_agencies


def reads_regency_view(user: Viewer) -> bool:
    access = access_for(user)
    return access.reads_regency or access.is_admin


def require_regency_reader(user: Viewer) -> None:
    if not reads_regency_view(user):
        raise Http404


def get_agency_for_user(user: Viewer, pk: int) -> Unit:
    """An agency of the user's regency; anything else, existing or not, is a 404."""
    require_regency_reader(user)
    return cast(Unit, get_object_for_user(regency_agencies(user), user, "view", pk=pk))
