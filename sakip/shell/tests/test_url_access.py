"""Every URL of the site, asked with GET by every persona, against a table of expected answers.

The table is the access rules of decision 0002 as a person meets them: 200 where they may look,
302 to the login page for the anonymous visitor (or away from a page that has nothing for them),
404 for an object of another unit (never 403: existence is not disclosed) and 405 for a POST-only
action. The URL ids are those of objects of Bidang IKP ("bidang A", world in url_world.py), so
Kepala Bidang Aptika ("bidang B") must get 404 for Bidang IKP's drafts.

A row may also ask a URL about a second object, named `"<url name> (<variant>)"` with its own ids
in KWARGS: a quarterly report's published version and its later draft are downloaded besides
Bidang IKP's PK, so the regency reader's 200 for a published and 404 for a draft version show.

A URL pattern without a row in the table fails `test_every_url_pattern_has_a_row`: whoever adds
a page decides, and writes down, who may open it. When a row changes on purpose, the failure of
`test_every_persona_gets_the_expected_answer` prints the observed rows to copy after review.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .url_world import UrlWorld, build_world

# Django's own pages and the language switch are no part of the product's access rules.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_NAMES = {"set_language"}
PNG = b"\x89PNG\r\n\x1a\n"

PERSONAS = (
    "anonymous",
    "pegawai.rina",  # employee of Seksi Informasi Publik, below Bidang IKP
    "kabid.ikp",  # head of bidang A
    "kabid.aptika",  # head of bidang B
    "kasi.infopublik",  # head of a seksi of bidang A
    "staf.evaluasi",  # planning staff
    "kasubag.umum",  # reviewer of the RKT forms (SOP 1 step 7)
    "kadis",  # agency head
    "sekretaris",
    "bagor",  # regency reader (Bagian Organisasi)
    "admin",
)

# URL kwargs by the world's id names; QUERY: the query string a page needs to show something.
KWARGS: dict[str, dict[str, str]] = {
    "accounts:password_reset_confirm": {"uidb64": "=MQ", "token": "=not-a-token"},
    "administration:lockout_lift": {"pk": "=1"},
    "administration:person_detail": {"pk": "person"},
    "administration:person_update": {"pk": "person"},
    "administration:person_holding_create": {"pk": "person"},
    "administration:account_create": {"pk": "person"},
    "administration:account_password": {"pk": "person"},
    "administration:account_deactivate": {"pk": "person"},
    "administration:account_activate": {"pk": "person"},
    "administration:holding_end": {"pk": "holding"},
    "administration:unit_detail": {"pk": "unit"},
    "administration:unit_update": {"pk": "unit"},
    "administration:unit_move": {"pk": "unit"},
    "administration:unit_close": {"pk": "unit"},
    "administration:position_create": {"pk": "unit"},
    "administration:position_detail": {"pk": "position"},
    "administration:position_update": {"pk": "position"},
    "administration:holding_create": {"pk": "position"},
    "administration:profile_edit": {"pk": "agency"},
    "administration:profile_emblem": {"pk": "agency"},
    "administration:structure_template": {"pk": "agency"},
    "administration:structure_import": {"pk": "agency"},
    "administration:structure_confirm": {"pk": "agency"},
    "planning:renstra_update": {"pk": "renstra"},
    "planning:goal_update": {"pk": "goal"},
    "planning:objective_update": {"pk": "objective"},
    "planning:indicator_detail": {"pk": "indicator"},
    "planning:indicator_update": {"pk": "indicator"},
    "planning:program_update": {"pk": "program"},
    "planning:activity_update": {"pk": "activity"},
    "planning:sub_activity_update": {"pk": "sub_activity"},
    "planning:rkt_detail": {"pk": "rkt"},
    "planning:rkt_form": {"pk": "rkt_form"},
    "planning:rkt_acknowledge": {"pk": "rkt_form"},
    "planning:rkt_fill_complete": {"pk": "rkt_form"},
    "planning:rkt_submit": {"pk": "rkt_form"},
    "planning:rkt_review": {"pk": "rkt_form"},
    "planning:rkt_socialization": {"pk": "rkt_run"},
    "planning:action_plan_detail": {"pk": "action_plan"},
    "planning:action_plan_submit": {"pk": "action_plan"},
    "planning:action_plan_accept": {"pk": "action_plan"},
    "planning:action_plan_return": {"pk": "action_plan"},
    "planning:action_plan_sync": {"pk": "action_plan"},
    "planning:action_plan_export": {"pk": "action_plan"},
    "planning:action_plan_import": {"pk": "action_plan"},
    "planning:import_job": {"pk": "import_job"},
    "planning:action_plan_import_confirm": {"pk": "action_plan"},
    "procedures:notification_read": {"pk": "notification"},
    "procedures:run_detail": {"pk": "rkt_run"},
    "procedures:task_detail": {"pk": "task"},
    "procedures:task_complete": {"pk": "task"},
    "procedures:task_return": {"pk": "task"},
    "procedures:task_file": {"pk": "task_file"},
    "procedures:sop_sheet": {"pk": "sop_revision"},
    "procedures:sop_sheet_pdf": {"pk": "sop_revision"},
    "procedures:sop_history": {"pk": "sop_revision"},
    "procedures:sop_edit": {"pk": "sop_revision"},
    "procedures:holiday_update": {"pk": "holiday"},
    "procedures:holiday_delete": {"pk": "holiday"},
    "procedures:schedule_detail": {"pk": "schedule"},
    "procedures:schedule_update": {"pk": "schedule"},
    "procedures:schedule_delete": {"pk": "schedule"},
    "reports:annual_report": {"year": "last_year"},
    "reports:annual_report_create": {"year": "last_year"},
    "reports:annual_report_chart": {"year": "last_year", "name": "=anggaran"},
    "reports:annual_section_edit": {"year": "last_year", "key": "section"},
    "reports:annual_section_reset": {"year": "last_year", "key": "section"},
    "monitoring:period_detail": {"pk": "period"},
    "monitoring:period_lock": {"pk": "period"},
    "monitoring:period_reopen": {"pk": "locked_period"},
    "monitoring:receipt_acknowledge": {"pk": "locked_period"},
    "monitoring:submission_detail": {"period_pk": "period", "unit_pk": "unit"},
    "monitoring:submission_review": {"period_pk": "period", "unit_pk": "unit"},
    "monitoring:evidence_download": {"pk": "evidence"},
    "monitoring:evidence_delete": {"pk": "evidence"},
    "monitoring:excel_template": {"pk": "submission"},
    "monitoring:excel_upload": {"pk": "submission"},
    "monitoring:excel_confirm": {"pk": "submission"},
    "reports:quarterly_report": {"pk": "locked_period"},
    "reports:quarterly_report_create": {"pk": "locked_period"},
    "reports:quarterly_report_chart": {"pk": "locked_period", "name": "=capaian"},
    "reports:semester_report": {"pk": "semester_period"},
    "reports:semester_report_create": {"pk": "semester_period"},
    "reports:semester_report_chart": {"pk": "semester_period", "name": "=capaian"},
    "portal:agency": {"pk": "agency"},
    # The world's document is a draft: the portal answers 404 to everyone.
    "portal:download": {"pk": "document"},
    "portal:download_docx": {"pk": "document"},
    "portal:renstra": {"pk": "agency"},
    "portal:iku": {"pk": "agency"},
    # Last year's Rencana Aksi are accepted; this year's only one is Bidang IKP's draft.
    "portal:action_plans": {"pk": "agency", "year": "last_year"},
    "portal:action_plans (draft)": {"pk": "agency", "year": "this_year"},
    "reports:download_docx": {"pk": "document"},
    "reports:download_pdf": {"pk": "document"},
    "reports:download_xlsx": {"pk": "document"},
    "reports:download_docx (published)": {"pk": "published_document"},
    "reports:download_pdf (published)": {"pk": "published_document"},
    "reports:download_xlsx (published)": {"pk": "published_document"},
    "reports:download_docx (draft)": {"pk": "draft_document"},
    "reports:download_pdf (draft)": {"pk": "draft_document"},
    "reports:download_xlsx (draft)": {"pk": "draft_document"},
    "reports:publish (draft)": {"pk": "draft_document"},
    "reports:publish": {"pk": "document"},
    "reports:job": {"pk": "job"},
    "reports:job_retry": {"pk": "job"},
    "regency:agency": {"pk": "agency"},
}
QUERY: dict[str, str] = {
    "planning:goal_create": "renstra={renstra}",
    "planning:objective_create": "goal={goal}",
    "planning:indicator_create": "objective={objective}",
    "planning:program_create": "renstra={renstra}",
    "planning:activity_create": "program={program}",
    "planning:sub_activity_create": "activity={activity}",
    "planning:export": "renstra={renstra}",
    "procedures:run_start": "sop={sop}",
}

# fmt: off
# Columns in the order of PERSONAS: anonymous, employee (pegawai.rina), head of bidang A (kabid.ikp),
# head of bidang B (kabid.aptika), kasi of bidang A, planning staff, reviewer (kasubag.umum),
# agency head (kadis), Sekretaris, regency reader (bagor), administrator.
#                                           anon empl kabA kabB kasi staf rev  kdis sekr bagr admn
EXPECTED: dict[str, tuple[int, ...]] = {
    "administration:home":                 (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:people_list":          (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:person_create":        (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:person_detail":        (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:person_update":        (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:person_holding_create": (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:holding_end":          (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:unit_list":            (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:unit_detail":          (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:position_create":      (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:position_detail":      (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:position_update":      (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:holding_create":       (302, 404, 404, 404, 404, 404, 200, 404, 404, 404, 200),
    "administration:account_create":       (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 302),
    "administration:account_password":     (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:account_deactivate":   (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "administration:account_activate":     (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "administration:unit_create":          (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:unit_update":          (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:unit_move":            (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:unit_close":           (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:profile_list":         (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:profile_edit":         (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:profile_emblem":       (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:lockout_list":         (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:agency_create":        (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:structure_template":   (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:structure_import":     (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "administration:structure_confirm":    (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "administration:lockout_lift":         (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "accounts:login":                      (200, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "accounts:logout":                     (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "accounts:password_change":            (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:password_change_done":       (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:profile":                    (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:password_reset":             (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:password_reset_done":        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:password_reset_confirm":     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:password_reset_complete":    (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "accounts:session_status":             (401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # The regency view: the regency reader and administrators; for the agencies' people it does not exist.
    "regency:overview":                   (302, 404, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "regency:agency":                     (302, 404, 404, 404, 404, 404, 404, 404, 404, 200, 200),
    "reports:annual_report":            (302, 404, 404, 404, 404, 200, 200, 200, 200, 404, 200),
    "reports:annual_report_chart":      (302, 404, 404, 404, 404, 200, 200, 200, 200, 404, 200),
    "reports:annual_report_create":     (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "reports:annual_report_list":       (302, 404, 404, 404, 404, 200, 200, 200, 200, 404, 200),
    "reports:annual_section_edit":      (302, 404, 404, 404, 404, 200, 200, 403, 403, 404, 200),
    "reports:annual_section_reset":     (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "monitoring:evidence_delete":          (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "monitoring:evidence_download":        (302, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200),
    "monitoring:excel_confirm":            (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "monitoring:excel_template":           (302, 200, 200, 404, 200, 404, 404, 404, 404, 404, 200),
    "monitoring:excel_upload":             (302, 200, 200, 404, 200, 404, 404, 404, 404, 404, 200),
    "monitoring:period_detail":            (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 200),
    "monitoring:period_list":              (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "monitoring:period_lock":              (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "monitoring:period_open":              (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "monitoring:period_reopen":            (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "reports:quarterly_report":         (302, 404, 404, 404, 404, 200, 200, 200, 200, 200, 200),
    "reports:quarterly_report_chart":   (302, 404, 404, 404, 404, 200, 200, 200, 200, 200, 200),
    "reports:quarterly_report_create":  (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "reports:quarterly_report_list":    (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "monitoring:receipt_acknowledge":      (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "reports:semester_report":          (302, 404, 404, 404, 404, 200, 200, 200, 200, 200, 200),
    "reports:semester_report_chart":    (302, 404, 404, 404, 404, 200, 200, 200, 200, 200, 200),
    "reports:semester_report_create":   (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "monitoring:submission_detail":        (302, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200),
    "monitoring:submission_review":        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "organization:structure":              (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "planning:action_plan_accept":        (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:action_plan_create":         (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:action_plan_detail":         (302, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200),
    "planning:action_plan_export":         (302, 200, 200, 404, 200, 200, 200, 200, 200, 404, 200),
    "planning:action_plan_import":         (302, 404, 200, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:action_plan_import_confirm": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:action_plan_list":           (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "planning:action_plan_return":         (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:action_plan_submit":         (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:action_plan_sync":           (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:activity_create":            (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:activity_update":            (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:export":                     (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "planning:goal_create":                (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:goal_update":                (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:import":                     (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:import_confirm":             (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:import_job":                 (302, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "planning:indicator_create":           (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:indicator_detail":           (302, 404, 200, 404, 404, 200, 200, 200, 200, 200, 200),
    "planning:indicator_update":           (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:objective_create":           (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:objective_update":           (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:program_create":             (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:program_update":             (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:renstra_create":             (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:renstra_update":             (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:rkt_acknowledge":            (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:rkt_detail":                 (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 200),
    "planning:rkt_fill_complete":          (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:rkt_form":                   (302, 200, 200, 404, 200, 200, 200, 200, 200, 200, 200),
    "planning:rkt_list":                   (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "planning:rkt_review":                 (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:rkt_socialization":          (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "planning:rkt_submit":                 (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "planning:sub_activity_create":        (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:sub_activity_update":        (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:tree":                       (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    # The dashboard (issue 11): the agency head, the Sekretaris and the planners see their agency,
    # a unit head their unit; the Kasubag Umum, employees, the administrator and the regency reader
    # (who has the regency's own view) have none: 404.
    "dashboard:home":                      (302, 404, 200, 200, 200, 200, 404, 200, 200, 404, 404),
    "dashboard:export":                    (302, 404, 200, 200, 200, 200, 404, 200, 200, 404, 404),
    "procedures:compliance":               (302, 200, 200, 200, 200, 200, 200, 200, 200, 302, 200),
    "procedures:compliance_xlsx":          (302, 200, 200, 200, 200, 200, 200, 200, 200, 302, 200),
    "procedures:holiday_create":           (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "procedures:holiday_delete":           (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "procedures:holiday_list":             (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "procedures:holiday_update":           (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "procedures:inbox":                    (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "procedures:notification_read":        (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "procedures:notifications_read_all":   (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "procedures:run_detail":               (302, 200, 200, 200, 404, 200, 200, 200, 200, 404, 200),
    "procedures:run_list":                 (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "procedures:schedule_create":          (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "procedures:schedule_delete":          (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "procedures:schedule_detail":          (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 200),
    "procedures:schedule_update":          (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "procedures:run_start":                (302, 404, 404, 404, 404, 200, 200, 200, 200, 404, 200),
    "procedures:sop_edit":                 (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 200),
    "procedures:sop_history":              (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "procedures:sop_list":                 (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "procedures:sop_sheet":                (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "procedures:sop_sheet_pdf":            (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "procedures:task_complete":            (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "procedures:task_detail":              (302, 404, 200, 404, 404, 200, 200, 200, 200, 404, 200),
    "procedures:task_file":                (302, 404, 200, 404, 404, 200, 200, 200, 200, 404, 200),
    "procedures:task_return":              (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "portal:agency":                       (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:download":                     (404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "portal:download_docx":                (404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "portal:renstra":                      (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:iku":                          (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:action_plans":                 (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "portal:action_plans (draft)":         (404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "portal:index":                        (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "reports:archive":                     (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "reports:download_docx":               (302, 404, 200, 404, 404, 200, 200, 200, 200, 200, 200),
    "reports:download_pdf":                (302, 404, 200, 404, 404, 200, 200, 200, 200, 200, 200),
    "reports:download_xlsx":               (302, 404, 200, 404, 404, 200, 200, 200, 200, 200, 200),
    "reports:download_docx (published)":   (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "reports:download_pdf (published)":    (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "reports:download_xlsx (published)":   (302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "reports:download_docx (draft)":       (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 200),
    "reports:download_pdf (draft)":        (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 200),
    "reports:download_xlsx (draft)":       (302, 200, 200, 200, 200, 200, 200, 200, 200, 404, 200),
    "reports:job":                         (302, 404, 404, 404, 404, 200, 404, 404, 404, 404, 404),
    "reports:job_retry":                   (302, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "reports:publish":                     (302, 404, 403, 404, 404, 403, 403, 403, 403, 403, 403),
    "reports:publish (draft)":             (302, 403, 403, 403, 403, 200, 200, 403, 403, 404, 200),
    "shell:choose_year":                   (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    "shell:home":                          (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
}
# fmt: on

# The POST-only actions (405 to every GET above), posted empty by every persona, each in a
# transaction rolled back afterwards: 404 outside the person's scope, else whatever an empty form
# earns (a redirect with a message, the page again with its errors, 403 where the object may be
# seen but not acted on).
# fmt: off
#                                           anon empl kabA kabB kasi staf rev  kdis sekr bagr admn
POST_EXPECTED: dict[str, tuple[int, ...]] = {
    "accounts:logout":                     (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "administration:lockout_lift":         (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 302),
    "administration:account_activate":     (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 302),
    "administration:account_deactivate":   (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 302),
    "administration:structure_confirm":    (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 302),
    "reports:annual_report_create":     (302, 404, 404, 404, 404, 302, 302, 403, 403, 404, 302),
    "reports:annual_section_reset":     (302, 404, 404, 404, 404, 302, 302, 403, 403, 404, 302),
    "monitoring:evidence_delete":          (302, 302, 302, 404, 302, 404, 404, 404, 404, 404, 302),
    "monitoring:excel_confirm":            (302, 302, 302, 404, 302, 404, 404, 404, 404, 404, 302),
    "monitoring:period_lock":              (302, 404, 404, 404, 404, 302, 302, 404, 404, 404, 302),
    "monitoring:period_open":              (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "monitoring:period_reopen":            (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "reports:quarterly_report_create":  (302, 404, 404, 404, 404, 302, 302, 403, 403, 403, 302),
    "monitoring:receipt_acknowledge":      (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "reports:semester_report_create":   (302, 404, 404, 404, 404, 302, 302, 403, 403, 403, 302),
    "monitoring:submission_review":        (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "planning:action_plan_accept":        (302, 404, 404, 404, 404, 302, 302, 404, 404, 404, 302),
    "planning:action_plan_create":         (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "planning:action_plan_import_confirm": (302, 404, 302, 404, 404, 302, 302, 404, 404, 404, 302),
    "planning:action_plan_return":         (302, 404, 404, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:action_plan_submit":         (302, 404, 200, 404, 404, 200, 200, 404, 404, 404, 200),
    "planning:action_plan_sync":           (302, 404, 302, 404, 404, 302, 302, 404, 404, 404, 302),
    "planning:import_confirm":             (302, 404, 404, 404, 404, 302, 302, 404, 404, 404, 302),
    "planning:rkt_acknowledge":            (302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 302),
    "planning:rkt_fill_complete":          (302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 302),
    "planning:rkt_submit":                 (302, 302, 404, 404, 404, 404, 404, 404, 404, 404, 302),
    "procedures:holiday_delete":           (302, 404, 404, 404, 404, 302, 302, 404, 404, 404, 302),
    "procedures:schedule_delete":          (302, 404, 404, 404, 404, 302, 302, 404, 404, 404, 302),
    "procedures:notification_read":        (302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 404),
    "procedures:notifications_read_all":   (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "procedures:task_complete":            (302, 404, 302, 404, 404, 404, 404, 404, 404, 404, 302),
    "procedures:task_return":              (302, 404, 200, 404, 404, 404, 404, 404, 404, 404, 200),
    "reports:job_retry":                   (302, 404, 404, 404, 404, 302, 404, 404, 404, 404, 404),
    "shell:choose_year":                   (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
}
# fmt: on


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in EXCLUDED_NAMESPACES:
                continue
            joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(pattern.url_patterns, joined)
        elif isinstance(pattern, URLPattern) and pattern.name not in EXCLUDED_NAMES:
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def url_names() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def _name(key: str) -> str:
    """The URL name of a row: "reports:download_pdf (published)" is reports:download_pdf."""
    return key.split(" (", 1)[0]


def row_keys() -> list[str]:
    """Every URL name, and the rows that ask a URL about a second object."""
    return url_names() + sorted(key for key in EXPECTED if key != _name(key))


def test_every_url_pattern_has_a_row():
    names = url_names()
    missing = [name for name in names if name not in EXPECTED]
    assert not missing, (
        "These URL patterns have no row in EXPECTED (sakip/shell/tests/test_url_access.py): "
        + ", ".join(missing)
        + ". Add a row with the status each persona gets for a GET, ids and query in KWARGS/QUERY."
    )
    gone = sorted({_name(key) for key in EXPECTED} - set(names))
    assert not gone, f"EXPECTED has rows for URL patterns that no longer exist: {', '.join(gone)}"
    assert all(len(row) == len(PERSONAS) for row in EXPECTED.values())


def post_only_names() -> list[str]:
    return sorted(
        name for name, row in EXPECTED.items() if set(row[1:]) == {405} and name == _name(name)
    )


def test_every_post_only_action_has_a_row():
    missing = [name for name in post_only_names() if name not in POST_EXPECTED]
    listed = ", ".join(missing)
    assert not missing, f"These POST-only URL patterns have no row in POST_EXPECTED: {listed}"
    gone = sorted(set(POST_EXPECTED) - set(post_only_names()))
    assert not gone, f"POST_EXPECTED has rows for URLs that are not POST-only: {', '.join(gone)}"


def _url(name: str, world: UrlWorld) -> str:
    kwargs = {
        key: value[1:] if value.startswith("=") else world.ids[value]
        for key, value in KWARGS.get(name, {}).items()
    }
    url = reverse(_name(name), kwargs=kwargs)
    query = QUERY.get(name)
    return f"{url}?{query.format(**world.ids)}" if query else url


@pytest.fixture
def world(db, settings, tmp_path) -> UrlWorld:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


@pytest.fixture
def no_drawing(monkeypatch):
    """Charts and the SOP sheet's PDF are answered with fixed bytes: drawing them (seconds of
    matplotlib and WeasyPrint per persona) says nothing about who may fetch them. Found by name,
    wherever the document code lives."""
    for module in [m for name, m in sys.modules.items() if name.startswith("sakip.")]:
        if callable(getattr(module, "render_png", None)) and module.__name__.endswith("charts"):
            monkeypatch.setattr(module, "render_png", lambda *args, **kwargs: PNG)
    from sakip.procedures import pdf

    monkeypatch.setattr(pdf, "sop_sheet_pdf", lambda revision: b"%PDF-1.4")


def _row(name: str, statuses: tuple[int, ...]) -> str:
    return f'    "{name}": ({", ".join(str(s) for s in statuses)}),'


def _clients(world: UrlWorld) -> dict[str, Client]:
    clients: dict[str, Client] = {}
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(world.users[persona])
        clients[persona] = client
    return clients


def _posted(client: Client, url: str) -> int:
    """POST, then forget it: the database rolls back and the client keeps its session cookie
    (logging out, for one, replaces it)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        status = client.post(url).status_code
        transaction.set_rollback(True)
    client.cookies = cookies
    return status


