"""Access rule of the LKjIP's narrative: `.restrict(user, action)`, reading the one access object
(sakip.organization.access, docs/decisions/0002). The LKjIP is the agency's report: read by those
who see the agency whole, written by its planners."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from sakip.organization.access import ScopedQuerySet, UserAccess

if TYPE_CHECKING:
    from sakip.core.querysets import Action


class AnnualReportQuerySet(ScopedQuerySet[Any]):
    agency_field = "agency"

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        return access.unit_q(action, self.agency_field)


class AnnualReportSectionQuerySet(AnnualReportQuerySet):
    agency_field = "report__agency"
