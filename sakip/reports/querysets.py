"""Access rule of generated documents: `.restrict(user, action)`, reading the one access object
(sakip.organization.access, docs/decisions/0002).

Agency-wide roles (agency head, Sekretaris, Kasubag, planning staff) see every document of their
agency; a regency viewer sees every agency of the regency; a unit head sees the documents made for
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
        from .models import AGENCY_REPORT_KINDS

        if access.is_admin:
            return None
        if action == "change":
            return access.unit_q("change", "agency")
        query = NOTHING
        for prefix in sorted(access.paths("view")):
            # The agency inside the scope: agency-wide and regency roles. The unit inside it: unit
            # heads.
            query |= Q(agency__path__startswith=prefix) | Q(unit__path__startswith=prefix)
        # Performance reports are socialized to every official of the agency (SOP 2 steps 5, 8).
        return query | Q(kind__in=AGENCY_REPORT_KINDS, agency_id__in=sorted(access.agency_ids))
