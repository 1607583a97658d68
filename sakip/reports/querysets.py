"""Access rule of generated documents: `.restrict(user, action)`, reading the one access object
(sakip.organization.access, docs/decisions/0002).

Agency-wide roles (agency head, Sekretaris, Kasubag, planning staff) see every document of their
agency; a regency viewer sees the issued documents of every agency of the regency (a kind with a
publication step, the performance reports: its published versions only); a unit head sees the documents made for
a unit in their scope (their own PK), and every official of the agency the performance reports
socialized to them. Documents are published (changed) by the agency's planners; whether a
document of a kind is published at all, and by whom exactly, is the rule its kind registered
(`jobs.py`, access.may_publish).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from sakip.organization.access import NOTHING, ScopedQuerySet, UserAccess

if TYPE_CHECKING:
    from sakip.core.querysets import Action


class GeneratedDocumentQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if access.is_admin:
            return None
        if action == "change":
            return access.unit_q("change", "agency")
        # A regency viewer reads the published documents of the regency's agencies, never a
        # draft version (docs/decisions/0002). Kinds without a publication step (the RKT and PKs
        # made from a locked RKT, SOP sheets, compliance reports) are issued as generated.
        from .access import is_publishable
        from .models import DocumentKind

        drafted = [kind for kind in DocumentKind.values if is_publishable(kind)]
        issued = Q(published_at__isnull=False) | ~Q(kind__in=drafted)
        return access.settled_q(_view_rule, "agency", issued)


def _view_rule(access: UserAccess) -> Q:
    from .models import AGENCY_REPORT_KINDS

    query = NOTHING
    for prefix in sorted(access.paths("view")):
        # The agency inside the scope: agency-wide and regency roles. The unit inside it: unit
        # heads.
        query |= Q(agency__path__startswith=prefix) | Q(unit__path__startswith=prefix)
    # Performance reports are socialized to every official of the agency (SOP 2 steps 5, 8).
    return query | Q(kind__in=AGENCY_REPORT_KINDS, agency_id__in=sorted(access.agency_ids))
