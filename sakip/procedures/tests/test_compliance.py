"""SOP compliance on hand-made runs with one late task; the numbers are computed by hand.

Two-step SOP: step 1 "Staf" 2 jam, step 2 "Kasubag Perencanaan" 1 jam (Mon–Thu 07:30–16:00,
break 12:00–13:00).

Run 1, Monday 23 November 2026:
- step 1 opens 08:00, due 10:00, done 09:00 → on time, 60 working minutes;
- step 2 opens 09:00, due 10:00, done 13:30 → late. Actual: 09:00–12:00 (180) + 13:00–13:30 (30)
  = 210 minutes; late: 10:00–12:00 (120) + 13:00–13:30 (30) = 150 minutes = "2 jam 30 menit".
Run 2, Tuesday 24 November 2026:
- step 1 opens 08:00, due 10:00, done exactly 10:00 → on time (completed_at <= deadline), 120 min;
- step 2 opens 10:00 and stays open (not counted).
Per SOP: 3 completed, 2 on time → 66,67 %. Per role: Staf 2/2 → 100,00 %; Kasubag 0/1 → 0,00 %.
"""

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from sakip.conftest import PASSWORD

from .. import engine, selectors_runs
from ..compliance import compliance_report, run_compliance
from .factories import make_two_step_sop, open_task, start_run, wita


@pytest.fixture
def runs(organization):
    revision = make_two_step_sop(organization.agency, title="Pelaksanaan Pengukuran Kinerja")
    first = start_run(organization, revision, now=wita(2026, 11, 23, 8, 0), title="Run Senin")
    task = open_task(first, 1)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 23, 9, 0))
    task = open_task(first, 2)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 23, 13, 30))
    second = start_run(organization, revision, now=wita(2026, 11, 24, 8, 0), title="Run Selasa")
    task = open_task(second, 1)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 24, 10, 0))
    return first, second


def test_report_numbers(organization, runs):
    report = compliance_report(organization["kadis"], now=wita(2026, 11, 24, 10, 30))
    (sop,) = report.per_sop
    assert (sop.label, sop.completed, sop.on_time, sop.late) == (
        "Pelaksanaan Pengukuran Kinerja",
        3,
        2,
        1,
    )
    assert sop.share == Decimal("66.67")
    assert sop.share_display == "66,67%"
    lanes = {s.label: (s.completed, s.on_time, s.share_display) for s in report.per_lane}
    assert lanes == {"Staf": (2, 2, "100,00%"), "Kasubag Perencanaan": (1, 0, "0,00%")}

    by_key = {(r.task.run.title, r.task.step.number): r for r in report.rows}
    late = by_key[("Run Senin", 2)]
    assert late.outcome.actual_minutes == 210
    assert late.outcome.on_time is False
    assert late.late_minutes == 150
    assert late.status_label == "Terlambat 2 jam 30 menit kerja"
    assert late.standard_time == "1 jam"
    on_time = by_key[("Run Selasa", 1)]
    assert (on_time.outcome.actual_minutes, on_time.outcome.on_time) == (120, True)
    assert on_time.status_label == "Tepat waktu"
    still_open = by_key[("Run Selasa", 2)]
    assert still_open.outcome.on_time is None
    assert still_open.status_label == "Belum selesai"


def test_run_compliance_and_share_of_a_run(organization, runs):
    first, second = runs
    assert run_compliance(first, organization["kadis"]).share_display == "50,00%"
    assert run_compliance(second, organization["kadis"]).share_display == "100,00%"


def test_share_rounds_half_up():
    from ..compliance import Share

    assert Share("x", completed=8, on_time=7).share_display == "87,50%"
    assert Share("x", completed=3, on_time=1).share_display == "33,33%"
    assert Share("x", completed=0, on_time=0).share_display == "—"


def test_report_is_scoped_to_what_the_user_sees(organization, runs):
    assert compliance_report(organization["kadis.lain"]).rows == []
    # kabid.ikp has no task in these runs.
    assert compliance_report(organization["kabid.ikp"]).rows == []
    own = compliance_report(organization["staf.evaluasi"]).rows
    assert len(own) == 4  # planning staff is an agency-wide role


