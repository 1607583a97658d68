"""Who administers what (docs/decisions/0002). Anyone else gets 404 for every administration page:
the area does not exist for them.

- The installation's administrator (a superuser) administers everything: the unit tree, accounts,
  login lockouts, the agency profiles, people, positions and holders.
- The Kasubag Umum dan Kepegawaian of an agency administers the people, positions and holders of
  their own agency only (the staffing work of that Sub Bagian): the holder, definitive or acting,
  of a position with the role `Role.KASUBAG_GENERAL` (decision 0012).
"""

from __future__ import annotations

from django.http import Http404

from sakip.accounts.types import Viewer
from sakip.organization.access import access_for
from sakip.organization.choices import Role, UnitKind
from sakip.organization.models import Unit
from sakip.organization.selectors import active_holdings

_CACHE = "_sakip_personnel_agencies"


def can_administer(user: Viewer) -> bool:
    """The installation's administrator."""
    return bool(user.is_authenticated and access_for(user).is_admin)


def require_administrator(user: Viewer) -> None:
    if not can_administer(user):
        raise Http404


def _personnel_agency_ids(user: Viewer) -> frozenset[int]:
    """The agencies whose Kasubag Umum dan Kepegawaian the user is today (definitive or acting)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    holdings = (
        active_holdings()
        .filter(employee__user_id=user.pk, position__role=Role.KASUBAG_GENERAL)
        .select_related("position__unit__parent__parent__parent")
    )
    ids = set()
    for holding in holdings:
        agency = holding.position.unit.agency()
        if agency is not None:
            ids.add(agency.pk)
    result = frozenset(ids)
    setattr(user, _CACHE, result)
    return result


def personnel_agencies(user: Viewer) -> list[Unit]:
    """The agencies whose people, positions and holders the user administers: every agency for
    the administrator; their own for the Kasubag Umum dan Kepegawaian; none for anyone else."""
    if can_administer(user):
        return list(Unit.objects.filter(kind=UnitKind.AGENCY).order_by("name"))
    ids = _personnel_agency_ids(user)
    return list(Unit.objects.filter(pk__in=ids).order_by("name")) if ids else []


def can_administer_people(user: Viewer) -> bool:
    return can_administer(user) or bool(_personnel_agency_ids(user))


def require_people_administrator(user: Viewer) -> None:
    if not can_administer_people(user):
        raise Http404
