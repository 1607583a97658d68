"""Access rules of the quarterly data (SOP 2) and the LKjIP: `.restrict(user, action)`.

The rules read the one access object (sakip.organization.access, docs/decisions/0002); the
helpers of access.py are written on top of them.
- A reporting period is seen by the people of its agency (everyone works in the cycle) and by the
  regency's viewers (the locked quarters only); the agency's planners (Kasubag, planning staff)
  change it (open, review, lock, reopen).
- A unit's submission, with its realisasi, evidence and monthly progress, is seen by the people of
  that unit and of the units below it (a Kepala Seksi supplies their Bidang's data) and by the
  agency-wide roles; the regency's viewers see the accepted submissions of locked quarters only
  (never a draft, a returned submission or an open quarter's data); it is changed by the people
  of the unit (whether it can be changed now is the state's question, access.is_editable).
- A report receipt is its official's (who acknowledges it); those who see the agency whole see who
  has acknowledged (the regency's viewers: of the locked quarters).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from sakip.core.models import ReviewStatus
from sakip.organization.access import ScopedQuerySet, UserAccess, via

if TYPE_CHECKING:
    from sakip.core.querysets import Action


# What a regency viewer reads of an agency's quarters (docs/decisions/0002): the locked ones, and
# of them the units' accepted data; never an open quarter, a draft or a returned submission.
# (PeriodStatus.LOCKED: models.py imports this module.)
LOCKED = "locked"
ACCEPTED = ReviewStatus.ACCEPTED


class ReportingPeriodQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if action == "change":
            return access.unit_q("change", "agency")
        return access.settled_q(lambda a: a.agency_q("agency"), "agency", Q(status=LOCKED))


class UnitSubmissionQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        if access.is_admin:
            return None
        if action == "change":
            # The people of the unit and of the units below it (a seksi enters its bidang's data).
            return access.line_q("unit")
        return access.settled_q(
            lambda a: a.unit_work_q("unit"), "unit", Q(period__status=LOCKED, status=ACCEPTED)
        )


class SubmissionPartQuerySet(ScopedQuerySet[Any]):
    """Realisasi and monthly progress go with their unit's submission."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        from .models import UnitSubmission

        return via("submission", UnitSubmission.objects.all(), access, action)


class EvidenceQuerySet(ScopedQuerySet[Any]):
    """An evidence file goes with the submission of its realisasi."""

    def scope(self, access: UserAccess, action: Action) -> Q | None:
        from .models import UnitSubmission

        return via("realisasi__submission", UnitSubmission.objects.all(), access, action)


class ReportReceiptQuerySet(ScopedQuerySet[Any]):
    def scope(self, access: UserAccess, action: Action) -> Q | None:
        own = Q(user_id=access.user_id)
        if action == "change":
            return own
        whole = access.settled_q(
            lambda a: a.unit_q("view", "period__agency"),
            "period__agency",
            Q(period__status=LOCKED),
        )
        return None if whole is None else own | whole
