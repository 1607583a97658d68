"""Reminders before the deadline and escalation to the superior after it: sent once, by mail too."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from sakip.audit.models import AuditEvent

from ..choices import NotificationKind
from ..models import Notification
from ..notifications import send_reminders
from .factories import make_two_step_sop, open_task, start_run, wita

THURSDAY_15 = wita(2026, 11, 26, 15, 0)  # step 1 (2 jam) is due Friday 08:30


@pytest.fixture
def run(organization):
    staf = organization["staf.evaluasi"]
    staf.email = "staf.evaluasi@dinas.go.id"
    staf.save()
    # The Kasubag has no login e-mail: the address of the employee record is used.
    employee = organization["kasubag.renkeu"].employee
    employee.email = "kasubag.renkeu@dinas.go.id"
    employee.save()
    return start_run(organization, make_two_step_sop(organization.agency), now=THURSDAY_15)


def kinds(user):
    return sorted(
        Notification.objects.filter(user=user)
        .exclude(kind=NotificationKind.ASSIGNED)
        .values_list("kind", flat=True)
    )


def test_reminder_once_when_little_working_time_is_left(
    organization, run, django_capture_on_commit_callbacks
):
    staf = organization["staf.evaluasi"]
    with django_capture_on_commit_callbacks(execute=True):
        # Thursday 15:30: 90 working minutes left (30 today, 60 on Friday): no reminder yet.
        assert send_reminders(now=wita(2026, 11, 26, 15, 30)).reminded == 0
        # Friday 07:45: 45 working minutes left.
        assert send_reminders(now=wita(2026, 11, 27, 7, 45)).reminded == 1
        assert send_reminders(now=wita(2026, 11, 27, 8, 0)).reminded == 0
    assert kinds(staf) == [NotificationKind.REMINDER]
    (message,) = mail.outbox
    assert message.to == ["staf.evaluasi@dinas.go.id"]
    assert "Pengingat" in message.subject
    assert "Jumat, 27 November 2026 08:30" in message.body
    task = open_task(run, 1)
    assert task.reminded_at == wita(2026, 11, 27, 7, 45)


def test_reminder_threshold_is_a_setting(organization, run, settings):
    settings.REMINDER_BEFORE_MINUTES = 120
    # Thursday 15:30: 90 working minutes left, under two hours.
    assert send_reminders(now=wita(2026, 11, 26, 15, 30)).reminded == 1


def test_overdue_notice_and_escalation_to_the_superior_once(
    organization, run, django_capture_on_commit_callbacks
):
    staf, kasubag = organization["staf.evaluasi"], organization["kasubag.renkeu"]
    with django_capture_on_commit_callbacks(execute=True):
        result = send_reminders(now=wita(2026, 11, 27, 9, 0))
        again = send_reminders(now=wita(2026, 11, 27, 10, 0))
    assert (result.overdue, result.escalations) == (1, 1)
    assert (again.overdue, again.escalations, again.reminded) == (0, 0, 0)
    assert kinds(staf) == [NotificationKind.OVERDUE]
    assert kinds(kasubag) == [NotificationKind.ESCALATION]
    escalation = Notification.objects.get(user=kasubag, kind=NotificationKind.ESCALATION)
    assert staf.display_name in escalation.message
    assert sorted(m.to[0] for m in mail.outbox) == [
        "kasubag.renkeu@dinas.go.id",
        "staf.evaluasi@dinas.go.id",
    ]
    task = open_task(run, 1)
    assert task.escalated_at == wita(2026, 11, 27, 9, 0)
    assert AuditEvent.objects.filter(
        object_type="procedures.task", object_id=str(task.pk), action="escalate"
    ).exists()


def test_a_unit_head_escalates_to_the_agency_head(organization):
    """A Kepala Bidang's superior is the Kepala Dinas (the head of the parent unit)."""
    from .. import engine
    from .factories import make_rkt_like_sop

    run = start_run(organization, make_rkt_like_sop(organization.agency), now=THURSDAY_15)
    at = THURSDAY_15
    for number in (1, 2, 3):
        engine.task_complete(
            actor=open_task(run, number).assignee, task=open_task(run, number), now=at
        )
    # Step 4 opened Thursday 15:00 for each unit, 1 jam: due Thursday 16:00.
    send_reminders(now=wita(2026, 11, 30, 9, 0))
    ikp_task = open_task(run, 4, organization.ikp)
    assert ikp_task.escalated_at is not None
    # Sekretariat, IKP and Aptika: each head's superior is the Kepala Dinas.
    assert kinds(organization["kadis"]) == [NotificationKind.ESCALATION] * 3
    assert kinds(organization["kabid.aptika"]) == [NotificationKind.OVERDUE]


def test_command_is_idempotent_and_accepts_now(
    organization, run, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--now", "2026-11-27T09:00:00+08:00", stdout=out)
        call_command("send_reminders", "--now", "2026-11-27T09:15:00+08:00", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("reminders=0 overdue=1 escalations=1")
    assert lines[1].startswith("reminders=0 overdue=0 escalations=0")
    assert len(mail.outbox) == 2


def test_completed_tasks_are_left_alone(organization, run):
    from .. import engine

    task = open_task(run, 1)
    engine.task_complete(actor=task.assignee, task=task, now=wita(2026, 11, 26, 15, 10))
    # Step 2 (1 jam from Thursday 15:10) is due Friday 07:40; step 1 is done.
    result = send_reminders(now=wita(2026, 11, 27, 9, 0))
    assert (result.overdue, result.escalations) == (1, 1)
    task.refresh_from_db()
    assert task.escalated_at is None
