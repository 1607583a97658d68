"""Access rule of the LKjIP's narrative: `.restrict(user, action)`, reading the one access object
(sakip.organization.access, docs/decisions/0002). The LKjIP is the agency's report: read by those
who see the agency whole (not the regency reader: it reads the published LKjIP), written by its
planners."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from sakip.organization.access import NOTHING, ScopedQuerySet, UserAccess

if TYPE_CHECKING:
    from sakip.core.querysets import Action


class AnnualReportQuerySet(ScopedQuerySet[Any]):
    agency_field = "agency"

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        # The narrative is being written until the LKjIP is published: the regency reader reads
        # the published document, never these rows (decision 0002).
        return access.settled_q(
            lambda a: a.unit_q(action, self.agency_field), self.agency_field, NOTHING
        )


class AnnualReportSectionQuerySet(AnnualReportQuerySet):
    agency_field = "report__agency"