def test_compliance_page(client, organization, runs, monkeypatch):
    monkeypatch.setattr(selectors_runs, "current_time", lambda: wita(2026, 11, 24, 10, 30))
    client.login(username="kadis", password=PASSWORD)
    response = client.get(reverse("procedures:compliance"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "66,67%" in html
    assert "Terlambat 2 jam 30 menit kerja" in html
    assert "100,00%" in html


def test_compliance_xlsx(client, organization, runs):
    client.login(username="kasubag.renkeu", password=PASSWORD)
    response = client.get(reverse("procedures:compliance_xlsx"), {"year": 2027})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kepatuhan-sop-2027.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Per langkah", "Per SOP", "Per peran", "Ketepatan unit"]
    per_sop = list(book["Per SOP"].iter_rows(min_row=2, values_only=True))
    assert per_sop[0][:4] == ("Pelaksanaan Pengukuran Kinerja", 3, 2, 1)
    assert per_sop[0][4] == pytest.approx(0.6667)
    per_lane = {row[0]: row[1:] for row in book["Per peran"].iter_rows(min_row=2, values_only=True)}
    assert per_lane["Staf"] == (2, 2, 0, 1)
    assert per_lane["Kasubag Perencanaan"] == (1, 0, 1, 0)
    steps = list(book["Per langkah"].iter_rows(min_row=2, values_only=True))
    late = next(r for r in steps if r[0] == "Run Senin" and r[3] == 2)
    assert late[9] == "1 jam"  # standard time
    assert late[13] == 210  # actual working minutes
    assert late[14] == "Tidak"
    assert late[15] == 150
    assert late[16] == "Terlambat 2 jam 30 menit kerja"
    assert late[11].strftime("%d/%m/%Y %H:%M") == "23/11/2026 10:00"  # deadline in WITA


def test_compliance_xlsx_of_another_agency_is_empty(client, organization, runs):
    client.login(username="kadis.lain", password=PASSWORD)
    response = client.get(reverse("procedures:compliance_xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book["Per langkah"].max_row == 1


# --- many agencies (issue 11): the calendars at once, the figures grouped, the rows paged --------


def test_the_page_reads_every_agencys_calendar_at_once(client, organization, runs, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sakip.conftest import build_second_agency

    monkeypatch.setattr(selectors_runs, "current_time", lambda: wita(2026, 11, 24, 10, 30))
    client.force_login(organization["admin"])
    url = reverse("procedures:compliance")
    client.get(url)
    cache.clear()  # both views computed, the viewer's holdings included
    with CaptureQueriesContext(connection) as one_agency:
        assert client.get(url).status_code == 200
    second = build_second_agency(organization.regency)
    revision = make_two_step_sop(
        second.agency, title="Pelaksanaan Evaluasi Dinkes", first_lane_role="kasubag_planning"
    )
    engine.run_start(
        actor=second["dinkes.kadis"],
        revision=revision,
        agency=second.agency,
        title="Run Dinkes",
        year=2027,
        disposition_to="Kasubag",
        instruction="Segera.",
        urgency="normal",
        disposition_date=wita(2026, 11, 23, 8, 0).date(),
        now=wita(2026, 11, 23, 8, 0),
    )
    cache.clear()
    with CaptureQueriesContext(connection) as two_agencies:
        page = client.get(url).content.decode()
    assert "Run Dinkes" in page and "Run Senin" in page
    assert len(two_agencies) == len(one_agency)


def test_the_task_rows_are_paged(client, organization, runs, monkeypatch):
    from .. import compliance_page

    monkeypatch.setattr(compliance_page, "PAGE_SIZE", 2)
    client.login(username="kadis", password=PASSWORD)
    first = client.get(reverse("procedures:compliance")).content.decode()
    # Four step tasks (two runs of two steps), two a page; the shares still count all of them.
    assert "Halaman 1 dari 2" in first and "66,67%" in first
    rows = first[
        first.index('id="per-step"') : first.index("</table>", first.index('id="per-step"'))
    ]
    assert rows.count("<tr>") == 3  # the header and two tasks
    second = client.get(reverse("procedures:compliance") + "?page=2").content.decode()
    assert "Halaman 2 dari 2" in second


def test_the_regencys_figure_counts_as_the_report_does(organization, runs):
    from ..compliance import compliance_by_agency

    report = compliance_report(organization["kadis"], now=wita(2026, 11, 24, 10, 30))
    shares = compliance_by_agency([organization.agency.pk, organization.other_agency.pk])
    mine = shares[organization.agency.pk]
    assert (
        (mine.completed, mine.on_time) == (report.total.completed, report.total.on_time) == (3, 2)
    )
    assert shares[organization.other_agency.pk].completed == 0
    assert (
        compliance_by_agency([organization.agency.pk], year=2026)[organization.agency.pk].completed
        == 0
    )  # the runs are of 2027
