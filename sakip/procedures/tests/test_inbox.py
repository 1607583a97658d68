"""The inbox: open tasks overdue first, deadlines relative (working time) and absolute (WITA),
the status always written, notifications and recently completed tasks; constant query count."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sakip.conftest import PASSWORD

from .. import engine, selectors_runs
from ..choices import DurationUnit
from ..models import Notification, ProcedureRun
from .factories import lane, make_revision, make_two_step_sop, open_task, start_run, step, wita

FRIDAY_0830 = wita(2026, 11, 27, 8, 30)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(selectors_runs, "current_time", lambda: FRIDAY_0830)
    return FRIDAY_0830


def two_day_sop(agency):
    from sakip.organization.choices import Role

    rev = make_revision(agency, code="dua-hari", title="Penyusunan Laporan Semester")
    staf = lane(rev, 1, "Staf", Role.PLANNING_STAFF)
    step(rev, 1, staf, activity="Menyusun laporan semester", value="2", unit=DurationUnit.DAY)
    return rev


@pytest.fixture
def three_tasks(organization):
    """staf.evaluasi has a late task, one due soon and one on time (at Friday 08:30)."""
    rev = make_two_step_sop(organization.agency)
    # Due Monday 10:00: late by 28 jam 30 menit of working time at Friday 08:30.
    start_run(organization, rev, now=wita(2026, 11, 23, 8, 0), title="Run terlambat")
    # Due Friday 09:30: 1 jam left (amber).
    start_run(organization, rev, now=wita(2026, 11, 27, 7, 30), title="Run segera")
    # 2 hari from Friday 08:00: due Tuesday 08:00 → 14 jam 30 menit left.
    start_run(
        organization,
        two_day_sop(organization.agency),
        now=wita(2026, 11, 27, 8, 0),
        title="Run sesuai jadwal",
    )


def test_open_tasks_overdue_first_with_relative_and_absolute_deadlines(
    client, organization, three_tasks, clock
):
    client.login(username="staf.evaluasi", password=PASSWORD)
    response = client.get(reverse("procedures:inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = response.context["inbox"].rows
    assert [r.task.run.title for r in rows] == ["Run terlambat", "Run segera", "Run sesuai jadwal"]
    assert [r.timing.status for r in rows] == ["late", "due_soon", "on_time"]
    assert "terlambat 28 jam 30 menit kerja · Senin, 23 November 2026 10:00" in html
    assert "1 jam kerja lagi · Jumat, 27 November 2026 09:30" in html
    assert "14 jam 30 menit kerja lagi · Selasa, 01 Desember 2026 08:00" in html
    # The status is written, never colour alone.
    labels = re.findall(r'data-status="(\w+)">\s*<i[^>]*></i>\s*([^<]+?)</span>', html)
    assert labels == [
        ("late", "Terlambat"),
        ("due_soon", "Segera berakhir"),
        ("on_time", "Sesuai jadwal"),
    ]
    # What to do, with its requirements and expected output, and where to do it.
    assert "Menyiapkan bahan" in html
    assert "Kelengkapan" in html and "Formulir kinerja" in html
    task = rows[0].task
    assert reverse("procedures:task_detail", args=[task.pk]) in html
    assert "Langkah 1" in html


def test_per_unit_task_shows_its_unit(client, organization, clock):
    from .factories import make_rkt_like_sop

    run = start_run(
        organization, make_rkt_like_sop(organization.agency), now=wita(2026, 11, 27, 7, 30)
    )
    for number in (1, 2, 3):
        task = open_task(run, number)
        engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 27, 7, 30))
    client.login(username="kabid.ikp", password=PASSWORD)
    html = client.get(reverse("procedures:inbox")).content.decode()
    assert "Mengisi form RKT kegiatan" in html
    assert "Bidang IKP" in html
    assert "Bidang Aptika" not in html


def test_inbox_only_holds_the_users_tasks(client, organization, three_tasks, clock):
    client.login(username="kabid.ikp", password=PASSWORD)
    response = client.get(reverse("procedures:inbox"))
    assert response.context["inbox"].rows == []
    assert "Tidak ada tugas yang perlu dikerjakan saat ini." in response.content.decode()


def test_notifications_are_listed_and_marked_read(client, organization, three_tasks, clock):
    client.login(username="staf.evaluasi", password=PASSWORD)
    user = organization["staf.evaluasi"]
    response = client.get(reverse("procedures:inbox"))
    assert response.context["inbox"].unread == 3
    assert "Tugas baru: Langkah 1 — Menyiapkan bahan" in response.content.decode()
    notification = Notification.objects.filter(user=user).first()
    assert notification is not None
    response = client.post(reverse("procedures:notification_read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    client.post(reverse("procedures:notifications_read_all"))
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_a_notification_whose_task_is_done_no_longer_counts_as_unread(
    client, organization, three_tasks, clock
):
    """Issue 8 point 6: the badge and the list agree with the tasks. Completing a task leaves its
    notification in the list, shown as read, without the "mark read" button."""
    user = organization["staf.evaluasi"]
    client.login(username="staf.evaluasi", password=PASSWORD)
    late = open_task(ProcedureRun.objects.get(title="Run terlambat"), 1)
    engine.task_complete(actor=user, task=late, now=FRIDAY_0830)
    response = client.get(reverse("procedures:inbox"))
    inbox = response.context["inbox"]
    assert inbox.unread == 2
    html = response.content.decode()
    assert "2 belum dibaca" in html
    done = Notification.objects.get(user=user, task=late)
    assert done.read_at is None  # nobody read it; it simply has nothing left to act on
    shown = next(n for n in inbox.notifications if n.pk == done.pk)
    assert shown.is_unread is False
    assert reverse("procedures:notification_read", args=[done.pk]) not in html
    assert html.count("· belum dibaca") == 2
    # A notification without a task (a report to acknowledge) stays unread until it is read.
    Notification.objects.create(user=user, kind="assigned", message="Laporan TW I disampaikan.")
    inbox = client.get(reverse("procedures:inbox")).context["inbox"]
    assert inbox.unread == 3
    assert [n.is_unread for n in inbox.notifications if n.task_id is None] == [True]


def test_the_same_event_notifies_once(organization, three_tasks):
    """Recipient, task and kind identify an event: a second notice of it is not created, and the
    database refuses a duplicate that races past the check."""
    from django.db import IntegrityError, transaction

    from ..choices import NotificationKind
    from ..notifications import notify

    user = organization["staf.evaluasi"]
    task = open_task(ProcedureRun.objects.get(title="Run segera"), 1)
    first = Notification.objects.get(user=user, task=task, kind=NotificationKind.ASSIGNED)
    again = notify(user=user, task=task, kind=NotificationKind.ASSIGNED)
    assert again == first
    assert Notification.objects.filter(user=user, task=task).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            user=user, task=task, kind=NotificationKind.ASSIGNED, message="lagi"
        )
    # Another kind of event about the same task is a notification of its own.
    notify(user=user, task=task, kind=NotificationKind.REMINDER)
    assert Notification.objects.filter(user=user, task=task).count() == 2


def test_someone_elses_notification_cannot_be_marked(client, organization, three_tasks):
    notification = Notification.objects.filter(user=organization["staf.evaluasi"]).first()
    assert notification is not None
    client.login(username="kabid.ikp", password=PASSWORD)
    response = client.post(reverse("procedures:notification_read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_read_is_post_only(client, organization, three_tasks):
    notification = Notification.objects.filter(user=organization["staf.evaluasi"]).first()
    assert notification is not None
    client.login(username="staf.evaluasi", password=PASSWORD)
    assert (
        client.get(reverse("procedures:notification_read", args=[notification.pk])).status_code
        == 405
    )


def test_recently_completed_tasks(client, organization, clock):
    run = start_run(
        organization, make_two_step_sop(organization.agency), now=wita(2026, 11, 27, 7, 30)
    )
    task = open_task(run, 1)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 27, 8, 0))
    client.login(username="staf.evaluasi", password=PASSWORD)
    response = client.get(reverse("procedures:inbox"))
    assert response.context["inbox"].completed == [task]
    assert response.context["inbox"].rows == []


def test_inbox_needs_login(client):
    response = client.get(reverse("procedures:inbox"))
    assert response.status_code == 302


def _count(client):
    cache.clear()  # the computed page: the lists are kept under the data stamps otherwise
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("procedures:inbox"))
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_tasks(client, organization, clock):
    rev = make_two_step_sop(organization.agency)
    client.login(username="staf.evaluasi", password=PASSWORD)
    start_run(organization, rev, now=wita(2026, 11, 27, 7, 30))
    done = open_task(rev.runs.get(), 1)
    engine.task_complete(actor=done.assignee, task=done, now=wita(2026, 11, 27, 7, 40))
    start_run(organization, rev, now=wita(2026, 11, 27, 7, 30))
    one = _count(client)
    longer = two_day_sop(organization.agency)
    for _ in range(6):
        run = start_run(organization, rev, now=wita(2026, 11, 27, 7, 30))
        task = open_task(run, 1)
        engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 27, 7, 45))
        start_run(organization, rev, now=wita(2026, 11, 23, 7, 30))
        start_run(organization, longer, now=wita(2026, 11, 27, 8, 0))
    assert len(selectors_runs.inbox(organization["staf.evaluasi"], now=FRIDAY_0830).rows) > 10
    assert _count(client) == one


def test_work_pages_are_found_once_per_step_handler(client, organization, clock, monkeypatch):
    """A step whose work page needs a query (the RKT form, the quarter's data) answers for all
    of the inbox's tasks at once: more such tasks, no more queries."""
    from sakip.organization.choices import Role

    from .. import actions
    from ..models import ProcedureRun
    from .factories import lane, make_revision, step

    class RunPageHandler(actions.StepHandler):
        key = "test.run_page"
        calls = 0

        def work_urls(self, tasks):
            RunPageHandler.calls += 1
            runs = set(ProcedureRun.objects.filter(pk__in=[t.run_id for t in tasks]))
            return {t.pk: f"/kerja/{t.run_id}/" for t in tasks if t.run in runs}

    monkeypatch.setitem(actions._STEP_HANDLERS, "test.run_page", RunPageHandler())
    rev = make_revision(organization.agency, code="halaman-kerja")
    step(rev, 1, lane(rev, 1, "Staf", Role.PLANNING_STAFF), action="test.run_page")
    client.login(username="staf.evaluasi", password=PASSWORD)
    first = start_run(organization, rev, now=wita(2026, 11, 27, 7, 30))
    one = _count(client)
    for _ in range(4):
        start_run(organization, rev, now=wita(2026, 11, 27, 7, 30))
    RunPageHandler.calls = 0
    assert _count(client) == one
    assert RunPageHandler.calls == 1
    html = client.get(reverse("procedures:inbox")).content.decode()
    assert f'href="/kerja/{first.pk}/"' in html
