"""Reads of SOP definitions, scoped to the user (`Sop.objects.restrict`, querysets.py).

Everyone with a position in an agency may read that agency's SOPs (the sheet is the office's own
rulebook); the regency viewer reads those of every agency of the regency; administrators read all.
Anything else is a 404, never a 403, so the existence of another agency's SOP is not disclosed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from sakip.accounts.types import Viewer
from sakip.organization.access import access_for

from .models import Sop, SopRevision


def visible_sops(user: Viewer) -> QuerySet[Sop]:
    return Sop.objects.restrict(user, "view").select_related("agency")


def visible_revisions(user: Viewer) -> QuerySet[SopRevision]:
    return SopRevision.objects.restrict(user, "view").select_related("sop__agency")


def revision_for_user(user: Viewer, pk: int) -> SopRevision:
    """One revision the user may read; 404 otherwise."""
    revision = visible_revisions(user).filter(pk=pk).first()
    if revision is None:
        raise Http404
    return revision


def can_edit_sops(user: Viewer) -> bool:
    """Changing an SOP is an administrator's job (a new revision changes how the office works)."""
    return access_for(user).is_admin


@dataclass(frozen=True)
class SopRow:
    sop: Sop
    latest: SopRevision
    revision_count: int


def sop_rows(user: Viewer) -> list[SopRow]:
    """The SOP list: each SOP with its latest revision; two queries whatever the number of SOPs."""
    sops = list(visible_sops(user).order_by("agency__path", "code"))
    revisions = SopRevision.objects.filter(sop__in=sops).order_by("sop_id", "-revision")
    latest: dict[int, SopRevision] = {}
    counts: dict[int, int] = {}
    for revision in revisions:
        latest.setdefault(revision.sop_id, revision)
        counts[revision.sop_id] = counts.get(revision.sop_id, 0) + 1
    return [SopRow(sop, latest[sop.pk], counts[sop.pk]) for sop in sops if sop.pk in latest]


def revisions_in_force(sop_ids: Iterable[int], on: datetime.date) -> dict[int, SopRevision]:
    """The latest revision of each SOP in force on a day, by SOP id (one query); an SOP without
    one is missing. A running procedure keeps its own revision."""
    revisions = (
        SopRevision.objects.filter(sop_id__in=list(sop_ids), effective_date__lte=on)
        .select_related("sop__agency")
        .order_by("sop_id", "-effective_date", "-revision")
    )
    in_force: dict[int, SopRevision] = {}
    for revision in revisions:
        in_force.setdefault(revision.sop_id, revision)
    return in_force


def revision_history(revision: SopRevision) -> QuerySet[SopRevision]:
    return (
        SopRevision.objects.filter(sop_id=revision.sop_id)
        # The page names who saved each revision (User.display_name reads the employee).
        .select_related("created_by__employee")
        .order_by("-revision")
    )


def latest_of(revision: SopRevision) -> SopRevision:
    latest = SopRevision.objects.filter(sop_id=revision.sop_id).order_by("-revision").first()
    assert latest is not None
    return latest


def sheet_revision(revision: SopRevision) -> SopRevision:
    """The revision with everything its sheet shows, in a fixed number of queries."""
    return (
        SopRevision.objects.select_related("sop__agency__parent", "created_by")
        .prefetch_related("lanes", "steps__lane", "steps__return_to")
        .get(pk=revision.pk)
    )
