"""What the inbox and the working calendar keep under the data stamps (core/data_stamp.py): kept
until a task, a notification, a run or the calendar changes, and every such change shows on the
next view; what moves with the clock (a deadline passing) is judged on every view."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.conftest import PASSWORD
from sakip.core import data_stamp

from .. import engine, selectors_runs, services_calendar
from ..calendar import calendar_for, calendars_for
from ..choices import HolidayKind
from ..models import Notification, Task
from ..working_time import DaySchedule
from .factories import make_two_step_sop, open_task, start_run, wita

pytestmark = pytest.mark.django_db

FRIDAY_0730 = wita(2026, 11, 27, 7, 30)


@pytest.fixture
def now(monkeypatch):
    """The pages' clock, set by the test."""
    moment = {"now": wita(2026, 11, 27, 8, 0)}
    monkeypatch.setattr(selectors_runs, "current_time", lambda: moment["now"])
    return moment


def _inbox(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("procedures:inbox"))
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries]


def _without_tokens(html: str) -> str:
    """The page but its CSRF tokens, which differ on every response."""
    return re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", html)


def _reads_tasks(sql: list[str]) -> bool:
    return any('"procedures_task"' in statement for statement in sql)


def test_the_inbox_is_kept_until_a_task_changes_and_shows_each_change_at_once(
    client, organization, now
):
    revision = make_two_step_sop(organization.agency)
    run = start_run(organization, revision, now=FRIDAY_0730, title="Run pertama")
    client.login(username="staf.evaluasi", password=PASSWORD)
    first, sql = _inbox(client)
    assert "Run pertama" in first and _reads_tasks(sql)
    again, sql = _inbox(client)
    assert _without_tokens(again) == _without_tokens(first)
    assert not _reads_tasks(sql)  # kept: only the stamps were read

    start_run(organization, revision, now=FRIDAY_0730, title="Run kedua")
    html, sql = _inbox(client)
    assert "Run kedua" in html and _reads_tasks(sql)

    task = open_task(run, 1)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 27, 8, 10))
    html, _sql = _inbox(client)
    open_list = html.split('id="open-tasks"')[1].split("</ul>")[0]
    completed = html.split('id="completed-tasks"')[1].split("</ul>")[0]
    assert "Run pertama" not in open_list and "Run kedua" in open_list
    assert "Run pertama" in completed


def test_a_run_renamed_shows_at_once(client, organization, now):
    run = start_run(organization, make_two_step_sop(organization.agency), now=FRIDAY_0730)
    client.login(username="staf.evaluasi", password=PASSWORD)
    assert "Penyusunan RKT 2027" in _inbox(client)[0]
    run.title = "Penyusunan RKT Perubahan 2027"
    run.save()
    assert "Penyusunan RKT Perubahan 2027" in _inbox(client)[0]


def test_notifications_marked_read_show_at_once(client, organization, now):
    start_run(organization, make_two_step_sop(organization.agency), now=FRIDAY_0730)
    user = organization["staf.evaluasi"]
    assert Notification.objects.filter(user=user, read_at__isnull=True).exists()
    client.login(username="staf.evaluasi", password=PASSWORD)
    assert "belum dibaca" in _inbox(client)[0]
    client.post(reverse("procedures:notifications_read_all"))  # a QuerySet.update()
    html, _sql = _inbox(client)
    assert "belum dibaca" not in html
    assert "Tandai semua sudah dibaca" not in html


def test_a_kept_inbox_still_judges_its_deadlines_by_the_clock(client, organization, now):
    """The two-step SOP's first step is due 60 working minutes after it starts (09:30)."""
    start_run(organization, make_two_step_sop(organization.agency), now=FRIDAY_0730)
    client.login(username="staf.evaluasi", password=PASSWORD)
    now["now"] = wita(2026, 11, 27, 8, 0)
    html, _sql = _inbox(client)
    assert 'data-status="due_soon"' in html and 'data-status="late"' not in html
    now["now"] = wita(2026, 11, 27, 10, 0)  # nothing written: only the clock moved
    html, sql = _inbox(client)
    assert not _reads_tasks(sql)
    assert 'data-status="late"' in html and "terlambat 30 menit kerja" in html


def test_the_calendar_is_kept_until_a_holiday_or_a_schedule_changes(organization):
    agency = organization.agency
    monday = dt.date(2026, 11, 30)
    before = calendar_for(agency)
    assert before.schedule_on(monday) is not None
    with CaptureQueriesContext(connection) as queries:
        assert calendar_for(agency) == before
    assert [q["sql"] for q in queries if "procedures_" in q["sql"]] == []

    services_calendar.holiday_create(
        actor=None, date=monday, name="Hari jadi kabupaten", kind=HolidayKind.LOCAL, agency=agency
    )
    assert calendar_for(agency).schedule_on(monday) is None
    assert calendars_for([agency.pk])[agency.pk].schedule_on(monday) is None


def test_a_schedules_days_written_in_bulk_move_the_calendar(organization):
    """The schedule service rewrites its days with bulk_create, which sends no post_save."""
    schedule, _created = services_calendar.default_schedule_ensure()
    before = data_stamp.current_token(data_stamp.CALENDAR)
    services_calendar._write_days(schedule, {0: DaySchedule(dt.time(8), dt.time(12))})
    assert data_stamp.current_token(data_stamp.CALENDAR) != before
    monday, tuesday = dt.date(2026, 11, 30), dt.date(2026, 12, 1)
    calendar = calendar_for(organization.agency)
    assert calendar.schedule_on(monday) == DaySchedule(dt.time(8), dt.time(12))
    assert calendar.schedule_on(tuesday) is None


def test_tasks_and_notifications_move_the_tasks_stamp(organization):
    run = start_run(organization, make_two_step_sop(organization.agency), now=FRIDAY_0730)
    before = data_stamp.current_token(data_stamp.TASKS)
    task = Task.objects.filter(run=run).first()
    assert task is not None
    task.save()
    after_task = data_stamp.current_token(data_stamp.TASKS)
    assert after_task != before
    Notification.objects.filter(task=task).first().save()  # type: ignore[union-attr]
    assert data_stamp.current_token(data_stamp.TASKS) != after_task
