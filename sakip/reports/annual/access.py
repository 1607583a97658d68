"""Who may see and write the LKjIP (docs/decisions/0002-access-from-positions.md).

The LKjIP is the whole agency's report, so it follows the quarterly report's rule
(monitoring.access): the agency-wide roles (Kepala Dinas, Sekretaris, Kasubag, planning staff)
and administrators read it (the regency's viewers read the published LKjIP in the archive, not
the pages where it is written); the people of a single unit, other agencies and
outsiders get a 404. Only the agency's planners (Kasubag, planning staff: SOP 2 step 9 is theirs)
and administrators write its narrative sections and generate it, as `is_reviewer` decides for a
quarter.
"""

from __future__ import annotations

from django.http import Http404

from sakip.accounts.types import Viewer
from sakip.monitoring.access import can_open_periods, reads_settled_only, sees_whole_agency
from sakip.organization.access import access_for
from sakip.organization.models import Unit
from sakip.organization.selectors import agencies


def readable_agencies(user: Viewer) -> list[Unit]:
    """The agencies whose LKjIP pages the user may read (one query), by name. Not the regency
    reader's through the regency: these pages are the LKjIP being written; the regency reads it
    once published, in the archive (decision 0002)."""
    return [
        agency
        for agency in agencies()
        if sees_whole_agency(user, agency) and not reads_settled_only(user, agency)
    ]


def agency_for_user(user: Viewer, wanted: str | None = None) -> tuple[Unit, list[Unit]]:
    """The agency of the LKjIP pages and the agencies the user could switch to.

    ``wanted`` is the ``?agency=<pk>`` of the URL (regency viewers and administrators see several
    agencies); without it, the agency the user works in. Anything the user may not read is a 404.
    """
    candidates = readable_agencies(user)
    if wanted:
        chosen = next((a for a in candidates if str(a.pk) == wanted), None)
        if chosen is None:
            raise Http404
        return chosen, candidates
    own = [a for a in candidates if a.pk in access_for(user).agency_ids]
    if own:
        return own[0], candidates
    if not candidates:
        raise Http404
    return candidates[0], candidates


def can_edit_annual(user: Viewer, agency: Unit) -> bool:
    """The agency's planners and administrators: the people who run the agency's quarters."""
    return can_open_periods(user, agency)
