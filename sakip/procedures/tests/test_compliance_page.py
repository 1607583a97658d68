"""The compliance page counts its shares in the database and reads one page of rows: the same
numbers and rows as the report (tests/compliance_checks.py), kept until a task changes, and the
rows of an open task judged against the clock."""

from __future__ import annotations

import pytest

from .. import engine
from ..compliance_page import compliance_page
from .compliance_checks import assert_page_matches_report
from .factories import make_two_step_sop, open_task, start_run, wita
from .test_compliance import runs  # noqa: F401  (the fixture)
from .test_requests import answered  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["kadis", "staf.evaluasi", "kabid.ikp", "kadis.lain"])
def test_the_page_has_the_reports_shares_and_rows(organization, runs, username):  # noqa: F811
    for year in (None, 2027, 2026):
        assert_page_matches_report(
            organization[username], year=year, now=wita(2026, 11, 24, 10, 30)
        )


def test_the_units_answers_match_the_report(organization, answered):  # noqa: F811
    assert_page_matches_report(organization["kadis"], year=None, now=wita(2026, 12, 1, 8, 0))


def test_the_shares_are_kept_until_a_task_is_completed(organization, runs):  # noqa: F811
    kadis, now = organization["kadis"], wita(2026, 11, 24, 10, 30)
    assert compliance_page(kadis, year=None, now=now).shares.total.completed == 3
    _first, second = runs
    task = open_task(second, 2)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 24, 10, 45))
    total = compliance_page(kadis, year=None, now=now).shares.total
    assert (total.completed, total.on_time) == (4, 3)


def test_an_open_tasks_lateness_moves_with_the_clock(organization):
    """Step 1 of the two-step SOP opens 08:00 and is due 10:00 (2 jam): its row is kept, its
    status judged on each view."""
    start_run(organization, make_two_step_sop(organization.agency), now=wita(2026, 11, 23, 8, 0))
    kadis = organization["kadis"]
    before = compliance_page(kadis, year=None, now=wita(2026, 11, 23, 9, 0)).rows_html
    assert '<span class="badge text-bg-secondary">Belum selesai</span>' in before
    late = compliance_page(kadis, year=None, now=wita(2026, 11, 23, 10, 30)).rows_html
    assert (
        '<span class="badge text-bg-danger">Belum selesai, terlambat 30 menit kerja</span>' in late
    )
    assert_page_matches_report(kadis, year=None, now=wita(2026, 11, 23, 10, 30))


def test_the_rows_are_kept_whoever_asks_and_a_renamed_unit_shows_at_once(organization, answered):  # noqa: F811
    kadis = organization["kadis"]
    now = wita(2026, 12, 1, 8, 0)
    assert "Bidang Aptika" in compliance_page(kadis, year=None, now=now).unit_rows_html
    aptika = organization.aptika
    aptika.name = "Bidang Aplikasi Informatika"
    aptika.save()
    html = compliance_page(kadis, year=None, now=now).unit_rows_html
    assert "Bidang Aplikasi Informatika" in html and "Bidang Aptika<" not in html
