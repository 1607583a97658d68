"""Issue 9: e-mail leaves through the task queue after the commit, with a timeout, never inside
the request's transaction; a mail server that fails never fails the action that notified."""

import pytest
from django.conf import settings
from django.core import mail

from .. import notifications
from ..choices import NotificationKind
from ..notifications import notify, send_notification_email_task
from .factories import make_two_step_sop, start_run, wita

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(organization):
    staf = organization["staf.evaluasi"]
    staf.email = "staf.evaluasi@dinas.go.id"
    staf.save()
    run = start_run(organization, make_two_step_sop(organization.agency), now=wita(2026, 11, 26, 9))
    return run.tasks.get(assignee=staf)


def test_no_mail_inside_the_transaction_one_through_the_queue_after_it(
    organization, task, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []

    class Spy:  # the real task, counting what is queued
        def enqueue(self, *args):
            queued.append(args)
            return send_notification_email_task.enqueue(*args)

    monkeypatch.setattr(notifications, "send_notification_email_task", Spy())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        notify(user=task.assignee, task=task, kind=NotificationKind.REMINDER)
        assert mail.outbox == []  # nothing leaves while the transaction is open
    assert mail.outbox == [] and queued == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in after_commit:
            callback()
    assert len(queued) == 1  # through the task queue
    (message,) = mail.outbox
    assert message.to == ["staf.evaluasi@dinas.go.id"]


def test_a_failing_mail_server_does_not_fail_the_action(
    organization, task, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "sakip.procedures.tests.test_mail_queue.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(user=task.assignee, task=task, kind=NotificationKind.REMINDER)
    notification.refresh_from_db()
    assert notification.emailed_at is None  # not sent, logged; the in-app message stands


def test_the_mail_server_has_a_timeout():
    assert isinstance(settings.EMAIL_TIMEOUT, int) and 0 < settings.EMAIL_TIMEOUT <= 60


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise TimeoutError("the mail server does not answer")