def test_every_persona_gets_the_expected_answers(world, no_drawing):
    """One world for both tables: building it (the demo) is most of the test's time."""
    clients = _clients(world)
    got = {
        name: tuple(clients[p].get(_url(name, world)).status_code for p in PERSONAS)
        for name in row_keys()
    }
    posted = {
        name: tuple(_posted(clients[p], _url(name, world)) for p in PERSONAS)
        for name in post_only_names()
    }
    report = _differences(world, "EXPECTED", EXPECTED, got) + _differences(
        world, "POST_EXPECTED", POST_EXPECTED, posted
    )
    if report:
        pytest.fail("\n\n".join(report))


def _differences(
    world: UrlWorld,
    table: str,
    expected_rows: dict[str, tuple[int, ...]],
    observed: dict[str, tuple[int, ...]],
) -> list[str]:
    """What differs from `table`, and the observed rows to copy once each change is intended."""
    wrong = [name for name in observed if observed[name] != expected_rows.get(name)]
    if not wrong:
        return []
    lines = []
    for name in wrong:
        expected = expected_rows.get(name)
        diff = (
            ", ".join(
                f"{p}: expected {e}, got {o}"
                for p, e, o in zip(PERSONAS, expected, observed[name], strict=True)
                if e != o
            )
            if expected
            else "no row"
        )
        lines.append(f"{name} ({_url(name, world)}): {diff}")
    rows = "\n".join(_row(name, observed[name]) for name in observed)
    return [
        f"Answers differ from {table}:\n"
        + "\n".join(lines)
        + f"\n\nObserved rows of {table} (copy only after checking each change is intended):\n"
        + rows
    ]
