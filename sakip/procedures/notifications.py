"""In-app notifications about tasks, also sent by e-mail once the transaction commits.

Messages are written in the installation's language (settings.LANGUAGE_CODE, Indonesian) whatever
the language of the request that caused them: a notification is read later, by someone else.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from sakip.accounts.addresses import email_address
from sakip.accounts.models import User
from sakip.audit.services import audit_record
from sakip.core.signals import rows_written
from sakip.core.templatetags.sakip_format import format_moment as core_format_moment

from .choices import NotificationKind, TaskKind, TaskStatus
from .models import Notification, Task

logger = logging.getLogger(__name__)


def format_moment(moment: Any, *, with_zone: bool = True) -> str:
    """ "Jumat, 27 November 2026 08:30 WITA" (sakip_format.format_moment); "—" for no time, as
    messages and mails print it."""
    return core_format_moment(moment, with_zone=with_zone) or "—"


def task_label(task: Task) -> str:
    """ "Langkah 4 — Mengisi form RKT kegiatan (Bidang IKP)" for messages and mails; a unit's
    answer to a request is no SOP step: "Menyampaikan data yang diminta … (Bidang IKP)"."""
    if task.kind == TaskKind.SUPPLY:
        label = task.activity
    else:
        label = _("Langkah %(number)s — %(activity)s") % {
            "number": task.step.number,
            "activity": task.step.activity,
        }
    if task.unit is not None:
        label = f"{label} ({task.unit.name})"
    return label


def _message(kind: str, task: Task, extra: str) -> str:
    context = {
        "task": task_label(task),
        "run": task.run.title,
        "deadline": format_moment(task.deadline),
        "extra": extra,
    }
    if kind == NotificationKind.ASSIGNED:
        text = _("Tugas baru: %(task)s pada “%(run)s”. Tenggat: %(deadline)s.")
    elif kind == NotificationKind.REMINDER:
        text = _("Pengingat: tenggat %(task)s pada “%(run)s” segera berakhir (%(deadline)s).")
    elif kind == NotificationKind.OVERDUE:
        text = _("Terlambat: %(task)s pada “%(run)s” melewati tenggat %(deadline)s.")
    elif kind == NotificationKind.ESCALATION:
        text = _(
            "Eskalasi: %(task)s pada “%(run)s” yang dikerjakan %(extra)s melewati tenggat "
            "%(deadline)s."
        )
    elif task.status == TaskStatus.OPEN:  # RETURNED, with the new task of the correction
        text = _(
            "Dikembalikan untuk diperbaiki: %(task)s pada “%(run)s”. Catatan: %(extra)s. "
            "Tenggat baru: %(deadline)s."
        )
    else:  # RETURNED data whose task is already done (SOP 2 verification): no new deadline
        text = _("Dikembalikan untuk diperbaiki: %(task)s pada “%(run)s”. Catatan: %(extra)s.")
    return text % context


def notify(*, user: User, task: Task, kind: str, extra: str = "") -> Notification:
    """Create one notification for `user` about `task` and e-mail it after the commit.

    One event notifies a person once: when (user, task, kind) is already notified, that
    notification is returned and nothing new is sent (the database refuses a duplicate too, for
    two requests racing past the check).
    """
    existing = Notification.objects.filter(user=user, task=task, kind=kind).first()
    if existing is not None:
        return existing
    # The note is quoted inside a sentence that ends with its own full stop.
    extra = extra.strip().rstrip(".")
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(kind, task, extra)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, task=task, kind=kind, message=message
            )
    except IntegrityError:
        return Notification.objects.get(user=user, task=task, kind=kind)
    queue_notification_email(notification.pk)
    return notification


def queue_notification_email(notification_id: int) -> None:
    """Mail the notification through the task queue once the transaction commits: a slow or
    unreachable mail server never holds a request (EMAIL_TIMEOUT bounds the worker's wait)."""
    transaction.on_commit(partial(_enqueue_email, notification_id))


def _enqueue_email(notification_id: int) -> None:
    try:
        send_notification_email_task.enqueue(notification_id)
    except Exception:  # the queue is down: the in-app notification stands all the same
        logger.exception("Queuing the e-mail of notification %s failed", notification_id)


@task()
def send_notification_email_task(notification_id: int) -> None:
    send_notification_email(notification_id)


def notifications_mark_read(*, user: User, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or, without `pk`, all unread ones) as read; returns
    how many changed. Someone else's notification is never touched."""
    own = Notification.objects.filter(user=user)
    chosen = own.filter(pk=pk) if pk is not None else own.filter(read_at__isnull=True)
    changed = chosen.update(read_at=timezone.now())
    if changed:
        rows_written.send(sender=Notification)  # update() sends no post_save (data stamps)
    return changed


def send_notification_email(notification_id: int) -> bool:
    """Send one notification by e-mail (once); a mail server error is logged, never raised."""
    notification = (
        Notification.objects.select_related(
            "user__employee", "task__run", "task__step", "task__unit"
        )
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    address = email_address(notification.user)
    if not address:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "notification": notification,
            "task": notification.task,
            "user": notification.user,
            "kind_label": notification.get_kind_display(),
            "task_url": _absolute(
                reverse("procedures:task_detail", args=[notification.task_id])
                if notification.task_id
                else reverse("procedures:inbox")
            ),
            "inbox_url": _absolute(reverse("procedures:inbox")),
        }
        subject = " ".join(
            str(render_to_string("procedures/runs/email_subject.txt", context)).split()
        )
        body = render_to_string("procedures/runs/email_body.txt", context)
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # the mail server is down: the in-app message is there all the same
        logger.exception("Sending notification %s by e-mail failed", notification_id)
        return False
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    rows_written.send(sender=Notification)  # update() sends no post_save (data stamps)
    return True


def _absolute(path: str) -> str:
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    return f"{base}{path}"


# --- reminders and escalation (run periodically by `manage.py send_reminders`) -----------------


@dataclass
class ReminderResult:
    reminded: int = 0
    overdue: int = 0
    escalations: int = 0


def reminder_before_minutes() -> int:
    return int(getattr(settings, "REMINDER_BEFORE_MINUTES", 60))


def send_reminders(*, now: datetime.datetime | None = None) -> ReminderResult:
    """Remind assignees of open tasks close to their deadline, and report overdue tasks to the
    assignee and to the holders of the assignee's superior position. Idempotent: each task is
    reminded once and escalated once (reminded_at, escalated_at)."""
    from .calendar import Calendars
    from .lanes import superiors_of
    from .working_time import working_minutes_between

    now = now or timezone.now()
    threshold = reminder_before_minutes()
    result = ReminderResult()
    calendars = Calendars()
    candidates = (
        Task.objects.filter(
            status=TaskStatus.OPEN, deadline__isnull=False, escalated_at__isnull=True
        )
        .select_related("run__agency", "step", "unit", "assignee")
        .order_by("deadline", "pk")
    )
    for candidate in candidates:
        agency = candidate.run.agency
        calendar = calendars.for_agency(agency)
        with transaction.atomic():
            task = (
                Task.objects.select_for_update()
                .filter(pk=candidate.pk, status=TaskStatus.OPEN)
                .first()
            )
            if task is None or task.escalated_at is not None or task.deadline is None:
                continue
            deadline = task.deadline
            task.run, task.step, task.unit, task.assignee = (
                candidate.run,
                candidate.step,
                candidate.unit,
                candidate.assignee,
            )
            if now >= deadline:
                notify(user=task.assignee, task=task, kind=NotificationKind.OVERDUE)
                result.overdue += 1
                superiors = superiors_of(
                    task.assignee, agency=agency, unit=task.unit, on=timezone.localdate(now)
                )
                for superior in superiors:
                    notify(
                        user=superior,
                        task=task,
                        kind=NotificationKind.ESCALATION,
                        extra=task.assignee.display_name,
                    )
                    result.escalations += 1
                task.escalated_at = now
                task.save(update_fields=["escalated_at", "updated_at"])
                audit_record(
                    actor=None,
                    instance=task,
                    action="escalate",
                    changes={"escalated_to": [None, [str(u) for u in superiors]]},
                )
            elif task.reminded_at is None:
                left = working_minutes_between(now, deadline, calendar)
                if left >= threshold:
                    continue
                notify(user=task.assignee, task=task, kind=NotificationKind.REMINDER)
                result.reminded += 1
                task.reminded_at = now
                task.save(update_fields=["reminded_at", "updated_at"])
                audit_record(actor=None, instance=task, action="remind")
    return result
