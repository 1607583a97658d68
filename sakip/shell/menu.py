"""The side navigation: each role sees the areas it works in, and nothing that leads nowhere.

UX.md "Shell": navigation by what the person does, only what the role may use. Every area listed
for a role answers that role with a page (sakip/shell/tests/test_menu.py walks them); the URL ×
persona table (test_url_access.py) stays the rule for what may be opened at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from sakip.organization.access import UserAccess
from sakip.organization.choices import Role


@dataclass(frozen=True)
class Area:
    key: str
    url_name: str
    icon: str
    label: StrOrPromise
    exact: bool = False  # active only on its own page, not on the pages below its path


# In the order of the navigation.
AREAS = (
    Area("dashboard", "dashboard:home", "speedometer", _("Dasbor")),
    Area("regency", "regency:overview", "buildings", _("Kabupaten")),
    Area("inbox", "procedures:inbox", "inbox", _("Kotak Masuk"), exact=True),
    Area("plan", "planning:tree", "diagram-3", _("Rencana Kinerja"), exact=True),
    Area("rkt", "planning:rkt_list", "journal-check", _("RKT")),
    Area("action_plan", "planning:action_plan_list", "calendar3-range", _("Rencana Aksi")),
    Area("data", "monitoring:period_list", "clipboard-data", _("Pengumpulan Data"), exact=True),
    Area("quarterly", "reports:quarterly_report_list", "bar-chart-line", _("Laporan Triwulan")),
    Area("annual", "reports:annual_report_list", "journal-text", _("LKjIP")),
    Area("runs", "procedures:run_list", "play-circle", _("Pelaksanaan SOP")),
    Area("sops", "procedures:sop_list", "file-earmark-text", _("SOP")),
    Area("compliance", "procedures:compliance", "speedometer2", _("Kepatuhan SOP")),
    Area("archive", "reports:archive", "archive", _("Arsip Dokumen")),
    Area("structure", "organization:structure", "people", _("Struktur Organisasi")),
    Area("calendar", "procedures:holiday_list", "calendar3", _("Kalender Kerja")),
    Area("administration", "administration:home", "gear", _("Administrasi")),
)

# Everyone in an agency's SOP lanes: their tasks, the plan they work to, the people, the calendar
# their deadlines are counted in.
_LANE = {"inbox", "plan", "structure", "calendar"}
# A unit head fills their unit's RKT form, Rencana Aksi and quarterly data and receives the
# socialized reports and their own PK.
_UNIT_HEAD = _LANE | {"rkt", "action_plan", "data", "quarterly", "archive"}
# The agency-wide roles read everything of the agency; the planners also run the SOPs.
_AGENCY_WIDE = _UNIT_HEAD | {"annual", "runs", "sops", "compliance"}

AREAS_BY_ROLE: dict[str, frozenset[str]] = {
    Role.EMPLOYEE: frozenset(_LANE),
    # A unit head reads the dashboard of their unit (sakip.dashboard), landing in the inbox.
    Role.SECTION_HEAD: frozenset(_UNIT_HEAD | {"dashboard"}),
    Role.DIVISION_HEAD: frozenset(_UNIT_HEAD | {"dashboard"}),
    Role.KASUBAG: frozenset(_AGENCY_WIDE),
    # The Kasubag Umum dan Kepegawaian also keeps the agency's people (sakip.administration.access).
    Role.KASUBAG_GENERAL: frozenset(_AGENCY_WIDE | {"administration"}),
    # The agency's dashboard: the agency head, the Sekretaris and the planners (sakip.dashboard).
    Role.KASUBAG_PLANNING: frozenset(_AGENCY_WIDE | {"dashboard"}),
    Role.PLANNING_STAFF: frozenset(_AGENCY_WIDE | {"dashboard"}),
    Role.SECRETARY: frozenset(_AGENCY_WIDE | {"dashboard"}),
    Role.AGENCY_HEAD: frozenset((_AGENCY_WIDE | {"dashboard"}) - {"runs", "sops", "calendar"}),
    # The regency reads the results of its agencies; it has no tasks and runs no SOP.
    # The regency reads the settled results of its agencies side by side (their compliance
    # included); it has no tasks, runs no SOP and reads the LKjIP once published, in the archive.
    Role.REGENCY_VIEWER: frozenset({"regency", "plan", "quarterly", "archive"}),
}
# The installation's administrator configures: people and units, SOPs, the calendar.
ADMINISTRATOR_AREAS = frozenset(
    {"administration", "structure", "sops", "runs", "calendar", "archive"}
)


@dataclass(frozen=True)
class MenuLink:
    area: Area
    url: str


def area_keys(access: UserAccess) -> frozenset[str]:
    keys: set[str] = set()
    for role in access.roles:
        keys |= AREAS_BY_ROLE.get(role, frozenset())
    if access.is_admin:
        keys |= ADMINISTRATOR_AREAS
    return frozenset(keys)


def menu_for(access: UserAccess) -> list[MenuLink]:
    keys = area_keys(access)
    return [MenuLink(area, reverse(area.url_name)) for area in AREAS if area.key in keys]
